-- name:    worklist_total
-- purpose: how many worklist candidates there are in all (the same pattern as worklist_candidates, uncut)
-- param:   target         edition   one        the edition to write for
-- param:   min_articles   integer   one        K: the fewest Wikipedia articles a candidate has
-- param:   source         edition   optional   source editions: an article in any of them qualifies; absent: any
-- returns: total
-- split:   total
-- partition: after person_filters
SELECT COUNT(*) AS total
FROM person_facts AS pop
WHERE pop.articles > 0 AND pop.articles >= $min_articles
  AND pop.person_id NOT IN (
    SELECT person_id FROM population WHERE site_id IN (SELECT site_id FROM sites WHERE iri = $target)
  )
--@begin source
  AND pop.person_id IN (
    SELECT person_id FROM articles WHERE site_id IN (SELECT site_id FROM sites WHERE list_contains($source, iri))
  )
--@end source
  --@include person_filters

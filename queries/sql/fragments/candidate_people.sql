-- fragment: candidate_people
-- purpose:  the FROM and WHERE of the worklist candidates before any person filter, as `pop` rows of person_facts:
-- purpose:  no article in the target edition, at least K articles (or one in a source edition); included by
-- purpose:  candidate_population (with the person filters) and by worklist_listeria (which takes none)
-- param:    target         edition   one        the edition to write for
-- param:    min_articles   integer   one        K: the fewest Wikipedia articles a candidate has
-- param:    source         edition   optional   source editions: an article in any of them qualifies; absent: any
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

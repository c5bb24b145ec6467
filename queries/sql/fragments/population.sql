-- fragment: population
-- purpose:  one row per Wikipedia edition x human with an article there (or one pooled population, site 'all'),
-- purpose:  as `pop`, carrying the person's columns decided at build time (docs/store-format.md: person_facts)
-- param:    site      edition   optional   the editions to count; absent: every Wikipedia edition
-- param:    pooled    token     flag       count all people in the data as one population, site "all"
-- param:    partition integer   range      only people whose QID number is in this range (a partition of a split query)
--@begin pooled
SELECT 'all' AS site, pop.* FROM person_facts AS pop WHERE pop.articles > 0
--@else pooled
SELECT sites.iri AS site, pop.* EXCLUDE (site_id)
FROM population AS pop JOIN sites ON sites.site_id = pop.site_id
WHERE TRUE
--@begin site
  -- the editions as site ids first: population is sorted by site_id, so the scan skips the other editions
  AND pop.site_id IN (SELECT site_id FROM sites WHERE list_contains($site, iri))
--@end site
--@end pooled
--@begin partition
  AND ($partition_from::BIGINT IS NULL OR pop.qid >= $partition_from)
  AND ($partition_to::BIGINT IS NULL OR pop.qid <= $partition_to)
--@end partition

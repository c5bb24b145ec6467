-- name:    edition_sizes
-- purpose: the population of every Wikipedia edition in the data (to rank editions, largest first)
-- returns: site, people
SELECT sites.iri AS site, COUNT(*) AS people
FROM population AS pop JOIN sites ON sites.site_id = pop.site_id
GROUP BY sites.iri

-- name:    edition_sizes
-- purpose: the population of every Wikipedia edition in the data (to rank editions, largest first)
-- returns: site, people
-- note:    counted per integer site id first, the IRIs joined to the counts (not one IRI per counted row)
WITH sizes AS (SELECT site_id, COUNT(*) AS people FROM population GROUP BY site_id)
SELECT sites.iri AS site, sizes.people
FROM sizes JOIN sites ON sites.site_id = sizes.site_id

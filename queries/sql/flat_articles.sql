-- name:    flat_articles
-- purpose: one row per human and Wikipedia site with an article: the flat extraction for the pandas benchmark twin
-- returns: person, site
SELECT 'Q' || pop.qid AS person, sites.iri AS site
FROM population AS pop JOIN sites ON sites.site_id = pop.site_id

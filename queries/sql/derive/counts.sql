-- name:    counts
-- purpose: the manifest's counts: people, Wikipedia sitelinks, editions with a biography, triples of the RDF model
-- returns: people, sitelinks, editions, triples
SELECT
    (SELECT count(*) FROM people),
    (SELECT count(*) FROM population),
    (SELECT count(DISTINCT site_id) FROM population),
    (SELECT count(*) FROM sites WHERE wiki_group IS NOT NULL)
    + (SELECT count(*) + count(sitelinks) FROM people)
    + (SELECT count(*) FROM gender_values) + (SELECT count(*) FROM citizenships)
    + (SELECT count(*) FROM occupations) + (SELECT count(*) FROM birth_dates)
    + (SELECT count(*) FROM death_dates) + (SELECT count(*) FROM subclass_of)
    + (SELECT count(*) FROM labels) + (SELECT count(*) FROM descriptions)
    + (SELECT 2 * count(*) + count(in_language) + count(title) FROM articles)
    + (SELECT count(*) FROM extra_triples)
    + (SELECT count(*) FROM article_badges) + (SELECT count(*) FROM described_by)
    + (SELECT count(*) FROM authority_ids) + (SELECT count(*) FROM images) + (SELECT count(*) FROM aliases);

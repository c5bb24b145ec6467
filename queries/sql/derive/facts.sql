-- name:    facts
-- purpose: the fact tables of docs/store-format.md from the staging tables; what fits no table -> extra_triples
CREATE TABLE people AS
WITH humans AS (
    SELECT qid FROM in_people
    UNION
    SELECT qid FROM in_statements WHERE pid = 31 AND object = 5
),
counted AS (
    SELECT qid, max(sitelinks) AS sitelinks FROM (
        SELECT qid, sitelinks FROM in_people WHERE sitelinks IS NOT NULL
        UNION ALL
        SELECT qid, sitelinks FROM in_sitelinks
    ) GROUP BY qid
)
SELECT (row_number() OVER (ORDER BY h.qid) - 1)::INTEGER AS person_id, h.qid, c.sitelinks::INTEGER AS sitelinks
FROM humans AS h LEFT JOIN counted AS c USING (qid)
ORDER BY h.qid;

CREATE TEMP TABLE statements AS
SELECT DISTINCT s.*, p.person_id
FROM in_statements AS s LEFT JOIN people AS p USING (qid);

CREATE TABLE gender_values AS
SELECT person_id, object AS value, unknown FROM statements
WHERE pid = 21 AND person_id IS NOT NULL AND (object IS NOT NULL OR unknown IS NOT NULL)
ORDER BY person_id, value NULLS LAST, unknown;

CREATE TABLE citizenships AS
SELECT person_id, object AS country, unknown FROM statements
WHERE pid = 27 AND person_id IS NOT NULL AND (object IS NOT NULL OR unknown IS NOT NULL)
ORDER BY person_id, country NULLS LAST, unknown;

CREATE TABLE occupations AS
SELECT person_id, object AS occupation, unknown FROM statements
WHERE pid = 106 AND person_id IS NOT NULL AND (object IS NOT NULL OR unknown IS NOT NULL)
ORDER BY person_id, occupation NULLS LAST, unknown;

-- the historical year of an XSD 1.1 year: XSD 0000 is 1 BCE (-1), -0468 is 469 BCE (-469)
CREATE MACRO historical_year(lexical) AS
    CASE WHEN CAST(regexp_extract(lexical, '^(-?[0-9]+)-', 1) AS INTEGER) <= 0
         THEN CAST(regexp_extract(lexical, '^(-?[0-9]+)-', 1) AS INTEGER) - 1
         ELSE CAST(regexp_extract(lexical, '^(-?[0-9]+)-', 1) AS INTEGER) END;

CREATE TABLE birth_dates AS
SELECT person_id, value, historical_year(value)::INTEGER AS year, unknown FROM statements
WHERE pid = 569 AND person_id IS NOT NULL AND (value IS NOT NULL OR unknown IS NOT NULL)
ORDER BY person_id, value NULLS LAST, unknown;

CREATE TABLE death_dates AS
SELECT person_id, value, historical_year(value)::INTEGER AS year, unknown FROM statements
WHERE pid = 570 AND person_id IS NOT NULL AND (value IS NOT NULL OR unknown IS NOT NULL)
ORDER BY person_id, value NULLS LAST, unknown;

CREATE TABLE subclass_of AS
SELECT DISTINCT qid, object AS parent FROM statements WHERE pid = 279 AND object IS NOT NULL
ORDER BY qid, parent;

-- statements that found no table: written back verbatim by export
INSERT INTO extra_triples
SELECT '<http://www.wikidata.org/entity/Q' || qid || '> <http://www.wikidata.org/prop/direct/P' || pid || '> ' ||
    CASE WHEN object IS NOT NULL THEN '<http://www.wikidata.org/entity/Q' || object || '>'
         WHEN unknown IS NOT NULL AND starts_with(unknown, '_:') THEN unknown
         WHEN unknown IS NOT NULL THEN '<' || unknown || '>'
         WHEN value IS NOT NULL THEN '"' || value || '"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
         ELSE raw END || ' .'
FROM statements
WHERE NOT (
    (pid = 31 AND object = 5)
    OR (pid = 279 AND object IS NOT NULL)
    OR (person_id IS NOT NULL AND pid IN (21, 27, 106) AND (object IS NOT NULL OR unknown IS NOT NULL))
    OR (person_id IS NOT NULL AND pid IN (569, 570) AND (value IS NOT NULL OR unknown IS NOT NULL))
);

INSERT INTO extra_triples
SELECT '<http://www.wikidata.org/entity/Q' || s.qid || '> <http://wikiba.se/ontology#sitelinks> "' || s.sitelinks ||
    '"^^<http://www.w3.org/2001/XMLSchema#integer> .'
FROM (SELECT DISTINCT qid, sitelinks FROM in_sitelinks) AS s LEFT JOIN people AS p USING (qid)
WHERE p.qid IS NULL OR p.sitelinks IS DISTINCT FROM s.sitelinks;

-- articles given as triples: complete ones (one about a person, one site, at most one language and name) become rows
CREATE TEMP TABLE article_shapes AS
SELECT iri,
    count(*) FILTER (WHERE pred = 1) AS abouts,
    count(*) FILTER (WHERE pred = 2) AS parts,
    count(*) FILTER (WHERE pred = 3) AS languages,
    count(*) FILTER (WHERE pred = 4) AS names,
    any_value(object) FILTER (WHERE pred = 1) AS qid,
    any_value(value) FILTER (WHERE pred = 2) AS site_iri,
    any_value(value) FILTER (WHERE pred = 3) AS in_language,
    any_value(value) FILTER (WHERE pred = 4) AS title,
    any_value(lang) FILTER (WHERE pred = 4) AS title_lang
FROM (SELECT DISTINCT * FROM in_article_triples) GROUP BY iri;

CREATE TEMP TABLE article_rows AS
SELECT a.iri, p.person_id, a.site_iri, a.title, a.title_lang, a.in_language
FROM (
    SELECT iri, qid, site_iri, title, title_lang, in_language FROM article_shapes
    WHERE abouts = 1 AND parts = 1 AND languages <= 1 AND names <= 1
    UNION ALL
    SELECT iri, qid, site_iri, title, title_lang, in_language FROM in_articles
) AS a JOIN people AS p USING (qid);

INSERT INTO extra_triples
SELECT '<' || t.iri || '> <http://schema.org/' ||
    CASE t.pred WHEN 1 THEN 'about' WHEN 2 THEN 'isPartOf' WHEN 3 THEN 'inLanguage' ELSE 'name' END || '> ' || t.raw || ' .'
FROM (SELECT DISTINCT * FROM in_article_triples) AS t
WHERE t.iri NOT IN (SELECT iri FROM article_rows);

CREATE TABLE sites AS
WITH named AS (
    SELECT iri, min(wiki_group) AS wiki_group FROM (
        SELECT iri, wiki_group FROM in_sites
        UNION ALL
        SELECT DISTINCT site_iri, NULL FROM article_rows
    ) GROUP BY iri
)
SELECT (row_number() OVER (ORDER BY iri) - 1)::SMALLINT AS site_id, iri, wiki_group FROM named ORDER BY iri;

CREATE TABLE articles AS
SELECT a.person_id, s.site_id, a.iri, a.title, a.title_lang, a.in_language
FROM article_rows AS a JOIN sites AS s ON s.iri = a.site_iri
ORDER BY a.person_id, s.site_id, a.iri;

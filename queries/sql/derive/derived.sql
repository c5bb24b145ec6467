-- name:    derived
-- purpose: per-person columns decided at build time by DESIGN.md's definitions, one row per edition x person,
--          and the occupation closure (docs/store-format.md, "Derived tables")
CREATE TABLE sorted_labels AS SELECT DISTINCT * FROM labels ORDER BY qid, lang, text;
DROP TABLE labels;
ALTER TABLE sorted_labels RENAME TO labels;
CREATE TABLE sorted_descriptions AS SELECT DISTINCT * FROM descriptions ORDER BY qid, lang, text;
DROP TABLE descriptions;
ALTER TABLE sorted_descriptions RENAME TO descriptions;

CREATE TABLE person_facts AS
WITH genders AS (
    -- "unknown value" is ignored beside known values; a value missing from the table is "other"
    SELECT g.person_id, count(*) AS known,
        min(coalesce(t.gender_group, 'other')) AS low, max(coalesce(t.gender_group, 'other')) AS high
    FROM gender_values AS g LEFT JOIN shipped_gender_groups AS t USING (value)
    WHERE g.value IS NOT NULL GROUP BY g.person_id
),
births AS (
    SELECT person_id, min(year) AS low, max(year) AS high FROM birth_dates
    WHERE value IS NOT NULL GROUP BY person_id
),
deaths AS (
    -- COUNT(?death) counts an unknown value too: any P570 row means "has died"
    SELECT person_id, min(year) AS low, max(year) AS high FROM death_dates GROUP BY person_id
),
editions AS (
    SELECT a.person_id, count(DISTINCT a.site_id) AS articles
    FROM articles AS a JOIN sites AS s USING (site_id) WHERE s.wiki_group = 'wikipedia' GROUP BY a.person_id
)
SELECT p.person_id, p.qid,
    CASE WHEN g.known IS NULL THEN 'no_gender' WHEN g.low = g.high THEN g.low ELSE 'other' END AS gender_group,
    CASE WHEN b.low = b.high THEN b.low END::INTEGER AS birth_year,
    b.person_id IS NOT NULL AS birth_known,
    d.person_id IS NOT NULL AS has_death,
    CASE WHEN d.low = d.high THEN d.low END::INTEGER AS death_year,
    coalesce(e.articles, 0)::INTEGER AS articles,
    g.person_id IS NOT NULL AS has_gender,
    p.person_id IN (SELECT person_id FROM citizenships WHERE country IS NOT NULL) AS has_country,
    b.person_id IS NOT NULL AS has_birth,
    p.person_id IN (SELECT person_id FROM occupations WHERE occupation IS NOT NULL) AS has_occupation
FROM people AS p
LEFT JOIN genders AS g USING (person_id)
LEFT JOIN births AS b USING (person_id)
LEFT JOIN deaths AS d USING (person_id)
LEFT JOIN editions AS e USING (person_id)
ORDER BY p.person_id;

CREATE TABLE person_regions AS
WITH countries AS (
    -- an unknown value counts as a country that maps nowhere, as COUNT(?country) counts it
    SELECT c.person_id, r.region FROM citizenships AS c LEFT JOIN shipped_regions AS r USING (country)
)
SELECT person_id, region FROM (
    SELECT DISTINCT person_id, region FROM countries WHERE region IS NOT NULL
    UNION ALL
    SELECT person_id, 'unmapped' FROM countries GROUP BY person_id HAVING count(region) = 0
    UNION ALL
    SELECT person_id, 'no_country' FROM people WHERE person_id NOT IN (SELECT person_id FROM citizenships)
) ORDER BY person_id, region;

CREATE TABLE population AS
SELECT w.site_id, f.*
FROM (
    SELECT DISTINCT a.site_id, a.person_id
    FROM articles AS a JOIN sites AS s USING (site_id) WHERE s.wiki_group = 'wikipedia'
) AS w JOIN person_facts AS f USING (person_id)
ORDER BY w.site_id, w.person_id;

CREATE TABLE subclass_closure AS
WITH RECURSIVE up(qid, ancestor) AS (
    SELECT qid, qid FROM (
        SELECT occupation AS qid FROM occupations WHERE occupation IS NOT NULL
        UNION SELECT qid FROM subclass_of
        UNION SELECT parent FROM subclass_of
    )
    UNION
    SELECT up.qid, s.parent FROM up JOIN subclass_of AS s ON s.qid = up.ancestor
)
SELECT qid, ancestor FROM up ORDER BY qid, ancestor;

DROP TABLE in_people;
DROP TABLE in_sitelinks;
DROP TABLE in_statements;
DROP TABLE in_sites;
DROP TABLE in_articles;
DROP TABLE in_article_triples;

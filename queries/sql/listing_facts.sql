-- name:    listing_facts
-- purpose: the occupations and countries of listed people with their labels, for an export's sections and
-- purpose: disambiguated red links
-- param:   person     qid        list   the listed people
-- param:   language   language   list   the label languages: the edition's content language, mul and English
-- returns: person, fact, value, label, lang
-- note:    unknown values are rows with a NULL value column: left out, as the SPARQL file leaves them out
WITH listed AS (
  SELECT person_id, qid FROM people WHERE qid IN (SELECT unnest($person))
),
facts AS (
  SELECT DISTINCT listed.qid AS person, 'occupation' AS fact, o.occupation AS value
  FROM listed JOIN occupations AS o ON o.person_id = listed.person_id WHERE o.occupation IS NOT NULL
  UNION
  SELECT DISTINCT listed.qid, 'country', c.country
  FROM listed JOIN citizenships AS c ON c.person_id = listed.person_id WHERE c.country IS NOT NULL
)
SELECT 'Q' || facts.person AS person, facts.fact, 'Q' || facts.value AS value, l.text AS label, l.lang AS lang
FROM facts LEFT JOIN labels AS l ON l.qid = facts.value AND list_contains($language, l.lang)

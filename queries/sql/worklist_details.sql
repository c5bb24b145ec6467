-- name:    worklist_details
-- purpose: what a worklist shows about each listed person: labels, descriptions, gender, countries, dates, articles
-- param:   person     qid        list   the listed people
-- param:   language   language   list   the target edition's content language, mul and English (labels, descriptions)
-- returns: person, fact, value, detail, title
-- note:    badge (value = site, detail = badge QID), reference_work (P1343), authority_id (detail = property)
-- note:    value is text or a number (born/died), as the SPARQL answer gives it (a UNION column); the listed
-- note:    people become integer person ids once, so every fact table is read by id, not by string keys
WITH listed AS (
  SELECT person_id, qid FROM people WHERE qid IN (SELECT unnest($person))
),
country_names AS (
  SELECT qid, arg_min(text, CASE lang WHEN 'en' THEN 0 ELSE 1 END) AS label
  FROM labels WHERE lang IN ('en', 'mul')
    AND qid IN (SELECT country FROM citizenships WHERE person_id IN (SELECT person_id FROM listed))
  GROUP BY qid
),
facts AS (
  SELECT listed.qid, 'label' AS fact, union_value(s := l.text)::UNION(n BIGINT, s VARCHAR) AS value,
         l.lang AS detail, NULL::VARCHAR AS title
  FROM listed JOIN labels AS l ON l.qid = listed.qid WHERE list_contains($language, l.lang)
  UNION ALL
  SELECT listed.qid, 'description', union_value(s := d.text), d.lang, NULL
  FROM listed JOIN descriptions AS d ON d.qid = listed.qid WHERE list_contains($language, d.lang)
  UNION ALL
  SELECT listed.qid, 'gender', union_value(s := COALESCE('Q' || g.value, 'unknown_value')), NULL, NULL
  FROM listed JOIN gender_values AS g ON g.person_id = listed.person_id
  UNION ALL
  SELECT listed.qid, 'country', union_value(s := COALESCE('Q' || c.country, 'unknown_value')),
         COALESCE(country_names.label, ''), NULL
  FROM listed JOIN citizenships AS c ON c.person_id = listed.person_id
  LEFT JOIN country_names ON country_names.qid = c.country
  UNION ALL
  SELECT listed.qid, 'born', union_value(n := b.year::BIGINT), NULL, NULL
  FROM listed JOIN birth_dates AS b ON b.person_id = listed.person_id
  UNION ALL
  SELECT listed.qid, 'died', union_value(n := d.year::BIGINT), NULL, NULL
  FROM listed JOIN death_dates AS d ON d.person_id = listed.person_id
  UNION ALL
  SELECT listed.qid, 'article', union_value(s := sites.iri), a.iri, a.title
  FROM listed JOIN articles AS a ON a.person_id = listed.person_id
  JOIN sites ON sites.site_id = a.site_id AND sites.wiki_group = 'wikipedia'
  UNION ALL
  SELECT DISTINCT listed.qid, 'badge', union_value(s := sites.iri), 'Q' || b.badge, NULL
  FROM listed JOIN article_badges AS b ON b.person_id = listed.person_id
  JOIN sites ON sites.site_id = b.site_id AND sites.wiki_group = 'wikipedia'
  WHERE b.badge IN (17437796, 17437798)
  UNION ALL
  SELECT listed.qid, 'reference_work', union_value(s := COALESCE('Q' || r.source, 'unknown_value')), NULL, NULL
  FROM listed JOIN described_by AS r ON r.person_id = listed.person_id
  UNION ALL
  SELECT listed.qid, 'authority_id', union_value(s := i.value), 'P' || i.pid, NULL
  FROM listed JOIN authority_ids AS i ON i.person_id = listed.person_id
)
SELECT 'Q' || qid AS person, fact, value, detail, title FROM facts

-- name:    flat_gender_values
-- purpose: one row per human and known P21 value (none: no row): the flat extraction for the pandas benchmark twin
-- returns: person, value
SELECT DISTINCT 'Q' || people.qid AS person, 'Q' || g.value AS value
FROM gender_values AS g JOIN people ON people.person_id = g.person_id
WHERE g.value IS NOT NULL

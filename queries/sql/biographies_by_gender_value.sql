-- name:    biographies_by_gender_value
-- purpose: humans with an article in each edition, counted once per known P21 value (raw mode)
-- returns: site, gender, people
-- split:   people
WITH pop AS (
  --@include population
  --@include person_filters
)
SELECT pop.site, 'Q' || g.value AS gender, COUNT(DISTINCT pop.person_id) AS people
FROM pop JOIN gender_values AS g ON g.person_id = pop.person_id
WHERE g.value IS NOT NULL                           -- "unknown value" is left out
GROUP BY pop.site, g.value

-- name:    biographies_with_property
-- purpose: humans with an article in each edition that have a known value of P21, P27, P569 and P106 (coverage)
-- returns: site, property, known
-- split:   known
-- note:    "known" flags were decided at build time: a value that is not "unknown value"
WITH pop AS (
  --@include population
  --@include person_filters
),
flags AS (
  SELECT site, 'P21' AS property FROM pop WHERE has_gender
  UNION ALL SELECT site, 'P27' FROM pop WHERE has_country
  UNION ALL SELECT site, 'P569' FROM pop WHERE has_birth
  UNION ALL SELECT site, 'P106' FROM pop WHERE has_occupation
)
SELECT site, property, COUNT(*) AS known FROM flags GROUP BY site, property

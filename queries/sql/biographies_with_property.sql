-- name:    biographies_with_property
-- purpose: humans with an article in each edition that have a known value of P21, P27, P569 and P106 (coverage)
-- returns: site, property, known
-- split:   known
-- note:    "known" flags were decided at build time: a value that is not "unknown value"
-- note:    one scan counting the four flags per site, turned into rows after the count (not four filtered
-- note:    copies of every row grouped again: 6.9M rows at 3M people); a property nobody has gives no row
WITH pop AS (
  --@include population
  --@include person_filters
),
counted AS (
  SELECT site, count_if(has_gender)::BIGINT AS "P21", count_if(has_country)::BIGINT AS "P27",
         count_if(has_birth)::BIGINT AS "P569",
         count_if(has_occupation)::BIGINT AS "P106"
  FROM pop GROUP BY site
)
SELECT site, property, known FROM (UNPIVOT counted ON "P21", "P27", "P569", "P106" INTO NAME property VALUE known)
WHERE known > 0

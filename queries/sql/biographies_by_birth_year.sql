-- name:    biographies_by_birth_year
-- purpose: humans with an article in each edition by historical birth year and gender group
-- param:   gender_groups  qid,token   table      value,gender_group   P21 value -> gender group (shipped table)
-- returns: site, birth_year, gender, people
-- split:   people
-- note:    birth_year is a number or the text "unknown", as the SPARQL answer gives it (a UNION column)
WITH pop AS (
  --@include population
  --@include person_filters
)
SELECT pop.site,
       CASE WHEN pop.birth_year IS NULL THEN union_value(s := 'unknown')::UNION(n BIGINT, s VARCHAR)
            ELSE union_value(n := pop.birth_year::BIGINT)::UNION(n BIGINT, s VARCHAR) END AS birth_year,
       pop.gender_group AS gender, COUNT(*) AS people
FROM pop
GROUP BY pop.site, pop.birth_year, pop.gender_group

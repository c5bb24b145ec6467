-- name:    biographies_by_region
-- purpose: humans with an article in each edition by region of their countries of citizenship and by gender group
-- param:   regions        qid,qid     table      country,mapped_region   country -> continent (shipped table)
-- param:   gender_groups  qid,token   table      value,gender_group      P21 value -> gender group (shipped table)
-- returns: site, region, gender, people
-- split:   people
-- note:    person_regions holds one row per distinct region of each person (unmapped, no_country included)
WITH pop AS (
  --@include population
  --@include person_filters
)
SELECT pop.site, r.region, pop.gender_group AS gender, COUNT(*) AS people
FROM pop JOIN person_regions AS r ON r.person_id = pop.person_id
GROUP BY pop.site, r.region, pop.gender_group

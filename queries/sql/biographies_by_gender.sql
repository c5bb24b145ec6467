-- name:    biographies_by_gender
-- purpose: humans with an article in each edition, counted once each in one gender group decided from all their P21 values
-- param:   gender_groups  qid,token   table      value,gender_group   P21 value -> gender group (shipped table)
-- returns: site, gender, people
-- split:   people
-- note:    the group of each person was decided at build time by the shipped table (person_facts.gender_group)
WITH pop AS (
  --@include population
  --@include person_filters
)
SELECT pop.site, pop.gender_group AS gender, COUNT(*) AS people
FROM pop
GROUP BY pop.site, pop.gender_group

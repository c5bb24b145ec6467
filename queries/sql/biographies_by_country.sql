-- name:    biographies_by_country
-- purpose: humans with an article in each edition by each of their countries of citizenship (P27) and gender group
-- param:   gender_groups  qid,token   table      value,gender_group   P21 value -> gender group (shipped table)
-- returns: site, country, country_label, gender, people
-- split:   people
-- note:    counted on integer ids; an unknown-value P27 has no country id and is not listed; labels (English,
-- note:    else mul) joined to the few counted rows
WITH pop AS (
  --@include population
  --@include person_filters
),
held AS (SELECT DISTINCT person_id, country FROM citizenships WHERE country IS NOT NULL),
counted AS (
  SELECT pop.site, held.country, pop.gender_group AS gender, COUNT(*) AS people
  FROM pop JOIN held ON held.person_id = pop.person_id
  GROUP BY pop.site, held.country, pop.gender_group
),
named AS (
  SELECT qid, arg_min(text, CASE lang WHEN 'en' THEN 0 ELSE 1 END) AS label
  FROM labels WHERE lang IN ('en', 'mul') AND qid IN (SELECT country FROM counted)
  GROUP BY qid
)
SELECT counted.site, 'Q' || counted.country AS country, named.label AS country_label, counted.gender, counted.people
FROM counted LEFT JOIN named ON named.qid = counted.country

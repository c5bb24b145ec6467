-- name:    biographies_by_occupation
-- purpose: humans with an article in each edition by their own occupations (P106) and gender group
-- param:   gender_groups  qid,token   table      value,gender_group   P21 value -> gender group (shipped table)
-- returns: site, occupation, occupation_label, gender, people
-- split:   people
-- note:    counted on integer ids first; the labels (English, else mul) are joined to the few counted rows
WITH pop AS (
  --@include population
  --@include person_filters
),
-- A fact table holds each triple once, so no DISTINCT (it cost a hash over every P106 row, 5.6 s of 7.4 s at 3M)
held AS (SELECT person_id, occupation FROM occupations WHERE occupation IS NOT NULL),
counted AS (
  SELECT pop.site, held.occupation, pop.gender_group AS gender, COUNT(*) AS people
  FROM pop LEFT JOIN held ON held.person_id = pop.person_id
  GROUP BY pop.site, held.occupation, pop.gender_group
),
named AS (
  SELECT qid, arg_min(text, CASE lang WHEN 'en' THEN 0 ELSE 1 END) AS label
  FROM labels WHERE lang IN ('en', 'mul') AND qid IN (SELECT occupation FROM counted)
  GROUP BY qid
)
SELECT counted.site, COALESCE('Q' || counted.occupation, 'no_occupation') AS occupation,
       named.label AS occupation_label, counted.gender, counted.people
FROM counted LEFT JOIN named ON named.qid = counted.occupation

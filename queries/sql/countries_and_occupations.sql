-- name:    countries_and_occupations
-- purpose: every country of citizenship (P27) and every occupation (P106) of the humans with an article in the
-- purpose: chosen editions (or the pooled population), each with its people: the options of the pages' pickers
-- param:   narrower  token  flag  occupations: every class a held one is under (subclass_closure), with its people
-- returns: dimension, item, item_label, people
-- split:   people
-- note:    counted on integer ids first (each person once, whatever the editions); the labels (English, else
-- note:    mul) are joined to the counted items; unknown values (NULL) are left out
WITH pop AS (
  --@include population
  --@include person_filters
),
counted_people AS (SELECT DISTINCT person_id FROM pop),
held AS (
  SELECT 'country' AS dimension, country AS qid, person_id FROM citizenships WHERE country IS NOT NULL
  UNION ALL
--@begin narrower
  -- the closure is reflexive and holds every held occupation, as the occupation_tree_filter fragment uses it
  SELECT 'occupation', tree.ancestor, own.person_id
  FROM occupations AS own JOIN subclass_closure AS tree ON tree.qid = own.occupation
--@else narrower
  SELECT 'occupation', occupation, person_id FROM occupations WHERE occupation IS NOT NULL
--@end narrower
),
counted AS (
  SELECT held.dimension, held.qid, COUNT(DISTINCT held.person_id) AS people
  FROM held JOIN counted_people ON counted_people.person_id = held.person_id
  GROUP BY held.dimension, held.qid
),
named AS (
  SELECT qid, arg_min(text, CASE lang WHEN 'en' THEN 0 ELSE 1 END) AS label
  FROM labels WHERE lang IN ('en', 'mul') AND qid IN (SELECT qid FROM counted)
  GROUP BY qid
)
SELECT counted.dimension, 'Q' || counted.qid AS item, named.label AS item_label, counted.people
FROM counted LEFT JOIN named ON named.qid = counted.qid

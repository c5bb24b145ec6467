-- name:    biographies_missing_property
-- purpose: humans with an article in the edition and no known value of a property: fix-up lists
-- param:   property   property   one        the property the people lack (P21 or P27)
-- returns: site, person, label, articles
-- split:   articles
-- note:    label in English, else mul; a property without a build-time flag is refused, never answered empty
WITH pop AS (
  --@include population
  --@include person_filters
),
lacking AS (
  SELECT pop.site, pop.person_id, pop.qid, pop.articles FROM pop
  WHERE NOT COALESCE(CASE $property WHEN 'P21' THEN pop.has_gender WHEN 'P27' THEN pop.has_country
                                    WHEN 'P569' THEN pop.has_birth WHEN 'P106' THEN pop.has_occupation END,
                     error('The columnar engine lists missing values of P21, P27, P569 and P106 only.'))
),
named AS (
  SELECT qid, arg_min(text, CASE lang WHEN 'en' THEN 0 ELSE 1 END) AS label
  FROM labels WHERE lang IN ('en', 'mul') AND qid IN (SELECT qid FROM lacking)
  GROUP BY qid
)
SELECT lacking.site, 'Q' || lacking.qid AS person, named.label, lacking.articles::BIGINT AS articles
FROM lacking LEFT JOIN named ON named.qid = lacking.qid

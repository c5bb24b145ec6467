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
english AS (
  SELECT qid, text FROM labels WHERE lang = 'en' AND qid IN (SELECT qid FROM lacking)
),
mul AS (
  SELECT qid, text FROM labels WHERE lang = 'mul' AND qid IN (SELECT qid FROM lacking)
)
-- English, else mul: two joins on the integer qid, as the SPARQL file's two OPTIONALs (no group-by over the list)
SELECT lacking.site, 'Q' || lacking.qid AS person, COALESCE(english.text, mul.text) AS label,
       lacking.articles::BIGINT AS articles
FROM lacking LEFT JOIN english ON english.qid = lacking.qid LEFT JOIN mul ON mul.qid = lacking.qid

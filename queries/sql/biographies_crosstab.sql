-- name:    biographies_crosstab
-- purpose: humans with an article in each edition by the chosen axes (region, country, occupation, birth year) and gender group
-- param:   by_region      token       flag       count by region of citizenship (person_regions; else region is 'all')
-- param:   by_country     token       flag       count by each known country of citizenship (else citizenship is 'all')
-- param:   by_occupation  token       flag       count by each known own occupation (else occupation is 'all')
-- param:   by_birth_year  token       flag       count by historical birth year (person_facts; else birth_year is 'all')
-- param:   regions        qid,qid     table      country,mapped_region   applied at build time (person_regions)
-- param:   gender_groups  qid,token   table      value,gender_group      applied at build time (person_facts.gender_group)
-- returns: site, region, citizenship, citizenship_label, occupation, occupation_label, birth_year, gender, people
-- split:   people
-- note:    one row per person and distinct value on each chosen axis before counting, so COUNT(*) counts people;
-- note:    counted on integer ids first, the labels (English, else mul) joined to the few counted rows
WITH pop AS (
  --@include population
  --@include person_filters
),
counted AS (
  SELECT pop.site,
--@begin by_region
         r.region,
--@else by_region
         'all' AS region,
--@end by_region
--@begin by_country
         c.country,
--@else by_country
         NULL::BIGINT AS country,
--@end by_country
--@begin by_occupation
         o.occupation,
--@else by_occupation
         NULL::BIGINT AS occupation,
--@end by_occupation
--@begin by_birth_year
         pop.birth_year,
--@else by_birth_year
         NULL::INTEGER AS birth_year,
--@end by_birth_year
         pop.gender_group AS gender, COUNT(*) AS people
  FROM pop
--@begin by_region
  JOIN person_regions AS r ON r.person_id = pop.person_id
--@end by_region
--@begin by_country
  LEFT JOIN (SELECT DISTINCT person_id, country FROM citizenships WHERE country IS NOT NULL) AS c
    ON c.person_id = pop.person_id
--@end by_country
--@begin by_occupation
  LEFT JOIN (SELECT DISTINCT person_id, occupation FROM occupations WHERE occupation IS NOT NULL) AS o
    ON o.person_id = pop.person_id
--@end by_occupation
  GROUP BY ALL
),
named AS (
  SELECT qid, arg_min(text, CASE lang WHEN 'en' THEN 0 ELSE 1 END) AS label
  FROM labels
  WHERE lang IN ('en', 'mul') AND (qid IN (SELECT country FROM counted) OR qid IN (SELECT occupation FROM counted))
  GROUP BY qid
)
SELECT counted.site, counted.region,
--@begin by_country
       COALESCE('Q' || counted.country, 'no_country') AS citizenship, country_name.label AS citizenship_label,
--@else by_country
       'all' AS citizenship, NULL::VARCHAR AS citizenship_label,
--@end by_country
--@begin by_occupation
       COALESCE('Q' || counted.occupation, 'no_occupation') AS occupation, job_name.label AS occupation_label,
--@else by_occupation
       'all' AS occupation, NULL::VARCHAR AS occupation_label,
--@end by_occupation
--@begin by_birth_year
       CASE WHEN counted.birth_year IS NULL THEN union_value(s := 'unknown')::UNION(n BIGINT, s VARCHAR)
            ELSE union_value(n := counted.birth_year::BIGINT)::UNION(n BIGINT, s VARCHAR) END AS birth_year,
--@else by_birth_year
       'all' AS birth_year,
--@end by_birth_year
       counted.gender, counted.people
FROM counted
LEFT JOIN named AS country_name ON country_name.qid = counted.country
LEFT JOIN named AS job_name ON job_name.qid = counted.occupation

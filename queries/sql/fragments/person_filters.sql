-- fragment: person_filters
-- purpose:  keep the `pop` rows whose person passes the chosen filters: each filter one more AND on the person,
-- purpose:  a column decided at build time or a semi-join on integer ids, so no filter multiplies rows
-- param:    gender_filter           token       optional   keep these gender groups (women, men, other, no_gender)
-- param:    gender_groups           qid,token   table      value,gender_group   applied at build time (person_facts.gender_group)
-- param:    country_filter          qid         optional   keep people with any of these countries of citizenship
-- param:    region_filter           qid         optional   keep people with a country in any of these continents
-- param:    regions                 qid,qid     table      country,mapped_region   applied at build time (person_regions)
-- param:    unmapped_filter         token       flag       keep people with countries, none of which maps to a continent
-- param:    no_country_filter       token       flag       keep people with no country of citizenship
-- param:    occupation_filter       qid         optional   keep people with any of these occupations (their own P106)
-- param:    occupation_tree_filter  qid         optional   keep people with any of these occupations or a narrower one
-- param:    born_filter             year        range      keep people born in these historical years; unknown left out
-- param:    living_filter           token       optional   keep people whose living status is yes, no or unknown
-- param:    living_since            year        optional   the earliest birth year of someone who may be living
--@begin gender_filter
  AND list_contains($gender_filter, pop.gender_group)
--@end gender_filter
--@begin country_filter
  AND pop.person_id IN (SELECT person_id FROM citizenships WHERE list_contains($country_filter, country))
--@end country_filter
--@begin region_filter
  AND pop.person_id IN (
    SELECT person_id FROM person_regions WHERE region IN (SELECT 'Q' || unnest($region_filter))
  )
--@end region_filter
--@begin unmapped_filter
  AND pop.person_id IN (SELECT person_id FROM person_regions WHERE region = 'unmapped')
--@end unmapped_filter
--@begin no_country_filter
  AND pop.person_id IN (SELECT person_id FROM person_regions WHERE region = 'no_country')
--@end no_country_filter
--@begin occupation_filter
  AND pop.person_id IN (SELECT person_id FROM occupations WHERE list_contains($occupation_filter, occupation))
--@end occupation_filter
--@begin occupation_tree_filter
  AND pop.person_id IN (
    SELECT held.person_id FROM occupations AS held JOIN subclass_closure AS tree ON tree.qid = held.occupation
    WHERE list_contains($occupation_tree_filter, tree.ancestor)
  )
--@end occupation_tree_filter
--@begin born_filter
  AND pop.birth_year >= COALESCE($born_filter_from::INTEGER, pop.birth_year)
  AND pop.birth_year <= COALESCE($born_filter_to::INTEGER, pop.birth_year)
--@end born_filter
--@begin living_filter
  -- DESIGN.md "Living": any date of death (unknown value included) -> no; no agreed birth year -> unknown.
  -- One boolean term per status: each list_contains folds to a constant, so no text is made per row.
  AND (
    (list_contains($living_filter, 'no') AND (pop.has_death OR pop.birth_year < list_min($living_since)))
    OR (list_contains($living_filter, 'unknown') AND NOT pop.has_death AND pop.birth_year IS NULL)
    OR (list_contains($living_filter, 'yes') AND NOT pop.has_death AND pop.birth_year >= list_min($living_since))
  )
--@end living_filter

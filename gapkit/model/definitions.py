"""The figure definitions of DESIGN.md, printed under every chart and written beside every export."""

EDITION = "Edition: a Wikipedia language edition, named by its edition code."
POPULATION = "Population of an edition: distinct humans (P31 = Q5) with an article in it."
GENDER_GROUPS = (
    "Gender group, from all of a person's P21 values, one group per person: women = female, trans woman, "
    "cisgender female; men = male, trans man, cisgender male; any other value or a mix = other; no value or only "
    "'unknown value' = no_gender. Share = the group's people / people with gender data (no_gender has no share)."
)
GENDER_RAW = (
    "Raw P21 values: one row per value; a person with two values counts under both. Share = people with the value "
    "/ people with gender data. no_gender = no value or only 'unknown value'."
)
GAP = "Gap: percentage points between a share and its baseline (parity 0.5, all people, or another edition)."
REGION = (
    "Region of a person: the continents of their countries of citizenship (P27) through gapkit's shipped "
    "country -> continent table (GeoNames continents); a person counts once in each distinct region; "
    "unmapped = none of their countries maps (e.g. historical states); no_country = no P27. "
    "Share = people in the region / the population (shares may sum above 1)."
)
DECADE = (
    "Birth year: the historical year of P569 (-469 is 469 BCE; no year 0); several values that disagree -> "
    "unknown. Decade = floor(year / 10) * 10; unknown kept. Share = people / the population."
)
BIRTH_PERIOD = (
    "Birth period (charts): the century, floor(year / 100) * 100, before 1800, the decade from 1800; unknown kept. "
    "A period's share is the sum of its decades' shares (the decade CSV keeps decades)."
)
COUNTRY = (
    "Country of citizenship: each known P27 value of a person; a person counts once in each of their countries. "
    "Women's share = women / people with gender data among the edition's citizens of that country (the gender "
    "groups as defined for the gender figure)."
)
COVERAGE = (
    "Coverage: share of the population with a known value of P21 (gender), P27 (citizenship), P569 (birth date) "
    "and P106 (occupation); 'unknown value' is not known."
)
OCCUPATION = (
    "Occupation: the person's own P106 values (not their superclasses); a person counts once per distinct "
    "occupation; no_occupation = none. Share = people / the population (shares may sum above 1)."
)
WORKLIST = (
    "Worklist candidates for an edition: humans with no article in it and at least K Wikipedia articles (or an "
    "article in any chosen source edition); ranked by articles, then QID number. maybe_living: no date of death "
    "and born within the last 115 years, or birth year unknown."
)
CROSSTAB = (
    "Cross-tab: a person counts once in each combination of their distinct values on the two axes (a writer and "
    "politician with two countries is in four cells). Women's share of a cell = its women / its people with gender "
    "data (no_gender has no share); the other groups' shares likewise."
)
CROSSTAB_AXES = {
    "region": "Region: the continents of a person's countries of citizenship (P27) through gapkit's shipped table; "
    "unmapped = none of them maps; no_country = no P27.",
    "country": "Country: each known country of citizenship (P27); no_country = none known.",
    "occupation": "Occupation: each own P106 value; no_occupation = none.",
    "period": "Birth period: the century (floor(year / 100) * 100) before 1800 and the decade from 1800 of the "
    "historical birth year (-469 is 469 BCE); unknown kept.",
}

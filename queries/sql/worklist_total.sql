-- name:    worklist_total
-- purpose: how many worklist candidates there are in all (the same pattern as worklist_candidates, uncut)
-- param:   target         edition   one        the edition to write for
-- param:   min_articles   integer   one        K: the fewest Wikipedia articles a candidate has
-- param:   source         edition   optional   source editions: an article in any of them qualifies; absent: any
-- returns: total
-- split:   total
-- partition: after person_filters
SELECT COUNT(*) AS total
--@include candidate_population

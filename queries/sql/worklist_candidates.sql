-- name:    worklist_candidates
-- purpose: humans with no article in the target edition and at least K Wikipedia articles (or one in a source edition), ranked
-- param:   target         edition   one        the edition to write for
-- param:   min_articles   integer   one        K: the fewest Wikipedia articles a candidate has
-- param:   source         edition   optional   source editions: an article in any of them qualifies; absent: any
-- param:   top            integer   limit      how many to list
-- param:   evidence       token     flag       rank by the evidence score instead of articles (README, "Ranking")
-- returns: person, articles, score
-- split:   top score:desc articles:desc person:qid
-- partition: after person_filters
-- note:    ranked by score descending (articles, or the evidence score), then articles, then QID number
WITH candidates AS (
  SELECT pop.person_id, pop.qid, pop.articles::BIGINT AS articles
  --@include candidate_population
),
--@include evidence_score
-- ranked and cut on integers first, the QID text made for the listed rows only (not for every candidate
-- before the cut: 1.75 s -> 0.54 s for the hr list at 12M people)
SELECT 'Q' || qid AS person, articles, score FROM (
  SELECT qid, articles, score FROM scored ORDER BY score DESC, articles DESC, qid LIMIT $top
) AS listed
ORDER BY score DESC, articles DESC, qid

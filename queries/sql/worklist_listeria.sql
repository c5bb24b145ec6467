-- name:    worklist_listeria
-- purpose: the worklist as ListeriaBot runs it on WDQS: ?item, ?articles and ?score, for a {{Wikidata list}} template
-- param:   target         edition   one        the edition to write for
-- param:   min_articles   integer   one        K: the fewest Wikipedia articles a candidate has
-- param:   source         edition   optional   source editions: an article in any of them qualifies; absent: any
-- param:   evidence       token     flag       order by the evidence score instead of articles (README, "Ranking")
-- param:   top            integer   limit      how many to list
-- returns: item, articles, score
-- note:    ordered by score descending (articles, or worklist_candidates' evidence score), then articles, then
-- note:    QID number, as the SPARQL file orders; ranked and cut on integers first, the QID text made for the
-- note:    listed rows only (not for every candidate before the cut: 1.75 s -> 0.54 s for the hr list at 12M)
WITH candidates AS (
  SELECT pop.person_id, pop.qid, pop.articles::BIGINT AS articles
  --@include candidate_people
),
--@include evidence_score
SELECT 'Q' || qid AS item, articles, score FROM (
  SELECT qid, articles, score FROM scored ORDER BY score DESC, articles DESC, qid LIMIT $top
) AS listed
ORDER BY score DESC, articles DESC, qid

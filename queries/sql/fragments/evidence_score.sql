-- fragment: evidence_score
-- purpose:  the CTE `scored` (qid, articles, score) over the CTE `candidates` (person_id, qid, articles): the score
-- purpose:  is the articles, or with evidence the README's formula (articles + 5 featured + 3 good editions + 2 x
-- purpose:  reference works, at most 10, + authority ids, at most 10); worklist_candidates and worklist_listeria
-- param:    evidence       token     flag       rank by the evidence score instead of articles (README, "Ranking")
scored AS (
  SELECT c.qid, c.articles,
--@begin evidence
    (c.articles + 5 * COALESCE(b.featured, 0) + 3 * COALESCE(b.good, 0) + 2 * least(COALESCE(r.works, 0), 10)
     + least(COALESCE(i.ids, 0), 10))::BIGINT AS score
--@else evidence
    c.articles AS score
--@end evidence
  FROM candidates AS c
--@begin evidence
  LEFT JOIN (
    SELECT person_id, count(DISTINCT site_id) FILTER (WHERE badge = 17437796) AS featured,
           count(DISTINCT site_id) FILTER (WHERE badge = 17437798) AS good
    FROM article_badges JOIN sites USING (site_id)
    WHERE wiki_group = 'wikipedia' AND person_id IN (SELECT person_id FROM candidates) GROUP BY person_id
  ) AS b USING (person_id)
  LEFT JOIN (
    SELECT person_id, count(DISTINCT COALESCE(source::VARCHAR, unknown)) AS works FROM described_by
    WHERE person_id IN (SELECT person_id FROM candidates) GROUP BY person_id
  ) AS r USING (person_id)
  LEFT JOIN (
    SELECT person_id, count(*) AS ids FROM authority_ids
    WHERE person_id IN (SELECT person_id FROM candidates) GROUP BY person_id
  ) AS i USING (person_id)
--@end evidence
)

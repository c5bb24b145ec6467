-- name:    event_articles
-- purpose: for the people of a saved worklist, whether each is still a human item and whether it now has an
-- purpose: article in the target edition
-- param:   person   qid       list   the listed people
-- param:   target   edition   one    the edition the event wrote for
-- returns: person, found, articles_in_target
-- note:    the store keeps articles of humans only, so an item that is no longer a human has none here
WITH wanted AS (SELECT DISTINCT unnest($person) AS qid)
SELECT 'Q' || wanted.qid AS person, COUNT(DISTINCT people.person_id) AS found,
       COUNT(DISTINCT articles.iri) AS articles_in_target
FROM wanted
LEFT JOIN people ON people.qid = wanted.qid
LEFT JOIN articles ON articles.person_id = people.person_id
  AND articles.site_id IN (SELECT site_id FROM sites WHERE iri = $target)
GROUP BY wanted.qid

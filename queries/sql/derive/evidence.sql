-- name:    evidence
-- purpose: the evidence tables of docs/store-format.md (issue #17): sitelink badges, described-by-source (P1343),
--          authority identifiers, images (P18) and aliases; what belongs to no human or article -> extra_triples
CREATE TABLE article_badges AS
SELECT DISTINCT a.person_id, a.site_id, a.iri, b.badge
FROM in_badges AS b JOIN articles AS a USING (iri)
ORDER BY a.person_id, a.site_id, a.iri, b.badge;

INSERT INTO extra_triples
SELECT DISTINCT '<' || b.iri || '> <http://wikiba.se/ontology#badge> <http://www.wikidata.org/entity/Q' || b.badge || '> .'
FROM in_badges AS b WHERE b.iri NOT IN (SELECT iri FROM articles);

CREATE TEMP TABLE evidence AS
SELECT DISTINCT e.*, p.person_id FROM in_evidence AS e LEFT JOIN people AS p USING (qid);

CREATE TABLE described_by AS
SELECT person_id, object AS source, unknown FROM evidence
WHERE pid = 1343 AND person_id IS NOT NULL
ORDER BY person_id, source NULLS LAST, unknown;

CREATE TABLE authority_ids AS
SELECT person_id, pid, text AS value FROM evidence
WHERE pid IN (213, 214, 227, 244, 268) AND person_id IS NOT NULL
ORDER BY person_id, pid, value;

CREATE TABLE images AS
SELECT person_id, text AS iri FROM evidence WHERE pid = 18 AND person_id IS NOT NULL ORDER BY person_id, iri;

-- evidence statements about items that are not humans: written back verbatim by export
INSERT INTO extra_triples
SELECT '<http://www.wikidata.org/entity/Q' || qid || '> <http://www.wikidata.org/prop/direct/P' || pid || '> ' ||
    CASE WHEN object IS NOT NULL THEN '<http://www.wikidata.org/entity/Q' || object || '>'
         WHEN unknown IS NOT NULL AND starts_with(unknown, '_:') THEN unknown
         WHEN unknown IS NOT NULL THEN '<' || unknown || '>'
         WHEN pid = 18 THEN '<' || text || '>'
         ELSE '"' || replace(replace(replace(replace(text, '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r') || '"'
    END || ' .'
FROM evidence WHERE person_id IS NULL;

CREATE TABLE sorted_aliases AS SELECT DISTINCT * FROM aliases ORDER BY qid, lang, text;
DROP TABLE aliases;
ALTER TABLE sorted_aliases RENAME TO aliases;

DROP TABLE evidence;
DROP TABLE in_badges;
DROP TABLE in_evidence;

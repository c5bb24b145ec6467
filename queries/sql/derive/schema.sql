-- name:    schema
-- purpose: the tables a ColumnarWriter fills while it reads facts (in_* are staging, dropped by finish)
-- note:    facts arrive keyed by QID number in any order; person ids are dealt out by finish (facts.sql)
CREATE TABLE in_people (qid BIGINT, sitelinks INTEGER);
CREATE TABLE in_sitelinks (qid BIGINT, sitelinks INTEGER);
-- one truthy statement wd:Q<qid> wdt:P<pid> object: an item (object), "unknown value" (unknown, as RDF
-- wrote it: _:b12 or the genid IRI), an xsd:dateTime lexical form (value), or any other term (raw N-Triples text)
CREATE TABLE in_statements (qid BIGINT, pid INTEGER, object BIGINT, unknown VARCHAR, value VARCHAR, raw VARCHAR);
CREATE TABLE in_sites (iri VARCHAR, wiki_group VARCHAR);
CREATE TABLE in_articles (
    iri VARCHAR, qid BIGINT, site_iri VARCHAR, title VARCHAR, title_lang VARCHAR, in_language VARCHAR
);
-- one article triple: pred 1 schema:about (object), 2 schema:isPartOf (value = site IRI),
-- 3 schema:inLanguage (value), 4 schema:name (value, lang); raw = the object's N-Triples text
CREATE TABLE in_article_triples (iri VARCHAR, pred TINYINT, object BIGINT, value VARCHAR, lang VARCHAR, raw VARCHAR);
CREATE TABLE labels (qid BIGINT, lang VARCHAR, text VARCHAR);
CREATE TABLE descriptions (qid BIGINT, lang VARCHAR, text VARCHAR);
CREATE TABLE extra_triples (line VARCHAR);
CREATE TABLE shipped_gender_groups (value BIGINT, gender_group VARCHAR);
CREATE TABLE shipped_regions (country BIGINT, region VARCHAR);
-- evidence of notability (issue #17): <article> wikibase:badge wd:Q<badge>; statements P1343 (object or unknown),
-- P213 P214 P227 P244 P268 (text: the identifier) and P18 (text: the image IRI); skos:altLabel
CREATE TABLE in_badges (iri VARCHAR, badge BIGINT);
CREATE TABLE in_evidence (qid BIGINT, pid INTEGER, object BIGINT, unknown VARCHAR, text VARCHAR);
CREATE TABLE aliases (qid BIGINT, lang VARCHAR, text VARCHAR);

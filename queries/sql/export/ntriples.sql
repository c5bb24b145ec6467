-- name:    ntriples
-- purpose: the store's RDF model as N-Triples lines (column line): the same triples the builder read
-- returns: line
SELECT '<' || iri || '> <http://wikiba.se/ontology#wikiGroup> ' || nt_text(wiki_group) || ' .' AS line
FROM sites WHERE wiki_group IS NOT NULL
UNION ALL
SELECT nt_item(qid) || ' <http://www.wikidata.org/prop/direct/P31> <http://www.wikidata.org/entity/Q5> .' FROM people
UNION ALL
SELECT nt_item(qid) || ' <http://wikiba.se/ontology#sitelinks> "' || sitelinks ||
    '"^^<http://www.w3.org/2001/XMLSchema#integer> .'
FROM people WHERE sitelinks IS NOT NULL
UNION ALL
SELECT nt_item(p.qid) || ' <http://www.wikidata.org/prop/direct/P21> ' ||
    coalesce(nt_item(g.value), nt_unknown(g.unknown)) || ' .'
FROM gender_values AS g JOIN people AS p USING (person_id)
UNION ALL
SELECT nt_item(p.qid) || ' <http://www.wikidata.org/prop/direct/P27> ' ||
    coalesce(nt_item(c.country), nt_unknown(c.unknown)) || ' .'
FROM citizenships AS c JOIN people AS p USING (person_id)
UNION ALL
SELECT nt_item(p.qid) || ' <http://www.wikidata.org/prop/direct/P106> ' ||
    coalesce(nt_item(o.occupation), nt_unknown(o.unknown)) || ' .'
FROM occupations AS o JOIN people AS p USING (person_id)
UNION ALL
SELECT nt_item(p.qid) || ' <http://www.wikidata.org/prop/direct/P569> ' ||
    coalesce(nt_date(b.value), nt_unknown(b.unknown)) || ' .'
FROM birth_dates AS b JOIN people AS p USING (person_id)
UNION ALL
SELECT nt_item(p.qid) || ' <http://www.wikidata.org/prop/direct/P570> ' ||
    coalesce(nt_date(d.value), nt_unknown(d.unknown)) || ' .'
FROM death_dates AS d JOIN people AS p USING (person_id)
UNION ALL
SELECT nt_item(qid) || ' <http://www.wikidata.org/prop/direct/P279> ' || nt_item(parent) || ' .' FROM subclass_of
UNION ALL
SELECT nt_item(qid) || ' <http://www.w3.org/2000/01/rdf-schema#label> ' || nt_text(text) || '@' || lang || ' .'
FROM labels
UNION ALL
SELECT nt_item(qid) || ' <http://schema.org/description> ' || nt_text(text) || '@' || lang || ' .' FROM descriptions
UNION ALL
SELECT '<' || a.iri || '> <http://schema.org/about> ' || nt_item(p.qid) || ' .'
FROM articles AS a JOIN people AS p USING (person_id)
UNION ALL
SELECT '<' || a.iri || '> <http://schema.org/isPartOf> <' || s.iri || '> .' FROM articles AS a JOIN sites AS s USING (site_id)
UNION ALL
SELECT '<' || iri || '> <http://schema.org/inLanguage> ' || nt_text(in_language) || ' .'
FROM articles WHERE in_language IS NOT NULL
UNION ALL
SELECT '<' || iri || '> <http://schema.org/name> ' || nt_text(title) || coalesce('@' || title_lang, '') || ' .'
FROM articles WHERE title IS NOT NULL
UNION ALL
SELECT '<' || iri || '> <http://wikiba.se/ontology#badge> ' || nt_item(badge) || ' .' FROM article_badges
UNION ALL
SELECT nt_item(p.qid) || ' <http://www.wikidata.org/prop/direct/P1343> ' ||
    coalesce(nt_item(d.source), nt_unknown(d.unknown)) || ' .'
FROM described_by AS d JOIN people AS p USING (person_id)
UNION ALL
SELECT nt_item(p.qid) || ' <http://www.wikidata.org/prop/direct/P' || i.pid || '> ' || nt_text(i.value) || ' .'
FROM authority_ids AS i JOIN people AS p USING (person_id)
UNION ALL
SELECT nt_item(p.qid) || ' <http://www.wikidata.org/prop/direct/P18> <' || i.iri || '> .'
FROM images AS i JOIN people AS p USING (person_id)
UNION ALL
SELECT nt_item(qid) || ' <http://www.w3.org/2004/02/skos/core#altLabel> ' || nt_text(text) || '@' || lang || ' .'
FROM aliases
UNION ALL
SELECT line FROM extra_triples

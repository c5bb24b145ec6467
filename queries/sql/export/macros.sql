-- name:    macros
-- purpose: N-Triples terms written by SQL (temporary macros: a store is opened read-only)
CREATE TEMP MACRO nt_text(t) AS
    '"' || replace(replace(replace(replace(t, '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r') || '"';
CREATE TEMP MACRO nt_item(q) AS '<http://www.wikidata.org/entity/Q' || q || '>';
CREATE TEMP MACRO nt_unknown(u) AS CASE WHEN starts_with(u, '_:') THEN u ELSE '<' || u || '>' END;
CREATE TEMP MACRO nt_date(v) AS '"' || v || '"^^<http://www.w3.org/2001/XMLSchema#dateTime>';

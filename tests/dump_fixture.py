"""Real-format Wikidata JSON dump lines, written by the tests: the fixture people of tests/fixtures/mini and more."""

import bz2
import gzip
import json
from pathlib import Path


def snak(pid: str, value: object) -> dict:
    if value == "somevalue":
        return {"snaktype": "somevalue", "property": pid, "hash": f"h{pid}"}
    if value == "novalue":
        return {"snaktype": "novalue", "property": pid}
    if isinstance(value, str) and value.startswith("Q"):
        data = {
            "value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value},
            "type": "wikibase-entityid",
        }
    elif isinstance(value, str):  # an external identifier or a Commons file name: a string datavalue
        kind = "commonsMedia" if pid == "P18" else "external-id"
        return {"snaktype": "value", "property": pid, "datavalue": {"value": value, "type": "string"}, "datatype": kind}
    else:  # a year: a time value of year precision, as the JSON dump writes it (no year 0: -469 is 469 BCE)
        data = {"value": {"time": f"{'+' if value > 0 else '-'}{abs(value):04d}-00-00T00:00:00Z", "timezone": 0,
                          "before": 0, "after": 0, "precision": 9,
                          "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}, "type": "time"}  # fmt: skip
    return {"snaktype": "value", "property": pid, "datavalue": data}


def statement(pid: str, value: object, rank: str = "normal", qualifiers: bool = False) -> dict:
    found = {"mainsnak": snak(pid, value), "type": "statement", "rank": rank, "id": f"X${pid}"}
    if qualifiers:  # a qualifier must not become a fact of the person
        found["qualifiers"] = {"P580": [snak("P580", 1999)], "P642": [snak("P642", "Q183")]}
    return found


def entity(qid: str, claims: dict, labels: dict | None = None, descriptions: dict | None = None,
           sitelinks: dict | None = None, aliases: dict | None = None, badges: dict | None = None) -> dict:  # fmt: skip
    listed = {}
    for pid, values in claims.items():
        listed[pid] = [statement(pid, *v) if isinstance(v, tuple) else statement(pid, v) for v in values]
    return {
        "type": "item",
        "id": qid,
        "labels": {k: {"language": k, "value": v} for k, v in (labels or {}).items()},
        "descriptions": {k: {"language": k, "value": v} for k, v in (descriptions or {}).items()},
        "aliases": {k: [{"language": k, "value": t} for t in v] for k, v in (aliases or {}).items()},
        "claims": listed,
        "sitelinks": {
            k: {"site": k, "title": v, "badges": (badges or {}).get(k, [])} for k, v in (sitelinks or {}).items()
        },
    }


H = ["Q5"]
# The mini fixture's people, as the dump would hold them (plus ranks, qualifiers and noise that must not matter).
ENTITIES = [
    entity(
        "Q11",
        {
            "P31": H,
            "P21": ["Q6581072", ("Q6581097", "deprecated")],
            "P27": [("Q142", "normal", True)],
            "P106": ["Q36180"],
            "P569": [1900],
            "P570": [1980],
        },
        {"en": "Ada Example", "hr": "Ada Primjer", "de": "Ada Beispiel"},
        {"en": "French writer"},
        {"enwiki": "Ada Example", "hrwiki": "Ada Primjer", "frwiki": "Ada Exemple", "enwikiquote": "Ada Example"},
    ),
    entity(
        "Q12",
        {
            "P31": H,
            "P21": ["Q6581097"],
            "P27": ["Q30", "Q142", ("Q183", "deprecated")],
            "P106": ["Q82955"],
            "P569": [1950],
            "P1343": ["Q602358"],
            "P244": ["n79021164"],
        },
        {"en": "Bob | Pipe {{x}} [[y]]"},
        None,
        {"enwiki": "Bob Pipe"},
    ),
    entity(
        "Q13",
        {
            "P31": H,
            "P21": ["Q1052281"],
            "P27": ["Q34266"],
            "P106": ["Q36180"],
            "P569": [-469],
            "P1343": ["Q602358", "Q867541"],
            "P214": ["113230702"],
            "P227": ["118540238"],
            "P213": ["0000 0001 2144 6830"],
            "P244": [("n00000000", "deprecated")],  # a deprecated identifier is no evidence
            "P18": ["Cleo Ancient.jpg"],
        },
        {"en": "Cleo Ancient"},
        None,
        {"enwiki": "Cleo Ancient", "frwiki": "Cléo l'Ancienne"},
        # evidence (#17): featured in fr, good in en, two reference works, three authority ids, an image
        {"hr": ["Kleo"], "en": ["Cleo the Elder"], "de": ["Kleo die Ältere"]},
        {"frwiki": ["Q17437796"], "enwiki": ["Q17437798", "Q70893996"]},
    ),
    entity(
        "Q14",
        {"P31": H, "P21": ["Q48270"], "P27": ["novalue"]},
        {"zh": "李四", "mul": "Li Si"},
        None,
        {"hrwiki": "Li Si"},
    ),
    entity(
        "Q15",
        {"P31": H, "P27": ["Q30"], "P106": ["Q901"], "P569": [1990]},
        {"en": "Dana Nogender"},
        None,
        {"enwiki": "Dana Nogender", "hrwiki": "Dana Nogender"},
    ),
    entity(
        "Q26",
        {"P31": H, "P21": ["somevalue"], "P27": ["Q16", "Q34266"], "P569": [1800, 1801], "P106": ["Q1028181"]},
        {"en": "Eli Unknown", "fr": "Éli Inconnu"},
        None,
        {"frwiki": "Éli Inconnu"},
    ),
    entity(
        "Q27",
        {"P31": H, "P21": ["Q6581072", "somevalue"], "P27": ["Q17"], "P569": [1985]},
        {"en": "Fumi Example", "yue": "文美"},
        {"yue": "日本作家"},
        {"zh_yuewiki": "文美"},
    ),
    entity(
        "Q18",
        {
            "P31": H,
            "P21": ["Q6581072", "Q6581097"],
            "P27": ["Q142", "Q183"],
            "P106": ["Q36180", "Q82955"],
            "P569": [1920],
        },
        {"en": "Gale Mixed"},
        None,
        {"enwiki": "Gale Mixed", "hrwiki": "Gale Mixed"},
    ),
    # preferred rank wins over normal: the normal P21 "female" is not a fact of Q19 in WDQS's truthy model
    entity(
        "Q19",
        {
            "P31": H,
            "P21": [("Q15145778", "preferred"), "Q6581072"],
            "P27": ["Q30"],
            "P106": ["Q1930187"],
            "P569": [1925],
            "P570": [2000],
        },
        {"en": "Hal Journalist"},
        None,
        {"enwiki": "Hal Journalist", "hrwiki": "Hal Journalist", "frwiki": "Hal Journaliste"},
    ),
    entity("Q20", {"P31": H, "P21": ["Q6581072"]}, {"en": "Ida Quote"}, None, {"enwikiquote": "Ida Quote"}),
    entity(
        "Q21",
        {"P31": H, "P21": ["Q6581072"], "P27": ["Q15180"], "P106": ["Q99999"], "P569": [1950]},
        {"hr": "Jana Sovjet"},
        None,
        {"hrwiki": "Jana Sovjet"},
    ),
    entity(
        "Q22",
        {"P31": H, "P21": ["Q6581097"], "P27": ["Q17"], "P106": ["Q82955"], "P569": [-1]},
        {"en": "Kai Zero", "hr": "Kai Nula"},
        None,
        {"enwiki": "Kai Zero", "frwiki": "Kai Zéro"},
    ),
    entity("Q23", {"P31": ["Q15632617"], "P21": ["Q6581072"]}, {"en": "Lia Fiction"}, None, {"enwiki": "Lia Fiction"}),
    entity(
        "Q24",
        {"P31": H, "P21": ["Q2449503"], "P27": ["Q16"], "P569": [2001]},
        {"en": "Max Trans", "ar": "ماكس", "mul": "Maks"},
        None,
        {"frwiki": "Max Trans", "commonswiki": "Category:Max Trans"},
    ),
    # a human whose only P31 statement is deprecated: not a human in WDQS's model
    entity(
        "Q25",
        {"P31": [("Q5", "deprecated")], "P21": ["Q6581072"]},
        {"en": "Deprecated Human"},
        None,
        {"enwiki": "Deprecated Human"},
    ),
    entity("Q142", {"P31": ["Q6256"]}, {"en": "France", "hr": "Francuska"}),
    entity("Q30", {"P31": ["Q6256"]}, {"en": "United States of America"}),
    entity("Q34266", {"P31": ["Q3024240"]}, {"en": "Russian Empire"}),
    entity("Q16", {"P31": ["Q6256"]}, {"en": "Canada"}),
    entity("Q17", {"P31": ["Q6256"]}, {"en": "Japan"}),
    entity("Q183", {"P31": ["Q6256"]}, {"en": "Germany"}),
    entity("Q15180", {"P31": ["Q3024240"]}, {"en": "Soviet Union"}),
    entity("Q36180", {"P279": ["Q483501"]}, {"en": "writer", "hr": "književnik"}),
    entity("Q82955", {"P279": ["Q28640"]}, {"en": "politician"}),
    entity("Q901", {}, {"en": "scientist"}),
    entity("Q1930187", {"P279": ["Q36180"]}, {"en": "journalist"}),
    entity("Q1028181", {}, {"mul": "pintor"}),
    entity("Q483501", {"P279": ["Q28640"]}, {"en": "artist"}),  # reached only through writer: a second tree pass
    entity("Q28640", {}, {"en": "profession"}),
]


def write_dump(path: Path, entities: list[dict] = ENTITIES, damaged_after: int | None = None) -> Path:
    """The dump as Wikidata writes it: '[', one entity per line ending in ',', ']'; compressed by suffix."""
    lines = ["["]
    for number, item in enumerate(entities):
        lines.append(json.dumps(item, ensure_ascii=False) + ("," if number < len(entities) - 1 else ""))
        if damaged_after == number:
            lines.append('{"type":"item","id":"Q77","claims":{"P31": [BROKEN,')
    lines.append("]")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return write_compressed(path, data)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OTHER_SITES = {"enwikiquote": "https://en.wikiquote.org/", "commonswiki": "https://commons.wikimedia.org/"}
RANKS = {"preferred": "PreferredRank", "normal": "NormalRank", "deprecated": "DeprecatedRank"}


def _rdf_value(qid: str, pid: str, number: int, main: dict) -> str | None:
    """The RDF object of a main snak as Wikibase writes it (None: "no value", which has no wdt: triple)."""
    from urllib.parse import quote

    from gapkit.model import vocab
    from gapkit.stores import ntriples as nt

    if main["snaktype"] == "somevalue":  # a skolem IRI since 2020, as in the dumps and WDQS
        return nt.iri(f"{vocab.GENID}{qid.lower()}{pid.lower()}{number}")
    if main["snaktype"] != "value":
        return None
    if isinstance(main["datavalue"]["value"], str):  # identifiers are strings; P18 a Commons file's IRI
        text = main["datavalue"]["value"]
        if pid == "P18":
            return nt.iri("http://commons.wikimedia.org/wiki/Special:FilePath/" + quote(text, safe=""))
        return nt.literal(text)
    if "id" in main["datavalue"]["value"]:
        return nt.iri(vocab.wd(main["datavalue"]["value"]["id"]))
    text = main["datavalue"]["value"]["time"]
    return nt.year_date(int(text[1:].split("-")[0]) * (-1 if text[0] == "-" else 1))


def _term_lines(item: dict) -> list[str]:
    """Labels (three predicates, as Wikidata writes them) and descriptions."""
    from gapkit.model import vocab
    from gapkit.stores import ntriples as nt

    s, lines = nt.iri(vocab.wd(item["id"])), []
    for language, label in item["labels"].items():
        for predicate in (vocab.RDFS + "label", "http://www.w3.org/2004/02/skos/core#prefLabel", vocab.SCHEMA + "name"):
            lines.append(nt.triple(s, nt.iri(predicate), nt.literal(label["value"], language)))
    for language, text in item["descriptions"].items():
        lines.append(nt.triple(s, nt.iri(vocab.SCHEMA + "description"), nt.literal(text["value"], language)))
    for language, entries in item.get("aliases", {}).items():
        for alias in entries:
            lines.append(nt.triple(s, nt.iri(vocab.SKOS + "altLabel"), nt.literal(alias["value"], language)))
    return lines


def _truthy_statement_lines(item: dict) -> list[str]:
    from gapkit.builders.from_dump import best_values
    from gapkit.model import vocab
    from gapkit.stores import ntriples as nt

    s, lines = nt.iri(vocab.wd(item["id"])), []
    for pid in item["claims"]:
        for number, main in enumerate(best_values(item["claims"], pid)):
            obj = _rdf_value(item["id"], pid, number, main)
            if obj:
                lines.append(nt.triple(s, nt.iri(vocab.wdt(pid)), obj))
    return lines


def truthy_lines(item: dict) -> list[str]:
    """An entity as the truthy N-Triples dump (latest-truthy.nt) writes it: best-rank wdt: triples, labels and
    descriptions; Wikibase writes no sitelinks into this dump."""
    return _truthy_statement_lines(item) + _term_lines(item)


def full_lines(item: dict) -> list[str]:
    """An entity as the full N-Triples dump (latest-all.nt) writes it: the data: header, the item's type, each
    sitelink's article triples, labels and descriptions, then every statement: p: to its statement node
    (type, rank, ps: value) and, for the best-ranked ones, the truthy wdt: triple."""
    from urllib.parse import quote

    from gapkit.builders.from_dump import best_values
    from gapkit.model import vocab
    from gapkit.model.editions import load_editions
    from gapkit.stores import ntriples as nt

    qid, s = item["id"], nt.iri(vocab.wd(item["id"]))
    data = nt.iri(f"https://www.wikidata.org/wiki/Special:EntityData/{qid}")
    wikibase, schema = vocab.WIKIBASE, vocab.SCHEMA
    count = sum(len(v) for v in item["claims"].values())
    lines = [
        nt.triple(data, nt.iri(RDF_TYPE), nt.iri(schema + "Dataset")),
        nt.triple(data, nt.iri(schema + "about"), s),
        nt.triple(data, nt.iri(schema + "version"), nt.integer(2_000_000_000 + int(qid[1:]))),
        nt.triple(data, nt.iri(wikibase + "statements"), nt.integer(count)),
        nt.triple(data, nt.iri(wikibase + "sitelinks"), nt.integer(len(item["sitelinks"]))),
        nt.triple(s, nt.iri(RDF_TYPE), nt.iri(wikibase + "Item")),
    ]
    for db, link in item["sitelinks"].items():
        edition = load_editions().by_dbname(db)
        site = edition.site if edition else OTHER_SITES[db]
        language = edition.content_language if edition else db[:2]
        group = "wikipedia" if edition else "other"
        article = nt.iri(site + "wiki/" + quote(link["title"].replace(" ", "_"), safe="/:(),'!*"))
        lines += [
            nt.triple(article, nt.iri(RDF_TYPE), nt.iri(schema + "Article")),
            nt.triple(article, nt.iri(schema + "about"), s),
            nt.triple(article, nt.iri(schema + "inLanguage"), nt.literal(language)),
            nt.triple(article, nt.iri(schema + "isPartOf"), nt.iri(site)),
            nt.triple(article, nt.iri(schema + "name"), nt.literal(link["title"], language)),
            nt.triple(nt.iri(site), nt.iri(wikibase + "wikiGroup"), nt.literal(group)),
            *(nt.triple(article, nt.iri(wikibase + "badge"), nt.iri(vocab.wd(b))) for b in link.get("badges", [])),
        ]
    lines += _term_lines(item)
    for pid, statements in item["claims"].items():
        best = [id(m) for m in best_values(item["claims"], pid)]
        for number, found in enumerate(statements):
            node = nt.iri(f"http://www.wikidata.org/entity/statement/{qid}-{pid}-{number}")
            obj = _rdf_value(qid, pid, number, found["mainsnak"])
            lines += [
                nt.triple(s, nt.iri(f"http://www.wikidata.org/prop/{pid}"), node),
                nt.triple(node, nt.iri(RDF_TYPE), nt.iri(wikibase + "Statement")),
                nt.triple(node, nt.iri(wikibase + "rank"), nt.iri(wikibase + RANKS[found["rank"]])),
            ]
            if id(found["mainsnak"]) in best:
                lines.append(nt.triple(node, nt.iri(RDF_TYPE), nt.iri(wikibase + "BestRank")))
            if obj:
                lines.append(nt.triple(node, nt.iri(f"http://www.wikidata.org/prop/statement/{pid}"), obj))
                if id(found["mainsnak"]) in best:
                    lines.append(nt.triple(s, nt.iri(vocab.wdt(pid)), obj))
            else:
                lines.append(nt.triple(node, nt.iri(RDF_TYPE), nt.iri(f"http://www.wikidata.org/prop/novalue/{pid}")))
    return lines


def write_truthy(path: Path, entities: list[dict] = ENTITIES) -> Path:
    """The truthy N-Triples dump of the entities (no sitelinks, as Wikidata writes it), compressed by suffix."""
    return write_compressed(path, "".join(line for item in entities for line in truthy_lines(item)).encode())


def write_full(path: Path, entities: list[dict] = ENTITIES, damaged_after: int | None = None) -> Path:
    """The full N-Triples dump of the entities, compressed by suffix."""
    lines = []
    for number, item in enumerate(entities):
        lines += full_lines(item)
        if damaged_after == number:
            lines.append("<http://www.wikidata.org/entity/Q77> <broken\n")
    data = "".join(lines).encode("utf-8")
    return write_compressed(path, data)


def write_compressed(path: Path, data: bytes) -> Path:
    """Write the bytes gzip- or bzip2-compressed as the file's suffix says, or plain."""
    if path.suffix == ".gz":
        data = gzip.compress(data)
    elif path.suffix == ".bz2":
        data = bz2.compress(data)
    path.write_bytes(data)
    return path

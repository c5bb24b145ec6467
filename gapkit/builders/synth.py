"""A synthetic, Wikidata-shaped store calibrated to real 2014 aggregate counts: for scale tests and benchmarks only."""

import csv
from pathlib import Path

import numpy as np

from gapkit.model import vocab
from gapkit.model.editions import load_editions
from gapkit.model.identifiers import parse_int
from gapkit.model.tables import REGIONS_CSV
from gapkit.stores import ntriples as nt
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.store import Manifest, ProgressCallback, StoreRef

CALIBRATION = Path(__file__).resolve().parents[1] / "data" / "calibration"
FIRST_QID = 900_000_000  # synthetic people get QIDs far above real ones, so they never collide
HISTORICAL = ["Q34266", "Q15180", "Q28513", "Q12560", "Q83286", "Q33946", "Q43287", "Q27306", "Q12548"]
# An invented occupation hierarchy on real occupation items: (occupation, parent or "", English label).
OCCUPATIONS = [
    ("Q36180", "", "writer"), ("Q1930187", "Q36180", "journalist"), ("Q49757", "Q36180", "poet"),
    ("Q6625963", "Q36180", "novelist"), ("Q82955", "", "politician"), ("Q901", "", "scientist"),
    ("Q169470", "Q901", "physicist"), ("Q593644", "Q901", "chemist"), ("Q2066131", "", "athlete"),
    ("Q937857", "Q2066131", "association football player"), ("Q483501", "", "artist"),
    ("Q1028181", "Q483501", "painter"), ("Q639669", "", "musician"), ("Q177220", "Q639669", "singer"),
    ("Q33999", "", "actor"), ("Q40348", "", "lawyer"), ("Q39631", "", "physician"),
    ("Q1622272", "", "university teacher"),
]  # fmt: skip
WIKIDATA_TEXT = {"en": "Synthetic person {n}", "hr": "Sintetička osoba {n}"}


def _table_at(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _table(name: str) -> list[dict[str, str]]:
    return _table_at(CALIBRATION / name)


def _weights(rows: list[dict[str, str]], column: str) -> np.ndarray:
    values = np.array([float(r[column]) for r in rows]) + 0.01
    return values / values.sum()


def build_synthetic(
    people: int, seed: int, out: str | Path, *, replace: bool = False, progress: ProgressCallback | None = None
) -> StoreRef:
    """Write a synthetic store of `people` humans; the manifest says synthetic and names what is invented."""
    people = parse_int(people, "--people", 1, 20_000_000)
    rng = np.random.default_rng(seed)
    editions = load_editions()
    edition_rows = [r for r in _table("editions.csv") if r["edition"] in editions]
    codes = [r["edition"] for r in edition_rows]
    all_countries = _table("countries.csv")
    country_rows = [r for r in all_countries if r["country"] != "(none)"]
    no_country = next(r for r in all_countries if r["country"] == "(none)")
    decade_rows = _table("birth_decades.csv")
    gender_rows = _table("genders.csv")
    genders = [r["gender_qid"] for r in gender_rows]
    gender_p = _weights(gender_rows, "humans")
    # Per-gender weights: women's editions, countries and decades follow the women's counts, and so on.
    group_of = {"Q6581072": "female", "Q6581097": "male", "(none)": "no_gender"}
    picks = {}
    for group in ("female", "male", "other", "no_gender"):
        picks[group] = (_weights(edition_rows, group), _weights(country_rows, group), _weights(decade_rows, group))
    countries = [r["country"] for r in country_rows]
    decades = np.array([int(r["decade"]) for r in decade_rows])
    without_country = sum(float(no_country[g]) for g in ("female", "male", "other", "no_gender"))
    no_country_share = without_country / (
        without_country + sum(float(r["male"]) + float(r["female"]) for r in country_rows)
    )
    this_year = 2026

    sites = {code: nt.iri(editions.get(code).site) for code in codes}
    p = {pid: nt.iri(vocab.wdt(pid)) for pid in ("P31", "P21", "P27", "P106", "P569", "P570", "P279")}
    about, part_of, in_language, name = (nt.iri(vocab.SCHEMA + x) for x in ("about", "isPartOf", "inLanguage", "name"))
    label, description = nt.iri(vocab.RDFS + "label"), nt.iri(vocab.SCHEMA + "description")
    group_pred, sitelinks_pred = nt.iri(vocab.WIKIBASE + "wikiGroup"), nt.iri(vocab.WIKIBASE + "sitelinks")
    human = nt.iri(vocab.wd("Q5"))
    edition_info = [editions.get(code) for code in codes]
    language_literal = [nt.literal(e.content_language) for e in edition_info]

    writer = ColumnarWriter(out, replace=replace)
    with writer:
        writer.write("".join(nt.triple(s, group_pred, nt.literal("wikipedia")) for s in sites.values()), len(sites))
        for qid, parent, english in OCCUPATIONS:
            lines = [nt.triple(nt.iri(vocab.wd(qid)), label, nt.literal(english, "en"))]
            if parent:
                lines.append(nt.triple(nt.iri(vocab.wd(qid)), p["P279"], nt.iri(vocab.wd(parent))))
            writer.write("".join(lines), len(lines))
        for row in _table_at(REGIONS_CSV):
            writer.write(nt.triple(nt.iri(vocab.wd(row["country_qid"])), label, nt.literal(row["country_label"], "en")))
        sitelink_total, chunk = 0, 50_000
        for first in range(0, people, chunk):
            size = min(chunk, people - first)
            gender = rng.choice(len(genders), size=size, p=gender_p)
            groups = np.array([group_of.get(genders[g], "other") for g in gender])
            articles = np.minimum(rng.zipf(1.8, size=size), 60)
            # Draw every random choice of the chunk at once, per gender group (one numpy call each).
            decade_of = np.zeros(size, dtype=np.int64)
            country_of = np.zeros((size, 2), dtype=np.int64)
            editions_of: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * size
            for group, (edition_p, country_p, decade_p) in picks.items():
                members = np.flatnonzero(groups == group)
                if not len(members):
                    continue
                decade_of[members] = decades[rng.choice(len(decades), size=len(members), p=decade_p)]
                country_of[members] = rng.choice(len(countries), size=(len(members), 2), p=country_p)
                drawn = rng.choice(len(codes), size=int(articles[members].sum()), p=edition_p)
                for member, part in zip(members, np.split(drawn, np.cumsum(articles[members])[:-1]), strict=True):
                    editions_of[member] = np.unique(part)
            chance = rng.random((size, 8))
            lines: list[str] = []
            for offset in range(size):
                n = first + offset
                s = nt.iri(vocab.wd(f"Q{FIRST_QID + n}"))
                value = genders[gender[offset]]
                roll = chance[offset]
                out_lines = [nt.triple(s, p["P31"], human)]
                if value != "(none)":
                    out_lines.append(nt.triple(s, p["P21"], nt.iri(vocab.wd(value))))
                    if roll[0] < 0.002:  # a second value (non-binary): the figures must count this person once
                        out_lines.append(nt.triple(s, p["P21"], nt.iri(vocab.wd("Q48270"))))
                elif roll[0] < 0.05:  # "unknown value", as WDQS writes it
                    out_lines.append(nt.triple(s, p["P21"], nt.iri(f"{vocab.GENID}{n:032x}")))
                if roll[1] >= no_country_share:
                    chosen = {countries[country_of[offset, 0]]}
                    if roll[2] < 0.05:
                        chosen.add(countries[country_of[offset, 1]])
                    if roll[3] < 0.03:
                        chosen.add(HISTORICAL[n % len(HISTORICAL)])
                    out_lines += [nt.triple(s, p["P27"], nt.iri(vocab.wd(c))) for c in sorted(chosen)]
                if roll[4] < 0.9:
                    born = int(decade_of[offset]) + n % 10 or 1
                    out_lines.append(nt.triple(s, p["P569"], nt.year_date(born)))
                    if roll[5] < 0.005:  # two dates that disagree: the birth year becomes unknown
                        out_lines.append(nt.triple(s, p["P569"], nt.year_date(born + 1 if born != -1 else 1)))
                    if born < this_year - 100 or roll[5] > 0.7:
                        out_lines.append(nt.triple(s, p["P570"], nt.year_date(min(born + 20 + n % 75, this_year) or 1)))
                if roll[6] < 0.9:
                    jobs = {OCCUPATIONS[int(roll[7] * 1e6) % len(OCCUPATIONS) if roll[7] > 0.5 else n % 5][0]}
                    if roll[6] < 0.25:
                        jobs.add(OCCUPATIONS[n % len(OCCUPATIONS)][0])
                    out_lines += [nt.triple(s, p["P106"], nt.iri(vocab.wd(job))) for job in sorted(jobs)]
                out_lines.append(nt.triple(s, label, nt.literal(WIKIDATA_TEXT["en"].format(n=n), "en")))
                if n % 3 == 0:
                    out_lines.append(nt.triple(s, label, nt.literal(WIKIDATA_TEXT["hr"].format(n=n), "hr")))
                if n % 4 == 0:
                    out_lines.append(nt.triple(s, description, nt.literal("synthetic person", "en")))
                for index in editions_of[offset]:
                    edition = edition_info[index]
                    article = nt.iri(f"https://{edition.host}/wiki/Synthetic_person_{n}")
                    out_lines += [
                        nt.triple(article, about, s),
                        nt.triple(article, part_of, sites[edition.code]),
                        nt.triple(article, in_language, language_literal[index]),
                        nt.triple(article, name, nt.literal(f"Synthetic person {n}", edition.content_language)),
                    ]
                sitelink_total += len(editions_of[offset])
                out_lines.append(nt.triple(s, sitelinks_pred, nt.integer(len(editions_of[offset]) + n % 3)))
                lines += out_lines
            writer.write("".join(lines), len(lines))
            if progress:
                progress(f"{first + size:,} of {people:,} synthetic people written", (first + size) / people)
        manifest = Manifest(
            source=f"SYNTHETIC gapkit store ({people:,} people, seed {seed})",
            description=(
                "Synthetic, Wikidata-shaped data. Calibrated to the real WHGI counts of 2014-10-13: gender value "
                "shares, per-edition sizes and gender shares, per-country gender shares, birth decades by gender. "
                "Invented: articles per person (Zipf 1.8, at most 60), second citizenships (5 %), historical states "
                "(3 %), second P21 values (0.2 %), unknown values (5 % of the ungendered), disagreeing birth dates "
                "(0.5 %), deaths, the occupation tree and who has which occupation, labels, descriptions, titles."
            ),
            data_date="synthetic",
            synthetic=True,
            representative=False,
            counts={"people": people, "sitelinks": sitelink_total, "editions": len(codes)},
            notice="SYNTHETIC data for scale tests and benchmarks: not real people, not real figures.",
            built={"tool": "python -m gapkit store synth", "seed": str(seed)},
        )
        ref = writer.finish(manifest)
    return ref

"""A SYNTHETIC, Wikidata-shaped store calibrated to real counts (2014 per-edition and per-country shares, today's
sizes): whole columns drawn with numpy in bounded chunks, for scale tests and benchmarks only."""

import csv
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gapkit.model import vocab
from gapkit.model.editions import Edition, load_editions
from gapkit.model.identifiers import parse_int
from gapkit.model.tables import REGIONS_CSV
from gapkit.stores.columnar import ColumnarWriter
from gapkit.stores.store import Manifest, ProgressCallback, StoreRef

CALIBRATION = Path(__file__).resolve().parents[1] / "data" / "calibration"
FIRST_QID = 900_000_000  # synthetic people get QIDs far above real ones, so they never collide
HISTORICAL = ["Q34266", "Q15180", "Q28513", "Q12560", "Q83286", "Q33946", "Q43287", "Q27306", "Q12548"]
# An invented occupation hierarchy on real occupation items: (occupation, parent or "", English label).
OCCUPATIONS = [
    ("Q36180", "", "writer"),
    ("Q1930187", "Q36180", "journalist"),
    ("Q49757", "Q36180", "poet"),
    ("Q6625963", "Q36180", "novelist"),
    ("Q82955", "", "politician"),
    ("Q901", "", "scientist"),
    ("Q169470", "Q901", "physicist"),
    ("Q593644", "Q901", "chemist"),
    ("Q2066131", "", "athlete"),
    ("Q937857", "Q2066131", "association football player"),
    ("Q483501", "", "artist"),
    ("Q1028181", "Q483501", "painter"),
    ("Q639669", "", "musician"),
    ("Q177220", "Q639669", "singer"),
    ("Q33999", "", "actor"),
    ("Q40348", "", "lawyer"),
    ("Q39631", "", "physician"),
    ("Q1622272", "", "university teacher"),
]
WIKIDATA_TEXT = {"en": "Synthetic person {n}", "hr": "Sintetička osoba {n}"}
GROUPS = ("female", "male", "other", "no_gender")  # the calibration's (WHGI's) columns
GROUP_OF = {"Q6581072": 0, "Q6581097": 1, "(none)": 3}  # P21 value -> GROUPS index; any other value is "other"
THIS_YEAR = 2026
CHUNK = 400_000  # people per chunk: every array of a chunk together stays far below 1 GB


@dataclass(frozen=True)
class Shape:
    """The sizes the synthetic data imitates (docs/engine.md "Synthetic stores" gives the sources)."""

    wikidata_humans: int = 12_000_000  # humans (P31 = Q5) in Wikidata, 2025-2026
    en_biographies: int = 2_000_000  # en.wikipedia biographies: WHGI 1,911,715 (2022-11), 1,968,779 (2023-05)
    max_articles: int = 250  # the most-covered people have articles in about 250-300 editions
    second_country: float = 0.05  # invented: people with P27 who have a second current country
    historical_country: float = 0.03  # invented: people with P27 who also have a historical state
    second_gender: float = 0.002  # invented: a second P21 value (non-binary), so a mixed set is present
    unknown_gender: float = 0.05  # invented: share of the ungendered whose P21 is "unknown value"
    has_occupation: float = 0.9  # invented (the calibration has no P106 counts)
    second_occupation: float = 0.25  # invented
    disagreeing_birth: float = 0.005  # invented: two P569 values that disagree (the birth year becomes unknown)
    # Evidence of notability (#17), all invented, among people with an article: the share with each signal.
    featured_article: float = 0.004  # of articles: a featured-article badge (Q17437796)
    good_article: float = 0.008  # of articles: a good-article badge (Q17437798)
    described_by: float = 0.15  # people with 1-3 P1343 values
    authority_ids: float = 0.3  # people with 1-5 of the five authority identifiers
    image: float = 0.25  # people with a P18 image


SHAPE = Shape()


def _table_at(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _table(name: str) -> list[dict[str, str]]:
    return _table_at(CALIBRATION / name)


def _counts(rows: list[dict[str, str]]) -> np.ndarray:
    """The calibration counts of rows, one column per GROUPS entry."""
    return np.array([[float(r[g]) for g in GROUPS] for r in rows])


def _normalised(counts: np.ndarray) -> np.ndarray:
    """Column-wise probabilities, every row possible (so a small group still reaches every value)."""
    counts = counts + 0.01
    return counts / counts.sum(axis=0)


def _power_law(mean: float, top: int) -> np.ndarray:
    """P(k) proportional to k^-a on 1..top, with a chosen (by bisection) so that the mean is `mean`."""
    k = np.arange(1, top + 1, dtype=float)
    low, high = 1.0001, 30.0
    for _ in range(80):
        a = (low + high) / 2
        p = k**-a
        p /= p.sum()
        if (p * k).sum() > mean:
            low = a
        else:
            high = a
    return p


def _thresholds(weights: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """For each sample size k, the tau with sum(1 - exp(-w tau)) = k (order sampling's inclusion model)."""
    low, high = np.full(len(sizes), 1e-3), np.full(len(sizes), 1e9)
    for _ in range(30):  # geometric bisection: 30 halvings of 12 decades leave a relative error below 1e-7
        tau = np.sqrt(low * high)
        short = (1 - np.exp(-np.outer(tau, weights))).sum(axis=1) < sizes
        low, high = np.where(short, tau, low), np.where(short, high, tau)
    return np.sqrt(low * high)


def _edition_weights(target: np.ndarray, articles_p: np.ndarray) -> np.ndarray:
    """Weights for drawing k editions without replacement so that each edition's inclusion meets `target`.

    Drawing by exponential keys (the k smallest of Exp(1) / w) includes edition e with probability close to
    1 - exp(-w_e tau_k) (Rosen's order sampling); a fixed-point iteration moves w until the mean over k meets it.
    """
    sizes = np.arange(1, len(articles_p) + 1, dtype=float)
    weights = target / target.sum()
    for _ in range(20):
        tau = _thresholds(weights, sizes)
        included = articles_p @ (1 - np.exp(-np.outer(tau, weights)))
        weights = weights * np.clip(target / included, 0.5, 2.0)
        weights /= weights.sum()
    return weights


@dataclass(frozen=True)
class Model:
    """Every distribution the generator draws from, computed once per build from the calibration tables."""

    editions: list[Edition]
    gender_values: list[str]  # P21 values ("(none)" = no P21)
    gender_p: np.ndarray
    gender_group: np.ndarray  # GROUPS index of each gender value
    article_share: float  # share of people with at least one Wikipedia article
    articles_p: np.ndarray  # (max_articles, 4): P(k articles | has articles, group)
    edition_w: np.ndarray  # (editions, 4): drawing weights
    countries: list[str]
    country_p: np.ndarray  # (countries, 4)
    country_share: np.ndarray  # (4,): share with a P27
    decades: np.ndarray
    decade_p: np.ndarray  # (decades, 4)
    birth_share: np.ndarray  # (4,): share with a P569


@functools.cache  # a few seconds of calibration, the same for every build of one shape
def build_model(shape: Shape = SHAPE) -> Model:
    """Derive every distribution from the calibration (2014 shares) and the shape (today's sizes)."""
    known = load_editions()
    edition_rows = [r for r in _table("editions.csv") if r["edition"] in known]
    gender_rows = _table("genders.csv")
    values = [r["gender_qid"] for r in gender_rows]
    humans = np.array([float(r["humans"]) for r in gender_rows])
    group = np.array([GROUP_OF.get(v, 2) for v in values])
    group_humans = np.array([humans[group == g].sum() for g in range(4)])
    # Inclusion probability of each edition per group in 2014 (99 % of 2014's humans had a sitelink).
    inclusion = _counts(edition_rows) / group_humans
    en = next(i for i, r in enumerate(edition_rows) if r["edition"] == "en")
    # Every edition grows as en did since 2014; the people that growth brings are the ones with articles.
    growth = shape.en_biographies / _counts(edition_rows)[en].sum()
    article_share = min(1.0, growth * humans.sum() / shape.wikidata_humans)
    top = min(shape.max_articles, len(edition_rows) - 1)
    articles_p = np.stack([_power_law(max(inclusion[:, g].sum(), 1.0001), top) for g in range(4)], axis=1)
    edition_w = np.stack(
        [_edition_weights(np.clip(inclusion[:, g], 1e-7, 0.99), articles_p[:, g]) for g in range(4)], axis=1
    )
    all_countries = _table("countries.csv")
    country_rows = [r for r in all_countries if r["country"] != "(none)"]
    no_country = _counts([r for r in all_countries if r["country"] == "(none)"])[0]
    decade_rows = _table("birth_decades.csv")
    return Model(
        editions=[known.get(r["edition"]) for r in edition_rows],
        gender_values=values,
        gender_p=humans / humans.sum(),
        gender_group=group,
        article_share=article_share,
        articles_p=articles_p,
        edition_w=edition_w,
        countries=[r["country"] for r in country_rows],
        country_p=_normalised(_counts(country_rows)),
        country_share=1 - no_country / group_humans,
        decades=np.array([int(r["decade"]) for r in decade_rows]),
        decade_p=_normalised(_counts(decade_rows)),
        birth_share=np.minimum(_counts(decade_rows).sum(axis=0) / group_humans, 1.0),
    )


def _qid_numbers(qids: list[str]) -> np.ndarray:
    return np.array([int(q[1:]) for q in qids], dtype=np.int64)


def _by_group(rng: np.random.Generator, groups: np.ndarray, p: np.ndarray) -> np.ndarray:
    """One draw per person from the column of p that belongs to the person's group (one numpy call per group)."""
    drawn = np.zeros(len(groups), dtype=np.int64)
    for g in range(p.shape[1]):
        members = np.flatnonzero(groups == g)
        if len(members):
            drawn[members] = rng.choice(p.shape[0], size=len(members), p=p[:, g])
    return drawn


def _draw_editions(rng: np.random.Generator, model: Model, k: np.ndarray, groups: np.ndarray):
    """(row of the person, edition index) of k distinct editions per person, drawn by exponential keys."""
    rows, picked = [], []
    single = np.flatnonzero(k == 1)
    rows.append(single)
    picked.append(_by_group(rng, groups[single], model.edition_w))
    for g in range(4):
        several = np.flatnonzero((k > 1) & (groups == g))
        if not len(several):
            continue
        keys = rng.standard_exponential((len(several), len(model.editions)), dtype=np.float32)
        keys /= model.edition_w[:, g].astype(np.float32)
        order = np.argsort(keys, axis=1)[:, : int(k[several].max())]
        chosen = np.arange(order.shape[1]) < k[several][:, None]
        rows.append(np.repeat(several, k[several]))
        picked.append(order[chosen])
    return np.concatenate(rows), np.concatenate(picked)


def _strings(prefix: str, numbers: np.ndarray) -> pa.Array:
    """prefix + decimal number for each number, in Arrow (no Python string per row)."""
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")


def _xsd_dates(years: np.ndarray) -> pa.Array:
    """xsd:dateTime lexical forms of historical years (-469 -> -0468-01-01T00:00:00Z, as WDQS writes them)."""
    astronomical = np.where(years > 0, years, years + 1)
    digits = pc.utf8_lpad(pc.cast(pa.array(np.abs(astronomical)), pa.string()), 4, "0")
    signs = pa.array(np.where(astronomical < 0, "-", ""))
    return pc.binary_join_element_wise(signs, digits, "-01-01T00:00:00Z", "")


def _qids(person: np.ndarray) -> pa.Array:
    """The QID numbers of synthetic people (the writer's key for every fact)."""
    return pa.array(person + FIRST_QID, pa.int64())


def _facts(person: np.ndarray, column: str, values: np.ndarray) -> pa.Table:
    return pa.table(
        {"qid": _qids(person), column: pa.array(values, pa.int64()), "unknown": pa.nulls(len(person), pa.string())}
    )


def _with_second(rng, person: np.ndarray, first: np.ndarray, share: float, draw) -> tuple[np.ndarray, np.ndarray]:
    """Rows (person, value): every first value, plus a second distinct value for `share` of the people."""
    extra = np.flatnonzero(rng.random(len(person)) < share)
    second = draw(len(extra))
    distinct = second != first[extra]
    persons = np.concatenate([person, person[extra][distinct]])
    values = np.concatenate([first, second[distinct]])
    order = np.lexsort((values, persons))
    return persons[order], values[order]


def _gender_table(rng, model: Model, shape: Shape, n: np.ndarray, value: np.ndarray) -> pa.Table:
    """P21 rows: the drawn value, a second value for a few, "unknown value" for some of the ungendered."""
    qids = np.array([int(v[1:]) if v != "(none)" else 0 for v in model.gender_values], dtype=np.int64)[value]
    gendered = np.flatnonzero(qids > 0)
    person, values = _with_second(
        rng, n[gendered], qids[gendered], shape.second_gender, lambda size: np.full(size, 48270, dtype=np.int64)
    )  # Q48270 non-binary
    known = _facts(person, "value", values)
    ungendered = n[qids == 0]
    unknown = ungendered[rng.random(len(ungendered)) < shape.unknown_gender]
    blank = pa.table(
        {
            "qid": _qids(unknown),
            "value": pa.nulls(len(unknown), pa.int64()),
            "unknown": pa.array([f"{vocab.GENID}{i:032x}" for i in unknown], pa.string()),
        }
    )
    return pa.concat_tables([known, blank]).sort_by([("qid", "ascending")])


def _country_table(rng, model: Model, shape: Shape, n: np.ndarray, groups: np.ndarray) -> pa.Table:
    """P27 rows: one calibrated country for the share that has any, a second or a historical state for a few."""
    has = np.flatnonzero(rng.random(len(n)) < model.country_share[groups])
    numbers = _qid_numbers(model.countries)
    first = numbers[_by_group(rng, groups[has], model.country_p)]
    person, values = _with_second(rng, n[has], first, shape.second_country, lambda size: rng.choice(numbers, size=size))
    historical = n[has][rng.random(len(has)) < shape.historical_country]
    person = np.concatenate([person, historical])
    values = np.concatenate([values, _qid_numbers(HISTORICAL)[historical % len(HISTORICAL)]])
    order = np.lexsort((values, person))
    return _facts(person[order], "country", values[order])


def _occupation_table(rng, shape: Shape, n: np.ndarray) -> pa.Table:
    """P106 rows: most people have one occupation of the invented tree (a long-tailed choice), some two."""
    numbers = _qid_numbers([qid for qid, _, _ in OCCUPATIONS])
    p = 1 / np.arange(1, len(numbers) + 1)
    p /= p.sum()
    has = n[rng.random(len(n)) < shape.has_occupation]
    first = rng.choice(numbers, size=len(has), p=p)
    person, values = _with_second(rng, has, first, shape.second_occupation, lambda size: rng.choice(numbers, size=size))
    return _facts(person, "occupation", values)


def _date_table(person: np.ndarray, years: np.ndarray) -> pa.Table:
    years = np.where(years == 0, 1, years)  # there is no historical year 0
    return pa.table({"qid": _qids(person), "value": _xsd_dates(years), "unknown": pa.nulls(len(person), pa.string())})


def _date_tables(rng, model: Model, shape: Shape, n: np.ndarray, groups: np.ndarray) -> tuple[pa.Table, pa.Table]:
    """P569 rows (calibrated share and decade per group, a few disagreeing pairs) and P570 rows."""
    has = np.flatnonzero(rng.random(len(n)) < model.birth_share[groups])
    born = model.decades[_by_group(rng, groups[has], model.decade_p)] + rng.integers(0, 10, size=len(has))
    born = np.where(born == 0, 1, born)
    person = n[has]
    twice = rng.random(len(has)) < shape.disagreeing_birth
    births = np.concatenate([person, person[twice]]), np.concatenate([born, born[twice] + 1])
    order = np.lexsort((births[1], births[0]))
    died = (born < THIS_YEAR - 100) | (rng.random(len(has)) > 0.7)
    death = np.minimum(born[died] + 20 + rng.integers(0, 75, size=int(died.sum())), THIS_YEAR)
    return _date_table(births[0][order], births[1][order]), _date_table(person[died], death)


def _text_tables(n: np.ndarray) -> tuple[pa.Table, pa.Table]:
    """Labels (English for everyone, Croatian for every third person) and English descriptions (every fourth)."""
    hr = n[n % 3 == 0]
    qid = np.concatenate([n, hr]) + FIRST_QID
    text = pa.concat_arrays([_strings("Synthetic person ", n), _strings("Sintetička osoba ", hr)])
    lang = pa.array(np.repeat(["en", "hr"], [len(n), len(hr)]))
    order = np.lexsort((np.repeat([0, 1], [len(n), len(hr)]), qid))
    labels = pa.table({"qid": pa.array(qid, pa.int64()), "lang": lang, "text": text}).take(order)
    described = n[n % 4 == 0]
    descriptions = pa.table(
        {
            "qid": pa.array(described + FIRST_QID, pa.int64()),
            "lang": pa.array(np.full(len(described), "en")),
            "text": pa.array(np.full(len(described), "synthetic person")),
        }
    )
    return labels, descriptions


def _article_table(model: Model, person: np.ndarray, edition: np.ndarray) -> pa.Table:
    """One row per article: its IRI and title from the person's number, the edition's content language."""
    order = np.lexsort((edition, person))
    person, edition = person[order], edition[order]
    prefixes = pa.array([f"https://{e.host}/wiki/Synthetic_person_" for e in model.editions]).take(edition)
    languages = pa.array([e.content_language for e in model.editions]).take(edition)
    numbers = pc.cast(pa.array(person), pa.string())
    return pa.table(
        {
            "iri": pc.binary_join_element_wise(prefixes, numbers, ""),
            "qid": _qids(person),
            "site_iri": pa.array([e.site for e in model.editions]).take(edition),
            "title": pc.binary_join_element_wise("Synthetic person ", numbers, ""),
            "title_lang": languages,
            "in_language": languages,
        }
    )


REFERENCE_WORKS = np.array([602358, 867541, 17378135, 2627728, 1138524], dtype=np.int64)  # P1343 values drawn
AUTHORITY_PIDS = np.array([int(pid[1:]) for pid in vocab.AUTHORITY_IDS], dtype=np.int32)


def _evidence_tables(rng, shape: Shape, articles: pa.Table) -> dict[str, pa.Table]:
    """Badges on a share of the articles, and P1343 values, authority identifiers and images for shares of the
    people with an article (Shape's evidence shares), as the writer's badges and evidence facts."""
    draw = rng.random(articles.num_rows)
    badge = np.where(draw < shape.featured_article, 17437796, 17437798)
    badged = np.flatnonzero(draw < shape.featured_article + shape.good_article)
    badges = pa.table({"iri": articles["iri"].take(badged), "badge": pa.array(badge[badged], pa.int64())})
    holders = np.unique(articles["qid"].to_numpy()) - FIRST_QID
    works = holders[rng.random(len(holders)) < shape.described_by]
    work_rows = np.repeat(works, rng.integers(1, 4, len(works)))
    ids = holders[rng.random(len(holders)) < shape.authority_ids]
    id_counts = rng.integers(1, len(AUTHORITY_PIDS) + 1, len(ids))
    id_rows = np.repeat(ids, id_counts)
    starts = np.repeat(np.cumsum(id_counts) - id_counts, id_counts)  # each person's first row
    id_pids = AUTHORITY_PIDS[np.arange(len(id_rows)) - starts].astype(np.int64)  # distinct properties per person
    images = holders[rng.random(len(holders)) < shape.image]
    person = np.concatenate([work_rows, id_rows, images])
    pid = np.concatenate([np.full(len(work_rows), 1343), id_pids, np.full(len(images), 18)])
    obj = np.concatenate([REFERENCE_WORKS[rng.integers(0, len(REFERENCE_WORKS), len(work_rows))], np.zeros(0)])
    text = pa.concat_arrays(
        [
            pc.binary_join_element_wise(_strings("S", id_rows), _strings("-", id_pids), ""),
            _strings("http://commons.wikimedia.org/wiki/Special:FilePath/Synthetic_person_", images),
        ]
    )
    evidence = pa.table(
        {
            "qid": _qids(person),
            "pid": pa.array(pid, pa.int32()),
            "object": pa.concat_arrays([pa.array(obj, pa.int64()), pa.nulls(len(id_rows) + len(images), pa.int64())]),
            "unknown": pa.nulls(len(person), pa.string()),
            "text": pa.concat_arrays([pa.nulls(len(work_rows), pa.string()), text]),
        }
    )
    return {"badges": badges, "evidence": evidence}


def synthetic_chunk(model: Model, shape: Shape, seed: int, first: int, size: int) -> dict[str, pa.Table]:
    """The fact tables of people first..first+size-1 (keyed by QID number, columns in the order of the
    columnar writer's facts): whole columns, drawn from their own seeded stream."""
    rng = np.random.default_rng([seed, first])  # one stream per chunk: chunks are independent and reproducible
    n = np.arange(first, first + size, dtype=np.int64)
    value = rng.choice(len(model.gender_values), size=size, p=model.gender_p)
    groups = model.gender_group[value]
    articles = np.zeros(size, dtype=np.int64)
    holders = np.flatnonzero(rng.random(size) < model.article_share)
    articles[holders] = _by_group(rng, groups[holders], model.articles_p) + 1
    rows, edition = _draw_editions(rng, model, articles[holders], groups[holders])
    births, deaths = _date_tables(rng, model, shape, n, groups)
    labels, descriptions = _text_tables(n)
    people = pa.table({"qid": _qids(n), "sitelinks": pa.array(articles + n % 3, pa.int32())})
    article_table = _article_table(model, n[holders][rows], edition)
    # Evidence from its own stream, so the other columns stay what they were before it existed.
    evidence = _evidence_tables(np.random.default_rng([seed, first, 17]), shape, article_table)
    return {
        "people": people,
        "gender_values": _gender_table(rng, model, shape, n, value),
        "citizenships": _country_table(rng, model, shape, n, groups),
        "occupations": _occupation_table(rng, shape, n),
        "birth_dates": births,
        "death_dates": deaths,
        "labels": labels,
        "descriptions": descriptions,
        "articles": article_table,
        **evidence,
    }


def static_tables(model: Model) -> dict[str, pa.Table]:
    """Sites, the invented occupation tree, and English labels of occupations and countries."""
    parents = [(qid, parent) for qid, parent, _ in OCCUPATIONS if parent]
    countries = _table_at(REGIONS_CSV)
    label_rows = [(qid, english) for qid, _, english in OCCUPATIONS]
    label_rows += [(r["country_qid"], r["country_label"]) for r in countries]
    return {
        "sites": pa.table(
            {
                "iri": pa.array([e.site for e in model.editions]),
                "wiki_group": pa.array(["wikipedia"] * len(model.editions)),
            }
        ),
        "subclass_of": pa.table(
            {
                "qid": pa.array(_qid_numbers([q for q, _ in parents])),
                "parent": pa.array(_qid_numbers([p for _, p in parents])),
            }
        ),
        "labels": pa.table(
            {
                "qid": pa.array(_qid_numbers([q for q, _ in label_rows])),
                "lang": pa.array(["en"] * len(label_rows)),
                "text": pa.array([text for _, text in label_rows]),
            }
        ),
    }


def synthetic_tables(people: int, seed: int, shape: Shape = SHAPE) -> Iterator[dict[str, pa.Table]]:
    """The whole synthetic data set as batches of fact tables: the static tables, then one batch per chunk."""
    model = build_model(shape)
    yield static_tables(model)
    for first in range(0, people, CHUNK):
        yield synthetic_chunk(model, shape, seed, first, min(CHUNK, people - first))


MAX_SEED = 2**32 - 1  # a seed is a 32-bit unsigned number, as most generators take them


def build_synthetic(
    people: int, seed: int, out: str | Path, *, replace: bool = False, progress: ProgressCallback | None = None
) -> StoreRef:
    """Write a SYNTHETIC columnar store of `people` humans; the manifest says synthetic and names what is invented."""
    people = parse_int(people, "--people", 1, 20_000_000)
    seed = parse_int(seed, "--seed", 0, MAX_SEED)
    writer = ColumnarWriter(out, replace=replace)
    with writer:
        done = 0
        for batch in synthetic_tables(people, seed):
            for fact, table in batch.items():
                writer.append_frame(fact, table.to_pandas(types_mapper=pd.ArrowDtype))
            done += batch["people"].num_rows if "people" in batch else 0
            if progress and done:
                progress(f"{done:,} of {people:,} synthetic people written", done / people)
        if progress:
            progress("deriving the per-person and per-edition tables", None)
        ref = writer.finish(_manifest(people, seed))
    return ref


def _manifest(people: int, seed: int) -> Manifest:
    """The manifest of a synthetic store: labelled SYNTHETIC, with what is calibrated and what is invented."""
    return Manifest(
        source=f"SYNTHETIC gapkit store ({people:,} people, seed {seed})",
        description=(
            "Synthetic, Wikidata-shaped data (docs/engine.md, Synthetic stores). Calibrated to the real WHGI counts "
            "of 2014-10-13 (gender value shares, per-edition sizes and gender shares, per-country gender shares, "
            "birth decades by gender, the shares without P21, P27 or P569) grown to today's sizes (12M humans, "
            "2M en biographies, 35 % of people with an article). Invented: articles per person (a fitted power "
            "law), second citizenships (5 %), historical states (3 %), second P21 values (0.2 %), unknown values "
            "(5 % of the ungendered), disagreeing birth dates (0.5 %), deaths, the occupation tree and who has "
            "which occupation, labels, descriptions, titles; evidence: featured and good badges (0.4 % and 0.8 % "
            "of articles), P1343 (15 %), authority ids (30 %) and images (25 % of people with an article)."
        ),
        data_date="synthetic",
        synthetic=True,
        representative=False,
        counts={},
        notice="SYNTHETIC data for scale tests and benchmarks: not real people, not real figures.",
        built={"tool": "python -m gapkit store synth", "seed": str(seed)},
    )

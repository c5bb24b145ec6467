"""Editathon worklists: people with articles elsewhere and none in the target edition, ranked, with links."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

import numpy as np
import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.base import Figure, FigureSpec, Option, merge_provenance, qid_numbers, run_query
from gapkit.model import definitions
from gapkit.model.editions import Edition, load_editions
from gapkit.model.filters import LIVING_YEARS, NO_FILTERS, Filters
from gapkit.model.identifiers import parse_int
from gapkit.model.tables import GROUP_VALUES, NO_GENDER
from gapkit.sources.endpoints import UNKNOWN_VALUE, Endpoint
from gapkit.stores.store import ProgressCallback

COLUMNS = [
    "qid",
    "label",
    "description",
    "gender",
    "countries",
    "birth_year",
    "articles",
    "editions",
    "best_source",
    "source_url",
    "translate_url",
    "wikidata_url",
    "maybe_living",
    "existing_title",
    "note",
    "badges",
    "reference_works",
    "authority_ids",
    "why",
]
EVIDENCE_COLUMNS = ("badges", "reference_works", "authority_ids", "why")  # after existing_title and note (#17)
RANKS = ("articles", "evidence")  # --rank: by articles (the convention), or by the evidence score (README)
BADGES = {"Q17437796": "featured", "Q17437798": "good"}  # the sitelink badges the evidence counts
LABEL_LANGUAGES = ("mul", "en")  # after the edition's content language: the labels the existing-page check tries
DEFAULT_LIMIT = 500
MAX_LIMIT = 10_000
_GROUP_OF_VALUE = {qid: group for group, qids in GROUP_VALUES.items() for qid in qids}


@dataclass(frozen=True)
class Worklist(Figure):
    """A figure of the listed candidates, and how many there are in all."""

    total: int = 0
    # Each listed person's labels in the content language, mul and English (in that order), then their aliases in
    # those languages (README, "Existing pages"), for the existing-page check; and that check's outcome (None: no
    # titles were checked).
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    titles_check: dict[str, object] | None = None

    @property
    def cut(self) -> bool:
        """Whether the list stops short of the total."""
        return self.total > len(self.frame)


def gender_group(values: Sequence[str]) -> str:
    """DESIGN.md's one group per person from all P21 values ("unknown value" ignored beside known ones).

    The figures decide this in SPARQL; the worklist shows it per listed person, and a test keeps the two equal."""
    known = {v for v in values if v and v != UNKNOWN_VALUE}
    if not known:
        return NO_GENDER
    groups = {_GROUP_OF_VALUE.get(v, "other") for v in known}
    return groups.pop() if len(groups) == 1 else "other"


def maybe_living(born: int | None, died: bool, this_year: int) -> bool:
    """No date of death, and born within the last 115 years or birth year unknown."""
    return not died and (born is None or born > this_year - LIVING_YEARS)


def translate_url(target: Edition, source: Edition, title: str) -> str:
    """Content Translation link from the source article to the target edition (content-language codes)."""
    page = quote(title.replace(" ", "_"), safe="")
    return (
        f"https://{target.host}/wiki/Special:ContentTranslation?from={source.content_language}"
        f"&to={target.content_language}&page={page}"
    )


def build_worklist(
    endpoint: Endpoint,
    edition: str,
    *,
    min_articles: int = 1,
    sources: Sequence[str] = (),
    limit: int = DEFAULT_LIMIT,
    this_year: int | None = None,
    progress: ProgressCallback | None = None,
    filters: Filters = NO_FILTERS,
    rank: str = "articles",
) -> Worklist:
    """Candidates for `edition` per DESIGN.md, ranked by articles (or the evidence score) then QID number, cut at
    `limit` after ranking."""
    table = load_editions()
    target = table.get(edition)
    source_editions = [table.get(code) for code in dict.fromkeys(sources)]
    if target in source_editions:
        raise BadInput(f"The target edition {target.code} cannot also be a source edition.")
    min_articles = parse_int(min_articles, "--min-articles", 1, 10_000)
    limit = parse_int(limit, "The limit", 1, MAX_LIMIT)
    evidence = {"evidence": True} if _rank(rank) == "evidence" else {}
    this_year = this_year or datetime.date.today().year
    params = {
        "target": target.code,
        "min_articles": 1 if source_editions else min_articles,
        "source": [e.code for e in source_editions] or None,
        **filters.params(),
    }
    listed, listed_query = run_query(endpoint, "worklist_candidates", progress, top=limit, **params, **evidence)
    counted, total_query = run_query(endpoint, "worklist_total", progress, **params)
    sizes, sizes_query = run_query(endpoint, "edition_sizes", progress)
    results, queries = [listed, counted, sizes], [listed_query, total_query, sizes_query]
    total = int(counted.frame["total"].iloc[0]) if len(counted.frame) else 0
    population = _population(sizes.frame, table)
    frame, names = pd.DataFrame(columns=COLUMNS), ({}, {})
    if len(listed.frame):
        details, details_query = _details(endpoint, listed.frame, target, progress)
        results.append(details)
        queries.append(details_query)
        frame, *names = _rows(listed.frame, details.frame, target, source_editions, population, this_year)
    scores = dict(zip(listed.frame["person"], listed.frame["score"], strict=True))
    return _worklist(
        frame.assign(_score=frame["qid"].map(scores)),
        total,
        tuple(names),
        results,
        queries,
        target,
        source_editions,
        params["min_articles"],
        limit,
        filters,
        rank,
    )


def _population(sizes: pd.DataFrame, table) -> dict[str, int]:
    """People with an article per edition code (edition_sizes), for ordering a candidate's editions."""
    return {
        table.by_site(s).code: int(n) for s, n in zip(sizes["site"], sizes["people"], strict=True) if table.by_site(s)
    }


def _rank(rank: str) -> str:
    """The ranking asked for, checked: articles or evidence."""
    if rank not in RANKS:
        raise BadInput(f"The ranking {str(rank)[:40]!r} is not one of {', '.join(RANKS)}.")
    return rank


def _details(endpoint: Endpoint, listed: pd.DataFrame, target: Edition, progress: ProgressCallback | None):
    """What the worklist shows about each listed person, with labels and aliases in the edition's language chain."""
    languages = list(dict.fromkeys([target.content_language, *LABEL_LANGUAGES]))
    return run_query(endpoint, "worklist_details", progress, person=list(listed["person"]), language=languages)


def _worklist(frame, total, names, results, queries, target, source_editions, min_articles, limit, filters, rank):
    """The ranked rows as a Worklist with its total, provenance, definition and scope; `names` are the labels and
    the aliases for the existing-page check."""
    # The query ranks by score (articles, or the evidence score), articles, then QID length and text, which is
    # numeric order; sorting again keeps that explicit.
    frame = frame.assign(_n=qid_numbers(frame["qid"]))
    frame = frame.sort_values(["_score", "articles", "_n"], ascending=[False, False, True])
    frame = frame.drop(columns=["_n", "_score"]).reset_index(drop=True)
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    return Worklist(
        title=f"Worklist for {target.code}",
        frame=frame,
        total=total,
        labels=names[0],
        aliases=names[1],
        provenance=merge_provenance(results),
        definition=f"{definitions.WORKLIST} {filters.describe()}".strip(),
        queries=tuple(queries),
        scope={
            "edition": target.code,
            "min_articles": min_articles,
            "source_editions": ",".join(e.code for e in source_editions),
            "limit": limit,
            "rank": rank,
            **filters.scope(),
        },
    )


def _rows(listed, details, target, sources, population, this_year) -> tuple[pd.DataFrame, dict, dict]:
    """The worklist's rows, one per listed person in the listed order, from the details answer: each fact kind
    is one pandas step over all people (no Python loop over fact rows), and the labels and aliases for the
    existing-page check."""
    people = pd.Index(listed["person"], name="person")
    facts = {kind: rows for kind, rows in details.groupby("fact", sort=False)}
    none = details.iloc[0:0]
    texts = {kind: _by_language(facts.get(kind, none), people, target.content_language) for kind in _TEXT}
    label = _first_text(texts["label"]).where(lambda text: text != "", people.to_series(index=people))
    born = _one_year(facts.get("born", none), people)
    died = people.isin(facts.get("died", none)["person"])
    best, editions, source_url, title = _articles(facts.get("article", none), people, sources, population)
    frame = pd.DataFrame(
        {
            "qid": people,
            "label": label.to_numpy(object),
            "description": _first_text(texts["description"]).to_numpy(object),
            "gender": _genders(facts.get("gender", none), people),
            "countries": _countries(facts.get("country", none), people).to_numpy(object),
            "birth_year": born.to_numpy(object),
            "articles": listed["articles"].astype("int64").to_numpy(),
            "editions": editions,
            "best_source": best,
            "source_url": source_url,
            "translate_url": _translate_urls(target, best, title),
            "wikidata_url": "https://www.wikidata.org/wiki/" + people.to_series(index=people),
            "maybe_living": ~died & (born.isna() | (born > this_year - LIVING_YEARS)).to_numpy(bool),
            "existing_title": "",  # existing_title and note: filled by the existing-page check when titles are given
            "note": "",
            **_evidence(facts, none, people, listed["articles"].astype("int64")),
        },
        index=people,
        columns=COLUMNS,
    ).reset_index(drop=True)
    chain = texts["label"]  # the content language, mul, English: distinct non-empty labels in that order
    labels = {
        qid: tuple(dict.fromkeys(t for t in row if isinstance(t, str) and t))
        for qid, row in zip(people, chain.itertuples(index=False), strict=True)
    }
    return frame, labels, _aliases(facts.get("alias", none), people, target.content_language)


def _aliases(rows: pd.DataFrame, people: pd.Index, language: str) -> dict[str, tuple[str, ...]]:
    """Each listed person's distinct aliases in the order the existing-page check tries them: the content
    language's, then mul's, then English's, each language's in code-point order (the query gives no order)."""
    rank = {code: i for i, code in enumerate(dict.fromkeys([language, *LABEL_LANGUAGES]))}
    kept = pd.DataFrame(
        {
            "person": rows["person"].to_numpy(object),
            "rank": rows["detail"].astype(object).map(rank).to_numpy(object),
            "text": rows["value"].astype(object).to_numpy(object),
        }
    )
    kept = kept[kept["rank"].notna() & kept["text"].map(lambda text: isinstance(text, str) and text != "")]
    found: dict[str, list[str]] = {}
    for person, text in kept.sort_values(["person", "rank", "text"], kind="stable")[["person", "text"]].itertuples(
        index=False
    ):
        found.setdefault(person, []).append(text)
    return {qid: tuple(dict.fromkeys(found[qid])) for qid in people if qid in found}


def _evidence(facts: dict[str, pd.DataFrame], none: pd.DataFrame, people: pd.Index, articles: pd.Series) -> dict:
    """The evidence columns per person: badges ("featured: de, fr; good: es"), reference works, authority ids and
    why ("62 articles; featured in de, fr; 3 reference works; 7 authority IDs")."""
    table = load_editions()
    rows = facts.get("badge", none)
    codes = [e.code if (e := table.by_site(str(site))) else None for site in rows["value"]]
    kinds = [BADGES.get(str(badge)) for badge in rows["detail"]]
    badged = pd.DataFrame({"person": rows["person"].to_numpy(object), "kind": kinds, "code": codes}, dtype=object)
    badged = badged.dropna().drop_duplicates().sort_values(["person", "code"])
    named = {kind: _joined(badged[badged["kind"] == kind], "code", ", ", people) for kind in ("featured", "good")}
    works = facts.get("reference_work", none)["person"].value_counts().reindex(people, fill_value=0).astype("int64")
    ids = facts.get("authority_id", none)["person"].value_counts().reindex(people, fill_value=0).astype("int64")
    badges, why = [], []
    for count, featured, good, work, held in zip(articles, named["featured"], named["good"], works, ids, strict=True):
        shown = [(kind, where) for kind, where in (("featured", featured), ("good", good)) if where]
        badges.append("; ".join(f"{kind}: {where}" for kind, where in shown))
        reasons = [_counted(count, "article"), *(f"{kind} in {where}" for kind, where in shown)]
        reasons += [_counted(work, "reference work")] if work else []
        reasons += [_counted(held, "authority ID")] if held else []
        why.append("; ".join(reasons))
    return {"badges": badges, "reference_works": works.to_numpy(), "authority_ids": ids.to_numpy(), "why": why}


def _counted(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' if n != 1 else ''}"


_TEXT = ("label", "description")


def _by_language(rows: pd.DataFrame, people: pd.Index, language: str) -> pd.DataFrame:
    """One column per language of DESIGN.md's chain (the content language, mul, English), one row per person:
    that language's text, the last one given when there are several (as a dict built row by row keeps)."""
    chain = list(dict.fromkeys([language, *LABEL_LANGUAGES]))
    kept = rows.assign(detail=rows["detail"].astype(object), value=rows["value"].astype(object))
    kept = kept.drop_duplicates(["person", "detail"], keep="last")
    table = kept.pivot(index="person", columns="detail", values="value") if len(kept) else pd.DataFrame()
    return table.reindex(index=people, columns=chain).astype(object)


def _first_text(chain: pd.DataFrame) -> pd.Series:
    """The first non-empty text along the chain's columns, else an empty string."""
    found = pd.Series("", index=chain.index, dtype=object)
    for column in reversed(chain.columns):
        values = chain[column]
        found = values.where(values.notna() & (values.astype(str) != ""), found)
    return found.map(str)


def _one_year(rows: pd.DataFrame, people: pd.Index) -> pd.Series:
    """The one birth year of each person (Int64), missing when none or when the values disagree."""
    years = pd.to_numeric(rows["value"], errors="coerce").dropna()
    groups = years.groupby(rows.loc[years.index, "person"])
    agreed = groups.first().where(groups.nunique() == 1)
    return agreed.reindex(people).astype("Int64")


def _genders(rows: pd.DataFrame, people: pd.Index) -> np.ndarray:
    """gender_group per person, one pass: known P21 values through the shipped table, one group or other."""
    values = rows["value"].astype(object)
    known = rows[values.notna() & ~values.isin(["", UNKNOWN_VALUE])]
    groups = known["value"].astype(object).map(lambda v: _GROUP_OF_VALUE.get(str(v), "other"))
    by_person = groups.groupby(known["person"])
    per_person = by_person.first().where(by_person.nunique() == 1, "other")
    return per_person.reindex(people).fillna(NO_GENDER).to_numpy(object)


def _countries(rows: pd.DataFrame, people: pd.Index) -> pd.Series:
    """Each person's countries (their label, else the QID), distinct, sorted, joined by "; "."""
    values, details = rows["value"].to_numpy(object), rows["detail"].to_numpy(object)
    names = [str(detail) or str(value) for value, detail in zip(values, details, strict=True)]
    named = pd.DataFrame({"person": rows["person"].to_numpy(object), "name": names}).drop_duplicates()
    return _joined(named.sort_values(["person", "name"]), "name", "; ", people)


def _joined(rows: pd.DataFrame, column: str, separator: str, people: pd.Index) -> pd.Series:
    """The texts of `column` joined per person, in the rows' order (rows sorted by person); "" for none.
    Group boundaries found once with numpy: a join per person, not pandas' slicing of every group."""
    persons, texts = rows["person"].to_numpy(object), rows[column].to_numpy(object)
    if not len(persons):
        return pd.Series("", index=people, dtype=object)
    starts = np.flatnonzero(np.r_[True, persons[1:] != persons[:-1]])
    ends = np.r_[starts[1:], len(persons)]
    joined = [separator.join(texts[a:b]) for a, b in zip(starts, ends, strict=True)]
    return pd.Series(joined, index=persons[starts], dtype=object).reindex(people).fillna("")


def _articles(rows, people, sources, population) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per person: the best source (the first chosen source with an article, else the largest edition), its
    editions largest first (ties by code), the best article's URL and title."""
    table = load_editions()
    codes = {site: e.code if (e := table.by_site(str(site))) else None for site in rows["value"].unique()}
    found = pd.DataFrame(
        {
            "person": rows["person"].to_numpy(object),
            "code": rows["value"].map(codes).to_numpy(object),
            "url": rows["detail"].astype(object).to_numpy(object),
            "title": rows["title"].astype(object).where(rows["title"].notna(), None).to_numpy(object),
        }
    )
    found = found[found["code"].notna()].drop_duplicates(["person", "code"], keep="last")
    found = found.assign(_size=-found["code"].map(population).fillna(0).astype("int64"))
    found = found.sort_values(["person", "_size", "code"], kind="stable")
    editions = _joined(found, "code", " ", people)
    rank = {e.code: i for i, e in enumerate(sources)}
    chosen = found.assign(_rank=found["code"].map(rank)).dropna(subset=["_rank"]).sort_values("_rank", kind="stable")
    best = pd.concat([chosen, found]).drop_duplicates("person", keep="first").set_index("person")
    best = best.reindex(people)
    return (
        best["code"].fillna("").to_numpy(object),
        editions.to_numpy(object),
        best["url"].fillna("").to_numpy(object),
        best["title"].to_numpy(object),
    )


def _translate_urls(target: Edition, best: np.ndarray, titles: np.ndarray) -> list[str]:
    """Content Translation links from each best source article (none where there is no source or title)."""
    table = load_editions()
    return [
        translate_url(target, table.get(code), title) if code and isinstance(title, str) and title else ""
        for code, title in zip(best, titles, strict=True)
    ]


def _one_edition(
    endpoint: Endpoint, editions: Sequence[str] | None, *, progress: ProgressCallback | None = None, **options: object
) -> Worklist:
    """build_worklist for a request: a worklist is written for exactly one edition."""
    if editions is None or len(editions) != 1:
        raise BadInput("A worklist is written for one edition; choose exactly one.")
    return build_worklist(endpoint, editions[0], progress=progress, **options)  # type: ignore[arg-type]


SPECS = (
    FigureSpec(
        name="worklist",
        function=_one_edition,
        definition=definitions.WORKLIST,
        queries=("worklist_candidates", "worklist_total", "edition_sizes", "worklist_details"),
        options=(
            Option("min_articles", 1),
            Option("sources", ()),
            Option("limit", DEFAULT_LIMIT),
            Option("this_year", None),
            Option("rank", "articles", _rank),
        ),
        baseline=False,
    ),
)

"""Editathon worklists: people with articles elsewhere and none in the target edition, ranked, with links."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.base import Figure, FigureSpec, Option, merge_provenance, run_query
from gapkit.model import definitions
from gapkit.model.editions import Edition, load_editions
from gapkit.model.filters import LIVING_YEARS, NO_FILTERS, Filters
from gapkit.model.identifiers import parse_int, qid_number
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
    # Each listed person's labels in the content language, mul and English (in that order), for the existing-page
    # check; and that check's outcome (None: no titles were checked).
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
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
    rows: list[list[object]] = []
    labels: dict[str, tuple[str, ...]] = {}
    if len(listed.frame):
        details, details_query = _details(endpoint, listed.frame, target, progress)
        results.append(details)
        queries.append(details_query)
        facts = _facts(details.frame)
        labels = {qid: _labels(facts[qid], target.content_language) for qid in listed.frame["person"]}
        for qid, articles in zip(listed.frame["person"], listed.frame["articles"], strict=True):
            rows.append(_row(qid, int(articles), facts[qid], target, source_editions, population, this_year))
    scores = dict(zip(listed.frame["person"], listed.frame["score"], strict=True))
    return _worklist(
        pd.DataFrame(rows, columns=COLUMNS).assign(_score=lambda f: f["qid"].map(scores)),
        total,
        labels,
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
    """What the worklist shows about each listed person, with labels in the edition's language chain."""
    languages = list(dict.fromkeys([target.content_language, *LABEL_LANGUAGES]))
    return run_query(endpoint, "worklist_details", progress, person=list(listed["person"]), language=languages)


def _worklist(frame, total, labels, results, queries, target, source_editions, min_articles, limit, filters, rank):
    """The ranked rows as a Worklist with its total, provenance, definition and scope."""
    # The query ranks by score (articles, or the evidence score), articles, then QID length and text, which is
    # numeric order; sorting again keeps that explicit.
    frame = frame.assign(_n=frame["qid"].map(qid_number))
    frame = frame.sort_values(["_score", "articles", "_n"], ascending=[False, False, True])
    frame = frame.drop(columns=["_n", "_score"]).reset_index(drop=True)
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    return Worklist(
        title=f"Worklist for {target.code}",
        frame=frame,
        total=total,
        labels=labels,
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


def _facts(frame: pd.DataFrame) -> dict[str, dict[str, list[tuple[object, object, object]]]]:
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for person, fact, value, detail, title in frame[["person", "fact", "value", "detail", "title"]].itertuples(
        index=False
    ):
        facts[person][fact].append((value, detail, title))
    return facts


def _in_language(entries: list[tuple[object, object, object]], language: str) -> str:
    by_language = {str(detail): str(value) for value, detail, _ in entries}
    # DESIGN.md: the content language, else mul (Wikidata's label for all languages), else English
    return by_language.get(language) or by_language.get("mul") or by_language.get("en") or ""


def _labels(facts: dict[str, list[tuple[object, object, object]]], language: str) -> tuple[str, ...]:
    by_language = {str(detail): str(value) for value, detail, _ in facts["label"]}
    wanted = dict.fromkeys([language, *LABEL_LANGUAGES])
    return tuple(dict.fromkeys(by_language[code] for code in wanted if by_language.get(code)))


def _row(qid, articles, facts, target, sources, population, this_year) -> list[object]:
    table = load_editions()
    label = _in_language(facts["label"], target.content_language) or qid
    description = _in_language(facts["description"], target.content_language)
    countries = sorted({str(detail) or str(value) for value, detail, _ in facts["country"]})
    years = {int(value) for value, _, _ in facts["born"] if isinstance(value, int)}
    born = years.pop() if len(years) == 1 else None  # several values that disagree -> unknown
    articles_at = {}
    for site, article, title in facts["article"]:
        edition = table.by_site(str(site))
        if edition:
            articles_at[edition.code] = (str(article), None if pd.isna(title) else title)
    editions = sorted(articles_at, key=lambda code: (-population.get(code, 0), code))
    chosen = [e.code for e in sources if e.code in articles_at]
    best = chosen[0] if chosen else (editions[0] if editions else "")
    source_url, title = articles_at.get(best, ("", None))
    return [
        qid,
        label,
        description,
        gender_group([str(value) for value, _, _ in facts["gender"]]),
        "; ".join(countries),
        born,
        articles,
        " ".join(editions),
        best,
        source_url,
        translate_url(target, table.get(best), title) if best and title else "",
        f"https://www.wikidata.org/wiki/{qid}",
        maybe_living(born, bool(facts["died"]), this_year),
        "",  # existing_title and note: filled by the existing-page check when titles are given
        "",
        *_evidence(articles, facts, table),
    ]


def _evidence(articles: int, facts: dict[str, list[tuple[object, object, object]]], table) -> list[object]:
    """The evidence columns: badges ("featured: de, fr; good: es"), reference works, authority ids and why."""
    badged: dict[str, set[str]] = defaultdict(set)
    for site, badge, _ in facts["badge"]:
        edition = table.by_site(str(site))
        if edition and str(badge) in BADGES:
            badged[BADGES[str(badge)]].add(edition.code)
    kinds = [kind for kind in ("featured", "good") if badged[kind]]
    badges = "; ".join(f"{kind}: {', '.join(sorted(badged[kind]))}" for kind in kinds)
    works, ids = len(facts["reference_work"]), len(facts["authority_id"])
    why = [f"{articles} article{'s' if articles != 1 else ''}"]
    why += [f"{kind} in {', '.join(sorted(badged[kind]))}" for kind in kinds]
    why += [f"{works} reference work{'s' if works != 1 else ''}"] if works else []
    why += [f"{ids} authority ID{'s' if ids != 1 else ''}"] if ids else []
    return [badges, works, ids, "; ".join(why)]


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

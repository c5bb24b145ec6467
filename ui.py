"""Shared page helpers: the data source in the sidebar, scope in the URL, errors as one sentence, provenance."""

import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util
from streamlit.elements import vega_charts

from gapkit import cached
from gapkit.errors import GapkitError, SourceError
from gapkit.figures.base import Figure, FigureRequest, request
from gapkit.figures.baselines import ALL, PARITY
from gapkit.figures.choices import labels_of
from gapkit.model.editions import load_editions
from gapkit.model.filters import LIVING, NO_FILTERS, REGION_CHOICES, Filters, make_filters
from gapkit.model.settings import load_settings
from gapkit.model.tables import GROUPS, REGION_LABELS
from gapkit.outputs.charts import image_chart
from gapkit.outputs.explain import explain_rows, explain_summary
from gapkit.outputs.registry import CHART_FORMATS, FIGURE_FORMATS, OutputFormat
from gapkit.sources.endpoints import Endpoint
from gapkit.sources.resolve import source_names

T = TypeVar("T")


def param(name: str) -> str | None:
    """A scope value: from the page URL, else the one this session last wrote (URL params are dropped on
    page switch, so the session keeps the scope between pages)."""
    value = st.query_params.get(name)
    if isinstance(value, str) and value:
        return value
    value = st.session_state.get("scope", {}).get(name)
    return value if isinstance(value, str) and value else None


def param_list(name: str) -> list[str]:
    """A comma-separated query parameter as a list (empty when absent)."""
    value = param(name)
    return [v for v in value.split(",") if v] if value else []


# Parameters every page reads (the sidebar), and Streamlit's own; a page adds its own names to these.
SIDEBAR_PARAMS = (
    "source",
    "offline",
    "gender",
    "region",
    "country",
    "occupation",
    "narrower",
    "born_from",
    "born_to",
    "living",
    "baseline",
)
STREAMLIT_PARAMS = ("embed", "embed_options")
FIGURES_KEPT = 12  # how many of the last figures the Queries & data page explains
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")  # at most 9 digits: int() of a longer text is never needed here


def shown(value: str) -> str:
    """A URL value as a page names it: quoted, and cut short so a hostile link cannot fill the page."""
    return repr(value[:40] + "…" if len(value) > 40 else value)


def unusable(name: str, value: str, instead: str) -> None:
    """One visible sentence naming a URL value this page cannot use, and what it shows instead."""
    st.warning(f"The link's {name}={shown(value)} cannot be used here; {instead}.")


def url_choice(name: str, options: Sequence[str], default: str, text: dict[str, str] | None = None) -> str:
    """A URL value that must be one of `options`; anything else is named, and `default` is used."""
    wanted = param(name)
    if wanted is None or wanted in options:
        return wanted if wanted is not None else default
    unusable(name, wanted, f"showing {(text or {}).get(default, default)!s} instead")
    return default


def url_flag(name: str, default: bool) -> bool:
    """A URL switch, 1 (on) or 0 (off); anything else is named, and `default` is used."""
    return url_choice(name, ("0", "1"), "1" if default else "0", {"1": "it on", "0": "it off"}) == "1"


def url_int(name: str, low: int, high: int, default: int) -> int:
    """A whole number from the URL within [low, high]; a malformed or out-of-range one is named, `default` used."""
    text = param(name)
    if text is None:
        return default
    if WHOLE_NUMBER.fullmatch(text) and low <= int(text) <= high:
        return int(text)
    unusable(name, text, f"it must be a whole number from {low:,} to {high:,}; showing {default:,} instead")
    return default


def url_editions(name: str, available: Sequence[str], leave_out: Sequence[str] = ()) -> list[str]:
    """Editions listed in the URL that are in the data; the others are named and left out."""
    listed = param_list(name)
    unknown = [code for code in listed if code not in available or code in leave_out]
    if unknown:
        st.warning(
            f"The link's {name} names {', '.join(shown(c) for c in unknown[:5])}"
            f"{' and more' if len(unknown) > 5 else ''}, which this data cannot use here; left out."
        )
    return [code for code in listed if code in available and code not in leave_out]


def url_edition(available: Sequence[str]) -> int | None:
    """The selectbox index of the URL's edition (else the first of its editions): 0 when the URL names none;
    None, after naming it, when the URL names one without biographies in the data, so nothing is built for
    an edition nobody picked."""
    wanted = param("edition") or (param_list("editions") or [None])[0]
    if wanted is None:
        return 0
    if wanted in available:
        return available.index(wanted)
    st.warning(f"The link's edition {shown(wanted)} has no biographies in this data; pick an edition below.")
    return None


def url_edition_in(name: str, choices: Sequence[str]) -> int:
    """The index of the URL's `name` among `choices` (0 when absent; an edition not among them is named)."""
    wanted = param(name)
    if wanted is None or wanted in choices:
        return list(choices).index(wanted) if wanted else 0
    unusable(name, wanted, f"it is not among the chosen editions; showing {choices[0]} instead")
    return 0


def unknown_params(own: Sequence[str]) -> None:
    """Name the URL parameters no part of this page reads (a mistyped name is never silently ignored)."""
    known = {*SIDEBAR_PARAMS, *STREAMLIT_PARAMS, *own}
    stray = [name for name in st.query_params if name not in known]
    if stray:
        st.warning(
            f"This page has no setting {', '.join(shown(n) for n in stray[:5])}"
            f"{' and more' if len(stray) > 5 else ''} (from the link); ignored."
        )


def write_params(**values: str | Sequence[str] | None) -> None:
    """Write the page's scope to the URL and to the session, so a copied URL and the next page both see it."""
    scope = st.session_state.setdefault("scope", {})
    for name, value in values.items():
        text = ",".join(value) if isinstance(value, list | tuple) else value
        if text:
            scope[name] = text
            if st.query_params.get(name) != text:
                st.query_params[name] = text
        else:
            scope.pop(name, None)
            if name in st.query_params:
                del st.query_params[name]


def sidebar_source() -> str:
    """The data-source picker; returns a configured name (never a path or URL)."""
    try:
        settings = load_settings()
        names = source_names(settings)
    except GapkitError as err:
        st.sidebar.error(str(err))
        st.stop()
    wanted = param("source") or settings.default_source
    if wanted not in names:
        st.sidebar.error(f"{wanted[:40]!r} is not a configured data source; showing {names[0]} instead.")
        wanted = names[0]
    name = st.sidebar.selectbox(
        "Data source",
        names,
        index=names.index(wanted),
        key="source",
        help="local = the store in GAPKIT_STORE, else the bundled sample",
    )
    st.session_state["source_name"] = name
    offline = False
    if name in settings.endpoints:
        offline = st.sidebar.toggle(
            "Offline: answer from the cache only",
            url_flag("offline", False),
            key="offline",
            help="Shows only answers fetched before; says which are missing.",
        )
    elif param("offline") not in (None, "0"):
        unusable("offline", param("offline") or "", f"{name} is not a remote endpoint and needs no cache")
    st.session_state["offline_on"] = offline
    return name


def current_endpoint() -> Endpoint | None:
    """The endpoint of the sidebar's source, or None after showing why it cannot be opened."""
    name = st.session_state.get("source_name") or param("source")
    offline = bool(st.session_state.get("offline_on"))
    try:
        ep = cached.endpoint(name, offline)
    except GapkitError as err:
        st.error(str(err))
        return None
    write_params(source=ep.name if ep.name != "local" else None, offline="1" if offline else None)
    notice = ep.provenance().notice
    if notice:
        (st.warning if ep.provenance().synthetic or not ep.provenance().representative else st.info)(notice)
    return ep


def cached_figure(ep: Endpoint, asked: FigureRequest) -> Figure:
    """A requested figure through the cache, and remember its queries for the Queries & data page. While it is
    computed, waits (HTTP 429, retries) and partitions of a remote endpoint show under a progress bar."""
    board = st.empty()
    offline = bool(st.session_state.get("offline_on"))

    def progress(message: str, fraction: float | None) -> None:
        board.progress(min(max(fraction or 0.0, 0.0), 1.0), text=message)

    try:
        # Offline nothing is fetched, so there is no progress to show: a cache miss is one sentence, not a bar.
        figure = cached.figure(ep, asked, progress=None if offline else progress)
    except SourceError as err:
        if offline:
            raise SourceError(
                f"Offline, and this view was never fetched from {ep.name}: switch off Offline in the sidebar "
                "to fetch it."
            ) from err
        raise
    finally:
        board.empty()
    used = st.session_state.setdefault("queries_used", {})
    for query in figure.queries:
        used[(query.name, hash(query.text))] = query
    # How the last figures were made (parts, requests, time), newest first, for the Queries & data page.
    runs = st.session_state.setdefault("figures_run", {})
    runs.pop(asked, None)
    runs[asked] = (explain_summary(figure), explain_rows(figure))
    while len(runs) > FIGURES_KEPT:
        runs.pop(next(iter(runs)))
    return figure


def editions_in_data(ep: Endpoint) -> list[str] | None:
    """Editions with at least one biography in the data, largest first (None after showing why not)."""
    every = figure_or_error(lambda: cached_figure(ep, request("gender")))
    return list(dict.fromkeys(every.frame["edition"])) if every is not None else None


def page_start(title: str) -> tuple[Endpoint, list[str]]:
    """Title, source notice, the editions in the data and the sidebar scope (filters, baseline); stops the page
    with one sentence when there are no editions or a filter is malformed."""
    st.title(title)
    ep = current_endpoint()
    if ep is None:
        st.stop()
    available = editions_in_data(ep)
    if available is None:
        st.stop()  # the reason is already on the page, in one sentence
    if not available:
        st.info("No biographies in this data source.")
        st.stop()
    sidebar_scope(ep, available)
    return ep, available


def _choice(label: str, options: list[str], name: str, text: dict[str, str]) -> str:
    wanted = url_choice(name, options, "", text)
    return st.sidebar.selectbox(
        label,
        options,
        index=options.index(wanted),
        key=f"scope_{name}",
        format_func=lambda value: text.get(value, value),
    )


def _qids(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


MAX_OPTIONS = 5_000  # options per picker, most people first (a chosen item is always among them)
PICKERS = {
    "country": ("Countries of citizenship", "a country of citizenship of anyone", "France"),
    "occupation": ("Occupations", "an occupation of anyone", "writer"),
}
# With "...and narrower occupations" on, the occupations listed are every class in the P279 tree above someone's.
TREE_WHAT = "an occupation of anyone or a class above one"


def picker_choices(ep: Endpoint, narrower: bool = False) -> Figure | None:
    """The pickers' options: every country and occupation of the people in the data (every edition, no filters),
    with their people (`narrower`: every occupation class above theirs too, with its tree's people); None, after
    one line in the sidebar, when the source cannot list them now."""
    try:
        return cached_figure(ep, request("choices", narrower=True) if narrower else request("choices"))
    except GapkitError as err:
        what = "Occupations and the classes above them" if narrower else "Countries and occupations"
        st.sidebar.caption(f"{what} cannot be listed by name now: {err}")
        return None


def _option_text(qid: str, label: str, people: int) -> str:
    counted = f"{people:,} {'person' if people == 1 else 'people'}"
    return f"{label} ({qid}): {counted}" if label else f"{qid}: {counted}"


def item_picker(name: str, choices: pd.DataFrame | None, tree: bool = False) -> list[str]:
    """The sidebar picker of countries or occupations (`name`) by label search: a multiselect over the items of
    the data ("writer (Q36180): 3 people"), which the widget filters as one types, so no typed text reaches a
    query. Its first value is the URL's QIDs; one the data does not have is named and left out. Without
    `choices` (the source cannot list them now), the URL's well-formed QIDs are offered as they are. `tree`:
    the choices are occupation classes with their trees' people (narrower on)."""
    key = f"scope_{name}"
    label, what, example = PICKERS[name]
    what = TREE_WHAT if tree else what
    wanted = list(dict.fromkeys(st.session_state[key] if key in st.session_state else _qids(param(name) or "")))
    if choices is None:
        text = {qid: qid for qid in wanted if _filter_problem(lambda q=qid: make_filters(country=[q])) is None}
        options, what = list(text), "a Wikidata item (Q and a number)"
    else:
        rows = choices[choices["dimension"] == name]
        text = {
            qid: _option_text(qid, label_, int(people))
            for qid, label_, people in zip(rows["item"], rows["item_label"], rows["people"], strict=True)
        }
        listed = list(rows["item"][:MAX_OPTIONS])
        options = listed + [qid for qid in wanted if qid in text and qid not in set(listed)]
        what += " in this data"
    unknown = [qid for qid in wanted if qid not in text]
    if unknown:
        more, verb = " and more" if len(unknown) > 5 else "", "is" if len(unknown) == 1 else "are"
        st.warning(
            f"The link's {name} names {', '.join(shown(q) for q in unknown[:5])}{more}, which {verb} not {what}; "
            "left out."
        )
    st.session_state[key] = [qid for qid in wanted if qid in text]
    return st.sidebar.multiselect(
        label,
        options,
        key=key,
        format_func=lambda qid: text.get(qid, qid),
        placeholder=f"Any; type e.g. {example}",
        help="Type a name or a QID to find one. Several: people with any of them. Listed: every item someone in "
        "the data has, with its people in every edition"
        + (", and every class above one, with the people of its tree." if tree else "."),
    )


def edition_label(code: str) -> str:
    """An edition as its pickers show it: "hr - Croatian Wikipedia" (the code alone when the table has no name)."""
    name = edition_name(code)
    return f"{code} - {name}" if name != code else code


def _filter_problem(check: Callable[[], Filters]) -> str | None:
    """What is wrong with one filter on its own (None: nothing)."""
    try:
        check()
    except GapkitError as err:
        return str(err)
    return None


def sidebar_scope(ep: Endpoint, available: list[str]) -> None:
    """The filters and the baseline, in the sidebar: read from the URL, written back to it, kept for the page."""
    st.sidebar.markdown("**Who is counted** (filters)")
    gender = _choice("Gender group", ["", *GROUPS], "gender", {"": "any", "no_gender": "no gender data"})
    region = _choice("Region", ["", *REGION_CHOICES], "region", {"": "any", **REGION_LABELS})
    choices = picker_choices(ep)
    country = item_picker("country", None if choices is None else choices.frame)
    # The checkbox stands below the picker, but its value (this run's click, else the URL's) decides the options.
    narrower_default = url_flag("narrower", False)
    tree = picker_choices(ep, True) if st.session_state.get("scope_narrower", narrower_default) else choices
    occupation = item_picker("occupation", None if tree is None else tree.frame, tree is not choices)
    narrower = st.sidebar.checkbox(
        "…and narrower occupations",
        narrower_default,
        key="scope_narrower",
        help="Also people whose occupation is a narrower one (P279 paths), e.g. novelist under writer.",
    )
    born_from = st.sidebar.text_input("Born from (year; -469 is 469 BCE)", param("born_from") or "", key="scope_from")
    born_to = st.sidebar.text_input("Born until (year)", param("born_to") or "", key="scope_to")
    living = _choice(
        "Living",
        ["", *LIVING],
        "living",
        {"": "any", "yes": "may be living", "no": "not living", "unknown": "unknown (no birth year)"},
    )
    baseline = _choice(
        "Compare with (baseline)",
        ["", ALL, PARITY, *available],
        "baseline",
        {"": "nothing", ALL: "all people in the data", PARITY: "parity (gender only)"}
        | {code: edition_label(code) for code in available},
    )
    write_params(
        gender=gender,
        region=region,
        country=country,
        occupation=occupation,
        narrower="1" if narrower and occupation else None,
        born_from=born_from.strip(),
        born_to=born_to.strip(),
        living=living,
        baseline=baseline,
    )
    try:
        filters = make_filters(gender, region, country, occupation, narrower, born_from, born_to, living)
    except GapkitError as err:
        # Each malformed filter is named, not only the first one make_filters meets.
        alone = [
            _filter_problem(lambda: make_filters("", "", [], [], False, born_from, "", "")),
            _filter_problem(lambda: make_filters("", "", [], [], False, "", born_to, "")),
        ]
        for problem in [p for p in alone if p] or [str(err)]:
            st.error(f"{problem} Fix it in the sidebar.")
        st.stop()
    if choices is not None or tree is not None:
        named = [labels_of(figure) for figure in (choices, tree) if figure is not None]
        filters = filters.named({qid: label for labels in named for qid, label in labels.items()})
    st.session_state["filters"] = filters
    st.session_state["baseline"] = baseline or None
    if filters.active:
        st.caption(filters.describe())


def filters() -> Filters:
    """The sidebar's filters for this run."""
    return st.session_state.get("filters", NO_FILTERS)


def baseline(parity: bool = False) -> str | None:
    """The sidebar's baseline for a figure; parity only where the figure is gender shares."""
    chosen = st.session_state.get("baseline")
    if chosen == PARITY and not parity:
        st.caption("Parity compares gender shares only; these figures are shown without a baseline.")
        return None
    return chosen


def edition_name(code: str) -> str:
    """An edition's English name from the shipped table ("Croatian Wikipedia"), else its code."""
    return load_editions().get(code).name if code in load_editions() else code


def headline(figure: Figure, chosen: str | None, most: int = 4) -> None:
    """The share of women per edition (at most `most`), as metrics whose delta is the gap in points to the
    figure's baseline, else to parity; computed from a gender figure's frame (grouped, not raw P21 values)."""
    frame = figure.frame
    women = frame[frame["gender"] == "women"] if "gender" in frame else frame.iloc[0:0]
    rows = [row for _, row in women.iterrows() if row["share"] == row["share"]][:most]  # NaN: no gender data
    if not rows:
        return
    against = None
    if "gap_pp" in frame and chosen not in (None, PARITY):
        against = "all people in the data" if chosen == ALL else edition_name(str(chosen))
    for column, row in zip(st.columns(len(rows)), rows, strict=True):
        share = float(row["share"]) * 100
        gap = float(row["gap_pp"]) if against and row["gap_pp"] == row["gap_pp"] else share - 50
        name = edition_name(str(row["edition"]))
        column.metric(
            f"{name}: biographies with gender data about women",
            f"{share:.1f} %",
            f"{gap:+.1f} points to {against or 'parity'}",
            help=f"{share:.1f} % of {name}'s biographies with gender data are about women.",
        )


def gender_headline(ep: Endpoint, editions: Sequence[str]) -> None:
    """The headline of a page whose figures are not gender shares: the chosen editions' share of women, against
    the sidebar's baseline (parity included)."""
    chosen = st.session_state.get("baseline")
    asked = request("gender", list(editions), filters=filters(), baseline=chosen)
    figure = figure_or_error(lambda: cached_figure(ep, asked))
    if figure is not None:
        headline(figure, chosen)


PERCENT_COLUMNS = ("share", "baseline_share")


def percent_table(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object]]:
    """A figure's frame as people read it, with the column formats for st.dataframe: shares as percentages, gaps
    in points; the column names stay those of the CSV download, which keeps the fractions. Show it with
    `placeholder=""` (TABLE_OPTIONS), so a cell without a value is empty, never `None`: no pandas Styler, which
    took 0.05-0.2 s per table on every rerun."""
    shown = frame.assign(**{c: frame[c] * 100 for c in PERCENT_COLUMNS if c in frame})
    formats = {c: "%.1f %%" for c in PERCENT_COLUMNS if c in shown}
    if "gap_pp" in shown:
        formats["gap_pp"] = "%+.1f"
    return shown, {c: st.column_config.NumberColumn(c, format=f) for c, f in formats.items()}


TABLE_OPTIONS = {"hide_index": True, "width": "stretch", "placeholder": ""}  # empty cells stay empty


def show_figure(
    figure: Figure,
    chart: Callable[[], alt.TopLevelMixin] | None,
    filename: str,
    key: str,
    drawn: Figure | None = None,
) -> None:
    """A figure's chart, its table, its definition and provenance, and its CSV, PNG and SVG downloads; `drawn` is
    what the chart shows when that differs from the table (birth periods of a decade figure).

    `chart` builds the chart; it is built and turned into its Vega-Lite spec (validated) once per figure content,
    then kept: a rerun with the same figure (a click elsewhere on the page) redraws it from the kept spec."""
    stem = filename.rsplit(".", 1)[0]
    made = None
    if chart is not None:
        content = ("chart", key, stem, content_digest(figure))
        made = cached.export(content, chart)
        spec, datasets = cached.export(("spec", *content), lambda: _spec_parts(made))
        # A fresh copy of the spec (Streamlit changes what it gets), its tables already in Arrow, as Streamlit
        # would make them on every rerun.
        st.vega_lite_chart({**json.loads(spec), "datasets": dict(datasets)}, width="stretch")
    table, formats = cached.export(("table", content_digest(figure)), lambda: _table(figure))
    st.dataframe(table, column_config=formats, **TABLE_OPTIONS)
    provenance_caption(figure)
    columns = st.columns(3 if made is not None else 1)
    download(columns[0], FIGURE_FORMATS["csv"], figure, stem, key)
    if made is not None:
        # Images carry the definition and provenance below the plot; drawn only when first asked for (vl-convert
        # takes 0.2-1 s per chart, a map 3 s), then kept.
        image = lambda: image_chart(drawn or figure, made)  # noqa: E731 - built only when an image is asked for
        download(columns[1], CHART_FORMATS["png"], image, stem, f"{key}_png", lazy=True, source=figure)
        download(columns[2], CHART_FORMATS["svg"], image, stem, f"{key}_svg", lazy=True, source=figure)


def _table(figure: Figure) -> tuple[pa.Table | pd.DataFrame, dict[str, object]]:
    # The table in Arrow once per figure content (Streamlit converts a pandas frame again on every rerun).
    shown, formats = percent_table(figure.frame)
    convert = getattr(dataframe_util, "convert_pandas_df_to_arrow_table", None)  # not in every Streamlit 1.x
    return (convert(shown.reset_index(drop=True)) if convert else shown), formats


def _spec_parts(chart: alt.TopLevelMixin) -> tuple[str, tuple[tuple[str, object], ...]]:
    # The spec's text without its tables, and the tables: in Arrow IPC bytes, as Streamlit sends them (it converts
    # a spec's inline tables on every rerun: 0.02-0.05 s a chart); shapes (TopoJSON) stay as they are.
    # Both helpers are Streamlit internals (1.67): without either, the tables stay as the spec has them.
    spec = _spec_of(chart)
    datasets = spec.pop("datasets", {})
    to_arrow = getattr(dataframe_util, "convert_anything_to_arrow_bytes", None)
    is_shape = getattr(vega_charts, "_is_geojson_or_topojson_payload", None)
    if to_arrow is None or is_shape is None:
        return json.dumps(spec), tuple(datasets.items())
    parts = tuple((name, rows if is_shape(rows) else to_arrow(rows)) for name, rows in datasets.items())
    return json.dumps(spec), parts


def _spec_of(chart: alt.TopLevelMixin) -> dict[str, object]:
    # Data inline in the spec (the figures are small; a map's rows are at most one per country). Not validated
    # against the Vega-Lite schema here (0.06 s a chart): the chart functions' tests validate every kind of chart.
    with alt.data_transformers.enable("default", max_rows=None):
        return chart.to_dict(validate=False)


def export_key(fmt: OutputFormat, stem: str, source: object) -> tuple[str, ...]:
    """What identifies a download file: its format and name, and the content of the figure or worklist it is
    made from (its rows, title, scope, provenance, existing-page check)."""
    writer = f"{fmt.writer.__module__}.{fmt.writer.__qualname__}"  # another writer is another file
    return (fmt.name, writer, stem, content_digest(source))


DIGESTS_KEPT = 256
_digests: dict[int, tuple[object, str]] = {}  # id -> (the figure itself, so the id is not reused; its digest)


def content_digest(source: object) -> str:
    """A sha256 of a figure's or worklist's rows and what is written beside them. A Figure is hashed once: the
    cache hands every run the same Figure object, which nothing changes in place (its rows took 0.01-0.05 s to
    hash, four times per chart on every rerun)."""
    kept = _digests.get(id(source)) if isinstance(source, Figure) else None
    if kept is not None and kept[0] is source:
        return kept[1]
    frame = getattr(source, "frame", None)
    try:
        rows = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes() if frame is not None else b""
    except TypeError:  # unhashable cells (lists): the rows' text identifies them as well
        rows = pd.util.hash_pandas_object(frame.astype(str), index=True).to_numpy().tobytes()
    about = repr([getattr(source, name, None) for name in ("title", "scope", "provenance", "titles_check", "total")])
    digest = hashlib.sha256(rows + about.encode("utf-8")).hexdigest()
    if isinstance(source, Figure):
        while len(_digests) >= DIGESTS_KEPT:
            _digests.pop(next(iter(_digests)))
        _digests[id(source)] = (source, digest)
    return digest


def derived(figure: Figure, name: str, make: Callable[[Figure], T]) -> T:
    """`make(figure)` (e.g. a decade figure by birth period), made once per figure content and kept."""
    return cached.export(("derived", name, content_digest(figure)), lambda: make(figure))


def download(
    place: object,
    fmt: OutputFormat,
    item: object,
    stem: str,
    key: str,
    *,
    label: str = "",
    lazy: bool = False,
    source: object = None,
) -> None:
    """A download button for `item` in a registered format; an export that cannot be built is one sentence.

    Each file is built once per content (`source`, default `item`) and kept, and the button hands Streamlit the
    same bytes on every rerun: the file keeps its address, so a click on a button an earlier run drew still
    delivers. A click never reruns the page (on_click="ignore"). `lazy` builds the file only when first clicked
    (slow writers such as chart images; `item` is then a callable giving what the writer takes)."""
    text = label or f"Download {fmt.name.upper()}"
    wanted = export_key(fmt, stem, item if source is None else source)
    build = (lambda: fmt.writer(item())) if lazy else (lambda: fmt.writer(item))
    if lazy and cached.built_export(wanted) is None:
        place.download_button(
            text, lambda: cached.export(wanted, build), fmt.file_name(stem), fmt.mime, key=key, on_click="ignore"
        )
        return
    try:
        data = cached.export(wanted, build)
    except Exception as err:  # one broken export must not take the page down; the others still work
        place.warning(f"The {fmt.name.upper()} export could not be built ({type(err).__name__}).")
        return
    place.download_button(text, data, fmt.file_name(stem), fmt.mime, key=key, on_click="ignore")


def run_timed(navigation: object, started: float) -> None:
    """Run the chosen page; with GAPKIT_TIMING set, write each script run's seconds (from `started`) to stderr
    ("gapkit run: PAGE 0.123 s"), so the server's share of a click can be told from the browser's."""
    if not os.environ.get("GAPKIT_TIMING"):
        navigation.run()
        return
    try:
        navigation.run()
    finally:  # st.stop() and reruns end a run with an exception: their runs count too
        took = time.perf_counter() - started
        page = getattr(navigation, "url_path", "") or "overview"
        print(f"gapkit run: {page} {took:.3f} s", file=sys.stderr, flush=True)


def figure_or_error(make: Callable[[], T]) -> T | None:
    """Run a figure; a failure shows one sentence and the rest of the page keeps working."""
    try:
        return make()
    except GapkitError as err:
        st.error(str(err))
        return None


def provenance_caption(figure: Figure) -> None:
    """Definition and provenance under a chart or table, as plain text."""
    st.caption(figure.definition)
    st.caption(figure.provenance.line())

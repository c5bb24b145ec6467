"""Shared page helpers: the data source in the sidebar, scope in the URL, errors as one sentence, provenance."""

from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st

from gapkit import cached
from gapkit.endpoints import Endpoint
from gapkit.errors import GapkitError
from gapkit.exports import csv_text
from gapkit.figure import Figure
from gapkit.settings import load_settings
from gapkit.sources import source_names

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
    return name


def current_endpoint() -> Endpoint | None:
    """The endpoint of the sidebar's source, or None after showing why it cannot be opened."""
    name = st.session_state.get("source_name") or param("source")
    try:
        ep = cached.endpoint(name)
    except GapkitError as err:
        st.error(str(err))
        return None
    write_params(source=ep.name if ep.name != "local" else None)
    notice = ep.provenance().notice
    if notice:
        (st.warning if ep.provenance().synthetic or not ep.provenance().representative else st.info)(notice)
    return ep


def cached_figure(ep: Endpoint, name: str, *args: object, **kwargs: object):
    """A figure by name through the cache, and remember its queries for the Queries & data page."""
    figure = cached.figure(ep, name, *args, **kwargs)
    used = st.session_state.setdefault("queries_used", {})
    for query in figure.queries:
        used[(query.name, hash(query.text))] = query
    return figure


def editions_in_data(ep: Endpoint) -> list[str]:
    """Editions with at least one biography in the data, largest first (empty after showing why)."""
    every = figure_or_error(lambda: cached_figure(ep, "gender", None))
    return list(dict.fromkeys(every.frame["edition"])) if every is not None else []


def page_start(title: str) -> tuple[Endpoint, list[str]]:
    """Title, source notice and the editions in the data; stops the page with one sentence when there are none."""
    st.title(title)
    ep = current_endpoint()
    if ep is None:
        st.stop()
    available = editions_in_data(ep)
    if not available:
        st.info("No biographies in this data source.")
        st.stop()
    return ep, available


def show_figure(figure: Figure, chart: object | None, filename: str, key: str) -> None:
    """A figure's chart, its table, its definition and provenance, and its CSV download."""
    if chart is not None:
        st.altair_chart(chart, width="stretch")
    st.dataframe(
        figure.frame,
        hide_index=True,
        width="stretch",
        column_config={"share": st.column_config.NumberColumn("share", format="%.4f")},
    )
    provenance_caption(figure)
    st.download_button("Download CSV", csv_text(figure.frame), filename, "text/csv", key=key)


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

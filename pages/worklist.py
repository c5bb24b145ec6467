"""Worklist: people with articles in other editions and none in the target one, ranked, exported for an event."""

from pathlib import Path

import streamlit as st

import ui
from gapkit.errors import GapkitError
from gapkit.events.snapshots import event_progress, save_event, saved_events
from gapkit.figures.base import request
from gapkit.figures.existing_pages import check_titles_api, check_titles_file
from gapkit.figures.worklist import DEFAULT_LIMIT, MAX_LIMIT, RANKS, Worklist
from gapkit.model.editions import load_editions
from gapkit.model.settings import load_settings
from gapkit.outputs.charts import before_after_chart
from gapkit.outputs.listing import (
    MAX_PER_PAGE,
    SECTIONS,
    Listing,
    as_listing,
    disambiguations,
    parts,
    with_red_links,
)
from gapkit.outputs.registry import WORKLIST_FORMATS
from gapkit.outputs.worklist_formats import listeria_refusal
from gapkit.sources.endpoints import LocalEndpoint
from gapkit.sources.titles import TitlesApi, read_titles


def page_words(message: str, name: str, events_dir: Path) -> str:
    """An event message as this page says it: its own controls instead of the CLI's options, and no server
    paths (the library writes its messages for the command line)."""
    folder = Path(events_dir)
    for path, words in [
        (str(folder / f"{name}.json"), f"for {name}"),
        (str(folder.resolve() / f"{name}.json"), f"for {name}"),
        (str(folder.resolve()), "the events folder"),
        (str(folder), "the events folder"),
    ]:
        message = message.replace(path, words)
    return message.replace("choose another name or --replace", "type another name under Event name")


def checked_listing(listing: Listing, uploaded: object, ask_api: bool) -> Worklist:
    """The listing after the existing-page check asked for (an uploaded titles file, else the edition's MediaWiki
    API), with its red links; a failed check raises, so nothing unchecked is shown or exported as checked."""
    also = disambiguations(listing)
    if uploaded is not None:
        uploaded.seek(0)  # a rerun reads the same upload again from its start
        name = str(getattr(uploaded, "name", "titles"))[:120]
        titles = read_titles(uploaded, name, load_settings().max_input_bytes)
        checked, taken = check_titles_file(listing, titles, name, also)
    elif ask_api:
        edition_row = load_editions().get(listing.scope["edition"])
        offline = bool(st.session_state.get("offline_on"))
        with st.spinner(f"Asking {edition_row.code}'s MediaWiki API which pages exist…"):
            checked, taken = check_titles_api(listing, TitlesApi(edition_row, load_settings(), offline=offline), also)
    else:
        return listing
    return with_red_links(checked, taken)


endpoint, available = ui.page_start("Editathon worklist")
ui.unknown_params(["edition", "editions", "sources", "k", "limit", "rank", "section", "per_page", "titles_api"])
edition = st.selectbox(
    "Write for edition",
    available,
    index=ui.url_edition(available),
    key="edition",
    placeholder="Pick one: type a code or a name",
    format_func=ui.edition_label,
)
if edition is None:
    ui.write_params(edition=None)
    st.info("Pick the edition to write for: no worklist is built or exported until one is picked.")
    st.stop()
from_link = "mode" not in st.session_state  # the first run of this page reads the link; later runs, the controls
mode = st.radio(
    "Candidates",
    ["articles", "sources"],
    horizontal=True,
    key="mode",
    index=1 if ui.param("sources") else 0,
    format_func={"articles": "at least K articles anywhere", "sources": "an article in a source edition"}.get,
)
if mode == "articles":
    min_articles = st.number_input("K: fewest Wikipedia articles", 1, 10_000, ui.url_int("k", 1, 10_000, 1), key="k")
    sources: list[str] = []
else:
    min_articles = 1
    if from_link and ui.param("k"):
        ui.unusable("k", ui.param("k") or "", "K counts only for candidates with at least K articles; ignored")
    default_sources = ui.url_editions("sources", available, leave_out=[edition])
    sources = st.multiselect(
        "Source editions (languages participants read)",
        [c for c in available if c != edition],
        default=default_sources,
        key="sources",
        format_func=ui.edition_label,
    )
limit = st.number_input("List at most", 1, MAX_LIMIT, ui.url_int("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), key="limit")
RANK_TEXT = {"articles": "articles", "evidence": "evidence (badges, reference works, authority IDs)"}
rank = st.radio(
    "Rank by",
    RANKS,
    horizontal=True,
    key="rank",
    index=RANKS.index(ui.url_choice("rank", RANKS, "articles", RANK_TEXT)),
    format_func=RANK_TEXT.get,
    help="evidence: articles + 5 x featured + 3 x good editions + 2 x reference works (at most 10) + authority IDs "
    "(at most 10); the list is cut after ranking every candidate.",
)
titles = st.file_uploader(
    f"Existing-page check: the edition's page titles (an all-titles-in-ns0 dump, gz or plain; at most "
    f"{load_settings().max_input_bytes:,} bytes uncompressed)",
    key="titles",
    help="From https://dumps.wikimedia.org/, for example hrwiki-latest-all-titles-in-ns0.gz. Listed people whose "
    "label names an existing page get existing_title and a note.",
)
remote = not isinstance(endpoint, LocalEndpoint)
ask_api = remote and st.toggle(
    "Existing-page check: ask the edition's MediaWiki API instead (50 titles a request, cached)",
    ui.url_flag("titles_api", False),
    key="titles_api",
    help="For a remote source: the edition's w/api.php is asked which of the listed labels name a page.",
)
if not remote and ui.param("titles_api") not in (None, "0"):
    ui.unusable("titles_api", ui.param("titles_api") or "", "the MediaWiki API check is for remote sources; not asked")
section_choices = ["", *SECTIONS]
section = st.selectbox(
    "Sections in the wikitext and Wikidata list exports",
    section_choices,
    index=section_choices.index(ui.url_choice("section", SECTIONS, "", {"": "no sections"})),
    key="section",
    format_func=lambda value: value or "no sections",
)
per_page = st.number_input(
    "People per page (0: one page)", 0, MAX_PER_PAGE, ui.url_int("per_page", 0, MAX_PER_PAGE, 0), key="per_page"
)
ui.write_params(
    edition=edition,
    k=str(min_articles) if mode == "articles" and min_articles != 1 else None,
    sources=sources or None,
    limit=str(limit) if limit != DEFAULT_LIMIT else None,
    section=section or None,
    per_page=str(per_page) if per_page else None,
    titles_api="1" if ask_api else None,
    rank=rank if rank != "articles" else None,
)

with st.spinner(f"Finding people with no article in {edition}…"):
    worklist = ui.figure_or_error(
        lambda: ui.cached_figure(
            endpoint,
            request(
                "worklist",
                edition,
                min_articles=min_articles,
                sources=tuple(sources),
                limit=limit,
                filters=ui.filters(),
                rank=rank,
            ),
        )
    )
if worklist is not None:
    listing = ui.figure_or_error(lambda: as_listing(endpoint, worklist, section))
    worklist = None if listing is None else ui.figure_or_error(lambda: checked_listing(listing, titles, ask_api))
if worklist is not None:
    if worklist.total == 0:
        st.info(
            "No people match: widen the filters (a smaller K, more source editions, fewer sidebar filters) "
            "or pick another edition."
        )
        st.stop()
    st.metric("Candidates", f"{worklist.total:,}", help=f"{len(worklist.frame):,} listed")
    st.dataframe(
        worklist.frame,
        hide_index=True,
        width="stretch",
        placeholder="",  # an unknown birth year is an empty cell, as in the CSV, not "None"
        column_config={
            "source_url": st.column_config.LinkColumn("source"),
            "translate_url": st.column_config.LinkColumn("translate", display_text="Content Translation"),
            "wikidata_url": st.column_config.LinkColumn("Wikidata"),
            "birth_year": st.column_config.NumberColumn("birth_year", format="%d"),
        },
    )
    st.caption(worklist.definition)
    st.caption(worklist.provenance.line())
    st.caption("Rows marked maybe_living may be living people: check sources before writing about them.")
    if worklist.titles_check:
        check = worklist.titles_check
        read = f"{check['titles_read']:,} titles read" if "titles_read" in check else "asked the MediaWiki API"
        st.caption(f"Existing-page check: {check['matches']:,} listed people may already have a page ({read}).")
    export, stem = worklist, f"worklist_{edition}"
    if per_page:
        pages = parts(worklist, per_page)
        number = st.selectbox(
            "Export page", range(1, len(pages) + 1), key="part", format_func=lambda k: f"part {k} of {len(pages)}"
        )
        export, stem = pages[number - 1], f"{stem}-part{number}"
    columns = st.columns(len(WORKLIST_FORMATS))
    for column, fmt in zip(columns, WORKLIST_FORMATS.values(), strict=True):
        if fmt.name == "listeria" and (refusal := listeria_refusal(section, per_page)):
            column.caption(refusal)  # the CLI's sentence, where the download would be
            continue
        ui.download(column, fmt, export, stem, f"dl_{fmt.name}", label=fmt.button_label())

st.subheader("Track an event")
st.caption(
    "Save this worklist before the event; afterwards, see who now has an article in the edition and how the "
    "share of women moved. Snapshots are kept in the events folder (setting events_dir)."
)
events_dir = load_settings().events_dir
name = st.text_input("Event name (letters, digits, - and _)", key="event_name")
if st.button("Save a snapshot of this worklist", key="event_save", disabled=not name):
    try:
        _, saved = save_event(
            endpoint,
            name,
            edition,
            events_dir,
            min_articles=min_articles,
            sources=tuple(sources),
            limit=limit,
            filters=ui.filters(),
            check=(lambda w: checked_listing(as_listing(endpoint, w), titles, ask_api))
            if titles is not None or ask_api
            else None,
            rank=rank,
        )
        st.success(f"Saved {len(saved.frame):,} people as event {name}.")
    except GapkitError as err:
        st.error(page_words(str(err), name, events_dir))
names = saved_events(events_dir)
if names:
    chosen = st.selectbox("Saved events", names, key="event_chosen")
    try:
        progress = event_progress(endpoint, chosen, events_dir)
    except GapkitError as err:
        st.error(page_words(str(err), chosen, events_dir))
        progress = None
    if progress is not None:
        st.text("\n".join(progress.summary()))
        st.altair_chart(before_after_chart(progress), width="stretch")
        st.dataframe(progress.people, hide_index=True, width="stretch", placeholder="")

"""The `worklist` subcommand: ranked candidates for an edition, exported for an event."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from gapkit.cli.options import (
    MIN_ARTICLES,
    add_explain_option,
    add_filter_options,
    add_source_options,
    endpoint_from_args,
    explain_if_asked,
    filters_from_args,
    whole_number,
)
from gapkit.errors import BadInput
from gapkit.figures.base import request
from gapkit.figures.existing_pages import check_titles_api, check_titles_file
from gapkit.figures.registry import make
from gapkit.figures.worklist import DEFAULT_LIMIT, MAX_LIMIT, RANKS, Worklist
from gapkit.files import atomic_write
from gapkit.model.editions import load_editions
from gapkit.model.settings import load_settings
from gapkit.outputs.listing import (
    MAX_PER_PAGE,
    SECTIONS,
    Listing,
    as_listing,
    disambiguations,
    parse_section,
    part_name,
    parts,
    with_red_links,
)
from gapkit.outputs.metadata import metadata_json
from gapkit.outputs.registry import WORKLIST_FORMATS, OutputFormat, check_destination, sidecar_path, write_output
from gapkit.outputs.worklist_formats import listeria_section
from gapkit.sources.endpoints import Endpoint
from gapkit.sources.titles import TitlesApi, check_titles_path, titles_file

SECTION_FORMATS = ("wikitext", "listeria")


def check_listing_options(fmt: OutputFormat, section: str, per_page: int | None, out: str | None) -> None:
    """Refuse, before any query, a section or page split the format or destination cannot take."""
    if section and fmt.name not in SECTION_FORMATS:
        raise BadInput(f"--section splits the wikitext and listeria formats only, not {fmt.name}.")
    if fmt.name == "listeria":
        listeria_section(section)
        if per_page:
            raise BadInput("--per-page splits the rows gapkit writes; ListeriaBot runs the listeria query itself.")
    if per_page and not out:
        raise BadInput("--per-page needs --out FILE: it writes FILE-part1, FILE-part2, ... each with its sidecar.")


def titles_checker(args: argparse.Namespace, endpoint: Endpoint) -> Callable[[Worklist], Worklist] | None:
    """The existing-page check the options ask for (a titles file or the edition's MediaWiki API), or None; on a
    Listing it also looks up the disambiguated red links and records which to write."""
    if not (getattr(args, "titles", None) or getattr(args, "titles_api", False)):
        return None

    def check(worklist: Worklist) -> Worklist:
        also = disambiguations(worklist) if isinstance(worklist, Listing) else {}
        if args.titles:
            with titles_file(Path(args.titles)) as titles:
                checked, taken = check_titles_file(worklist, titles, Path(args.titles).name, also)
        else:
            edition = load_editions().get(worklist.scope["edition"])
            checked, taken = check_titles_api(worklist, TitlesApi(edition, load_settings(), offline=args.offline), also)
        return with_red_links(checked, taken) if isinstance(checked, Listing) else checked

    return check


def _write_parts(fmt: OutputFormat, listing: Listing, per_page: int, out: str) -> None:
    """STEM-partK.SUFFIX for every page of the list, each with its sidecar; every file is built before any is
    written, so a failing writer leaves no partial set."""
    name = Path(out).name
    stem, suffix = (
        (name[: -len(fmt.suffix) - 1], fmt.suffix)
        if name.endswith("." + fmt.suffix)
        else (name.rsplit(".", 1) if "." in name else (name, fmt.suffix))
    )
    pieces = parts(listing, per_page)
    built = [(Path(out).with_name(part_name(stem, suffix, k)), fmt.writer(p), p) for k, p in enumerate(pieces, 1)]
    for path, data, piece in built:
        atomic_write(path, data)
        atomic_write(sidecar_path(path), metadata_json(piece))
    sys.stderr.write(f"Wrote {len(built)} parts: {built[0][0].name} to {built[-1][0].name}.\n")


def _worklist(args: argparse.Namespace) -> int:
    fmt = WORKLIST_FORMATS[args.format]
    check_destination(fmt, args.out)  # before the query: a wrong destination is told at once
    section = parse_section(args.section)
    check_listing_options(fmt, section, args.per_page, args.out)
    if args.titles:
        check_titles_path(Path(args.titles))
    endpoint = endpoint_from_args(args)
    asked = request(
        "worklist",
        args.edition,
        filters=filters_from_args(args),
        min_articles=1 if args.min_articles is None else args.min_articles,
        sources=tuple(args.source_edition or ()),
        limit=args.limit,
        rank=args.rank,
    )
    worklist: Worklist = make(endpoint, asked)
    if fmt.name == "wikitext" or section or args.per_page:
        worklist = as_listing(endpoint, worklist, section)
    check = titles_checker(args, endpoint)
    if check is not None:
        worklist = check(worklist)
    if worklist.cut:
        sys.stderr.write(f"{worklist.total:,} candidates in all; the first {len(worklist.frame):,} are listed.\n")
    if args.per_page:
        _write_parts(fmt, worklist, args.per_page, args.out)  # type: ignore[arg-type]
    else:
        write_output(fmt, worklist, args.out)
    explain_if_asked(args, worklist)
    return 0


def add_worklist_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose a worklist: edition, who qualifies, how many, and the shared filters."""
    parser.add_argument("--edition", required=True, metavar="CODE", help="the edition to write for")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--min-articles", type=MIN_ARTICLES, metavar="K", help="at least K Wikipedia articles, 1-10,000 (default 1)"
    )
    choice.add_argument(
        "--source-edition", action="append", metavar="CODE", help="an article in this edition (repeatable)"
    )
    parser.add_argument(
        "--limit",
        type=whole_number("--limit", 1, MAX_LIMIT),
        default=DEFAULT_LIMIT,
        help=f"how many to list, 1-{MAX_LIMIT:,} (default {DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--rank",
        choices=RANKS,
        default="articles",
        help="rank by articles (default) or by the evidence score (badges, reference works, authority ids; README)",
    )
    add_filter_options(parser)


def add_titles_options(parser: argparse.ArgumentParser) -> None:
    """--titles FILE or --titles-api: the existing-page check."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--titles",
        metavar="FILE",
        help="the edition's all-titles-in-ns0 dump (gz or plain): fill existing_title and note",
    )
    group.add_argument(
        "--titles-api",
        action="store_true",
        help="ask the edition's MediaWiki API (50 titles a request) instead of a dump: fill existing_title and note",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `worklist` subcommand to the parser."""
    parser = subparsers.add_parser("worklist", help="people with articles elsewhere and none in the edition")
    add_worklist_options(parser)
    parser.add_argument("--format", default="csv", choices=tuple(WORKLIST_FORMATS), help="export format (default csv)")
    parser.add_argument("--out", metavar="FILE", help="write atomically to FILE (CSV gets FILE.meta.json beside it)")
    add_titles_options(parser)
    parser.add_argument(
        "--section", metavar="BY", help=f"headed sections in wikitext and listeria: {', '.join(SECTIONS)}"
    )
    parser.add_argument(
        "--per-page",
        type=whole_number("--per-page", 1, MAX_PER_PAGE),
        metavar="N",
        help="write pages of N people, FILE-partK (needs --out), each with its sidecar",
    )
    add_source_options(parser)
    add_explain_option(parser)
    parser.set_defaults(handler=_worklist)

"""The `worklist` subcommand: ranked candidates for an edition, exported for an event."""

import argparse
import sys
from pathlib import Path

from gapkit.cli.options import (
    MIN_ARTICLES,
    add_filter_options,
    add_source_options,
    endpoint_from_args,
    filters_from_args,
    whole_number,
)
from gapkit.figures.base import request
from gapkit.figures.existing_pages import check_existing_pages
from gapkit.figures.registry import make
from gapkit.figures.worklist import DEFAULT_LIMIT, MAX_LIMIT, RANKS
from gapkit.outputs.registry import WORKLIST_FORMATS, check_destination, write_output
from gapkit.sources.titles import check_titles_path, titles_file


def _worklist(args: argparse.Namespace) -> int:
    fmt = WORKLIST_FORMATS[args.format]
    check_destination(fmt, args.out)  # before the query: a wrong destination is told at once
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
    worklist = make(endpoint, asked)
    if args.titles:
        with titles_file(Path(args.titles)) as titles:
            worklist = check_existing_pages(worklist, titles, Path(args.titles).name)
    if worklist.cut:
        sys.stderr.write(f"{worklist.total:,} candidates in all; the first {len(worklist.frame):,} are listed.\n")
    write_output(fmt, worklist, args.out)
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


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `worklist` subcommand to the parser."""
    parser = subparsers.add_parser("worklist", help="people with articles elsewhere and none in the edition")
    add_worklist_options(parser)
    parser.add_argument("--format", default="csv", choices=tuple(WORKLIST_FORMATS), help="export format (default csv)")
    parser.add_argument("--out", metavar="FILE", help="write atomically to FILE (CSV gets FILE.meta.json beside it)")
    parser.add_argument(
        "--titles",
        metavar="FILE",
        help="the edition's all-titles-in-ns0 dump (gz or plain): fill existing_title and note",
    )
    add_source_options(parser)
    parser.set_defaults(handler=_worklist)

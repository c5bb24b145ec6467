"""The `worklist` subcommand: ranked candidates for an edition, exported for an event."""

import argparse
import json
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
from gapkit.errors import BadInput
from gapkit.figures.worklist import DEFAULT_LIMIT, MAX_LIMIT, build_worklist
from gapkit.files import atomic_write
from gapkit.outputs.worklist_formats import FORMATS, export, stamp


def _worklist(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and not args.out:
        raise BadInput("The xlsx format needs --out FILE (it is not text).")
    worklist = build_worklist(
        endpoint_from_args(args),
        args.edition,
        min_articles=1 if args.min_articles is None else args.min_articles,
        sources=args.source_edition or (),
        limit=args.limit,
        filters=filters_from_args(args),
    )
    data = export(worklist, args.format)
    if worklist.cut:
        sys.stderr.write(f"{worklist.total:,} candidates in all; the first {len(worklist.frame):,} are listed.\n")
    if args.out:
        path = Path(args.out)
        atomic_write(path, data)
        if args.format == "csv":
            atomic_write(
                path.with_name(path.name + ".meta.json"), json.dumps(stamp(worklist), ensure_ascii=False, indent=1)
            )
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
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
    add_filter_options(parser)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("worklist", help="people with articles elsewhere and none in the edition")
    add_worklist_options(parser)
    parser.add_argument("--format", default="csv", choices=FORMATS, help="export format (default csv)")
    parser.add_argument("--out", metavar="FILE", help="write atomically to FILE (CSV gets FILE.meta.json beside it)")
    add_source_options(parser)
    parser.set_defaults(handler=_worklist)

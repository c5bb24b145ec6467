"""The `event` subcommands: save a worklist snapshot before an editathon, report progress after it."""

import argparse
import sys
from pathlib import Path

from gapkit.cli.options import (
    add_explain_option,
    add_source_options,
    endpoint_from_args,
    explain_if_asked,
    filters_from_args,
)
from gapkit.cli.worklist import add_titles_options, add_worklist_options, titles_checker
from gapkit.events.snapshots import event_progress, save_event
from gapkit.model.settings import load_settings
from gapkit.outputs.registry import PROGRESS_FORMATS, check_destination, write_output
from gapkit.sources.titles import check_titles_path


def _events_dir(args: argparse.Namespace) -> Path:
    return Path(args.events_dir).expanduser() if args.events_dir else load_settings().events_dir


def _save(args: argparse.Namespace) -> int:
    if args.titles:
        check_titles_path(Path(args.titles))  # before any query
    endpoint = endpoint_from_args(args)
    path, worklist = save_event(
        endpoint,
        args.name,
        args.edition,
        _events_dir(args),
        min_articles=1 if args.min_articles is None else args.min_articles,
        sources=tuple(args.source_edition or ()),
        limit=args.limit,
        filters=filters_from_args(args),
        replace=args.replace,
        check=titles_checker(args, endpoint),
        rank=args.rank,
    )
    cut = f" (of {worklist.total:,} candidates)" if worklist.cut else ""
    sys.stderr.write(f"Saved event {args.name}: {len(worklist.frame):,} people{cut} in {path}.\n")
    explain_if_asked(args, worklist)
    return 0


def _progress(args: argparse.Namespace) -> int:
    fmt = PROGRESS_FORMATS[args.format]
    check_destination(fmt, args.out)
    progress = event_progress(endpoint_from_args(args), args.name, _events_dir(args))
    if args.format == "csv":
        sys.stderr.write("\n".join(progress.summary()) + "\n")  # CSV holds the rows; the sentences go beside
    write_output(fmt, progress, args.out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `event` subcommands to the parser."""
    event = subparsers.add_parser("event", help="save a worklist before an event; report progress after it")
    commands = event.add_subparsers(dest="event_command", required=True, parser_class=type(event))
    save = commands.add_parser("save", help="snapshot a worklist and the edition's gender figures")
    save.add_argument("name", help="the event's name (letters, digits, - and _)")
    add_worklist_options(save)
    add_titles_options(save)
    save.add_argument("--replace", action="store_true", help="overwrite a saved event of the same name")
    add_explain_option(save)
    progress = commands.add_parser("progress", help="which listed people now have an article; women before/after")
    progress.add_argument("name", help="the saved event's name")
    progress.add_argument("--format", default="table", choices=tuple(PROGRESS_FORMATS), help="output (default table)")
    progress.add_argument("--out", metavar="FILE", help="write atomically to FILE")
    for parser, handler in ((save, _save), (progress, _progress)):
        parser.add_argument("--events-dir", metavar="DIR", help="folder of event snapshots (default: events_dir)")
        add_source_options(parser)
        parser.set_defaults(handler=handler)

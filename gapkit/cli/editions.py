"""The `editions refresh` subcommand: rebuild the shipped editions table from a saved answer."""

import argparse
import sys
from pathlib import Path

from gapkit.figures import regions
from gapkit.files import atomic_write
from gapkit.model import editions
from gapkit.model import tables as groups


def _refresh(args: argparse.Namespace) -> int:
    if args.from_sitematrix:
        rows = editions.from_sitematrix(Path(args.from_sitematrix))
    elif args.from_sparql:
        rows = editions.from_sparql_answer(Path(args.from_sparql), editions.load_editions())
    else:
        rows = editions.from_sites_csv(Path(args.from_sites_csv))
    target = Path(args.out) if args.out else editions.EDITIONS_CSV
    count = editions.write_editions(rows, target)
    editions.load_editions.cache_clear()
    sys.stderr.write(f"Wrote {count:,} editions to {target}.\n")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `editions` subcommands to the parser."""
    group = subparsers.add_parser("editions", help="the editions table")
    commands = group.add_subparsers(dest="editions_command", required=True, parser_class=type(group))
    refresh = commands.add_parser("refresh", help="rebuild the editions table from a saved answer")
    source = refresh.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-sitematrix", metavar="FILE", help="JSON of meta.wikimedia.org action=sitematrix")
    source.add_argument("--from-sparql", metavar="FILE", help="SPARQL JSON answer of queries/wikipedia_editions.rq")
    source.add_argument("--from-sites-csv", metavar="FILE", help="a sites.csv like the shared sample's")
    refresh.add_argument("--out", metavar="FILE", help="where to write (default: the shipped table)")
    refresh.set_defaults(handler=_refresh)

    region_table = subparsers.add_parser("regions", help="the country -> continent table")
    region_commands = region_table.add_subparsers(dest="regions_command", required=True, parser_class=type(group))
    region_refresh = region_commands.add_parser("refresh", help="rebuild the shipped country -> continent table")
    region_refresh.add_argument(
        "--from-countries-csv", metavar="FILE", required=True, help="a countries.csv like the shared sample's"
    )
    region_refresh.add_argument("--out", metavar="FILE", help="where to write (default: the shipped table)")
    region_refresh.set_defaults(handler=_refresh_regions)


def _refresh_regions(args: argparse.Namespace) -> int:
    target = Path(args.out) if args.out else groups.REGIONS_CSV
    text = regions.table_from_countries_csv(Path(args.from_countries_csv))
    atomic_write(target, text)
    groups.region_table.cache_clear()
    sys.stderr.write(f"Wrote {text.count(chr(10)) - 1:,} countries to {target}.\n")
    return 0

"""Options shared by subcommands: the source (--store / --endpoint / --offline) and the output (--format / --out)."""

import argparse

from gapkit.endpoints import Endpoint
from gapkit.exports import TABLE_FORMATS
from gapkit.sources import open_endpoint, resolve


def add_source_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--store", metavar="PATH", help="a store directory (default: GAPKIT_STORE, else the bundled sample)"
    )
    group.add_argument(
        "--endpoint", metavar="NAME", help="a configured source name: local, a [stores.NAME], wdqs, qlever, ..."
    )
    parser.add_argument("--offline", action="store_true", help="remote endpoints answer only from the cache")


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...] = TABLE_FORMATS) -> None:
    parser.add_argument("--format", default="csv", choices=formats, help="output format (default csv)")
    parser.add_argument("--out", metavar="FILE", help="write atomically to FILE, with FILE.meta.json beside it")


def add_edition_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--edition", action="append", metavar="CODE", help="edition code, repeatable (en, hr, zh-yue)")
    group.add_argument("--all-editions", action="store_true", help="every edition with a biography in the data")


def endpoint_from_args(args: argparse.Namespace) -> Endpoint:
    """Open the source the options name."""
    spec = resolve(name=args.endpoint, store=args.store)
    return open_endpoint(spec)

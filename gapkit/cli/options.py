"""Options shared by subcommands: the source (--store / --endpoint / --offline) and the output (--format / --out)."""

import argparse
import sys
from collections.abc import Callable

from gapkit.errors import BadInput
from gapkit.model.filters import Filters, make_filters
from gapkit.model.identifiers import parse_data_date, parse_int, parse_language, parse_year
from gapkit.model.tables import GROUPS
from gapkit.outputs.explain import explain_text
from gapkit.outputs.registry import FIGURE_FORMATS
from gapkit.sources.endpoints import Endpoint
from gapkit.sources.resolve import open_endpoint, resolve


def checked(parse: Callable[[str], object], name: str) -> Callable[[str], object]:
    """An argparse type from a parse_* function: a refused value is one usage sentence (exit status 2)."""

    def parse_option(text: str) -> object:
        try:
            return parse(text)
        except BadInput as err:
            raise argparse.ArgumentTypeError(str(err).rstrip(".")) from None

    parse_option.__name__ = name  # argparse names the type when a value is refused
    return parse_option


def whole_number(option: str, low: int, high: int) -> Callable[[str], object]:
    """The type of a numeric option: a whole number in [low, high], ASCII digits only."""
    parse = checked(lambda text: parse_int(text, option, low, high), "whole number")
    parse.bounds = (low, high)  # type: ignore[attr-defined]  (read by the tests that fuzz every option)
    return parse


YEAR = checked(parse_year, "year")
YEAR.bounds = "year"  # type: ignore[attr-defined]
LANGUAGE = checked(parse_language, "language code")
DATA_DATE = checked(parse_data_date, "data date")
MIN_ARTICLES = whole_number("--min-articles", 1, 10_000)  # 0 is refused: every candidate has an article somewhere


def add_source_options(parser: argparse.ArgumentParser) -> None:
    """--store / --endpoint / --offline / --engine: where the answers come from."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--store", metavar="PATH", help="a store directory (default: GAPKIT_STORE, else the bundled sample)"
    )
    group.add_argument(
        "--endpoint", metavar="NAME", help="a configured source name: local, a [stores.NAME], wdqs, qlever, ..."
    )
    parser.add_argument("--offline", action="store_true", help="remote endpoints answer only from the cache")
    parser.add_argument(
        "--engine", metavar="ENGINE", help="how a store is queried: columnar or sparql (default: the engine setting)"
    )


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...] = tuple(FIGURE_FORMATS)) -> None:
    """--format and --out: how and where a figure is written."""
    parser.add_argument("--format", default="csv", choices=formats, help="output format (default csv)")
    parser.add_argument("--out", metavar="FILE", help="write atomically to FILE, with FILE.meta.json beside it")


def add_edition_options(parser: argparse.ArgumentParser) -> None:
    """--edition (repeatable) and --all-editions."""
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--edition", action="append", metavar="CODE", help="edition code, repeatable (en, hr, zh-yue)")
    group.add_argument("--all-editions", action="store_true", help="every edition with a biography in the data")


def endpoint_from_args(args: argparse.Namespace) -> Endpoint:
    """Open the source the options name."""
    spec = resolve(name=args.endpoint, store=args.store, engine=args.engine)
    return open_endpoint(spec, offline=args.offline)


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters every figure and worklist takes (DESIGN.md's definitions; each optional)."""
    group = parser.add_argument_group("filters (which people are counted)")
    group.add_argument("--gender", metavar="GROUP", help=f"one gender group: {', '.join(GROUPS)}")
    group.add_argument("--region", metavar="REGION", help="a continent QID (Q46 Europe, ...), unmapped or no_country")
    group.add_argument("--country", action="append", metavar="QID", help="a country of citizenship (repeatable: any)")
    group.add_argument("--occupation", action="append", metavar="QID", help="an own occupation (repeatable: any)")
    group.add_argument("--narrower", action="store_true", help="occupations also match their narrower occupations")
    group.add_argument("--born-from", type=YEAR, metavar="YEAR", help="born in or after YEAR (-469 is 469 BCE)")
    group.add_argument(
        "--born-to", type=YEAR, metavar="YEAR", help="born in or before YEAR; unknown years are left out"
    )
    group.add_argument(
        "--living", metavar="STATUS", help="yes (no date of death, born in the last 115 years), no, or unknown"
    )


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Checked filters from the options of add_filter_options."""
    return make_filters(
        gender=args.gender,
        region=args.region,
        country=args.country,
        occupation=args.occupation,
        narrower=args.narrower,
        born_from=args.born_from,
        born_to=args.born_to,
        living=args.living,
    )


def add_baseline_option(parser: argparse.ArgumentParser, parity: bool = False) -> None:
    """--baseline all|EDITION (and parity where the figure allows it)."""
    choices = "parity, all or an edition code" if parity else "all or an edition code"
    parser.add_argument(
        "--baseline", metavar="BASELINE", help=f"compare each share with {choices}; adds gap_pp (percentage points)"
    )


def add_explain_option(parser: argparse.ArgumentParser) -> None:
    """--explain: say on stderr how the figure was made (parts, requests, time per query file)."""
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print on stderr how it was made: per query file the parts it was split into, requests and seconds",
    )


def explain_if_asked(args: argparse.Namespace, figure: object) -> None:
    """Write explain_text(figure) to stderr when --explain was given (stdout keeps only the output)."""
    if getattr(args, "explain", False):
        sys.stderr.write(explain_text(figure))  # type: ignore[arg-type]

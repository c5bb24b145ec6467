"""The `gaps` subcommands: one figure each, printed or written with provenance."""

import argparse

from gapkit.cli_options import add_edition_options, add_output_options, add_source_options, endpoint_from_args
from gapkit.exports import write_figure
from gapkit.gender import GROUPINGS, gender_by_edition
from gapkit.regions import region_by_edition


def _gender(args: argparse.Namespace) -> int:
    figure = gender_by_edition(endpoint_from_args(args), None if args.all_editions else args.edition, args.grouping)
    write_figure(figure, args.format, args.out)
    return 0


def _region(args: argparse.Namespace) -> int:
    figure = region_by_edition(endpoint_from_args(args), None if args.all_editions else args.edition, args.by_gender)
    write_figure(figure, args.format, args.out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    gaps = subparsers.add_parser("gaps", help="gap figures per edition")
    figures = gaps.add_subparsers(dest="figure", required=True, parser_class=type(gaps))
    gender = figures.add_parser("gender", help="people per gender group in each edition, with shares")
    add_edition_options(gender)
    gender.add_argument(
        "--grouping", default="groups", choices=GROUPINGS, help="gender groups (default) or raw P21 values"
    )
    add_source_options(gender)
    add_output_options(gender)
    gender.set_defaults(handler=_gender)

    region = figures.add_parser("region", help="people per continent of citizenship in each edition, with shares")
    add_edition_options(region)
    region.add_argument("--by-gender", action="store_true", help="one block per gender group")
    add_source_options(region)
    add_output_options(region)
    region.set_defaults(handler=_region)

"""The `gaps` subcommands: one figure each, printed or written with provenance."""

import argparse

from gapkit.cli.options import (
    add_baseline_option,
    add_edition_options,
    add_explain_option,
    add_filter_options,
    add_output_options,
    add_source_options,
    endpoint_from_args,
    explain_if_asked,
    filters_from_args,
    whole_number,
)
from gapkit.figures import crosstab as xt
from gapkit.figures.base import request
from gapkit.figures.coverage import FIXABLE
from gapkit.figures.gender import GROUPINGS
from gapkit.figures.occupations import DEFAULT_TOP, MAX_TOP
from gapkit.figures.registry import make
from gapkit.outputs.registry import write_figure

# Figures split by gender with --by-gender: subcommand -> help.
SPLIT_FIGURES = {
    "region": "people per continent of citizenship in each edition, with shares",
    "decade": "people per birth decade in each edition, with shares",
    "occupation": "people per occupation in each edition (top N and no_occupation)",
}


def _editions(args: argparse.Namespace) -> list[str] | None:
    return None if args.all_editions else args.edition


def _figure(args: argparse.Namespace) -> int:
    """Every `gaps` subcommand: its figure's request from the options, made and written."""
    endpoint = endpoint_from_args(args)
    options = {name: getattr(args, dest) for name, dest in args.figure_options.items()}
    asked = request(
        args.figure,
        _editions(args),
        filters=filters_from_args(args),
        baseline=getattr(args, "baseline", None),
        **options,
    )
    figure = make(endpoint, asked)
    write_figure(figure, args.format, args.out)
    explain_if_asked(args, figure)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `gaps` subcommands to the parser."""
    gaps = subparsers.add_parser("gaps", help="gap figures per edition")
    figures = gaps.add_subparsers(dest="figure", required=True, parser_class=type(gaps))
    gender = figures.add_parser("gender", help="people per gender group in each edition, with shares")
    add_edition_options(gender)
    gender.add_argument(
        "--grouping", default="groups", choices=GROUPINGS, help="gender groups (default) or raw P21 values"
    )
    add_filter_options(gender)
    add_baseline_option(gender, parity=True)
    add_source_options(gender)
    add_output_options(gender)
    add_explain_option(gender)
    gender.set_defaults(handler=_figure, figure_options={"grouping": "grouping"})
    for name, text in SPLIT_FIGURES.items():
        figure = figures.add_parser(name, help=text)
        add_edition_options(figure)
        figure.add_argument("--by-gender", action="store_true", help="one block per gender group")
        if name == "occupation":
            figure.add_argument(
                "--top",
                type=whole_number("--top", 1, MAX_TOP),
                default=DEFAULT_TOP,
                help=f"how many occupations, 1-{MAX_TOP:,} (default {DEFAULT_TOP})",
            )
        add_filter_options(figure)
        add_baseline_option(figure)
        add_source_options(figure)
        add_output_options(figure)
        add_explain_option(figure)
        own = {"by_gender": "by_gender", **({"top": "top"} if name == "occupation" else {})}
        figure.set_defaults(handler=_figure, figure_options=own)
    _register_crosstab(figures)
    coverage = figures.add_parser("coverage", help="share of each edition's people with P21, P27, P569, P106 known")
    missing = figures.add_parser("missing", help="the people of an edition lacking P21 or P27, for fix-up sessions")
    country = figures.add_parser("country", help="per country of citizenship: people and the share of women")
    missing.add_argument("--property", required=True, choices=FIXABLE, help="the property they lack")
    add_baseline_option(coverage)
    for parser, own in ((coverage, {}), (missing, {"prop": "property"}), (country, {})):
        add_edition_options(parser)
        add_filter_options(parser)
        add_source_options(parser)
        add_output_options(parser)
        add_explain_option(parser)
        parser.set_defaults(handler=_figure, figure_options=own)


def _register_crosstab(figures: argparse._SubParsersAction) -> None:
    """`gaps crosstab`: people per pair of axes and gender group, with each group's share of the cell."""
    parser = figures.add_parser("crosstab", help="people per pair of axes and gender group, with the women's share")
    add_edition_options(parser)
    for option, default in (("--rows", "region"), ("--columns", "occupation")):
        parser.add_argument(option, default=default, choices=xt.AXES, help=f"an axis (default {default})")
    parser.add_argument(
        "--top",
        type=whole_number("--top", 1, xt.MAX_TOP),
        default=xt.DEFAULT_TOP,
        help=f"countries or occupations kept on an axis, 1-{xt.MAX_TOP} (default {xt.DEFAULT_TOP})",
    )
    add_filter_options(parser)
    add_baseline_option(parser, parity=True)
    add_source_options(parser)
    add_output_options(parser)
    parser.set_defaults(handler=_figure, figure_options={"rows": "rows", "columns": "columns", "top": "top"})

"""Command line: python -m gapkit SUBCOMMAND; errors are one sentence on stderr (exit 2 bad input, 1 failed source)."""

import argparse
import importlib
import re
import sys
from collections.abc import Sequence

from gapkit.errors import GapkitError

# Each module adds its subcommands with register(subparsers); keeps this file small.
COMMAND_MODULES = (
    "gapkit.cli.gaps",
    "gapkit.cli.worklist",
    "gapkit.cli.event",
    "gapkit.cli.store",
    "gapkit.cli.editions",
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one sentence and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # "argument --top: --top must be ..." names the option once; control characters are shown escaped.
        message = re.sub(r"^argument (\S+): \1 ", r"\1 ", message)
        message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        sys.stderr.write(f"{self.prog}: {message} (see --help).\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: every subcommand module registers its own parsers."""
    parser = _Parser(prog="python -m gapkit", description="Measure Wikipedia's biography gaps; build worklists.")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a GapkitError becomes one sentence on stderr and its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except GapkitError as err:
        sys.stderr.write(f"gapkit: {err}\n")
        return err.exit_status
    except KeyboardInterrupt:
        sys.stderr.write("gapkit: interrupted.\n")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # the last net for a file named on the command line: one sentence, not a traceback
        where = f" {err.filename}" if err.filename else ""
        sys.stderr.write(f"gapkit: could not read or write{where} ({err.strerror or err.__class__.__name__}).\n")
        return 2

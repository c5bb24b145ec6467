"""The `store` subcommands: build (CSV files, a dump, RDF, synthetic), harvest, export, verify."""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from gapkit.builders.from_csv import build_from_csv
from gapkit.builders.from_dump import build_from_dump
from gapkit.builders.from_rdf import build_from_rdf
from gapkit.builders.harvest import harvest
from gapkit.builders.synth import MAX_SEED, build_synthetic
from gapkit.cli.options import DATA_DATE, LANGUAGE, MIN_ARTICLES, whole_number
from gapkit.errors import BadInput
from gapkit.files import build_lock
from gapkit.sources.resolve import open_endpoint, resolve
from gapkit.stores.export import export_ntriples
from gapkit.stores.store import Manifest, StoreRef, read_manifest, verify_store


def _locked(handler: Callable[[argparse.Namespace], int], target: str = "out") -> Callable[[argparse.Namespace], int]:
    """`handler` run holding the lock of the store it writes: one builder per --out (and its work folders)."""

    def run(args: argparse.Namespace) -> int:
        with build_lock(Path(getattr(args, target))):
            return handler(args)

    return run


def _progress(message: str, fraction: float | None) -> None:
    sys.stderr.write(f"  {message}\n")


def _build(args: argparse.Namespace) -> int:
    if args.from_dump:
        ref = build_from_dump(
            args.from_dump,
            args.out,
            languages=args.language or [],
            editions=args.edition or [],
            stop_on_error=args.on_error == "stop",
            replace=args.replace,
            progress=_progress,
        )
        counts = ref.manifest.counts
        skipped = (
            f"; {counts['damaged_lines_skipped']:,} damaged lines skipped" if counts["damaged_lines_skipped"] else ""
        )
        sys.stderr.write(
            f"Wrote {ref.path}: {counts['people']:,} people, {counts['triples']:,} triples from {args.from_dump}"
            f"{skipped}.\n"
        )
        return 0
    if args.from_rdf:
        return _build_rdf(args)
    manifest = _manifest(
        args,
        f"CSV files ({args.from_csv})",
        "Built from CSV files in the layout of gapkit's real-data sample.",
        "--from-csv",
    )
    return _built(build_from_csv(args.from_csv, args.out, manifest, replace=args.replace, progress=_progress))


def _manifest(args: argparse.Namespace, source: str, description: str, option: str) -> Manifest:
    """The manifest a build from a file records: --source, --description and the other flags, else defaults."""
    return Manifest(
        source=args.source or source,
        description=args.description or description,
        data_date=args.data_date,
        synthetic=args.synthetic,
        representative=args.representative,
        counts={},
        notice=args.notice,
        built={"tool": f"python -m gapkit store build {option}"},
    )


def _built(ref: StoreRef) -> int:
    """Say what was written."""
    counts = ref.manifest.counts
    sys.stderr.write(
        f"Wrote {ref.path}: {counts['people']:,} people, {counts['sitelinks']:,} Wikipedia sitelinks, "
        f"{counts['editions']:,} editions, {counts['triples']:,} triples.\n"
    )
    return 0


def _build_rdf(args: argparse.Namespace) -> int:
    manifest = _manifest(
        args,
        f"RDF file ({args.from_rdf})",
        "Built from an RDF file in the Wikidata Query Service's model.",
        "--from-rdf",
    )
    return _built(build_from_rdf(args.from_rdf, args.out, manifest, replace=args.replace, progress=_progress))


def _export(args: argparse.Namespace) -> int:
    if args.format != "nt":
        raise BadInput(f"--format must be nt, not {args.format[:20]!r}.")
    ref = read_manifest(args.store_dir, facts_only=True)
    lines = export_ntriples(ref, Path(args.out))
    sys.stderr.write(f"Wrote {args.out}: {lines:,} triples of the store at {ref.path}.\n")
    return 0


def _verify(args: argparse.Namespace) -> int:
    ref = read_manifest(args.store_dir, facts_only=True)
    verify_store(ref)
    sys.stderr.write(f"The store at {ref.path} is intact (sha256 {ref.manifest.data_sha256[:16]}...).\n")
    return 0


def _harvest(args: argparse.Namespace) -> int:
    spec = resolve(name=args.endpoint)
    endpoint = open_endpoint(spec, offline=args.offline)
    started = time.perf_counter()
    ref = harvest(
        endpoint,
        args.edition,
        args.out,
        min_articles=args.min_articles,
        languages=args.language or [],
        replace=args.replace,
        progress=_progress,
    )
    took = time.perf_counter() - started
    counts = ref.manifest.counts
    sys.stderr.write(
        f"Wrote {ref.path}: {counts['people']:,} people, {counts['triples']:,} triples from {args.endpoint} in "
        f"{counts['requests']:,} requests and {took:.1f} s.\n"
    )
    return 0


def _synth(args: argparse.Namespace) -> int:
    ref = build_synthetic(args.people, args.seed, args.out, replace=args.replace, progress=_progress)
    counts = ref.manifest.counts
    sys.stderr.write(f"Wrote SYNTHETIC store {ref.path}: {counts['people']:,} people, {counts['triples']:,} triples.\n")
    return 0


def _add_build(commands: argparse._SubParsersAction) -> None:
    """`store build`: a store from the CSV layout, an RDF file or a Wikidata dump."""
    build = commands.add_parser("build", help="build a store from CSV files or a Wikidata JSON dump")
    origin = build.add_mutually_exclusive_group(required=True)
    origin.add_argument("--from-csv", metavar="DIR", help="a directory laid out like the shared sample")
    origin.add_argument(
        "--from-rdf", metavar="FILE", help="an RDF file (N-Triples or Turtle, plain or .gz): a fixture or an export"
    )
    origin.add_argument(
        "--from-dump",
        metavar="FILE",
        help="a Wikidata dump with sitelinks: latest-all.json or latest-all.nt (plain, .gz, .bz2); resumable",
    )
    build.add_argument(
        "--language", action="append", type=LANGUAGE, metavar="CODE", help="labels in this language (repeatable)"
    )
    build.add_argument(
        "--edition", action="append", metavar="CODE", help="keep people with an article here (repeatable)"
    )
    build.add_argument(
        "--on-error", choices=("skip", "stop"), default="skip", help="a damaged dump line: skip it (default) or stop"
    )
    build.add_argument("--out", metavar="DIR", required=True, help="the store directory to write")
    build.add_argument("--replace", action="store_true", help="replace an existing store at --out")
    build.add_argument("--source", help="the source's name, shown with every figure")
    build.add_argument("--description", help="one or two honest sentences on what the data is")
    build.add_argument(
        "--data-date",
        type=DATA_DATE,
        default="unknown",
        help="when the Wikidata state was taken (YYYY-MM-DD, YYYY-MM or YYYY)",
    )
    build.add_argument("--notice", default="", help="a notice the app shows whenever the store is used")
    build.add_argument("--representative", action="store_true", help="the data may be read as a real-world estimate")
    build.add_argument("--synthetic", action="store_true", help="the data is synthetic or hand-written (labelled so)")
    build.set_defaults(handler=_locked(_build))


def _add_synth(commands: argparse._SubParsersAction) -> None:
    """`store synth`: a SYNTHETIC store for scale tests."""
    synth = commands.add_parser("synth", help="a SYNTHETIC store calibrated to real 2014 counts (scale tests)")
    synth.add_argument(
        "--people", type=whole_number("--people", 1, 20_000_000), required=True, help="how many synthetic people"
    )
    synth.add_argument(
        "--seed", type=whole_number("--seed", 0, MAX_SEED), default=1, help=f"random seed, 0-{MAX_SEED:,} (default 1)"
    )
    synth.add_argument("--out", metavar="DIR", required=True, help="the store directory to write")
    synth.add_argument("--replace", action="store_true", help="replace an existing store at --out")
    synth.set_defaults(handler=_locked(_synth))


def _add_harvest(commands: argparse._SubParsersAction) -> None:
    """`store harvest`: an edition's slice from an endpoint."""
    gather = commands.add_parser("harvest", help="fill a store with an edition's slice from an endpoint (resumable)")
    gather.add_argument("--endpoint", required=True, metavar="NAME", help="a configured source: wdqs, qlever, ...")
    gather.add_argument("--edition", required=True, metavar="CODE", help="the edition whose biographies to harvest")
    gather.add_argument(
        "--min-articles", type=MIN_ARTICLES, metavar="K", help="also humans with at least K Wikipedia articles"
    )
    gather.add_argument(
        "--language", action="append", type=LANGUAGE, metavar="CODE", help="labels in this language (repeatable)"
    )
    gather.add_argument("--out", metavar="DIR", required=True, help="the store directory to write")
    gather.add_argument("--replace", action="store_true", help="replace an existing store at --out")
    gather.add_argument("--offline", action="store_true", help="answer only from the endpoint's cache")
    gather.set_defaults(handler=_locked(_harvest))


def _add_export(commands: argparse._SubParsersAction) -> None:
    """`store export`: the store's RDF model as N-Triples."""
    export = commands.add_parser("export", help="write a store's RDF model (N-Triples) for SPARQL users and servers")
    export.add_argument("store_dir", metavar="STORE", help="the store directory")
    export.add_argument("--format", default="nt", help="nt (N-Triples; gzipped when --out ends in .gz)")
    export.add_argument("--out", metavar="FILE", required=True, help="the file to write")
    export.set_defaults(handler=_export)


def _add_verify(commands: argparse._SubParsersAction) -> None:
    """`store verify`: the full sha256 of the data file against the manifest."""
    verify = commands.add_parser("verify", help="check a store's data file against its manifest's full sha256")
    verify.add_argument("store_dir", metavar="STORE", help="the store directory")
    verify.set_defaults(handler=_verify)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `store` subcommands to the parser."""
    store = subparsers.add_parser("store", help="build stores")
    commands = store.add_subparsers(dest="store_command", required=True, parser_class=type(store))
    _add_build(commands)
    _add_synth(commands)
    _add_harvest(commands)
    _add_export(commands)
    _add_verify(commands)

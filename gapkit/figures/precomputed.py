"""Precomputed standard figures: made when a store is built, by the same query files, read instead of querying."""

import dataclasses
import gzip
import io
import json
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures import coverage, decades, gender, occupations, regions, worklist
from gapkit.figures.base import BoundQuery, Figure, edition_codes
from gapkit.model.filters import NO_FILTERS
from gapkit.model.settings import load_settings
from gapkit.sources.endpoints import Endpoint, LocalEndpoint, Provenance
from gapkit.stores.store import ProgressCallback, StoreRef

FILE = "precomputed.json.gz"
FORMAT = "gapkit-precomputed"
TOP = 50  # occupations kept per edition: the most a page shows; a longer --top is computed, not looked up
# The standard views: every edition, no filters, no baseline. Key: (figure name, its own option).
STANDARD: dict[tuple[str, object], Callable[[Endpoint, ProgressCallback | None], Figure]] = {
    ("gender", "groups"): lambda ep, p: gender.gender_by_edition(ep, None, "groups", progress=p),
    ("gender", "raw"): lambda ep, p: gender.gender_by_edition(ep, None, "raw", progress=p),
    ("region", False): lambda ep, p: regions.region_by_edition(ep, None, False, progress=p),
    ("region", True): lambda ep, p: regions.region_by_edition(ep, None, True, progress=p),
    ("decade", False): lambda ep, p: decades.decade_by_edition(ep, None, False, progress=p),
    ("decade", True): lambda ep, p: decades.decade_by_edition(ep, None, True, progress=p),
    ("occupation", False): lambda ep, p: occupations.occupation_by_edition(ep, None, False, TOP, progress=p),
    ("occupation", True): lambda ep, p: occupations.occupation_by_edition(ep, None, True, TOP, progress=p),
    ("coverage", None): lambda ep, p: coverage.coverage_by_edition(ep, None, progress=p),
}


def _frame_json(frame: pd.DataFrame) -> dict:
    return {"dtypes": {c: str(t) for c, t in frame.dtypes.items()}, "data": frame.to_json(orient="split")}


def _frame_back(stored: dict) -> pd.DataFrame:
    # precise_float: the default fast parser reads "0.9215" as 0.9215000000000001, past the 4 decimals promised
    frame = pd.read_json(io.StringIO(stored["data"]), orient="split", dtype=False, precise_float=True)
    for column, dtype in stored["dtypes"].items():
        if dtype in ("str", "string", "object"):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None).astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


# Figure functions by name (the pages and the CLI ask by name); each takes the endpoint first.
FIGURES: dict[str, Callable[..., object]] = {
    "gender": gender.gender_by_edition,
    "region": regions.region_by_edition,
    "decade": decades.decade_by_edition,
    "occupation": occupations.occupation_by_edition,
    "coverage": coverage.coverage_by_edition,
    "missing": coverage.missing_property,
    "worklist": worklist.build_worklist,
}


def compute(endpoint: Endpoint, name: str, *args: object, **kwargs: object) -> object:
    """FIGURES[name](endpoint, ...): the precomputed figure for a standard view, else the figure function."""
    found = lookup(endpoint, name, args, kwargs)
    return found if found is not None else FIGURES[name](endpoint, *args, **kwargs)


def precompute(endpoint: LocalEndpoint, progress: ProgressCallback | None = None) -> Path:
    """Compute every standard figure through its query files and write them beside the store's manifest."""
    entries = []
    for number, ((name, option), make) in enumerate(STANDARD.items(), start=1):
        if progress:
            progress(f"Precomputing {name} ({option}) for every edition", number / len(STANDARD))
        figure = make(endpoint, None)
        entries.append(
            {
                "name": name,
                "option": option,
                "title": figure.title,
                "definition": figure.definition,
                "scope": figure.scope,
                "provenance": figure.provenance.as_dict(),
                "queries": [dataclasses.asdict(q) for q in figure.queries],
                "frame": _frame_json(figure.frame),
            }
        )
    data = {"format": FORMAT, "manifest_hash": endpoint.ref.manifest_hash, "figures": entries}
    path = endpoint.ref.path / FILE
    tmp = path.with_name(path.name + ".tmp")
    with gzip.GzipFile(tmp, "wb", mtime=0) as handle:  # reproducible bytes
        handle.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    tmp.replace(path)
    return path


def _load(ref: StoreRef) -> dict[tuple[str, object], Figure]:
    path = ref.path / FILE
    limit = load_settings().max_input_bytes
    try:
        with gzip.open(path, "rb") as handle:
            raw = handle.read(limit + 1)  # bounded: a gzip bomb is not unpacked whole
        data = json.loads(raw) if len(raw) <= limit else None
    except (OSError, EOFError, ValueError, RecursionError, zlib.error):
        return {}  # missing, truncated or damaged: the figures are computed from the data instead
    if not isinstance(data, dict):
        return {}
    if data.get("format") != FORMAT or data.get("manifest_hash") != ref.manifest_hash:
        return {}  # made for another version of the data: never used
    figures = {}
    try:
        for entry in data["figures"]:
            provenance = Provenance(**{**entry["provenance"], "extra": {"precomputed": "with the store"}})
            figures[(entry["name"], entry["option"])] = Figure(
                title=entry["title"],
                frame=_frame_back(entry["frame"]),
                provenance=provenance,
                definition=entry["definition"],
                queries=tuple(BoundQuery(**q) for q in entry["queries"]),
                scope=entry["scope"],
            )
    except (KeyError, TypeError, ValueError, AttributeError):
        return {}  # damaged inside: computed from the data instead
    return figures


_LOADED: dict[tuple[Path, str], dict[tuple[str, object], Figure]] = {}


def standard_figures(ref: StoreRef) -> dict[tuple[str, object], Figure]:
    """The store's precomputed figures (empty when there are none or they belong to another data version)."""
    key = (ref.path, ref.manifest_hash)
    if key not in _LOADED:
        _LOADED[key] = _load(ref)
    return _LOADED[key]


def lookup(endpoint: Endpoint, name: str, args: Sequence[object], kwargs: dict[str, object]) -> Figure | None:
    """The figure a call would compute, when it is a standard view of a store with precomputed figures; else None.

    Standard: no filters, no baseline, and every asked edition present in the data (an absent edition's zero
    rows are left to the figure function, so their rules live in one place)."""
    if not isinstance(endpoint, LocalEndpoint) or kwargs.get("baseline") or kwargs.get("filters", NO_FILTERS).active:
        return None
    figures = standard_figures(endpoint.ref)
    if not figures or name not in {"gender", "region", "decade", "occupation", "coverage"}:
        return None
    editions = args[0] if args else kwargs.get("editions")
    option: object = None
    if name == "gender":
        option = args[1] if len(args) > 1 else kwargs.get("grouping", "groups")
    elif name in ("region", "decade", "occupation"):
        option = bool(args[1] if len(args) > 1 else kwargs.get("by_gender", False))
    figure = figures.get((name, option))
    if figure is None:
        return None
    try:
        codes = edition_codes(list(editions)) if editions is not None else None
    except BadInput:
        return None  # the figure function says why, in its own words
    if codes is not None:
        blocks = dict(tuple(figure.frame.groupby("edition", sort=False)))
        if not set(codes) <= set(blocks):
            return None
        frame = pd.concat([blocks[code] for code in codes], ignore_index=True)
        figure = dataclasses.replace(figure, frame=frame, scope={**figure.scope, "editions": ",".join(codes)})
    if name == "occupation":
        top = args[2] if len(args) > 2 else kwargs.get("top", occupations.DEFAULT_TOP)
        try:
            figure = _cut_occupations(figure, int(top))
        except (TypeError, ValueError):
            return None
    return figure


def _cut_occupations(figure: Figure, top: int) -> Figure:
    if not 1 <= top <= TOP:
        raise ValueError(top)
    frame = figure.frame
    keep = []
    for _, block in frame.groupby("edition", sort=False):
        ranked = list(dict.fromkeys(block.loc[block["occupation"] != occupations.NO_OCCUPATION, "occupation"]))
        chosen = set(ranked[:top]) | {occupations.NO_OCCUPATION}
        keep.append(block[block["occupation"].isin(chosen)])
    title = figure.title.replace(f"(top {TOP})", f"(top {top})")
    return dataclasses.replace(
        figure, frame=pd.concat(keep, ignore_index=True), title=title, scope={**figure.scope, "top": top}
    )

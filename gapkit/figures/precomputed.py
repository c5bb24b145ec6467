"""Precomputed standard figures: made when a store is built, by the same query files, read instead of querying."""

import dataclasses
import gzip
import hashlib
import io
import json
import weakref
import zlib
from pathlib import Path

import pandas as pd

from gapkit.errors import BadInput
from gapkit.figures.base import BoundQuery, Figure, FigureRequest, FigureSpec, edition_codes
from gapkit.files import atomic_file
from gapkit.model.settings import load_settings
from gapkit.sources.endpoints import Endpoint, LocalEndpoint, Provenance
from gapkit.stores.store import ProgressCallback, StoreRef

FILE = "precomputed.json.gz"
FORMAT = "gapkit-precomputed"


def standard_request(spec: FigureSpec, options: dict[str, object]) -> FigureRequest:
    """The request a standard view answers: every edition, no filters, no baseline, these (checked) options."""
    return FigureRequest(spec.name, None, tuple(sorted(options.items())))


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


def _entry(spec: FigureSpec, options: dict[str, object], figure: Figure) -> dict[str, object]:
    return {
        "name": spec.name,
        # Format 1 names a view by its first option; readers key on the name and the scope instead.
        "option": next(iter(options.values()), None),
        "title": figure.title,
        "definition": figure.definition,
        "scope": figure.scope,
        "provenance": figure.provenance.as_dict(),
        "queries": [dataclasses.asdict(q) for q in figure.queries],
        "frame": _frame_json(figure.frame),
    }


def precompute(endpoint: LocalEndpoint, progress: ProgressCallback | None = None) -> Path:
    """Compute every standard figure through its query files and write them beside the store's manifest."""
    # The registry finds the figure modules and looks views up here, so it is imported when it is needed.
    from gapkit.figures.registry import specs

    views = [(spec, options) for spec in sorted(specs().values(), key=lambda s: s.rank) for options in spec.standard]
    entries = []
    for number, (spec, options) in enumerate(views, start=1):
        if progress:
            shown = next(iter(options.values()), None)
            progress(f"Precomputing {spec.name} ({shown}) for every edition", number / len(views))
        figure = spec.compute(endpoint, standard_request(spec, options))
        entries.append(_entry(spec, options, figure))
    data = {
        "format": FORMAT,
        "manifest_hash": endpoint.ref.manifest_hash,
        "figures": entries,
        "figures_sha256": _figures_hash(entries),
    }
    path = endpoint.ref.path / FILE
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    with atomic_file(path) as raw, gzip.GzipFile(FILE + ".tmp", "wb", fileobj=raw, mtime=0) as handle:
        # Reproducible bytes: mtime 0, and the header's file name that earlier builds wrote, so a store
        # precomputed again is byte for byte the same file.
        handle.write(text)
    return path


def _figures_hash(entries: object) -> str:
    """The sha256 of the figures as written (canonical JSON): a figure edited by hand no longer matches it."""
    return hashlib.sha256(json.dumps(entries, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _load(ref: StoreRef) -> dict[FigureRequest, Figure]:
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
    if data.get("figures_sha256") != _figures_hash(data.get("figures")):
        return {}  # edited or damaged since it was made: the figures are computed from the data instead
    figures = {}
    try:
        for entry in data["figures"]:
            provenance = Provenance(**{**entry["provenance"], "extra": {"precomputed": "with the store"}})
            options = {name: value for name, value in entry["scope"].items() if name != "editions"}
            figures[FigureRequest(entry["name"], None, tuple(sorted(options.items())))] = Figure(
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


# Loaded once per endpoint, and gone with it: the endpoint itself is the one thing cached per store version.
_READ: "weakref.WeakKeyDictionary[LocalEndpoint, dict[FigureRequest, Figure]]" = weakref.WeakKeyDictionary()


def standard_figures(endpoint: LocalEndpoint) -> dict[FigureRequest, Figure]:
    """The store's precomputed figures by request (empty when there are none or they are of another data version)."""
    if endpoint not in _READ:
        _READ[endpoint] = _load(endpoint.ref)
    return _READ[endpoint]


def _editions_block(frame: pd.DataFrame, codes: list[str]) -> pd.DataFrame | None:
    """The rows of these editions, edition by edition in the order asked (None if one is absent). A mask and a
    stable sort, not a split into every edition's block (about 50 ms on each page rerun with 300 editions)."""
    editions = frame["edition"]
    if not set(codes) <= set(editions.unique()):
        return None
    if len(set(codes)) < len(codes):  # an edition asked twice: its block twice, as the blocks were joined before
        return pd.concat([frame[editions == code] for code in codes], ignore_index=True)
    picked = frame[editions.isin(codes)]
    order = picked["edition"].map({code: i for i, code in enumerate(codes)}).to_numpy()
    return picked.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def lookup(endpoint: Endpoint, asked: FigureRequest, spec: FigureSpec) -> Figure | None:
    """The figure a request would compute, when it is a standard view of a store with precomputed figures; else None.

    Standard: no filters, no baseline, and every asked edition present in the data (an absent edition's zero
    rows are left to the figure function, so their rules live in one place)."""
    if not isinstance(endpoint, LocalEndpoint) or asked.baseline or asked.filters.active or not spec.standard:
        return None
    figures = standard_figures(endpoint)
    if not figures:
        return None
    try:
        options = spec.checked(asked)
        codes = edition_codes(list(asked.editions)) if asked.editions is not None else None
    except BadInput:
        return None  # the figure function says why, in its own words
    figure = figures.get(standard_request(spec, spec.view_of(options)))
    if figure is None:
        return None
    if codes is not None:
        frame = _editions_block(figure.frame, codes)
        if frame is None:
            return None
        figure = dataclasses.replace(figure, frame=frame, scope={**figure.scope, "editions": ",".join(codes)})
    return spec.cut(figure, options) if spec.cut else figure

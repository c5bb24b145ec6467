"""The figure registry: every figure module declares its FigureSpec(s) in SPECS; make() is the one way to a figure."""

import functools
import importlib
import pkgutil

import gapkit.figures
from gapkit.errors import BadInput
from gapkit.figures.base import Figure, FigureRequest, FigureSpec
from gapkit.sources.endpoints import Endpoint
from gapkit.stores.store import ProgressCallback


@functools.cache
def specs() -> dict[str, FigureSpec]:
    """Every figure's spec by name, found in the modules of gapkit/figures (adding a figure adds no line here)."""
    found: dict[str, FigureSpec] = {}
    for module in pkgutil.iter_modules(gapkit.figures.__path__):
        for spec in getattr(importlib.import_module(f"gapkit.figures.{module.name}"), "SPECS", ()):
            found[spec.name] = spec
    return found


def spec_of(name: object) -> FigureSpec:
    """The spec of a figure name, or BadInput naming the figures there are."""
    found = specs().get(name) if isinstance(name, str) else None
    if found is None:
        raise BadInput(f"{str(name)[:40]!r} is not a figure (choose one of {', '.join(sorted(specs()))}).")
    return found


def make(endpoint: Endpoint, asked: FigureRequest, progress: ProgressCallback | None = None) -> Figure:
    """The figure a request asks for, computed by its query files on the endpoint (a store's columnar engine
    answers the standard views within a second at 12M people, so nothing is precomputed)."""
    return spec_of(asked.figure).compute(endpoint, asked, progress)

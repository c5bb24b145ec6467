"""Precomputed standard figures equal the figure functions exactly, on the sample and a synthetic store."""

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from gapkit.builders.synth import build_synthetic
from gapkit.figures import precomputed
from gapkit.figures.precomputed import FIGURES, lookup, precompute
from gapkit.model.filters import make_filters
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import SAMPLE_STORE, read_manifest

CALLS = [
    ("gender", (None,), {}),
    ("gender", (["hr", "en"],), {}),
    ("gender", (["de"], "raw"), {}),
    ("region", (["hr"], True), {}),
    ("region", (None,), {}),
    ("decade", (["en", "fr"], True), {}),
    ("occupation", (["hr"], False), {"top": 5}),
    ("occupation", (["en"], True), {"top": 50}),
    ("coverage", (["hr", "de"],), {}),
]


def same_figure(found, computed) -> None:
    assert found is not None
    pd.testing.assert_frame_equal(found.frame, computed.frame)
    assert found.provenance.extra == {"precomputed": "with the store"} and "precomputed" in found.provenance.line()
    assert (found.title, found.definition, found.scope, replace(found.provenance, extra={})) == (
        computed.title,
        computed.definition,
        computed.scope,
        computed.provenance,
    )


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "store"
    build_synthetic(2000, 7, path)
    return path


@pytest.mark.parametrize("name, args, kwargs", CALLS)
def test_the_bundled_samples_precomputed_figures_are_the_computed_ones(sample, name, args, kwargs) -> None:
    same_figure(lookup(sample, name, args, kwargs), FIGURES[name](sample, *args, **kwargs))


@pytest.mark.parametrize("name, args, kwargs", CALLS)
def test_a_synthetic_stores_precomputed_figures_are_the_computed_ones(synthetic, name, args, kwargs) -> None:
    endpoint = open_store_endpoint(read_manifest(synthetic))
    if not (synthetic / precomputed.FILE).exists():
        precompute(endpoint)
    same_figure(lookup(endpoint, name, args, kwargs), FIGURES[name](endpoint, *args, **kwargs))


def test_only_standard_views_are_looked_up(sample) -> None:
    assert lookup(sample, "gender", (["hr"],), {"filters": make_filters(gender="women")}) is None
    assert lookup(sample, "gender", (["hr"],), {"baseline": "parity"}) is None
    assert lookup(sample, "occupation", (["hr"], False), {"top": 51}) is None
    assert lookup(sample, "worklist", ("hr",), {}) is None
    assert lookup(sample, "gender", (["xx-none"],), {}) is None  # the function words the error
    assert lookup(sample, "gender", (["dz"],), {}) is None  # no biographies there: the function gives zero rows


def test_a_standard_view_never_loads_the_store(tmp_path: Path) -> None:
    store = tmp_path / "sample"
    shutil.copytree(SAMPLE_STORE, store)
    endpoint = open_store_endpoint(read_manifest(store))
    figure = precomputed.compute(endpoint, "gender", ["en", "hr"])
    assert figure.frame["people"].sum() > 0 and not endpoint.loaded
    precomputed.compute(endpoint, "gender", ["en"], filters=make_filters(gender="women"))
    assert endpoint.loaded


def test_figures_of_another_data_version_are_never_used(tmp_path: Path) -> None:
    store = tmp_path / "sample"
    shutil.copytree(SAMPLE_STORE, store)
    manifest = (store / "manifest.json").read_text().replace('"data_date": "2020-10"', '"data_date": "2020-11"')
    (store / "manifest.json").write_text(manifest)
    endpoint = open_store_endpoint(read_manifest(store))
    assert lookup(endpoint, "gender", (["en"],), {}) is None

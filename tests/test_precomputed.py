"""Precomputed standard figures equal the figure functions exactly, on the sample and a synthetic store."""

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from gapkit.builders.synth import build_synthetic
from gapkit.figures import precomputed
from gapkit.figures.base import request
from gapkit.figures.precomputed import lookup, precompute
from gapkit.figures.registry import make, spec_of
from gapkit.model.filters import make_filters
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.store import SAMPLE_STORE, read_manifest

CALLS = [
    request("gender", None),
    request("gender", ["hr", "en"]),
    request("gender", ["de"], grouping="raw"),
    request("region", ["hr"], by_gender=True),
    request("region", None),
    request("decade", ["en", "fr"], by_gender=True),
    request("occupation", ["hr"], by_gender=False, top=5),
    request("occupation", ["en"], by_gender=True, top=50),
    request("coverage", ["hr", "de"]),
]


def look(endpoint, asked):
    return lookup(endpoint, asked, spec_of(asked.figure))


def computed(endpoint, asked):
    return spec_of(asked.figure).compute(endpoint, asked)


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


@pytest.mark.parametrize("asked", CALLS)
def test_the_bundled_samples_precomputed_figures_are_the_computed_ones(sample, asked) -> None:
    same_figure(look(sample, asked), computed(sample, asked))


@pytest.mark.parametrize("asked", CALLS)
def test_a_synthetic_stores_precomputed_figures_are_the_computed_ones(synthetic, asked) -> None:
    endpoint = open_store_endpoint(read_manifest(synthetic))
    if not (synthetic / precomputed.FILE).exists():
        precompute(endpoint)
    same_figure(look(endpoint, asked), computed(endpoint, asked))


def test_only_standard_views_are_looked_up(sample) -> None:
    assert look(sample, request("gender", ["hr"], filters=make_filters(gender="women"))) is None
    assert look(sample, request("gender", ["hr"], baseline="parity")) is None
    assert look(sample, request("occupation", ["hr"], by_gender=False, top=51)) is None
    assert look(sample, request("worklist", "hr")) is None
    assert look(sample, request("gender", ["xx-none"])) is None  # the function words the error
    assert look(sample, request("gender", ["dz"])) is None  # no biographies there: the function gives zero rows


def test_a_standard_view_never_loads_the_store(tmp_path: Path) -> None:
    store = tmp_path / "sample"
    shutil.copytree(SAMPLE_STORE, store)
    endpoint = open_store_endpoint(read_manifest(store))
    figure = make(endpoint, request("gender", ["en", "hr"]))
    assert figure.frame["people"].sum() > 0 and not endpoint.loaded
    make(endpoint, request("gender", ["en"], filters=make_filters(gender="women")))
    assert endpoint.loaded


def test_figures_of_another_data_version_are_never_used(tmp_path: Path) -> None:
    store = tmp_path / "sample"
    shutil.copytree(SAMPLE_STORE, store)
    manifest = (store / "manifest.json").read_text().replace('"data_date": "2020-10"', '"data_date": "2020-11"')
    (store / "manifest.json").write_text(manifest)
    endpoint = open_store_endpoint(read_manifest(store))
    assert look(endpoint, request("gender", ["en"])) is None


def test_an_edited_precomputed_figure_is_never_shown(tmp_path: Path) -> None:
    """Someone edits en's women from 27 to 99 in precomputed.json.gz: the figure is computed from the data."""
    import gzip
    import json

    store = tmp_path / "sample"
    shutil.copytree(SAMPLE_STORE, store)
    path = store / precomputed.FILE
    data = json.loads(gzip.decompress(path.read_bytes()))
    frame = data["figures"][0]["frame"]
    assert '"women",27' in frame["data"]
    frame["data"] = frame["data"].replace('"women",27', '"women",99', 1)
    path.write_bytes(gzip.compress(json.dumps(data).encode("utf-8")))
    endpoint = open_store_endpoint(read_manifest(store))
    assert look(endpoint, request("gender", ["en"])) is None
    figure = make(endpoint, request("gender", ["en"]))
    assert figure.frame.set_index("gender").loc["women", "people"] == 27

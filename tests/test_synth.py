"""The synthetic store (labelled, calibrated, every modelling case present) and the benchmark's smoke run."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from gapkit.figures.gender import gender_by_edition
from gapkit.sources.resolve import open_store_endpoint
from gapkit.stores.export import exported
from gapkit.stores.store import read_manifest
from tests.cli_helpers import gapkit
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import pandas_twin


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "store"
    run = gapkit("store", "synth", "--people", "2000", "--seed", "3", "--out", str(out))
    assert run.returncode == 0, run.stderr
    return out


def test_synthetic_store_is_labelled_everywhere(synthetic: Path) -> None:
    manifest = read_manifest(synthetic).manifest
    assert manifest.synthetic and not manifest.representative and manifest.counts["people"] == 2000
    assert "SYNTHETIC" in manifest.notice and "Invented" in manifest.description
    figure = gender_by_edition(open_store_endpoint(read_manifest(synthetic)), ["en"])
    assert figure.provenance.line().startswith("SYNTHETIC DATA")


def test_the_same_seed_gives_the_same_store(synthetic: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert gapkit("store", "synth", "--people", "2000", "--seed", "3", "--out", str(again)).returncode == 0
    assert exported(read_manifest(again)) == exported(read_manifest(synthetic))


def test_gapkit_and_the_pandas_twin_agree(synthetic: Path) -> None:
    """The benchmark's columnar twin gives the same numbers as the SPARQL figure."""
    endpoint = open_store_endpoint(read_manifest(synthetic))
    values, articles = pandas_twin.extract(endpoint)
    twin = pandas_twin.gender_groups(values, articles)
    figure = gender_by_edition(endpoint, None).frame
    sites = {e: f"https://{e}.wikipedia.org/" for e in figure["edition"].unique()}
    mine = {(sites[e], g): p for e, g, p in figure[["edition", "gender", "people"]].values if p}
    assert mine == {(s, g): p for s, g, p in twin.values}
    # every modelling case the later figures read is present
    assert set(figure["gender"][figure["people"] > 0]) == {"women", "men", "other", "no_gender"}


def test_benchmark_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "bench.csv"
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--people", "2000", "--runs", "1",
                          "--out", str(out), "--stores", str(tmp_path / "stores")],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("SYNTHETIC data.")
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert {r["what"] for r in rows} >= {"load into memory", "gender, all editions", "worklist hr, K=3, 500",
                                         "precompute standard figures (9, every edition)",
                                         "standard: Overview (gender, 8 editions)",
                                         "custom: worklist hr, women in Europe, 500"}  # fmt: skip
    views = [r for r in rows if r["what"].startswith("standard:")]
    assert views and all(r["note"] == "store not loaded" for r in views)
    assert float(next(r for r in rows if r["what"] == "gender, all editions")["ratio"]) > 0

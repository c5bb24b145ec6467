"""The synthetic store (labelled, calibrated, every modelling case present) and the benchmark's smoke run."""

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gapkit.builders.synth import FIRST_QID, SHAPE, _xsd_dates, build_model, synthetic_chunk
from gapkit.figures.gender import gender_by_edition
from gapkit.figures.worklist import build_worklist
from gapkit.model.vocab import GENID
from gapkit.sources.columnar import ColumnarEndpoint
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
    """The benchmark's yardstick (plain group-bys over the store's flat rows) gives the figure's numbers."""
    flat = pandas_twin.read_flat_rows(synthetic)
    site_of = {site_id: iri for iri, site_id in flat.sites.items()}
    twin = {(site_of[s], g): p for s, g, p in pandas_twin.gender_groups(flat).values}
    figure = gender_by_edition(ColumnarEndpoint(read_manifest(synthetic)), None).frame
    mine = {(f"https://{e}.wikipedia.org/", g): p for e, g, p in figure[["edition", "gender", "people"]].values if p}
    assert mine == twin
    assert (
        pandas_twin.worklist_total(flat, "https://hr.wikipedia.org/")
        == build_worklist(ColumnarEndpoint(read_manifest(synthetic)), "hr").total
    )
    # every modelling case the later figures read is present
    assert set(figure["gender"][figure["people"] > 0]) == {"women", "men", "other", "no_gender"}


def test_benchmark_smoke_run(tmp_path: Path) -> None:
    """bench/run.py end to end at 2,000 people: build, flat rows, plain group-bys, views in fresh processes."""
    out = tmp_path / "bench.csv"
    views = ["gender, all editions", "worklist hr, 500", "region by gender, hr, 3 countries, born 1800-1999"]
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--people", "2000", "--runs", "1",
                          "--out", str(out), "--stores", str(tmp_path / "stores"), "--only", *views],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("\nSYNTHETIC data, 2,000 people.")
    rows = {r["what"]: r for r in csv.DictReader(out.read_text().splitlines())}
    assert {"store synth (build)", "flat rows: read from the columnar store", "plain group-by: gender"} <= set(rows)
    assert float(rows["store synth (build)"]["peak_mib"]) > 0
    for name in views:
        assert "FAILED" not in rows[name]["note"] and float(rows[name]["ratio"]) > 0 and rows[name]["load"]
        assert 0 <= float(rows[name]["cached_s"]) < float(rows[name]["first_s"])  # the app's cached path


# The realistic shape (docs/engine.md "Synthetic stores"), checked on the generated columns of one chunk.
@pytest.fixture(scope="module")
def chunk() -> dict:
    return synthetic_chunk(build_model(), SHAPE, 5, 0, 120_000)


def test_most_synthetic_people_have_no_article_and_en_holds_a_sixth(chunk: dict) -> None:
    articles = chunk["articles"].to_pandas()
    per_person = articles.groupby("qid").size()
    assert 0.30 < len(per_person) / 120_000 < 0.40  # about 4.2M of 12M humans have a Wikipedia article
    assert 1 / 6 * 0.9 < (articles["site_iri"] == "https://en.wikipedia.org/").sum() / 120_000 < 1 / 6 * 1.15
    assert not articles.duplicated(["qid", "site_iri"]).any()  # k distinct editions per person
    assert all(iri.startswith(f"{site}wiki/Synthetic_person_") for iri, site in articles[["iri", "site_iri"]].values)
    # long-tailed: most holders have one article, a few have dozens
    assert (per_person == 1).mean() > 0.6 and per_person.max() >= 40


def test_shares_without_p21_p27_p569_follow_the_calibration(chunk: dict) -> None:
    people = 120_000
    known_gender = chunk["gender_values"].to_pandas().dropna(subset=["value"])["qid"].nunique()
    assert abs(1 - known_gender / people - 271_566 / 2_562_076) < 0.01  # 10.6 % have no P21 (WHGI 2014)
    with_country = chunk["citizenships"].to_pandas()["qid"].nunique()
    assert 0.40 < with_country / people < 0.50  # 2014: 58.5 % had no P27
    with_birth = chunk["birth_dates"].to_pandas()["qid"].nunique()
    assert abs(with_birth / people - 1_484_020 / 2_562_076) < 0.01  # 2014: 57.9 % had a P569
    assert (chunk["people"]["qid"].to_numpy() == np.arange(people) + FIRST_QID).all()


def test_every_modelling_case_is_drawn(chunk: dict) -> None:
    genders = chunk["gender_values"].to_pandas()
    unknown = genders[genders["value"].isna()]
    assert len(unknown) and unknown["unknown"].str.startswith(GENID).all()  # "unknown value", as WDQS writes it
    assert genders["qid"].duplicated().any()  # a second P21 value
    births = chunk["birth_dates"].to_pandas()
    assert births["qid"].duplicated().any()  # disagreeing dates
    assert births["value"].str.match(r"^-?\d{4}-01-01T00:00:00Z$").all()
    assert (births["value"].str[0] == "-").any()  # BCE years, written as XSD 1.1 years (469 BCE is -0468)
    countries = chunk["citizenships"].to_pandas()
    assert 34266 in set(countries["country"]) and countries["qid"].duplicated().any()


def test_a_chunk_is_the_same_for_the_same_seed_and_first_person(chunk: dict) -> None:
    again = synthetic_chunk(build_model(), SHAPE, 5, 0, 120_000)
    assert all(again[name].equals(table) for name, table in chunk.items())
    other = synthetic_chunk(build_model(), SHAPE, 6, 0, 120_000)
    assert not other["articles"].equals(chunk["articles"])


def test_years_are_written_as_xsd_11_years() -> None:
    years = np.array([1952, 5, -1, -469])
    assert _xsd_dates(years).to_pylist() == [f"{y}-01-01T00:00:00Z" for y in ("1952", "0005", "0000", "-0468")]

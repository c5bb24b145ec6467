"""Every table of the stores the dump importer builds from the dump fixtures, as JSON: the record of what the
N-Triples text path (gapkit before the structured path, commit 1671743) built, which the structured path must
give back table by table (tests/test_dump_tables.py).

python -m tests.dump_tables OUT.json   writes the record from the importer of the checked-out gapkit.
"""

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from gapkit.builders.from_dump import build_from_dump
from gapkit.stores.store import StoreRef
from tests.dump_fixture import ENTITIES, entity, write_dump, write_full

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
RECORD = FIXTURES / "tables-ntriples-path.json"
LANGUAGES = ["en", "hr", "fr", "yue", "zh", "ar", "mul"]
# Text that N-Triples must escape or that splits lines elsewhere: every such character class in labels and titles.
HOSTILE = 'q"uote \\back\tslash\rcr\nlf \x0b\x0c\x1c\x85\u2028\u2029 \x00nul \U0001f600 =1+1 @x'
HOSTILE_ENTITIES = [
    entity(
        "Q901001",
        {"P31": ["Q5"], "P21": ["somevalue"], "P19": ["Q142", "somevalue"], "P570": ["somevalue"], "P569": [-1]},
        {"en": HOSTILE, "mul": "  spaces  ", "hr": "\\u0041 not an escape"},
        {"en": HOSTILE[::-1]},
        {"enwiki": 'A "title" with spaces & ?query#frag', "hrwiki": HOSTILE.replace("\x00", ""), "dewiki": "Ü/ber:x"},
    ),
    entity("Q901002", {"P31": ["Q5"], "P27": ["Q142"], "P106": ["Q36180"]}, {"en": "Twice"}, None, {"frwiki": "Deux"}),
    entity("Q901002", {"P31": ["Q5"], "P27": ["Q142"], "P106": ["Q36180"]}, {"en": "Twice"}, None, {"frwiki": "Deux"}),
    entity("Q142", {"P279": ["somevalue"]}, {"en": "France", "hr": HOSTILE}),
    entity("Q36180", {"P279": ["Q483501", "Q483501"]}, {"en": "writer"}),
    entity("Q483501", {}, {"en": "artist"}),
]


def _cases(folder: Path) -> dict[str, Callable[[Path], StoreRef]]:
    """Each dump fixture with the options the tests import it with: name -> build into a folder."""
    mini_json = write_dump(folder / "wikidata-20261101-all.json")
    mini_nt = write_full(folder / "wikidata-20261101-all.nt.gz")
    damaged_json = write_dump(folder / "damaged.json.bz2", damaged_after=3)
    damaged_nt = write_full(folder / "damaged.nt", damaged_after=3)
    hostile_json = write_dump(folder / "hostile.json", HOSTILE_ENTITIES)
    hostile_nt = write_full(folder / "hostile.nt", HOSTILE_ENTITIES)
    return {
        "mini.json": lambda out: build_from_dump(mini_json, out, languages=LANGUAGES),
        "mini.nt": lambda out: build_from_dump(mini_nt, out, languages=LANGUAGES),
        "mini.json, hr only": lambda out: build_from_dump(mini_json, out, editions=["hr"]),
        "mini.nt, hr and fr": lambda out: build_from_dump(mini_nt, out, editions=["hr", "fr"]),
        "damaged.json": lambda out: build_from_dump(damaged_json, out),
        "damaged.nt": lambda out: build_from_dump(damaged_nt, out),
        "hostile.json": lambda out: build_from_dump(hostile_json, out, languages=["en", "hr", "mul"]),
        "hostile.nt": lambda out: build_from_dump(hostile_nt, out, languages=["en", "hr", "mul"]),
        **{
            name: (lambda out, name=name: build_from_dump(FIXTURES / name, out))
            for name in ("latest-all.json", "latest-all.nt", "wikidata-20141020-all.json", "malformed.json")
        },
    }


def _cell(value: object) -> object:
    return value if value is None or isinstance(value, (bool, int, str)) else str(value)


def tables(ref: StoreRef) -> dict[str, object]:
    """Every table of a store, its rows sorted (as JSON-able lists), and the manifest's counts."""
    con = duckdb.connect(str(ref.data_path), read_only=True)
    try:
        names = sorted(row[0] for row in con.table_function("duckdb_tables").project("table_name").fetchall())
        found: dict[str, object] = {
            name: sorted(([_cell(v) for v in row] for row in con.table(name).fetchall()), key=repr) for name in names
        }
    finally:
        con.close()
    found["manifest counts"] = ref.manifest.counts
    return found


def record(entities: list[dict] = ENTITIES) -> dict[str, dict[str, object]]:
    """The tables of every case, built in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        cases = _cases(Path(folder))
        return {name: tables(build(Path(folder) / f"store{n}")) for n, (name, build) in enumerate(cases.items())}


def built(name: str, folder: Path) -> dict[str, object]:
    """The tables of one case, built by the checked-out importer into `folder`."""
    return tables(_cases(folder)[name](folder / "store"))


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(record(), ensure_ascii=False, indent=0, sort_keys=True) + "\n")

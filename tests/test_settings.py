"""Settings and sources: the config file, names instead of paths, and the documented knobs."""

from pathlib import Path

import pytest

from gapkit.errors import BadInput
from gapkit.model.editions import load_editions
from gapkit.model.settings import SETTINGS, load_settings
from gapkit.sources.resolve import resolve, source_names
from gapkit.stores.store import SAMPLE_STORE
from tests.conftest import ROOT


def config(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "gapkit.toml"
    path.write_text(text)
    return {"GAPKIT_CONFIG": str(path)}


def test_defaults_use_the_bundled_sample(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert resolve(settings=settings).location == str(SAMPLE_STORE)
    assert source_names(settings) == ["local", "wdqs", "qlever"]


def test_config_file_adds_named_stores_and_endpoints(tmp_path: Path) -> None:
    env = config(
        tmp_path,
        'user_agent = "gapkit-test/1 (me@example.org)"\ncache_ttl = 60\n'
        '[stores.hr2026]\npath = "stores/hr"\n[endpoints.mirror]\nurl = "https://sparql.example.org/q"\n',
    )
    settings = load_settings(env)
    assert settings.user_agent == "gapkit-test/1 (me@example.org)" and settings.cache_ttl == 60
    assert resolve("hr2026", settings=settings).location == str(tmp_path / "stores" / "hr")
    assert resolve("mirror", settings=settings).kind == "endpoint"
    assert source_names(settings) == ["local", "hr2026", "wdqs", "qlever", "mirror"]


@pytest.mark.parametrize(
    "text, sentence",
    [
        ('[endpoints.x]\nurl = "file:///etc/passwd"\n', "needs an http or https url"),
        ('[endpoints.x]\nurl = "gopher://x"\n', "needs an http or https url"),
        ('[stores."../x"]\npath = "y"\n', "may use only letters"),
        ('[stores.wdqs]\npath = "y"\n', "used for both a store and an endpoint"),
        ("cache_ttl = 'soon'\n", "must be a number of seconds"),
        ("this is not toml", "could not be read"),
    ],
)
def test_bad_configuration_is_one_sentence(tmp_path: Path, text: str, sentence: str) -> None:
    with pytest.raises(BadInput, match=sentence):
        load_settings(config(tmp_path, text))


def test_a_missing_config_file_named_by_the_environment_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="does not exist"):
        load_settings({"GAPKIT_CONFIG": str(tmp_path / "nope.toml")})


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in readme, setting.name


@pytest.mark.parametrize(
    "code, dbname, language",
    [("no", "nowiki", "nb"), ("zh-yue", "zh_yuewiki", "yue"), ("als", "alswiki", "gsw"), ("simple", "simplewiki", "en"),
     ("be-tarask", "be_x_oldwiki", "be-tarask"), ("hr", "hrwiki", "hr")],
)  # fmt: skip
def test_shipped_editions_table(code: str, dbname: str, language: str) -> None:
    edition = load_editions().get(code)
    assert (edition.dbname, edition.content_language, edition.site) == (
        dbname,
        language,
        f"https://{code}.wikipedia.org/",
    )

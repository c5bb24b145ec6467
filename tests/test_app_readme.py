"""The README's links: every clickable one points inside the repository; outside addresses are examples (#16).

The rule: a Markdown link or image target, an autolink and a bare address in running text are links a
reader can click. Their targets must be files or folders of this repository that exist. A bare address in
running text may name only a Wikidata, Wikipedia or Wikimedia page, as an example of what gapkit builds.
Text in code spans and code blocks is not a link (commands, settings, URL patterns) and is not checked.
"""

import re
from urllib.parse import urlsplit

from tests.conftest import ROOT

README = ROOT / "README.md"
EXAMPLE_HOSTS = re.compile(r"(^|\.)(wikidata|wikipedia|wikimedia)\.org$")
CODE_BLOCK = re.compile(r"^```.*?^```", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
BARE = re.compile(r"\b(?:https?|ftp)://[^\s)>\]]+|\bwww\.[^\s)>\]]+")


def prose(text: str) -> str:
    """The README without its code blocks and code spans."""
    return CODE_SPAN.sub("", CODE_BLOCK.sub("", text))


def inside(target: str) -> bool:
    """Whether a link target is an anchor of this page or an existing path inside the repository."""
    path = target.split("#", 1)[0]
    if urlsplit(target).scheme or target.startswith("//"):
        return False
    if not path:
        return target.startswith("#")
    where = (ROOT / path).resolve()
    return where.is_relative_to(ROOT.resolve()) and where.exists()


def outside_links(text: str) -> list[str]:
    """Every clickable link of a Markdown text that does not point inside the repository (or is missing)."""
    body = prose(text)
    bad = [target for target in MARKDOWN_LINK.findall(body) + AUTOLINK.findall(body) if not inside(target)]
    for address in BARE.findall(MARKDOWN_LINK.sub("", AUTOLINK.sub("", body))):
        host = urlsplit(address if "://" in address else f"https://{address}").hostname or ""
        if not EXAMPLE_HOSTS.search(host):
            bad.append(address)
    return bad


def test_every_readme_link_points_inside_the_repository() -> None:
    assert outside_links(README.read_text(encoding="utf-8")) == []


def test_the_link_rule_refuses_outside_links_and_accepts_examples() -> None:
    cases = {
        "[design](../shared/DESIGN.md)": ["../shared/DESIGN.md"],  # leaves the repository
        "[site](https://example.org/)": ["https://example.org/"],
        "<https://example.org/x>": ["https://example.org/x"],
        "see http://127.0.0.1:8501 now": ["http://127.0.0.1:8501"],  # clickable in prose: put it in code
        "[gone](docs/missing.md)": ["docs/missing.md"],
        "![shot](docs/screenshot.png) [engine](docs/engine.md#results)": [],
        "an item such as https://www.wikidata.org/wiki/Q42": [],  # an example of what gapkit links to
        "`https://example.org/` in code and\n```\nhttps://example.org/\n```\n": [],
    }
    for text, expected in cases.items():
        assert outside_links(text) == expected, text

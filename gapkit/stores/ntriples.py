"""Write N-Triples text fast: IRIs we mint ourselves, escaped literals, XSD 1.1 years."""

from gapkit.model import vocab

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
XSD_INTEGER = f"<{vocab.XSD}integer>"
XSD_DATETIME = f"<{vocab.XSD}dateTime>"


def iri(value: str) -> str:
    """<value>; callers pass IRIs they built from validated parts (no spaces, <, >, quotes)."""
    return f"<{value}>"


def literal(text: str, language: str | None = None) -> str:
    """A plain or language-tagged string literal, escaped."""
    body = '"' + text.translate(_ESCAPES) + '"'
    return f"{body}@{language}" if language else body


def integer(value: int) -> str:
    """An xsd:integer literal."""
    return f'"{int(value)}"^^{XSD_INTEGER}'


def xsd_year(historical_year: int) -> str:
    """XSD 1.1 year text of a historical year: 1952 -> 1952, -469 (469 BCE) -> -0468, -1 -> 0000."""
    if historical_year == 0:
        raise ValueError("there is no historical year 0")
    astronomical = historical_year if historical_year > 0 else historical_year + 1
    sign = "-" if astronomical < 0 else ""
    return f"{sign}{abs(astronomical):04d}"


def year_date(historical_year: int) -> str:
    """A year-precision date literal as WDQS writes one (January 1st, midnight UTC)."""
    return f'"{xsd_year(historical_year)}-01-01T00:00:00Z"^^{XSD_DATETIME}'


def triple(subject: str, predicate: str, obj: str) -> str:
    """One N-Triples line."""
    return f"{subject} {predicate} {obj} .\n"

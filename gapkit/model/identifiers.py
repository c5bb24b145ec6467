"""Value types at the edge: QIDs, edition codes, language codes and years, parsed or refused."""

import datetime
import re

from gapkit.errors import BadInput

_QID = re.compile(r"Q[1-9][0-9]{0,11}")
_PID = re.compile(r"P[1-9][0-9]{0,6}")
# Wikipedia edition codes are host labels: lower-case letters, digits and inner hyphens.
_EDITION = re.compile(r"[a-z][a-z0-9]{0,11}(?:-[a-z0-9]{1,12}){0,3}")
# BCP 47-ish language tags as Wikidata uses them (e.g. en, zh-hant, be-tarask, sr-el).
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,3}")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")

MIN_YEAR = -13_000_000_000  # the Big Bang, as Wikidata allows it
MAX_YEAR = 9999


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{what} must be text, not {type(value).__name__}.")
    return value


def parse_qid(value: object) -> str:
    """Return a Wikidata item id such as "Q42", or raise BadInput."""
    text = _text(value, "A Wikidata id")
    if not _QID.fullmatch(text):
        raise BadInput(f"{text[:60]!r} is not a Wikidata item id (expected Q followed by digits, like Q42).")
    return text


def parse_pid(value: object) -> str:
    """Return a Wikidata property id such as "P21", or raise BadInput."""
    text = _text(value, "A property id")
    if not _PID.fullmatch(text):
        raise BadInput(f"{text[:60]!r} is not a Wikidata property id (expected P followed by digits, like P21).")
    return text


def qid_number(qid: str) -> int:
    """Numeric part of a QID, for ordering Q9 before Q10."""
    return int(parse_qid(qid)[1:])


def looks_like_edition_code(value: object) -> bool:
    """True when the text has the shape of an edition code (whether or not it exists)."""
    return isinstance(value, str) and _EDITION.fullmatch(value) is not None


def parse_language(value: object) -> str:
    """Return a language code such as "hr" or "zh-hant", or raise BadInput."""
    text = _text(value, "A language code")
    if not _LANGUAGE.fullmatch(text):
        raise BadInput(f"{text[:60]!r} is not a language code (expected something like en, hr or zh-hant).")
    return text


def parse_year(value: object) -> int:
    """Return a historical year (-469 is 469 BCE; there is no year 0), or raise BadInput."""
    if isinstance(value, bool):
        raise BadInput("A year must be a whole number.")
    if isinstance(value, int):
        year = value
    else:
        text = _text(value, "A year").strip()
        if not re.fullmatch(r"-?[0-9]{1,11}", text):
            raise BadInput(f"{text[:60]!r} is not a year (expected a whole number such as 1900 or -469).")
        year = int(text)
    if year == 0:
        raise BadInput("There is no year 0: 1 BCE is -1 and 1 CE is 1.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput(f"The year {year} is out of range.")
    return year


def parse_int(value: object, what: str, low: int, high: int) -> int:
    """Return an integer within [low, high], or raise BadInput naming what it is."""
    if isinstance(value, bool):
        raise BadInput(f"{what} must be a whole number.")
    if isinstance(value, int):
        number = value
    else:
        text = _text(value, what).strip()
        # ASCII digits only (int() would take other scripts' digits too); a minus sign is read, then refused
        # by the range with the number in the sentence.
        if not re.fullmatch(r"-?[0-9]+", text):
            raise BadInput(f"{what} must be a whole number, not {text[:60]!r}.")
        if len(text.lstrip("-").lstrip("0")) > 18:  # far beyond any range here; int() of 5,000 digits is slow
            raise BadInput(f"{what} must be between {low:,} and {high:,}, not {text[:30]}{'...' * (len(text) > 30)}.")
        number = int(text)
    if not low <= number <= high:
        raise BadInput(f"{what} must be between {low:,} and {high:,}, not {number:,}.")
    return number


_DATA_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def parse_data_date(value: object) -> str:
    """Return a data date: an ISO date (2026-11-01), a year-month (2026-11), a year (2026) or "unknown"."""
    text = _text(value, "A data date")
    match = _DATA_DATE.fullmatch(text)
    if text != "unknown":
        try:
            if not match:
                raise ValueError
            datetime.date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
        except ValueError:
            raise BadInput(
                f"{text[:40]!r} is not a data date (expected YYYY-MM-DD, YYYY-MM, YYYY or unknown)."
            ) from None
    return text


def parse_safe_name(value: object, what: str = "A name") -> str:
    """Return a name usable as a file name (letters, digits, . _ -), or raise BadInput."""
    text = _text(value, what)
    if not _SAFE_NAME.fullmatch(text) or text in {".", ".."}:
        raise BadInput(f"{what} may use only letters, digits, '.', '_' and '-' (at most 80), not {text[:60]!r}.")
    return text

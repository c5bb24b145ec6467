"""What a cell may hold in a file a spreadsheet opens: the formula rule, the one CSV writer, XLSX limits."""

import math
import re

import pandas as pd

# Spreadsheet formula injection, the one documented rule (every CSV and XLSX gapkit writes, text cells only):
# a text whose first character after any leading apostrophes is =, +, -, @, TAB or CR gets one more leading
# apostrophe, unless the text is a number (the BCE decade "-470" stays). restore() removes exactly one, so
# every text comes back as it was.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
# A CSV field holding any of these is quoted: the delimiter, the quote, and every character a reader may take
# for the end of a row or a cell (a bare CR splits a row in Excel and in Python's csv module alike).
DELIMITER = ","
QUOTE_WHEN = frozenset({DELIMITER, '"', "\r", "\n", "\t"})
XLSX_MAX_CELL = 32_767  # Excel's limit on the characters of one cell
CUT_MARK = "...[cut]"
# The control characters XML 1.0 cannot hold, as openpyxl's ILLEGAL_CHARACTERS_RE spells them (written out here so
# that importing this module does not import openpyxl, 0.5 s; a test checks the two agree).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _formula_like(value: str) -> bool:
    text = value.lstrip("'")
    return text.startswith(FORMULA_STARTS) and NUMBER.fullmatch(text) is None


def neutralise(value: object) -> object:
    """ "=1+1" -> "'=1+1" for text that a spreadsheet would run; numbers and other values unchanged."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def restore(value: object) -> object:
    """Undo neutralise()."""
    if isinstance(value, str) and value.startswith("'") and _formula_like(value[1:]):
        return value[1:]
    return value


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, str):
        return str(neutralise(value))
    if isinstance(value, float):
        return repr(float(value))  # as pandas writes a float: the shortest text that reads back the same
    return str(value)


def csv_field(value: object) -> str:
    """One CSV field: the formula rule applied, quoted when it holds a delimiter, quote, CR, LF or TAB."""
    text = _text(value)
    if QUOTE_WHEN.intersection(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(frame: pd.DataFrame) -> str:
    """The one CSV writer: header and rows, LF line ends, every field made safe by csv_field."""
    lines = [DELIMITER.join(csv_field(str(name)) for name in frame.columns)]
    lines += [DELIMITER.join(map(csv_field, row)) for row in frame.itertuples(index=False, name=None)]
    return "\n".join(lines) + "\n"


def xlsx_text(value: str) -> tuple[str, bool]:
    """A text an XLSX cell can hold, and whether it was cut.

    Characters XML cannot hold are dropped first (so "\x0b=1+1" is seen as the formula it becomes), then the
    formula rule, then the cut at Excel's limit, marked by its ending."""
    text = str(neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)))
    if len(text) <= XLSX_MAX_CELL:
        return text, False
    return text[: XLSX_MAX_CELL - len(CUT_MARK)] + CUT_MARK, True

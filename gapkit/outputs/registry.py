"""The one output registry: each export's name, file suffix, MIME type, writer and sidecar, for CLI and pages."""

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gapkit.errors import BadInput
from gapkit.files import atomic_write
from gapkit.outputs import tables, worklist_formats
from gapkit.outputs.images import chart_png, chart_svg
from gapkit.outputs.metadata import metadata_json
from gapkit.sources.endpoints import Provenance


@dataclass(frozen=True)
class OutputFormat:
    """One way to write a figure, worklist, progress report or chart: what a file of it is called and holds."""

    name: str
    suffix: str  # the file name's ending, without the dot ("wiki.txt")
    mime: str
    writer: Callable[[Any], bytes]
    sidecar: bool = False  # --out FILE also gets FILE.meta.json (the metadata writer's text)
    binary: bool = False  # not text: never written to a terminal
    label: str = ""  # a download button's text

    def file_name(self, stem: str) -> str:
        """`stem` with this format's suffix."""
        return f"{stem}.{self.suffix}"

    def button_label(self) -> str:
        """The download button's text."""
        return self.label or self.name.upper()


def _svg(chart: object) -> bytes:
    return chart_svg(chart).encode("utf-8")


CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIGURE_FORMATS: Mapping[str, OutputFormat] = {
    "csv": OutputFormat("csv", "csv", CSV_MIME, tables.figure_csv, sidecar=True),
    "json": OutputFormat("json", "json", "application/json", tables.figure_json, sidecar=True),
    "table": OutputFormat("table", "txt", "text/plain", tables.figure_table, sidecar=True),
    "xlsx": OutputFormat("xlsx", "xlsx", XLSX_MIME, tables.figure_xlsx, binary=True),  # metadata: its about sheet
}
WORKLIST_FORMATS: Mapping[str, OutputFormat] = {
    "csv": OutputFormat("csv", "csv", CSV_MIME, worklist_formats.to_csv, sidecar=True),
    "xlsx": OutputFormat("xlsx", "xlsx", XLSX_MIME, worklist_formats.to_xlsx, binary=True),
    "wikitext": OutputFormat("wikitext", "wiki.txt", "text/plain", worklist_formats.to_wikitext),
    "listeria": OutputFormat(
        "listeria", "listeria.txt", "text/plain", worklist_formats.to_listeria, label="Wikidata list"
    ),
    "json": OutputFormat("json", "json", "application/json", worklist_formats.to_json),
}
PROGRESS_FORMATS: Mapping[str, OutputFormat] = {
    "table": OutputFormat("table", "txt", "text/plain", tables.progress_table),
    "csv": OutputFormat("csv", "csv", CSV_MIME, tables.progress_csv),
    "json": OutputFormat("json", "json", "application/json", tables.progress_json),
}
CHART_FORMATS: Mapping[str, OutputFormat] = {
    "png": OutputFormat("png", "png", "image/png", chart_png, binary=True),
    "svg": OutputFormat("svg", "svg", "image/svg+xml", _svg),
}


def output_format(formats: Mapping[str, OutputFormat], name: str) -> OutputFormat:
    """The registered format called `name`; any other name is one sentence."""
    try:
        return formats[name]
    except KeyError:
        raise BadInput(f"{name!r} is not an output format (choose one of {', '.join(formats)}).") from None


def check_destination(fmt: OutputFormat, out: str | None) -> None:
    """Refuse, before any work, what cannot be written: a binary format to the terminal, --out onto a folder."""
    if fmt.binary and not out:
        raise BadInput(f"The {fmt.name} format needs --out FILE (it is not text).")
    if out is not None and Path(out).is_dir():
        raise BadInput(f"{out} is a directory; --out needs a file name.")


def sidecar_path(path: Path) -> Path:
    """FILE -> FILE.meta.json."""
    return path.with_name(path.name + ".meta.json")


def write_output(fmt: OutputFormat, item: object, out: str | None) -> None:
    """Print `item` in `fmt`, or write it atomically to `out` (with its sidecar when the format has one)."""
    check_destination(fmt, out)
    data = fmt.writer(item)
    _tell_about(item)
    if out is None:
        sys.stdout.write(data.decode("utf-8"))  # text only (check_destination); a redirected stdout may lack .buffer
        sys.stdout.flush()
        return
    path = Path(out)
    atomic_write(path, data)
    if fmt.sidecar:
        atomic_write(sidecar_path(path), metadata_json(item))


def stale_note(provenance: Provenance) -> str:
    """One sentence saying an answer is a stale cached copy, and of when."""
    return provenance.notice or f"Stale: this is the cached answer of {provenance.data_date}."


def _tell_about(item: object) -> None:
    # A bare CSV cannot carry its provenance: a stale or split answer says so beside it, on stderr.
    provenance = getattr(item, "provenance", None)
    if not isinstance(provenance, Provenance):
        return
    if provenance.stale:
        sys.stderr.write(f"gapkit: {stale_note(provenance)}\n")
    if provenance.partitions > 1:
        sys.stderr.write(f"gapkit: the endpoint ran out of time; answered in {provenance.partitions} parts.\n")


def write_figure(figure: object, name: str, out: str | None) -> None:
    """A figure in the format called `name`, to stdout or to `out`."""
    write_output(output_format(FIGURE_FORMATS, name), figure, out)

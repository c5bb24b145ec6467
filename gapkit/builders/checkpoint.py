"""The one checkpoint of a resumable build (dump import, harvest): what it was started with and how far it got."""

import json
from pathlib import Path

from gapkit.errors import BadInput
from gapkit.files import atomic_write

FILE = "checkpoint.json"


class Checkpoint:
    """`checkpoint.json` in a build's work folder: the options it was started with and its progress so far.

    A rerun with the same options continues from the saved progress; other options are refused with one
    sentence, because mixing two builds' part files would give a store of neither."""

    def __init__(self, work: Path, options: dict, refusal: str) -> None:
        self.work, self.options, self.refusal = Path(work), options, refusal
        self.path = self.work / FILE

    def load(self) -> dict | None:
        """The saved progress, or None (and the work folder made) when there is none yet."""
        if not self.path.is_file():
            self.work.mkdir(parents=True, exist_ok=True)
            return None
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(saved.get("options"), dict) or not isinstance(saved["progress"], dict):
                raise TypeError("not a checkpoint")
            progress = saved["progress"] if saved["options"] == self.options else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise BadInput(f"{self.path} is damaged; delete {self.work} and start again.") from None
        if progress is None:
            raise BadInput(self.refusal)
        return progress

    def save(self, progress: dict) -> None:
        """Replace the checkpoint atomically: a crash leaves the previous one whole."""
        atomic_write(self.path, json.dumps({"options": self.options, "progress": progress}))

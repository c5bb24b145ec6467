"""Run the CLI as a person would: a subprocess of `python -m gapkit`."""

import subprocess
import sys

from tests.conftest import ROOT


def gapkit(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gapkit", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )

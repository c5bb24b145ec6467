"""ruff, configured once in pyproject.toml, passes on the whole tree (lint and format)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_ruff_check_and_format() -> None:
    for args in (["check", "."], ["format", "--check", "."]):
        run = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr

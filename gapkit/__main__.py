"""Entry point: python -m gapkit."""

import sys

from gapkit.cli.main import main

sys.exit(main())

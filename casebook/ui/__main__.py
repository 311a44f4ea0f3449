"""`python -m casebook.ui [CASE_FOLDER]` opens the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from casebook.ui.app import run

if __name__ == "__main__":
    sys.exit(run(case_path=Path(sys.argv[1]) if len(sys.argv) > 1 else None))

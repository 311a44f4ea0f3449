"""Entry point of the frozen (PyInstaller) Casebook: the `casebook` command, the desktop app and its PDF workers."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

# Where Tesseract's installers put it when they do not add it to the PATH a desktop launch sees.
_TESSERACT_DIRS = {
    "win32": [Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Tesseract-OCR",
              Path(os.environ.get("LOCALAPPDATA", r"C:\Users\Default\AppData\Local")) / "Programs" / "Tesseract-OCR"],
    "darwin": [Path("/opt/homebrew/bin"), Path("/usr/local/bin"), Path("/opt/local/bin")],
}


def _extend_path_for_tesseract() -> None:
    """Apps started from Finder or the Start menu get a short PATH: add Tesseract's usual folders that exist."""
    extra = [str(d) for d in _TESSERACT_DIRS.get(sys.platform, []) if d.is_dir()]
    if extra:
        os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", ""), *extra]).strip(os.pathsep)


def main() -> None:
    # A spawned PDF or render worker re-enters this executable: freeze_support runs it and exits.
    multiprocessing.freeze_support()
    _extend_path_for_tesseract()
    # Double-clicked on macOS or Windows (no arguments): open the desktop app, building the demo on a first start.
    if len(sys.argv) == 1 and sys.platform in ("darwin", "win32"):
        sys.argv += ["app", "--first-start", "demo"]
    from casebook.cli.main import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()

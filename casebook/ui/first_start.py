"""A first start of the desktop app: build and open the demo case, and say how to install Tesseract if it is absent."""

from __future__ import annotations

import logging
import shutil
import sys

from PySide6.QtWidgets import QMessageBox, QWidget

from casebook.core.ocr_setup import tesseract_missing

log = logging.getLogger(__name__)

def tesseract_hint(platform: str = sys.platform) -> str | None:
    """None when the `tesseract` program is on the PATH; otherwise one sentence saying how to install it."""
    if shutil.which("tesseract"):
        return None
    return tesseract_missing(platform)


def report_missing_tesseract(parent: QWidget) -> QMessageBox | None:
    """Tell the user, without blocking the window, how to install Tesseract when it is missing."""
    hint = tesseract_hint()
    if hint is None:
        return None
    log.warning("%s", hint)
    box = QMessageBox(QMessageBox.Icon.Information, "OCR needs Tesseract", hint, QMessageBox.StandardButton.Close,
                      parent)
    box.setModal(False)
    box.show()
    return box

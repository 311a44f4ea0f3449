"""The one wording, for every platform, of what to do when Tesseract (the OCR engine) is not installed."""

from __future__ import annotations

import sys

_INSTALL = {
    "linux": "sudo apt-get install tesseract-ocr tesseract-ocr-eng (Debian, Ubuntu)",
    "darwin": "brew install tesseract (Homebrew)",
    "win32": "the Tesseract installer for Windows from UB Mannheim (github.com/UB-Mannheim/tesseract/wiki)",
}


def install_instruction(platform: str = sys.platform) -> str:
    """How to install Tesseract on this platform (Linux's instruction when the platform is not known)."""
    return next((text for prefix, text in _INSTALL.items() if platform.startswith(prefix)), _INSTALL["linux"])


def tesseract_missing(platform: str = sys.platform) -> str:
    """The message shown by the command line, the OCR dialog and a first start when Tesseract is absent."""
    return (f"Tesseract is not installed, so scanned pages cannot be OCRed (everything else works); "
            f"install it with {install_instruction(platform)}, then restart Casebook.")

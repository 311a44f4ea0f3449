"""Casebook's own application icon (resources/icons), for its windows and the desktop's task bar."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from casebook.services.resources import resources_root

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def application_icon() -> QIcon:
    """The icon at every size shipped; an empty icon if the resources are missing (Qt then uses its default)."""
    icon = QIcon()
    try:
        folder = resources_root() / "icons"
    except FileNotFoundError:
        return icon
    for size in SIZES:
        path = folder / f"casebook-{size}.png"
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon

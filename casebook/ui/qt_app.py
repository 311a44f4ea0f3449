"""The running QApplication, typed as one (Qt types `QApplication.instance()` as the core application)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def running_app() -> QApplication | None:
    """The GUI application object if one exists in this process."""
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None

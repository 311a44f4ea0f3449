"""Fixtures for the desktop-app tests: offscreen Qt, isolated settings, the demo case and test PDFs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from casebook.services.demo import build_demo

    root = tmp_path_factory.mktemp("demo") / "case"
    summary = build_demo(root)
    assert not summary.failed
    return root


@pytest.fixture
def demo_case(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo case, so a test may change it."""
    target = tmp_path / "demo-case"
    shutil.copytree(demo_template, target)
    for path in target.rglob("*"):  # originals are stored read-only; the copy must be deletable
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


@pytest.fixture
def settings(tmp_path: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "casebook-settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    """A main window with no case open; closed (and its threads stopped) after the test."""
    from casebook.ui.app import make_application
    from casebook.ui.main_window import MainWindow

    make_application()
    win = MainWindow(settings=settings)
    win.importer.show_dialogs = True
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    yield win
    if win.isVisible():
        win.close()


class WindowDriver:
    """Drives the main window the way a user would, waiting on its signals."""

    def __init__(self, qtbot, win) -> None:
        self.qtbot, self.win = qtbot, win

    def open_case(self, path: Path) -> list:
        with self.qtbot.waitSignal(self.win.documentsLoaded, timeout=10_000) as blocker:
            self.win.open_case(path)
        return blocker.args[0]

    def open_document(self, documents, kind: str, *, wait_for_page: bool = False):
        doc = next(d for d in documents if d.kind.value == kind)
        signals = [self.win.documentReady] + ([self.win.viewer.pdf.firstPageShown] if wait_for_page else [])
        with self.qtbot.waitSignals(signals, timeout=10_000):
            self.win.open_document(doc.id)
        return doc


@pytest.fixture
def driver(qtbot, window) -> WindowDriver:
    return WindowDriver(qtbot, window)

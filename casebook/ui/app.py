"""Starting the desktop application: the QApplication, theme, high-DPI policy and the first case."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from casebook import __version__
from casebook.core.worker_priority import ask_workers_to_yield
from casebook.ui import settings as user_settings
from casebook.ui.app_icon import application_icon
from casebook.ui.main_window import MainWindow
from casebook.ui.platform_check import check_platform
from casebook.ui.qt_app import running_app
from casebook.ui.theme import apply_theme

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt)."""
    app = running_app()
    if app is None:
        # Fractional scale factors (150%) render pages sharply instead of rounding to 1x or 2x.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(user_settings.ORGANIZATION)
    app.setApplicationName(user_settings.APPLICATION)
    app.setApplicationDisplayName("Casebook")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("casebook")  # matches packaging/linux/casebook.desktop
    app.setWindowIcon(application_icon())
    ask_workers_to_yield()  # PDF and indexing worker processes run below the GUI thread's CPU priority
    return app


def create_main_window(*, case_path: Path | None = None, settings: QSettings | None = None,
                       offer_demo: bool = True, build_demo: bool = False) -> MainWindow:
    """Build the window and open `case_path`, else the last case, else (optionally) offer or build the demo case.

    On a first start (no case to open) it also says how to install Tesseract when it is missing.
    """
    settings = settings or user_settings.default_settings()
    app = running_app()
    if app is not None:
        apply_theme(app, user_settings.theme(settings))
    window = MainWindow(settings=settings)
    target = case_path or user_settings.last_case(settings)
    if target is not None and Path(target).is_dir():
        window.open_case(Path(target))
    elif build_demo or offer_demo:
        from casebook.ui.first_start import report_missing_tesseract

        # After the window is on screen, so the welcome question (or the Tesseract note) has a parent to sit on.
        QTimer.singleShot(0, window.build_demo_case if build_demo else window.offer_first_start)
        QTimer.singleShot(0, lambda: report_missing_tesseract(window))  # the window owns the note
    return window


def run(*, case_path: Path | None = None, argv: list[str] | None = None, platform: str | None = None,
        build_demo: bool = False) -> int:
    """Open the app's main window and run the event loop; returns the exit status.

    When Qt's platform plugin cannot load (no display, missing system libraries) it prints one line saying what
    to install and returns 2 instead of letting Qt abort the process.
    """
    started = time.perf_counter()
    argv = list(argv if argv is not None else sys.argv[:1])
    if platform:
        argv += ["-platform", platform]
    problem = check_platform(argv)
    if problem is not None and QApplication.instance() is None:
        print(f"casebook: error: {problem.message}", file=sys.stderr)
        return 2
    app = make_application(argv)
    window = create_main_window(case_path=case_path, build_demo=build_demo)
    window.show()
    log.info("window shown %.0f ms after start", (time.perf_counter() - started) * 1000)
    return app.exec()

"""The first start's Tesseract note: silent when Tesseract is on the PATH, otherwise how to install it."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from casebook.ui import first_start


def test_no_note_when_tesseract_is_on_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_start.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert first_start.tesseract_hint() is None


@pytest.mark.parametrize(("platform", "command"), [
    ("linux", "apt-get install tesseract-ocr tesseract-ocr-eng"),
    ("darwin", "brew install tesseract"),
    ("win32", "UB Mannheim"),
])
def test_the_note_names_the_install_command_for_the_platform(monkeypatch: pytest.MonkeyPatch, platform: str,
                                                             command: str) -> None:
    monkeypatch.setattr(first_start.shutil, "which", lambda name: None)
    hint = first_start.tesseract_hint(platform)
    assert hint is not None and command in hint and "Tesseract is not installed" in hint


def test_the_note_is_shown_without_blocking_the_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setattr(first_start.shutil, "which", lambda name: None)
    box = first_start.report_missing_tesseract(parent)
    assert box is not None and not box.isModal() and box.isVisible() and "install" in box.text()
    monkeypatch.setattr(first_start.shutil, "which", lambda name: "/usr/bin/tesseract")
    assert first_start.report_missing_tesseract(parent) is None


def test_a_first_start_told_to_build_the_demo_builds_and_opens_it(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import QSettings

    from casebook.ui import main_window
    from casebook.ui.app import create_main_window, make_application

    make_application()
    monkeypatch.setattr(main_window, "documents_folder", lambda: tmp_path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = create_main_window(settings=settings, build_demo=True)
    qtbot.addWidget(window)
    window.show()
    demo = tmp_path / main_window.DEMO_FOLDER_NAME
    qtbot.waitUntil(lambda: window.case_path == demo, timeout=180_000)
    assert (demo / "casebook.sqlite").is_file()
    window.close()


def test_the_application_has_casebooks_own_icon_at_every_size(qtbot) -> None:
    from casebook.ui.app import make_application
    from casebook.ui.app_icon import SIZES, application_icon

    make_application()
    icon = application_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == set(SIZES)


def test_the_command_line_and_the_app_word_a_missing_tesseract_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    from casebook.pdf import ocr

    monkeypatch.setattr(first_start.shutil, "which", lambda name: None)
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(ocr.OcrUnavailable) as raised:
        ocr.tesseract_binary()
    assert str(raised.value) == first_start.tesseract_hint()

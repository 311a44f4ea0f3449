"""The app looks and behaves like a working tool: drop-to-import, recent cases, icons, CJK glyphs, both palettes."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QToolBar


def _pdf(path: Path, text: str) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    doc.save(path)
    return path


def test_dropping_files_and_a_folder_on_the_window_imports_them_with_progress(qtbot, driver, demo_case, tmp_path):
    win = driver.win
    before = driver.open_case(demo_case)
    dropped = tmp_path / "dropped"
    (dropped / "folder").mkdir(parents=True)
    first = _pdf(dropped / "letter-to-counsel.pdf", "Letter to counsel about the production schedule.")
    _pdf(dropped / "folder" / "privilege-log.pdf", "Privilege log, first supplement.")
    (dropped / "folder" / "note.txt").write_text("A note about the meet-and-confer call.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(dropped / "folder"))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(400, 300), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    shown = []
    win.runner.progressChanged.connect(lambda task: shown.append(task.title) if task is not None else None)
    with qtbot.waitSignal(win.importer.importFinished, timeout=60_000) as finished:
        QApplication.sendEvent(win, QDropEvent(QPointF(400, 300), Qt.DropAction.CopyAction, mime, buttons, keys))
    summary = finished.args[0]
    assert len(summary.imported) == 3 and not summary.failed
    assert any(title.startswith("Importing") for title in shown)  # the status bar showed the import running
    qtbot.waitUntil(lambda: len(win.documents) == len(before) + 3, timeout=10_000)
    assert "Importing 2 item(s): done" in win.status_line.text()


def test_a_drop_without_an_open_case_imports_nothing_and_says_why(window, tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_pdf(tmp_path / "a.pdf", "text")))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()  # the pointer shows the drop is refused
    assert "Open or create a case" in window.statusBar().currentMessage()
    assert not window.runner.busy


def test_recent_cases_are_numbered_on_the_file_menu_and_offered_at_first_start(driver, demo_case, settings):
    from casebook.ui.dialogs import WelcomeDialog
    from casebook.ui.recent_cases import existing_recent

    win = driver.win
    driver.open_case(demo_case)
    win._fill_recent_menu()
    [entry] = [a for a in win.recent_menu.actions() if a.isEnabled()]
    assert entry.text().startswith("&1 ") and win.case_title in entry.text() and str(demo_case) in entry.text()
    recent = existing_recent(settings)
    assert recent == [(demo_case.resolve(), win.case_title)]
    dialog = WelcomeDialog(win, recent)
    assert dialog.recent_list.count() == 1
    dialog.recent_list.itemActivated.emit(dialog.recent_list.item(0))
    assert dialog.choice == demo_case.resolve()


def test_every_toolbar_action_has_an_icon_drawn_in_the_theme_text_colour(window):
    from casebook.ui.icons import toolbar_actions_without_icons

    toolbar = window.findChild(QToolBar, "MainToolBar")
    assert toolbar_actions_without_icons(toolbar) == []
    colours = {}
    for theme in ("light", "dark"):
        window.set_theme(theme)
        image = window.open_case_action.icon().pixmap(32, 32).toImage()
        inked = [image.pixelColor(x, y) for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha() > 200]
        assert inked, theme
        colours[theme] = sum(c.lightness() for c in inked) / len(inked)
    assert colours["light"] < 100 < colours["dark"]  # dark glyphs on the light theme, light ones on the dark
    window.set_theme("light")


def test_palettes_keep_text_readable_in_light_and_dark(window):
    for theme in ("light", "dark"):
        window.set_theme(theme)
        palette = QApplication.instance().palette()
        for background, foreground in ((QPalette.ColorRole.Base, QPalette.ColorRole.Text),
                                       (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText),
                                       (QPalette.ColorRole.Button, QPalette.ColorRole.ButtonText)):
            gap = abs(palette.color(background).lightness() - palette.color(foreground).lightness())
            assert gap > 120, (theme, background, gap)
    window.set_theme("light")


def _glyph_fonts(text: str) -> list[tuple[str, list[int]]]:
    """(family, glyph ids) of each run Qt lays `text` out in with the application font."""
    layout = QTextLayout(text, QApplication.instance().font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def test_korean_and_chinese_titles_draw_with_real_glyphs(window):
    from casebook.ui.fonts import font_for_text, install_script_fallbacks

    fallbacks = install_script_fallbacks()
    assert fallbacks  # a CJK family was found or the bundled one loaded
    for title in ("국세청 자료 공유 논란", "国税局与国土安全部的数据共享"):
        family = font_for_text(title)
        assert family is not None, title
        raw = QRawFont.fromFont(_font(family))
        assert all(raw.supportsCharacter(ord(ch)) for ch in title if not ch.isspace())
        runs = _glyph_fonts(title)
        assert runs and all(0 not in glyphs for _, glyphs in runs), runs  # glyph 0 is the empty box
        # The navigator shows the title with those glyphs too.
        window.navigator.filter_box.setText(title)
        assert window.navigator.filter_box.fontMetrics().horizontalAdvance(title) > 0


def _font(family: str):
    from PySide6.QtGui import QFont

    return QFont(family)


def test_the_bundled_hangul_font_has_its_licence_and_glyphs():
    from casebook.ui.fonts import bundled_font_files, has_glyphs, load_font_files

    files = bundled_font_files()
    assert files and (files[0].parent / "OFL.txt").is_file()
    families = load_font_files(files)
    assert any(has_glyphs(f, "한국어 법원") for f in families)


def test_the_navigator_is_wide_enough_for_filing_titles_and_keeps_its_width(qtbot, settings):
    from casebook.ui.app import make_application
    from casebook.ui.main_window import MainWindow

    make_application()
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    assert win.navigator_dock.width() >= 280
    win.resizeDocks([win.navigator_dock], [360], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: abs(win.navigator_dock.width() - 360) <= 12)
    win.close()  # saves the layout
    assert settings.value("window/state") is not None
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    again.resize(1600, 1000)  # the offscreen screen is smaller than the saved geometry
    again.show()
    qtbot.waitExposed(again)
    again.restoreState(settings.value("window/state"))
    qtbot.waitUntil(lambda: abs(again.navigator_dock.width() - 360) <= 12)
    again.close()

"""Start the app under Xvfb on the demo case and save screenshots of its main views for review (for people, not CI).

Usage:  .venv/bin/python packaging/screenshots.py [--out screenshots/] [--case CASE_FOLDER] [--book PDF]

Without a display it re-runs itself under `xvfb-run` (install it and the Qt X11 libraries with
`bash packaging/system-packages.sh`). Without --case it builds
the demo case in a temporary folder (and adds a few illustrative links so every relation colour shows). The
views: the declaration with its excerpts highlighted by relation, the claims board with a claim's evidence,
search results with the hit highlighted on its page, find and a selection, the article reader with paragraph
numbers and excerpts, the docket, the privacy review, the outline/thumbnails of a long PDF, and the dark theme;
then, at 1600×1000 and 1280×800 in light and dark: the main window, the search panel with hits, the inspector
editing, the timeline, the bundle builder with three exhibits and the OCR dialog (running and with its results).
A short Korean article is imported first, so CJK titles can be checked for real glyphs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOOK = REPO.parent / "shared" / "corpus" / "bad_pdfs" / "pdfjs_freeculture_352-PAGES.pdf"
SCREEN = "1600x1000x24"


def ensure_display() -> None:
    """Re-run under Xvfb when there is no X display (and we are not already its child)."""
    if os.environ.get("DISPLAY") or os.environ.get("CASEBOOK_SCREENSHOTS_CHILD"):
        return
    if shutil.which("xvfb-run") is None:
        sys.exit("No display and no xvfb-run: install Debian's xvfb (apt-get install xvfb) or run on a desktop")
    env = dict(os.environ, CASEBOOK_SCREENSHOTS_CHILD="1")
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN}", sys.executable, *sys.argv]
    sys.exit(subprocess.run(command, env=env).returncode)


def pump(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_for(app, predicate, timeout: float = 60) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def add_illustrative_links(case_path: Path) -> None:
    """Links in the other relations on a throwaway demo copy, so the screenshots show all four colours."""
    from casebook.core.evidence import Relation
    from casebook.services import documents, evidence
    from casebook.services.cases import open_case

    with open_case(case_path) as case:
        declaration = next(d for d in documents.list_documents(case) if d.kind.value == "declaration")
        wanted = (("The IRS worked through that request in batches.", 2, Relation.CONTEXT),
                  ("My office is still determining how many of the approximately 47,000 responses fall into this "
                   "category.", 1, Relation.QUALIFIES),
                  ("no batch has been processed since that date", 3, Relation.CONTEXT))
        for phrase, claim_id, relation in wanted:
            try:
                excerpt = evidence.add_excerpt_by_quote(case, declaration.id, phrase)
                evidence.link_excerpt(case, claim_id, excerpt.id, relation)
            except Exception as exc:  # an illustration only: a changed demo text must not stop the screenshots
                print(f"skipped an illustrative link: {exc}", file=sys.stderr)
        article = next(d for d in documents.list_documents(case) if d.kind.value == "article")
        try:
            excerpt = evidence.add_excerpt_by_quote(case, article.id, "nearly 50,000")
            evidence.link_excerpt(case, 1, excerpt.id, Relation.CONTRADICTS, note="Illustration for screenshots")
        except Exception as exc:
            print(f"skipped an illustrative link: {exc}", file=sys.stderr)


def add_illustrative_privacy_term(case_path: Path) -> None:
    """The demo holds no private numbers; a case term (the declarant's name) gives the Privacy dock findings."""
    from casebook.services.cases import open_case
    from casebook.services.privacy import add_term

    with open_case(case_path) as case:
        add_term(case, "Dottie Romo")


SIZES = ((1600, 1000), (1280, 800))
THEMES = ("light", "dark")
CJK_ARTICLE = """<!doctype html><html lang="ko"><head><meta charset="utf-8">
<title>국세청, 이민 당국에 납세자 주소 제공 논란</title></head><body><article>
<h1>국세청, 이민 당국에 납세자 주소 제공 논란</h1>
<p class="byline">By Casebook Illustrations</p><p>February 13, 2026</p>
<p>납세자 단체는 국세청이 이민 당국의 요청에 따라 약 4만 7천 명의 주소를 넘겼다고 밝혔다.</p>
<p>법원은 추가 공유를 일시적으로 중단하라고 명령했다. 美国国税局向移民局提供纳税人地址引发争议。</p>
</article></body></html>
"""


def add_cjk_article(case_path: Path, folder: Path) -> None:
    """A short Korean article (written for Casebook), so the screenshots show CJK titles drawn with glyphs."""
    from casebook.services.cases import open_case
    from casebook.services.importing import import_paths

    path = folder / "korean-article.html"
    path.write_text(CJK_ARTICLE, encoding="utf-8")
    with open_case(case_path) as case:
        import_paths(case, [path])


def open_bundle_of_three(app, window, documents: list):
    """The bundle builder with three exhibits (an order, a declaration, a complaint), the first described."""
    builder = window.exporter.open_bundle()
    kinds = ("order", "declaration", "complaint")
    chosen = sorted((d for d in documents if d.kind.value in kinds), key=lambda d: kinds.index(d.kind.value))
    builder.add_documents([d.id for d in (chosen or documents)[:3]])
    builder.model.setData(builder.model.index(0, 1), "Order temporarily blocking the data sharing")
    builder.bates.setText("TRC")
    builder.preview()
    wait_for(app, lambda: builder.model.plan is not None)
    return builder


def capture_matrix(app, window, documents: list, shot, open_kind) -> None:
    """Each main view at 1600×1000 and 1280×800, light and dark: the reviewer compares them side by side."""
    for width, height in SIZES:
        for theme in THEMES:
            capture_views(app, window, documents, shot, open_kind, width, height, theme)
    window.set_theme("light")


def capture_views(app, window, documents: list, shot, open_kind, width: int, height: int, theme: str) -> None:
    """The main window, search hits, inspector editing, timeline, bundle builder and OCR dialog at one size."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from casebook.ui.ocr_dialog import open_ocr_dialog

    tag = f"{width}x{height}-{theme}"
    window.set_theme(theme)
    window.resize(width, height)
    window.move(0, 0)
    pump(app, 0.5)
    open_kind("declaration")
    window.viewer.pdf.set_fit("width")  # the long-PDF views above left the zoom at 75 %
    window.claims_dock.raise_()
    shot(f"main-window-{tag}", region=True)

    panel = window.search_panel
    shown: list = []
    panel.resultsShown.connect(shown.append)
    panel.query_box.setText("47,000")
    panel.search_now()
    wait_for(app, lambda: shown)
    panel.resultsShown.disconnect(shown.append)
    hits = panel.model.hits()
    row = next((r for r, h in enumerate(hits) if h.kind == "declaration"), 0)
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    window.show_hit(hits[row])
    wait_for(app, lambda: window.viewer.pdf.highlights("search"))
    shot(f"search-with-hits-{tag}", region=True)
    panel.query_box.setText("")

    open_kind("declaration")
    inspector = window.inspector
    wait_for(app, lambda: inspector.model.row_of("short_cite") is not None)
    index = inspector.model.index(inspector.model.row_of("short_cite"), 1)
    inspector.table.setCurrentIndex(index)
    inspector.table.edit(index)
    editor = inspector.table.indexWidget(index)
    if editor is not None and hasattr(editor, "setText"):
        editor.setText("Romo Decl. (corrected)")
    shot(f"inspector-editing-{tag}", region=True)
    if editor is not None:
        QTest.keyClick(editor, Qt.Key.Key_Escape)  # the screenshot must not change the case

    timeline = getattr(window, "timeline_dock", None)
    if timeline is not None:
        timeline.show()
        timeline.raise_()
        window.resizeDocks([timeline], [int(height * 0.42)], Qt.Orientation.Vertical)
        pump(app, 1.0)
        shot(f"timeline-{tag}", region=True)
        window.resizeDocks([timeline], [int(height * 0.24)], Qt.Orientation.Vertical)
        window.claims_dock.raise_()

    builder = open_bundle_of_three(app, window, documents)
    shot(f"bundle-builder-3-exhibits-{tag}", region=True)
    builder.close()

    scans = [d for d in documents if d.kind.value in ("order", "declaration")][:2] or documents[:1]
    dialog = open_ocr_dialog(window, scans)
    wait_for(app, lambda: dialog.lang_box.isEnabled() or "not installed" in dialog.status.text())
    dialog.choose(mode="redo-all")
    finished: list = []
    dialog.ocrFinished.connect(finished.append)
    dialog.start()
    pump(app, 1.5)
    shot(f"ocr-dialog-running-{tag}", region=True)
    wait_for(app, lambda: finished or not dialog.running, timeout=300)
    shot(f"ocr-dialog-results-{tag}", region=True)
    dialog.close()
    wait_for(app, lambda: not window.runner.busy, timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--case", type=Path, default=None)
    parser.add_argument("--book", type=Path, default=BOOK, help="a long PDF to show with thumbnails (optional)")
    parser.add_argument("--no-matrix", dest="matrix", action="store_false",
                        help="skip the six views at 1600×1000 and 1280×800 in light and dark")
    args = parser.parse_args()
    ensure_display()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

    from PySide6.QtCore import QSettings

    from casebook.services.demo import build_demo
    from casebook.ui.app import make_application
    from casebook.ui.main_window import MainWindow

    app = make_application()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        case = args.case or Path(tmp) / "demo-case"
        if args.case is None:
            build_demo(case)
            add_illustrative_links(case)
            add_illustrative_privacy_term(case)
            add_cjk_article(case, Path(tmp))
        window = MainWindow(settings=QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        window.importer.show_dialogs = False
        window.resize(1560, 960)
        window.show()
        loaded: list = []
        window.documentsLoaded.connect(loaded.append)
        window.open_case(case)
        wait_for(app, lambda: loaded)
        documents = loaded[-1]
        saved = []

        def shot(name: str, *, region: bool = False) -> None:
            pump(app, 0.6)
            path = args.out / f"{len(saved) + 1:02}-{name}.png"
            frame = window.frameGeometry()  # region: just the window (and its dialogs), at the size it was given
            screen = (app.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
                      if region else app.primaryScreen().grabWindow(0))
            (screen if not screen.isNull() else window.grab()).save(str(path))
            saved.append(path)

        def open_kind(kind: str) -> None:
            ready: list = []
            window.documentReady.connect(ready.append)
            window.open_document(next(d for d in documents if d.kind.value == kind).id)
            wait_for(app, lambda: ready)
            window.documentReady.disconnect()

        window.claims_board.set_filters()
        wait_for(app, lambda: window.claims_board.model.rowCount() > 0)
        open_kind("declaration")
        shot("declaration")
        viewer = window.viewer
        viewer.go_to_page(2)
        window.claims_board.select_claim(1)
        shot("declaration-excerpts-and-claims-board")
        panel = window.search_panel
        shown: list = []
        panel.resultsShown.connect(shown.append)
        panel.query_box.setText("47,000")
        wait_for(app, lambda: shown)
        row = next((r for r, h in enumerate(panel.model.hits()) if h.kind == "declaration"), 0)
        panel.view.setCurrentIndex(panel.model.index(row, 0))
        window.show_hit(panel.model.hits()[row])
        wait_for(app, lambda: viewer.pdf.highlights("search") or viewer.article.extraSelections())
        shot("search-results-and-hit")
        panel.query_box.setText("")
        viewer.open_find()
        viewer.find_box.setText("Memorandum")
        page = viewer.pdf.pages[viewer.pdf.current_page - 1]
        phrase = page.text.find("taxpayer")
        if phrase >= 0:
            from casebook.ui.text_geometry import PageRange

            viewer.pdf.select_ranges([PageRange(page.number, phrase, phrase + 40)])
        shot("declaration-find-and-selection")
        viewer.close_find()
        open_kind("article")
        window.viewer.article.scroll_to_offset(0)
        shot("article-reader-with-excerpts")
        open_kind("docket")
        shot("docket")
        privacy = window.privacy_panel
        window.privacy_dock.raise_()
        privacy.scan_button.click()
        wait_for(app, lambda: not window.runner.busy)
        with contextlib.suppress(TimeoutError):  # a case with nothing to redact: the dock says so
            wait_for(app, lambda: privacy.model.rowCount() > 0, timeout=15)
        if privacy.model.rowCount():
            privacy.table.selectRow(0)
            wait_for(app, lambda: viewer.pdf.highlights("privacy"))
        shot("privacy-review")
        builder = open_bundle_of_three(app, window, documents)
        shot("bundle-builder")
        builder.close()
        if args.book.is_file():
            summaries: list = []
            window.importer.importFinished.connect(summaries.append)
            window.import_paths([args.book])
            pump(app, 1.0)
            shot("import-in-progress")
            wait_for(app, lambda: summaries, timeout=300)
            wait_for(app, lambda: not window.runner.busy, timeout=300)  # indexed: the thumbnails get the CPU
            wait_for(app, lambda: len(loaded) >= 2)
            documents = loaded[-1]
            if summaries[0].imported:
                ready: list = []
                window.documentReady.connect(ready.append)
                window.open_document(summaries[0].imported[0].document_id)
                wait_for(app, lambda: ready)
                viewer.go_to_label("10")
                window.viewer.pdf.set_zoom_percent(75)
                shot("long-pdf-thumbnails")
                window.page_tabs.setCurrentIndex(1)
                shot("long-pdf-outline")
                window.page_tabs.setCurrentIndex(0)
        window.set_theme("dark")
        open_kind("declaration")
        shot("dark-theme")
        window.set_theme("light")
        if args.matrix:
            capture_matrix(app, window, documents, shot, open_kind)
        window.close()
    for path in saved:
        print(path)


if __name__ == "__main__":
    main()

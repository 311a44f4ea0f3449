"""Hostile and broken input: each gives a clear error (or a clean import) and nothing in the case is lost."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

from casebook.core.errors import CaseError
from tests.robustness.conftest import read_only_mount, run_cli
from tests.robustness.hostile_files import flate_bomb_pdf, image_bomb_pdf, many_pages_pdf, poisoned_article


def _vault_files(root: Path) -> list[Path]:
    return [p for p in (root / "originals").rglob("*") if p.is_file()]


class PeakRss:
    """Samples the resident memory of this process's children (the PDF worker) while a block runs."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()

    def __enter__(self) -> PeakRss:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.05):
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    if Path(f"/proc/{pid}/stat").read_text().split()[3] != me:
                        continue
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except (OSError, IndexError, ValueError):
                    continue


# --- HTML ---------------------------------------------------------------------------------------------------------

def test_poisoned_article_is_stored_clean_and_readable(case, tmp_path):
    from casebook.services.importing import import_paths
    from casebook.store import documents

    page = poisoned_article(tmp_path / "agency-shares-records.html", inline_mb=6)
    summary = import_paths(case, [page])
    assert not summary.failed, summary.failed
    html = documents.get_html(case.db, summary.imported[0].document_id)
    for banned in ("<script", "<iframe", "srcdoc", "<object", "<embed", "<form", "<video", "<svg", "<img",
                   "<link", "<style", "<meta", "evil.example", "data:", "javascript:", "onclick", "style="):
        assert banned not in html.lower(), banned
    assert len(html) < 10_000  # megabytes of inline data are not carried into the store
    text = " ".join(p.text for p in documents.get_pages(case.db, summary.imported[0].document_id))
    assert "thousands of taxpayers" in text and "court ordered the sharing paused" in text


def test_an_article_over_the_size_limit_is_refused_and_leaves_nothing(case, tmp_path):
    from casebook.services.importing import import_paths

    page = poisoned_article(tmp_path / "huge.html", inline_mb=52)
    summary = import_paths(case, [page])
    assert [f.reason for f in summary.failed] == ["too_large"]
    assert "huge.html" in summary.failed[0].message and "limit" in summary.failed[0].message
    assert not _vault_files(case.layout.root)
    assert case.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


# --- PDF bombs ----------------------------------------------------------------------------------------------------

def test_flate_bomb_is_stopped_with_bounded_memory(case, tmp_path, monkeypatch):
    """A 2 MB file whose page inflates to 2 GB: MuPDF streams it (memory stays flat) and the worker's
    time limit stops it. The limit is lowered here from 60 s + 1 s/MB to keep the test short."""
    from casebook.pdf import worker
    from casebook.services.importing import import_paths

    bomb = flate_bomb_pdf(tmp_path / "exhibit-bomb.pdf", inflated_mb=2048)
    assert bomb.stat().st_size < 3 * 1024 * 1024
    monkeypatch.setattr(worker, "BASE_TIMEOUT", 4.0)
    with PeakRss() as rss:
        summary = import_paths(case, [bomb])
    assert [f.reason for f in summary.failed] == ["timeout"], summary.failed
    assert "exhibit-bomb.pdf" in summary.failed[0].message
    assert rss.peak_kb < 600 * 1024, f"the PDF worker grew to {rss.peak_kb // 1024} MB"
    assert not _vault_files(case.layout.root)
    assert case.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


@pytest.mark.parametrize("jpeg", [False, True], ids=["flate-image", "jpeg-image"])
def test_image_bombs_import_and_render_within_bounds(case, tmp_path, jpeg):
    from casebook.pdf.render import render_page
    from casebook.services.importing import import_paths

    bomb = image_bomb_pdf(tmp_path / "photo-exhibit.pdf", jpeg=jpeg)
    with PeakRss() as rss:
        summary = import_paths(case, [bomb])
    assert not summary.failed and summary.imported[0].page_count == 1
    assert rss.peak_kb < 600 * 1024
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    image = render_page(bomb, 1, 2.0)  # what the viewer (and OCR) does with that page
    assert image.width > 0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 600 * 1024


@pytest.mark.slow  # tests/services/test_corpus_import.py covers the same corpus in-process
def test_the_bad_pdf_corpus_fails_file_by_file_with_one_line_each(tmp_path, corpus):
    root = tmp_path / "case"
    run_cli("new", root, "--title", "Bad PDFs")
    result = run_cli("--case", root, "import", corpus / "bad_pdfs", "--json", check=False)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["failed"] and data["imported"]
    for failure in data["failed"]:
        assert Path(failure["path"]).name in failure["message"] and "\n" not in failure["message"]
    assert "Traceback" not in result.stderr
    assert "no problems found" in run_cli("--case", root, "verify").stdout


# --- a 10,000-page PDF ----------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_ten_thousand_pages_import_with_memory_measured(case, tmp_path):
    """Measures the import of a 10,000-page transcript (memory is linear in pages: see the robustness notes)."""
    from casebook.services.importing import import_paths

    big = many_pages_pdf(tmp_path / "transcript.pdf", 10_000)
    # No raised limit: the worker's time limit is on silence, and a long document keeps reporting pages.
    started = time.monotonic()
    with PeakRss() as rss:
        summary = import_paths(case, [big])
    elapsed = time.monotonic() - started
    assert not summary.failed, summary.failed
    assert summary.imported[0].page_count == 10_000
    print(f"10,000 pages: {elapsed:.1f} s, PDF worker peak {rss.peak_kb // 1024} MB")
    assert rss.peak_kb < 2 * 1024 * 1024


def test_a_page_limit_is_a_clear_refusal(case, tmp_path):
    from casebook.core.errors import ImportRejected
    from casebook.pdf.worker import PdfWorker

    big = many_pages_pdf(tmp_path / "transcript.pdf", 1_200)
    with PdfWorker(max_pages=1_000) as worker, pytest.raises(ImportRejected, match="over the 1,000-page limit"):
        worker.extract(big)


# --- odd file names ---------------------------------------------------------------------------------------------

ODD_NAMES = [
    "Überweisung – Anlage § 12 (geprüft).pdf",
    "証拠 第3号.pdf",
    "two  spaces   and a tab\t.pdf",
    "line\nbreak.pdf",
    "-rf leading dash.pdf",
    "--help.pdf",
    "x" * 240 + ".pdf",
    "emoji 📎 exhibit.html",
    " leading space.txt",
]


def test_odd_file_names_import_and_are_recorded_exactly(tmp_path, pdf_factory):
    folder = tmp_path / "odd names"
    folder.mkdir()
    for i, name in enumerate(ODD_NAMES):
        if name.endswith(".pdf"):
            pdf_factory([f"Exhibit with an odd name, number {i}\n1. A numbered paragraph."], name=name,
                        folder=folder)
        elif name.endswith(".html"):
            (folder / name).write_text(f"<html><body><p>Article with an odd name {i}.</p></body></html>",
                                       encoding="utf-8")
        else:
            (folder / name).write_text(f"Note with an odd name {i}.\n", encoding="utf-8")
    root = tmp_path / "case"
    run_cli("new", root, "--title", "Odd names")
    run_cli("--case", root, "import", folder)
    dashed = tmp_path / "-dash-arg.pdf"
    pdf_factory(["A file named like an option\n1. Paragraph."], name=dashed.name)
    run_cli("--case", root, "import", "--", dashed)
    listed = json.loads(run_cli("--case", root, "list", "--json").stdout)
    names = {n for doc in listed for n in doc.get("original_names", [])}
    assert set(ODD_NAMES) | {dashed.name} <= names, names ^ set(ODD_NAMES)
    assert "no problems found" in run_cli("--case", root, "verify").stdout
    shown = run_cli("--case", root, "list")  # the table stays one line per document
    assert len([line for line in shown.stdout.splitlines() if re.match(r"^\s+\d+\s", line)]) == len(listed)


# --- a read-only case --------------------------------------------------------------------------------------------

def _tree_state(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


def test_a_read_only_case_folder_is_refused_plainly_and_nothing_is_written(tmp_path, demo_template, pdf_factory):
    import shutil

    source = tmp_path / "source"
    shutil.copytree(demo_template, source)
    if read_only_mount(source, tmp_path / "read-only case"):
        root = tmp_path / "read-only case"
    elif os.geteuid() != 0:
        root = source
        for p in [root, *root.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
    else:
        pytest.skip("cannot make a read-only folder here (root without mount permission)")
    try:
        before = _tree_state(root)
        exhibit = pdf_factory(["A new exhibit\n1. Paragraph."])
        for args in (("import", exhibit), ("claim", "add", "Should not be saved"), ("list",), ("verify",)):
            result = run_cli("--case", root, *args, check=False)
            assert result.returncode == 2, (args, result.stderr)
            assert "read-only" in result.stderr and "Traceback" not in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1
        assert _tree_state(root) == before
        with pytest.raises(CaseError, match="read-only"):
            from casebook.services.cases import open_case

            open_case(root)
    finally:
        if root != source:
            subprocess.run(["umount", str(root)], capture_output=True)  # our own bind mount

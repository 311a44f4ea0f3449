"""Fuzzing the importers (bounded time): every input is imported or refused with a reason, never a crash."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.core.errors import ImportRejected, RejectReason

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)


def _seed_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Case 1:25-cv-01234 Document 7 Filed 02/11/26 Page 1 of 1")
    page.insert_text((72, 100), "1. The agency received a request listing roughly 1.2 million people.")
    doc.set_toc([[1, "Declaration", 1]])
    buffer = io.BytesIO()
    doc.save(buffer, deflate=True)
    return buffer.getvalue()


SEED = _seed_pdf()


@st.composite
def mutated_pdfs(draw) -> bytes:
    data = bytearray(SEED)
    for _ in range(draw(st.integers(1, 12))):
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif action == "delete":
            del data[at: at + draw(st.integers(1, 256))]
        elif action == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from([b"/JS (app.alert(1))", b" 0 obj << /Length 99999999 >> stream\n",
                                                b"xref\n0 999999\n", b"/Count -5", b"/Kids [3 0 R 3 0 R]",
                                                b"/FlateDecode", b"\x00" * 40, b"%%EOF"]))
    return bytes(data)


@pytest.fixture(scope="module")
def worker():
    from casebook.pdf.worker import PdfWorker

    with PdfWorker() as w:
        yield w


@FUZZ
@given(data=mutated_pdfs())
def test_mutated_pdfs_are_read_or_refused(tmp_path_factory, worker, data):
    path = tmp_path_factory.mktemp("fuzz") / "mutated.pdf"
    path.write_bytes(data)
    try:
        document = worker.extract(path, timeout=20)
    except ImportRejected as exc:
        assert exc.reason in set(RejectReason) and exc.message.startswith("mutated.pdf")
        assert "\n" not in exc.message
    else:
        assert document.pages and all(isinstance(p.text, str) for p in document.pages)


HTML_PIECES = st.sampled_from([
    "<p>", "</p>", "<article>", "</article>", "<script>", "</script>", "<iframe src='https://x.example'>",
    "<embed src=x>", "<img src='data:image/png;base64,AAAA'>", "<table><tr><td>", "</td></tr></table>",
    "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "\u202e", "\ufeff", "<meta charset='utf-16'>",
    "<h1>", "</h1>", "<br>", "<svg><script>", "<?xml version='1.0' encoding='latin-1'?>", "\x00", "<html>",
])


@FUZZ
@given(parts=st.lists(st.one_of(HTML_PIECES, st.text(max_size=40)), max_size=60),
       suffix=st.sampled_from([".html", ".htm", ".txt", ".md", ".mhtml"]))
def test_generated_pages_are_imported_or_refused(tmp_path_factory, parts, suffix):
    from casebook.ingest.articles import import_article

    raw = "".join(parts).encode("utf-8", "surrogatepass")
    path = tmp_path_factory.mktemp("fuzz") / f"page{suffix}"
    path.write_bytes(raw)
    try:
        document = import_article(path, data=raw)
    except ImportRejected as exc:
        assert exc.reason in set(RejectReason) and "\n" not in exc.message
    else:
        for page in document.pages:
            assert "<script" not in page.text.lower() or "<script" in raw.decode("utf-8", "replace").lower()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.one_of(mutated_pdfs(), st.binary(max_size=2048)),
       name=st.sampled_from(["exhibit.pdf", "page.html", "notes.txt", "no-extension", "scan.PDF"]))
def test_any_file_leaves_the_case_consistent(tmp_path_factory, data, name):
    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths
    from casebook.services.verify import verify_case

    folder = tmp_path_factory.mktemp("fuzz-case")
    source = folder / name
    source.write_bytes(data)
    with create_case(folder / "case", title="Fuzz") as case:
        summary = import_paths(case, [source])
        assert len(summary.imported) + len(summary.failed) == 1
        report = verify_case(case)
        assert report.ok, report.problems
        if summary.failed:
            assert not [p for p in Path(case.layout.originals).rglob("*") if p.is_file()]

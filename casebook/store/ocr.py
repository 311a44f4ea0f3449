"""Storing OCR results: page text replaced by OCR, its quality and engine, and each document's OCR mode."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from casebook.core.documents import NumberedParagraph, WordBox
from casebook.store.documents import _paragraphs_json, _words_blob, furniture_json

OCR_MODES = ("image-only", "redo-all", "skip")
# Document columns that OCR may fill in when the text layer left them empty (never overwriting a value).
_METADATA_COLUMNS = ("title", "kind", "court", "case_number", "ecf_document_number", "filed_date")


@dataclass(frozen=True)
class PageOcrInfo:
    """Where a stored page's text came from and, for OCR text, how good it is and what read it."""

    number: int
    needs_ocr: bool
    text_source: str
    ocr_quality: float | None
    ocr_engine: str | None


def get_ocr_mode(db: Database, document_id: int) -> str | None:
    """The document's OCR mode; None means the default (OCR pages without a usable text layer)."""
    row = db.execute("SELECT ocr_mode FROM documents WHERE id = ?", [document_id]).fetchone()
    return row[0] if row else None


def set_ocr_mode(db: Database, document_id: int, mode: str | None) -> None:
    if mode is not None and mode not in OCR_MODES:
        raise ValueError(f"unknown OCR mode {mode!r}")
    db.execute("UPDATE documents SET ocr_mode = ? WHERE id = ?", [mode, document_id])


def page_info(db: Database, document_id: int) -> list[PageOcrInfo]:
    return [
        PageOcrInfo(number, bool(needs), source, quality, engine)
        for number, needs, source, quality, engine in db.execute(
            "SELECT number, needs_ocr, text_source, ocr_quality, ocr_engine FROM pages WHERE document_id = ? "
            "ORDER BY number",
            [document_id],
        )
    ]


def replace_page_text(
    db: Database,
    document_id: int,
    number: int,
    *,
    text: str,
    words: Sequence[WordBox],
    needs_ocr: bool,
    ocr_quality: float,
    ocr_engine: str,
) -> None:
    """Put OCR text and word boxes in place of a page's text. Call inside the document's transaction."""
    db.execute(
        "UPDATE pages SET text = ?, words = ?, needs_ocr = ?, text_source = 'ocr', ocr_quality = ?, ocr_engine = ? "
        "WHERE document_id = ? AND number = ?",
        [text, _words_blob(words), int(needs_ocr), ocr_quality, ocr_engine, document_id, number],
    )


def set_page_analysis(db: Database, document_id: int, number: int, *,
                      paragraphs: list[NumberedParagraph], ecf_page: int | None,
                      furniture: Sequence[tuple[int, int]] | None = None) -> None:
    """Store a page's numbered paragraphs, ECF page and (when given) furniture ranges as found in its (new) text."""
    db.execute(
        "UPDATE pages SET paragraphs = ?, ecf_page = ? WHERE document_id = ? AND number = ?",
        [_paragraphs_json(paragraphs), ecf_page, document_id, number],
    )
    if furniture is not None:
        db.execute("UPDATE pages SET furniture = ? WHERE document_id = ? AND number = ?",
                   [furniture_json(furniture), document_id, number])


def refresh_pages_needing_ocr(db: Database, document_id: int) -> int:
    """Recount the document's pages still flagged for OCR and store the count on the document."""
    count = db.execute(
        "SELECT count(*) FROM pages WHERE document_id = ? AND needs_ocr", [document_id]
    ).fetchone()[0]
    db.execute("UPDATE documents SET pages_needing_ocr = ? WHERE id = ?", [count, document_id])
    return int(count)



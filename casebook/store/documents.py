"""Reading and writing documents, their pages, outline and provenance."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from casebook.core.documents import (
    DateBasis,
    DocumentKind,
    ExtractedDocument,
    ExtractedPage,
    NumberedParagraph,
    OutlineEntry,
    RiskFlag,
    RiskKind,
    WordBox,
    WordBoxes,
)
from casebook.core.records import DocumentRecord, PageRecord, Provenance, untitled_label
from casebook.store import audit
from casebook.store.database import inserted_id

DOCUMENT_COLUMNS = (
    "id, sha256, size, format, kind, title, original_name, imported_at, extractor, page_count, "
    "pages_needing_ocr, court, case_number, ecf_document_number, filed_date, author, publisher, "
    "published_date, url, encrypted, has_javascript, short_cite, warnings, docket_numbers, appellate_document_id, "
    "document_date, date_basis, parties, description, title_as_printed, person_fields, risk_flags"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _words_blob(words: Sequence[WordBox]) -> bytes:
    return WordBoxes.from_words(words).to_bytes()


def _paragraphs_json(paragraphs: list[NumberedParagraph]) -> str:
    # A fourth element marks text at the top of a page that continues a paragraph numbered earlier.
    return json.dumps(
        [[p.number, p.start, p.end, 1] if p.continued else [p.number, p.start, p.end] for p in paragraphs],
        separators=(",", ":"),
    )


def risk_flags_json(flags: Sequence[RiskFlag]) -> str:
    return json.dumps([{"kind": f.kind.value, "pages": list(f.pages), "detail": f.detail} for f in flags])


def risk_flags_from_json(text: str | None) -> tuple[RiskFlag, ...]:
    return tuple(RiskFlag(RiskKind(f["kind"]), tuple(f["pages"]), f["detail"]) for f in json.loads(text or "[]"))


def set_risk_flags(db: Database, document_id: int, flags: Sequence[RiskFlag]) -> None:
    """Replace a document's import-time risk flags (OCR refreshes the OCR ones); the caller audits the change."""
    db.execute("UPDATE documents SET risk_flags = ? WHERE id = ?", [risk_flags_json(flags), document_id])


def furniture_json(ranges: Sequence[tuple[int, int]]) -> str:
    return json.dumps([[a, b] for a, b in ranges], separators=(",", ":"))


def find_by_sha(db: Database, sha256: str) -> int | None:
    row = db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def insert_document(db: Database, doc: ExtractedDocument, *, sha256: str, size: int, source: Path) -> int:
    """Store a whole extracted document, its audit entry and its index work. Call inside one transaction."""
    document_id = begin_document(db, sha256=sha256, size=size, file_format=doc.format, source=source)
    add_pages(db, document_id, doc.pages)
    finish_document(db, document_id, doc, sha256=sha256, size=size, source=source)
    return document_id


def begin_document(db: Database, *, sha256: str, size: int, file_format: str, source: Path) -> int:
    """Start storing a document whose pages arrive in chunks: its row, to be completed by `finish_document`.

    `begin_document`, `add_pages` and `finish_document` must run in one transaction: a crash or cancel before
    the commit leaves nothing of the document.
    """
    cursor = db.execute(
        "INSERT INTO documents (sha256, size, format, kind, title, original_name, imported_at, extractor, "
        "page_count) VALUES (?, ?, ?, ?, '', ?, ?, '', 0)",
        [sha256, size, file_format, DocumentKind.OTHER.value, source.name, now()],
    )
    return inserted_id(cursor)


def add_pages(db: Database, document_id: int, pages: Iterable[ExtractedPage]) -> None:
    """Store pages of a document begun with `begin_document` (text, word boxes and what analysis found)."""
    db.conn.executemany(
        "INSERT INTO pages (document_id, number, label, text, words, paragraphs, needs_ocr, width, height, "
        "ecf_page, furniture) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            [
                document_id, page.number, page.label, page.text, _words_blob(page.words),
                _paragraphs_json(page.paragraphs), int(page.needs_ocr), page.width, page.height,
                page.ecf.page if page.ecf else None, furniture_json(page.furniture),
            ]
            for page in pages
        ),
    )


def annotate_pages(db: Database, document_id: int, pages: Iterable[ExtractedPage]) -> None:
    """Write the analysis of pages stored before it was known (stamp page, paragraphs, furniture)."""
    db.conn.executemany(
        "UPDATE pages SET paragraphs = ?, ecf_page = ?, furniture = ? WHERE document_id = ? AND number = ?",
        (
            [_paragraphs_json(page.paragraphs), page.ecf.page if page.ecf else None, furniture_json(page.furniture),
             document_id, page.number]
            for page in pages
            if page.paragraphs or page.ecf or page.furniture  # stored pages start with none of them
        ),
    )


def finish_document(db: Database, document_id: int, doc: ExtractedDocument, *, sha256: str, size: int,
                    source: Path, page_count: int | None = None, pages_needing_ocr: int | None = None) -> None:
    """Complete a document begun with `begin_document`: metadata, outline, provenance, index work and audit.

    `doc.pages` gives the page count (their text is enough: the pages themselves are already stored), unless
    `page_count` and `pages_needing_ocr` are given (a streamed document keeps no pages).
    """
    meta = doc.metadata
    pages = len(doc.pages) if page_count is None else page_count
    needing_ocr = doc.pages_needing_ocr if pages_needing_ocr is None else pages_needing_ocr
    imported_at = db.execute("SELECT imported_at FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    db.execute(
        "UPDATE documents SET format = ?, kind = ?, title = ?, extractor = ?, page_count = ?, pages_needing_ocr = ?, "
        "court = ?, case_number = ?, ecf_document_number = ?, filed_date = ?, author = ?, publisher = ?, "
        "published_date = ?, url = ?, encrypted = ?, has_javascript = ?, html = ?, warnings = ?, short_cite = ?, "
        "docket_numbers = ?, appellate_document_id = ?, document_date = ?, date_basis = ?, parties = ?, "
        "description = ?, title_as_printed = ?, risk_flags = ? WHERE id = ?",
        [
            doc.format, DocumentKind(meta.kind).value, meta.title or "", doc.extractor, pages,
            needing_ocr, meta.court, meta.case_number, meta.ecf_document_number, meta.filed_date,
            meta.author, meta.publisher, meta.published_date, meta.url, int(doc.encrypted), int(doc.has_javascript),
            doc.html, json.dumps(doc.warnings), meta.short_cite, json.dumps(meta.docket_numbers),
            meta.appellate_document_id, meta.date, DateBasis(meta.date_basis).value if meta.date_basis else None,
            meta.parties, meta.description, meta.title_as_printed, risk_flags_json(doc.risk_flags), document_id,
        ],
    )
    db.conn.executemany(
        "INSERT INTO outline (document_id, position, level, title, page) VALUES (?, ?, ?, ?, ?)",
        ([document_id, i, e.level, e.title, e.page] for i, e in enumerate(doc.outline)),
    )
    add_provenance(db, document_id, source, imported_at=imported_at)
    db.execute(
        "INSERT INTO outbox (op, document_id, created_at) VALUES ('index_document', ?, ?)",
        [document_id, imported_at],
    )
    audit.append(
        db,
        "document.import",
        f"document:{document_id}",
        {
            "sha256": sha256, "size": size, "original_name": source.name, "original_path": str(source),
            "extractor": doc.extractor, "pages": pages, "kind": DocumentKind(meta.kind).value,
        },
    )


def add_provenance(db: Database, document_id: int, source: Path, *, imported_at: str | None = None) -> bool:
    """Record another path the same original was imported from; False when that path is already known."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO provenance (document_id, original_name, original_path, imported_at) "
        "VALUES (?, ?, ?, ?)",
        [document_id, source.name, str(source), imported_at or now()],
    )
    return cursor.rowcount > 0


def _record(row: tuple, provenance: tuple[Provenance, ...]) -> DocumentRecord:
    (doc_id, sha, size, fmt, kind, title, original_name, imported_at, extractor, page_count, ocr, court,
     case_number, ecf_no, filed, author, publisher, published, url, encrypted, has_js, short_cite,
     warnings, dockets, appellate_id, document_date, date_basis, parties, description, title_as_printed,
     person_fields, risk_flags) = row
    untitled = not (title or "").strip()
    if untitled:
        title = untitled_label(DocumentKind(kind), case_number, ecf_no, appellate_id)
    return DocumentRecord(
        id=doc_id, sha256=sha, size=size, format=fmt, kind=DocumentKind(kind), title=title, untitled=untitled,
        original_name=original_name, imported_at=imported_at, extractor=extractor, page_count=page_count,
        pages_needing_ocr=ocr, court=court, case_number=case_number, ecf_document_number=ecf_no,
        filed_date=filed, author=author, publisher=publisher, published_date=published, url=url,
        encrypted=bool(encrypted), has_javascript=bool(has_js), short_cite=short_cite,
        warnings=tuple(json.loads(warnings or "[]")), provenance=provenance,
        docket_numbers=tuple(json.loads(dockets or "[]")), appellate_document_id=appellate_id,
        document_date=document_date, date_basis=DateBasis(date_basis) if date_basis else None, parties=parties,
        description=description, title_as_printed=title_as_printed,
        person_fields=frozenset(json.loads(person_fields or "[]")), risk_flags=risk_flags_from_json(risk_flags),
    )


def _provenance(db: Database) -> dict[int, list[Provenance]]:
    found: dict[int, list[Provenance]] = {}
    for doc_id, name, path, at in db.execute(
        "SELECT document_id, original_name, original_path, imported_at FROM provenance ORDER BY id"
    ):
        found.setdefault(doc_id, []).append(Provenance(name, path, at))
    return found


def list_documents(db: Database) -> list[DocumentRecord]:
    provenance = _provenance(db)
    rows = db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY id").fetchall()
    return [_record(row, tuple(provenance.get(row[0], ()))) for row in rows]


def get_document(db: Database, document_id: int) -> DocumentRecord | None:
    row = db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        return None
    provenance = tuple(
        Provenance(name, path, at)
        for name, path, at in db.execute(
            "SELECT original_name, original_path, imported_at FROM provenance WHERE document_id = ? ORDER BY id",
            [document_id],
        )
    )
    return _record(row, provenance)


def get_html(db: Database, document_id: int) -> str | None:
    row = db.execute("SELECT html FROM documents WHERE id = ?", [document_id]).fetchone()
    return row[0] if row else None


def get_pages(db: Database, document_id: int, *, numbers: list[int] | None = None,
              with_words: bool = True) -> list[PageRecord]:
    words_column = "words" if with_words else "NULL"
    sql = (
        "SELECT document_id, number, label, text, needs_ocr, width, height, ecf_page, "
        f"{words_column}, paragraphs, text_source, ocr_quality, furniture FROM pages WHERE document_id = ?"
    )
    params: list = [document_id]
    if numbers:
        sql += f" AND number IN ({', '.join('?' for _ in numbers)})"
        params += numbers
    pages = []
    for (doc_id, number, label, text, ocr, width, height, ecf_page, words, paragraphs, text_source,
         ocr_quality, furniture) in db.execute(sql + " ORDER BY number", params):
        pages.append(
            PageRecord(
                document_id=doc_id, number=number, label=label, text=text, needs_ocr=bool(ocr), width=width,
                height=height, ecf_page=ecf_page,
                words=WordBoxes.from_bytes(words),
                paragraphs=tuple(
                    NumberedParagraph(p[0], p[1], p[2], bool(p[3:4] and p[3])) for p in json.loads(paragraphs)
                ),
                text_source=text_source, ocr_quality=ocr_quality,
                furniture=tuple((a, b) for a, b in json.loads(furniture or "[]")),
            )
        )
    return pages


def get_outline(db: Database, document_id: int) -> list[OutlineEntry]:
    return [
        OutlineEntry(level, title, page)
        for level, title, page in db.execute(
            "SELECT level, title, page FROM outline WHERE document_id = ? ORDER BY position", [document_id]
        )
    ]


def page_counts(db: Database) -> dict[int, int]:
    """Pages actually stored per document (verify compares it with the recorded page_count)."""
    return dict(db.execute("SELECT document_id, count(*) FROM pages GROUP BY document_id").fetchall())


def recorded_page_counts(db: Database) -> dict[int, int]:
    """The page count recorded for every document when it was imported."""
    return dict(db.execute("SELECT id, page_count FROM documents").fetchall())


def stored_originals(db: Database) -> list[tuple[int, str, int]]:
    return db.execute("SELECT id, sha256, size FROM documents ORDER BY id").fetchall()


def page_texts(db: Database, document_id: int, first: int, last: int) -> list[tuple[int, str, str]]:
    """(number, label, text) of pages `first` to `last` of a document, in page order."""
    return db.execute("SELECT number, label, text FROM pages WHERE document_id = ? AND number BETWEEN ? AND ? "
                      "ORDER BY number", [document_id, first, last]).fetchall()


def page_text(db: Database, document_id: int, page_number: int) -> str:
    row = db.execute("SELECT text FROM pages WHERE document_id = ? AND number = ?",
                     [document_id, page_number]).fetchone()
    return row[0] if row else ""


def document_tags(db: Database, document_id: int) -> list[str]:
    """Tag paths on a document, for the search index (empty until the case has a tags table)."""
    if not db["document_tags"].exists():
        return []
    return [r[0] for r in db.execute(
        "SELECT t.path FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = ? "
        "ORDER BY t.path", [document_id])]


def page_counts_of(db: Database, document_ids: list[int]) -> dict[int, int]:
    """Recorded page counts of some documents (missing ids are simply absent)."""
    found: dict[int, int] = {}
    for start in range(0, len(document_ids), 500):
        chunk = document_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(db.execute(f"SELECT id, page_count FROM documents WHERE id IN ({marks})", chunk).fetchall())
    return found

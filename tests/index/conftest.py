"""Builders for index tests: store records made directly (no store needed) and an index holding them."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casebook.core.documents import DocumentKind, NumberedParagraph
from casebook.core.records import DocumentRecord, PageRecord

DC = "United States District Court for the District of Columbia"
SDNY = "United States District Court for the Southern District of New York"

if TYPE_CHECKING:
    from casebook.index import CaseIndex


def make_doc(doc_id: int, *, kind: DocumentKind = DocumentKind.DECLARATION, title: str = "", court: str | None = DC,
             docket: str | None = "1:25-cv-01234", filed: str | None = "2025-03-01", fmt: str = "pdf",
             published: str | None = None, pages: int = 1) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id, sha256=f"{doc_id:064x}", size=100, format=fmt, kind=kind, title=title or f"Document {doc_id}",
        original_name=f"doc{doc_id}.{fmt}", imported_at="2026-01-01T00:00:00+00:00", extractor="test/1",
        page_count=pages, pages_needing_ocr=0, court=court, case_number=docket, filed_date=filed,
        published_date=published,
    )


def make_page(doc_id: int, number: int, text: str, *, label: str | None = None,
              paragraphs: tuple[NumberedParagraph, ...] = ()) -> PageRecord:
    return PageRecord(document_id=doc_id, number=number, label=label or str(number), text=text, needs_ocr=False,
                      width=612.0, height=792.0, ecf_page=number, paragraphs=paragraphs)


Filing = tuple[DocumentRecord, list[PageRecord], list[str]]  # a document, its pages and its tags


def index_in_batches(folder: Path, filing: Callable[[int], Filing], *, documents: int, per_batch: int,
                     deleted: int, replaced: tuple[int, str]) -> CaseIndex:
    """An index of documents 1..`documents` (made by `filing`, in order) written `per_batch` at a time, so small
    batches stay separate segments; then one document deleted and another replaced by a one-page version."""
    from casebook.index import CaseIndex

    ix = CaseIndex.open(folder)
    for start in range(1, documents + 1, per_batch):
        with ix.batch() as batch:
            for doc_id in range(start, min(start + per_batch, documents + 1)):
                doc, pages, tags = filing(doc_id)
                batch.add_document(doc, pages, tags=tags)
    doc_id, text = replaced
    with ix.batch() as batch:
        batch.delete_document(deleted)
        batch.add_document(make_doc(doc_id, pages=1), [make_page(doc_id, 1, text)])
    return ix


def stamped_filing(rnd: random.Random, doc_id: int, version: int, body: Callable[[int, int], str], *,
                   furniture_only: float, short: float, short_words: tuple[int, int], long_words: tuple[int, int],
                   kind: DocumentKind = DocumentKind.DECLARATION) -> tuple[DocumentRecord, list[PageRecord]]:
    """A filing of 1–5 pages for the word-line tests: blank pages (1 in 10), pages of furniture alone (up to
    `furniture_only`), short pages of `short_words` words (up to `short`), and pages of `long_words` words;
    the stamp and page number are furniture on stamped pages (up to 0.6). `body(low, high)` writes the words."""
    count = rnd.randint(1, 5)
    pages = []
    for number in range(1, count + 1):
        shape = rnd.random()
        stamp = f"Case 1:25-cv-{doc_id:05d} Document {doc_id + version} Filed 01/02/25 Page {number} of {count}\n"
        if shape < 0.1:
            pages.append(make_page(doc_id, number, rnd.choice(["", "  ", "\n\n"])))
        elif shape < furniture_only:  # no words in the sequence
            pages.append(replace(make_page(doc_id, number, stamp), furniture=((0, len(stamp)),)))
        else:
            text = body(*short_words) if shape < short else body(*long_words)
            if shape < 0.6:
                footer = f"\n{number}"
                text = stamp + text + footer
                furniture = ((0, len(stamp)), (len(text) - len(footer) + 1, len(text)))
                pages.append(replace(make_page(doc_id, number, text), furniture=furniture))
            else:
                pages.append(make_page(doc_id, number, text))
    return make_doc(doc_id, kind=kind, pages=count, title=f"Filing {doc_id}"), pages


def article(doc_id: int, paragraphs: list[str], *, title: str = "An article", published: str = "2026-02-11",
            publisher: str = "The Capitol Ledger") -> tuple[DocumentRecord, list[PageRecord]]:
    """An article as the article importer stores it: one page whose paragraphs are numbered from 1."""
    text = "\n\n".join(paragraphs)
    spans, position = [], 0
    for number, body in enumerate(paragraphs, 1):
        spans.append(NumberedParagraph(number, position, position + len(body)))
        position += len(body) + 2
    doc = DocumentRecord(
        id=doc_id, sha256=f"{doc_id:064x}", size=100, format="html", kind=DocumentKind.ARTICLE, title=title,
        original_name=f"a{doc_id}.html", imported_at="2026-01-01T00:00:00+00:00", extractor="test/1",
        page_count=1, pages_needing_ocr=0, publisher=publisher, published_date=published,
    )
    return doc, [make_page(doc_id, 1, text, paragraphs=tuple(spans))]


class Library:
    """Documents for a test index, and the `text_for` callback the store would provide."""

    def __init__(self) -> None:
        self.docs: dict[int, tuple[DocumentRecord, list[PageRecord], tuple[str, ...]]] = {}

    def add(self, doc: DocumentRecord, pages: list[PageRecord], tags: tuple[str, ...] = ()) -> None:
        self.docs[doc.id] = (doc, pages, tags)

    def text_for(self, document_id: int, page_number: int) -> str:
        _, pages, _ = self.docs[document_id]
        return next(p.text for p in pages if p.number == page_number)

    def index_all(self, index) -> None:
        with index.batch() as batch:
            for doc, pages, tags in self.docs.values():
                batch.add_document(doc, pages, tags=tags)


def standard_library() -> Library:
    """A small matter: a declaration, a complaint, an order in another court, and an article."""
    lib = Library()
    lib.add(make_doc(1, kind=DocumentKind.DECLARATION, title="Declaration of Dottie Romo", filed="2026-02-11",
                     pages=2), [
        make_page(1, 1, "DECLARATION OF DOTTIE ROMO\n\nI, Dottie Romo, declare as follows:\n\n"
                        "1. The IRS disclosed taxpayer data to DHS under the Memorandum.\n\n"
                        "2. Roughly 1.2 million entries were sent by ICE."),
        make_page(1, 2, "3. The IRS returned addresses for about 47,000 individuals.\n\n"
                        "4. Those disclosures did not follow the agency's procedures.", label="ii"),
    ], ("key", "privileged"))
    lib.add(make_doc(2, kind=DocumentKind.COMPLAINT, title="Complaint", filed="2025-04-28", pages=2), [
        make_page(2, 1, "COMPLAINT FOR DECLARATORY RELIEF\n\nThe Taxpayer Rights Center challenges the "
                        "disclosure of confidential taxpayer information to immigration authorities."),
        make_page(2, 2, "The data sharing agreement violates section 6103. Taxpayers disclose addresses "
                        "because the law promises confidentiality."),
    ], ("key",))
    lib.add(make_doc(3, kind=DocumentKind.ORDER, title="Order", court=SDNY, docket="1:24-cv-00077-XYZ",
                     filed="2025-11-21"), [
        make_page(3, 1, "ORDER\n\nThe motion is granted. The agencies shall not share data pending appeal. "
                        "Mr. Rommo's affidavit is stricken."),
    ])
    doc, pages = article(4, [
        "The IRS gave immigration agents taxpayer data on nearly 50,000 people, a filing shows.",
        "The declaration, signed by Dottie Romo, puts the number at about 47,000 individuals.",
        "Advocates said the disclosure breaks a promise of confidentiality made to taxpayers.",
    ], title="IRS gave agents taxpayer data")
    lib.add(doc, pages, ("press",))
    return lib


@pytest.fixture
def library() -> Library:
    return standard_library()


@pytest.fixture
def index(tmp_path, library):
    from casebook.index import CaseIndex

    ix = CaseIndex.open(tmp_path / "index")
    library.index_all(ix)
    yield ix
    ix.close()


def words_at(text: str, ranges: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in ranges]


def units(results) -> set[tuple[int, int, int | None]]:
    return {(h.document_id, h.page_number, h.paragraph) for h in results.hits}


def normalise_space(text: str) -> str:
    return re.sub(r"\s", " ", text)

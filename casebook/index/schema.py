"""The Whoosh schema of a case index, its analyzers, and how store records become indexed units."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from casebook.core.records import DocumentRecord, PageRecord
from casebook.core.search import UnitKey
from casebook.index.analysis import index_value

# Bump when analysis, fields or unit boundaries change: every fingerprint then differs from the store's
# expectation, so `verify` reports the whole index stale and a reindex rebuilds it.
INDEX_FORMAT = "casebook-index/1"

# Terms arrive already normalised by casebook.index.analysis; Whoosh only splits them on spaces. Only
# built-in Whoosh classes appear in the schema because it is pickled into the index.
_TERMS = SpaceSeparatedTokenizer()


def build_schema() -> Schema:
    return Schema(
        doc=ID(stored=True, sortable=True),  # document id as text: delete/update by it, count documents
        page=STORED(),
        label=STORED(),
        paragraph=STORED(),
        span=STORED(),  # (start, end) of the unit in its page text
        title_text=STORED(),
        fp=STORED(),  # fingerprint, see fingerprint()
        order=COLUMN(VarBytesColumn()),  # zero-padded doc/page/paragraph: stable order for date sorting
        undated=COLUMN(VarBytesColumn()),  # b"1" when the document has no date, so dated units sort first
        text=TEXT(analyzer=_TERMS, phrase=True),  # the unit's words with positions
        title=TEXT(analyzer=_TERMS, phrase=True),
        court=TEXT(analyzer=_TERMS, phrase=True),  # words of the court name, for court:
        kind=ID(stored=True, sortable=True),
        court_name=ID(stored=True, sortable=True),  # the full name, for facets
        docket=ID(stored=True),  # normalised, see docket_key()
        date=ID(stored=True, sortable=True),  # ISO yyyy-mm-dd: filed date, or published date for articles
        tags=KEYWORD(commas=True, lowercase=True, stored=True, scorable=False),
    )


_DOCKET = re.compile(r"(?:\d+:)?(\d{2})-([a-z]{1,4})-0*(\d{1,6})")


def docket_key(docket: str) -> str:
    """A federal docket number as `yy-type-nnnnn`, ignoring the office prefix and judge initials.

    "1:25-cv-01234", "1:25-cv-01234-ABC" and "25-cv-1234" all give "25-cv-01234"; anything else is
    lower-cased and stripped.
    """
    text = docket.strip().lower()
    match = _DOCKET.search(text)
    if not match:
        return text
    year, kind, number = match.groups()
    return f"{year}-{kind}-{int(number):05d}"


@dataclass(frozen=True)
class Unit:
    """One Whoosh document: a PDF page, or one numbered paragraph of an article's page."""

    key: UnitKey
    label: str
    start: int
    end: int
    text: str
    title: str
    kind: str
    court: str
    docket: str
    date: str
    tags: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self)

    def fields(self) -> dict:
        doc_id, page, paragraph = self.key
        fields = {
            "doc": str(doc_id),
            "page": page,
            "label": self.label,
            "paragraph": paragraph,
            "span": (self.start, self.end),
            "title_text": self.title,
            "fp": self.fingerprint,
            "order": order_key(self.key).encode(),
            "undated": b"0" if self.date else b"1",
            "text": index_value(self.text),
            "title": index_value(self.title),
            "kind": self.kind,
        }
        # Empty values are left out: Whoosh would index an empty ID as a term.
        if self.court:
            fields["court"] = index_value(self.court)
            fields["court_name"] = self.court
        if self.docket:
            fields["docket"] = docket_key(self.docket)
        if self.date:
            fields["date"] = self.date
        if self.tags:
            fields["tags"] = ",".join(self.tags)
        return fields


def unit_id(key: UnitKey) -> str:
    return f"{key.document_id}:{key.page}:{'' if key.paragraph is None else key.paragraph}"


def order_key(key: UnitKey) -> str:
    """Sorts units in document, page, paragraph order; a page-level unit has no paragraph digits."""
    paragraph = "" if key.paragraph is None else f"{key.paragraph:06d}"
    return f"{key.document_id:010d}{key.page:06d}{paragraph}"


def parse_order(text: str) -> UnitKey:
    return UnitKey(int(text[:10]), int(text[10:16]), int(text[16:]) if len(text) > 16 else None)


def fingerprint(unit: Unit) -> str:
    """A hash of everything indexed for a unit, so a changed text, title, tag or date shows as stale."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (INDEX_FORMAT, unit_id(unit.key), unit.label, f"{unit.start}-{unit.end}", unit.title, unit.kind,
                 unit.court, unit.docket, unit.date, ",".join(unit.tags), unit.text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as indexed: trimmed, lower-cased, without commas (the field's separator), sorted, unique."""
    return tuple(sorted({t.strip().lower().replace(",", " ") for t in tags if t and t.strip()}))


def paragraph_spans(page: PageRecord) -> list[tuple[int, int, int]]:
    """(number, start, end) of each article paragraph unit, covering the whole page text.

    Each unit runs from its paragraph's start to the next paragraph's start (the first from 0, the last to
    the end), so headings and captions between paragraphs stay searchable; a repeated number joins the
    earlier unit rather than colliding with it.
    """
    paragraphs = sorted(page.paragraphs, key=lambda p: p.start)
    spans: list[list[int]] = []
    for paragraph in paragraphs:
        if spans and paragraph.number in {s[0] for s in spans}:
            continue
        spans.append([paragraph.number, paragraph.start, len(page.text)])
    for current, following in itertools.pairwise(spans):
        current[2] = following[1]
    if spans:
        spans[0][1] = 0
    return [(n, s, e) for n, s, e in spans]


def splits_into_paragraphs(doc: DocumentRecord, page: PageRecord) -> bool:
    """Articles and other non-PDF texts are searched paragraph by paragraph; PDFs page by page."""
    return doc.format != "pdf" and bool(page.paragraphs)


def units_for(doc: DocumentRecord, pages: Sequence[PageRecord], *, tags: Iterable[str] = ()) -> list[Unit]:
    """The units a document is indexed as, from its store records."""
    common = {
        "title": doc.title or "",
        "kind": str(doc.kind).lower(),
        "court": doc.court or "",
        "docket": doc.case_number or "",
        "date": doc.date or "",
        "tags": normalise_tags(tags),
    }
    units: list[Unit] = []
    for page in pages:
        if page.document_id != doc.id:
            raise ValueError(f"page {page.number} belongs to document {page.document_id}, not {doc.id}")
        if splits_into_paragraphs(doc, page):
            for number, start, end in paragraph_spans(page):
                units.append(Unit(UnitKey(doc.id, page.number, number), page.label, start, end,
                                  page.text[start:end], **common))
        else:
            units.append(Unit(UnitKey(doc.id, page.number, None), page.label, 0, len(page.text), page.text,
                              **common))
    return units

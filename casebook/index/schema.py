"""The Whoosh schema of a case index, its analyzers, and how store records become indexed units.

Units are pages (or article paragraphs), claims and excerpts. A document's units carry `base`, the position of
their first word in the document's whole word sequence (page furniture left out), so phrases and proximity can
be matched across page and paragraph breaks (see casebook.index.docmatch). Every unit has an `item` term naming what it
was indexed from ("document:3", "claim:5", "excerpt:7"), by which it is replaced or deleted. An excerpt also
carries its document's id in `doc` (and the document's title, kind, court, docket and date), so deleting a
document removes its excerpts too and `kind:declaration` finds excerpts of declarations.

Tags are hierarchical paths ("hot/sworn figures"); a unit is indexed under each tag and every ancestor, so
`tag:hot` finds units tagged "hot" or anything below it, and `tag:"hot/sworn figures"` only that branch.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from casebook.core.records import DocumentRecord, PageRecord
from casebook.core.search import ClaimSource, ExcerptSource, ItemKey, SearchKey, UnitKey
from casebook.index.analysis import index_value
from casebook.index.pairs import pairs_field
from casebook.index.positions import PackedPositions

# Bump when analysis, fields or unit boundaries change: every fingerprint then differs from the store's
# expectation, so `verify` reports the whole index stale and a reindex rebuilds it.
# 2: claims, excerpts, item/type fields; 3: word base, furniture left out; 4: positions packed as uint32
INDEX_FORMAT = "casebook-index/4"

# Terms arrive already normalised by casebook.index.analysis; Whoosh only splits them on spaces. Only
# built-in Whoosh classes, `PackedPositions` (casebook.index.positions) and `NearestWords` (casebook.index.pairs)
# appear in the schema because it is pickled into the index.
_TERMS = SpaceSeparatedTokenizer()


# Postings per W3 block (Whoosh's default is 128): each block costs a header read, two unpicklings and an
# array conversion, which dominated reading a word on most of 100,000 pages (4,000 blocks for `arbe*`).
POSTING_BLOCK = 1024


def index_codec() -> W3Codec:
    """Whoosh's W3 codec with larger posting blocks, left uncompressed: a block holds its units' word
    positions, so reading which pages hold a common word meant inflating all its positions (72 of 228 ms
    for a word on every page at 100,000 pages). The index doubles in size (21 → 42 MB at 10,000 pages;
    FTS5's is 48 MB)."""
    return W3Codec(blocklimit=POSTING_BLOCK, compression=0)


def _positional() -> TEXT:
    """A text field with word positions, packed for whole-list decoding (see casebook.index.positions)."""
    field = TEXT(analyzer=_TERMS, phrase=True)
    field.format = PackedPositions(field_boost=field.format.field_boost)
    return field


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
        text=_positional(),  # the unit's words with positions
        title=_positional(),
        court=_positional(),  # words of the court name, for court:
        kind=ID(stored=True, sortable=True),
        court_name=ID(stored=True, sortable=True),  # the full name, for facets
        docket=ID(stored=True),  # normalised, see docket_key()
        date=ID(stored=True, sortable=True),  # ISO yyyy-mm-dd: filed date, or published date for articles
        tags=KEYWORD(commas=True, lowercase=True, stored=True, scorable=False),  # tags and their ancestors
        item=ID(stored=True, sortable=True),  # what the unit was indexed from: "document:3", "claim:5", …
        base=COLUMN(NumericColumn("I")),  # position of the unit's first word in its document's word sequence
        type=ID(stored=True, sortable=True),  # page, claim or excerpt
        linked=KEYWORD(commas=True, scorable=False),  # excerpts: ids of the claims they are linked to
        body=STORED(),  # claims and excerpts: the unit text (snippets; pages use the store's page text)
        info=STORED(),  # claims and excerpts: what a hit shows (note, tags, citation, links, type, status)
        pairs=pairs_field(),  # distances between frequent words, written by the segment builder (index/pairs.py)
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
    """One Whoosh document: a PDF page, one numbered paragraph of an article's page, a claim or an excerpt."""

    key: SearchKey
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
    document_id: int | None = None  # claims and excerpts: the document an excerpt is in
    page: int = 0  # claims and excerpts: the page an excerpt starts on
    info: tuple[tuple[str, object], ...] = ()  # claims and excerpts: display details, see SearchHit
    linked: tuple[int, ...] = ()  # excerpts: linked claim ids
    base: int = 0  # pages and paragraphs: words of the document before this unit (furniture left out)
    indexed: str = field(default="", compare=False, repr=False)  # the terms of `text`, when already known

    @property
    def unit_type(self) -> str:
        return self.key.kind if isinstance(self.key, ItemKey) else "page"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self)

    def fields(self) -> dict:
        if isinstance(self.key, ItemKey):
            doc_id, page, paragraph = self.document_id, self.page, None
        else:
            doc_id, page, paragraph = self.key
        fields = {
            "page": page,
            "label": self.label,
            "paragraph": paragraph,
            "span": (self.start, self.end),
            "title_text": self.title,
            "fp": self.fingerprint,
            "order": order_key(self.key, document_id=doc_id or 0, page=page).encode(),
            "undated": b"0" if self.date else b"1",
            "base": self.base,
            "text": self.indexed or index_value(self.text),
            "title": index_value(self.title),
            "item": item_term(self.key),
            "type": self.unit_type,
        }
        if isinstance(self.key, ItemKey):
            fields["body"] = self.text
            fields["info"] = dict(self.info)
        if self.linked:
            fields["linked"] = ",".join(str(i) for i in self.linked)
        # Empty values are left out: Whoosh would index an empty ID as a term.
        if doc_id is not None:
            fields["doc"] = str(doc_id)
        if self.kind:
            fields["kind"] = self.kind
        if self.court:
            fields["court"] = index_value(self.court)
            fields["court_name"] = self.court
        if self.docket:
            fields["docket"] = docket_key(self.docket)
        if self.date:
            fields["date"] = self.date
        if self.tags:
            fields["tags"] = ",".join(tag_terms(self.tags))
        return fields


def item_term(key: SearchKey) -> str:
    """The `item` term of a unit: what it was indexed from, and is replaced or deleted by."""
    if isinstance(key, ItemKey):
        return f"{key.kind}:{key.item_id}"
    return f"document:{key.document_id}"


def unit_id(key: SearchKey) -> str:
    if isinstance(key, ItemKey):
        return f"{key.kind}:{key.item_id}"
    return f"{key.document_id}:{key.page}:{'' if key.paragraph is None else key.paragraph}"


# Claims and excerpts sort before pages where no rank or date decides (a query of only filters, e.g.
# `tag:hot`): "-" sorts before every digit. Claims come first, then excerpts in document and page order.
_ITEM_ORDER = {"claim": "-c", "excerpt": "-e"}


def order_key(key: SearchKey, *, document_id: int = 0, page: int = 0) -> str:
    """Sorts units in document, page, paragraph order; a page-level unit has no paragraph digits."""
    if isinstance(key, ItemKey):
        if key.kind == "excerpt":
            return f"-e{document_id:010d}{page:06d}{key.item_id:010d}"
        return f"{_ITEM_ORDER[key.kind]}{key.item_id:010d}"
    paragraph = "" if key.paragraph is None else f"{key.paragraph:06d}"
    return f"{key.document_id:010d}{key.page:06d}{paragraph}"


def parse_order(text: str) -> SearchKey:
    if text.startswith("-c"):
        return ItemKey("claim", int(text[2:]))
    if text.startswith("-e"):
        return ItemKey("excerpt", int(text[-10:]))
    return UnitKey(int(text[:10]), int(text[10:16]), int(text[16:]) if len(text) > 16 else None)


def tag_terms(tags: Iterable[str]) -> list[str]:
    """Every tag with its ancestors ("hot/sworn figures" → "hot", "hot/sworn figures"), sorted, unique."""
    out: set[str] = set()
    for tag in tags:
        parts = [p.strip() for p in tag.split("/")]
        for depth in range(1, len(parts) + 1):
            if parts[depth - 1]:
                out.add("/".join(parts[:depth]))
    return sorted(out)


def fingerprint(unit: Unit) -> str:
    """A hash of everything indexed for a unit, so a changed text, title, tag or date shows as stale."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (INDEX_FORMAT, unit_id(unit.key), unit.label, f"{unit.start}-{unit.end}", unit.title, unit.kind,
                 unit.court, unit.docket, unit.date, ",".join(unit.tags), unit.text, str(unit.document_id),
                 str(unit.page), repr(unit.info), ",".join(map(str, unit.linked)), str(unit.base)):
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


def body_text(page: PageRecord) -> str:
    """The page text as indexed and highlighted: furniture (running headers, CM/ECF stamps, line numbers)
    blanked to spaces, so offsets still point into the page text and no furniture word sits in a phrase."""
    furniture = getattr(page, "furniture", None) or ()
    if not furniture:
        return page.text
    chars = list(page.text)
    for start, end in furniture:
        start, end = max(0, start), max(0, min(end, len(chars)))
        chars[start:end] = " " * max(0, end - start)
    return "".join(chars)


def units_for(doc: DocumentRecord, pages: Sequence[PageRecord], *, tags: Iterable[str] = ()) -> list[Unit]:
    """The units a document is indexed as, from its store records, in page and paragraph order.

    Each unit's `base` counts the words of the units before it, so the document reads as one word sequence.
    """
    title, kind, court = doc.title or "", str(doc.kind).lower(), doc.court or ""
    docket, date, unit_tags = doc.case_number or "", doc.date or "", normalise_tags(tags)
    units: list[Unit] = []
    base = 0
    for page in sorted(pages, key=lambda p: p.number):
        if page.document_id != doc.id:
            raise ValueError(f"page {page.number} belongs to document {page.document_id}, not {doc.id}")
        text = body_text(page)
        pieces: list[tuple[int | None, int, int]]
        if splits_into_paragraphs(doc, page):
            pieces = [(number, start, end) for number, start, end in paragraph_spans(page)]
        else:
            pieces = [(None, 0, len(text))]
        for number, start, end in pieces:
            body = text[start:end]
            terms = index_value(body)
            units.append(Unit(UnitKey(doc.id, page.number, number), page.label, start, end, body,
                              title=title, kind=kind, court=court, docket=docket, date=date, tags=unit_tags,
                              base=base, indexed=terms))
            base += terms.count(" ") + 1 if terms else 0
    return units


def claim_unit(claim: ClaimSource) -> Unit:
    """A claim as one unit: its statement, then its note, who asserts it (name, role, aliases) and the issues
    it bears on, then its type and status, all searchable as text; its tags as tags."""
    who = ", ".join(part for part in (claim.asserted_by, claim.asserted_role, *claim.asserted_aliases) if part)
    lines = [claim.statement, claim.note, who, "; ".join(claim.issues), f"{claim.claim_type}; {claim.status}"]
    text = "\n".join(line for line in lines if line)
    info = (("statement", claim.statement), ("note", claim.note), ("tags", tuple(claim.tags)),
            ("claim_type", claim.claim_type),
            ("status", claim.status), ("asserted_by", claim.asserted_by), ("asserted_role", claim.asserted_role),
            ("issues", tuple(claim.issues)), ("event_date", claim.event_date))
    # No title: `title:` searches document titles, and the statement is already in the text.
    return Unit(ItemKey("claim", claim.id), "", 0, len(text), text, "", "", "", "", "",
                normalise_tags(claim.tags), info=info)


def excerpt_unit(excerpt: ExcerptSource, doc: DocumentRecord) -> Unit:
    """An excerpt as one unit: its quoted text and note, with its document's title, kind, court, docket and
    date (so document filters apply to it) and the ids of the claims it is linked to."""
    if excerpt.document_id != doc.id:
        raise ValueError(f"excerpt {excerpt.id} belongs to document {excerpt.document_id}, not {doc.id}")
    text = "\n".join(part for part in (excerpt.exact, excerpt.note) if part)
    links = tuple(sorted(excerpt.links))
    info = (("note", excerpt.note), ("tags", tuple(excerpt.tags)), ("citation", excerpt.citation),
            ("links", links), ("quote_end", len(excerpt.exact)),
            ("anchor", (excerpt.start_page, excerpt.start, excerpt.end_page, excerpt.end)))
    return Unit(ItemKey("excerpt", excerpt.id), excerpt.page_label or str(excerpt.start_page), 0, len(text), text,
                doc.title or "", str(doc.kind).lower(), doc.court or "", doc.case_number or "", doc.date or "",
                normalise_tags(excerpt.tags), document_id=doc.id, page=excerpt.start_page, info=info,
                linked=tuple(sorted({claim_id for claim_id, _ in links})))

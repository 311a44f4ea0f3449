"""Editing a document's metadata (audited, undoable, remembered as set by a person) and merging what analysis finds.

The lawyer has the last word: a field a person set is named in the document's `person_fields`, and neither
re-analysis nor OCR ever changes it (re-importing the same file stores nothing new). Every other field follows
the newest analysis, so re-analysing fixes stores imported before the analysis improved.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date as _date
from typing import Any

from casebook.core.citations import default_short_cite, derive_short_cite
from casebook.core.documents import DateBasis, DocumentKind, DocumentMetadata, ExtractedDocument, ExtractedPage
from casebook.core.errors import CasebookError
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, ProgressUpdate, no_progress
from casebook.core.records import DocumentRecord, PageRecord
from casebook.ingest.filings import analyse_filing
from casebook.services.history import recorded_edit
from casebook.store import audit, documents, outbox
from casebook.store import metadata as store
from casebook.store import ocr as page_store
from casebook.store.case_store import CaseStore

# The fields a person edits, in the order they are shown, with a label for people.
EDITABLE_FIELDS: dict[str, str] = {
    "title": "Title", "short_cite": "Short cite", "kind": "Kind", "court": "Court", "docket_numbers": "Docket",
    "ecf_document_number": "ECF No.", "appellate_document_id": "Appellate document ID", "date": "Date",
    "date_basis": "Date basis", "author": "Author", "publisher": "Publisher", "description": "Description",
    "parties": "Parties",
}
# Other names people and the command line use for the fields.
ALIASES: dict[str, str] = {
    "docket": "docket_numbers", "case_number": "docket_numbers", "ecf": "ecf_document_number",
    "ecf_number": "ecf_document_number", "appellate_id": "appellate_document_id", "basis": "date_basis",
    "case_name": "parties",
}
# Fields set together: the case number is the first docket number; a date means nothing without its basis.
_COUPLED: dict[str, tuple[str, ...]] = {
    "docket_numbers": ("docket_numbers", "case_number"), "date": ("date", "date_basis"),
    "date_basis": ("date", "date_basis"),
}
# What filing analysis determines (OCR and re-analysis may change these unless a person set them).
ANALYSED_FIELDS = ("title", "title_as_printed", "kind", "court", "case_number", "docket_numbers",
                   "ecf_document_number", "appellate_document_id", "filed_date", "date", "date_basis", "parties",
                   "short_cite")
# Fields that an analysis leaves as they are when it finds nothing (an empty title, kind "other").
_KEEP_WHEN_NOT_FOUND = ("title", "kind")
# A person's short cite stays; otherwise it follows the fields it is derived from.
_SHORT_CITE_INPUTS = ("title", "kind", "parties", "publisher", "author", "docket_numbers", "court")

EXTRACTED = "extracted"
SET_BY_PERSON = "set by person"
_ECF_NUMBER = re.compile(r"\d{1,6}(?:[-.]\d{1,4})?")
_ANALYSABLE_FORMATS = ("pdf", "text")


class MetadataError(CasebookError):
    """A metadata edit that cannot be made (unknown field, bad kind or date); nothing was changed."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict:
        return {"field": self.field, "old": _plain(self.old), "new": _plain(self.new)}


@dataclass
class MetadataEdit:
    """What one edit changed; `document` is the document as stored afterwards."""

    document: DocumentRecord
    changes: list[FieldChange] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"document_id": self.document.id, "changes": [c.to_dict() for c in self.changes],
                "set_by_person": sorted(self.document.person_fields)}


# --- reading -----------------------------------------------------------------------------------------------------

def canonical_field(name: str) -> str:
    """The metadata field a user's name stands for ("short-cite", "docket", "ecf" …)."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = ALIASES.get(key, key)
    if key not in EDITABLE_FIELDS:
        raise MetadataError(f"{name}: not a metadata field (choose {', '.join(EDITABLE_FIELDS)})")
    return key


def field_value(record: DocumentRecord, name: str) -> Any:
    """A field's stored value ("date" is the document's own date, not the filed or publication date)."""
    if name == "date":
        return record.document_date
    if name == "docket_numbers":
        return tuple(record.docket_numbers) or ((record.case_number,) if record.case_number else ())
    if name == "short_cite":  # an article or docket stores none: show the short cite its pin cites use
        return record.short_cite or default_short_cite(record)
    return getattr(record, name)


def origin(record: DocumentRecord, name: str) -> str:
    """Whether a field was set by a person or comes from the analysis of the file."""
    return SET_BY_PERSON if name in record.person_fields else EXTRACTED


@dataclass(frozen=True)
class FieldView:
    """One editable field as `doc show` and the inspector present it."""

    field: str
    label: str
    value: Any
    origin: str

    @property
    def text(self) -> str:
        return display(self.value)

    def to_dict(self) -> dict:
        return {"value": _plain(self.value), "origin": self.origin}


def document_fields(record: DocumentRecord) -> list[FieldView]:
    return [FieldView(name, label, field_value(record, name), origin(record, name))
            for name, label in EDITABLE_FIELDS.items()]


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return list(value)
    return getattr(value, "value", value)


# --- validating --------------------------------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _normalise(name: str, value: Any) -> Any:
    """A user's value for a field, checked and normalised; None clears the field."""
    if name == "title":
        text = _text(value)
        if not text:
            raise MetadataError("a document's title cannot be empty")
        return text
    if name == "kind":
        if value is None or not str(value).strip():
            return DocumentKind.OTHER
        try:
            return DocumentKind(str(getattr(value, "value", value)).strip().lower())
        except ValueError:
            raise MetadataError(f"{value}: not a kind of document (choose "
                                f"{', '.join(k.value for k in DocumentKind)})") from None
    if name == "date_basis":
        if value is None or not str(value).strip():
            return None
        try:
            return DateBasis(str(getattr(value, "value", value)).strip().lower())
        except ValueError:
            raise MetadataError(f"{value}: not a date basis (choose "
                                f"{', '.join(b.value for b in DateBasis)})") from None
    if name == "date":
        text = _text(value)
        if text is None:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return _date.fromisoformat(text).isoformat()
        except ValueError:
            raise MetadataError(f"{text}: not a date; give it as YYYY-MM-DD, e.g. 2025-02-05") from None
    if name == "docket_numbers":
        items = re.split(r"[;\n]", value) if isinstance(value, str) else list(value or ())
        numbers = tuple(dict.fromkeys(t for t in (_text(i) for i in items) if t))
        return numbers
    if name == "ecf_document_number":
        text = _text(value)
        if text is not None:
            text = re.sub(r"^(?:ECF|Dkt\.?|Doc\.?)\s*(?:No\.?)?\s*", "", text, flags=re.I)
            if not _ECF_NUMBER.fullmatch(text):
                raise MetadataError(f"{value}: not a docket-entry number (e.g. 62 or 12-2); an appellate "
                                    "document ID goes in the appellate document ID field")
        return text
    return _text(value)


def _columns(name: str, value: Any) -> dict[str, Any]:
    """The stored fields an edit of `name` writes."""
    if name == "docket_numbers":
        return {"docket_numbers": value, "case_number": value[0] if value else None}
    return {name: value}


# --- editing -----------------------------------------------------------------------------------------------------

def get_document(case: CaseStore, document_id: int) -> DocumentRecord:
    record = documents.get_document(case.db, document_id)
    if record is None:
        raise MetadataError(f"no document {document_id} in this case (see 'casebook list')")
    return record


def edit_document_metadata(case: CaseStore, document_id: int, changes: Mapping[str, Any] | None = None, *,
                           release: Iterable[str] = ()) -> MetadataEdit:
    """Set (None clears) metadata fields of a document as a person's choice, in one undoable, audited edit.

    Each field set is remembered as set by a person, so analysis never changes it again; `release` names fields
    given back to the analysis (their values stay until the next re-analysis or OCR). The index is told through
    the outbox. Raises MetadataError, changing nothing, on an unknown field or a bad value.
    """
    record = get_document(case, document_id)
    wanted = {canonical_field(name): value for name, value in (changes or {}).items()}
    values = {name: _normalise(name, value) for name, value in wanted.items()}
    released = {canonical_field(name) for name in release}
    stored: dict[str, Any] = {}
    person = set(record.person_fields)
    for name, value in values.items():
        stored.update(_columns(name, value))
        person.update(_COUPLED.get(name, (name,)))
    for name in released - set(values):
        person.difference_update(_COUPLED.get(name, (name,)))
    if "short_cite" not in person and any(name in values for name in _SHORT_CITE_INPUTS):
        stored["short_cite"] = derive_short_cite(_metadata_of(record, stored))
    before = {name: _stored_value(record, name) for name in stored}
    diffs = [FieldChange(name, before[name], value) for name, value in stored.items()
             if _plain(before[name]) != _plain(value)]
    label_fields = [c.field for c in diffs if c.field in EDITABLE_FIELDS] or sorted(values) or sorted(released)
    label = f"Edit document {document_id}: {', '.join(EDITABLE_FIELDS.get(f, f).lower() for f in label_fields)}"
    with recorded_edit(case, label, action="document.edit", target=f"document:{document_id}") as edit:
        columns = store.columns_for({c.field: c.new for c in diffs})
        if person != set(record.person_fields):
            columns[store.PERSON_FIELDS_COLUMN] = store.person_fields_json(person)
        if columns:
            store.record_columns(edit.rec, document_id, columns)
        edit.details.update({"changes": {c.field: {"old": _plain(c.old), "new": _plain(c.new)} for c in diffs},
                             "set_by_person": sorted(person)})
    return MetadataEdit(get_document(case, document_id), diffs)


def _stored_value(record: DocumentRecord, name: str) -> Any:
    if name == "date":
        return record.document_date
    if name == "docket_numbers":
        return tuple(record.docket_numbers)
    return getattr(record, name)


def _metadata_of(record: DocumentRecord, overrides: Mapping[str, Any] | None = None) -> DocumentMetadata:
    """The record's metadata as an analysis sees it, with some fields replaced."""
    values = {name: _stored_value(record, name) for name in store.FIELD_COLUMNS}
    values.update(overrides or {})
    values["docket_numbers"] = list(values["docket_numbers"] or ())
    values["kind"] = values["kind"] or DocumentKind.OTHER
    return DocumentMetadata(**values, published_date=record.published_date, url=record.url)


# --- merging what analysis finds -----------------------------------------------------------------------------------

def analysis_changes(record: DocumentRecord, found: DocumentMetadata, *,
                     keep_missing: bool = False) -> dict[str, Any]:
    """The analysed fields that differ from what is stored, never a field a person set.

    An analysis that finds no title or only kind "other" leaves those as they are; for other fields what it
    finds replaces what is stored, so an appellate document ID once stored as an ECF number moves to its own field.
    With `keep_missing` (OCR: a misread page must not erase what the text layer gave), a field the analysis
    finds empty keeps its stored value — except an ECF number that the analysis shows to be an appellate ID.
    """
    found = copy.copy(found)
    found.docket_numbers = list(found.docket_numbers)
    person = set(record.person_fields)
    for name in person & set(store.FIELD_COLUMNS):  # a person's values feed the short cite derived below
        setattr(found, name, list(_stored_value(record, name)) if name == "docket_numbers"
                else _stored_value(record, name))
    if "short_cite" not in person and person & set(_SHORT_CITE_INPUTS):
        found.short_cite = derive_short_cite(found)
    changes: dict[str, Any] = {}
    for name in ANALYSED_FIELDS:
        if name in person:
            continue
        value = getattr(found, name)
        if name in _KEEP_WHEN_NOT_FOUND and (not value or value is DocumentKind.OTHER):
            continue
        if keep_missing and not value and not (name == "ecf_document_number" and found.appellate_document_id):
            continue
        if name == "docket_numbers":
            value = tuple(value or ())
        if name == "date_basis" and value is not None:
            value = DateBasis(value)
        if name == "kind":
            value = DocumentKind(value)
        if _plain(_stored_value(record, name)) != _plain(value):
            changes[name] = value
    return changes


@dataclass
class ReanalysedDocument:
    document_id: int
    title: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field → (old, new)
    skipped: str | None = None

    def to_dict(self) -> dict:
        return {"document_id": self.document_id, "title": self.title, "skipped": self.skipped,
                "changes": {k: {"old": _plain(o), "new": _plain(n)} for k, (o, n) in self.changes.items()}}


@dataclass
class ReanalysisReport:
    documents: list[ReanalysedDocument] = field(default_factory=list)
    cancelled: bool = False

    def to_dict(self) -> dict:
        return {"cancelled": self.cancelled, "documents": [d.to_dict() for d in self.documents]}


def reanalyse_documents(case: CaseStore, document_ids: Iterable[int] | None = None, *,
                        progress: ProgressCallback = no_progress,
                        cancel: CancelToken = NEVER_CANCELLED) -> ReanalysisReport:
    """Run today's filing analysis again on stored page text and keep what it finds, except what a person set.

    Page text is not changed (excerpts stay anchored); each page's paragraphs, ECF page and furniture are
    analysed afresh. One transaction, audit entry and index update per document; cancelling keeps those done.
    """
    if document_ids is None:
        records = documents.list_documents(case.db)
    else:
        records = [get_document(case, i) for i in dict.fromkeys(document_ids)]
    report = ReanalysisReport()
    for done, record in enumerate(records):
        if cancel.cancelled:
            report.cancelled = True
            break
        progress(ProgressUpdate(done, len(records), record.title[:40]))
        report.documents.append(_reanalyse(case, record))
    progress(ProgressUpdate(len(report.documents), len(records), "cancelled" if report.cancelled else "done"))
    return report


def _reanalyse(case: CaseStore, record: DocumentRecord) -> ReanalysedDocument:
    result = ReanalysedDocument(record.id, record.title)
    if record.format not in _ANALYSABLE_FORMATS or record.kind is DocumentKind.ARTICLE:
        result.skipped = f"a {record.format} document: filing analysis does not apply"
        return result
    pages = documents.get_pages(case.db, record.id, with_words=False)  # the analysis reads text only
    analysed = analyse_filing(stored_as_extracted(record, pages))
    changes = analysis_changes(record, analysed.metadata)
    result.changes = {name: (_stored_value(record, name), value) for name, value in changes.items()}
    with case.transaction() as db:
        store.write_fields(db, record.id, changes)
        for page in analysed.pages:
            page_store.set_page_analysis(db, record.id, page.number, paragraphs=page.paragraphs,
                                         ecf_page=page.ecf.page if page.ecf else None, furniture=page.furniture)
        outbox.enqueue(db, "index_document", record.id)
        audit.append(db, "document.reanalyse", f"document:{record.id}", {
            "changes": {k: {"old": _plain(o), "new": _plain(n)} for k, (o, n) in result.changes.items()},
            "kept_person_fields": sorted(record.person_fields),
        })
    return result


def stored_as_extracted(record: DocumentRecord, pages: list[PageRecord],
                        replaced: Mapping[int, ExtractedPage] | None = None) -> ExtractedDocument:
    """The stored document as the filing analysis takes it, with blank metadata so that it finds every field
    afresh (articles keep their kind so the analysis leaves them alone); `replaced` swaps in new pages (OCR)."""
    extracted = []
    for page in pages:
        new = (replaced or {}).get(page.number)
        extracted.append(replace(new) if new is not None else ExtractedPage(
            page.number, page.label, page.text, words=page.words, needs_ocr=page.needs_ocr, width=page.width,
            height=page.height))
    metadata = DocumentMetadata(kind=DocumentKind.ARTICLE if record.kind is DocumentKind.ARTICLE
                                else DocumentKind.OTHER)
    return ExtractedDocument(format=record.format, extractor=record.extractor, metadata=metadata, pages=extracted)

"""Docket sheets in a case: each entry with the imported filing it dockets, linked when read."""

from __future__ import annotations

from dataclasses import dataclass

from casebook.core.dockets import DocketEntry, FilingRef, link_entries
from casebook.core.documents import DocumentKind
from casebook.core.records import DocumentRecord
from casebook.store import dockets, documents
from casebook.store.case_store import CaseStore

_NOT_FILINGS = frozenset({DocumentKind.DOCKET, DocumentKind.ARTICLE})


@dataclass(frozen=True)
class DocketLine:
    """One docket entry of an imported sheet and the filing in the case it dockets (None: not in the case)."""

    docket_id: int  # the docket sheet's document id
    entry: DocketEntry
    filing_id: int | None
    filing_title: str | None

    @property
    def linked(self) -> bool:
        return self.filing_id is not None

    def to_dict(self) -> dict:
        entry = self.entry
        return {
            "docket_id": self.docket_id, "position": entry.position, "number": entry.number,
            "date_filed": entry.date_filed, "date_entered": entry.date_entered, "case_number": entry.case_number,
            "text": entry.text, "short_text": entry.short_text(),
            "filing": {"id": self.filing_id, "title": self.filing_title} if self.linked else None,
            "status": "linked" if self.linked else ("missing" if entry.number is not None else "no document"),
        }


def filing_ref(doc: DocumentRecord) -> FilingRef:
    """A filing's place on a docket as its metadata gives it (primary docket number first)."""
    numbers = tuple(dict.fromkeys(n for n in (doc.case_number, *doc.docket_numbers) if n))
    return FilingRef(document_id=doc.id, title=doc.title, docket_numbers=numbers,
                     ecf_document_number=doc.ecf_document_number, appellate_document_id=doc.appellate_document_id)


def docket_lines(case: CaseStore, docket_id: int | None = None) -> list[DocketLine]:
    """Every entry of the case's docket sheets (or of one sheet), each with the filing it links to, if imported.

    Links are computed now from the filings' docket and ECF numbers, so a filing imported after the sheet links.
    """
    stored = dockets.list_entries(case.db, docket_id)
    filings = [filing_ref(doc) for doc in documents.list_documents(case.db) if doc.kind not in _NOT_FILINGS]
    links = link_entries((entry for _, entry in stored), filings)
    return [
        DocketLine(docket_id=sheet, entry=entry, filing_id=link.document_id if link else None,
                   filing_title=link.title if link else None)
        for (sheet, entry), link in zip(stored, links, strict=True)
    ]


def missing_filings(lines: list[DocketLine]) -> list[DocketLine]:
    """Numbered entries whose filing is not in the case (unnumbered minute entries have no document)."""
    return [line for line in lines if not line.linked and line.entry.number is not None]

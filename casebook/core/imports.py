"""The outcome of an import run, file by file, as shown in the CLI summary and the GUI's import report."""

from __future__ import annotations

from dataclasses import dataclass, field

from casebook.core.records import ImportedDocument


@dataclass(frozen=True)
class DuplicateFile:
    """A file whose SHA-256 matches an original already in the case; its path is kept as provenance."""

    path: str
    document_id: int
    title: str
    new_provenance: bool


@dataclass(frozen=True)
class ImportFailure:
    """A file that was not imported, with a machine-readable reason and a one-line message naming it."""

    path: str
    reason: str
    message: str


@dataclass
class ImportSummary:
    """Imported, duplicate and failed files of one run, and whether the run was cancelled."""

    imported: list[ImportedDocument] = field(default_factory=list)
    duplicates: list[DuplicateFile] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)
    cancelled: bool = False

    @property
    def pages_needing_ocr(self) -> int:
        return sum(doc.pages_needing_ocr for doc in self.imported)

    @property
    def files_seen(self) -> int:
        return len(self.imported) + len(self.duplicates) + len(self.failed)

    def to_dict(self) -> dict:
        return {
            "imported": [
                {
                    "document_id": d.document_id, "path": d.path, "sha256": d.sha256, "title": d.title,
                    "kind": d.kind.value, "pages": d.page_count, "pages_needing_ocr": d.pages_needing_ocr,
                }
                for d in self.imported
            ],
            "duplicates": [
                {"path": d.path, "document_id": d.document_id, "title": d.title, "new_provenance": d.new_provenance}
                for d in self.duplicates
            ],
            "failed": [{"path": f.path, "reason": f.reason, "message": f.message} for f in self.failed],
            "pages_needing_ocr": self.pages_needing_ocr,
            "cancelled": self.cancelled,
        }

"""The case's own caption (court, case number, caption, filer) for bundle covers and report headers; undoable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from casebook.core.errors import CasebookError
from casebook.services.history import recorded_edit
from casebook.store import case_caption as store
from casebook.store.case_store import CaseStore

PARTS: dict[str, str] = {"court": "Court", "number": "Case number", "caption": "Caption", "filer": "Filed by"}


@dataclass(frozen=True)
class CaseCaption:
    """How the case is captioned in what Casebook prints: "Taxpayer Rights Center v. U.S. Department of the
    Treasury", its court and number, and who files (empty parts are not set)."""

    court: str = ""
    number: str = ""
    caption: str = ""
    filer: str = ""

    @property
    def is_set(self) -> bool:
        return any((self.court, self.number, self.caption, self.filer))

    def lines(self) -> list[str]:
        """The caption as header lines: court, caption, "No. …", "Filed by …" (parts not set are left out)."""
        return [line for line in (self.court, self.caption, self.number and f"No. {self.number}",
                                  self.filer and f"Filed by {self.filer}") if line]

    def to_dict(self) -> dict[str, str]:
        return {"court": self.court, "number": self.number, "caption": self.caption, "filer": self.filer}


def get_caption(case: CaseStore) -> CaseCaption:
    return CaseCaption(**store.read_caption(case.db))


def set_caption(case: CaseStore, changes: Mapping[str, str | None]) -> CaseCaption:
    """Set (None or "" clears) parts of the case caption in one audited, undoable edit; returns the new caption."""
    unknown = set(changes) - set(PARTS)
    if unknown:
        raise CasebookError(f"{', '.join(sorted(unknown))}: not part of a case caption (choose {', '.join(PARTS)})")
    values = {part: " ".join((value or "").split()) for part, value in changes.items()}
    old = get_caption(case).to_dict()
    changed = {part: value for part, value in values.items() if old[part] != value}
    if changed:
        label = f"Set case caption: {', '.join(PARTS[p].lower() for p in changed)}"
        with recorded_edit(case, label, action="case.caption", target="case",
                           details={"changes": {p: {"old": old[p], "new": v} for p, v in changed.items()}}) as edit:
            store.ensure_keys(edit.rec.db)
            for part, value in changed.items():
                store.record_part(edit.rec, part, value)
    return get_caption(case)

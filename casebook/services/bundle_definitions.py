"""Named bundle definitions saved with the case: save, list, load and delete, each audited and undoable."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from casebook.core.bundles import BundleDefinition, BundleError, ExhibitChoice, court_profile
from casebook.export.plan import exhibit_labels
from casebook.services.history import recorded_edit
from casebook.store import bundle_definitions as rows
from casebook.store import bundles as bundle_store
from casebook.store import documents
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedBundle:
    """A saved definition and when it was last changed (UTC, ISO 8601)."""

    definition: BundleDefinition
    updated_at: str

    @property
    def name(self) -> str:
        return self.definition.name


def _tidy(choice: ExhibitChoice) -> ExhibitChoice:
    return replace(choice, description=" ".join(choice.description.split()), date=choice.date.strip(),
                   label=" ".join(choice.label.split()))


def checked(case: CaseStore, definition: BundleDefinition) -> BundleDefinition:
    """The definition tidied (names and texts trimmed) once it names a profile, documents of the case (each once)
    and distinct labels; otherwise BundleError says what is wrong."""
    name = " ".join(definition.name.split())
    if not name:
        raise BundleError("a saved bundle needs a name")
    court_profile(definition.profile)
    definition = replace(definition, name=name, exhibits=tuple(_tidy(c) for c in definition.exhibits))
    ids = [c.document_id for c in definition.exhibits]
    if len(set(ids)) != len(ids):
        raise BundleError("a document appears twice in the bundle; each exhibit must be a different document")
    for document_id in ids:
        if documents.get_document(case.db, document_id) is None:
            raise BundleError(f"no document {document_id} in this case")
    exhibit_labels(definition)
    return definition


def save_bundle(case: CaseStore, definition: BundleDefinition) -> BundleDefinition:
    """Save (or replace) the definition under its name in one undoable edit; an unchanged one records nothing."""
    definition = checked(case, definition)
    found = rows.find(case.db, definition.name)
    if found is not None and found[1] == rows.encode(definition):
        return definition
    verb = "Update" if found is not None else "Save"
    details = {"exhibits": [c.document_id for c in definition.exhibits], "profile": definition.profile}
    with recorded_edit(case, f"{verb} bundle “{definition.name}”", action="bundle.save",
                       target=f"bundle:{definition.name}", details=details) as edit:
        current = rows.find(edit.rec.db, definition.name)  # again, inside the write transaction
        if current is None:
            edit.rec.insert(rows.TABLE, rows.new_row(definition))
        else:
            edit.rec.update(rows.TABLE, current[0], rows.changed_row(definition))
    return definition


def load_bundle(case: CaseStore, name: str) -> BundleDefinition:
    found = bundle_store.get_definition(case.db, name)
    if found is None:
        raise BundleError(f"no bundle named {name!r} in this case")
    return found


def list_bundles(case: CaseStore) -> list[SavedBundle]:
    """Every saved definition, by name."""
    times = rows.saved_at(case.db)
    return [SavedBundle(d, times.get(d.name, "")) for d in bundle_store.list_definitions(case.db)]


def delete_bundle(case: CaseStore, name: str) -> None:
    """Delete a saved definition (undoable); Bates numbers it was issued stay issued."""
    found = rows.find(case.db, name)
    if found is None:
        raise BundleError(f"no bundle named {name!r} in this case")
    with recorded_edit(case, f"Delete bundle “{name}”", action="bundle.delete", target=f"bundle:{name}") as edit:
        edit.rec.delete(rows.TABLE, found[0])

"""Named bundle definitions: saved with the case, audited and undoable; per-exhibit labels, descriptions and dates
reach the plan, the live preview (pages, Bates, volumes) and the exported index."""

from __future__ import annotations

import unicodedata

import pytest

from casebook.core.bundles import BundleDefinition, BundleError, ExhibitChoice
from casebook.services import history
from casebook.services.bundle_definitions import delete_bundle, list_bundles, load_bundle, save_bundle
from casebook.services.bundle_preview import preview_bundle
from casebook.services.importing import import_paths
from casebook.store import audit


@pytest.fixture
def filings(case, pdf_factory):
    """Three filings of 2, 1 and 3 pages, in import order."""
    paths = [pdf_factory([f"Filing {n} page {p}" for p in range(1, pages + 1)])
             for n, pages in ((1, 2), (2, 1), (3, 3))]
    summary = import_paths(case, paths)
    assert not summary.failed
    return [r.document_id for r in summary.imported]


def definition(ids, **changes) -> BundleDefinition:
    exhibits = (ExhibitChoice(ids[2], description="Declaration of the records officer", label="P-1"),
                ExhibitChoice(ids[0], date="2024-03-14"), ExhibitChoice(ids[1]))
    return BundleDefinition(**{"exhibits": exhibits, "name": "Opposition exhibits", "bates_prefix": "HTU",
                               "include_chart": False, **changes})


def test_save_list_load_and_delete_are_audited_and_undoable(case, filings):
    saved = save_bundle(case, definition(filings, name="  Opposition   exhibits "))
    assert saved.name == "Opposition exhibits"
    assert load_bundle(case, "Opposition exhibits") == saved
    assert [b.name for b in list_bundles(case)] == ["Opposition exhibits"] and list_bundles(case)[0].updated_at
    actions = [e.action for e in audit.entries(case.db)]
    assert actions[-1] == "bundle.save"

    # Saving it unchanged records nothing; a change is one more undoable edit.
    save_bundle(case, saved)
    assert [e.action for e in audit.entries(case.db)] == actions
    reordered = definition(filings, exhibits=saved.exhibits[::-1])
    save_bundle(case, reordered)
    assert load_bundle(case, saved.name).exhibits[0].document_id == filings[1]
    assert history.undo(case).label == "Update bundle “Opposition exhibits”"
    assert load_bundle(case, saved.name) == saved

    delete_bundle(case, saved.name)
    assert list_bundles(case) == []
    with pytest.raises(BundleError, match="no bundle named"):
        load_bundle(case, saved.name)
    assert history.undo(case).label == "Delete bundle “Opposition exhibits”"
    assert load_bundle(case, saved.name) == saved
    assert history.redo(case) is not None and list_bundles(case) == []
    assert audit.verify_chain(case.db) == []


def test_save_refuses_what_cannot_be_exported(case, filings):
    with pytest.raises(BundleError, match="needs a name"):
        save_bundle(case, definition(filings, name=" "))
    with pytest.raises(BundleError, match="two exhibits are labelled"):
        save_bundle(case, definition(filings, exhibits=(ExhibitChoice(filings[0], label="P-1"),
                                                        ExhibitChoice(filings[1], label="p-1"))))
    with pytest.raises(BundleError, match="appears twice"):
        save_bundle(case, definition(filings, exhibits=(ExhibitChoice(filings[0]), ExhibitChoice(filings[0]))))
    with pytest.raises(BundleError, match="no document 999"):
        save_bundle(case, definition(filings, exhibits=(ExhibitChoice(999),)))
    assert list_bundles(case) == []


def test_preview_gives_labels_pages_and_bates_without_drawing(case, filings):
    plan = preview_bundle(case, definition(filings))
    rows = [(e.label, e.description, e.date, e.first_page, e.last_page, plan.bates_range(e)) for e in plan.exhibits]
    assert rows[0] == ("P-1", "Declaration of the records officer", rows[0][2], 1, 3, "HTU000001–HTU000003")
    # Exhibit labels continue the numbering by place; the override is the exhibit's own.
    assert [r[0] for r in rows] == ["P-1", "B", "C"]
    assert rows[1][2] == "2024-03-14" and rows[1][3:5] == (4, 5) and rows[2][5] == "HTU000006"
    assert plan.volumes == ()


def test_preview_splits_into_volumes_under_a_small_cap(case, filings):
    plan = preview_bundle(case, definition(filings, max_mb=0.1488))  # room for about 6 kB of exhibits per volume
    assert len(plan.volumes) >= 2
    assert [i for v in plan.volumes for i in v.exhibits] == [0, 1, 2]
    assert plan.exhibit_volume(0).name.startswith("Vol. 1 of")


def test_exported_index_shows_the_exhibits_own_labels_and_descriptions(case, filings, tmp_path):
    pymupdf = pytest.importorskip("pymupdf")
    from casebook.services.bundles import export_bundle

    report = export_bundle(case, definition(filings, date="2025-01-02"), tmp_path / "bundle.pdf")
    with pymupdf.open(report.path) as doc:
        text = " ".join(doc[i].get_text() for i in range(min(4, doc.page_count)))
    text = " ".join(unicodedata.normalize("NFKC", text).split())  # "ﬃ" ligatures as letters
    assert "P-1 Declaration of the records officer 1–3 HTU000001–HTU000003" in text
    assert "B Untitled document 2024-03-14 4–5" in text
    # The export saved the definition (dated), so it regenerates the same bundle.
    assert load_bundle(case, "Opposition exhibits").date == "2025-01-02"

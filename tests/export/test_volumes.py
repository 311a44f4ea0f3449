"""Bundles split into volumes at exhibit boundaries when a size cap applies (a small `max_mb` on the demo case)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from casebook.core.bundles import BundleError, ExhibitSource, court_profile
from casebook.export.plan import assign_volumes, move_last_exhibit, pack_volumes, page_labels, volume_plan
from casebook.export.plan import plan_bundle as lay_out_plan
from casebook.pdf.bundle_stamp import StampRegions
from casebook.services import bundle_preflight, bundle_volumes
from casebook.services.bundle_verify import BundleVerificationFailed
from casebook.services.bundles import export_bundle, preflight
from casebook.services.cases import open_case

from .conftest import demo_definition

CAP_MB = 0.17  # the demo bundle (about 0.19 MB whole) comes out as three volumes under this cap
CAP = int(CAP_MB * 1024 * 1024)


def _names(n: int) -> list[str]:
    return [f"Exhibits Vol. {k} of {n}.pdf" for k in range(1, n + 1)]


@pytest.fixture(scope="module")
def volumes(tmp_path_factory, demo_template):
    """The demo bundle exported twice under the small cap (same case state, so the same Bates range)."""
    root = tmp_path_factory.mktemp("volumes") / "case"
    shutil.copytree(demo_template, root)
    with open_case(root) as case:
        first = export_bundle(case, demo_definition(max_mb=CAP_MB), root / "one" / "Exhibits.pdf")
        second = export_bundle(case, demo_definition(max_mb=CAP_MB), root / "two" / "Exhibits.pdf")
        originals = {d: case.db.execute("SELECT sha256 FROM documents WHERE id = ?", [d]).fetchone()[0]
                     for d in (1, 2, 3, 4, 5)}
    docs = [pymupdf.open(v.path) for v in first.volumes]
    yield first, second, docs, originals
    for doc in docs:
        doc.close()


def _front(doc) -> int:
    return next(i for i in range(doc.page_count) if doc[i].get_label().isdigit())


def _stamp(page, region: str) -> str:
    regions = StampRegions.for_page(page.rect.width, page.rect.height)
    return page.get_text("text", clip=getattr(regions, region)).strip()


def test_volumes_are_named_after_the_output_and_each_is_under_the_measured_cap(volumes):
    report, _, _, _ = volumes
    assert report.verification.ok, report.verification.problems
    assert [v.path.name for v in report.volumes] == _names(3)
    assert sorted(p.name for p in report.path.parent.iterdir()) == sorted([*_names(3), "Exhibits.manifest.json"])
    for vol in report.volumes:
        assert vol.path.stat().st_size == vol.size <= CAP
    assert report.size == sum(v.size for v in report.volumes)


def test_exhibits_are_never_split_and_stamps_sit_in_their_volume(volumes):
    report, _, docs, _ = volumes
    held = [label for v in report.volumes for label in v.exhibits]
    assert held == ["A", "B", "C", "D", "E"]
    for vol, doc in zip(report.volumes, docs, strict=True):
        stamps = [_stamp(page, "exhibit") for page in doc if _stamp(page, "exhibit").startswith("EXHIBIT")]
        assert stamps == [f"EXHIBIT {label}" for label in vol.exhibits]


def test_page_numbers_and_labels_continue_across_volumes(volumes):
    report, _, docs, _ = volumes
    body_labels = []
    for vol, doc in zip(report.volumes, docs, strict=True):
        front = _front(doc)
        assert [doc[i].get_label() for i in range(front)] == ["i", "ii", "iii"][:front]
        for i in range(front, doc.page_count):
            label = doc[i].get_label()
            assert _stamp(doc[i], "page_number") == f"Page {label}"
            body_labels.append(int(label))
        assert int(doc[front].get_label()) == vol.first_page and int(doc[-1].get_label()) == vol.last_page
    assert body_labels == list(range(1, len(body_labels) + 1))


def test_bates_are_unique_and_consecutive_over_the_set(volumes):
    report, _, docs, _ = volumes
    read = [_stamp(page, "bates") for doc in docs for page in doc if _stamp(page, "bates")]
    assert read == [f"TRC{n:06d}" for n in range(1, 15)]
    assert report.bates == "TRC000001–TRC000014"
    assert [v.bates for v in report.volumes] == ["TRC000001–TRC000003", "TRC000004–TRC000011",
                                                 "TRC000012–TRC000014"]


def test_cover_names_the_volume_and_every_volume_has_the_full_index(volumes):
    report, _, docs, _ = volumes
    for vol, doc in zip(report.volumes, docs, strict=True):
        cover = doc[0].get_text()
        assert f"Volume {vol.number} of 3" in cover
        for label in "ABCDE":
            assert (f"\n{label}\n" in cover) == (label in vol.exhibits)
        index = doc[1].get_text()
        assert "Index of Exhibits" in index and "Vol." in index
        assert all(f"\n{label}\n" in index for label in "ABCDE")
        assert "Claim–evidence chart" in index
        # The index links this volume's own exhibits (and chart) and nothing in the other volumes.
        front = _front(doc)
        targets = {link["page"] for link in doc[1].get_links()}
        firsts = {front + doc_index for doc_index in _first_pages(doc, front)}
        assert firsts <= targets and all(front <= t < doc.page_count for t in targets)
        assert len(targets - firsts) == (1 if vol.chart else 0)


def _first_pages(doc, front: int) -> set[int]:
    return {i - front for i in range(front, doc.page_count) if _stamp(doc[i], "exhibit").startswith("EXHIBIT")}


def test_chart_is_in_the_last_volume_with_volume_cites_and_local_links_only(volumes):
    report, _, docs, _ = volumes
    assert [v.chart for v in report.volumes] == [False, False, True]
    assert all("Claim–Evidence Chart" not in page.get_text() for doc in docs[:2] for page in doc)
    last = docs[-1]
    chart_text = " ".join(last[i].get_text() for i in range(last.page_count)
                          if "Claim–Evidence Chart" in last[i].get_text() or i > _front(last) + 2)
    assert "Vol. 1 at 2; TRC000002" in chart_text and "Vol. 3 at 12; TRC000012" in chart_text
    for doc in docs:
        for page in doc:
            for link in page.get_links():
                assert link["kind"] == pymupdf.LINK_GOTO and 0 <= link["page"] < doc.page_count
    front = _front(last)
    chart_links = {link["page"] for page in list(last)[front:] for link in page.get_links()}
    assert chart_links and all(last[t].get_label() in {"12", "13", "14"} for t in chart_links)


def test_one_manifest_lists_volume_hashes_and_exhibit_originals(volumes):
    report, _, _, originals = volumes
    manifest = json.loads(report.manifest_path.read_text())
    assert report.manifest_path.name == "Exhibits.manifest.json"
    for entry, vol in zip(manifest["volumes"], report.volumes, strict=True):
        assert entry["file"] == vol.path.name
        assert entry["sha256"] == hashlib.sha256(vol.path.read_bytes()).hexdigest()
    exhibits = {e["label"]: e for e in manifest["exhibits"]}
    assert {e["document_id"]: e["original_sha256"] for e in exhibits.values()} == originals
    assert [exhibits[x]["volume"] for x in "ABCDE"] == [1, 2, 2, 3, 3]
    assert exhibits["B"]["bates"] == "TRC000004–TRC000009"
    assert manifest["verification"]["ok"] and manifest["max_file_bytes"] == CAP


def test_two_exports_are_byte_identical(volumes):
    first, second, _, _ = volumes
    assert [v.sha256 for v in first.volumes] == [v.sha256 for v in second.volumes]
    for a, b in zip(first.volumes, second.volumes, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()
    assert first.sha256 == second.sha256


def test_preflight_plans_the_volumes(demo_case):
    report = preflight(demo_case, demo_definition(max_mb=CAP_MB))
    assert report.ok and report.volumes == [["A"], ["B", "C"], ["D", "E"]]
    assert any("3 volumes" in note for note in report.notes)


def test_an_exhibit_too_big_alone_is_a_blocking_preflight_error(demo_case, tmp_path):
    report = preflight(demo_case, demo_definition(max_mb=0.05))
    assert not report.ok
    assert any(line.startswith("Exhibit A (") and "alone" in line for line in report.blocking)
    with pytest.raises(BundleError, match="Exhibit B"):
        export_bundle(demo_case, demo_definition(max_mb=0.05), tmp_path / "out" / "Exhibits.pdf")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_volume_measured_over_the_cap_hands_its_last_exhibit_on(demo_case, tmp_path, monkeypatch):
    # With no allowance for front matter, packing believes everything fits in one file; measuring proves not.
    monkeypatch.setattr(bundle_preflight, "VOLUME_OVERHEAD_BYTES", 0)
    cap_mb = 0.16
    report = export_bundle(demo_case, demo_definition(max_mb=cap_mb), tmp_path / "Exhibits.pdf")
    assert len(report.volumes) >= 2 and report.verification.ok
    assert all(v.size <= int(cap_mb * 1024 * 1024) for v in report.volumes)
    assert [x for v in report.volumes for x in v.exhibits] == ["A", "B", "C", "D", "E"]


def test_one_exhibit_measured_over_the_cap_fails_and_leaves_nothing(demo_case, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_preflight, "VOLUME_OVERHEAD_BYTES", 0)
    out = tmp_path / "out" / "Exhibits.pdf"
    with pytest.raises(BundleError, match=r"holds only Exhibit [A-E]|Exhibit [A-E] alone"):
        export_bundle(demo_case, demo_definition(max_mb=0.13), out)
    assert list(out.parent.iterdir()) == []


def test_failed_set_verification_leaves_nothing(demo_case, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_volumes, "verify_set", lambda *a, **k: ["planted problem"])
    out = tmp_path / "out" / "Exhibits.pdf"
    with pytest.raises(BundleVerificationFailed, match="planted problem"):
        export_bundle(demo_case, demo_definition(max_mb=CAP_MB), out)
    assert list(out.parent.iterdir()) == []


def test_a_bundle_under_the_cap_stays_one_file(demo_case, tmp_path):
    report = export_bundle(demo_case, demo_definition(profile="dcd"), tmp_path / "Exhibits.pdf")
    assert report.volumes == [] and report.path.name == "Exhibits.pdf"
    assert json.loads(report.manifest_path.read_text())["profile"] == "dcd"


def test_cli_max_mb_writes_volumes(demo_case, tmp_path):
    from casebook.cli.main import cli

    root = str(demo_case.layout.root)
    demo_case.close()
    out = tmp_path / "filing" / "Appendix.pdf"
    result = CliRunner().invoke(cli, ["--case", root, "export", "bundle", "--exhibit", "3,1,2,4,5",
                                      "--bates-prefix", "TRC", "--date", "2026-02-20", "--profile", "dcd",
                                      "--max-mb", str(CAP_MB), "--out", str(out), "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [Path(v["path"]).name for v in data["volumes"]] == [f"Appendix Vol. {k} of 3.pdf" for k in (1, 2, 3)]
    assert data["verification"]["ok"] and (out.parent / "Appendix.manifest.json").exists()


# --- planning, without PDFs ----------------------------------------------------------------------------------------

def test_pack_and_move_keep_exhibits_whole_and_in_order():
    assert pack_volumes([40, 40, 40, 10], 100) == [(0, 1), (2, 3)]
    assert pack_volumes([150, 10], 100) == [(0,), (1,)]  # too big alone still gets a volume (pre-flight blocks)
    assert pack_volumes([30, 30], 100, overhead=50) == [(0,), (1,)]
    assert move_last_exhibit([(0, 1, 2), (3,)], 0) == [(0, 1), (2, 3)]
    assert move_last_exhibit([(0, 1)], 0) == [(0,), (1,)]
    with pytest.raises(BundleError):
        move_last_exhibit([(0,), (1,)], 0)


def test_volume_plans_keep_bundle_numbers_and_labels_continue():
    sources = [ExhibitSource(i, f"Doc {i}", "filing", "2026-01-0{i}", f"{i:064d}", pages) for i, pages in
               ((1, 3), (2, 4), (3, 2))]
    plan = lay_out_plan(demo_definition(exhibits=tuple(demo_definition().exhibits[:3]), max_mb=1), sources,
                        bates_first=100, chart_pages=2)
    assert plan.profile.max_file_bytes == 1024 * 1024 and court_profile("default").max_file_bytes is None
    split = assign_volumes(plan, [(0,), (1, 2)])
    one, two = volume_plan(split, 1), volume_plan(split, 2)
    assert (one.first_number, one.last_page, one.chart_pages) == (1, 3, 0)
    assert (two.first_number, two.last_page, two.chart_first, two.chart_pages) == (4, 11, 10, 2)
    assert [p.bates for p in two.pages if p.bates] == list(range(103, 109))
    assert page_labels(3, two.first_number) == [(0, "r", 1), (3, "D", 4)]
    with pytest.raises(BundleError):
        assign_volumes(plan, [(1,), (0, 2)])


def test_a_timeline_appendix_follows_the_chart_in_the_last_volume(demo_case, tmp_path):
    cap_mb = 0.25  # the timeline figure embeds its own fonts: the last volume needs more room
    report = export_bundle(demo_case, demo_definition(max_mb=cap_mb, timeline=True), tmp_path / "Exhibits.pdf")
    assert report.verification.ok, report.verification.problems
    assert len(report.volumes) >= 2
    assert all(v.size <= cap_mb * 1024 * 1024 for v in report.volumes)
    with pymupdf.open(report.volumes[-1].path) as last:
        toc = last.get_toc()
        assert [title for _, title, _ in toc[-2:]] == ["Claim–Evidence Chart", "Timeline"]
        assert toc[-1][2] == last.page_count and last[-1].get_text().startswith("Timeline")
    for volume in report.volumes[:-1]:
        with pymupdf.open(volume.path) as doc:
            assert "Timeline" not in [title for _, title, _ in doc.get_toc()]

"""The disk fills up during import and during export (packing): a clear error, a consistent case, no partial file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.robustness.conftest import bundles_available, fill_disk, run_cli


def _exhibits(folder: Path, count: int, *, mb: int) -> Path:
    """PDFs with an incompressible image, so each takes about `mb` MB in the vault."""
    import os

    import pymupdf

    folder.mkdir()
    side = int((mb * 1024 * 1024 // 3) ** 0.5)
    for i in range(count):
        doc = pymupdf.open()
        page = doc.new_page()
        page.insert_text((72, 72), f"Exhibit {i}: photograph of the intake ledger, page {i}")
        ppm = f"P6 {side} {side} 255\n".encode() + os.urandom(side * side * 3)
        page.insert_image(pymupdf.Rect(72, 100, 540, 700), stream=ppm)
        doc.save(folder / f"exhibit-{i:02}.pdf")
        doc.close()
    return folder


def test_disk_full_during_import_stops_plainly_and_keeps_the_case_whole(small_disk, tmp_path):
    root = small_disk / "case"
    run_cli("new", root, "--title", "Full disk")
    batch = _exhibits(tmp_path / "batch", 6, mb=2)
    fill_disk(small_disk, leave=5 * 1024 * 1024)  # room for about two exhibits, not six
    result = run_cli("--case", root, "import", batch, check=False)
    assert result.returncode == 2, result.stderr
    message = result.stderr.strip().splitlines()
    assert len(message) == 1 and "Traceback" not in result.stderr
    assert "No space left on device" in message[0] or "disk holding the case is full" in message[0]
    (small_disk / "filler.bin").unlink()
    verified = run_cli("--case", root, "verify")
    assert "no problems found" in verified.stdout
    listed = run_cli("--case", root, "list", "--json").stdout
    kept = listed.count('"sha256"')
    assert 1 <= kept < 6
    assert not list((root / "originals").glob(".incoming-*"))
    run_cli("--case", root, "import", batch)  # with space again, the rest of the batch goes in
    assert run_cli("--case", root, "list", "--json").stdout.count('"sha256"') == 6


def test_disk_full_while_packing_leaves_no_archive_and_no_temporary_files(small_disk, demo_copy, tmp_path):
    from casebook.services.cases import open_case
    from casebook.services.importing import import_paths

    with open_case(demo_copy) as case:
        assert not import_paths(case, [_exhibits(tmp_path / "batch", 4, mb=3)]).failed
    out_dir = small_disk / "transfer"
    out_dir.mkdir()
    fill_disk(small_disk, leave=5 * 1024 * 1024)  # the archive needs about 13 MB
    result = run_cli("--case", demo_copy, "pack", "--out", out_dir / "case.casebook.zip", check=False)
    assert result.returncode == 2
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert list(out_dir.iterdir()) == []
    assert "no problems found" in run_cli("--case", demo_copy, "verify").stdout


def test_unpacking_onto_a_full_disk_is_refused_before_writing(small_disk, demo_copy, tmp_path):
    archive = tmp_path / "demo.casebook.zip"
    run_cli("--case", demo_copy, "pack", "--out", archive)
    fill_disk(small_disk, leave=2 * 1024 * 1024)
    result = run_cli("unpack", archive, small_disk / "case", check=False)
    assert result.returncode == 2 and "not enough free space" in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler.bin", "lost+found"]


@pytest.mark.skipif(not bundles_available(), reason="the export-bundle service is not in this tree yet")
def test_disk_full_during_bundle_export_leaves_no_partial_bundle(small_disk, demo_copy):
    out_dir = small_disk / "bundles"
    out_dir.mkdir()
    fill_disk(small_disk, leave=64 * 1024)
    result = run_cli("--case", demo_copy, "export", "bundle", "--exhibit", "1,2,3", "--date", "2026-02-20",
                     "--out", out_dir / "bundle.pdf", check=False)
    assert result.returncode == 2, result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(out_dir.iterdir()) == []
    assert "unexpected internal error" not in result.stderr
    assert "no problems found" in run_cli("--case", demo_copy, "verify").stdout

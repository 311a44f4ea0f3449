"""`casebook pack` / `unpack`: one file with a SHA-256 manifest; unpacking checks everything and refuses tricks."""

from __future__ import annotations

import hashlib
import json
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from casebook.core.errors import CaseError
from casebook.store.archive import MANIFEST_NAME
from tests.robustness.conftest import run_cli


@pytest.fixture
def packed(tmp_path, demo_copy) -> Path:
    from casebook.services.archive import pack_case
    from casebook.services.cases import open_case

    with open_case(demo_copy) as case:
        return pack_case(case, out=tmp_path / "demo.casebook.zip").archive


def _rewrite(source: Path, target: Path, *, edit=None, extra: list[tuple[zipfile.ZipInfo | str, bytes]] = (),
             manifest_extra: list[dict] = ()) -> Path:
    """Copy an archive member by member, optionally editing members and adding entries to the manifest."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        manifest = json.loads(src.read(MANIFEST_NAME))
        manifest["files"].extend(manifest_extra)
        for info in src.infolist():
            data = src.read(info)
            if info.filename == MANIFEST_NAME:
                data = json.dumps(manifest).encode()
            elif edit is not None:
                data = edit(info.filename, data)
            dst.writestr(info, data)
        for info, data in extra:
            dst.writestr(info, data)
    return target


def _entry(name: str, data: bytes) -> dict:
    return {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def test_pack_then_unpack_gives_the_same_case(tmp_path, demo_copy, packed):
    from casebook.services.archive import unpack_case
    from casebook.services.cases import open_case
    from casebook.services.search import search
    from casebook.services.verify import verify_case

    with zipfile.ZipFile(packed) as zf:
        manifest = json.loads(zf.read(MANIFEST_NAME))
        names = {i.filename for i in zf.infolist()}
        for entry in manifest["files"]:
            assert hashlib.sha256(zf.read(entry["path"])).hexdigest() == entry["sha256"]
    assert names == {e["path"] for e in manifest["files"]} | {MANIFEST_NAME}
    assert "casebook.sqlite" in names and not any(n.startswith(("index/", "backups/")) for n in names)
    result = unpack_case(packed, tmp_path / "copy")
    assert result.documents == 6
    with open_case(demo_copy) as original, open_case(tmp_path / "copy") as copy:
        for table in ("documents", "pages", "excerpts", "claims", "links", "history"):
            query = f"SELECT count(*) FROM {table}"
            assert copy.db.execute(query).fetchone()[0] == original.db.execute(query).fetchone()[0], table
        actions = [r[0] for r in copy.db.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")]
        assert actions == ["case.unpack"]
        assert verify_case(copy).ok
        assert search(copy, "taxpayer").total == search(original, "taxpayer").total
        for original_file in (tmp_path / "copy" / "originals").rglob("*"):
            if original_file.is_file():
                assert not original_file.stat().st_mode & stat.S_IWUSR  # read-only, as in the vault
        last = original.db.execute("SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        assert last[0] == "case.pack" and hashlib.sha256(packed.read_bytes()).hexdigest() in last[1]


def test_the_snapshot_is_consistent_while_another_window_writes(tmp_path, demo_copy):
    """The store is copied with the backup API: a writer busy during the pack never yields a torn copy."""
    from casebook.services import evidence
    from casebook.services.archive import pack_case, unpack_case
    from casebook.services.cases import open_case

    stop = threading.Event()

    def keep_writing() -> None:
        with open_case(demo_copy) as other:
            while not stop.is_set():
                evidence.add_claim(other, "Written during the pack")

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        with open_case(demo_copy) as case:
            archives = [pack_case(case, out=tmp_path / f"pack-{i}.zip").archive for i in range(3)]
    finally:
        stop.set()
        writer.join()
    for i, archive in enumerate(archives):
        unpack_case(archive, tmp_path / f"copy-{i}")  # checks integrity and the audit chain, else refuses


@pytest.mark.parametrize("name", ["../escaped.txt", "exports/../../escaped.txt", "/etc/escaped", "C:/escaped",
                                  "exports\\..\\escaped", "exports/./x", "exports//x"])
def test_path_traversal_and_absolute_paths_are_refused(tmp_path, packed, name):
    from casebook.services.archive import unpack_case

    bad = _rewrite(packed, tmp_path / "bad.zip", extra=[(name, b"payload")], manifest_extra=[_entry(name, b"x")])
    with pytest.raises(CaseError, match="refused"):
        unpack_case(bad, tmp_path / "dest")
    assert not (tmp_path / "dest").exists() and not (tmp_path / "escaped.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("kind", [stat.S_IFLNK, stat.S_IFCHR, stat.S_IFBLK, stat.S_IFIFO])
def test_links_and_device_files_are_refused(tmp_path, packed, kind):
    from casebook.services.archive import unpack_case

    info = zipfile.ZipInfo("exports/innocent.txt")
    info.external_attr = (kind | 0o777) << 16
    target = b"/etc/passwd"
    bad = _rewrite(packed, tmp_path / "bad.zip", extra=[(info, target)],
                   manifest_extra=[_entry("exports/innocent.txt", target)])
    with pytest.raises(CaseError, match=r"link|device|pipe"):
        unpack_case(bad, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_a_tampered_file_fails_its_hash_and_nothing_is_left(tmp_path, packed):
    from casebook.services.archive import unpack_case

    def flip(name: str, data: bytes) -> bytes:
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("originals/") else data

    bad = _rewrite(packed, tmp_path / "bad.zip", edit=flip)
    with pytest.raises(CaseError, match="does not match the SHA-256"):
        unpack_case(bad, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()
    assert not [p for p in tmp_path.iterdir() if ".unpacking-" in p.name]


def test_unlisted_members_duplicates_and_bombs_are_refused(tmp_path, packed):
    from casebook.services.archive import unpack_case

    unlisted = _rewrite(packed, tmp_path / "unlisted.zip", extra=[("exports/extra.txt", b"not in the manifest")])
    with pytest.raises(CaseError, match="not in its manifest"):
        unpack_case(unlisted, tmp_path / "a")
    stray = _rewrite(packed, tmp_path / "stray.zip", extra=[("notes/x.txt", b"x")],
                     manifest_extra=[_entry("notes/x.txt", b"x")])
    with pytest.raises(CaseError, match="not part of a case"):
        unpack_case(stray, tmp_path / "b")
    bomb_data = b"\0" * (8 * 1024 * 1024)
    info = zipfile.ZipInfo("exports/bomb.bin")
    info.compress_type = zipfile.ZIP_DEFLATED
    bomb = _rewrite(packed, tmp_path / "bomb.zip", extra=[(info, bomb_data)],
                    manifest_extra=[{"path": "exports/bomb.bin", "sha256": "0" * 64, "size": 1024}])
    with pytest.raises(CaseError, match="larger than its manifest says"):
        unpack_case(bomb, tmp_path / "c")
    assert not any((tmp_path / d).exists() for d in "abc")


def test_unpack_never_overwrites_an_existing_case_or_folder(tmp_path, demo_copy, packed):
    from casebook.services.archive import unpack_case

    with pytest.raises(CaseError, match="a case already exists here"):
        unpack_case(packed, demo_copy)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(CaseError, match="not empty"):
        unpack_case(packed, busy)
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert unpack_case(packed, empty).case == empty


def test_not_an_archive_and_a_pack_over_an_existing_file_are_plain_errors(tmp_path, demo_copy, packed):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = run_cli("unpack", junk, tmp_path / "dest", check=False)
    assert result.returncode == 2 and "not a Casebook case archive" in result.stderr
    result = run_cli("--case", demo_copy, "pack", "--out", packed, check=False)
    assert result.returncode == 2 and "already exists" in result.stderr


def test_cli_pack_and_unpack_round_trip(tmp_path, demo_copy):
    out = tmp_path / "transfer" / "demo.casebook.zip"
    packed = json.loads(run_cli("--case", demo_copy, "pack", "--out", out, "--json").stdout)
    assert packed["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    unpacked = json.loads(run_cli("unpack", out, tmp_path / "received", "--json").stdout)
    assert unpacked["documents"] == 6
    assert "no problems found" in run_cli("--case", tmp_path / "received", "verify").stdout

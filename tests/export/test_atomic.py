"""The one atomic writer: the real name holds either the old file or the complete new one, never half."""

from __future__ import annotations

import pytest

from casebook.export.atomic import replacing, write_text_atomically


def test_text_is_written_whole_with_its_own_newlines(tmp_path):
    target = write_text_atomically(tmp_path / "a" / "chart.csv", "No.,Claim\r\n1,Signed\r\n")
    assert target.read_bytes() == b"No.,Claim\r\n1,Signed\r\n"
    assert [p.name for p in target.parent.iterdir()] == ["chart.csv"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "chronology.md"
    target.write_text("the previous export")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half of the new")
        raise RuntimeError("disk full")
    assert target.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["chronology.md"]

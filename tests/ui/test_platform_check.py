"""A Qt platform plugin that cannot load is one line naming what to install, and exit 2, never an abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.ui import platform_check
from casebook.ui.platform_check import check_platform, debian_package_for, requested_platform


def test_debian_package_names_follow_the_naming_policy() -> None:
    assert debian_package_for("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package_for("libxcb-keysyms.so.1") == "libxcb-keysyms1"
    assert debian_package_for("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert debian_package_for("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package_for("libEGL.so.1") == "libegl1"


def test_platform_from_arguments_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert requested_platform(["casebook"]) == "offscreen"
    assert requested_platform(["casebook", "-platform", "xcb"]) == "xcb"
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":0")
    if sys.platform.startswith("linux"):
        assert requested_platform([]) == "xcb"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland checks are Linux-only")
def test_missing_libraries_are_named_with_their_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(platform_check, "missing_libraries",
                        lambda plugin: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    problem = check_platform([])
    assert problem is not None
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1" in problem.message
    assert "--platform offscreen" in problem.message
    assert "\n" not in problem.message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland checks are Linux-only")
def test_no_display_is_a_problem_and_offscreen_never_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    problem = check_platform([])
    assert problem is not None and "DISPLAY" in problem.message
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert check_platform([]) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland checks are Linux-only")
def test_casebook_app_without_a_usable_xcb_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run([sys.executable, "-m", "casebook.cli.main", "app", "--case", str(tmp_path / "none")],
                            env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("casebook: error: ")
    assert "--platform offscreen" in lines[0]

"""The frozen Casebook: build it with packaging/build.sh, unpack its .deb, and use it with no venv in sight."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook import __version__

pytestmark = [pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
CORPUS_PDFS = REPO.parent / "shared" / "corpus" / "court_pdfs"
PREFERRED_PDF = "cl_ca3_clerk-letter_21-2728.pdf"  # a short text-layer filing; any corpus PDF would do
APP_SECONDS = 10
# What Qt or Python print when the app is in trouble (an X warning Xvfb causes is not one of these).
TROUBLE = re.compile(r"Traceback|Error|error:|Could not load|Aborted|Fatal|core dumped", re.I)


def _requirements() -> str | None:
    if not sys.platform.startswith("linux"):
        return "the .deb build is Linux-only"
    for tool in ("dpkg-deb", "Xvfb"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (bash packaging/system-packages.sh)"
    probe = subprocess.run([sys.executable, "-m", "PyInstaller", "--version"], capture_output=True, check=False)
    if probe.returncode != 0:
        return "PyInstaller is not installed (pip install -e '.[build]')"
    return None


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb that packaging/build.sh builds (with its one-folder app) in a temporary folder."""
    reason = _requirements()
    if reason:
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("frozen")
    deb = os.environ.get("CASEBOOK_FROZEN_DEB")  # a .deb built beforehand, to skip the build when iterating
    if not deb:
        env = {**os.environ, "PYTHON": sys.executable, "DIST": str(work / "dist"), "WORK": str(work / "build")}
        started = time.monotonic()
        build = subprocess.run(["bash", str(REPO / "packaging" / "build.sh")], cwd=REPO, env=env,
                               capture_output=True, text=True, timeout=900, check=False)
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        print(f"build.sh took {time.monotonic() - started:.0f} s")
        assert (work / "dist" / "casebook" / "casebook").is_file()
        debs = sorted((work / "dist").glob("casebook_*.deb"))
        assert len(debs) == 1, debs
        deb = str(debs[0])
    return Path(deb)


@pytest.fixture(scope="module")
def installed(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb unpacked into a temporary prefix (as dpkg would install it under /); returns the prefix."""
    prefix = tmp_path_factory.mktemp("prefix")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(prefix)], check=True, timeout=300)
    return prefix


def _clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A user's environment: no venv, no PYTHONPATH, no source checkout on any path."""
    home.mkdir(parents=True, exist_ok=True)
    return {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", **extra}


def _run(prefix: Path, home: Path, *args: str, timeout: float = 300, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(prefix / "opt" / "casebook" / "casebook"), *args], cwd=home,
                          env=_clean_env(home, **extra), capture_output=True, text=True, timeout=timeout, check=False)


def test_the_deb_installs_the_command_desktop_entry_and_icons(deb: Path, installed: Path) -> None:
    control = subprocess.run(["dpkg-deb", "-f", str(deb), "Version", "Package"], capture_output=True, text=True,
                             check=True).stdout
    assert f"Version: {__version__}" in control and "Package: casebook" in control
    assert os.readlink(installed / "usr" / "bin" / "casebook") == "/opt/casebook/casebook"
    desktop = (installed / "usr" / "share" / "applications" / "casebook.desktop").read_text()
    assert "Exec=/opt/casebook/casebook app" in desktop and "Icon=casebook" in desktop
    for size in (16, 48, 256):
        icon = installed / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "casebook.png"
        assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bundled = installed / "opt" / "casebook" / "_internal"
    assert (bundled / "casebook" / "_resources" / "demo" / "case.json").is_file()
    assert (bundled / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so").is_file()
    assert not list(bundled.rglob("libqgtk3.so")) and not list(bundled.rglob("libstdc++.so*"))


def test_frozen_cli_demo_import_search_and_bundle(installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    version = _run(installed, home, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"casebook, version {__version__}"

    case = tmp_path / "Demo"
    demo = _run(installed, home, "demo", str(case))
    assert demo.returncode == 0, demo.stderr
    listed = json.loads(_run(installed, home, "--case", str(case), "list", "--json").stdout)
    assert len(listed) >= 5

    if not CORPUS_PDFS.is_dir():
        pytest.skip("the shared corpus is not present")
    pdf = CORPUS_PDFS / PREFERRED_PDF
    pdf = pdf if pdf.is_file() else sorted(CORPUS_PDFS.glob("*.pdf"))[0]
    # The PDF is read by the spawned worker process: the frozen executable must re-enter as that child.
    result = _run(installed, home, "--case", str(case), "import", "--json", str(pdf))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["failed"] == [] and len(summary["imported"]) == 1
    doc_id = summary["imported"][0]["document_id"]

    shown = json.loads(_run(installed, home, "--case", str(case), "show", str(doc_id), "--json").stdout)
    words = re.findall(r"[A-Za-z]{8,}", shown["text"])
    assert words, "the imported PDF has no text"
    term = max(words, key=lambda w: (len(w), w)).lower()
    found = json.loads(_run(installed, home, "--case", str(case), "search", term, "--json").stdout)
    assert any(hit["document_id"] == doc_id for hit in found["hits"]), (term, found["total"])

    out = tmp_path / "bundle.pdf"
    bundle = _run(installed, home, "--case", str(case), "export", "bundle", "--exhibit", str(doc_id),
                  "--exhibit", str(listed[0]["id"]), "--out", str(out))
    assert bundle.returncode == 0, bundle.stderr
    assert out.read_bytes()[:5] == b"%PDF-" and out.stat().st_size > 10_000

    # No Tesseract on the PATH: OCR says how to install it, in one line.
    no_ocr = _run(installed, home, "--case", str(case), "ocr", "--mode", "redo-all", str(doc_id),
                  PATH=str(tmp_path / "empty-bin"))
    assert no_ocr.returncode == 2 and "install" in no_ocr.stderr.lower() and "Traceback" not in no_ocr.stderr


def test_frozen_app_without_a_display_says_so_in_one_line(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, tmp_path / "home", "app", QT_QPA_PLATFORM="xcb", timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "display" in result.stderr


def test_frozen_app_builds_and_opens_the_demo_on_first_start_under_xcb(installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            display = pipe.readline().strip()  # Xvfb picks a free display number and writes it here when ready
        assert display.isdigit(), "Xvfb did not start"
        app = subprocess.Popen([str(installed / "opt" / "casebook" / "casebook"), "app", "--first-start", "demo"],
                               cwd=home,
                               env=_clean_env(home, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            stdout, stderr = app.communicate(timeout=APP_SECONDS)
            pytest.fail(f"the app exited with {app.returncode} within {APP_SECONDS} s: {stderr[-2000:]}")
        except subprocess.TimeoutExpired:
            app.terminate()
            stdout, stderr = app.communicate(timeout=30)
        assert not TROUBLE.search(stdout + stderr), stdout + stderr
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)
    demo = home / "Documents" / "Casebook Demo Case"
    assert (demo / "casebook.sqlite").is_file(), "the demo case was not built on first start"
    settings = (home / ".config" / "Casebook" / "Casebook.conf").read_text()
    assert f"last={demo}" in settings, "the demo case was not opened"

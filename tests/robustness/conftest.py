"""Fixtures for the robustness tests: the demo case, a network tripwire (in-process and for child processes),
running the real `casebook` command, and a small file system of our own to fill up."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
CLI = [sys.executable, "-m", "casebook.cli.main"]

# Installed in every Python process started with the guard folder on PYTHONPATH (the CLI and its PDF worker).
SITECUSTOMIZE = '''
import os, socket, traceback

_LOG = os.environ.get("CASEBOOK_NET_LOG")


def _refuse(name):
    def refuse(*args, **kwargs):
        if _LOG:
            with open(_LOG, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {name} {args[1:] if name.startswith('socket.') else args!r}\\n")
                handle.write("".join(traceback.format_stack(limit=8)) + "\\n")
        raise OSError(f"network connection attempted ({name}) while Casebook must be offline")
    return refuse


socket.socket.connect = _refuse("socket.connect")
socket.socket.connect_ex = _refuse("socket.connect_ex")
socket.create_connection = _refuse("create_connection")
socket.getaddrinfo = _refuse("getaddrinfo")
'''


class NetworkAttempt(AssertionError):
    """Raised (and recorded) when code under test tries to reach the network."""


@pytest.fixture
def network_guard(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict]:
    """Refuse every connection in this process and in every child process; the test fails if any was tried.

    Yields the environment for subprocesses (PYTHONPATH with the guarding sitecustomize, and its log file).
    """
    attempts: list[str] = []

    def refuse(name: str):
        def guard(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args!r}")
            raise NetworkAttempt(f"network connection attempted: {name}{args!r}")
        return guard

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    guard_dir = tmp_path / "netguard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network-attempts.log"
    pythonpath = os.pathsep.join(p for p in (str(guard_dir), str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    # Children this process spawns (the PDF worker) inherit the guard through the environment too.
    monkeypatch.setenv("PYTHONPATH", pythonpath)
    monkeypatch.setenv("CASEBOOK_NET_LOG", str(log))
    env = {**os.environ, "PYTHONPATH": pythonpath, "CASEBOOK_NET_LOG": str(log)}
    state = {"env": env, "log": log, "attempts": attempts}
    yield state
    recorded = log.read_text(encoding="utf-8") if log.exists() else ""
    assert not attempts, f"network connections were attempted in-process: {attempts}"
    assert not recorded, f"network connections were attempted by a child process:\n{recorded}"


def run_cli(*args: str | Path, env: dict | None = None, timeout: float = 120, check: bool = True,
            **kwargs) -> subprocess.CompletedProcess:
    """Run the real `casebook` command; returns the finished process (stdout and stderr as text)."""
    proc = subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=env or {**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO, **kwargs)
    if check and proc.returncode != 0:
        raise AssertionError(f"casebook {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo case, built once; tests copy it (building it renders PDFs and spawns the PDF worker)."""
    from casebook.services.demo import build_demo

    root = tmp_path_factory.mktemp("demo-template") / "case"
    summary = build_demo(root)
    assert not summary.failed, summary.failed
    return root


@pytest.fixture
def demo_copy(tmp_path: Path, demo_template: Path) -> Path:
    root = tmp_path / "demo case"
    shutil.copytree(demo_template, root)
    return root


@pytest.fixture
def corpus() -> Path:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip("the shared corpus is not present")
    return CORPUS


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB ext4 file system mounted on a loop device (skips where mounting is not permitted)."""
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("mkfs.ext4"):
        pytest.skip("needs root and mkfs.ext4 to mount a small file system")
    image = tmp_path / "disk.img"
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    with open(image, "wb") as handle:
        handle.truncate(24 * 1024 * 1024)
    made = subprocess.run(["mkfs.ext4", "-q", "-F", "-m", "0", str(image)], capture_output=True)
    mounted = made.returncode == 0 and subprocess.run(
        ["mount", "-o", "loop", str(image), str(mount)], capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("mounting a loop file system is not permitted here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill_disk(folder: Path, *, leave: int = 0) -> Path:
    """Fill the file system holding `folder`, leaving about `leave` bytes free; returns the filler file."""
    filler = folder / "filler.bin"
    with open(filler, "ab") as handle:
        while True:
            free = shutil.disk_usage(folder).free
            step = min(free - leave, 4 * 1024 * 1024)
            if step <= 0:
                break
            try:
                handle.write(b"\0" * step)
                handle.flush()
            except OSError:
                break
    return filler


def read_only_mount(source: Path, target: Path) -> bool:
    """Bind-mount `source` read-only at `target` (as root a chmod is not enough); False when not permitted."""
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    target.mkdir()
    if subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True).returncode != 0:
        return False
    if subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], capture_output=True).returncode != 0:
        subprocess.run(["umount", str(target)], capture_output=True)
        return False
    return True


def bundles_available() -> bool:
    try:
        from casebook.services import bundles  # noqa: F401
    except ImportError:
        return False
    return True


def export_demo_bundle(case, out: Path):
    """Export the demo case's filings as a bundle with the export service (skips where it is absent)."""
    if not bundles_available():
        pytest.skip("casebook.services.bundles is not in this tree")
    from casebook.core.bundles import BundleDefinition, ExhibitChoice
    from casebook.services.bundles import export_bundle

    definition = BundleDefinition(exhibits=tuple(ExhibitChoice(d) for d in (1, 2, 3)), name="robustness",
                                  date="2026-02-20")
    return export_bundle(case, definition, out)

"""Before Qt starts: can its platform plugin load here? If not, say which system packages are missing."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Platforms that need no display server and no extra system libraries beyond Qt's own.
_HEADLESS = frozenset({"offscreen", "minimal", "vnc"})
_NOT_FOUND = re.compile(r"^\s*(?P<lib>\S+\.so[.\d]*)\s*=>\s*not found", re.M)


@dataclass(frozen=True)
class PlatformProblem:
    """Why the Qt platform plugin cannot start, as one line a user can act on."""

    message: str


def requested_platform(argv: list[str] | None = None) -> str:
    """The platform Qt will try: `-platform NAME` on the command line, else QT_QPA_PLATFORM, else the OS default."""
    args = argv or []
    for flag in ("-platform", "--platform"):
        if flag in args[:-1]:
            return args[args.index(flag) + 1].split(":", 1)[0]
    env = os.environ.get("QT_QPA_PLATFORM", "").split(";", 1)[0].split(":", 1)[0].strip()
    if env:
        return env
    if sys.platform.startswith("linux"):
        return "wayland" if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY") else "xcb"
    return {"darwin": "cocoa", "win32": "windows"}.get(sys.platform, "")


def debian_package_for(soname: str) -> str:
    """Debian's package for a shared library by its naming policy: libxcb-icccm.so.4 → libxcb-icccm4."""
    match = re.match(r"^(?P<name>lib[\w+.-]+?)\.so\.(?P<version>\d+)", soname)
    if not match:
        return soname
    name, version = match.group("name"), match.group("version")
    name = name.replace("_", "-").lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def _plugin_path(platform: str) -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    candidate = root / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
    return candidate if candidate.is_file() else None


def missing_libraries(plugin: Path) -> list[str]:
    """Shared libraries the plugin (or a Qt library it loads) needs and this system lacks, per `ldd`."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(_NOT_FOUND.findall(out)))


def check_platform(argv: list[str] | None = None) -> PlatformProblem | None:
    """None when Qt's platform plugin should load; otherwise the problem, naming packages and the escape hatch."""
    platform = requested_platform(argv)
    if not sys.platform.startswith("linux") or platform in _HEADLESS or not platform:
        return None
    escape = "or run `casebook app --platform offscreen` to start without a screen"
    if platform == "xcb" and not os.environ.get("DISPLAY"):
        return PlatformProblem(f"no X display to open the window on (DISPLAY is not set); start Casebook from a "
                               f"desktop session, {escape}")
    if platform == "wayland" and not os.environ.get("WAYLAND_DISPLAY"):
        return PlatformProblem(f"no Wayland display to open the window on (WAYLAND_DISPLAY is not set); {escape}")
    plugin = _plugin_path(platform)
    if plugin is None:
        return None if platform in ("xcb", "wayland") else PlatformProblem(
            f"Qt has no platform plugin named {platform!r}; {escape}")
    missing = missing_libraries(plugin)
    if not missing:
        return None
    packages = " ".join(sorted({debian_package_for(lib) for lib in missing}))
    return PlatformProblem(
        f"the Qt {platform} platform plugin cannot load: missing system libraries {', '.join(missing)}; "
        f"install them with `sudo apt-get install {packages}`, {escape}"
    )

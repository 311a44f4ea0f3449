"""Locating the resources shipped with Casebook (the demo case), installed or from a source checkout."""

from __future__ import annotations

from pathlib import Path

import casebook


def resources_root() -> Path:
    """The resources folder: packaged as casebook/_resources in a wheel, or resources/ in a checkout."""
    package = Path(casebook.__file__).resolve().parent
    for candidate in (package / "_resources", package.parent / "resources"):
        if (candidate / "demo" / "case.json").is_file():
            return candidate
    raise FileNotFoundError(f"Casebook's resources are missing (looked in {package / '_resources'} and "
                            f"{package.parent / 'resources'}); reinstall Casebook")

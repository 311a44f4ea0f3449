"""Per-user settings kept with QSettings in the platform's standard place: recent cases, theme, layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8
ORGANIZATION = "Casebook"
APPLICATION = "Casebook"


def default_settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def recent_cases(settings: QSettings) -> list[Path]:
    return [Path(p) for p in _as_list(settings.value("cases/recent"))]


def add_recent_case(settings: QSettings, path: Path) -> list[Path]:
    paths = [str(path)] + [p for p in _as_list(settings.value("cases/recent")) if p != str(path)]
    settings.setValue("cases/recent", paths[:MAX_RECENT])
    settings.setValue("cases/last", str(path))
    return [Path(p) for p in paths[:MAX_RECENT]]


def last_case(settings: QSettings) -> Path | None:
    value = settings.value("cases/last")
    return Path(str(value)) if value else None


def theme(settings: QSettings) -> str:
    return str(settings.value("view/theme", "system"))

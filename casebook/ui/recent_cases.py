"""Recent cases: remembered with their titles, listed on File › Open Recent (Alt+F, R, 1–8) and at first start."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

from casebook.ui import settings as user_settings

TITLES_KEY = "cases/titles"


def remember_title(settings: QSettings, path: Path, title: str) -> None:
    titles = dict(settings.value(TITLES_KEY) or {})
    titles[str(path)] = title
    keep = {str(p) for p in user_settings.recent_cases(settings)} | {str(path)}
    settings.setValue(TITLES_KEY, {k: v for k, v in titles.items() if k in keep})


def recent_entries(settings: QSettings) -> list[tuple[Path, str, bool]]:
    """(folder, title, still there) for each recent case, newest first."""
    titles = dict(settings.value(TITLES_KEY) or {})
    return [(p, str(titles.get(str(p)) or p.name), p.is_dir()) for p in user_settings.recent_cases(settings)]


def entry_text(number: int, title: str, path: Path) -> str:
    return f"&{number} {title.replace('&', '&&')} — {path}"


def fill_recent_menu(menu: QMenu, settings: QSettings, open_case: Callable[[Path], None]) -> None:
    """Numbered entries (the number is the menu's keyboard mnemonic); a moved or deleted case is shown disabled."""
    menu.clear()
    for number, (path, title, exists) in enumerate(recent_entries(settings), start=1):
        action = menu.addAction(entry_text(number, title, path) + ("" if exists else " (missing)"))
        action.setToolTip(str(path))
        action.setEnabled(exists)
        action.triggered.connect(lambda _=False, p=path: open_case(p))
    if menu.isEmpty():
        menu.addAction("(no recent cases)").setEnabled(False)


def existing_recent(settings: QSettings) -> Sequence[tuple[Path, str]]:
    return [(p, t) for p, t, exists in recent_entries(settings) if exists]

"""Fonts for every script: find (or load a bundled) font with CJK glyphs and make it the UI font's fallback.

Korean and Chinese article titles otherwise show as empty boxes where the default UI font has no such glyphs and
fontconfig offers no fallback (offscreen, minimal Linux installs). A font file dropped into the resources'
`fonts/` folder (e.g. Noto Sans CJK or Droid Sans Fallback, both under permissive licences) is loaded when the
platform has none.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

from casebook.ui.qt_app import running_app

log = logging.getLogger(__name__)

# One character per script a case file may carry: Hangul, CJK ideographs, kana, Cyrillic, Greek, Hebrew, Arabic.
SAMPLES = {"korean": "한", "chinese": "中", "japanese": "あ", "cyrillic": "Ж", "greek": "Ω", "hebrew": "א",
           "arabic": "ع"}
CJK_SCRIPTS = ("korean", "chinese", "japanese")
# Families known to cover CJK, preferred in this order when installed.
PREFERRED = ("Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans KR", "Noto Sans SC", "Source Han Sans",
             "Droid Sans Fallback", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "Malgun Gothic",
             "PingFang SC", "Apple SD Gothic Neo", "Hiragino Sans", "Arial Unicode MS")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
_installed: list[str] | None = None


def has_glyphs(family: str, text: str) -> bool:
    """True when `family` itself (no fallback) has a glyph for every non-space character of `text`."""
    raw = QRawFont.fromFont(QFont(family))  # one real font file: QFontMetrics would count fontconfig's fallbacks
    return raw.isValid() and all(raw.supportsCharacter(ord(ch)) for ch in text if not ch.isspace())


def bundled_font_files() -> list[Path]:
    """Font files shipped with Casebook (resources/fonts), if any."""
    from casebook.services.resources import resources_root

    try:
        folder = resources_root() / "fonts"
    except FileNotFoundError:
        return []
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in FONT_SUFFIXES) if folder.is_dir() else []


def load_font_files(paths: Iterable[Path]) -> list[str]:
    families: list[str] = []
    for path in paths:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
        else:
            log.warning("could not load the font %s", path)
    return families


def _cjk_candidates() -> list[str]:
    families = QFontDatabase.families()
    wanted = {QFontDatabase.WritingSystem.Korean, QFontDatabase.WritingSystem.SimplifiedChinese,
              QFontDatabase.WritingSystem.TraditionalChinese, QFontDatabase.WritingSystem.Japanese}
    ordered = [f for f in PREFERRED if f in families]
    return ordered + [f for f in families if f not in ordered and wanted & set(QFontDatabase.writingSystems(f))]


def cjk_families() -> list[str]:
    """Families that together draw Korean, Chinese and Japanese: installed ones first, the bundled font for a
    script none of them has (Droid Sans Fallback, common on Linux, has Chinese and kana but no Hangul)."""
    chosen: list[str] = []
    candidates = _cjk_candidates()
    missing = []
    for script in CJK_SCRIPTS:
        family = next((f for f in chosen + candidates if has_glyphs(f, SAMPLES[script])), None)
        if family is None:
            missing.append(script)
        elif family not in chosen:
            chosen.append(family)
    if missing:
        for family in load_font_files(bundled_font_files()):
            if family not in chosen and any(has_glyphs(family, SAMPLES[s]) for s in missing):
                chosen.append(family)
    return chosen


def install_script_fallbacks(app: QApplication | None = None) -> list[str]:
    """Make fonts with CJK (and other scripts') glyphs the fallbacks of the UI font; returns them, CJK first.

    Idempotent: the search runs once per process.
    """
    global _installed
    if _installed is not None:
        return _installed
    app = app or running_app()
    fallbacks = cjk_families()
    if not fallbacks:
        log.warning("no font with Korean/Chinese glyphs: install fonts-noto-cjk or fonts-droid-fallback")
    for family in ("DejaVu Sans", "Noto Sans", "Segoe UI", "Arial"):
        if family in QFontDatabase.families() and family not in fallbacks:
            fallbacks.append(family)
    if app is not None and fallbacks:
        base = app.font()
        families = list(dict.fromkeys([*base.families(), base.family(), *fallbacks]))
        base.setFamilies(families)  # Qt tries each in turn for a glyph the first lacks
        app.setFont(base)
    _installed = fallbacks
    return fallbacks


def font_for_text(text: str, base: QFont | None = None) -> str | None:
    """The family that will draw `text` (first of the UI font's families with every glyph), or None."""
    app = running_app()
    font = base or (app.font() if app is not None else QFont())
    for family in font.families() or [font.family()]:
        if has_glyphs(family, text):
            return family
    return None

"""Toolbar and menu icons from QtAwesome's bundled Material Design font (offline), recoloured with the palette.

QtAwesome ships its icon fonts inside the wheel, so icons look the same on Linux, Windows and macOS without a
desktop icon theme (Qt's freedesktop theme icons are missing on Windows, macOS and minimal Linux desktops).
When QtAwesome cannot load, Qt's own standard icons stand in, so an action never loses its icon.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QAction, QIcon, QPalette
from PySide6.QtWidgets import QStyle

from casebook.ui.qt_app import running_app

log = logging.getLogger(__name__)

# action attribute on the main window → (Material Design Icons name, Qt standard-icon fallback)
SP = QStyle.StandardPixmap
ACTION_ICONS: dict[str, tuple[str, SP]] = {
    "new_case_action": ("mdi6.briefcase-plus-outline", SP.SP_FileDialogNewFolder),
    "open_case_action": ("mdi6.folder-open-outline", SP.SP_DialogOpenButton),
    "import_action": ("mdi6.file-import-outline", SP.SP_FileIcon),
    "import_folder_action": ("mdi6.folder-download-outline", SP.SP_DirIcon),
    "verify_action": ("mdi6.shield-check-outline", SP.SP_DialogApplyButton),
    "quit_action": ("mdi6.exit-to-app", SP.SP_DialogCloseButton),
    "copy_action": ("mdi6.content-copy", SP.SP_FileLinkIcon),
    "find_action": ("mdi6.file-find-outline", SP.SP_FileDialogContentsView),
    "zoom_in_action": ("mdi6.magnify-plus-outline", SP.SP_ArrowUp),
    "zoom_out_action": ("mdi6.magnify-minus-outline", SP.SP_ArrowDown),
    "actual_size_action": ("mdi6.numeric-1-box-outline", SP.SP_DesktopIcon),
    "fit_width_action": ("mdi6.arrow-expand-horizontal", SP.SP_ToolBarHorizontalExtensionButton),
    "fit_page_action": ("mdi6.fit-to-page-outline", SP.SP_TitleBarMaxButton),
    "about_action": ("mdi6.information-outline", SP.SP_MessageBoxInformation),
    "undo_action": ("mdi6.undo", SP.SP_ArrowBack),
    "redo_action": ("mdi6.redo", SP.SP_ArrowForward),
    "new_excerpt_action": ("mdi6.format-quote-open-outline", SP.SP_FileDialogDetailedView),
    "link_action": ("mdi6.link-variant-plus", SP.SP_CommandLink),
    "new_claim_action": ("mdi6.gavel", SP.SP_FileDialogInfoView),
    "search_action": ("mdi6.text-search", SP.SP_FileDialogContentsView),
    "term_report_action": ("mdi6.table-search", SP.SP_FileDialogListView),
    "ocr_action": ("mdi6.text-recognition", SP.SP_DriveCDIcon),
    "go_to_action": ("mdi6.arrow-right-bold-box-outline", SP.SP_ArrowRight),
    "case_settings_action": ("mdi6.scale-balance", SP.SP_FileDialogInfoView),
    "bundle_action": ("mdi6.book-open-page-variant-outline", SP.SP_DriveFDIcon),
    "timeline_action": ("mdi6.chart-timeline-variant", SP.SP_FileDialogDetailedView),
    "privacy_scan_action": ("mdi6.shield-search", SP.SP_MessageBoxWarning),
    "redaction_box_action": ("mdi6.selection-drag", SP.SP_TitleBarNormalButton),
}


def themed_icon(name: str, fallback: SP | None = None) -> QIcon:
    """A QtAwesome icon drawn in the palette's text colour (so it reads on light and dark themes)."""
    app = running_app()
    palette = app.palette() if app is not None else QPalette()
    try:
        os.environ.setdefault("QT_API", "pyside6")  # QtAwesome (through QtPy) must use the app's own Qt binding
        import qtawesome

        return qtawesome.icon(
            name,
            color=palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText),
            color_disabled=palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText),
        )
    except Exception as exc:  # a broken or missing QtAwesome must not stop the app
        log.debug("QtAwesome icon %s unavailable: %s", name, exc)
        if fallback is None or app is None:
            return QIcon()
        return app.style().standardIcon(fallback)


def apply_action_icons(owner) -> int:
    """Give every known action of `owner` (the main window) its icon; returns how many got one.

    Called again after a theme change, so the glyphs follow the palette's text colour.
    """
    count = 0
    for attribute, (name, fallback) in ACTION_ICONS.items():
        action = getattr(owner, attribute, None)
        if isinstance(action, QAction):
            action.setIcon(themed_icon(name, fallback))
            count += 1
    return count


def toolbar_actions_without_icons(toolbar) -> list[str]:
    """Names of the toolbar's actions that have no icon (a test's check that none is text-only)."""
    return [a.text() for a in toolbar.actions() if not a.isSeparator() and a.icon().isNull()]

"""Keyboard first: a shortcut on every menu action (shown in its menu), Go to (Ctrl+K), and focus keys between panes.

Shortcuts a module set itself are kept; the ones below fill the gaps, and any action still without one gets a
free Ctrl+Alt+letter, so a new menu item is never mouse-only.
"""

from __future__ import annotations

import string

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

# Menu text (without "&" and "…") → shortcut, for actions whose modules did not choose one.
DEFAULT_SHORTCUTS = {
    "Verify Case": "Ctrl+Alt+V",
    "New Claim": "Ctrl+Shift+N",
    "Search Term Report": "Ctrl+Alt+T",
    "Quit": "Ctrl+Q",
    "About Casebook": "F1",
    "About Qt": "Shift+F1",
    "Case Settings": "Ctrl+,",
    "Court Bundle": "Ctrl+B",
    "System Colours": "Ctrl+Alt+S",
    "Light Theme": "Ctrl+Alt+L",
    "Dark Theme": "Ctrl+Alt+D",
}
DOCK_KEYS = [f"Alt+{n}" for n in range(1, 10)]


def menu_text(action: QAction) -> str:
    return action.text().replace("&", "").replace("…", "").strip()


def menu_actions(menu_bar) -> list[QAction]:
    """Every command in the menu bar's menus (not submenus or separators); the Open Recent list is left out."""
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                if submenu.objectName() != "RecentCasesMenu":
                    walk(submenu)
                continue
            found.append(action)

    for top in menu_bar.actions():
        if top.menu() is not None:
            walk(top.menu())
    return found


def assign_shortcuts(window) -> list[QAction]:
    """Give every menu action without a shortcut one; returns the actions that got one here."""
    actions = menu_actions(window.menuBar())
    taken = {a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()}
    reserved = {QKeySequence(k).toString() for k in DEFAULT_SHORTCUTS.values()}
    pool = [f"Ctrl+Alt+{ch}" for ch in string.ascii_uppercase] + [f"Ctrl+Alt+Shift+{ch}"
                                                                   for ch in string.ascii_uppercase]
    given: list[QAction] = []

    def give(action: QAction, key: str, *, avoid: set[str]) -> bool:
        sequence = QKeySequence(key).toString()
        if sequence in taken or sequence in avoid:
            return False
        action.setShortcut(QKeySequence(key))
        taken.add(sequence)
        given.append(action)
        return True

    missing = [a for a in actions if a.shortcut().isEmpty()]
    for action in missing:  # first the chosen keys, so the fallback pool never takes them
        wanted = DEFAULT_SHORTCUTS.get(menu_text(action))
        if wanted:
            give(action, wanted, avoid=set())
    toggles = {d.toggleViewAction() for d in window.findChildren(type(window.navigator_dock))}
    docks = iter(DOCK_KEYS)
    for action in (a for a in missing if a.shortcut().isEmpty()):
        if action in toggles and any(give(action, key, avoid=reserved) for key in docks):
            continue
        while pool and not give(action, pool.pop(0), avoid=reserved):
            pass
    return given


class _QueryKeys(QObject):
    """Down in the search box moves into the results; Enter there opens the hit (the list's own behaviour)."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down \
                and self.panel.model.rowCount() > 0:
            view = self.panel.view
            view.setFocus(Qt.FocusReason.TabFocusReason)
            if not view.currentIndex().isValid():
                view.setCurrentIndex(self.panel.model.index(0, 0))
            return True
        return False


def focus_page_view(window) -> None:
    viewer = window.viewer
    target = viewer.pdf if viewer.showing_pdf else viewer.article
    target.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.statusBar().showMessage("Page view: Shift+arrows select from the hit, Ctrl+E pins an excerpt, "
                                   "Ctrl+L links it to a claim", 6000)


def focus_case_list(window) -> None:
    window.navigator_dock.show()
    window.navigator_dock.raise_()
    window.navigator.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.navigator.filter_box.selectAll()


def install_keyboard(window, edit_menu: QMenu | None = None, view_menu: QMenu | None = None) -> None:
    """Add Go to and the focus keys, then fill in every missing shortcut (call after all menus are built)."""
    from casebook.ui.goto import open_go_to

    window.go_to_action = window._action("&Go to…", lambda: open_go_to(window), "Ctrl+K",
                                         tip="Open any document, claim, person or exhibit by typing part of its name")
    window.go_to_action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+P")])
    window.focus_view_action = window._action("Focus &Page View", lambda: focus_page_view(window), "F6",
                                              tip="Move the keyboard focus to the page")
    window.focus_list_action = window._action("Focus &Case Documents", lambda: focus_case_list(window), "Shift+F6",
                                              tip="Move the keyboard focus to the case's document list")
    edit_menu = edit_menu or _top_menu(window, "Edit")
    view_menu = view_menu or window.view_menu
    if edit_menu is not None:
        edit_menu.addSeparator()
        edit_menu.addAction(window.go_to_action)
    focus_actions = [window.focus_view_action, window.focus_list_action]
    if view_menu.actions():
        first = view_menu.actions()[0]
        view_menu.insertActions(first, focus_actions)
        view_menu.insertSeparator(first)
    else:
        view_menu.addActions(focus_actions)
        view_menu.addSeparator()
    window.search_panel.query_box.installEventFilter(_QueryKeys(window.search_panel))
    assign_shortcuts(window)


def _top_menu(window, name: str) -> QMenu | None:
    for action in window.menuBar().actions():
        if action.menu() is not None and menu_text(action) == name:
            return action.menu()
    return None

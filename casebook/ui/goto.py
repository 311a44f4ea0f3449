"""The "Go to" box (Ctrl+K): type part of any document's, claim's, person's or exhibit's name and open it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from rapidfuzz import fuzz, utils

KIND_LABELS = {"document": "Document", "claim": "Claim", "person": "Person", "exhibit": "Exhibit"}
MAX_SHOWN = 40
MIN_SCORE = 75  # per typed word: "dotie" → "dottie" (91) matches, "romo" → "rosalind" does not


@dataclass(frozen=True)
class GoToItem:
    """One thing the box can open: what it is, its id (the document's id for an exhibit), and what is typed."""

    kind: str
    item_id: int
    label: str
    detail: str = ""
    also: str = ""  # other names matched but not shown (aliases, file name, docket number)

    @property
    def search_text(self) -> str:
        return f"{self.label} {self.also}".strip()


def _word_score(word: str, text_words: list[str]) -> float:
    """How well one typed word matches the best word of a name: a prefix is perfect, else rapidfuzz's ratio."""
    return max((100.0 if t.startswith(word) else fuzz.ratio(word, t) for t in text_words), default=0.0)


def rank(items: Sequence[GoToItem], query: str, *, limit: int = MAX_SHOWN) -> list[GoToItem]:
    """Items matching `query` best first: every typed word found in the name wins, then names whose words each
    match a typed word closely (rapidfuzz), so "decl roe" finds "Declaration of Jane Roe" and a typo still matches."""
    words = utils.default_process(query).split()
    if not words:
        return list(items[:limit])
    texts = [utils.default_process(item.search_text) for item in items]
    exact = [i for i, text in enumerate(texts) if all(w in text for w in words)]
    exact.sort(key=lambda i: (texts[i].find(words[0]) != 0, len(texts[i]), i))  # prefix and shorter names first
    taken = set(exact)
    scored = []
    for i, text in enumerate(texts):
        if i in taken:
            continue
        scores = [_word_score(w, text.split()) for w in words]
        if min(scores) >= MIN_SCORE:
            scored.append((-sum(scores) / len(scores), len(text), i))
    return [items[i] for i in exact + [i for *_, i in sorted(scored)]][:limit]


def load_items(case) -> list[GoToItem]:
    """Every document, claim, person (and organisation) and bundle exhibit of the case (runs on the reader)."""
    from casebook.export.numbering import exhibit_label
    from casebook.services import bundles, cast, evidence
    from casebook.services import documents as document_service
    from casebook.ui.navigator import document_label

    if case is None:
        return []
    docs = document_service.list_documents(case)
    titles = {d.id: d.title for d in docs}
    items = [GoToItem("document", d.id, document_label(d), " · ".join(filter(None, (d.kind.value, d.date))),
                      " ".join(filter(None, (d.original_name, d.case_number, d.short_cite))))
             for d in docs]
    items += [GoToItem("claim", c.id, f"{c.id}. {' '.join(c.statement.split())}", c.status.value)
              for c in evidence.list_claims(case)]
    items += [GoToItem("person", e.id, e.name, e.role or e.kind.value, " ".join(e.aliases))
              for e in cast.list_entities(case)]
    for definition in bundles.list_definitions(case):
        for n, exhibit in enumerate(definition.exhibits, start=1):
            if exhibit.document_id in titles:
                label = exhibit_label(n, definition.labels)
                items.append(GoToItem("exhibit", exhibit.document_id,
                                      f"Exhibit {label} — {exhibit.description or titles[exhibit.document_id]}",
                                      f"bundle “{definition.name}”", titles[exhibit.document_id]))
    return items


class GoToDialog(QDialog):
    """A type-to-find list; Enter opens the highlighted item, Up/Down move, Escape closes."""

    chosen = Signal(object)  # GoToItem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go To")
        self.setObjectName("GoToDialog")
        self.items: list[GoToItem] = []
        self.query = QLineEdit(self)
        self.query.setAccessibleName("Go to")
        self.query.setPlaceholderText("Type part of a document, claim, person or exhibit…")
        self.query.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Matches")
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.hint = QLabel("Loading the case…", self)
        self.hint.setObjectName("GoToHint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.query.textChanged.connect(self._refresh)
        self.query.returnPressed.connect(self.accept_current)
        self.list.itemActivated.connect(lambda _item: self.accept_current())
        self.query.installEventFilter(self)
        self.resize(640, 420)

    def set_items(self, items: Sequence[GoToItem]) -> None:
        self.items = list(items)
        self._refresh()

    def _refresh(self) -> None:
        shown = rank(self.items, self.query.text())
        self.list.clear()
        for item in shown:
            row = QListWidgetItem(f"{KIND_LABELS[item.kind]}:  {item.label}" + (f"   — {item.detail}"
                                                                                 if item.detail else ""))
            row.setToolTip(f"{item.label}\n{item.detail}".strip())
            row.setData(Qt.ItemDataRole.UserRole, item)
            self.list.addItem(row)
        if shown:
            self.list.setCurrentRow(0)
        self.hint.setText(f"{len(shown)} match(es) · Enter opens · ↑↓ choose · Esc closes" if self.items
                          else "Loading the case…")

    def matches(self) -> list[GoToItem]:
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())]

    def accept_current(self) -> None:
        row = self.list.currentItem()
        if row is None:
            return
        self.chosen.emit(row.data(Qt.ItemDataRole.UserRole))
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down/PageUp/PageDown typed in the query box move through the list, as in an editor's quick-open.
        if watched is self.query and isinstance(event, QKeyEvent) and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)


def open_go_to(window, *, on_item: Callable[[GoToItem], None] | None = None) -> GoToDialog:
    """Show the box over `window`, loading the case's items on the reader thread."""
    dialog = GoToDialog(window)
    dialog.chosen.connect(on_item or (lambda item: go_to_item(window, item)))
    dialog.setModal(False)
    dialog.show()
    dialog.query.setFocus()
    if window.case_path is not None:
        window.runner.run_read("Listing the case", lambda case, **_: load_items(case), on_done=dialog.set_items)
    else:
        dialog.hint.setText("Open a case first (Ctrl+O).")
    window.go_to_dialog = dialog
    return dialog


def go_to_item(window, item: GoToItem) -> None:
    """Open what was chosen: a document or exhibit in the viewer, a claim on the board, a person as a search."""
    if item.kind in ("document", "exhibit"):
        window.open_document(item.item_id)
    elif item.kind == "claim":
        window.claims_dock.show()
        window.claims_dock.raise_()
        window.claims_board.set_filters()
        window.claims_board.select_claim(item.item_id)
        window.inspect("claim", item.item_id)
        window.claims_board.claims_view.setFocus()
    elif item.kind == "person":
        window.search_dock.show()
        window.search_dock.raise_()
        window.search_panel.query_box.setText(f'"{item.label}"')
        window.search_panel.search_now()
        window.search_panel.focus_query()
    window.statusBar().showMessage(f"Went to {KIND_LABELS[item.kind].lower()} {item.label[:80]}", 5000)

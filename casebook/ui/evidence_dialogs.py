"""Dialogs of the evidence workflow: choose a claim and how an excerpt bears on it (keys 1–4), add a claim."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casebook.core.evidence import Relation
from casebook.ui.claims_models import RELATION_COLOURS
from casebook.ui.dialogs import quote_text

if TYPE_CHECKING:
    from casebook.services.ui_support import ClaimRow

RELATIONS = (Relation.SUPPORTS, Relation.CONTRADICTS, Relation.QUALIFIES, Relation.CONTEXT)


class LinkToClaimDialog(QDialog):
    """Pick a claim (unless one is given) and a relation; 1–4 choose supports/contradicts/qualifies/context."""

    def __init__(self, claims: Sequence[ClaimRow], *, claim_id: int | None = None, excerpt_text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link to Claim")
        layout = QVBoxLayout(self)
        if excerpt_text:
            quote = QLabel(f"“{quote_text(excerpt_text)}”", self)  # one paragraph: no raw PDF line breaks
            quote.setWordWrap(True)
            quote.setTextFormat(Qt.TextFormat.PlainText)
            quote.setObjectName("ExcerptQuote")
            layout.addWidget(quote)
        self.claim_list = QListWidget(self)
        self.claim_list.setAccessibleName("Claims")
        for row in claims:
            item = QListWidgetItem(f"{row.claim.id}. {row.claim.statement}", self.claim_list)
            item.setData(256, row.claim.id)
            item.setToolTip(f"{row.claim.status.value}; asserted by {row.asserted_by or 'unknown'} in "
                            f"{row.source or 'an unrecorded source'}")
            if row.claim.id == claim_id:
                self.claim_list.setCurrentItem(item)
        if self.claim_list.currentRow() < 0 and self.claim_list.count():
            self.claim_list.setCurrentRow(0)
        if claim_id is not None:
            self.claim_list.hide()  # dropped on a claim: only the relation is asked
        else:
            layout.addWidget(QLabel("Claim:", self))
            layout.addWidget(self.claim_list, 1)
        self.relation_group = QButtonGroup(self)
        relation_row = QHBoxLayout()
        for number, relation in enumerate(RELATIONS, start=1):
            button = QRadioButton(f"&{number} {relation.value.capitalize()}", self)
            button.setAccessibleName(relation.value)
            button.setToolTip(f"Press {number}")
            button.setStyleSheet(f"QRadioButton {{ color: {RELATION_COLOURS[relation]}; }}")
            self.relation_group.addButton(button, number)
            relation_row.addWidget(button)
            QShortcut(QKeySequence(str(number)), self, lambda b=button: b.setChecked(True))
        self.relation_group.button(1).setChecked(True)
        layout.addWidget(QLabel("The excerpt:", self))
        layout.addLayout(relation_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.claim_list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.buttons)
        self.resize(620, 420 if claim_id is None else 160)

    def relation(self) -> Relation:
        return RELATIONS[self.relation_group.checkedId() - 1]

    def claim_id(self) -> int | None:
        item = self.claim_list.currentItem()
        return int(item.data(256)) if item is not None else None

    def choose(self, claim_id: int | None, relation: Relation) -> None:
        """Set the answers programmatically (tests, scripted use)."""
        for row in range(self.claim_list.count()):
            if self.claim_list.item(row).data(256) == claim_id:
                self.claim_list.setCurrentRow(row)
        self.relation_group.button(RELATIONS.index(relation) + 1).setChecked(True)


class NewClaimDialog(QDialog):
    """The statement of a new claim (its other fields are edited on the board or with the CLI)."""

    def __init__(self, parent: QWidget | None = None, *, statement: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("New Claim")
        self.statement = QPlainTextEdit(statement, self)
        self.statement.setAccessibleName("Claim statement")
        self.statement.setPlaceholderText("What is asserted, in one sentence")
        form = QFormLayout()
        form.addRow("Statement:", self.statement)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def text(self) -> str:
        return " ".join(self.statement.toPlainText().split())

"""File → Export → Court Bundle…: build a bundle from an empty list — add documents by drag or Ctrl+B, reorder,
describe each exhibit, watch the index, pages, Bates and volumes follow, save it by name and export it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.core.bundles import PROFILES, BundleDefinition, LabelStyle, Marking
from casebook.core.errors import CaseError
from casebook.ui.bundle_builder_model import ExhibitListModel, ExhibitRow
from casebook.ui.tasks import Task, TaskRunner, readable_error

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 250
EMPTY_HINT = ("Empty bundle. Drag documents here from the Case, Search or Claims panels, or select them there "
              "and press Ctrl+B (Add to Bundle). Drag rows to reorder; double-click a label, description or date "
              "to change it.")


def exhibit_row(document_id: int, record=None) -> ExhibitRow:
    """A new exhibit for a document (its title, date and pages when the record is known)."""
    if record is None:
        return ExhibitRow(document_id, f"Document {document_id}")
    return ExhibitRow(document_id, record.title or record.original_name, record.date or "", record.page_count)


class BundleBuilder(QDialog):
    """Exhibits (in bundle order) on the left, bundle settings on the right, and saved bundles above."""

    exported = Signal(object)  # ExportReport
    previewed = Signal(object)  # BundlePlan shown (None when the bundle cannot be planned)
    saved = Signal(str)  # name of the definition saved
    bundlesListed = Signal(list)  # SavedBundle list

    def __init__(self, runner: TaskRunner, documents: Sequence, parent: QWidget | None = None, *,
                 case_path: Path | None = None, evidence=None) -> None:
        super().__init__(parent)
        self.runner, self.case_path, self.evidence = runner, case_path, evidence
        self.task: Task | None = None
        self.report = None
        self._preview_request = 0
        self._records: dict[int, object] = {}
        self.set_documents(documents)
        self.setWindowTitle("Court Bundle Builder")
        self.model = ExhibitListModel(self)
        self._build()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.preview)
        self.model.exhibitsChanged.connect(self._exhibits_changed)
        self.model.documentsDropped.connect(lambda ids, row: self.add_documents(ids, at=row))
        self.bates.textChanged.connect(lambda _text: self._preview_timer.start())  # name and title: cover only
        for box in (self.profile, self.labels, self.marking):
            box.currentIndexChanged.connect(lambda _i: self._preview_timer.start())
        self.chart.toggled.connect(lambda _on: self._preview_timer.start())
        self.max_mb.valueChanged.connect(lambda _v: self._preview_timer.start())
        if evidence is not None:
            evidence.changed.connect(self.refresh_saved)  # an undo may bring back or remove a saved bundle
        self._exhibits_changed()

    # --- layout -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.saved_box = QComboBox(self)
        self.saved_box.setAccessibleName("Saved bundles")
        self.saved_box.setMinimumContentsLength(24)
        self.saved_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.saved_box.setPlaceholderText("(none saved yet)")
        self.open_button = QPushButton("Open", self)
        self.open_button.setToolTip("Replace the exhibits and settings with the saved bundle's")
        self.open_button.clicked.connect(lambda: self.open_saved(self.saved_box.currentData()))
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the saved bundle (Edit → Undo brings it back)")
        self.delete_button.clicked.connect(self._ask_delete)
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip("Save the exhibits and settings with the case under the bundle's name (Ctrl+S)")
        self.save_button.clicked.connect(lambda: self.save())
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save())
        saved_row = QHBoxLayout()
        saved_row.addWidget(QLabel("Saved bundles:", self))
        saved_row.addWidget(self.saved_box, 1)
        saved_row.addWidget(self.open_button)
        saved_row.addWidget(self.delete_button)
        saved_row.addSpacing(16)
        saved_row.addWidget(self.save_button)

        self.view = QTableView(self)
        self.view.setAccessibleName("Exhibits")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ExhibitListModel.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnHidden(ExhibitListModel.VOLUME, True)
        self.hint = QLabel(EMPTY_HINT, self)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("How to add exhibits")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: palette(placeholder-text); padding: 12px;")

        self.up_button = QPushButton("Move Up", self)
        self.up_button.setToolTip("Move the selected exhibits up (Ctrl+Up)")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton("Move Down", self)
        self.down_button.setToolTip("Move the selected exhibits down (Ctrl+Down)")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Take the selected exhibits out of the bundle (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        for keys, slot in (("Ctrl+Up", lambda: self.move_selected(-1)), ("Ctrl+Down", lambda: self.move_selected(1)),
                           (QKeySequence.StandardKey.Delete, self.remove_selected)):
            QShortcut(QKeySequence(keys), self.view, slot, context=Qt.ShortcutContext.WidgetShortcut)
        self.add_button = QPushButton("Add Selected", self)
        self.add_button.setToolTip("Add the documents selected in the Case, Search or Claims panel (Ctrl+B there)")
        self.add_button.clicked.connect(self._add_selected)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addSpacing(16)
        row_buttons.addWidget(self.up_button)
        row_buttons.addWidget(self.down_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)

        self.name = QLineEdit("bundle", self)
        self.title = QLineEdit("Exhibits", self)
        self.bates = QLineEdit("", self)
        self.bates.setPlaceholderText("e.g. TRC (empty: no Bates numbers)")
        self.profile = QComboBox(self)
        for name, profile in PROFILES.items():
            self.profile.addItem(name, name)
            self.profile.setItemData(self.profile.count() - 1, profile.description, Qt.ItemDataRole.ToolTipRole)
        self.max_mb = QDoubleSpinBox(self)
        self.max_mb.setRange(0, 10_000)
        self.max_mb.setDecimals(1)
        self.max_mb.setSuffix(" MB")
        self.max_mb.setSpecialValueText("the profile's")
        self.max_mb.setToolTip("Largest file the court accepts; above it the bundle is split into volumes between "
                               "exhibits (0: the court profile's cap)")
        self.labels = QComboBox(self)
        self.labels.addItem("A, B, C…", LabelStyle.ALPHA.value)
        self.labels.addItem("1, 2, 3…", LabelStyle.NUMERIC.value)
        self.marking = QComboBox(self)
        self.marking.addItem("Stamp on first page", Marking.STAMP.value)
        self.marking.addItem("Slip-sheet before each", Marking.SLIP_SHEET.value)
        self.chart = QCheckBox("Append the claim chart", self)
        self.chart.setChecked(True)
        self.timeline = QCheckBox("Append a timeline", self)
        self.redact = QCheckBox("Redact accepted findings", self)
        self.redact.setToolTip("Redact every accepted finding in the exhibits' copies; the originals never change. "
                               "The export refuses to publish if any redacted text can still be read.")
        self.profile_note = QLabel(self)
        self.profile_note.setWordWrap(True)
        self.profile.currentIndexChanged.connect(
            lambda _i: self.profile_note.setText(PROFILES[self.profile.currentData()].description))
        self.profile_note.setText(PROFILES[self.profile.currentData()].description)
        form = QFormLayout()
        for label, widget in (("Name:", self.name), ("Title:", self.title), ("Bates prefix:", self.bates),
                              ("Court profile:", self.profile), ("", self.profile_note),
                              ("Size cap per file:", self.max_mb), ("Labels:", self.labels),
                              ("Marking:", self.marking), ("", self.chart), ("", self.timeline), ("", self.redact)):
            unlabelled: dict[QWidget, str] = {self.chart: "Claim chart", self.timeline: "Timeline appendix",
                                              self.redact: "Redact"}
            widget.setAccessibleName(label.rstrip(":") or unlabelled.get(widget, "Profile"))
            form.addRow(label, widget)
        side = QWidget(self)
        side.setLayout(form)
        side.setMaximumWidth(340)

        left = QVBoxLayout()
        left.addWidget(self.hint)
        left.addWidget(self.view, 1)
        left.addLayout(row_buttons)
        middle = QHBoxLayout()
        middle.addLayout(left, 1)
        middle.addWidget(side)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Bundle status")
        self.export_button = QPushButton("Export…", self)
        self.export_button.clicked.connect(self.choose_output)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        for button in self.findChildren(QPushButton):  # Return edits a cell; it never presses a button
            button.setAutoDefault(False)
        self.open_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(saved_row)
        layout.addLayout(middle, 1)
        layout.addLayout(buttons)
        self.resize(1100, 620)

    @classmethod
    def open_for(cls, runner: TaskRunner, window) -> BundleBuilder:
        """Show the window's builder (one per window, kept with what was added so far)."""
        builder = getattr(window, "bundle_dialog", None)
        if not isinstance(builder, cls):
            builder = cls(runner, getattr(window, "documents", []), window,
                          case_path=getattr(window, "case_path", None), evidence=getattr(window, "evidence", None))
            builder.setModal(False)
            window.bundle_dialog = builder
            loaded = getattr(window, "documentsLoaded", None)
            if loaded is not None:
                loaded.connect(builder.set_documents)
        builder.show()
        builder.raise_()
        builder.refresh_saved()
        return builder

    # --- exhibits -----------------------------------------------------------------------------------------
    def _add_selected(self) -> None:
        from casebook.ui.bundle_builder_actions import add_selection_to_bundle  # it opens this dialog

        if self.parent() is not None:
            add_selection_to_bundle(self.parent())

    def set_documents(self, documents: Sequence) -> None:
        self._records = {doc.id: doc for doc in documents}

    def add_documents(self, document_ids: Sequence[int], *, at: int | None = None) -> int:
        """Add documents as exhibits (at row `at`, default the end); documents already in the bundle stay put."""
        added = self.model.add([exhibit_row(i, self._records.get(i)) for i in document_ids], at)
        if document_ids and not added:
            self.status.setText("Already in the bundle.")
        return added

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.view.selectionModel().selectedRows()})

    def move_selected(self, step: int) -> None:
        rows = self.selected_rows() or ([self.view.currentIndex().row()] if self.view.currentIndex().isValid() else [])
        if not rows:
            return
        to = rows[0] - 1 if step < 0 else rows[-1] + 2
        moved = self.model.move(rows, max(0, to))
        self._select(moved)

    def _select(self, rows: list[int]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        if rows:
            selection.setCurrentIndex(self.model.index(rows[0], 0), selection.SelectionFlag.NoUpdate)

    def remove_selected(self) -> None:
        self.model.remove(self.selected_rows())

    def _exhibits_changed(self) -> None:
        empty = self.model.rowCount() == 0
        self.hint.setVisible(empty)
        for button in (self.up_button, self.down_button, self.remove_button, self.export_button):
            button.setEnabled(not empty)
        self._preview_timer.start()

    # --- the definition -----------------------------------------------------------------------------------
    def definition(self) -> BundleDefinition:
        return BundleDefinition(exhibits=self.model.choices(), name=self.name.text().strip() or "bundle",
                                title=self.title.text().strip() or "Exhibits", bates_prefix=self.bates.text().strip(),
                                profile=self.profile.currentData(), labels=LabelStyle(self.labels.currentData()),
                                marking=Marking(self.marking.currentData()), include_chart=self.chart.isChecked(),
                                max_mb=self.max_mb.value() or None, date=self._date,
                                timeline=self.timeline.isChecked(), redact=self.redact.isChecked())

    _date = ""  # a reopened definition keeps its date (and so regenerates the same bundle)

    def set_definition(self, definition: BundleDefinition) -> None:
        """Show a saved definition: its exhibits in order with what was set for each, and its settings."""
        self._date = definition.date
        self.name.setText(definition.name)
        self.title.setText(definition.title)
        self.bates.setText(definition.bates_prefix)
        for box, value in ((self.profile, definition.profile), (self.labels, definition.labels.value),
                           (self.marking, definition.marking.value)):
            box.setCurrentIndex(max(0, box.findData(value)))
        self.chart.setChecked(definition.include_chart)
        self.timeline.setChecked(definition.timeline)
        self.redact.setChecked(definition.redact)
        self.max_mb.setValue(definition.max_mb or 0)
        rows = []
        for choice in definition.exhibits:
            base = exhibit_row(choice.document_id, self._records.get(choice.document_id))
            rows.append(ExhibitRow(base.document_id, base.title, base.document_date, base.pages,
                                   description=choice.description, label=choice.label, date=choice.date))
        self.model.set_exhibits(rows)

    # --- preview ------------------------------------------------------------------------------------------
    def preview(self) -> Task | None:
        """Plan the bundle on the reader thread (nothing is drawn or written); the latest request wins."""
        self._preview_timer.stop()
        definition = self.definition()
        self._preview_request += 1
        ticket = self._preview_request
        if not definition.exhibits:
            self.model.set_plan(None)
            self.status.setText("No exhibits yet.")
            self.previewed.emit(None)
            return None

        def job(case, **_):
            if case is None:
                raise CaseError("Open a case first")
            from casebook.services.bundle_preview import preview_bundle

            return preview_bundle(case, definition)

        def done(plan) -> None:
            if ticket != self._preview_request:
                return
            self.model.set_plan(plan)
            self.view.setColumnHidden(ExhibitListModel.VOLUME, not plan.volumes)
            self.status.setText(self._summary(plan))
            self.previewed.emit(plan)

        def failed(error: BaseException) -> None:
            if ticket == self._preview_request:
                self.model.set_plan(None)
                self.status.setText(f"Cannot plan this bundle: {readable_error(error)}")
                self.previewed.emit(None)

        return self.runner.run_read("Planning the bundle", job, on_done=done, on_error=failed)

    @staticmethod
    def _summary(plan) -> str:
        bates = [e for e in plan.exhibits if e.bates_first is not None]
        text = f"{len(plan.exhibits)} exhibit(s), bundle pages 1–{plan.last_page}"
        if bates:
            text += f", Bates {plan.bates_text(bates[0].bates_first)}–{plan.bates_text(bates[-1].bates_last)}"
        if plan.volumes:
            text += (f"; {len(plan.volumes)} volumes under the {plan.profile.max_file_bytes / 1048576:g} MB cap "
                     "per file (estimated from the originals; measured again on export)")
        if plan.definition.include_chart:
            text += "; the claim chart follows the last exhibit"
        notes = "; ".join(plan.warnings)
        return text + (f". {notes}" if notes else ".")

    # --- saved definitions --------------------------------------------------------------------------------
    def refresh_saved(self) -> Task | None:
        def job(case, **_):
            if case is None:
                return []
            from casebook.services.bundle_definitions import list_bundles

            return list_bundles(case)

        def done(found) -> None:
            current = self.saved_box.currentData()
            self.saved_box.clear()
            for saved in found:
                self.saved_box.addItem(f"{saved.name} ({len(saved.definition.exhibits)} exhibits)", saved.name)
            self.saved_box.setCurrentIndex(max(0, self.saved_box.findData(current or self.name.text().strip())))
            for button in (self.open_button, self.delete_button):
                button.setEnabled(bool(found))
            self.bundlesListed.emit(found)

        return self.runner.run_read("Listing saved bundles", job, on_done=done)

    def _write(self, title: str, job, done) -> None:
        def failed(error: BaseException) -> None:
            self.status.setText(f"{title} failed: {readable_error(error)}")

        if self.evidence is not None:  # like every undoable edit: the Edit menu's Undo names it afterwards
            self.evidence.run_edit(title, job, on_done=done)
        else:
            self.runner.run_write(title, job, on_done=done, on_error=failed, background=False)

    def save(self, name: str | None = None) -> None:
        """Save the exhibits and settings with the case under `name` (default: the Name field)."""
        if name:
            self.name.setText(name)
        definition = self.definition()

        def job(case, **_):
            if case is None:
                raise CaseError("Open a case first")
            from casebook.services.bundle_definitions import save_bundle
            from casebook.services.bundles import with_defaults

            # Dated as an export dates it, so exporting it later regenerates the same bundle and changes nothing.
            return save_bundle(case, with_defaults(definition))

        def done(saved: BundleDefinition) -> None:
            self._date = saved.date
            self.status.setText(f"Saved bundle “{saved.name}” with the case.")
            self.saved.emit(saved.name)
            self.refresh_saved()

        self._write(f"Saving bundle {definition.name}", job, done)

    def open_saved(self, name: str | None) -> Task | None:
        if not name:
            return None

        def job(case, **_):
            if case is None:
                raise CaseError("Open a case first")
            from casebook.services.bundle_definitions import load_bundle

            return load_bundle(case, name)

        def failed(error: BaseException) -> None:
            self.status.setText(f"Cannot open bundle “{name}”: {readable_error(error)}")

        return self.runner.run_read(f"Opening bundle {name}", job, on_done=self.set_definition, on_error=failed)

    def _ask_delete(self) -> None:
        name = self.saved_box.currentData()
        if name and QMessageBox.question(self, "Delete Saved Bundle",
                                         f"Delete the saved bundle “{name}”? Edit → Undo brings it back.") \
                == QMessageBox.StandardButton.Yes:
            self.delete_saved(name)

    def delete_saved(self, name: str) -> None:
        def job(case, **_):
            from casebook.services.bundle_definitions import delete_bundle

            delete_bundle(case, name)
            return name

        def done(_name) -> None:
            self.status.setText(f"Deleted the saved bundle “{name}”.")
            self.refresh_saved()

        self._write(f"Deleting bundle {name}", job, done)

    def ask_save_as(self) -> None:
        name, ok = QInputDialog.getText(self, "Save Bundle As", "Name:", text=self.name.text())
        if ok and name.strip():
            self.save(name.strip())

    # --- export -------------------------------------------------------------------------------------------
    def choose_output(self) -> None:
        suggested = (self.case_path / "exports" if self.case_path else Path.home()) / f"{self.definition().name}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Export Bundle", str(suggested), "PDF (*.pdf)")
        if path:
            self.export(Path(path))

    def export(self, out: Path) -> Task:
        """Export on the writer thread with progress and cancel in the status bar (the definition is saved too)."""
        definition = self.definition()

        def job(case, *, progress, cancel):
            if case is None:
                raise CaseError("Open a case first")
            from casebook.services.bundles import export_bundle

            return export_bundle(case, definition, out, progress=progress, cancel=cancel)

        def done(report) -> None:
            self.report = report
            self.export_button.setEnabled(True)
            text = f"Saved {report.path} ({report.pages} pages, Bates {report.bates or 'none'})."
            if report.volumes:
                text = f"Saved {len(report.volumes)} volumes from {report.path} ({report.pages} pages)."
            if report.warnings:
                text += " Warnings: " + "; ".join(report.warnings[:5])
            self.status.setText(text)
            self.refresh_saved()  # the export saved the definition under its name
            self.exported.emit(report)

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.status.setText(f"The bundle was not exported: {readable_error(error)}")

        self.export_button.setEnabled(False)
        self.status.setText("Exporting…")
        self.task = self.runner.run_write(f"Exporting bundle {definition.name}", job, on_done=done, on_error=failed)
        return self.task


# --- the window's "Add to Bundle" command --------------------------------------------------------------------

"""Import of payments from 1C: choose the file, see in a preview what would be taken and what not (with the
reasons, the encoding found and the columns ignored), then import; the report says what was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.import_1c import DuplicateLine, ImportPreview, ImportReport, MatchedLine, RejectedLine, commit, preview
from models.users import UserRef
from ui.client_card_models import DISPLAY, RowsTableModel
from ui.formatting import format_amount, format_date, format_money
from ui.status_palette import GREEN, RED
from ui.tables import CompactTableView
from ui.tasks import run_in_background

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class MatchedTableModel(RowsTableModel[MatchedLine]):
    """Lines that will be taken, with the order each goes to."""

    COL_LINE = 0
    COL_ORDER = 1
    COL_DATE = 2
    COL_NUMBER = 3
    COL_AMOUNT = 4
    COL_PAYER = 5
    COL_PURPOSE = 6
    COLUMN_COUNT = 7
    STRETCH_COLUMN = COL_PURPOSE

    def headers(self) -> list[str]:
        return [self.tr("Line"), self.tr("Order"), self.tr("Date"), self.tr("Document"), self.tr("Amount"),
                self.tr("Payer"), self.tr("Purpose")]

    def cell(self, row: MatchedLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_AMOUNT:
            return RIGHT
        if role != DISPLAY:
            return None
        line = row.line
        values = {self.COL_LINE: str(line.line_no),
                  self.COL_ORDER: f"№ {row.order_number}" + (f" · {row.client_name}" if row.client_name else ""),
                  self.COL_DATE: format_date(line.doc_date), self.COL_NUMBER: line.doc_number,
                  self.COL_AMOUNT: format_amount(line.amount), self.COL_PAYER: line.payer,
                  self.COL_PURPOSE: line.purpose}
        return values.get(column)


class RejectedTableModel(RowsTableModel[RejectedLine]):
    """Lines not taken (or imported before) and why."""

    COL_LINE = 0
    COL_REASON = 1
    COL_LINE_TEXT = 2
    COLUMN_COUNT = 3
    STRETCH_COLUMN = COL_REASON

    def headers(self) -> list[str]:
        return [self.tr("Line"), self.tr("Why"), self.tr("What the line says")]

    def cell(self, row: RejectedLine, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        return {self.COL_LINE: str(row.line_no), self.COL_REASON: row.reason, self.COL_LINE_TEXT: row.summary}.get(
            column)


class DuplicatesTableModel(RowsTableModel[DuplicateLine]):
    """Lines repeating an earlier line of the file (taken once)."""

    COL_LINE = 0
    COL_FIRST = 1
    COL_LINE_TEXT = 2
    COLUMN_COUNT = 3
    STRETCH_COLUMN = COL_LINE_TEXT

    def headers(self) -> list[str]:
        return [self.tr("Line"), self.tr("Repeats line"), self.tr("Document")]

    def cell(self, row: DuplicateLine, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        return {self.COL_LINE: str(row.line_no), self.COL_FIRST: str(row.first_line_no),
                self.COL_LINE_TEXT: row.summary}.get(column)


class Import1cDialog(QDialog):
    """Choose a 1C file, preview it in the background, import the matched lines; ``imported`` carries the report."""

    imported = Signal(object)  # ImportReport

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.current: ImportPreview | None = None
        self.setWindowTitle(self.tr("Import payments from 1C"))
        self.resize(960, 560)
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(self.on_choose_button_clicked)
        self.file_label = QLabel(self.tr("A CSV or XLSX list of receipts saved from 1C"))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.matched_model = MatchedTableModel(self)
        self.rejected_model = RejectedTableModel(self)
        self.already_model = RejectedTableModel(self)
        self.duplicates_model = DuplicatesTableModel(self)
        self.tabs = QTabWidget()
        for model in (self.matched_model, self.rejected_model, self.already_model, self.duplicates_model):
            view = CompactTableView(self)
            view.setModel(model)
            self.tabs.addTab(view, "")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.on_import_button_clicked)
        close_button = QPushButton(self.tr("Close"))
        close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._set_tab_titles()
        self.choose_button.setFocus()

    def on_choose_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Payments file from 1C"), "",
                                                    self.tr("1C payments (*.csv *.txt *.xlsx);;All files (*)"))
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        """Preview ``path`` in the background."""
        self.current = None
        self.import_button.setEnabled(False)
        self.file_label.setText(str(path))
        self._show_status(self.tr("Reading the file…"), None)
        for model in (self.matched_model, self.rejected_model, self.already_model, self.duplicates_model):
            model.set_rows([])
        self.details_label.clear()
        run_in_background(preview, self.db, Path(path), on_done=self._on_previewed, on_error=self._on_failed)

    def _on_previewed(self, seen: ImportPreview) -> None:
        self.current = seen
        self.matched_model.set_rows(seen.matched)
        self.rejected_model.set_rows(seen.not_matched)
        self.already_model.set_rows(seen.already_imported)
        self.duplicates_model.set_rows(seen.duplicates)
        self._set_tab_titles()
        self.details_label.setText(self.describe_file(seen))
        if seen.matched:
            self._show_status(self.tr("%1 payment(s) totalling %2 will be imported; the other lines are left out.")
                              .replace("%1", str(len(seen.matched)))
                              .replace("%2", format_money(seen.matched_total, seen.currency)), None)
            self.import_button.setEnabled(True)
            self.import_button.setFocus()
        else:
            self._show_status(self.tr("Nothing to import from this file."), None)

    def describe_file(self, seen: ImportPreview) -> str:
        parts = []
        if seen.encoding:
            parts.append(self.tr("Encoding: %1 (%2).").replace("%1", seen.encoding).replace("%2", seen.encoding_note))
        else:
            parts.append(self.tr("Excel workbook (XLSX)."))
        if seen.unknown_columns:
            parts.append(self.tr("Columns ignored: %1.").replace("%1", ", ".join(f"«{c}»"
                                                                               for c in seen.unknown_columns)))
        return " ".join(parts)

    def on_import_button_clicked(self) -> None:
        if self.current is None or not self.current.matched:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self._show_status(self.tr("Importing…"), None)
        run_in_background(_commit, self.db, self.current, self.user.id if self.user else None,
                          on_done=self._on_imported, on_error=self._on_failed)

    def _on_imported(self, report: ImportReport) -> None:
        self.choose_button.setEnabled(True)
        self.current = None
        text = self.tr("Imported %1 payment(s), %2, onto %3 order(s). Already imported before: %4; not taken: %5; "
                       "duplicate lines: %6.")
        for key, value in (("%1", str(len(report.taken))), ("%2", format_money(report.total, report.currency)),
                           ("%3", str(len(report.orders))), ("%4", str(len(report.already_imported))),
                           ("%5", str(len(report.not_matched))), ("%6", str(len(report.duplicates)))):
            text = text.replace(key, value)
        self._show_status(text, GREEN)
        self.imported.emit(report)

    def _on_failed(self, exc: BaseException) -> None:
        self.choose_button.setEnabled(True)
        self.import_button.setEnabled(self.current is not None and bool(self.current.matched))
        self._show_status(str(exc), RED)

    def _set_tab_titles(self) -> None:
        titles = (self.tr("To import (%1)"), self.tr("Not taken (%1)"), self.tr("Imported before (%1)"),
                  self.tr("Duplicates (%1)"))
        models = (self.matched_model, self.rejected_model, self.already_model, self.duplicates_model)
        for index, (title, model) in enumerate(zip(titles, models, strict=True)):
            self.tabs.setTabText(index, title.replace("%1", str(model.rowCount())))

    def _show_status(self, text: str, color: str | None) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {color};" if color else "")


def _commit(db: Database, seen: ImportPreview, user_id: int | None) -> ImportReport:
    return commit(db, seen, user_id=user_id)

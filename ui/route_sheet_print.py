"""Print route sheets: load the day's sheets and render the PDF off the UI thread, then show it in the PDF preview
with Print… (the print dialog: printer, copies, pages) and Save as PDF…."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from models.database import Database
from models.route_sheets import load_route_sheets
from reports.route_sheet import render_route_sheets
from ui.pdf_view import PdfPreviewDialog
from ui.tasks import run_in_background

log = logging.getLogger(__name__)


def make_route_sheet_pdf(db: Database, day: date, technician_ids: Sequence[int] | None,
                         language: str = "ru") -> tuple[bytes, int]:
    """Load the day's sheets and render them as one PDF; return its bytes and page count."""
    sheets = load_route_sheets(db, day, technician_ids)
    buffer = io.BytesIO()
    pages = render_route_sheets(sheets, buffer, language=language)
    return buffer.getvalue(), pages


class RouteSheetPrinter(QObject):
    """One print job: renders in the background, then shows the preview to print or save from. ``finished`` when
    the preview closes, with where the sheets went last (the saved file, "printer", or "" when nowhere)."""

    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QWidget, db: Database, *, language: str = "ru"):
        super().__init__(parent)
        self.parent_widget = parent
        self.db = db
        self.language = language
        self.day: date | None = None
        self.pdf: bytes | None = None
        self.pages = 0
        self.preview: PdfPreviewDialog | None = None

    def start(self, day: date, technician_ids: Sequence[int] | None) -> None:
        self.day = day
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        ids = None if technician_ids is None else list(technician_ids)
        run_in_background(make_route_sheet_pdf, self.db, day, ids, self.language,
                          on_done=self.on_pdf_ready, on_error=self.on_pdf_failed)

    def on_pdf_ready(self, result: tuple[bytes, int]) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.pdf, self.pages = result
        day = self.day or date.today()
        title = self.tr("Route sheets for %1").replace("%1", f"{day:%d.%m.%Y}")
        self.preview = PdfPreviewDialog(self.pdf, title, f"route-sheets-{day:%Y-%m-%d}.pdf", self.parent_widget)
        self.preview.finished.connect(self.on_preview_finished)
        self.preview.open()

    def on_preview_finished(self, _result: int) -> None:
        self.finished.emit(self.preview.last_destination if self.preview else "")

    def on_pdf_failed(self, exc: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        log.debug("route sheets failed", exc_info=exc)
        message = str(exc)
        QMessageBox.warning(self.parent_widget, self.tr("Route sheets"), message)
        self.failed.emit(message)


def print_route_sheets(parent: QWidget, db: Database, day: date, technician_ids: Sequence[int] | None, *,
                       language: str = "ru") -> RouteSheetPrinter:
    """Preview and print the day's route sheets of ``technician_ids`` (all technicians with visits when None) as
    one PDF."""
    printer = RouteSheetPrinter(parent, db, language=language)
    printer.start(day, technician_ids)
    return printer

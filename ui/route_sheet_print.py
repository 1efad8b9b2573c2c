"""Print route sheets: load and render the PDF off the UI thread, then print it or save and open it.

With Qt PDF (``PySide6.QtPdf``, part of the full PySide6 but not of PySide6-Essentials) the pages go through the
print dialog; without it the PDF is saved where the user says and opened in the system's PDF viewer, which prints.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPainter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from models.database import Database
from models.route_sheets import load_route_sheets
from reports.route_sheet import render_route_sheets
from ui.tasks import run_in_background

log = logging.getLogger(__name__)

PRINT_DPI = 300  # pages are rasterised for the printer at this resolution


def can_print_directly() -> bool:
    """Whether Qt PDF is installed, so PDF pages can be sent through the print dialog."""
    return importlib.util.find_spec("PySide6.QtPdf") is not None


def make_route_sheet_pdf(db: Database, day: date, technician_ids: Sequence[int] | None,
                         language: str = "ru") -> tuple[Path, int]:
    """Load the day's sheets and write them to a temporary PDF; return its path and page count."""
    sheets = load_route_sheets(db, day, technician_ids)
    handle, name = tempfile.mkstemp(prefix=f"route-sheets-{day:%Y-%m-%d}-", suffix=".pdf")
    os.close(handle)
    path = Path(name)
    try:
        pages = render_route_sheets(sheets, path, language=language)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, pages


class RouteSheetPrinter(QObject):
    """One print job: renders in the background, then prints or saves; emits ``finished`` with where it went."""

    finished = Signal(str)  # the saved file, "printer", or "" when the user cancelled
    failed = Signal(str)

    def __init__(self, parent: QWidget, db: Database, *, use_print_dialog: bool | None = None,
                 language: str = "ru"):
        super().__init__(parent)
        self.parent_widget = parent
        self.db = db
        self.language = language
        self.use_print_dialog = can_print_directly() if use_print_dialog is None else use_print_dialog
        self.pdf_path: Path | None = None  # the temporary PDF, removed once printed or saved
        self.day: date | None = None

    def start(self, day: date, technician_ids: Sequence[int] | None) -> None:
        self.day = day
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        ids = None if technician_ids is None else list(technician_ids)
        run_in_background(make_route_sheet_pdf, self.db, day, ids, self.language,
                          on_done=self.on_pdf_ready, on_error=self.on_pdf_failed)

    def on_pdf_ready(self, result: tuple[Path, int]) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.pdf_path, _pages = result
        try:
            where = self.print_pdf(self.pdf_path) if self.use_print_dialog else self.save_pdf(self.pdf_path)
        except OSError as exc:
            self.report_failure(self.tr("The route sheets could not be saved:") + f" {exc}")
            return
        finally:
            self.pdf_path.unlink(missing_ok=True)
        self.finished.emit(where)

    def on_pdf_failed(self, exc: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.report_failure(str(exc))

    def report_failure(self, message: str) -> None:
        QMessageBox.warning(self.parent_widget, self.tr("Route sheets"), message)
        self.failed.emit(message)

    def save_pdf(self, pdf: Path) -> str:
        """Ask where to save the PDF, copy it there and open it in the PDF viewer; "" when cancelled."""
        suggested = str(Path.home() / f"route-sheets-{self.day or date.today():%Y-%m-%d}.pdf")
        target, _filter = QFileDialog.getSaveFileName(self.parent_widget, self.tr("Save route sheets"), suggested,
                                                      self.tr("PDF document (*.pdf)"))
        if not target:
            return ""
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        shutil.copyfile(pdf, target)
        QDesktopServices.openUrl(QUrl.fromLocalFile(target))
        return target

    def print_pdf(self, pdf: Path) -> str:
        """Send the PDF's pages through the print dialog; "" when cancelled."""
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        document = QPdfDocument(self)
        document.load(str(pdf))
        dialog = QPrintDialog(printer, self.parent_widget)
        dialog.setMinMax(1, document.pageCount())
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return ""
        first = max(printer.fromPage(), 1)
        last = printer.toPage() or document.pageCount()
        painter = QPainter(printer)
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                area = painter.viewport()
                image = document.render(number - 1, QSize(area.width(), area.height()))
                painter.drawImage(area, image)
        finally:
            painter.end()
            document.close()
        return "printer"


def print_route_sheets(parent: QWidget, db: Database, day: date, technician_ids: Sequence[int] | None, *,
                       use_print_dialog: bool | None = None, language: str = "ru") -> RouteSheetPrinter:
    """Print the day's route sheets of ``technician_ids`` (all technicians with visits when None) as one PDF."""
    printer = RouteSheetPrinter(parent, db, use_print_dialog=use_print_dialog, language=language)
    printer.start(day, technician_ids)
    return printer

"""Printing route sheets from the UI: the PDF is made in the background, then shown in the preview, printed through
a printer (one PDF page a sheet) or saved where the user says."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy import func, select

from models.company import Company
from models.database import Database
from models.route_sheets import load_route_sheets
from models.scheduling import Visit
from ui.route_sheet_print import RouteSheetPrinter, print_route_sheets


@pytest.fixture(scope="module")
def busy_day(demo_database: Database) -> date:
    """The demo day with the most visits."""
    with demo_database.session() as s:
        tz = ZoneInfo(s.execute(select(Company.time_zone)).scalar_one())
        day = func.date(func.timezone(tz.key, Visit.starts_at))
        return s.execute(select(day).where(Visit.status != "cancelled", Visit.technician_id.is_not(None))
                         .group_by(day).order_by(func.count().desc(), day).limit(1)).scalar_one()


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_all_sheets_are_previewed_and_printed_one_page_a_sheet(parent, demo_database, busy_day, tmp_path,
                                                              warnings) -> None:
    job = print_route_sheets(parent, demo_database, busy_day, None)
    finished = []
    job.finished.connect(finished.append)

    preview = job.preview
    assert preview is not None and preview.isVisible() and warnings == []
    sheets = load_route_sheets(demo_database, busy_day)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(job.pdf)).pages)
    assert all(sheet.technician_name in text for sheet in sheets)
    assert preview.view.page_count == job.pages >= len(sheets)
    assert busy_day.strftime("%d.%m.%Y") in preview.windowTitle()

    printed = tmp_path / "printed.pdf"
    preview.print_to(pdf_printer(printed))
    assert len(PdfReader(printed).pages) == job.pages
    preview.close_button.click()
    assert finished == ["printer"]


def test_sheets_are_saved_where_the_user_says(parent, demo_database, busy_day, tmp_path, monkeypatch,
                                              warnings) -> None:
    target = tmp_path / "листы"
    asked = []

    def choose(parent_widget, title, suggested, filters):
        asked.append((Path(suggested).name, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    sheets = load_route_sheets(demo_database, busy_day)
    job = RouteSheetPrinter(parent, demo_database)
    finished = []
    job.finished.connect(finished.append)
    job.start(busy_day, [sheets[0].technician_id])
    job.preview.save_button.click()

    saved = tmp_path / "листы.pdf"  # the extension is added
    assert asked == [(f"route-sheets-{busy_day:%Y-%m-%d}.pdf", "PDF document (*.pdf)")] and warnings == []
    text = " ".join(page.extract_text() for page in PdfReader(saved).pages)
    assert sheets[0].technician_name in text
    assert all(sheet.technician_name not in text for sheet in sheets[1:])
    job.preview.reject()  # Esc
    assert finished == [str(saved)]


def test_closing_the_preview_without_printing_reports_nothing_done(parent, demo_database, busy_day, monkeypatch,
                                                                   warnings) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    job = print_route_sheets(parent, demo_database, busy_day, None)
    finished = []
    job.finished.connect(finished.append)
    job.preview.save_button.click()  # the save dialog cancelled
    job.preview.close_button.click()
    assert finished == [""] and warnings == []


def test_a_day_without_visits_is_refused_with_a_message(parent, demo_database, busy_day, warnings) -> None:
    job = RouteSheetPrinter(parent, demo_database)
    failures = []
    job.failed.connect(failures.append)

    job.start(busy_day + timedelta(days=3650), None)

    assert len(warnings) == 1 and "nothing to print" in warnings[0]
    assert failures == warnings and job.preview is None


def test_a_folder_that_cannot_be_written_gives_a_message(parent, demo_database, busy_day, tmp_path, monkeypatch,
                                                         warnings) -> None:
    missing = tmp_path / "no-such-folder" / "sheets.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(missing), ""))

    job = print_route_sheets(parent, demo_database, busy_day, None)
    job.preview.save_button.click()

    assert len(warnings) == 1 and warnings[0].startswith("The PDF could not be saved:")
    assert not missing.exists() and job.preview.isVisible()  # the preview stays open to try another place


def test_the_planning_page_previews_the_day_shown(qtbot, demo_database, busy_day, tmp_path, monkeypatch,
                                                  warnings) -> None:
    from models.users import UserRef
    from ui.planning_page import PlanningPage

    page = PlanningPage(demo_database, UserRef(1, "head", "Head", "service_head", None), day=busy_day)
    qtbot.addWidget(page)
    page.ensure_loaded()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "day.pdf"), a[-1]))
    messages: list[str] = []
    page.status_message_requested.connect(messages.append)
    page.print_button.click()
    preview = page.printer.preview
    assert preview is not None and warnings == []
    assert not page.print_button.isEnabled()  # one job at a time
    preview.save_button.click()
    preview.close_button.click()
    assert page.print_button.isEnabled()
    assert messages and "day.pdf" in messages[-1]
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "day.pdf").pages)
    assert all(sheet.technician_name in text for sheet in load_route_sheets(demo_database, busy_day))

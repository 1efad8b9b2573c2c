"""Printing route sheets from the UI: the PDF is made in the background, then saved where the user says and opened."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
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
def opened(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    return urls


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def test_all_sheets_are_saved_where_the_user_says_and_opened(parent, demo_database, busy_day, tmp_path, monkeypatch,
                                                               opened, warnings) -> None:
    target = tmp_path / "листы"
    asked = []

    def choose(parent_widget, title, suggested, filters):
        asked.append((parent_widget, Path(suggested).name, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    printer = print_route_sheets(parent, demo_database, busy_day, None, use_print_dialog=False)

    saved = tmp_path / "листы.pdf"  # the extension is added
    assert asked == [(parent, f"route-sheets-{busy_day:%Y-%m-%d}.pdf", "PDF document (*.pdf)")]
    assert opened == [str(saved)] and warnings == []
    sheets = load_route_sheets(demo_database, busy_day)
    text = " ".join(page.extract_text() for page in PdfReader(saved).pages)
    assert all(sheet.technician_name in text for sheet in sheets)
    assert len(PdfReader(saved).pages) >= len(sheets)
    assert printer.pdf_path is not None and not printer.pdf_path.exists()  # the temporary file is gone


def test_cancelling_the_save_dialog_leaves_nothing_behind(parent, demo_database, busy_day, monkeypatch, opened,
                                                          warnings) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    sheets = load_route_sheets(demo_database, busy_day)
    job = RouteSheetPrinter(parent, demo_database, use_print_dialog=False)
    finished = []
    job.finished.connect(finished.append)

    job.start(busy_day, [sheets[0].technician_id])

    assert finished == [""] and opened == [] and warnings == []
    assert job.pdf_path is not None and not job.pdf_path.exists()


def test_a_day_without_visits_is_refused_with_a_message(parent, demo_database, busy_day, monkeypatch, opened,
                                                         warnings) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: pytest.fail("nothing should be saved"))
    job = RouteSheetPrinter(parent, demo_database, use_print_dialog=False)
    failures = []
    job.failed.connect(failures.append)

    job.start(busy_day + timedelta(days=3650), None)

    assert len(warnings) == 1 and "nothing to print" in warnings[0]
    assert failures == warnings and opened == []


def test_a_folder_that_cannot_be_written_gives_a_message(parent, demo_database, busy_day, tmp_path, monkeypatch,
                                                         opened, warnings) -> None:
    missing = tmp_path / "no-such-folder" / "sheets.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(missing), ""))

    job = print_route_sheets(parent, demo_database, busy_day, None, use_print_dialog=False)

    assert len(warnings) == 1 and warnings[0].startswith("The route sheets could not be saved:")
    assert opened == [] and not missing.exists() and not job.pdf_path.exists()


def test_the_planning_page_prints_the_day_shown(qtbot, demo_database, busy_day, tmp_path, monkeypatch, opened,
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
    assert opened == [str(tmp_path / "day.pdf")] and warnings == []
    assert page.print_button.isEnabled()
    assert messages and "day.pdf" in messages[-1]
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "day.pdf").pages)
    assert all(sheet.technician_name in text for sheet in load_route_sheets(demo_database, busy_day))

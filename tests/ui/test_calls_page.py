"""The Calls page: the call log pages as it scrolls and narrows with its filters; missed calls wait for a callback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from sqlalchemy import select

from models.call_log import open_callback_count
from models.call_views import CallLogFilter
from models.calls import record_call
from models.pipelines import Task
from models.timeline import TimelineEntry
from tests.factories import add_client
from tests.ui.keys import type_text
from tests.ui.test_call_pane import call
from ui.call_models import CLIENT_ID_ROLE, NUMBER_ROLE, CallLogTableModel, MissedCallsTableModel
from ui.chips import STATUS_ROLE
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.status_palette import RED


def column(model, col: int, role=Qt.ItemDataRole.DisplayRole) -> list:
    return [model.data(model.index(row, col), role) for row in range(model.rowCount())]


def test_the_log_fetches_a_page_at_a_time(demo_database):
    model = CallLogTableModel(demo_database, page_size=100)
    model.set_filters(CallLogFilter())
    assert model.rowCount() == 100 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 200
    ids = [model.row_at(row).id for row in range(model.rowCount())]
    assert len(set(ids)) == 200
    starts = [model.row_at(row).started_at for row in range(model.rowCount())]
    assert starts == sorted(starts, reverse=True)


def test_the_last_page_stops_fetching(demo_database):
    model = CallLogTableModel(demo_database, page_size=5000)
    model.set_filters(CallLogFilter(direction="outbound"))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert 0 < model.rowCount() < 6000
    assert set(column(model, CallLogTableModel.COL_DIRECTION)) == {"↗ outgoing"}


def test_filters_narrow_the_rows(demo_database):
    model = CallLogTableModel(demo_database, page_size=10_000)
    model.set_filters(CallLogFilter())
    every = model.rowCount()
    model.set_filters(CallLogFilter(statuses=("missed",)))
    missed = model.rowCount()
    assert 0 < missed < every
    assert set(column(model, CallLogTableModel.COL_STATUS)) == {"missed"}
    assert {s.color for s in column(model, CallLogTableModel.COL_STATUS, STATUS_ROLE)} == {RED}
    model.set_filters(CallLogFilter(statuses=("missed",), extension="201"))
    assert model.rowCount() == 0  # missed calls were answered by nobody
    model.set_filters(CallLogFilter(extension="201"))
    assert 0 < model.rowCount() < every
    assert set(column(model, CallLogTableModel.COL_EXTENSION)) == {"201"}
    name = next(n for n in column(model, CallLogTableModel.COL_CLIENT) if n != "unknown number")
    model.set_filters(CallLogFilter(text=name))
    names = column(model, CallLogTableModel.COL_CLIENT)
    assert name in names and len(names) < every
    for shown in names:  # every word typed begins a word of the name
        assert all(any(w.startswith(typed.lower()) for w in shown.lower().split()) for typed in name.split())


@pytest.fixture
def window(qtbot, db, tmp_path) -> MainWindow:
    store = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    Settings(store).set(Settings.PHONE_EXTENSION, "201")
    window = MainWindow(db, settings=Settings(store))
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_filter_controls_narrow_the_log_and_a_new_call_appears_live(qtbot, window, db):
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+7 351 123 45 67")
    now = datetime.now(UTC)
    record_call(db, call("a", "+73511234567", "ended", started=now - timedelta(hours=2)))
    record_call(db, call("b", "+79995550000", "missed", started=now - timedelta(hours=1)))
    window.show_page("calls")
    page = window.calls_page
    assert page.log_model.rowCount() == 2
    page.filters.status_combo.setCurrentIndex(page.filters.status_combo.findText("Missed"))
    assert column(page.log_model, CallLogTableModel.COL_NUMBER) == ["+7 999 555-00-00"]
    page.filters.status_combo.setCurrentIndex(0)
    type_text(page.filters.text_edit, "Иванов")
    qtbot.keyClick(page.filters.text_edit, Qt.Key.Key_Return)
    assert column(page.log_model, CallLogTableModel.COL_CLIENT) == ["Иванов Пётр"]
    page.filters.text_edit.clear()
    page.filters.emit_filters()

    fresh = record_call(db, call("c", "+73511234567", "ringing"))
    window.on_live_sync_data_changed({"calls": {fresh.id}}, set())
    assert page.log_model.row_at(0).id == fresh.id and page.log_model.rowCount() == 3
    index = page.log_model.index(0, CallLogTableModel.COL_CLIENT)
    assert index.data(CLIENT_ID_ROLE) == client.id
    page.log_view.doubleClicked.emit(index)
    assert window.current_page_key() == "clients" and window.clients_page.card_view.card.id == client.id


def test_missed_calls_show_overdue_in_red_and_f9_marks_them_called_back(qtbot, window, db):
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+7 351 123 45 67")
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    record_call(db, call("late", "+73511234567", "missed", started=long_ago))
    recent = record_call(db, call("new", "+79995550000", "missed", started=datetime.now(UTC)))
    window.on_live_sync_data_changed({"calls": {recent.id}, "tasks": {None}}, set())
    assert window.rail.count_shown("calls") == 2
    assert window.rail.item(0).toolTip().startswith("Calls (2)")
    assert window.callbacks_label.text() == "Missed calls waiting: 2"

    window.show_page("calls")
    page = window.calls_page
    model = page.missed_model
    assert page.missed_title.text() == "Missed calls to call back (2)"
    states = column(model, MissedCallsTableModel.COL_STATE)
    assert states[0].startswith("overdue ") and states[1].startswith("in ")
    assert model.data(model.index(0, MissedCallsTableModel.COL_STATE), STATUS_ROLE).color == RED
    assert column(model, MissedCallsTableModel.COL_CALLER) == ["Иванов Пётр", "unknown number"]
    assert model.data(model.index(1, MissedCallsTableModel.COL_NUMBER), NUMBER_ROLE) == "+79995550000"
    assert "F9" in page.called_back_button.toolTip()

    page.missed_view.selectRow(0)
    page.missed_view.setFocus()
    type_text(page.callback_note_edit, "Договорились на пятницу")
    page.missed_view.setFocus()
    qtbot.keyClick(page.missed_view, Qt.Key.Key_F9)

    assert column(model, MissedCallsTableModel.COL_CALLER) == ["unknown number"]
    assert open_callback_count(db) == 1 and window.rail.count_shown("calls") == 1
    with db.session() as s:
        done = s.execute(select(Task.status).where(Task.client_id == client.id)).scalar_one()
        note = s.execute(select(TimelineEntry.text).where(TimelineEntry.kind == "task")).scalar_one()
    assert done == "done" and note == "Called back: Договорились на пятницу"
    assert page.callback_note_edit.text() == ""
    assert "marked as called back" in window.statusBar().currentMessage()


def test_scrolling_to_the_end_of_the_log_fetches_the_next_page(qtbot, demo_database):
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    window.show_page("calls")
    page = window.calls_page
    first = page.log_model.rowCount()
    assert first == page.log_model.page_size and "scroll down for more" in page.log_summary.text()
    bar = page.log_view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: page.log_model.rowCount() > first)
    assert page.log_model.rowCount() == 2 * first

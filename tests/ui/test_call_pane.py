"""The call pane: it opens on the desk whose extension rings, shows who calls, and takes a note afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from models.call_log import call_log
from models.call_views import CallLogFilter
from models.calls import record_call
from models.database import Database
from models.timeline import TimelineEntry
from telephony.events import CallUpdate
from tests.factories import add_client, add_equipment, add_order, add_pipeline
from tests.ui.keys import type_text
from ui.chips import STATUS_ROLE
from ui.client_card_models import EquipmentTableModel
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.status_palette import GREEN

COMPANY_LINE = "73512200000"


@dataclass(frozen=True)
class Caller:
    id: int
    name: str
    phone: str


def call(pbx_id: str, caller: str, status: str = "ringing", *, rung=("201",), answered_by: str | None = None,
         started: datetime | None = None) -> CallUpdate:
    """An inbound call as the PBX bridge stores it."""
    started = started or datetime.now(UTC) - timedelta(seconds=3)
    fields = dict(pbx_call_id=pbx_id, direction="inbound", caller=caller, called=COMPANY_LINE, extensions_rung=rung,
                  status=status, started_at=started)
    if status in ("answered", "ended"):
        fields.update(answered_by=answered_by or rung[0], answered_at=started + timedelta(seconds=5))
    if status in ("ended", "missed"):
        fields["ended_at"] = started + timedelta(seconds=70)
    return CallUpdate(**fields)


def desk(qtbot, db: Database, tmp_path, extension: str) -> MainWindow:
    """A main window whose desk has ``extension``, as set in Settings."""
    store = QSettings(str(tmp_path / f"desk-{extension}.ini"), QSettings.Format.IniFormat)
    Settings(store).set(Settings.PHONE_EXTENSION, extension)
    window = MainWindow(db, settings=Settings(store))
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keyboard shortcuts need the active window
    return window


def ring(window: MainWindow, db: Database, update: CallUpdate) -> int:
    """Store the update and deliver the change to the window as live sync does."""
    stored = record_call(db, update)
    window.on_live_sync_data_changed({"calls": {stored.id}}, set())
    return stored.id


@pytest.fixture
def caller(db) -> Caller:
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+7 351 123 45 67", address="ул. Ленина, 5")
        add_equipment(s, client, serial="AC-1", model="FTXB35C", warranty_until=date.today() + timedelta(days=400))
        _, stages = add_pipeline(s)
        add_order(s, client, stages[1], title="Не охлаждает", amount=Decimal("15000"), paid=Decimal("5000"))
        return Caller(client.id, client.name, "+73511234567")


def equipment_cells(window: MainWindow) -> list[tuple[str, str, str]]:
    model = window.call_pane.view.equipment_model
    rows = []
    for row in range(model.rowCount()):
        warranty = model.index(row, EquipmentTableModel.COL_WARRANTY)
        rows.append((model.data(model.index(row, EquipmentTableModel.COL_UNIT)), model.data(warranty),
                     model.data(warranty, STATUS_ROLE).color))
    return rows


def test_a_call_ringing_201_shows_the_caller_on_201s_desk(qtbot, db, tmp_path, caller):
    window = desk(qtbot, db, tmp_path, "201")
    assert not window.call_pane.isVisible()
    ring(window, db, call("1", caller.phone))

    pane, view = window.call_pane, window.call_pane.view
    assert pane.isVisible()
    assert view.number_link.text() == "+7 351 123-45-67"
    assert view.client_button.text() == "Иванов Пётр" and view.client_button.isVisible()
    assert view.facts_label.text() == "person"
    (unit,) = equipment_cells(window)
    assert "FTXB35C" in unit[0] and unit[1].startswith("until ") and unit[2] == GREEN
    assert view.equipment.isVisible() and view.equipment.title_label.text() == "Equipment (1)"
    assert view.orders_model.rowCount() == 1 and view.orders.title_label.text() == "Open orders (1)"
    assert view.balance_label.text() == "Balance due 10\u00a0000 ₽"
    assert view.status_chip.text() == "ringing"
    assert view.timer_label.text().startswith("0:0")
    assert not view.note_box.isVisible()  # offered once the call is over
    assert view.new_order_button.isEnabled() and "Ctrl+Shift+R" in view.new_order_button.toolTip()
    assert view.book_button.isEnabled() and "Ctrl+Shift+B" in view.book_button.toolTip()
    requested: list[tuple[int, int]] = []
    pane.new_order_requested.connect(lambda client_id, call_id: requested.append((client_id, call_id)))
    view.new_order_button.click()
    assert requested == [(pane.summary.client.id, pane.summary.call.id)]
    opened: list[tuple[str, int]] = []
    pane.equipment_open_requested.connect(lambda unit_id: opened.append(("unit", unit_id)))
    pane.order_open_requested.connect(lambda order_id: opened.append(("order", order_id)))
    view.equipment.table.activated.emit(view.equipment_model.index(0, 0))
    view.orders.table.activated.emit(view.orders_model.index(0, 0))
    assert opened == [("unit", view.equipment_model.row_at(0).id), ("order", view.orders_model.row_at(0).id)]


def test_a_call_ringing_202_does_not_show_on_201s_desk(qtbot, db, tmp_path, caller):
    mine, theirs = desk(qtbot, db, tmp_path, "201"), desk(qtbot, db, tmp_path, "202")
    stored = record_call(db, call("2", caller.phone, rung=("202",)))
    for window in (mine, theirs):
        window.on_live_sync_data_changed({"calls": {stored.id}}, set())
    assert not mine.call_pane.isVisible() and mine.call_pane.summary is None
    assert theirs.call_pane.isVisible() and theirs.call_pane.view.client_button.text() == "Иванов Пётр"


def test_a_desk_without_an_extension_never_shows_the_pane(qtbot, db, tmp_path, caller):
    window = desk(qtbot, db, tmp_path, "")
    ring(window, db, call("3", caller.phone))
    assert not window.call_pane.isVisible()
    assert window.extension_label.text() == "no phone extension"


def test_when_a_colleague_answers_the_pane_closes(qtbot, db, tmp_path, caller):
    window = desk(qtbot, db, tmp_path, "201")
    ring(window, db, call("4", caller.phone, rung=("201", "202")))
    assert window.call_pane.isVisible()
    ring(window, db, call("4", caller.phone, "answered", rung=("201", "202"), answered_by="202"))
    assert not window.call_pane.isVisible()
    assert "answered at extension 202" in window.call_pane.view.state_label.text()


def test_after_the_call_the_note_is_offered_and_saved_to_the_timeline(qtbot, db, tmp_path, caller):
    window = desk(qtbot, db, tmp_path, "201")
    started = datetime.now(UTC) - timedelta(seconds=30)
    ring(window, db, call("5", caller.phone, started=started))
    ring(window, db, call("5", caller.phone, "answered", started=started))
    view = window.call_pane.view
    assert view.status_chip.text() == "talking" and not view.note_box.isVisible()
    call_id = ring(window, db, call("5", caller.phone, "ended", started=started))
    assert window.call_pane.isVisible()  # stays through and after the call
    assert view.note_box.isVisible() and view.note_edit.isEnabled()
    assert view.timer_label.text() == "1:05"  # the talk time once over
    view.note_edit.setFocus()
    type_text(view.note_edit, "Мастер завтра с 10 до 12")
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    with db.session() as s:
        notes = s.execute(select(TimelineEntry.text, TimelineEntry.payload)
                          .where(TimelineEntry.client_id == caller.id, TimelineEntry.kind == "note")).all()
    assert [(n.text, n.payload) for n in notes] == [("Мастер завтра с 10 до 12", {"call_id": call_id})]
    assert not window.call_pane.isVisible()  # done: the pane goes away unless pinned
    assert "Note saved" in window.statusBar().currentMessage()


def test_a_pinned_pane_stays_and_esc_closes_it(qtbot, db, tmp_path, caller):
    window = desk(qtbot, db, tmp_path, "201")
    ring(window, db, call("6", caller.phone))
    ring(window, db, call("6", caller.phone, "ended"))
    window.call_pane.view.pin_button.click()
    assert window.call_pane.pinned
    window.call_pane.view.note_edit.setPlainText("Перезвонит сам")
    window.call_pane.view.save_note_button.click()
    assert window.call_pane.isVisible()
    window.call_pane.view.note_edit.setFocus()
    qtbot.keyClick(window.call_pane.view.note_edit, Qt.Key.Key_Escape)
    assert not window.call_pane.isVisible()
    assert window.settings.get(Settings.CALL_PANE_PINNED) == 1


def test_an_unknown_number_offers_a_new_client_with_the_number_filled_in(qtbot, db, tmp_path):
    window = desk(qtbot, db, tmp_path, "201")
    call_id = ring(window, db, call("7", "89995550011"))
    view = window.call_pane.view
    assert view.unknown_box.isVisible() and not view.client_box.isVisible()
    assert view.unknown_label.text() == "No client has this number."
    assert not view.open_card_button.isEnabled()
    qtbot.mouseClick(view.new_client_button, Qt.MouseButton.LeftButton)

    dialog = window.new_client_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.phones_edit.text() == "+7 999 555-00-11"
    assert dialog.focusWidget() is dialog.name_edit
    type_text(dialog.name_edit, "Новиков Илья")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    assert call_log(db, CallLogFilter(client_id=dialog.client_id))[0].id == call_id  # the call is theirs now
    assert view.client_button.text() == "Новиков Илья" and view.client_box.isVisible()
    assert window.clients_page.card_view.card.name == "Новиков Илья"


def test_open_card_shows_the_callers_card_on_the_clients_page(qtbot, db, tmp_path, caller):
    window = desk(qtbot, db, tmp_path, "201")
    window.show_page("settings")
    ring(window, db, call("8", caller.phone))
    qtbot.mouseClick(window.call_pane.view.client_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "clients"
    assert window.clients_page.card_view.card.id == caller.id
    window.show_page("settings")
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.current_page_key() == "clients"  # the same from the keyboard


def test_f12_shows_and_hides_the_pane_and_a_pinned_pane_opens_at_start(qtbot, db, tmp_path):
    window = desk(qtbot, db, tmp_path, "201")
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.call_pane.isVisible() and window.call_pane.view.idle_label.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.call_pane.pinned
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert not window.call_pane.isVisible()
    window.close()
    again = desk(qtbot, db, tmp_path, "201")
    assert again.call_pane.pinned and again.call_pane.isVisible()


def test_another_call_ringing_during_a_call_is_offered_not_forced(qtbot, db, tmp_path, caller):
    window = desk(qtbot, db, tmp_path, "201")
    ring(window, db, call("9", caller.phone, "answered"))
    second = ring(window, db, call("10", "+79995550022"))
    view = window.call_pane.view
    assert view.client_button.text() == "Иванов Пётр"  # the call being talked on stays
    assert view.other_button.isVisible() and "+7 999 555-00-22" in view.other_button.text()
    view.other_button.click()
    assert window.call_pane.summary.call.id == second


def test_a_real_notification_opens_the_pane(qtbot, fresh_database, tmp_path):
    """End to end: a call stored by another connection reaches the pane through LISTEN/NOTIFY."""
    from ui.live_sync import LiveSync

    with fresh_database.transaction() as s:
        add_client(s, "Сидоров Олег", "+7 351 700 10 20")
    window = desk(qtbot, fresh_database, tmp_path, "201")
    sync = LiveSync(fresh_database.url, interval_ms=50)
    window.attach_live_sync(sync)
    with qtbot.waitSignal(sync.status_changed, timeout=10_000):
        sync.start()
    try:
        with qtbot.waitSignal(window.call_pane.summary_shown, timeout=10_000):
            record_call(fresh_database, call("e2e", "+73517001020"))
        assert window.call_pane.isVisible()
        assert window.call_pane.view.client_button.text() == "Сидоров Олег"
    finally:
        sync.stop()


def test_the_extension_set_in_settings_decides_which_calls_open_the_pane(qtbot, db, tmp_path, caller):
    window = desk(qtbot, db, tmp_path, "201")
    window.show_page("settings")
    edit = window.settings_page.phone_form.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "202")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.phone_extension == "202" and window.extension_label.text() == "ext 202"
    assert window.settings.get(Settings.PHONE_EXTENSION) == "202"
    ring(window, db, call("11", caller.phone, rung=("201",)))
    assert not window.call_pane.isVisible()
    ring(window, db, call("12", caller.phone, rung=("202",)))
    assert window.call_pane.isVisible()


def test_the_pane_speaks_russian(qtbot, qapp, db, tmp_path, caller):
    from ui.i18n import install_translations, remove_translations

    translators = install_translations(qapp, "ru")
    try:
        assert translators, "the Russian translation did not load"
        window = desk(qtbot, db, tmp_path, "201")
        ring(window, db, call("ru", caller.phone))
        view = window.call_pane.view
        assert view.status_chip.text() == "звонит"
        assert view.orders.title_label.text() == "Открытые заказы (1)"
        assert view.new_order_button.text() == "Новый заказ…"
        assert window.extension_label.text() == "доб. 201"
    finally:
        remove_translations(qapp, translators)

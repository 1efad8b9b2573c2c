"""Book a visit: free slots for the order's address and service, Ctrl+Enter books, a clash names the visit."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt

from models.clients import Site
from models.database import Database
from models.order_create import book_slot
from models.scheduling import Visit
from models.users import UserRef
from tests.models.test_order_create import DAY, World, at, booking_world
from ui.book_visit_dialog import NEW_ORDER, BookVisitDialog, FreeSlotsTableModel

NOW = at(DAY - timedelta(days=1), "12:00")  # the day before the technician's shift


def make_world(db: Database) -> tuple[World, dict[str, int]]:
    with db.transaction() as session:
        world = World(session)
    return world, booking_world(db, world)


def open_dialog(qtbot, db: Database, world: World, **kw) -> BookVisitDialog:
    user = UserRef(world.user.id, world.user.login, world.user.full_name, "dispatcher", "201")
    dialog = BookVisitDialog(db, user, world.client.id, now=NOW, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # Ctrl+Enter needs the active window
    return dialog


def shown(dialog: BookVisitDialog, column: int) -> list[str]:
    model = dialog.slots_model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def select_slot(dialog: BookVisitDialog, hhmm: str) -> None:
    times = shown(dialog, FreeSlotsTableModel.COL_TIME)
    dialog.slots_table.selectRow(next(i for i, text in enumerate(times) if f" {hhmm}–" in text))


def test_free_slots_of_the_fortnight_are_listed_with_technician_zone_and_travel(qtbot, db):
    world, ids = make_world(db)
    dialog = open_dialog(qtbot, db, world, order_id=ids["order"])
    assert dialog.focusWidget() is dialog.order_combo
    assert dialog.order_combo.currentData() == ids["order"]
    assert (dialog.date_from.date(), dialog.date_to.date()) == (QDate(2026, 11, 30), QDate(2026, 12, 14))
    assert dialog.service_combo.currentText() == "Диагностика · 60 min"
    times = shown(dialog, FreeSlotsTableModel.COL_TIME)
    assert len(times) == 17  # 09:00 … 17:00 every half hour in a 09–18 shift
    assert times[0].endswith("01.12 09:00–10:00") and times[-1].endswith("01.12 17:00–18:00")
    assert set(shown(dialog, FreeSlotsTableModel.COL_TECHNICIAN)) == {"Петров Сергей"}
    assert set(shown(dialog, FreeSlotsTableModel.COL_ZONE)) == {"Кременкуль"}
    assert shown(dialog, FreeSlotsTableModel.COL_TRAVEL)[0] == "0 min before · 0 after"
    assert "17 free slot" in dialog.slots_status.text()


def test_ctrl_enter_books_the_selected_slot(qtbot, db):
    world, ids = make_world(db)
    dialog = open_dialog(qtbot, db, world, order_id=ids["order"])
    select_slot(dialog, "10:00")
    assert dialog.book_button.isEnabled()
    with qtbot.waitSignal(dialog.visit_booked) as booked:
        qtbot.keyClick(dialog.slots_table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with db.session() as session:
        visit = session.get(Visit, booked.args[0])
        assert (visit.order_id, visit.technician_id) == (ids["order"], ids["tech"])
        assert (visit.starts_at, visit.ends_at) == (at(DAY, "10:00"), at(DAY, "11:00"))
    assert dialog.booked.order_id == ids["order"] and not dialog.isVisible()


def test_a_slot_taken_meanwhile_names_the_visit_holding_it_and_the_slots_are_read_again(qtbot, db):
    world, ids = make_world(db)
    dialog = open_dialog(qtbot, db, world, order_id=ids["order"])
    elsewhere = book_slot(db, order_id=ids["order"], site_id=world.site_id, technician_id=ids["tech"],
                          starts_at=at(DAY, "10:00"), service_id=ids["service"])  # another desk was quicker
    select_slot(dialog, "10:30")
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert dialog.conflict_label.isVisible()
    assert f"(visit {elsewhere.visit_id})" in dialog.conflict_label.text()
    times = shown(dialog, FreeSlotsTableModel.COL_TIME)
    assert not any(f" {hhmm}–" in text for text in times for hhmm in ("09:30", "10:00", "10:30"))
    assert len(times) == 14 and dialog.isVisible() and dialog.booked is None


def test_an_address_without_coordinates_is_explained_and_offers_no_slots(qtbot, db):
    world, ids = make_world(db)
    with db.transaction() as session:
        session.add(Site(client_id=world.client.id, address="с. Кременкуль, склад"))
    dialog = open_dialog(qtbot, db, world, order_id=ids["order"])
    assert dialog.site_combo.isEnabled()  # the order has no address yet
    dialog.site_combo.setCurrentIndex(1)
    assert dialog.site_combo.currentText() == "с. Кременкуль, склад (no coordinates)"
    assert dialog.site_message.isVisible() and "no coordinates" in dialog.site_message.text()
    assert dialog.slots_model.rowCount() == 0 and not dialog.book_button.isEnabled()


def test_an_order_with_an_address_fixes_it(qtbot, db):
    world, ids = make_world(db)
    book_slot(db, order_id=ids["order"], site_id=world.site_id, technician_id=ids["tech"],
              starts_at=at(DAY, "16:00"), service_id=ids["service"])  # gives the order its address
    dialog = open_dialog(qtbot, db, world)
    assert dialog.order_combo.currentData() == ids["order"]
    assert not dialog.site_combo.isEnabled() and dialog.site_combo.currentData() == world.site_id
    assert "order card" in dialog.site_combo.toolTip()


def test_a_client_without_open_orders_is_told_to_create_one_first(qtbot, db):
    world, _ids = make_world(db)
    user = UserRef(world.user.id, world.user.login, world.user.full_name, "dispatcher", "201")
    dialog = BookVisitDialog(db, user, world.other.id, now=NOW)
    qtbot.addWidget(dialog)
    assert "no open orders" in dialog.order_hint.text()
    last = dialog.order_combo.count() - 1
    assert dialog.order_combo.itemData(last) == NEW_ORDER
    assert not dialog.order_combo.model().item(last).isEnabled()
    assert dialog.order_id() is None and not dialog.book_button.isEnabled()


def test_days_keep_their_order(qtbot, db):
    world, ids = make_world(db)
    dialog = open_dialog(qtbot, db, world, order_id=ids["order"])
    dialog.date_from.setDate(QDate(2026, 12, 20))
    assert dialog.date_to.date() == QDate(2026, 12, 20)
    assert dialog.slots_model.rowCount() == 0 and "No free slots" in dialog.slots_status.text()

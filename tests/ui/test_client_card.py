"""The client card: warranty words and colours, visit statuses, private timeline items, loading state."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt

from models.client_card import load_client_card
from models.database import Database
from models.views import ClientCard, EquipmentRow, PhoneRow, TimelineRow, VisitRow
from ui.chips import STATUS_ROLE
from ui.client_card import ClientCardView
from ui.status_palette import AMBER, GREEN, GREY, RED

TODAY = date.today()
NOW = datetime.now()


def unit(id_: int, *, known=True, active=True, until=None, left=None, unit_name=None) -> EquipmentRow:
    return EquipmentRow(id_, "Сплит-система", f"Model {id_}", "Daikin", f"SN-{id_}", None, None, active, known, until,
                        left, unit_name, None)


def card_with(**fields) -> ClientCard:
    base = dict(
        id=1, kind="person", name="Петров Иван", tax_id=None, note=None, version=1,
        phones=(PhoneRow("+73511234567", "+7 351 123-45-67", "mobile", None),), emails=(), contacts=(),
        sites=(), equipment=(), orders=(), past_visits=(), upcoming_visits=(), timeline=(),
    )
    base.update(fields)
    return ClientCard(**base)


def warranty_cells(view: ClientCardView) -> list[tuple[str, str]]:
    model = view.equipment_model
    return [
        (model.data(index), model.data(index, STATUS_ROLE).color)
        for index in (model.index(r, model.COL_WARRANTY) for r in range(model.rowCount()))
    ]


def test_card_from_the_database_shows_warranty_until_a_date(qtbot, demo_database: Database, client_with_equipment):
    view = ClientCardView(demo_database)
    qtbot.addWidget(view)
    view.show()
    view.show_client(client_with_equipment.id)
    assert view.pages.currentIndex() == ClientCardView.PAGE_CARD
    card = load_client_card(demo_database, client_with_equipment.id)
    dated = next(u for u in card.equipment if u.warranty_active and u.warranty_until and u.usage_left is None)
    expected = f"until {dated.warranty_until:%d.%m.%Y}"
    row = [u.id for u in card.equipment].index(dated.id)
    text, _ = warranty_cells(view)[row]
    assert text == expected
    assert view.equipment.title_label.text() == f"Equipment ({len(card.equipment)})"


def test_warranty_states_have_words_and_the_palette_colour(qtbot):
    view = ClientCardView(db=None)
    qtbot.addWidget(view)
    view.set_card(card_with(equipment=(
        unit(1, until=TODAY + timedelta(days=400)),
        unit(2, until=TODAY + timedelta(days=10)),
        unit(3, active=False, until=TODAY - timedelta(days=1)),
        unit(4, known=False, active=False),
        unit(5, left=Decimal(120), unit_name="engine_hours"),
    )))
    cells = warranty_cells(view)
    assert cells[0] == (f"until {TODAY + timedelta(days=400):%d.%m.%Y}", GREEN)
    assert cells[1] == (f"until {TODAY + timedelta(days=10):%d.%m.%Y}", AMBER)
    assert cells[2] == ("expired", RED)
    assert cells[3] == ("no warranty data", GREY)
    assert cells[4] == ("120 engine hours left", GREEN)


def test_visit_statuses_are_labelled_and_cancelled_ones_struck(qtbot):
    view = ClientCardView(db=None)
    qtbot.addWidget(view)
    visits = tuple(
        VisitRow(i, 1000 + i, NOW + timedelta(days=i), NOW + timedelta(days=i, hours=2), "Сидоров", status, None)
        for i, status in enumerate(("planned", "confirmed", "en_route", "on_site", "done", "cancelled"))
    )
    view.set_card(card_with(upcoming_visits=visits))
    model = view.upcoming_model
    labels = [model.data(model.index(r, model.COL_STATUS)) for r in range(model.rowCount())]
    assert labels == ["planned", "confirmed", "en route", "on site", "done", "cancelled"]
    assert model.data(model.index(5, model.COL_WHEN), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(4, model.COL_WHEN), Qt.ItemDataRole.FontRole) is None
    assert view.past.empty_label.isVisibleTo(view) and view.past.empty_label.text() == "No visits yet."


def test_private_timeline_items_carry_a_lock(qtbot):
    view = ClientCardView(db=None)
    qtbot.addWidget(view)
    view.set_card(card_with(timeline=(
        TimelineRow(NOW, "note", "Не звонить до 10 утра", "Смирнова", True, None),
        TimelineRow(NOW, "call", "Входящий звонок", None, False, 1042),
    )))
    model = view.timeline_model
    private = model.index(0, model.COL_TEXT)
    public = model.index(1, model.COL_TEXT)
    assert "private" in model.data(private) and "Не звонить до 10 утра" in model.data(private)
    assert model.data(private, Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(public, Qt.ItemDataRole.DecorationRole) is None
    assert model.data(public).startswith("Call · order 1042")


def test_loading_state_then_the_card(qtbot, demo_database: Database, client_with_equipment):
    from ui import tasks

    view = ClientCardView(demo_database)
    qtbot.addWidget(view)
    view.show()
    tasks.set_synchronous(False)  # a real worker thread, so that "Loading…" can be seen first
    try:
        view.show_client(client_with_equipment.id)
        assert view.message_label.text() == "Loading…"
        assert view.pages.currentIndex() == ClientCardView.PAGE_MESSAGE
        qtbot.waitUntil(lambda: view.pages.currentIndex() == ClientCardView.PAGE_CARD, timeout=5000)
    finally:
        tasks.wait_for_tasks()
        tasks.set_synchronous(True)
    assert view.name_label.text() == client_with_equipment.name


def test_a_missing_client_is_explained(qtbot, db: Database):
    view = ClientCardView(db)
    qtbot.addWidget(view)
    view.show_client(999_999)
    assert view.pages.currentIndex() == ClientCardView.PAGE_MESSAGE
    assert view.message_label.text().startswith("The client card could not be loaded: ")
    assert "999999" in view.message_label.text()


def test_add_unit_registers_a_unit_and_the_card_shows_it_selected(qtbot, db: Database):
    from tests.factories import add_client
    from tests.ui.keys import type_text
    from ui.equipment_dialog import EquipmentDialog

    with db.transaction() as session:
        client_id = add_client(session, "Смирнова Ольга", "+79120000601", address="ул. Гагарина, 3").id
    view = ClientCardView(db)
    view.user_id = None
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # keyboard shortcuts need the active window
    view.show_client(client_id)
    assert view.equipment.title_label.text() == "Equipment" and view.add_unit_button.text() == "Add unit…"
    view.add_unit_button.setFocus()
    qtbot.keyClick(view.add_unit_button, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    dialog = view.findChild(EquipmentDialog)
    assert dialog is not None and dialog.owner_label.text() == "Смирнова Ольга"
    type_text(dialog.model_combo.lineEdit(), "Ду-15")
    type_text(dialog.kind_combo.lineEdit(), "Водосчётчик")
    type_text(dialog.serial_edit, "WM-77")
    with qtbot.waitSignal(view.unit_added) as added:
        dialog.on_buttons_accepted()
    assert view.equipment.title_label.text() == "Equipment (1)"
    unit = view.equipment_model.row_at(0)
    assert (unit.id, unit.model, unit.serial, unit.site_address) == (added.args[0], "Ду-15", "WM-77", "ул. Гагарина, 3")
    assert view.equipment.table.currentIndex().row() == 0

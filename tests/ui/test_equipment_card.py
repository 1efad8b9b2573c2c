"""The equipment card widget: header, warranty chip with its reason, the merged history with icons and statuses,
links to the owner and the orders, the maintenance slot, and the window manager opening one window per unit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt

from models.database import Database
from models.equipment import WarrantyState
from models.equipment_card import EquipmentCardData, HistoryItem, PartRow, ProblemRow, ReadingRow
from models.views import EquipmentRow
from ui.chips import STATUS_ROLE
from ui.equipment_card import EquipmentCard, EquipmentWindows, HistoryTableModel
from ui.equipment_dialog import EquipmentDialog
from ui.status_palette import GREEN, RED

AT = datetime(2025, 5, 1, 10, 0, tzinfo=UTC)


def card_data(*, active=True, limit=Decimal(2000), reading=Decimal(1500)) -> EquipmentCardData:
    left = max(Decimal(0), limit - reading) if limit is not None else None
    state = WarrantyState(active, date(2026, 1, 1), left, "engine_hours")
    row = EquipmentRow(7, "Трактор", "Беларус-82.1", "Беларус/МТЗ", "MTZ-1", "с. Кременкуль", None, active, True,
                       date(2026, 1, 1), left, "engine_hours", reading)
    history = (
        HistoryItem(AT, "claim", "Течь масла", "", 11, 1001, status="confirmed"),
        HistoryItem(AT, "order", "Течь масла", "Течёт из-под КПП", 11, 1001, stage="Ремонт", stage_color="#ffa726",
                    stage_kind="open", scenario="warranty_repair"),
        HistoryItem(AT, "visit", "Диагностика", "Сидоров Иван", 11, 1001, status="done"),
        HistoryItem(AT, "part", "Сальник КПП", "S-1 → S-2", 11, 1001),
    )
    return EquipmentCardData(
        id=7, kind="Трактор", model="Беларус-82.1", manufacturer_id=1, manufacturer="Беларус/МТЗ", serial="MTZ-1",
        client_id=5, client_name="ООО Рассвет", site_id=None, site_address="с. Кременкуль", site_access="",
        sold_on=date(2024, 1, 10), installed_on=None, commissioned_on=date(2024, 2, 1), warranty_until=date(2026, 1, 1),
        warranty_usage_limit=limit, usage_unit="engine_hours", note=None, version=1, today=date(2025, 6, 1),
        warranty=state, latest_reading=reading, row=row, history=history,
        readings=(ReadingRow(AT, reading, "visit"),),
        parts=(PartRow(AT, "Сальник КПП", "S-1", "S-2", "течь", 11, 1001),),
        problems=(ProblemRow("complaint", "Течь масла", 4, 3),), order_count=1,
    )


def test_header_shows_unit_owner_and_warranty_with_its_reason(qtbot):
    card = EquipmentCard(db=None, user=None)
    qtbot.addWidget(card)
    card.set_card(card_data())
    assert card.title_label.text() == "Трактор: Беларус/МТЗ Беларус-82.1"
    assert card.serial_label.text() == "Serial MTZ-1" and card.owner_button.text() == "ООО Рассвет"
    assert card.warranty_chip.status.color == GREEN
    assert "until 01.01.2026" in card.warranty_chip.text() and "500 engine hours left" in card.warranty_chip.text()
    assert "usage limit 2\u00a0000 engine hours, latest reading 1\u00a0500" in card.reason_label.text()
    assert "sold 10.01.2024" in card.dates_label.text() and "commissioned 01.02.2024" in card.dates_label.text()
    assert card.tabs.tabText(card.TAB_HISTORY) == "History (4)"
    assert card.maintenance_container.count() == 0  # the slot the maintenance section goes into


def test_expired_by_usage_is_red_and_says_the_limit_is_reached(qtbot):
    card = EquipmentCard(db=None, user=None)
    qtbot.addWidget(card)
    card.set_card(card_data(active=False, reading=Decimal(2100)))
    assert card.warranty_chip.status.color == RED
    assert "the usage limit is reached" in card.reason_label.text()


def test_history_rows_have_icons_statuses_and_open_their_order(qtbot):
    card = EquipmentCard(db=None, user=None)
    qtbot.addWidget(card)
    card.set_card(card_data())
    model = card.history_model
    kinds = [model.data(model.index(r, HistoryTableModel.COL_KIND)) for r in range(model.rowCount())]
    assert kinds == ["Claim", "Order", "Visit", "Part"]
    assert not model.data(model.index(0, HistoryTableModel.COL_KIND), Qt.ItemDataRole.DecorationRole).isNull()
    assert model.data(model.index(0, HistoryTableModel.COL_STATUS)) == "claim confirmed"
    assert model.data(model.index(1, HistoryTableModel.COL_STATUS), STATUS_ROLE).color == "#ffa726"
    assert model.data(model.index(1, HistoryTableModel.COL_DETAIL)) == "Warranty repair · Течёт из-под КПП"
    with qtbot.waitSignal(card.open_order_requested) as opened:
        card.on_history_view_double_clicked(model.index(2, 0))
    assert opened.args == [11]
    with qtbot.waitSignal(card.open_client_requested) as owner:
        card.owner_button.click()
    assert owner.args == [5]


def test_card_from_the_demo_database_opens_in_one_window_per_unit(qtbot, demo_database: Database,
                                                                  client_with_equipment):
    from models.client_card import load_client_card

    unit = load_client_card(demo_database, client_with_equipment.id).equipment[0]
    windows = EquipmentWindows(demo_database, None)
    window = windows.open_equipment(unit.id)
    qtbot.addWidget(window)
    assert window.card.pages.currentIndex() == EquipmentCard.PAGE_CARD
    assert window.card.card.serial == unit.serial and unit.model in window.windowTitle()
    assert windows.open_equipment(unit.id) is window
    window.card.show_equipment(987654321)
    assert "could not be read" in window.card.message_label.text()


def test_a_serial_on_another_clients_unit_is_flagged_with_links_to_it(qtbot):
    from dataclasses import replace

    from models.equipment_edit import SerialOwner

    card = EquipmentCard(db=None, user=None)
    qtbot.addWidget(card)
    card.set_card(card_data())
    assert card.conflict_label.isHidden() and card.chip_holder.count() == 1
    other = SerialOwner(45, 9, "ООО <Ромашка>", "Трактор", "Беларус-82.1", "Беларус/МТЗ", "mtz-1")
    card.set_card(replace(card_data(), serial_conflicts=(other,)))
    assert not card.conflict_label.isHidden() and card.serial_chip.status.color == RED
    text = card.conflict_label.text()
    assert text.startswith("⚠ Serial MTZ-1 is also registered to ")
    assert ('<a href="client:9">ООО &lt;Ромашка&gt;</a> (<a href="equipment:45">unit #45</a>, Беларус/МТЗ '
            'Беларус-82.1)') in text
    with qtbot.waitSignal(card.open_equipment_requested) as unit:
        card.conflict_label.linkActivated.emit("equipment:45")
    with qtbot.waitSignal(card.open_client_requested) as client:
        card.conflict_label.linkActivated.emit("client:9")
    assert (unit.args, client.args) == ([45], [9])


def test_edit_opens_the_unit_form_and_the_card_rereads_the_saved_unit(qtbot, db: Database):
    from dataclasses import replace

    from models.equipment_edit import serial_owners
    from tests.factories import add_client, add_equipment

    with db.transaction() as session:
        owner = add_client(session, "ООО Ромашка", "+79120000501")
        other = add_client(session, "ИП Сидоров", "+79120000502")
        unit_id = add_equipment(session, owner, serial="SHARED-1").id
        twin_id = add_equipment(session, other, serial="shared-1").id
    windows = EquipmentWindows(db, None)
    window = windows.open_equipment(unit_id)
    qtbot.addWidget(window)
    card = window.card
    assert [c.unit_id for c in card.card.serial_conflicts] == [twin_id]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keyboard shortcuts need the active window
    card.history_view.setFocus()
    qtbot.keyClick(card.history_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = card.findChild(EquipmentDialog)
    assert dialog is not None and dialog.serial_edit.text() == "SHARED-1"
    dialog.serial_edit.setText("SHARED-2")
    with qtbot.waitSignal(card.unit_saved):
        dialog.on_buttons_accepted()
    assert card.card.serial == "SHARED-2" and card.conflict_label.isHidden()
    window.card.set_card(replace(card.card, serial_conflicts=tuple(serial_owners(db, "SHARED-1"))))
    card.conflict_label.linkActivated.emit(f"equipment:{twin_id}")  # the other unit opens in its own window
    twin_window = windows.windows.windows.get(twin_id)
    assert twin_window is not None and twin_window.card.card.id == twin_id
    qtbot.addWidget(twin_window)


def test_keyboard_opens_the_reading_and_part_forms_on_their_tabs(qtbot, db: Database):
    from tests.factories import add_client, add_equipment
    from ui.equipment_entries import PartReplacementDialog, ReadingDialog

    with db.transaction() as session:
        unit_id = add_equipment(session, add_client(session, "ООО Ромашка", "+79120000511"), serial="KEY-1",
                                usage_limit=Decimal(500), usage_unit="engine_hours").id
    window = EquipmentWindows(db, None).open_equipment(unit_id)
    qtbot.addWidget(window)
    card = window.card
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    card.history_view.setFocus()
    qtbot.keyClick(card.history_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    reading = card.findChild(ReadingDialog)
    assert reading is not None and reading.equipment_id == unit_id
    assert card.tabs.currentIndex() == EquipmentCard.TAB_READINGS
    reading.reject()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    card.readings_view.setFocus()  # the Readings tab is the one shown now
    qtbot.keyClick(card.readings_view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    part = card.findChild(PartReplacementDialog)
    assert part is not None and part.equipment_id == unit_id
    assert card.tabs.currentIndex() == EquipmentCard.TAB_PARTS

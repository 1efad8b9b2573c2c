"""Readings and replaced parts entered from the equipment card: stored, shown at once (the warranty follows the
reading), or refused with the reason and nothing stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import QDateTime, QTime
from sqlalchemy import select

from models.claims import PartReplacement
from models.clients import Client
from models.database import Database
from models.equipment import Equipment
from models.usage_readings import readings_of
from tests.factories import add_client, add_equipment, add_order, add_pipeline
from ui.equipment_card import EquipmentCard, ReadingsTableModel
from ui.equipment_entries import PartReplacementDialog, ReadingDialog
from ui.status_palette import RED

READ_ON = datetime(2025, 5, 1, 6, 0, tzinfo=UTC)


def _tractor(db: Database, *, reading: Decimal = Decimal(1500)) -> int:
    """A tractor of ООО Рассвет under warranty for years yet, or up to 2 000 engine hours."""
    with db.transaction() as session:
        owner = add_client(session, "ООО Рассвет", "+79120000601", kind="company")
        return add_equipment(session, owner, serial="MTZ-601", kind="Трактор", model="Беларус-82.1",
                             warranty_until=date(2099, 1, 1), usage_limit=Decimal(2000), usage_unit="engine_hours",
                             readings=((READ_ON, reading),)).id


def _card(qtbot, db: Database, unit_id: int) -> EquipmentCard:
    card = EquipmentCard(db, None)
    qtbot.addWidget(card)
    card.show_equipment(unit_id)
    assert card.pages.currentIndex() == EquipmentCard.PAGE_CARD
    return card


def _parts(db: Database, unit_id: int) -> list[tuple]:
    """The unit's parts as stored: name, old and new serial, reason, order and visit."""
    p = PartReplacement
    with db.session() as session:
        return [tuple(row) for row in session.execute(
            select(p.part_name, p.old_serial, p.new_serial, p.reason, p.order_id, p.visit_id)
            .where(p.equipment_id == unit_id).order_by(p.id))]


def test_a_reading_saved_from_the_card_is_listed_and_ends_the_warranty_past_the_usage_limit(qtbot, db):
    unit_id = _tractor(db)
    card = _card(qtbot, db, unit_id)
    assert card.warranty_chip.status.color != RED and "500 engine hours left" in card.warranty_chip.text()

    card.add_reading_button.click()
    dialog = card.findChild(ReadingDialog)
    assert dialog is not None and dialog.isVisible() and card.tabs.currentIndex() == EquipmentCard.TAB_READINGS
    assert dialog.counter_label.text() == "engine hours"
    assert dialog.latest_label.text() == "Latest reading: 1\u00a0500 engine hours on 01.05.2025 11:00"
    qtbot.keyClicks(dialog.value_edit, "2 100,5")
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("client"))
    with qtbot.waitSignal(card.card_loaded):
        dialog.save_button.click()

    model = card.readings_model
    assert model.rowCount() == 2
    assert model.data(model.index(0, ReadingsTableModel.COL_VALUE)) == "2\u00a0100.5 engine hours"
    assert model.data(model.index(0, ReadingsTableModel.COL_SOURCE)) == "reported by the client"
    assert card.tabs.tabText(EquipmentCard.TAB_READINGS) == "Readings (2)"
    assert card.warranty_chip.status.color == RED and card.warranty_chip.text() == "expired"
    assert "the usage limit is reached" in card.reason_label.text()
    assert [(r.value, r.source) for r in readings_of(db, unit_id)] == [(Decimal(1500), None),
                                                                       (Decimal("2100.5"), "client")]


def test_a_backwards_or_future_reading_is_refused_with_the_reason_and_nothing_is_stored(qtbot, db):
    unit_id = _tractor(db)
    dialog = ReadingDialog(db, unit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    assert dialog.error_label.text() == "Enter the value shown on the counter."

    qtbot.keyClicks(dialog.value_edit, "1200")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.error_label.text() == (
        "1 200 engine hours is less than the previous reading 1 500 engine hours of 01.05.2025; counters only go "
        "forward: check the value, or correct the earlier reading first.")

    dialog.value_edit.setText("1600")
    ahead = dialog.form.now + timedelta(days=2)
    dialog.when_edit.setDateTime(QDateTime(ahead.date(), QTime(ahead.hour, ahead.minute)))
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.error_label.text() == (f"The reading is dated {ahead:%d.%m.%Y %H:%M}, in the future; enter the date "
                                         f"it was actually taken.")
    assert [r.value for r in readings_of(db, unit_id)] == [Decimal(1500)]


def test_a_unit_without_a_counter_says_so_and_cannot_take_a_reading(qtbot, db):
    with db.transaction() as session:
        unit_id = add_equipment(session, add_client(session, "Иванов Пётр", "+79120000602"), serial="AC-602").id
    dialog = ReadingDialog(db, unit_id)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert dialog.error_label.text().startswith("This unit has no usage counter")
    assert dialog.latest_label.text() == "No readings yet."


def test_a_part_with_another_clients_serial_is_refused_naming_that_client_then_recorded(qtbot, db):
    unit_id = _tractor(db)
    with db.transaction() as session:
        other = add_client(session, "ИП Сидоров", "+79120000603")
        twin = add_equipment(session, other, serial="B-777", kind="Трактор", model="Беларус-82.1")
        session.add(PartReplacement(equipment_id=twin.id, part_name="Сальник КПП"))
        stage = add_pipeline(session, "tractors")[1][0]
        owner = session.get(Client, session.get(Equipment, unit_id).client_id)
        older = add_order(session, owner, stage, title="ТО-1", equipment_id=unit_id)
        newer = add_order(session, owner, stage, title="Течь масла", equipment_id=unit_id)
        older.created_at = datetime(2025, 3, 1, tzinfo=UTC)
        numbers, older_id = (newer.number, older.number), older.id
    card = _card(qtbot, db, unit_id)
    card.record_part_button.click()
    dialog = card.findChild(PartReplacementDialog)
    assert dialog is not None and card.tabs.currentIndex() == EquipmentCard.TAB_PARTS
    assert [dialog.part_combo.itemText(i) for i in range(dialog.part_combo.count())] == ["Сальник КПП"]
    assert dialog.part_combo.currentText() == ""
    orders = [dialog.order_combo.itemText(i) for i in range(dialog.order_combo.count())]
    assert orders[0] == "(no order)"
    assert [text.split(" ")[0] for text in orders[1:]] == [f"№{n}" for n in numbers]

    dialog.save_button.click()
    assert dialog.problems() == {"part_name": "Enter which part was replaced, e.g. compressor or fan motor."}

    dialog.part_combo.setEditText("Компрессор")
    qtbot.keyClicks(dialog.new_serial_edit, "b-777")
    dialog.order_combo.setCurrentIndex(2)
    dialog.save_button.click()
    assert dialog.isVisible()
    problems = dialog.problems()
    assert list(problems) == ["new_serial"]
    assert problems["new_serial"].startswith("Serial b-777 is already registered to ИП Сидоров (unit #")
    assert _parts(db, unit_id) == []

    dialog.new_serial_edit.setText("CMP-1")
    dialog.old_serial_edit.setText("CMP-0")
    dialog.reason_edit.setPlainText("Заклинил")
    with qtbot.waitSignal(card.card_loaded):
        dialog.save_button.click()
    assert _parts(db, unit_id) == [("Компрессор", "CMP-0", "CMP-1", "Заклинил", older_id, None)]
    assert card.parts_model.rowCount() == 1 and card.tabs.tabText(EquipmentCard.TAB_PARTS) == "Parts (1)"
    assert any(item.kind == "part" and item.title == "Компрессор" for item in card.card.history)

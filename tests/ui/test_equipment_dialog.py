"""The unit form: a new unit for a client, the serial checked as it is typed, the domain's refusals listed, dates
typed by hand, warranty months turned into an end date, and an edit that moves a unit to another owner."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from models.database import Database
from models.equipment import Equipment, Manufacturer
from models.equipment_edit import unit_draft
from tests.factories import add_client, add_equipment
from tests.ui.keys import type_text
from ui.equipment_dialog import EquipmentDialog, parse_date


@pytest.fixture
def owners(db: Database) -> dict:
    with db.transaction() as session:
        romashka = add_client(session, "ООО Ромашка", "+79120000401", address="ул. Ленина, 5", kind="company")
        ivanov = add_client(session, "Иванов Пётр Ильич", "+79120000402", address="ул. Мира, 7")
        held = add_equipment(session, romashka, serial="AB123", model="FTXB35C")
        return dict(romashka=romashka.id, ivanov=ivanov.id, held=held.id, ivanov_site=ivanov.sites[0].id)


def open_dialog(qtbot, db, **kw) -> EquipmentDialog:
    dialog = EquipmentDialog(db, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    return dialog


def focused(dialog: EquipmentDialog, widget) -> bool:
    """Whether the cursor is in ``widget`` (an editable combo's line edit counts as the combo)."""
    return dialog.focusWidget() in (widget, getattr(widget, "lineEdit", lambda: None)())


def type_into(qtbot, widget, text: str) -> None:
    target = widget.lineEdit() if hasattr(widget, "lineEdit") and widget.lineEdit() else widget
    target.clear()
    type_text(target, text)


def test_a_new_unit_is_saved_for_the_client_from_the_catalogue(qtbot, db, owners):
    dialog = open_dialog(qtbot, db, client_id=owners["ivanov"])
    assert dialog.owner_label.text() == "Иванов Пётр Ильич" and dialog.owner_box.isHidden()
    assert dialog.site_combo.currentData() == owners["ivanov_site"]  # the client's only address
    assert focused(dialog, dialog.model_combo)
    type_into(qtbot, dialog.manufacturer_combo, "Daikin")
    type_into(qtbot, dialog.model_combo, "FTXB35C")
    assert dialog.kind_combo.currentText() == "Кондиционер"  # the catalogue knows the model's kind
    type_into(qtbot, dialog.serial_edit, "ZX-1")
    type_into(qtbot, dialog.date_edits["installed_on"], "10.04.2025")
    dialog.months_spin.setValue(36)
    assert dialog.date_edits["warranty_until"].text() == "10.04.2028"
    with qtbot.waitSignal(dialog.unit_saved) as saved:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == EquipmentDialog.DialogCode.Accepted
    with db.session() as session:
        unit, maker = session.execute(select(Equipment, Manufacturer.name).join(Manufacturer)
                                      .where(Equipment.id == saved.args[0])).one()
        stored = (unit.client_id, unit.site_id, maker, unit.model, unit.serial, unit.installed_on, unit.warranty_until)
    assert stored == (owners["ivanov"], owners["ivanov_site"], "Daikin", "FTXB35C", "ZX-1", date(2025, 4, 10),
                      date(2028, 4, 10))


def test_a_serial_on_another_client_is_shown_as_it_is_typed_and_save_is_refused(qtbot, db, owners):
    dialog = open_dialog(qtbot, db, client_id=owners["ivanov"])
    type_into(qtbot, dialog.model_combo, "FTXB50C")
    type_into(qtbot, dialog.kind_combo, "Кондиционер")
    type_into(qtbot, dialog.serial_edit, " ab123")
    qtbot.waitUntil(lambda: not dialog.serial_note.isHidden(), timeout=3000)  # after the typing pause
    assert dialog.serial_note.text() == (
        f"Serial ab123 is already registered to ООО Ромашка (unit #{owners['held']}, Daikin FTXB35C). If the unit "
        f"changed hands, open that unit and change its owner there.")
    dialog.on_buttons_accepted()
    assert dialog.isVisible() and dialog.problems() == [dialog.serial_note.text()]
    assert focused(dialog, dialog.serial_edit)
    type_into(qtbot, dialog.serial_edit, "ab1234")
    qtbot.waitUntil(lambda: dialog.serial_note.isHidden(), timeout=3000)


def test_refusals_are_listed_and_unreadable_dates_are_named(qtbot, db, owners):
    dialog = open_dialog(qtbot, db, client_id=owners["ivanov"])
    type_into(qtbot, dialog.date_edits["sold_on"], "31.02.2025")
    dialog.on_buttons_accepted()
    assert dialog.problems() == ["“31.02.2025” is not a date; type it as dd.mm.yyyy, or leave it empty."]
    assert focused(dialog, dialog.date_edits["sold_on"])
    future = date.today() + timedelta(days=10)
    type_into(qtbot, dialog.date_edits["sold_on"], future.strftime("%d.%m.%Y"))
    dialog.on_buttons_accepted()
    problems = dialog.problems()
    assert problems[0].startswith("Enter the unit's model") and problems[1].startswith("Enter what kind of unit")
    assert f"The sale date {future:%d.%m.%Y} is in the future" in problems[2]
    assert focused(dialog, dialog.model_combo) and dialog.save_button.isEnabled()


def test_editing_moves_the_unit_to_another_owner_with_their_address(qtbot, db, owners):
    dialog = open_dialog(qtbot, db, unit_id=owners["held"])
    assert dialog.windowTitle() == "Edit unit" and not dialog.owner_box.isHidden()
    assert (dialog.owner_label.text(), dialog.model_combo.currentText(), dialog.serial_edit.text()) == (
        "ООО Ромашка", "FTXB35C", "AB123")
    assert dialog.serial_note.isHidden()  # its own serial is no conflict
    type_into(qtbot, dialog.owner_search, "Иванов Пётр")
    qtbot.waitUntil(lambda: dialog.owner_results.isEnabled(), timeout=3000)
    row = dialog.owner_results.findData(owners["ivanov"])
    assert row >= 0
    dialog.owner_results.setCurrentIndex(row)
    dialog.owner_results.activated.emit(row)
    assert dialog.owner_label.text() == "Иванов Пётр Ильич"
    assert [dialog.site_combo.itemText(i) for i in range(dialog.site_combo.count())] == ["No address", "ул. Мира, 7"]
    dialog.site_combo.setCurrentIndex(1)
    type_into(qtbot, dialog.usage_edit, "1 500,5")
    dialog.usage_unit_combo.setCurrentIndex(dialog.usage_unit_combo.findData("engine_hours"))
    with qtbot.waitSignal(dialog.unit_saved):
        dialog.on_buttons_accepted()
    moved = unit_draft(db, owners["held"])
    assert (moved.client_id, moved.site_id, moved.serial) == (owners["ivanov"], owners["ivanov_site"], "AB123")
    assert (moved.warranty_usage_limit, moved.usage_unit) == (Decimal("1500.5"), "engine_hours")


def test_dates_are_read_as_typed():
    assert parse_date("1.4.25") == date(2025, 4, 1) and parse_date(" 12.04.2025 ") == date(2025, 4, 12)
    assert parse_date("") is None
    for wrong in ("2025-04-12", "12.13.2025", "вчера"):
        with pytest.raises(ValueError):
            parse_date(wrong)

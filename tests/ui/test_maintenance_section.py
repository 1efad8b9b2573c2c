"""The equipment card's maintenance section: plans listed, added and ended as a user does it; occurrence chips."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from models.database import Database
from models.maintenance_due import equipment_maintenance
from models.maintenance_plans import add_months, add_plan, book, generate
from models.users import UserRef
from tests.factories import add_client, add_equipment, add_order, add_pipeline
from tests.ui.keys import type_text
from ui.chips import STATUS_ROLE
from ui.maintenance_section import MaintenanceSection, OccurrencesTableModel, PlansTableModel

TODAY = date.today()
USER = UserRef(1, "dispatcher", "Иванова Анна", "dispatcher", None)


@pytest.fixture
def units(db: Database) -> dict:
    with db.transaction() as session:
        client = add_client(session, "Сидоров Олег", "+79120000011", address="ул. Мира, д. 1")
        ac = add_equipment(session, client, serial="MS-AC-1")
        bare = add_equipment(session, client, serial="MS-AC-2")
        tractor = add_equipment(session, client, serial="MS-TR-1", kind="Трактор", model="Беларус 82.1",
                                usage_unit="engine_hours")
        _, stages = add_pipeline(session, "maint_ui")
        order = add_order(session, client, stages[0], "ТО")
        refs = dict(ac=ac.id, bare=bare.id, tractor=tractor.id, order=order.id, number=order.number)
    # A monthly plan started 40 days ago, generated as if the service had run 60 days ago: one visit is late.
    plan = add_plan(db, refs["ac"], every_months=1, starts_on=TODAY - timedelta(days=40))
    generate(db, add_months(TODAY, 3), today=TODAY - timedelta(days=60))
    refs["plan"] = plan.id
    return refs


def make_section(qtbot, db: Database, equipment_id: int) -> MaintenanceSection:
    section = MaintenanceSection(db, USER, today=TODAY)
    qtbot.addWidget(section)
    section.resize(900, 600)
    section.show()
    section.set_equipment(equipment_id)
    return section


def states(section: MaintenanceSection) -> list[str]:
    model = section.occurrences_model
    return [model.index(r, OccurrencesTableModel.COL_STATE).data(STATUS_ROLE).key for r in range(model.rowCount())]


def test_plans_and_occurrences_are_shown_with_an_overdue_chip(qtbot, db, units):
    section = make_section(qtbot, db, units["ac"])
    plans = section.plans_model
    assert plans.rowCount() == 1
    assert plans.index(0, PlansTableModel.COL_INTERVAL).data() == "every month"
    assert plans.index(0, PlansTableModel.COL_STATE).data(STATUS_ROLE).key == "active"
    assert states(section)[0] == "overdue"
    assert "planned" in states(section) or "due_soon" in states(section)
    assert "1 overdue" in section.title_label.text()


def test_adding_a_plan_by_typing_plans_its_visits(qtbot, db, units):
    section = make_section(qtbot, db, units["bare"])
    assert section.plans_model.rowCount() == 0 and section.empty_label.isVisible()
    section.every_spin.setValue(3)
    section.starts_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    type_text(section.contract_edit, "ДС-7")
    with qtbot.waitSignal(section.plans_changed) as changed:
        qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert changed.args == [units["bare"]]
    assert section.plans_model.rowCount() == 1
    assert section.plans_model.index(0, PlansTableModel.COL_CONTRACT).data() == "ДС-7"
    assert section.plans_model.index(0, PlansTableModel.COL_NEXT).data() == add_months(TODAY, 3).strftime("%d.%m.%Y")
    assert section.occurrences_model.rowCount() == 4  # 3, 6, 9 and 12 months on
    assert "Plan added" in section.message_label.text()
    assert section.contract_edit.text() == ""


def test_a_usage_plan_without_readings_says_it_needs_them(qtbot, db, units):
    section = make_section(qtbot, db, units["tractor"])
    section.unit_combo.setCurrentIndex(section.unit_combo.findData("engine_hours"))
    assert section.every_spin.value() == 250
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert section.plans_model.index(0, PlansTableModel.COL_INTERVAL).data() == "every 250 engine hours"
    assert section.plans_model.index(0, PlansTableModel.COL_STATE).data(STATUS_ROLE).key == "needs_readings"
    assert "readings" in section.message_label.text()


def test_ending_a_plan_skips_its_open_visits(qtbot, db, units):
    section = make_section(qtbot, db, units["ac"])
    assert not section.deactivate_button.isEnabled()
    section.plans_table.selectRow(0)
    assert section.deactivate_button.isEnabled()
    qtbot.mouseClick(section.deactivate_button, Qt.MouseButton.LeftButton)
    assert section.plans_model.index(0, PlansTableModel.COL_STATE).data(STATUS_ROLE).key == "ended"
    assert set(states(section)) == {"skipped"}
    assert not section.deactivate_button.isEnabled()


def test_bad_input_is_refused_with_the_reason(qtbot, db, units):
    section = make_section(qtbot, db, units["bare"])
    far = add_months(TODAY, 40)
    section.starts_edit.setDate(QDate(far.year, far.month, far.day))
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert "out of range" in section.message_label.text()
    assert section.plans_model.rowCount() == 0
    assert section.add_button.isEnabled()


def test_a_booked_occurrence_opens_its_order(qtbot, db, units):
    view = equipment_maintenance(db, units["ac"], TODAY)
    book(db, view.occurrences[1].id, order_id=units["order"])
    section = make_section(qtbot, db, units["ac"])
    row = next(r for r in range(section.occurrences_model.rowCount())
               if section.occurrences_model.row_at(r).status == "booked")
    index = section.occurrences_model.index(row, OccurrencesTableModel.COL_ORDER)
    assert index.data() == f"№ {units['number']}"
    with qtbot.waitSignal(section.open_order_requested) as opened:
        section.occurrences_table.doubleClicked.emit(index)
    assert opened.args == [units["order"]]


def test_a_technician_sees_the_plans_but_no_form(qtbot, db, units):
    section = MaintenanceSection(db, UserRef(2, "tech", "Петров Сергей", "technician", None), today=TODAY)
    qtbot.addWidget(section)
    section.show()
    section.set_equipment(units["ac"])
    assert section.plans_model.rowCount() == 1
    assert not section.add_button.isVisible() and not section.deactivate_button.isVisible()

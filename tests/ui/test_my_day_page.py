"""My day: a technician's visits in order with what is needed on site, and a change proposed to the dispatcher."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select, text

from models.claims import PartReplacement
from models.clients import Client
from models.database import Database
from models.equipment import UsageReading
from models.pipelines import Order
from models.usage_readings import readings_of
from models.users import UserRef
from models.visit_proposals import pending_proposals
from tests.factories import add_equipment
from tests.models.test_visit_proposals import T0, Day, make_day
from ui.my_day_page import MyDayPage


@pytest.fixture
def day(db: Database) -> Day:
    return make_day(db)


def _page(qtbot, db: Database, user: UserRef, day: Day) -> MyDayPage:
    page = MyDayPage(db, user)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitExposed(page)
    page.set_date(T0.date())
    return page


def _technician(day: Day) -> UserRef:
    return UserRef(day.technician_user, "petrov_prop", "Петров Сергей", "technician", None)


def test_a_technician_sees_their_day_in_order_with_address_access_and_contacts(qtbot, db, day):
    page = _page(qtbot, db, _technician(day), day)
    assert page.technician_combo.isHidden()
    assert [c.stop.visit_id for c in page.cards] == [day.visit, day.later]
    first = page.cards[0]
    assert first.lines[:3] == ["Иванов Пётр", "ул. Ленина, 5, entrance 2, floor 5, intercom 45К",
                               "Access: Ключ у консьержа"]
    assert "Service: Поверка счётчика" in first.lines
    assert "With: Сидоров Иван" in first.lines
    assert [link.text() for link in first.phone_links] == ["+7 912 000-00-01", "+7 351 123-45-67"]
    with qtbot.waitSignal(page.call_requested) as called:
        qtbot.mouseClick(first.phone_links[0], Qt.MouseButton.LeftButton)
    assert called.args == ["+79120000001"]
    assert page.summary_label.text().startswith("2 visits on 24.11.2026")

    page.next_button.click()
    assert page.cards == [] and page.summary_label.text() == "No visits on 25.11.2026."


def test_propose_a_change_sends_it_to_the_dispatcher_and_shows_it_waiting(qtbot, db, day):
    page = _page(qtbot, db, _technician(day), day)
    page.cards[0].propose_button.click()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert (dialog.duration_spin.value(), dialog.quantity_spin.value()) == (60, 3)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.error_label.text() == "Change the duration, the service, the quantity or the note first."

    dialog.duration_spin.setValue(40)
    dialog.quantity_spin.setValue(2)
    ok.click()
    assert dialog.error_label.text().startswith("Say why the visit should change")
    dialog.reason_edit.setText("Один счётчик поверять не нужно")
    with qtbot.waitSignal(page.status_message_requested):
        ok.click()
    assert not dialog.isVisible()

    [proposal] = pending_proposals(db)
    assert (proposal.visit_id, proposal.technician_id) == (day.visit, day.petrov)
    assert [(c.field, c.after) for c in proposal.changes] == [("ends_at", T0 + timedelta(minutes=40)),
                                                              ("quantity", 2)]
    assert ("Waiting for the dispatcher: Duration: until 11:00 (60 min) → until 10:40 (40 min); Quantity: 3 → 2"
            in page.cards[0].lines)


def test_a_refused_proposal_keeps_the_form_open_with_the_reason(qtbot, db, day):
    page = _page(qtbot, db, _technician(day), day)
    page.cards[0].propose_button.click()
    dialog = page.dialog
    dialog.version = 99  # the visit was changed by the dispatcher since the page read it
    dialog.quantity_spin.setValue(2)
    dialog.reason_edit.setText("так")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "changed by the dispatcher since you opened it" in dialog.error_label.text()
    assert pending_proposals(db) == []


def test_a_dispatcher_picks_whose_day_to_see(qtbot, db, day):
    dispatcher = UserRef(day.dispatcher, "disp_prop", "Анна Диспетчер", "dispatcher", None)
    page = _page(qtbot, db, dispatcher, day)
    assert not page.technician_combo.isHidden()
    page.technician_combo.setCurrentIndex(page.technician_combo.findData(day.sidorov))
    assert [c.stop.visit_id for c in page.cards] == [day.visit]
    assert "With: Петров Сергей" in page.cards[0].lines


def test_a_technician_login_without_a_technician_is_told_so(qtbot, db, day):
    stranger = UserRef(day.dispatcher, "disp_prop", "Анна Диспетчер", "technician", None)
    page = MyDayPage(db, stranger)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.summary_label.text().startswith("Your login is not linked to a technician")
    assert page.cards == []


def test_a_reading_and_a_part_entered_on_a_visit_carry_the_visit_and_its_order(qtbot, db, day):
    page = _page(qtbot, db, _technician(day), day)
    assert [(c.reading_button, c.part_button) for c in page.cards] == [(None, None), (None, None)]  # no unit yet

    with db.transaction() as session:
        order = session.execute(select(Order).where(Order.number == day.order_number)).scalar_one()
        unit = add_equipment(session, session.get(Client, order.client_id), serial="GEN-1", kind="Генератор",
                             model="ГД-5", usage_limit=Decimal(3000), usage_unit="engine_hours")
        order.equipment_id = unit.id
        order_id, unit_id = order.id, unit.id
    page.reload()
    card = page.cards[0]
    assert card.reading_button.isEnabled() and card.part_button.isEnabled()

    card.part_button.click()
    dialog = page.entry_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.order_combo.currentData() == order_id
    dialog.part_combo.setEditText("Стартер")
    qtbot.keyClicks(dialog.new_serial_edit, "ST-2")
    with qtbot.waitSignal(page.status_message_requested) as told:
        dialog.save_button.click()
    assert told.args == ["Part recorded."] and not dialog.isVisible()
    with db.session() as session:
        stored = session.execute(select(PartReplacement.equipment_id, PartReplacement.visit_id,
                                        PartReplacement.order_id, PartReplacement.new_serial)).all()
    assert [tuple(row) for row in stored] == [(unit_id, day.visit, order_id, "ST-2")]

    card.reading_button.click()
    dialog = page.entry_dialog
    assert dialog.source_combo.isHidden() and dialog.counter_label.text() == "engine hours"
    qtbot.keyClicks(dialog.value_edit, "120")
    with qtbot.waitSignal(page.status_message_requested):
        dialog.save_button.click()
    assert [(r.value, r.source) for r in readings_of(db, unit_id)] == [(Decimal(120), "visit")]
    with db.session() as session:
        assert session.execute(select(UsageReading.visit_id).where(UsageReading.equipment_id == unit_id)
                               ).scalar_one() == day.visit


def test_a_technician_signed_in_with_their_own_role_can_enter_a_reading_and_a_part(qtbot, db, day):
    with db.transaction() as session:
        order = session.execute(select(Order).where(Order.number == day.order_number)).scalar_one()
        unit = add_equipment(session, session.get(Client, order.client_id), serial="GEN-2", kind="Генератор",
                             model="ГД-5", usage_limit=Decimal(3000), usage_unit="engine_hours")
        order.equipment_id = unit.id
        unit_id = unit.id
    with db.transaction() as session:
        session.execute(text("SET ROLE fielddesk_technician"))  # undone with the test's transaction
    page = _page(qtbot, db, _technician(day), day)
    page.cards[0].reading_button.click()
    page.entry_dialog.value_edit.setText("75")
    page.entry_dialog.save_button.click()
    assert page.entry_dialog.error_label.isHidden() and not page.entry_dialog.isVisible()
    page.cards[0].part_button.click()
    page.entry_dialog.part_combo.setEditText("Стартер")
    page.entry_dialog.save_button.click()
    assert page.entry_dialog.problems() == {} and not page.entry_dialog.isVisible()
    assert [r.value for r in readings_of(db, unit_id)] == [Decimal(75)]

"""The payments section of an order: the list, the balance due in red while owed, adding and deleting payments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from models.company import User
from models.database import Database
from models.payment_book import add_payment, balance
from models.users import UserRef
from tests.factories import add_client, add_order, add_pipeline
from tests.ui.keys import type_text
from ui.payments_section import PaymentsSection, PaymentsTableModel
from ui.status_palette import RED

NB = "\u00a0"  # amounts on screen group digits with a no-break space
PAST = date.today() - timedelta(days=3)


@pytest.fixture
def scene(db: Database) -> tuple[int, dict[str, UserRef]]:
    with db.transaction() as session:
        client = add_client(session, "Иванов Пётр", "+79120000011", address="ул. Мира, 5")
        _pipeline, stages = add_pipeline(session, "repair_pay_ui")
        order = add_order(session, client, stages[1], amount=Decimal("10000"))
        users = {}
        for role in ("accountant", "dispatcher", "technician"):
            user = User(login=f"pay_ui_{role}", full_name=f"{role} user", role=role)
            session.add(user)
            session.flush()
            users[role] = UserRef(user.id, user.login, user.full_name, role, None)
        return order.id, users


def make_section(qtbot, db: Database, scene, role: str) -> PaymentsSection:
    order_id, users = scene
    section = PaymentsSection(db, users[role])
    qtbot.addWidget(section)
    section.resize(900, 400)
    section.show()
    section.set_order(order_id)
    return section


def test_the_list_and_the_balance_due_in_red(qtbot, db: Database, scene) -> None:
    order_id, users = scene
    add_payment(db, order_id, "4000", PAST, "cash", user_id=users["accountant"].id, note="аванс")
    section = make_section(qtbot, db, scene, "accountant")
    model = section.model
    assert model.rowCount() == 1
    assert model.index(0, PaymentsTableModel.COL_METHOD).data() == "Cash"
    assert model.index(0, PaymentsTableModel.COL_NOTE).data() == "аванс"
    assert f"Paid 4{NB}000 ₽ of 10{NB}000 ₽" in section.balance_label.text()
    assert f"due 6{NB}000 ₽" in section.balance_label.text()
    assert RED in section.balance_label.styleSheet() and section.balance_label.property("owed") is True


def test_adding_a_payment_as_a_user_types_it(qtbot, db: Database, scene) -> None:
    order_id, _users = scene
    section = make_section(qtbot, db, scene, "dispatcher")
    section.date_edit.setDate(QDate(PAST.year, PAST.month, PAST.day))
    section.method_combo.setCurrentIndex(section.method_combo.findData("card"))
    type_text(section.amount_edit, "10 000")
    type_text(section.note_edit, "терминал")
    with qtbot.waitSignal(section.changed, timeout=2000):
        QTest.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert section.model.rowCount() == 1 and section.amount_edit.text() == ""
    assert "fully paid" in section.balance_label.text() and section.balance_label.property("owed") is False
    assert balance(db, order_id).paid == Decimal("10000")


def test_a_wrong_payment_shows_the_reason_and_changes_nothing(qtbot, db: Database, scene) -> None:
    order_id, _users = scene
    section = make_section(qtbot, db, scene, "dispatcher")
    type_text(section.amount_edit, "-500")
    with qtbot.assertNotEmitted(section.changed):
        QTest.keyClick(section.amount_edit, Qt.Key.Key_Return)
    assert section.error_label.isVisible() and "refund of 500,00 ₽ is more than" in section.error_label.text()
    assert section.amount_edit.text() == "-500" and balance(db, order_id).paid == 0


def test_deleting_is_offered_to_accountants_only(qtbot, db: Database, scene, monkeypatch) -> None:
    order_id, users = scene
    add_payment(db, order_id, "2500", PAST, "transfer", user_id=users["accountant"].id)
    dispatcher = make_section(qtbot, db, scene, "dispatcher")
    assert dispatcher.delete_button.isHidden()
    technician = make_section(qtbot, db, scene, "technician")
    assert technician.form.isHidden() and technician.model.rowCount() == 1
    section = make_section(qtbot, db, scene, "accountant")
    assert not section.delete_button.isEnabled()
    section.table.selectRow(0)
    assert section.delete_button.isEnabled()
    monkeypatch.setattr(section, "confirm", lambda _question: True)
    with qtbot.waitSignal(section.changed, timeout=2000):
        QTest.mouseClick(section.delete_button, Qt.MouseButton.LeftButton)
    assert section.model.rowCount() == 0 and balance(db, order_id).paid == 0

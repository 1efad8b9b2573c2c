"""Payments on an order: the balance follows them, wrong ones are refused with the reason, all land on the timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.company import User
from models.database import Database
from models.payment_book import PaymentError, add_payment, balance, delete_payment, parse_amount, payments_of
from models.pipelines import Order
from models.timeline import TimelineEntry
from tests.factories import add_client, add_order, add_pipeline

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def order(db: Database) -> tuple[int, int]:
    """An order of 12 500 ₽ and the id of an accountant."""
    with db.transaction() as session:
        client = add_client(session, "Фермер Иванов", "+79120000001", address="ул. Ленина, 1")
        _pipeline, stages = add_pipeline(session, "repair_pay")
        order = add_order(session, client, stages[0], amount=Decimal("12500"))
        accountant = User(login="pay_accountant", full_name="Лебедева Н.", role="accountant")
        session.add(accountant)
        session.flush()
        return order.id, accountant.id


def add_user(db: Database, login: str, role: str) -> int:
    with db.transaction() as session:
        user = User(login=login, full_name=login, role=role)
        session.add(user)
        session.flush()
        return user.id


def stored_paid(db: Database, order_id: int) -> Decimal:
    with db.session() as session:
        return session.execute(select(Order.paid).where(Order.id == order_id)).scalar_one()


def test_payments_reduce_the_balance_and_the_trigger_keeps_paid(db: Database, order: tuple[int, int]) -> None:
    order_id, user_id = order
    assert balance(db, order_id).due == Decimal("12500")
    first = add_payment(db, order_id, "5 000,00", date(2026, 11, 3), "transfer", user_id=user_id, note="аванс",
                        now=NOW)
    add_payment(db, order_id, Decimal("7500"), date(2026, 11, 19), "cash", user_id=user_id, now=NOW)
    assert first.amount == Decimal("5000.00") and first.created_by == "Лебедева Н." and first.source == "manual"
    assert [(p.amount, p.method) for p in payments_of(db, order_id)] == [
        (Decimal("5000.00"), "transfer"), (Decimal("7500.00"), "cash")]
    money = balance(db, order_id)
    assert (money.amount, money.paid, money.due, money.owed) == (Decimal("12500"), Decimal("12500"), 0, False)
    assert stored_paid(db, order_id) == Decimal("12500")
    with db.session() as session:
        texts = session.execute(select(TimelineEntry.text).where(TimelineEntry.order_id == order_id,
                                                                 TimelineEntry.kind == "payment")
                                .order_by(TimelineEntry.id)).scalars().all()
    assert len(texts) == 2 and "5 000,00" in texts[0] and "аванс" in texts[0]


def test_an_overpayment_shows_as_negative_due(db: Database, order: tuple[int, int]) -> None:
    order_id, user_id = order
    add_payment(db, order_id, "13000", date(2026, 11, 3), "card", user_id=user_id, now=NOW)
    money = balance(db, order_id)
    assert money.due == Decimal("-500") and money.overpaid


@pytest.mark.parametrize(("amount", "paid_on", "method", "message"), [
    ("0", date(2026, 11, 3), "cash", "amount is zero"),
    ("100", date(2026, 11, 21), "cash", "21.11.2026 is in the future"),
    ("100", date(2026, 11, 3), "barter", "Unknown payment method"),
    ("сто", date(2026, 11, 3), "cash", "is not an amount"),
    ("100.005", date(2026, 11, 3), "cash", "more than two decimals"),
    ("-1", date(2026, 11, 3), "cash", "refund of 1,00 ₽ is more than the 0,00 ₽ paid"),
])
def test_wrong_payments_are_refused_with_the_reason(db: Database, order: tuple[int, int], amount: str,
                                                    paid_on: date, method: str, message: str) -> None:
    order_id, user_id = order
    with pytest.raises(PaymentError, match=message):
        add_payment(db, order_id, amount, paid_on, method, user_id=user_id, now=NOW)
    assert payments_of(db, order_id) == []


def test_a_refund_up_to_what_was_paid_is_taken(db: Database, order: tuple[int, int]) -> None:
    order_id, user_id = order
    add_payment(db, order_id, "3000", date(2026, 11, 3), "transfer", user_id=user_id, now=NOW)
    with pytest.raises(PaymentError, match="refund of 3 000,01 ₽ is more than the 3 000,00 ₽ paid"):
        add_payment(db, order_id, "-3000.01", date(2026, 11, 4), "transfer", user_id=user_id, now=NOW)
    refund = add_payment(db, order_id, "-1000", date(2026, 11, 4), "transfer", user_id=user_id, now=NOW)
    assert refund.is_refund and balance(db, order_id).paid == Decimal("2000")


def test_deleting_is_for_managers_accountants_and_admins(db: Database, order: tuple[int, int]) -> None:
    order_id, user_id = order
    payment = add_payment(db, order_id, "4000", date(2026, 11, 3), "card", user_id=user_id, now=NOW)
    dispatcher = add_user(db, "pay_dispatcher", "dispatcher")
    with pytest.raises(PaymentError, match="Only a manager, an accountant or an administrator"):
        delete_payment(db, payment.id, user_id=dispatcher)
    after = delete_payment(db, payment.id, user_id=user_id)
    assert after.paid == 0 and after.due == Decimal("12500") and payments_of(db, order_id) == []
    with db.session() as session:
        last = session.execute(select(TimelineEntry.text).where(TimelineEntry.order_id == order_id)
                               .order_by(TimelineEntry.id.desc()).limit(1)).scalar_one()
    assert last.startswith("Payment 4 000,00 ₽ of 03.11.2026 deleted")


def test_a_payment_behind_a_refund_cannot_be_deleted_first(db: Database, order: tuple[int, int]) -> None:
    order_id, user_id = order
    payment = add_payment(db, order_id, "4000", date(2026, 11, 3), "card", user_id=user_id, now=NOW)
    add_payment(db, order_id, "-1500", date(2026, 11, 5), "card", user_id=user_id, now=NOW)
    with pytest.raises(PaymentError, match="delete the refund first"):
        delete_payment(db, payment.id, user_id=user_id)
    assert balance(db, order_id).paid == Decimal("2500")


def test_amounts_are_read_as_people_write_them() -> None:
    assert parse_amount("12 500,50") == Decimal("12500.50")
    assert parse_amount("12\u00a0500 ₽") == Decimal("12500.00")
    assert parse_amount("12.500.00") == Decimal("12500.00")
    assert parse_amount(1250.5) == Decimal("1250.50")
    assert parse_amount("-300") == Decimal("-300.00")

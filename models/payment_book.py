"""The payments of an order: recording (by hand or from an import), deleting, listing, and the balance due.

``orders.paid`` is kept by a trigger as the sum of the order's payments (migration 0007); this module never writes
it. Every payment and every deletion goes on the order's timeline (kind ``payment``). Writes lock the order row, so
two refunds entered at once cannot together take back more than was paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from models.company import Company, User
from models.database import Database
from models.order_flow import format_money
from models.payments import PAYMENT_METHODS, PAYMENT_SOURCES, Payment
from models.pipelines import Order
from models.timeline import TimelineEntry

#: Roles that may delete a payment (everyone in the office may add one).
DELETE_ROLES = ("manager", "accountant", "admin")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # numeric(14, 2)


class PaymentError(ValueError):
    """A payment cannot be recorded or deleted as asked; the message says what is wrong and what to do."""


class PaymentNotFound(LookupError):
    """The payment or order is gone (deleted on another workstation)."""


@dataclass(frozen=True)
class Balance:
    """What the order costs, what has been paid and what is still due (negative: overpaid)."""

    amount: Decimal
    paid: Decimal
    due: Decimal
    currency: str = "RUB"

    @property
    def owed(self) -> bool:
        return self.due > 0

    @property
    def overpaid(self) -> bool:
        return self.due < 0


@dataclass(frozen=True)
class PaymentRow:
    """One payment as the order card lists it."""

    id: int
    order_id: int
    amount: Decimal
    paid_on: date
    method: str
    source: str
    note: str | None
    external_id: str | None
    created_at: datetime
    created_by: str | None

    @property
    def is_refund(self) -> bool:
        return self.amount < 0


def company_today(session: Session, now: datetime | None = None) -> tuple[date, str]:
    """Today in the company's time zone, and the company's currency."""
    tz_name, currency = session.execute(select(Company.time_zone, Company.currency)).one_or_none() or ("UTC", "RUB")
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(tz_name or "UTC")).date(), currency or "RUB"


def parse_amount(value: object) -> Decimal:
    """An amount typed by a person or read from a file: "12 500,00", "12500.5", "-1 000 ₽"; PaymentError if not."""
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | float):
        amount = Decimal(str(value))
    else:
        text = str(value or "").strip().replace("\u00a0", "").replace(" ", "").replace("₽", "")
        text = text.removesuffix("руб.").removesuffix("р.").replace(",", ".")
        if text.count(".") > 1:  # "12.500.00": thousands written with dots
            head, _, tail = text.rpartition(".")
            text = head.replace(".", "") + "." + tail
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise PaymentError(f"“{value}” is not an amount; write it like 12500 or 12 500,00.") from None
    if not amount.is_finite():
        raise PaymentError(f"“{value}” is not an amount; write it like 12500 or 12 500,00.")
    if amount != amount.quantize(CENT):
        raise PaymentError(f"{value} has more than two decimals; amounts are in roubles and kopecks.")
    return amount.quantize(CENT)


def check_payment(amount: Decimal, paid_on: date, *, today: date, paid_before: Decimal, currency: str,
                  order_number: int) -> None:
    """Raise PaymentError when the payment may not be recorded on an order that has ``paid_before`` so far."""
    if amount == 0:
        raise PaymentError("The amount is zero; enter what was paid (a refund as a negative amount).")
    if abs(amount) > MAX_AMOUNT:
        raise PaymentError(f"{format_money(amount, currency)} is too large for one payment; check the amount.")
    if paid_on > today:
        raise PaymentError(f"The payment date {paid_on:%d.%m.%Y} is in the future (today is {today:%d.%m.%Y}); "
                           f"record a payment once the money has arrived.")
    if amount < 0 and -amount > paid_before:
        raise PaymentError(f"A refund of {format_money(-amount, currency)} is more than the "
                           f"{format_money(paid_before, currency)} paid on order № {order_number}; "
                           f"refund at most what was paid.")


def paid_so_far(session: Session, order_id: int) -> Decimal:
    """The sum of the order's payments as stored now (the trigger's ``orders.paid`` before clamping at zero)."""
    return Decimal(session.execute(select(func.coalesce(func.sum(Payment.amount), 0))
                                   .where(Payment.order_id == order_id)).scalar_one())


def locked_order(session: Session, order_id: int) -> Order:
    order = session.execute(select(Order).where(Order.id == order_id).with_for_update()).scalar_one_or_none()
    if order is None:
        raise PaymentNotFound(f"Order {order_id} no longer exists; it may have been deleted on another workstation.")
    return order


def record_payment(session: Session, order: Order, amount: Decimal, paid_on: date, *, method: str, source: str,
                   user_id: int | None, currency: str, note: str | None = None, external_id: str | None = None,
                   timeline_text: str | None = None) -> int | None:
    """Insert one payment (already checked) and its timeline entry; return its id, or None when a payment with
    the same ``external_id`` from the same source is already there (an import seen before)."""
    if method not in PAYMENT_METHODS:
        raise PaymentError(f"Unknown payment method {method!r}; choose one of {', '.join(PAYMENT_METHODS)}.")
    if source not in PAYMENT_SOURCES:
        raise PaymentError(f"Unknown payment source {source!r}; expected one of {', '.join(PAYMENT_SOURCES)}.")
    values = {"order_id": order.id, "amount": amount, "paid_on": paid_on, "method": method, "source": source,
              "external_id": external_id, "note": note, "created_by": user_id}
    statement = insert(Payment).values(**values).returning(Payment.id)
    if external_id is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["source", "external_id"],
                                                     index_where=Payment.external_id.isnot(None))
    payment_id = session.execute(statement).scalar_one_or_none()
    if payment_id is None:
        return None
    word = "Refund" if amount < 0 else "Payment"
    text = timeline_text or f"{word} {format_money(abs(amount), currency)} ({method}) of {paid_on:%d.%m.%Y}"
    if note and not timeline_text:
        text += f": {note}"
    session.add(TimelineEntry(order_id=order.id, client_id=order.client_id, kind="payment", author_id=user_id,
                              text=text, payload={"payment_id": payment_id, "amount": str(amount), "method": method,
                                                  "source": source, "paid_on": paid_on.isoformat()}))
    return payment_id


def add_payment(db: Database, order_id: int, amount: Decimal | str | float, paid_on: date, method: str, *,
                user_id: int | None, note: str | None = None, now: datetime | None = None) -> PaymentRow:
    """Record money received for an order (a negative amount is a refund); PaymentError says what is wrong."""
    value = parse_amount(amount)
    note = (note or "").strip() or None
    if method not in PAYMENT_METHODS:
        raise PaymentError(f"Unknown payment method {method!r}; choose one of {', '.join(PAYMENT_METHODS)}.")
    with db.transaction() as session:
        today, currency = company_today(session, now)
        order = locked_order(session, order_id)
        check_payment(value, paid_on, today=today, paid_before=paid_so_far(session, order_id), currency=currency,
                      order_number=order.number)
        payment_id = record_payment(session, order, value, paid_on, method=method, source="manual", user_id=user_id,
                                    currency=currency, note=note)
        session.flush()
        return _rows(session, Payment.id == payment_id)[0]


def delete_payment(db: Database, payment_id: int, *, user_id: int | None) -> Balance:
    """Delete a payment (manager, accountant or admin); refused when refunds would exceed what stays paid."""
    with db.transaction() as session:
        if user_id is not None:
            role = session.execute(select(User.role).where(User.id == user_id)).scalar_one_or_none()
            if role not in DELETE_ROLES:
                raise PaymentError("Only a manager, an accountant or an administrator may delete a payment.")
        order_id = session.execute(select(Payment.order_id).where(Payment.id == payment_id)).scalar_one_or_none()
        if order_id is None:
            raise PaymentNotFound("The payment no longer exists; it may have been deleted on another workstation.")
        order = locked_order(session, order_id)
        payment = session.get(Payment, payment_id, with_for_update=True)
        if payment is None:
            raise PaymentNotFound("The payment no longer exists; it may have been deleted on another workstation.")
        _today, currency = company_today(session)
        left = paid_so_far(session, order_id) - payment.amount
        if left < 0:
            raise PaymentError(f"Deleting this payment would leave refunds {format_money(-left, currency)} larger "
                               f"than the payments of order № {order.number}; delete the refund first.")
        word = "Refund" if payment.amount < 0 else "Payment"
        session.add(TimelineEntry(
            order_id=order.id, client_id=order.client_id, kind="payment", author_id=user_id,
            text=f"{word} {format_money(abs(payment.amount), currency)} of {payment.paid_on:%d.%m.%Y} deleted",
            payload={"payment_id": payment_id, "amount": str(payment.amount), "deleted": True}))
        session.delete(payment)
        session.flush()
        return _balance(session, order_id, currency)


def payments_of(db: Database, order_id: int) -> list[PaymentRow]:
    """The order's payments, oldest first."""
    with db.session() as session:
        return _rows(session, Payment.order_id == order_id)


def balance(db: Database, order_id: int) -> Balance:
    """Amount, paid and due of the order as stored now."""
    with db.session() as session:
        _today, currency = company_today(session)
        return _balance(session, order_id, currency)


def _balance(session: Session, order_id: int, currency: str) -> Balance:
    row = session.execute(select(Order.amount, Order.paid).where(Order.id == order_id)).one_or_none()
    if row is None:
        raise PaymentNotFound(f"Order {order_id} no longer exists; it may have been deleted on another workstation.")
    amount, paid = Decimal(row.amount or 0), Decimal(row.paid or 0)
    return Balance(amount, paid, amount - paid, currency)


def _rows(session: Session, where) -> list[PaymentRow]:
    result = session.execute(
        select(Payment, User.full_name).outerjoin(User, User.id == Payment.created_by).where(where)
        .order_by(Payment.paid_on, Payment.id))
    return [PaymentRow(p.id, p.order_id, Decimal(p.amount), p.paid_on, p.method, p.source, p.note, p.external_id,
                       p.created_at, name) for p, name in result]

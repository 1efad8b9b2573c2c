"""Payments on orders: entered by hand or imported from the accounting system; ``orders.paid`` is their sum,
kept by a trigger so every view of an order shows the same balance due."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, check_in

PAYMENT_METHODS = ("cash", "card", "transfer", "online", "other")
PAYMENT_SOURCES = ("manual", "import_1c", "migration")


class Payment(Base):
    """Money received for an order (a negative amount is a refund); an imported one carries the accounting
    system's document id, so importing the same file again adds nothing."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        CheckConstraint(check_in("method", PAYMENT_METHODS), name="method_known"),
        CheckConstraint(check_in("source", PAYMENT_SOURCES), name="source_known"),
        Index("uq_payments_external", "source", "external_id", unique=True,
              postgresql_where=text("external_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), server_default="transfer")
    source: Mapped[str] = mapped_column(String(20), server_default="manual")
    external_id: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

"""Maintenance plans: a unit serviced every N months or N engine hours, and the occurrences generated ahead, each
exactly once (unique by plan and sequence number)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, check_in

OCCURRENCE_STATUSES = ("planned", "booked", "done", "skipped")


class MaintenancePlan(Base):
    """Service a unit every ``every_months`` months and/or every ``every_usage`` engine hours (or km)."""

    __tablename__ = "maintenance_plans"
    __table_args__ = (
        CheckConstraint("every_months IS NOT NULL OR every_usage IS NOT NULL", name="has_interval"),
        CheckConstraint("every_months IS NULL OR every_months BETWEEN 1 AND 120", name="months_range"),
        CheckConstraint("every_usage IS NULL OR every_usage > 0", name="usage_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    equipment_id: Mapped[int] = mapped_column(ForeignKey("equipment.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    contract: Mapped[str | None] = mapped_column(String(100))  # the service contract it comes from, if any
    every_months: Mapped[int | None]
    every_usage: Mapped[Decimal | None] = mapped_column(Numeric(12, 1))
    starts_on: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class MaintenanceOccurrence(Base):
    """The ``seq``-th maintenance of a plan, due on ``due_on``; booked when a visit is linked to it."""

    __tablename__ = "maintenance_occurrences"
    __table_args__ = (
        UniqueConstraint("plan_id", "seq", name="uq_maintenance_occurrences_plan_seq"),
        CheckConstraint(check_in("status", OCCURRENCE_STATUSES), name="status_known"),
        Index("ix_maintenance_occurrences_due", "due_on", postgresql_where="status IN ('planned', 'booked')"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("maintenance_plans.id", ondelete="CASCADE"))
    seq: Mapped[int]
    due_on: Mapped[date] = mapped_column(Date)
    due_usage: Mapped[Decimal | None] = mapped_column(Numeric(12, 1))
    status: Mapped[str] = mapped_column(String(10), server_default="planned")
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"), index=True)
    reminded_at: Mapped[datetime | None]

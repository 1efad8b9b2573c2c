"""Technicians, zones, shifts and visits, and the rule that nobody is booked twice at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB, ExcludeConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import func

from models.base import Base, CreatedAt, check_in

VISIT_STATUSES = ("planned", "confirmed", "en_route", "on_site", "done", "cancelled")
#: The exclusion constraint that makes double booking impossible.
NO_DOUBLE_BOOKING = "visits_no_double_booking"
NO_OVERLAPPING_SHIFTS = "shifts_no_overlap"

technician_zones = Table(
    "technician_zones",
    Base.metadata,
    Column("technician_id", ForeignKey("technicians.id", ondelete="CASCADE"), primary_key=True),
    Column("zone_id", ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True),
)


class Zone(Base):
    """A service territory drawn on the map; zones may overlap."""

    __tablename__ = "zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    city: Mapped[str | None] = mapped_column(String(100))
    polygon: Mapped[dict] = mapped_column(JSONB)  # GeoJSON Polygon or MultiPolygon, lon/lat order
    color: Mapped[str] = mapped_column(String(9), server_default="#5b8def")
    dispatcher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Technician(CreatedAt, Base):
    """A person who goes out to clients, with skills and a home base."""

    __tablename__ = "technicians"
    __table_args__ = (Index("ix_technicians_skills", "skills", postgresql_using="gin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(16))
    skills: Mapped[list[str]] = mapped_column(ARRAY(String(50)), server_default="{}")
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lon: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")


class Shift(Base):
    """Hours a technician works in a zone; one technician's shifts never overlap."""

    __tablename__ = "shifts"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        ExcludeConstraint(
            (func.int4range(Column("technician_id"), Column("technician_id"), "[]"), "&&"),
            (func.tstzrange(Column("starts_at"), Column("ends_at")), "&&"),
            name=NO_OVERLAPPING_SHIFTS,
            using="gist",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id", ondelete="CASCADE"))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id", ondelete="SET NULL"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]


class Visit(CreatedAt, Base):
    """A technician's slot at a client's address for an order."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(check_in("status", VISIT_STATUSES), name="status_known"),
        ExcludeConstraint(
            (func.int4range(Column("technician_id"), Column("technician_id"), "[]"), "&&"),
            (func.tstzrange(Column("starts_at"), Column("ends_at")), "&&"),
            name=NO_DOUBLE_BOOKING,
            using="gist",
            where="technician_id IS NOT NULL AND status <> 'cancelled'",
        ),
        Index("ix_visits_starts_at", "starts_at"),
        Index("ix_visits_technician_starts", "technician_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("technicians.id", ondelete="RESTRICT"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12), server_default="planned")
    reason: Mapped[str | None] = mapped_column(Text)  # why rescheduled or cancelled
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}


class BookingConflict(Exception):
    """The technician is already booked in that time; the message names the visit that holds it."""

    def __init__(self, message: str, blocking_visit_id: int | None):
        super().__init__(message)
        self.blocking_visit_id = blocking_visit_id


@dataclass(frozen=True)
class BookingRequest:
    """What a dispatcher asks for when booking a visit."""

    order_id: int
    technician_id: int | None
    starts_at: datetime
    ends_at: datetime
    service_id: int | None = None
    note: str | None = None


def book_visit(session, request: BookingRequest) -> int:
    """Insert a visit; a clash with another visit raises BookingConflict naming the visit that holds the slot.

    The check is the database's exclusion constraint, so two workstations booking at the same moment cannot
    both succeed. Runs in a savepoint so the caller's transaction stays usable after a refusal.
    """
    if request.ends_at <= request.starts_at:
        raise ValueError("The visit must end after it starts.")
    visit = Visit(
        order_id=request.order_id,
        technician_id=request.technician_id,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        service_id=request.service_id,
        note=request.note,
    )
    try:
        with session.begin_nested():
            session.add(visit)
            session.flush()
    except IntegrityError as exc:
        if NO_DOUBLE_BOOKING not in str(exc.orig):
            raise
        raise _conflict(session, request) from exc
    return visit.id


def _conflict(session, request: BookingRequest) -> BookingConflict:
    from models.company import Company
    from models.pipelines import Order  # local: pipelines imports nothing from here at module level

    row = session.execute(
        select(Visit.id, Visit.starts_at, Visit.ends_at, Order.number, Technician.full_name)
        .join(Order, Order.id == Visit.order_id)
        .join(Technician, Technician.id == Visit.technician_id)
        .where(
            Visit.technician_id == request.technician_id,
            Visit.status != "cancelled",
            Visit.starts_at < request.ends_at,
            Visit.ends_at > request.starts_at,
        )
        .order_by(Visit.starts_at)
        .limit(1)
    ).first()
    if row is None:  # the other booking was rolled back meanwhile; still refused, ask to retry
        return BookingConflict("The technician was booked by someone else at that moment. Try again.", None)
    visit_id, starts, ends, number, name = row
    tz = ZoneInfo(session.execute(select(Company.time_zone)).scalar() or "UTC")
    starts, ends = starts.astimezone(tz), ends.astimezone(tz)
    return BookingConflict(
        f"{name} is already booked {starts:%d.%m %H:%M}–{ends:%H:%M} for order #{number} "
        f"(visit {visit_id}). Choose another time or technician.",
        visit_id,
    )

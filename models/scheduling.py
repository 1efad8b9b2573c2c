"""Technicians, zones, shifts, absences and visits with their crews, and the rule that nobody is booked twice at once.

Crews. A visit may need two or more technicians, and who goes together changes from day to day, so a crew is not an
entity of its own: ``visit_technicians`` lists every member of every visit. ``visits.technician_id`` stays the lead
technician, and the lead is a row of ``visit_technicians`` too (``is_lead``), so one exclusion constraint over that
table, ``visit_technicians_no_double_booking`` on (technician, time range), covers leads and crew members alike
however they were assigned. The visit's time is copied into each member row (``starts_at``, ``ends_at``,
``cancelled``) because an exclusion constraint sees only its own table. The database keeps the copy true, so no
code path can forget it (migration 0003):

- an AFTER trigger on ``visits`` adds the lead's row when a visit is inserted (the ORM, raw SQL and COPY alike),
  replaces it when the lead changes, and copies new times or a cancellation into every member row; a member who
  now clashes elsewhere makes that very UPDATE fail with the exclusion error;
- a BEFORE trigger on ``visit_technicians`` overwrites the copied columns from the visit it points to, locking
  that visit row (``FOR SHARE``), so a member added while another transaction moves the visit waits for the move
  and copies the new times rather than stale ones.

The older ``visits_no_double_booking`` constraint on ``visits`` stays: it still names lead-against-lead clashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
    delete,
    select,
    text,
    union,
)
from sqlalchemy.dialects.postgresql import JSONB, ExcludeConstraint
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql import ColumnElement, func

from models.base import Base, CreatedAt, check_in
from models.catalog import Service
from models.pipelines import Order

VISIT_STATUSES = ("planned", "confirmed", "en_route", "on_site", "done", "cancelled")
ABSENCE_REASONS = ("vacation", "sick_leave", "day_off", "training", "other")
#: The exclusion constraints that make double booking impossible: lead against lead, and any member against any.
NO_DOUBLE_BOOKING = "visits_no_double_booking"
CREW_NO_DOUBLE_BOOKING = "visit_technicians_no_double_booking"
NO_OVERLAPPING_SHIFTS = "shifts_no_overlap"
NO_OVERLAPPING_ABSENCES = "absences_no_overlap"

technician_zones = Table(
    "technician_zones",
    Base.metadata,
    Column("technician_id", ForeignKey("technicians.id", ondelete="CASCADE"), primary_key=True),
    Column("zone_id", ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True),
)


def _per_technician(period: ColumnElement, name: str, where: str | None = None) -> ExcludeConstraint:
    """``EXCLUDE USING gist`` keeping one technician's periods apart; stock Postgres, no btree_gist needed."""
    return ExcludeConstraint(
        (func.int4range(Column("technician_id"), Column("technician_id"), "[]"), "&&"),
        (period, "&&"),
        name=name,
        using="gist",
        where=where,
    )


def _timestamps() -> ColumnElement:
    return func.tstzrange(Column("starts_at"), Column("ends_at"))


class Zone(Base):
    """A service territory drawn on the map; zones may overlap. Rules in models/zones.py."""

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
    """Hours a technician works in a zone; one technician's shifts never overlap. Rules in models/shifts.py.

    ``holiday_work`` marks a shift added for that very day although it is a public holiday; shifts laid down in
    bulk (imports, the demo) carry false, and free slots are not offered from them on holidays.
    """

    __tablename__ = "shifts"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        _per_technician(_timestamps(), NO_OVERLAPPING_SHIFTS),
        Index("ix_shifts_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id", ondelete="CASCADE"))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id", ondelete="SET NULL"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    holiday_work: Mapped[bool] = mapped_column(server_default="false")


class Absence(CreatedAt, Base):
    """Whole days a technician does not work (vacation, sick leave, a day off), first and last day included."""

    __tablename__ = "absences"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint(check_in("reason", ABSENCE_REASONS), name="reason_known"),
        _per_technician(func.daterange(Column("starts_on"), Column("ends_on"), "[]"), NO_OVERLAPPING_ABSENCES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class Visit(CreatedAt, Base):
    """A technician's slot at a client's address for an order; ``technician_id`` is the lead of its crew."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(check_in("status", VISIT_STATUSES), name="status_known"),
        _per_technician(_timestamps(), NO_DOUBLE_BOOKING,
                        where="technician_id IS NOT NULL AND status <> 'cancelled'"),
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
    confirmed_at: Mapped[datetime | None]  # the client confirmed the time
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}


class VisitTechnician(Base):
    """One member of a visit's crew, the lead included; the time columns are the visit's, kept by the database."""

    __tablename__ = "visit_technicians"
    __table_args__ = (
        _per_technician(_timestamps(), CREW_NO_DOUBLE_BOOKING, where="NOT cancelled"),
        Index("uq_visit_technicians_lead", "visit_id", unique=True, postgresql_where=text("is_lead")),
        Index("ix_visit_technicians_technician_starts", "technician_id", "starts_at"),
    )

    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id", ondelete="RESTRICT"), primary_key=True)
    is_lead: Mapped[bool] = mapped_column(server_default="false")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    cancelled: Mapped[bool] = mapped_column(server_default="false")


@dataclass(frozen=True)
class PlanningSettings:
    """The company settings planning depends on."""

    tz: ZoneInfo
    holiday_country: str
    urgent_buffer_percent: int


def planning_settings(session: Session) -> PlanningSettings:
    """Time zone, holiday country and urgent buffer of the company."""
    from models.company import Company

    row = session.execute(select(Company.time_zone, Company.holiday_country, Company.urgent_buffer_percent)).one()
    return PlanningSettings(ZoneInfo(row[0] or "UTC"), row[1], int(row[2]))


def short_name(full_name: str) -> str:
    """"Петров Сергей Иванович" -> "Петров С. И.", as names are written on a schedule."""
    surname, *given = full_name.split()
    return " ".join([surname, *(f"{part[0]}." for part in given)])


def require_aware(*moments: datetime) -> None:
    """Refuse times without a time zone: stored as UTC, they would be silently wrong by the company's offset."""
    if any(m.tzinfo is None or m.utcoffset() is None for m in moments):
        raise ValueError("Times must carry their time zone (for example the company's); got a time without one.")


class BookingConflict(Exception):
    """A technician is already booked in that time; the message names the visit that holds it and who clashes."""

    def __init__(self, message: str, blocking_visit_id: int | None, technician_id: int | None = None):
        super().__init__(message)
        self.blocking_visit_id = blocking_visit_id
        self.technician_id = technician_id


@dataclass(frozen=True)
class BookingRequest:
    """What a dispatcher asks for when booking a visit; without ``ends_at`` the service's catalog duration is used."""

    order_id: int
    technician_id: int | None
    starts_at: datetime
    ends_at: datetime | None = None
    service_id: int | None = None
    note: str | None = None
    crew: tuple[int, ...] = ()  # technicians going with the lead


def is_double_booking(exc: DBAPIError) -> bool:
    """Whether the database refused a write because a technician would be in two visits at once."""
    message = str(exc.orig)
    return NO_DOUBLE_BOOKING in message or CREW_NO_DOUBLE_BOOKING in message


def lost_race(exc: DBAPIError) -> bool:
    """Whether two transactions writing clashing rows at the same instant deadlocked and this one was chosen to fail.

    Exclusion constraints (unlike unique indexes) can do that; the other booking wins, as with any clash.
    """
    return getattr(exc.orig, "sqlstate", None) == "40P01"  # deadlock_detected


def visit_end(session: Session, request: BookingRequest) -> datetime:
    """The requested end, or the start plus the service's duration from the catalog."""
    if request.ends_at is not None:
        return request.ends_at
    if request.service_id is None:
        raise ValueError("Give the visit an end time or a service: the catalog's duration is used when no end is set.")
    minutes = session.execute(select(Service.duration_min).where(Service.id == request.service_id)).scalar()
    if minutes is None:
        raise LookupError(f"Service {request.service_id} is not in the catalog; choose another service.")
    return request.starts_at + timedelta(minutes=minutes)


def book_visit(session: Session, request: BookingRequest) -> int:
    """Insert a visit with its crew; a clash raises BookingConflict naming the visit that holds the time and who.

    The check is the database's exclusion constraints, so two workstations booking the same technician (lead or
    crew member) at the same moment cannot both succeed. Runs in a savepoint so the caller's transaction stays
    usable after a refusal.
    """
    ends_at = visit_end(session, request)
    require_aware(request.starts_at, ends_at)
    if ends_at <= request.starts_at:
        raise ValueError("The visit must end after it starts.")
    crew = _crew(request.technician_id, request.crew)
    visit = Visit(order_id=request.order_id, technician_id=request.technician_id, starts_at=request.starts_at,
                  ends_at=ends_at, service_id=request.service_id, note=request.note)
    try:
        with session.begin_nested():
            session.add(visit)
            session.flush()  # the lead's row in visit_technicians comes from the trigger
            session.add_all(VisitTechnician(visit_id=visit.id, technician_id=member, starts_at=request.starts_at,
                                            ends_at=ends_at) for member in crew)
            session.flush()
    except (IntegrityError, OperationalError) as exc:
        if not (is_double_booking(exc) or lost_race(exc)):
            raise
        members = [m for m in (request.technician_id, *crew) if m is not None]
        raise booking_conflict(session, members, request.starts_at, ends_at) from exc
    return visit.id


def set_visit_crew(session: Session, visit_id: int, crew: Sequence[int]) -> None:
    """Make ``crew`` the technicians going with the visit's lead; a member busy elsewhere raises BookingConflict."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise LookupError(f"Visit {visit_id} no longer exists; refresh the plan.")
    wanted = _crew(visit.technician_id, crew)
    try:
        with session.begin_nested():
            session.execute(delete(VisitTechnician).where(
                VisitTechnician.visit_id == visit_id, VisitTechnician.is_lead.is_(False),
                VisitTechnician.technician_id.not_in(wanted)))
            present = set(session.execute(
                select(VisitTechnician.technician_id).where(VisitTechnician.visit_id == visit_id)).scalars())
            session.add_all(VisitTechnician(visit_id=visit_id, technician_id=member, starts_at=visit.starts_at,
                                            ends_at=visit.ends_at) for member in wanted if member not in present)
            session.flush()
    except (IntegrityError, OperationalError) as exc:
        if not (is_double_booking(exc) or lost_race(exc)):
            raise
        raise booking_conflict(session, wanted, visit.starts_at, visit.ends_at, exclude_visit_id=visit_id) from exc


def _crew(lead: int | None, crew: Sequence[int]) -> list[int]:
    """Crew members other than the lead, each once, in the order given."""
    if crew and lead is None:
        raise ValueError("A crew needs a lead technician: choose who leads the visit first.")
    return list(dict.fromkeys(m for m in crew if m != lead))


def booking_conflict(session: Session, members: Sequence[int], starts_at: datetime, ends_at: datetime,
                     *, exclude_visit_id: int | None = None) -> BookingConflict:
    """The conflict to show when one of ``members`` is busy between ``starts_at`` and ``ends_at``."""
    assignments = union(
        select(Visit.id.label("visit_id"), Visit.technician_id.label("technician_id"))
        .where(Visit.technician_id.in_(members)),
        select(VisitTechnician.visit_id, VisitTechnician.technician_id)
        .where(VisitTechnician.technician_id.in_(members)),
    ).subquery()
    query = (
        select(Visit.id, Visit.starts_at, Visit.ends_at, Order.number, Technician.full_name, Technician.id)
        .join(assignments, assignments.c.visit_id == Visit.id)
        .join(Order, Order.id == Visit.order_id)
        .join(Technician, Technician.id == assignments.c.technician_id)
        .where(Visit.status != "cancelled", Visit.starts_at < ends_at, Visit.ends_at > starts_at)
        .order_by(Visit.starts_at, Technician.full_name)
        .limit(1)
    )
    if exclude_visit_id is not None:
        query = query.where(Visit.id != exclude_visit_id)
    row = session.execute(query).first()
    if row is None:  # the other booking was rolled back meanwhile; still refused, ask to retry
        return BookingConflict("The technician was booked by someone else at that moment. Try again.", None)
    visit_id, starts, ends, number, name, technician_id = row
    tz = planning_settings(session).tz
    starts, ends = starts.astimezone(tz), ends.astimezone(tz)
    return BookingConflict(
        f"{name} is already booked {starts:%d.%m %H:%M}–{ends:%H:%M} for order #{number} "
        f"(visit {visit_id}). Choose another time or technician.",
        visit_id,
        technician_id,
    )


def add_missing_lead_rows(session: Session) -> int:
    """Give every visit written with triggers switched off (a bulk load in replica mode) its lead's member row, so
    crew bookings are checked against it too; return how many were added."""
    result = session.execute(text(
        "INSERT INTO visit_technicians (visit_id, technician_id, is_lead, starts_at, ends_at, cancelled) "
        "SELECT v.id, v.technician_id, true, v.starts_at, v.ends_at, v.status = 'cancelled' FROM visits v "
        "WHERE v.technician_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM visit_technicians m "
        "WHERE m.visit_id = v.id AND m.is_lead)"))
    return result.rowcount

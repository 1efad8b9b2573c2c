"""Shifts (who works in which zone and when), absences and public holidays: the calendar free slots are cut from.

Times are stored in UTC and handed out in the company's time zone; a shift's day is the local date it starts on.
Public holidays come from the ``holidays`` package for the company's ``holiday_country`` (RU out of the box). A shift
added for a given day by ``add_shift`` or ``move_shift`` counts even on a holiday (``holiday_work``); shifts laid
down by ``fill_shifts`` skip holidays, and bulk-loaded shifts that fall on one are shown but not offered for booking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import Row, Select, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from models.database import Database
from models.pipelines import Order
from models.scheduling import (
    ABSENCE_REASONS,
    NO_OVERLAPPING_ABSENCES,
    NO_OVERLAPPING_SHIFTS,
    Absence,
    PlanningSettings,
    Shift,
    Technician,
    Visit,
    VisitTechnician,
    Zone,
    lost_race,
    planning_settings,
    require_aware,
    short_name,
)

MAX_SHIFT = timedelta(hours=24)
Away = tuple[date, date, str]  # first day, last day, reason


class PlanningRefused(ValueError):
    """A change to shifts or absences was refused; the message says why and what to do."""


class ShiftConflict(PlanningRefused):
    """The technician already works at that time; the message names both shifts."""

    def __init__(self, message: str, blocking_shift_id: int | None):
        super().__init__(message)
        self.blocking_shift_id = blocking_shift_id


class ShiftHasVisits(PlanningRefused):
    """Visits booked in a shift would be left outside working hours; pass ``force=True`` to go ahead anyway."""

    def __init__(self, message: str, visit_ids: tuple[int, ...]):
        super().__init__(message)
        self.visit_ids = visit_ids


@dataclass(frozen=True)
class ShiftView:
    """A shift as the planning board shows it; ``offered`` says whether free slots are cut from it."""

    id: int
    technician_id: int
    technician_name: str
    zone_id: int | None
    zone_name: str | None
    starts_at: datetime  # company time zone
    ends_at: datetime
    day: date
    holiday_work: bool
    holiday: str | None  # the public holiday on that day
    absence: str | None  # the technician's absence reason on that day

    @property
    def offered(self) -> bool:
        return self.absence is None and (self.holiday is None or self.holiday_work)


@dataclass(frozen=True)
class AbsenceView:
    """An absence with the visits still booked for the technician in it, which someone must take over."""

    id: int
    technician_id: int
    technician_name: str
    starts_on: date
    ends_on: date
    reason: str
    note: str | None
    visit_ids: tuple[int, ...]


@dataclass(frozen=True)
class FillResult:
    """What ``fill_shifts`` added, and the days it left alone with the reason."""

    created: tuple[ShiftView, ...]
    skipped: tuple[tuple[date, str], ...]


def local_span(tz: ZoneInfo, date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """UTC instants of local midnight starting ``date_from`` and ending ``date_to`` (both days included)."""
    start = datetime.combine(date_from, time(), tz).astimezone(UTC)
    return start, datetime.combine(date_to + timedelta(days=1), time(), tz).astimezone(UTC)


def holidays_between(country: str, date_from: date, date_to: date) -> dict[date, str]:
    """Public holidays (and official days off in lieu) of ``country`` between the dates, both included."""
    calendar = _calendar(country, date_from, date_to)
    return {day: name for day, name in calendar.items() if date_from <= day <= date_to}


def working_days(date_from: date, date_to: date, *, country: str = "RU",
                 weekdays: frozenset[int] | None = None) -> list[date]:
    """Days between the dates (both included) that are worked: by default the country's working days (weekends,
    holidays and moved days off excluded, moved working Saturdays included); with ``weekdays`` (0 = Monday) those
    weekdays minus the public holidays."""
    calendar = _calendar(country, date_from, date_to)
    days = (date_from + timedelta(days=i) for i in range((date_to - date_from).days + 1))
    if weekdays is None:
        return [d for d in days if calendar.is_working_day(d)]
    return [d for d in days if d.weekday() in weekdays and d not in calendar]


def _calendar(country: str, date_from: date, date_to: date) -> holidays.HolidayBase:
    try:
        return holidays.country_holidays(country, years=range(date_from.year, date_to.year + 1))
    except NotImplementedError as exc:
        raise PlanningRefused(f"The holiday calendar does not know the country {country!r}; set a two-letter code "
                              f"such as RU in the company settings.") from exc


def shifts_for(db: Database, date_from: date, date_to: date, *, zone_id: int | None = None,
               technician_id: int | None = None) -> list[ShiftView]:
    """Shifts starting on the local days between the dates (both included), optionally of one zone or technician."""
    with db.session() as session:
        settings = planning_settings(session)
        start, end = local_span(settings.tz, date_from, date_to)
        query = _shift_query().where(Shift.starts_at >= start, Shift.starts_at < end)
        if zone_id is not None:
            query = query.where(Shift.zone_id == zone_id)
        if technician_id is not None:
            query = query.where(Shift.technician_id == technician_id)
        rows = session.execute(query.order_by(Shift.starts_at, Technician.full_name)).all()
        away = _absences(session, {r.technician_id for r in rows}, date_from, date_to)
    names = holidays_between(settings.holiday_country, date_from, date_to)
    return [_view(row, settings.tz, names, away) for row in rows]


def add_shift(db: Database, *, technician_id: int, zone_id: int | None, starts_at: datetime,
              ends_at: datetime) -> ShiftView:
    """Add a shift; an overlap raises ShiftConflict naming both shifts, an absence that day PlanningRefused."""
    with db.transaction() as session:
        settings = planning_settings(session)
        shift = Shift(technician_id=technician_id)
        _place(session, settings, shift, zone_id, starts_at, ends_at)
        return _read(session, settings, shift.id)


def move_shift(db: Database, shift_id: int, *, starts_at: datetime, ends_at: datetime, zone_id: int | None,
               force: bool = False) -> ShiftView:
    """Change a shift's hours and zone; visits it would leave outside working hours raise ShiftHasVisits unless
    ``force``."""
    with db.transaction() as session:
        settings = planning_settings(session)
        shift = _shift(session, shift_id)
        require_aware(starts_at, ends_at)
        if not force:
            _refuse_stranded(session, settings.tz, shift, starts_at, ends_at)
        _place(session, settings, shift, zone_id, starts_at, ends_at)
        return _read(session, settings, shift.id)


def delete_shift(db: Database, shift_id: int, *, force: bool = False) -> None:
    """Remove a shift; visits booked in it raise ShiftHasVisits unless ``force``."""
    with db.transaction() as session:
        shift = _shift(session, shift_id)
        if not force:
            _refuse_stranded(session, planning_settings(session).tz, shift, None, None)
        session.delete(shift)


def fill_shifts(db: Database, *, technician_id: int, zone_id: int | None, date_from: date, date_to: date,
                start: time, end: time) -> FillResult:
    """Lay down start–end shifts on the company's working days between the dates (holidays and weekends skipped);
    days the technician is away or already works are skipped with the reason."""
    if end <= start:
        raise PlanningRefused("The shift must end after it starts; overnight shifts are added one by one.")
    created, skipped = [], []
    with db.transaction() as session:
        settings = planning_settings(session)
        for day in working_days(date_from, date_to, country=settings.holiday_country):
            shift = Shift(technician_id=technician_id)
            try:
                _place(session, settings, shift, zone_id, datetime.combine(day, start, settings.tz),
                       datetime.combine(day, end, settings.tz))
            except PlanningRefused as exc:
                skipped.append((day, str(exc)))
                continue
            created.append(_read(session, settings, shift.id))
    return FillResult(tuple(created), tuple(skipped))


def _place(session: Session, settings: PlanningSettings, shift: Shift, zone_id: int | None, starts_at: datetime,
           ends_at: datetime) -> None:
    """Give the shift its zone and hours and write it, turning the database's refusals into messages."""
    require_aware(starts_at, ends_at)
    if not starts_at < ends_at <= starts_at + MAX_SHIFT:
        raise PlanningRefused("A shift must end after it starts and last at most 24 hours; check the hours.")
    technician = session.get(Technician, shift.technician_id)
    if technician is None:
        raise LookupError(f"Technician {shift.technician_id} no longer exists; refresh the plan.")
    if not technician.active:
        raise PlanningRefused(f"{short_name(technician.full_name)} is no longer active; plan another technician.")
    day = starts_at.astimezone(settings.tz).date()
    absence = _absent(session, shift.technician_id, day, ends_at.astimezone(settings.tz).date())
    if absence is not None:
        raise PlanningRefused(
            f"{short_name(technician.full_name)} is away {absence.starts_on:%d.%m}–{absence.ends_on:%d.%m} "
            f"({absence.reason.replace('_', ' ')}); shorten that absence or plan another technician.")
    own_id = shift.id  # None for a new shift; read now, as a refused flush expires the object
    holiday_work = day in _calendar(settings.holiday_country, day, day)
    try:
        with session.begin_nested():  # changes go in inside the savepoint: begin_nested flushes what is pending
            shift.zone_id, shift.holiday_work = zone_id, holiday_work
            shift.starts_at, shift.ends_at = starts_at, ends_at
            session.add(shift)
            session.flush()
    except (IntegrityError, OperationalError) as exc:
        if NO_OVERLAPPING_SHIFTS not in str(exc.orig) and not lost_race(exc):
            raise
        raise _conflict(session, settings.tz, technician, own_id, starts_at, ends_at) from exc


def _conflict(session: Session, tz: ZoneInfo, technician: Technician, shift_id: int | None, starts_at: datetime,
              ends_at: datetime) -> ShiftConflict:
    query = (select(Shift.id, Shift.starts_at, Shift.ends_at, Zone.name).outerjoin(Zone, Zone.id == Shift.zone_id)
             .where(Shift.technician_id == technician.id, Shift.starts_at < ends_at, Shift.ends_at > starts_at)
             .order_by(Shift.starts_at).limit(1))
    if shift_id is not None:
        query = query.where(Shift.id != shift_id)
    new = f"{starts_at.astimezone(tz):%H:%M}–{ends_at.astimezone(tz):%H:%M}"
    row = session.execute(query).first()
    if row is None:  # the other shift was removed meanwhile
        return ShiftConflict(f"Another shift of {short_name(technician.full_name)} was being saved at that moment; "
                             f"try the new shift {new} again.", None)
    other_id, other_start, other_end, zone = row
    other_start, other_end = other_start.astimezone(tz), other_end.astimezone(tz)
    where = f"in zone {zone}" if zone else "with no zone"
    return ShiftConflict(
        f"{short_name(technician.full_name)} already works {other_start:%H:%M}–{other_end:%H:%M} on "
        f"{other_start:%d.%m} {where}; the new shift {new} overlaps it. Change the hours or move that shift first.",
        other_id,
    )


def _refuse_stranded(session: Session, tz: ZoneInfo, shift: Shift, starts_at: datetime | None,
                     ends_at: datetime | None) -> None:
    """Raise ShiftHasVisits when visits inside the shift would fall outside the new hours (None: no hours)."""
    assigned = or_(Visit.technician_id == shift.technician_id, Visit.id.in_(
        select(VisitTechnician.visit_id).where(VisitTechnician.technician_id == shift.technician_id)))
    rows = session.execute(
        select(Visit.id, Visit.starts_at, Visit.ends_at, Order.number).join(Order, Order.id == Visit.order_id)
        .where(assigned, Visit.status != "cancelled", Visit.starts_at < shift.ends_at,
               Visit.ends_at > shift.starts_at).order_by(Visit.starts_at)).all()
    stranded = [r for r in rows if starts_at is None or ends_at is None
                or not (starts_at <= r.starts_at and r.ends_at <= ends_at)]
    if stranded:
        listed = ", ".join(f"{r.starts_at.astimezone(tz):%H:%M}–{r.ends_at.astimezone(tz):%H:%M} order #{r.number}"
                           for r in stranded)
        raise ShiftHasVisits(f"{len(stranded)} booked visit(s) would be left outside working hours ({listed}); "
                             f"move them to another technician first, or confirm to change the shift anyway.",
                             tuple(r.id for r in stranded))


def add_absence(db: Database, *, technician_id: int, starts_on: date, ends_on: date, reason: str,
                note: str | None = None) -> AbsenceView:
    """Record days away; an overlap with another absence raises PlanningRefused naming it. Shifts on those days
    stay on the board but are not offered; visits still booked then are listed in the result to be reassigned."""
    if reason not in ABSENCE_REASONS:
        raise PlanningRefused(f"Unknown absence reason {reason!r}; choose one of {', '.join(ABSENCE_REASONS)}.")
    if ends_on < starts_on:
        raise PlanningRefused("The absence must end on or after its first day; check the dates.")
    with db.transaction() as session:
        absence = Absence(technician_id=technician_id, starts_on=starts_on, ends_on=ends_on, reason=reason, note=note)
        try:
            with session.begin_nested():
                session.add(absence)
                session.flush()
        except IntegrityError as exc:
            if NO_OVERLAPPING_ABSENCES not in str(exc.orig):
                raise
            other = _absent(session, technician_id, starts_on, ends_on)
            name = short_name(session.execute(
                select(Technician.full_name).where(Technician.id == technician_id)).scalar_one())
            held = f" {other.starts_on:%d.%m}–{other.ends_on:%d.%m} ({other.reason.replace('_', ' ')})" if other else ""
            raise PlanningRefused(f"{name} is already away{held}; the new absence {starts_on:%d.%m}–{ends_on:%d.%m} "
                                  f"overlaps it. Change the dates or edit that absence.") from exc
        return _absence_views(session, [absence])[0]


def delete_absence(db: Database, absence_id: int) -> None:
    """Remove an absence (the technician's shifts on those days are offered again)."""
    with db.transaction() as session:
        absence = session.get(Absence, absence_id)
        if absence is not None:
            session.delete(absence)


def absences_for(db: Database, date_from: date, date_to: date, *, technician_id: int | None = None
                 ) -> list[AbsenceView]:
    """Absences touching the days between the dates (both included)."""
    with db.session() as session:
        query = select(Absence).where(Absence.starts_on <= date_to, Absence.ends_on >= date_from)
        if technician_id is not None:
            query = query.where(Absence.technician_id == technician_id)
        return _absence_views(session, list(session.execute(query.order_by(Absence.starts_on)).scalars()))


def _absence_views(session: Session, absences: list[Absence]) -> list[AbsenceView]:
    tz = planning_settings(session).tz
    views = []
    for a in absences:
        start, end = local_span(tz, a.starts_on, a.ends_on)
        booked = or_(Visit.technician_id == a.technician_id, Visit.id.in_(
            select(VisitTechnician.visit_id).where(VisitTechnician.technician_id == a.technician_id)))
        visits = session.execute(select(Visit.id).where(booked, Visit.status != "cancelled", Visit.starts_at < end,
                                                        Visit.ends_at > start).order_by(Visit.starts_at)).scalars()
        name = session.execute(select(Technician.full_name).where(Technician.id == a.technician_id)).scalar_one()
        views.append(AbsenceView(a.id, a.technician_id, name, a.starts_on, a.ends_on, a.reason, a.note,
                                 tuple(visits)))
    return views


def _absent(session: Session, technician_id: int, first: date, last: date) -> Absence | None:
    return session.execute(select(Absence).where(
        Absence.technician_id == technician_id, Absence.starts_on <= last, Absence.ends_on >= first)
        .order_by(Absence.starts_on).limit(1)).scalar()


def _absences(session: Session, technician_ids: set[int], first: date, last: date) -> dict[int, list[Away]]:
    """(first day, last day, reason) of each technician's absences touching the period."""
    found: dict[int, list[Away]] = {}
    for tech_id, starts_on, ends_on, reason in session.execute(
            select(Absence.technician_id, Absence.starts_on, Absence.ends_on, Absence.reason)
            .where(Absence.technician_id.in_(technician_ids), Absence.starts_on <= last, Absence.ends_on >= first)):
        found.setdefault(tech_id, []).append((starts_on, ends_on, reason))
    return found


def _shift(session: Session, shift_id: int) -> Shift:
    shift = session.get(Shift, shift_id, with_for_update=True)
    if shift is None:
        raise LookupError(f"Shift {shift_id} no longer exists; refresh the plan.")
    return shift


def _shift_query() -> Select:
    return (select(Shift.id, Shift.technician_id, Technician.full_name, Shift.zone_id, Zone.name.label("zone_name"),
                   Shift.starts_at, Shift.ends_at, Shift.holiday_work)
            .join(Technician, Technician.id == Shift.technician_id).outerjoin(Zone, Zone.id == Shift.zone_id))


def _read(session: Session, settings: PlanningSettings, shift_id: int) -> ShiftView:
    row = session.execute(_shift_query().where(Shift.id == shift_id)).one()
    day = row.starts_at.astimezone(settings.tz).date()
    away = _absences(session, {row.technician_id}, day, day)
    return _view(row, settings.tz, holidays_between(settings.holiday_country, day, day), away)


def _view(row: Row, tz: ZoneInfo, holiday_names: dict[date, str], away: dict[int, list[Away]]) -> ShiftView:
    starts, ends = row.starts_at.astimezone(tz), row.ends_at.astimezone(tz)
    day = starts.date()
    absence = next((reason for first, last, reason in away.get(row.technician_id, ()) if first <= day <= last), None)
    return ShiftView(row.id, row.technician_id, row.full_name, row.zone_id, row.zone_name, starts, ends, day,
                     row.holiday_work, holiday_names.get(day), absence)

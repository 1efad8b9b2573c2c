"""Free slots: when a technician who can do the service, on shift in a zone holding the address, can come.

One function serves the planning board, the call pane's "book a visit" and the web booking API, so all three offer
the same times. A slot is offered when:

- the shift's zone holds the address (point in polygon; overlapping zones each offer their own shifts; a shift with
  no zone offers nothing) and the technician is active and has the service's required skill;
- the technician is not away that day, and the day is not a public holiday unless the shift was added for that very
  day (``Shift.holiday_work``);
- the visit fits inside the shift with room to drive: from the previous visit of the day (or from the technician's
  home base for the first visit, when one is set) and on to the next visit of the day; travel comes from
  ``routing.geo.travel_minutes``, rounded up to whole minutes, and a visit whose site has no coordinates yet is
  assumed to be ``UNKNOWN_TRAVEL_MIN`` away;
- for a non-urgent booking, the zone's booked time that day plus this visit stays within (100 − buffer) % of the
  zone's shift time that day, the buffer being the company's ``urgent_buffer_percent``; urgent bookings may use the
  buffer. Booked time is each visit's time inside a shift of that zone, counted once per technician on it;
- it does not start in the past.

Starts lie on a grid of ``step_minutes`` from local midnight. The database is read with a handful of queries (the
settings, the service, the zones, the shifts with their technicians, the visits of those technicians); the slots are
cut in Python.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import DateTime, cast, exists, func, select, union
from sqlalchemy.orm import Session

from models.catalog import Service
from models.clients import Site
from models.database import Database
from models.pipelines import Order
from models.scheduling import (
    Absence,
    PlanningSettings,
    Shift,
    Technician,
    Visit,
    VisitTechnician,
    planning_settings,
    require_aware,
)
from models.shifts import holidays_between, local_span
from models.zones import containing, load_zone_shapes
from routing.geo import travel_minutes

UNKNOWN_TRAVEL_MIN = 30  # a site without coordinates: assume a drive across town
MAX_DAYS = 62
Place = tuple[float, float] | None  # lat, lon


@dataclass(frozen=True)
class Slot:
    """A time a technician can come to the address; times in the company's time zone."""

    technician_id: int
    technician_name: str
    starts_at: datetime
    ends_at: datetime
    zone_id: int
    zone_name: str
    travel_before_min: int
    travel_after_min: int


@dataclass(frozen=True)
class _Shift:
    technician_id: int
    name: str
    skills: frozenset[str]
    home: Place
    zone_id: int
    starts_at: datetime
    ends_at: datetime
    day: date


@dataclass(frozen=True)
class _Busy:
    starts_at: datetime
    ends_at: datetime
    place: Place


def free_slots(db: Database, *, lat: float, lon: float, service_id: int, date_from: date, date_to: date,
               urgent: bool = False, step_minutes: int = 30, now: datetime | None = None) -> list[Slot]:
    """Every free slot for the service at (lat, lon) on the local days from ``date_from`` to ``date_to`` (both
    included), ordered by start and then technician; see the module docstring for the rules."""
    if date_to < date_from or (date_to - date_from).days >= MAX_DAYS:
        raise ValueError(f"Choose a period of 1 to {MAX_DAYS} days that ends on or after its first day.")
    if step_minutes <= 0:
        raise ValueError("The slot step must be a positive number of minutes.")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"({lat}, {lon}) is not a point on the map; give the address's latitude and longitude.")
    if now is not None:
        require_aware(now)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    with db.session() as session:
        settings = planning_settings(session)
        service = session.execute(select(Service.duration_min, Service.required_skill)
                                  .where(Service.id == service_id)).first()
        if service is None:
            raise LookupError(f"Service {service_id} is not in the catalog; choose another service.")
        zones = {z.id: z.name for z in containing(load_zone_shapes(session), lat, lon)}
        if not zones:
            return []
        start, end = local_span(settings.tz, date_from, date_to)
        shifts = _shifts(session, settings, list(zones), start, end)
        if not shifts:
            return []
        busy = _busy(session, {s.technician_id for s in shifts}, start, max(end, *(s.ends_at for s in shifts)))
    return _cut(shifts, busy, settings, zones, (lat, lon), timedelta(minutes=service.duration_min),
                service.required_skill, urgent, timedelta(minutes=step_minutes), now)


def _shifts(session: Session, settings: PlanningSettings, zone_ids: list[int], start: datetime,
            end: datetime) -> list[_Shift]:
    """Offered shifts starting in the period in those zones: active technicians, not away, holidays honoured."""
    tz_name = settings.tz.key
    away_from = func.timezone(tz_name, cast(Absence.starts_on, DateTime))
    away_until = func.timezone(tz_name, cast(Absence.ends_on, DateTime) + timedelta(days=1))
    working = func.tstzrange(Shift.starts_at, Shift.ends_at)
    away = exists().where(Absence.technician_id == Shift.technician_id,
                          working.op("&&")(func.tstzrange(away_from, away_until)))
    rows = session.execute(
        select(Shift.technician_id, Technician.full_name, Technician.skills, Technician.home_lat, Technician.home_lon,
               Shift.zone_id, Shift.starts_at, Shift.ends_at, Shift.holiday_work)
        .join(Technician, Technician.id == Shift.technician_id)
        .where(Shift.zone_id.in_(zone_ids), Shift.starts_at >= start, Shift.starts_at < end,
               Technician.active.is_(True), ~away)
    ).all()
    first = start.astimezone(settings.tz).date()
    holidays = holidays_between(settings.holiday_country, first, end.astimezone(settings.tz).date())
    shifts = []
    for tech_id, name, skills, home_lat, home_lon, zone_id, starts, ends, holiday_work in rows:
        day = starts.astimezone(settings.tz).date()
        if day in holidays and not holiday_work:
            continue
        home = (home_lat, home_lon) if home_lat is not None and home_lon is not None else None
        shifts.append(_Shift(tech_id, name, frozenset(skills), home, zone_id, starts, ends, day))
    return shifts


def _busy(session: Session, technician_ids: set[int], start: datetime, end: datetime) -> dict[int, list[_Busy]]:
    """Visits of the technicians overlapping the period, as lead or crew member, with their sites; by technician."""
    members = union(
        select(VisitTechnician.visit_id, VisitTechnician.technician_id)
        .where(VisitTechnician.technician_id.in_(technician_ids), VisitTechnician.cancelled.is_(False),
               VisitTechnician.starts_at < end, VisitTechnician.ends_at > start),
        # visits written with triggers off (bulk loads) have no member rows: read their lead from the visit itself
        select(Visit.id, Visit.technician_id)
        .where(Visit.technician_id.in_(technician_ids), Visit.status != "cancelled",
               Visit.starts_at < end, Visit.ends_at > start),
    ).subquery()
    rows = session.execute(
        select(members.c.technician_id, Visit.starts_at, Visit.ends_at, Site.lat, Site.lon)
        .join(Visit, Visit.id == members.c.visit_id)
        .join(Order, Order.id == Visit.order_id)
        .outerjoin(Site, Site.id == Order.site_id)
        .order_by(Visit.starts_at)
    ).all()
    busy: dict[int, list[_Busy]] = defaultdict(list)
    for tech_id, starts, ends, site_lat, site_lon in rows:
        place = (site_lat, site_lon) if site_lat is not None and site_lon is not None else None
        busy[tech_id].append(_Busy(starts, ends, place))
    return busy


def _cut(shifts: Sequence[_Shift], busy: dict[int, list[_Busy]], settings: PlanningSettings, zones: dict[int, str],
         here: tuple[float, float], duration: timedelta, skill: str | None, urgent: bool, step: timedelta,
         now: datetime) -> list[Slot]:
    capacity: dict[tuple[int, date], timedelta] = defaultdict(timedelta)
    booked: dict[tuple[int, date], timedelta] = defaultdict(timedelta)
    for shift in shifts:
        capacity[shift.zone_id, shift.day] += shift.ends_at - shift.starts_at
        for visit in busy.get(shift.technician_id, ()):
            overlap = min(visit.ends_at, shift.ends_at) - max(visit.starts_at, shift.starts_at)
            if overlap > timedelta(0):
                booked[shift.zone_id, shift.day] += overlap
    share = 100 - settings.urgent_buffer_percent
    travel_cache: dict[Place, int] = {}

    def travel(place: Place) -> int:
        if place not in travel_cache:
            travel_cache[place] = (UNKNOWN_TRAVEL_MIN if place is None
                                   else math.ceil(travel_minutes(place[0], place[1], here[0], here[1])))
        return travel_cache[place]

    slots = []
    for shift in shifts:
        if skill is not None and skill not in shift.skills:
            continue
        key = (shift.zone_id, shift.day)
        if not urgent and (booked[key] + duration) * 100 > capacity[key] * share:
            continue
        for starts, before, after in _fits(shift, busy.get(shift.technician_id, []), settings, duration, step, now,
                                           travel):
            slots.append(Slot(shift.technician_id, shift.name, starts.astimezone(settings.tz),
                              (starts + duration).astimezone(settings.tz), shift.zone_id, zones[shift.zone_id],
                              before, after))
    slots.sort(key=lambda s: (s.starts_at, s.technician_name, s.technician_id))
    return slots


def _fits(shift: _Shift, visits: list[_Busy], settings: PlanningSettings, duration: timedelta, step: timedelta,
          now: datetime, travel: Callable[[Place], int]) -> list[tuple[datetime, int, int]]:
    """Grid starts in the shift where the visit fits with the drives around it: (start, travel before, after)."""
    day_start, day_end = local_span(settings.tz, shift.day, shift.day)

    def on_grid(moment: datetime) -> datetime:
        return day_start + math.ceil((moment - day_start) / step) * step

    starts_list = [v.starts_at for v in visits]
    found = []
    t = on_grid(max(shift.starts_at, now))
    while t + duration <= shift.ends_at:
        end = t + duration
        i = bisect_left(starts_list, end)  # visits[:i] start before this one would end
        prev = visits[i - 1] if i and visits[i - 1].ends_at > day_start else None
        if prev is not None and prev.ends_at > t:  # busy then: try after that visit
            t = on_grid(prev.ends_at)
            continue
        following = visits[i] if i < len(visits) and visits[i].starts_at < day_end else None
        if prev is not None:
            before = travel(prev.place)
            earliest = max(shift.starts_at, prev.ends_at + timedelta(minutes=before))
        else:
            before = travel(shift.home) if shift.home is not None else 0
            earliest = shift.starts_at + timedelta(minutes=before)
        if t < earliest:
            t = on_grid(earliest)
            continue
        after = travel(following.place) if following is not None else 0
        if following is not None and end + timedelta(minutes=after) > following.starts_at:
            t = on_grid(following.ends_at)
            continue
        found.append((t, before, after))
        t += step
    return found

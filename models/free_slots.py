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

import functools
import gc
import itertools
import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

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
    with _collector_paused():
        return _cut(shifts, busy, settings, zones, (lat, lon), timedelta(minutes=service.duration_min),
                    service.required_skill, urgent, timedelta(minutes=step_minutes), now)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while the slots are cut.

    A fortnight for a busy address is thousands of Slot objects, all alive until the list is returned. Built with the
    collector on, they were scanned and promoted generation by generation, and every few calls that made the
    collector run a full pass over the whole process heap: more time than cutting the slots. The slots hold no
    reference cycles, so pausing frees nothing later than it would have been; a caller that keeps the list pays only
    the ordinary promotion of what it keeps. Other threads' allocations simply wait for the next collection. The
    collector is left as it was found (a caller that had disabled it keeps it disabled).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    holidays = _holidays(settings.holiday_country, first, end.astimezone(settings.tz).date())
    shifts = []
    for tech_id, name, skills, home_lat, home_lon, zone_id, starts, ends, holiday_work in rows:
        day = starts.astimezone(settings.tz).date()
        if day in holidays and not holiday_work:
            continue
        home = (home_lat, home_lon) if home_lat is not None and home_lon is not None else None
        shifts.append(_Shift(tech_id, name, frozenset(skills), home, zone_id, starts, ends, day))
    return shifts


@functools.lru_cache(maxsize=64)
def _holidays(country: str, date_from: date, date_to: date) -> frozenset[date]:
    """The public holidays between the dates; the calendar is fixed, and building it was a few ms of every call."""
    return frozenset(holidays_between(country, date_from, date_to))


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
    """The slots of the shifts, ordered by start (local wall clock), technician name and id.

    Instants are compared as integer microseconds since the epoch; the few sums and differences of stored times
    (capacity, booked overlap, "ready after the drive") are still taken on the datetimes as read, so they keep their
    meaning whatever time zone the connection hands them back in.
    """
    calendars = {tech_id: _Calendar(visits) for tech_id, visits in busy.items()}
    nobody = _Calendar([])
    capacity: dict[tuple[int, date], timedelta] = defaultdict(timedelta)
    booked: dict[tuple[int, date], timedelta] = defaultdict(timedelta)
    for shift in shifts:
        key = (shift.zone_id, shift.day)
        capacity[key] += shift.ends_at - shift.starts_at
        calendar = calendars.get(shift.technician_id)
        if calendar is not None:
            booked[key] += calendar.booked_in(shift)
    share = 100 - settings.urgent_buffer_percent
    travel_cache: dict[Place, int] = {}

    def travel(place: Place) -> int:
        minutes = travel_cache.get(place)
        if minutes is None:
            minutes = travel_cache[place] = (UNKNOWN_TRAVEL_MIN if place is None
                                             else math.ceil(travel_minutes(place[0], place[1], here[0], here[1])))
        return minutes

    tz = settings.tz
    duration_us, step_us, now_us = _us_of(duration), _us_of(step), _micros(now)
    days: dict[date, tuple[int, int]] = {}
    runs: list[tuple[range, _Shift, int, int]] = []  # grid starts that fit for the same reasons, in scan order
    for shift in shifts:
        if skill is not None and skill not in shift.skills:
            continue
        key = (shift.zone_id, shift.day)
        if not urgent and (booked[key] + duration) * 100 > capacity[key] * share:
            continue
        span = days.get(shift.day)
        if span is None:
            first, after_last = local_span(tz, shift.day, shift.day)
            span = days[shift.day] = (_micros(first), _micros(after_last))
        runs.extend((starts, shift, before, after) for starts, before, after
                    in _fits(shift, calendars.get(shift.technician_id, nobody), span, duration_us, step_us, now_us,
                             travel))
    return _slots(runs, tz, duration_us, zones)


def _slots(runs: list[tuple[range, _Shift, int, int]], tz: ZoneInfo, duration: int, zones: dict[int, str]
           ) -> list[Slot]:
    """The runs' slots ordered by start, technician name and id, and otherwise as found (as a stable sort of the
    slots on that key would leave them).

    Starts compare as the slots' local datetimes do (one zone: by wall clock), so each distinct start is ranked once;
    the order is then a sort of plain integers (start, technician, run, place in the run), and each Slot is built
    once, already in its place.
    """
    local = dict.fromkeys(itertools.chain.from_iterable(starts for starts, *_ in runs))
    for moment in local:
        local[moment] = (_EPOCH + timedelta(microseconds=moment)).astimezone(tz)
    ends = {moment: (_EPOCH + timedelta(microseconds=moment + duration)).astimezone(tz) for moment in local}
    by_local = _ranks(local.values())
    who_rank = _ranks({(shift.name, shift.technician_id) for _, shift, _, _ in runs})
    longest = max((len(starts) for starts, *_ in runs), default=0)
    per_who = len(runs) * longest
    per_start = len(who_rank) * per_who
    start_key = {moment: by_local[at] * per_start for moment, at in local.items()}
    keys: list[int] = []
    fixed = []
    for r, (starts, shift, before, after) in enumerate(runs):
        base = who_rank[shift.name, shift.technician_id] * per_who + r * longest
        keys.extend([start_key[moment] + place for place, moment in enumerate(starts, base)])
        fixed.append((starts, shift.technician_id, shift.name, shift.zone_id, zones[shift.zone_id], before, after))
    keys.sort()
    slots = []
    append = slots.append
    for key in keys:
        place = key % per_who
        starts, tech_id, name, zone_id, zone_name, before, after = fixed[place // longest]
        moment = starts[place % longest]
        append(Slot(tech_id, name, local[moment], ends[moment], zone_id, zone_name, before, after))
    return slots


def _ranks(values: Iterable) -> dict:
    """Each value's place among the distinct values in ascending order; values that compare equal share a place."""
    ranks: dict = {}
    place, previous = -1, None
    for value in sorted(values):
        if place < 0 or value != previous:
            place, previous = place + 1, value
        ranks[value] = place
    return ranks


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY_US = 86_400_000_000


def _us_of(span: timedelta) -> int:
    return (span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds


def _micros(moment: datetime) -> int:
    """Microseconds from the epoch to an aware datetime: an exact integer stand-in for the instant."""
    return _us_of(moment - _EPOCH)


class _Calendar:
    """One technician's visits as read (ordered by start), with their instants as integers for quick searches."""

    def __init__(self, visits: list[_Busy]):
        self.visits = visits
        self.starts = [_micros(v.starts_at) for v in visits]
        self.ends = [_micros(v.ends_at) for v in visits]
        self.latest_end = list(itertools.accumulate(self.ends, max))  # latest end among visits[:k + 1]

    def booked_in(self, shift: _Shift) -> timedelta:
        """The visits' time inside the shift, each overlap taken on the datetimes as read. Only visits within a day
        of the shift are looked at: further away, no change of UTC offset can make an overlap positive."""
        total = timedelta(0)
        shift_start, shift_end = _micros(shift.starts_at), _micros(shift.ends_at)
        k = bisect_left(self.starts, shift_end + _DAY_US)
        while k > 0 and self.latest_end[k - 1] > shift_start - _DAY_US:
            k -= 1
            visit = self.visits[k]
            overlap = min(visit.ends_at, shift.ends_at) - max(visit.starts_at, shift.starts_at)
            if overlap > timedelta(0):
                total += overlap
        return total

    def ready_after(self, k: int, minutes: int, shift: _Shift) -> int:
        """When the technician can start here after visit k and a drive of ``minutes``, not before the shift starts;
        as microseconds."""
        return _micros(max(shift.starts_at, self.visits[k].ends_at + timedelta(minutes=minutes)))


def _fits(shift: _Shift, calendar: _Calendar, day: tuple[int, int], duration: int, step: int, now: int,
          travel: Callable[[Place], int]) -> list[tuple[range, int, int]]:
    """Grid starts in the shift where the visit fits with the drives around it, as runs (starts, travel before,
    travel after) in ascending order; times in microseconds since the epoch.

    Walks the grid the way a step-by-step scan does (after a clash it jumps to the first grid start past the blocking
    visit or drive) but, once a start fits, takes in one go every further grid start that keeps the same visits
    before and after it, the same drives and stays inside the shift: each of those fits for the same reasons.
    """
    day_start, day_end = day
    starts, ends, places = calendar.starts, calendar.ends, [v.place for v in calendar.visits]
    count = len(starts)
    shift_start, shift_end = _micros(shift.starts_at), _micros(shift.ends_at)
    if shift.home is not None:
        home_before = travel(shift.home)
        home_ready = _micros(shift.starts_at + timedelta(minutes=home_before))
    else:
        home_before, home_ready = 0, shift_start

    def on_grid(moment: int) -> int:
        return day_start - (day_start - moment) // step * step

    found: list[tuple[range, int, int]] = []
    t = on_grid(max(shift_start, now))
    last = shift_end - duration
    while t <= last:
        end = t + duration
        i = bisect_left(starts, end)  # visits[:i] start before this one would end
        if i and ends[i - 1] > day_start:
            if ends[i - 1] > t:  # busy then: try after that visit
                t = on_grid(ends[i - 1])
                continue
            before = travel(places[i - 1])
            earliest = calendar.ready_after(i - 1, before, shift)
        else:
            before, earliest = home_before, home_ready
        if t < earliest:
            t = on_grid(earliest)
            continue
        after, latest = 0, last
        if i < count:
            latest = min(latest, starts[i] - duration)  # later starts would end after visit i begins
            if starts[i] < day_end:  # the next visit of the day
                after = travel(places[i])
                if end + after * 60_000_000 > starts[i]:
                    t = on_grid(ends[i])
                    continue
                latest = min(latest, starts[i] - after * 60_000_000 - duration)
        run = range(t, latest + 1, step)
        found.append((run, before, after))
        t = run[-1] + step
    return found

"""Demo shifts for four weeks around today, and a planner that books visits into them without overlaps."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from random import Random
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from models.demo import Demo, TechRef
    from models.demo_clients import SiteRec

DAYS_BACK = 14
DAYS_AHEAD = 14
WEEKDAY_HOURS = (8 * 60, 17 * 60)
SATURDAY_HOURS = (9 * 60, 15 * 60)
MAX_VISITS_A_DAY = 6
SLOT = timedelta(minutes=15)
SPEED_KMH = 28.0  # city traffic, door to door
DETOUR = 1.35  # streets are longer than straight lines


@dataclass
class TechDay:
    """One shift of one technician: where the day's route stands while visits are booked into it."""

    tech: TechRef
    starts_at: datetime
    ends_at: datetime
    cursor: datetime
    position: tuple[float, float]  # lat, lon
    busy: list[tuple[datetime, datetime]] = field(default_factory=list)  # visits booked by someone else
    booked: int = 0


@dataclass
class Shifts:
    """The shifts of the demo technicians in the window, by local day, and the visits booked into them."""

    days: dict[date, list[TechDay]]
    first_day: date
    last_day: date

    def window(self, future: bool, today: date) -> list[date]:
        start, end = (today, self.last_day) if future else (self.first_day, today - timedelta(days=1))
        return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def make_shifts(demo: Demo) -> Shifts:
    """Write Mon–Fri 08:00–17:00 shifts (some Saturdays, a few days off) for new technicians; read all back."""
    rng = demo.rng("shifts")
    first, last = demo.today - timedelta(days=DAYS_BACK), demo.today + timedelta(days=DAYS_AHEAD - 1)
    monday = first - timedelta(days=first.weekday())
    rows = []
    for tech in (t for t in demo.technicians if t.new):
        saturday_week = rng.choice((None, 0, 1))  # works every other Saturday, or never
        off_start = first + timedelta(days=rng.randrange(DAYS_BACK + DAYS_AHEAD)) if rng.random() < 0.15 else None
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if off_start is not None and off_start <= day < off_start + timedelta(days=rng.choice((2, 3))):
                continue
            week = (day - monday).days // 7
            if day.weekday() < 5:
                hours = WEEKDAY_HOURS
            elif day.weekday() == 5 and saturday_week is not None and week % 2 == saturday_week:
                hours = SATURDAY_HOURS
            else:
                continue
            rows.append((tech.id, tech.home_zone_id, demo.at(day, hours[0]), demo.at(day, hours[1])))
    w = demo.writer
    w.copy("shifts", ("id", "technician_id", "zone_id", "starts_at", "ends_at"),
           ((i, *row) for i, row in zip(w.ids("shifts", len(rows)), rows, strict=True)))
    return _read_back(demo, first, last)


def _read_back(demo: Demo, first: date, last: date) -> Shifts:
    """Shifts and bookings as stored, so technicians reused from an earlier load are planned around theirs."""
    techs = {t.id: t for t in demo.technicians}
    window = {"ids": list(techs), "start": demo.at(first, 0), "end": demo.at(last + timedelta(days=1), 0)}
    session = demo.writer.session
    days: dict[date, list[TechDay]] = defaultdict(list)
    stored = session.execute(text(
        "SELECT technician_id, starts_at, ends_at FROM shifts WHERE technician_id = ANY(:ids) "
        "AND starts_at >= :start AND starts_at < :end ORDER BY starts_at, technician_id"), window)
    for tech_id, starts, ends in stored:
        tech = techs[tech_id]
        days[starts.astimezone(demo.tz).date()].append(TechDay(tech, starts, ends, starts, tech.home))
    booked = session.execute(text(
        "SELECT technician_id, starts_at, ends_at FROM visits WHERE technician_id = ANY(:ids) "
        "AND status <> 'cancelled' AND starts_at < :end AND ends_at > :start"), window)
    for tech_id, starts, ends in booked:
        for plan in days.get(starts.astimezone(demo.tz).date(), []):
            if plan.tech.id == tech_id:
                plan.busy.append((starts, ends))
    return Shifts(dict(days), first, last)


def travel(a: tuple[float, float], b: tuple[float, float]) -> timedelta:
    """Driving time between two (lat, lon) points: haversine with a detour factor at city speed."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    km = 2 * 6371.0 * math.asin(math.sqrt(h)) * DETOUR
    return timedelta(minutes=max(10.0, km / SPEED_KMH * 60))


def _round_up(moment: datetime, start: datetime) -> datetime:
    """The next quarter hour counted from the shift start."""
    slots = -(-(moment - start) // SLOT)
    return start + slots * SLOT


@dataclass(frozen=True)
class Booking:
    tech: TechRef
    starts_at: datetime
    ends_at: datetime


def book(shifts: Shifts, rng: Random, site: SiteRec, skill: str | None, minutes: int,
         days: list[date]) -> Booking | None:
    """Book the first day of ``days`` on which a skilled technician of the site's zone has room, else None.

    Each technician's day is filled in booking order: the visit starts after the previous one plus the drive from
    there (on a quarter-hour grid) and must end within the shift, so nobody is ever booked twice at once.
    """
    duration = timedelta(minutes=minutes)
    zones = set(site.zone_ids)
    here = (site.lat, site.lon)
    for day in days:
        plans = [p for p in shifts.days.get(day, []) if p.booked < MAX_VISITS_A_DAY
                 and (skill is None or skill in p.tech.skills) and zones & p.tech.zone_ids]
        rng.shuffle(plans)
        plans.sort(key=lambda p: p.booked)
        for plan in plans:
            start = _round_up(plan.cursor + travel(plan.position, here), plan.starts_at)
            for busy_start, busy_end in sorted(plan.busy):
                if start < busy_end and busy_start < start + duration:
                    start = _round_up(busy_end + travel(plan.position, here), plan.starts_at)
            if start + duration > plan.ends_at:
                continue
            plan.cursor, plan.position, plan.booked = start + duration, here, plan.booked + 1
            return Booking(plan.tech, start, start + duration)
    return None

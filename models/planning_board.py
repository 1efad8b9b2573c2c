"""The planning board: who works where and when over a day or a week, read for the board and the moves.

``load_board`` reads everything the board shows in a handful of queries (settings, zones, technicians, shifts,
absences, visits, crews) and returns plain dataclasses in the company's time zone. Rows are technicians grouped by
zone: a technician bound to several zones is listed under the zone of their first shift in the period, and without a
shift under the first of their zones by name; ``TechnicianRow.zone_ids`` keeps all of them.

The moves a service head makes are checked and written in ``models.planning_moves``, on boards read here
(``read_board``, ``read_visits``, inside the move's own session). Travel between consecutive visits uses
``routing.matrix`` with the same detour and speed as free slots (``routing.geo.travel_minutes``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models.catalog import Service
from models.clients import Client, Site
from models.database import Database
from models.pipelines import Order
from models.scheduling import (
    Absence,
    Shift,
    Technician,
    Visit,
    VisitTechnician,
    Zone,
    planning_settings,
    short_name,
    technician_zones,
)
from models.shifts import holidays_between, local_span
from models.zones import InvalidZonePolygon, validate_zone_polygon
from routing.matrix import HaversineProvider, SpeedProfile
from routing.problem import Place

#: The same road detour and speed as free slots (routing.geo.travel_minutes), through routing's matrix provider.
TRAVEL = HaversineProvider(detour=1.35, speeds=SpeedProfile.constant(30.0))
MAX_VISIT = timedelta(days=1)  # visits are searched from a day before the period, so a long one is not missed
#: The tray holds the unassigned visits from a week before the period to a month after it, earliest first.
TRAY_BEFORE, TRAY_AFTER, TRAY_LIMIT = timedelta(days=7), timedelta(days=31), 500


@dataclass(frozen=True)
class TechnicianRow:
    """A row of the board; ``group_zone_id`` is the zone it is listed under (None: no zone)."""

    id: int
    name: str
    short_name: str
    zone_ids: tuple[int, ...]
    skills: frozenset[str]
    group_zone_id: int | None
    home: tuple[float, float] | None


@dataclass(frozen=True)
class ZoneGroup:
    """A group header row and the technicians under it."""

    zone_id: int | None
    name: str
    color: str
    technicians: tuple[TechnicianRow, ...]


@dataclass(frozen=True)
class BoardZone:
    """A zone for the map: rings of (lat, lon)."""

    id: int
    name: str
    color: str
    rings: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class ShiftBlock:
    """Working hours of a technician in a zone (company time zone); ``holiday`` names a public holiday that day."""

    id: int
    technician_id: int
    zone_id: int | None
    zone_name: str | None
    starts_at: datetime
    ends_at: datetime
    holiday_work: bool
    holiday: str | None

    @property
    def worked(self) -> bool:
        """False for a bulk-laid shift on a public holiday: shown, but not worked."""
        return self.holiday is None or self.holiday_work


@dataclass(frozen=True)
class AbsenceBlock:
    """Whole days away, first and last included."""

    technician_id: int
    starts_on: date
    ends_on: date
    reason: str
    note: str | None


@dataclass(frozen=True)
class VisitBlock:
    """A visit as a block on the board (company time zone); ``technician_id`` is the lead, ``crew`` the others."""

    id: int
    order_id: int
    order_number: int
    client_name: str
    address: str | None
    status: str
    starts_at: datetime
    ends_at: datetime
    technician_id: int | None
    crew: tuple[int, ...]
    service_id: int | None
    service_name: str | None
    required_skill: str | None
    lat: float | None
    lon: float | None

    @property
    def members(self) -> tuple[int, ...]:
        return ((self.technician_id,) if self.technician_id is not None else ()) + self.crew

    @property
    def place(self) -> tuple[float, float] | None:
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class TravelGap:
    """The time between two consecutive visits of a technician and the drive it needs (None: a site not on the map)."""

    technician_id: int
    from_visit_id: int
    to_visit_id: int
    starts_at: datetime
    ends_at: datetime
    needed_min: int | None

    @property
    def available_min(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def too_short(self) -> bool:
        return self.needed_min is not None and self.available_min < self.needed_min


@dataclass(frozen=True)
class Board:
    """Everything the planning board shows for the local days ``day_from``..``day_to``."""

    day_from: date
    day_to: date
    tz: ZoneInfo
    zone_id: int | None
    groups: tuple[ZoneGroup, ...]
    zones: tuple[BoardZone, ...]
    shifts: tuple[ShiftBlock, ...]
    absences: tuple[AbsenceBlock, ...]
    visits: tuple[VisitBlock, ...]
    travel: tuple[TravelGap, ...]
    unassigned: tuple[VisitBlock, ...]
    holidays: Mapping[date, str]
    _by_tech: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def technicians(self) -> list[TechnicianRow]:
        return [t for g in self.groups for t in g.technicians]

    def technician(self, technician_id: int) -> TechnicianRow | None:
        return next((t for t in self.technicians if t.id == technician_id), None)

    def visit(self, visit_id: int) -> VisitBlock | None:
        return next((v for v in (*self.visits, *self.unassigned) if v.id == visit_id), None)

    def visits_of(self, technician_id: int) -> list[VisitBlock]:
        """The technician's visits as lead or crew member, by start."""
        if not self._by_tech:
            index: dict[int, list[VisitBlock]] = defaultdict(list)
            for v in self.visits:
                for member in v.members:
                    index[member].append(v)
            self._by_tech.update(index)
        return self._by_tech.get(technician_id, [])

    def shifts_of(self, technician_id: int, day: date | None = None) -> list[ShiftBlock]:
        return [s for s in self.shifts if s.technician_id == technician_id
                and (day is None or s.starts_at.date() == day)]

    def absence_on(self, technician_id: int, day: date) -> AbsenceBlock | None:
        return next((a for a in self.absences if a.technician_id == technician_id
                     and a.starts_on <= day <= a.ends_on), None)

    def idle_reason(self, technician_id: int, day: date) -> str | None:
        """Why a technician has no working hours that day: "absent", "holiday", "no_shift"; None when they work."""
        if self.absence_on(technician_id, day) is not None:
            return "absent"
        shifts = self.shifts_of(technician_id, day)
        if any(s.worked for s in shifts):
            return None
        return "holiday" if shifts or day in self.holidays else "no_shift"


# reading


def load_board(db: Database, day_from: date, day_to: date, *, zone_id: int | None = None,
               technician_ids: Sequence[int] | None = None) -> Board:
    """The board for the local days ``day_from``..``day_to`` (both included), optionally for one zone or some
    technicians; the tray holds the period's unassigned visits (of the zone, by address, when one is chosen)."""
    if day_to < day_from or (day_to - day_from).days > 31:
        raise ValueError("Choose a period of 1 to 31 days that ends on or after its first day.")
    with db.session() as session:
        return read_board(session, day_from, day_to, zone_id, technician_ids, with_tray=True)


def read_board(session: Session, day_from: date, day_to: date, zone_id: int | None,
               technician_ids: Sequence[int] | None, *, with_tray: bool) -> Board:
    """``load_board`` inside a session the caller holds (a move reads its board in its own transaction)."""
    settings = planning_settings(session)
    tz = settings.tz
    start, end = local_span(tz, day_from, day_to)
    zones = _zones(session)
    zone_of = {z.id: z for z in zones}

    tech_query = (select(Technician.id, Technician.full_name, Technician.skills, Technician.home_lat,
                         Technician.home_lon, func.array_remove(func.array_agg(technician_zones.c.zone_id), None))
                  .outerjoin(technician_zones, technician_zones.c.technician_id == Technician.id)
                  .where(Technician.active.is_(True)).group_by(Technician.id))
    if technician_ids is not None:
        tech_query = tech_query.where(Technician.id.in_(list(technician_ids)))
    if zone_id is not None:
        tech_query = tech_query.where(or_(
            Technician.id.in_(select(technician_zones.c.technician_id).where(technician_zones.c.zone_id == zone_id)),
            Technician.id.in_(select(Shift.technician_id).where(Shift.zone_id == zone_id, Shift.starts_at >= start,
                                                                Shift.starts_at < end))))
    techs = session.execute(tech_query).all()
    ids = [t[0] for t in techs]

    holidays = holidays_between(settings.holiday_country, day_from, day_to)
    shifts = []
    for sid, tech_id, zid, starts, ends, holiday_work in session.execute(
            select(Shift.id, Shift.technician_id, Shift.zone_id, Shift.starts_at, Shift.ends_at, Shift.holiday_work)
            .where(Shift.technician_id.in_(ids), Shift.starts_at >= start, Shift.starts_at < end)
            .order_by(Shift.starts_at)):
        starts, ends = starts.astimezone(tz), ends.astimezone(tz)
        shifts.append(ShiftBlock(sid, tech_id, zid, zone_of[zid].name if zid in zone_of else None, starts, ends,
                                 holiday_work, holidays.get(starts.date())))
    absences = tuple(AbsenceBlock(*row) for row in session.execute(
        select(Absence.technician_id, Absence.starts_on, Absence.ends_on, Absence.reason, Absence.note)
        .where(Absence.technician_id.in_(ids), Absence.starts_on <= day_to, Absence.ends_on >= day_from)))

    visits = read_visits(session, tz, start, end)
    wanted = set(ids)
    assigned = tuple(v for v in visits if wanted.intersection(v.members))
    tray: tuple[VisitBlock, ...] = ()
    if with_tray:
        tray = tuple(read_visits(session, tz, start - TRAY_BEFORE, end + TRAY_AFTER, unassigned=True))
        if zone_id is not None:
            tray = _in_zone(session, tray, zone_id)

    groups = _group(techs, shifts, zone_of, zone_id, day_from)
    travel = tuple(_travel(assigned, wanted))
    return Board(day_from, day_to, tz, zone_id, groups, tuple(zones), tuple(shifts), absences, assigned, travel,
                 tray, holidays)


def _zones(session: Session) -> list[BoardZone]:
    zones = []
    for zid, name, color, polygon in session.execute(
            select(Zone.id, Zone.name, Zone.color, Zone.polygon).order_by(Zone.name)):
        polygons = []
        if isinstance(polygon, dict):
            coords = polygon.get("coordinates") or []
            polygons = [coords] if polygon.get("type") == "Polygon" else list(coords)
        rings = tuple(tuple((float(p[1]), float(p[0])) for p in ring) for poly in polygons for ring in poly[:1])
        zones.append(BoardZone(zid, name, color or "#5b8def", rings))
    return zones


def _visit_query():
    return (select(Visit.id, Visit.order_id, Order.number, Client.name, Client.kind, Site.address, Visit.status,
                   Visit.starts_at, Visit.ends_at, Visit.technician_id, Visit.service_id, Service.name,
                   Service.required_skill, Site.lat, Site.lon)
            .join(Order, Order.id == Visit.order_id)
            .outerjoin(Client, Client.id == Order.client_id)
            .outerjoin(Site, Site.id == Order.site_id)
            .outerjoin(Service, Service.id == Visit.service_id)
            .where(Visit.status != "cancelled"))


def read_visits(session: Session, tz: ZoneInfo, start: datetime, end: datetime,
                visit_ids: Sequence[int] | None = None, *, unassigned: bool = False) -> list[VisitBlock]:
    """Visits (not cancelled) by ids or overlapping the period; ``unassigned``: only those with no technician yet."""
    query = _visit_query()
    if unassigned:
        query = query.where(Visit.technician_id.is_(None), Visit.status != "done").limit(TRAY_LIMIT)
    crew_query = (select(VisitTechnician.visit_id, VisitTechnician.technician_id)
                  .where(VisitTechnician.is_lead.is_(False), VisitTechnician.cancelled.is_(False)))
    if visit_ids is not None:
        query = query.where(Visit.id.in_(list(visit_ids)))
        crew_query = crew_query.where(VisitTechnician.visit_id.in_(list(visit_ids)))
    elif not unassigned:
        query = query.where(Visit.starts_at >= start - MAX_VISIT, Visit.starts_at < end, Visit.ends_at > start)
        crew_query = crew_query.where(VisitTechnician.starts_at >= start - MAX_VISIT,
                                      VisitTechnician.starts_at < end, VisitTechnician.ends_at > start)
    if unassigned:
        query = query.where(Visit.starts_at >= start, Visit.starts_at < end)
    crews: dict[int, list[int]] = defaultdict(list)
    for visit_id, tech_id in ([] if unassigned else session.execute(
            crew_query.order_by(VisitTechnician.technician_id))):
        crews[visit_id].append(tech_id)
    blocks = []
    for (vid, order_id, number, client, kind, address, status, starts, ends, tech_id, service_id, service,
         skill, lat, lon) in session.execute(query.order_by(Visit.starts_at, Visit.id)):
        name = short_name(client) if client and kind == "person" and client.split() else (client or "")
        blocks.append(VisitBlock(vid, order_id, number, name, address, status, starts.astimezone(tz),
                                 ends.astimezone(tz), tech_id, tuple(m for m in crews.get(vid, ()) if m != tech_id),
                                 service_id, service, skill, lat, lon))
    return blocks


def _in_zone(session: Session, visits: Iterable[VisitBlock], zone_id: int) -> tuple[VisitBlock, ...]:
    polygon = session.execute(select(Zone.polygon).where(Zone.id == zone_id)).scalar()
    try:
        shape = validate_zone_polygon(polygon)
    except InvalidZonePolygon:
        return ()
    from shapely.geometry import Point

    return tuple(v for v in visits if v.place is not None and shape.covers(Point(v.lon, v.lat)))


def _group(techs: Sequence, shifts: Sequence[ShiftBlock], zone_of: Mapping[int, BoardZone], zone_id: int | None,
           first_day: date) -> tuple[ZoneGroup, ...]:
    """Technicians under the zone of their first shift (of the first day, else of the period), else their first
    zone by name; a chosen zone takes them all."""
    first_shift: dict[int, ShiftBlock] = {}
    for s in sorted(shifts, key=lambda s: (s.starts_at.date() != first_day, s.starts_at)):
        first_shift.setdefault(s.technician_id, s)
    members: dict[int | None, list[TechnicianRow]] = defaultdict(list)
    for tech_id, full_name, skills, home_lat, home_lon, zone_ids in techs:
        bound = tuple(sorted((z for z in zone_ids or () if z in zone_of), key=lambda z: zone_of[z].name))
        if zone_id is not None:
            group = zone_id
        elif tech_id in first_shift and first_shift[tech_id].zone_id in zone_of:
            group = first_shift[tech_id].zone_id
        else:
            group = bound[0] if bound else None
        home = (home_lat, home_lon) if home_lat is not None and home_lon is not None else None
        members[group].append(TechnicianRow(tech_id, full_name, short_name(full_name) if full_name.split() else "",
                                            bound, frozenset(skills or ()), group, home))
    groups = []
    for zone in zone_of.values():
        if members.get(zone.id):
            groups.append(ZoneGroup(zone.id, zone.name, zone.color,
                                    tuple(sorted(members[zone.id], key=lambda t: t.name))))
    if members.get(None):
        groups.append(ZoneGroup(None, "", "#8a8f98", tuple(sorted(members[None], key=lambda t: t.name))))
    return tuple(groups)


def _travel(visits: Sequence[VisitBlock], technicians: set[int]) -> list[TravelGap]:
    """Gaps between consecutive visits of each technician on each day, with the drive from routing's matrix."""
    days: dict[tuple[int, date], list[VisitBlock]] = defaultdict(list)
    for v in visits:
        for member in v.members:
            if member in technicians:
                days[member, v.starts_at.date()].append(v)
    gaps = []
    for (tech_id, _day), day_visits in days.items():
        day_visits.sort(key=lambda v: v.starts_at)
        minutes = _drives(day_visits)
        for i, (a, b) in enumerate(pairwise(day_visits)):
            if a.ends_at <= b.starts_at:
                gaps.append(TravelGap(tech_id, a.id, b.id, a.ends_at, b.starts_at, minutes[i]))
    return gaps


def _drives(visits: Sequence[VisitBlock]) -> list[int | None]:
    """Minutes to drive from each visit to the next one (None when a site is not on the map)."""
    placed = [v.place for v in visits]
    known = list(dict.fromkeys(p for p in placed if p is not None))
    if len(known) < 2:
        return [0 if a is not None and a == b else None for a, b in pairwise(placed)]
    matrix = TRAVEL.build([Place(*p) for p in known]).minutes
    row = {p: i for i, p in enumerate(known)}
    return [None if a is None or b is None else math.ceil(float(matrix[row[a], row[b]]) - 1e-9)
            for a, b in pairwise(placed)]


def drive_minutes(a: tuple[float, float] | None, b: tuple[float, float] | None) -> int | None:
    """Minutes to drive from ``a`` to ``b`` as the board counts them; None when either is not on the map."""
    if a is None or b is None:
        return None
    if a == b:
        return 0
    return math.ceil(float(TRAVEL.build([Place(*a), Place(*b)]).minutes[0, 1]) - 1e-9)

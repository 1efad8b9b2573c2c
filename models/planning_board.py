"""The planning board: who works where and when over a day or a week, and the checked moves a service head makes.

``load_board`` reads everything the board shows in a handful of queries (settings, zones, technicians, shifts,
absences, visits, crews) and returns plain dataclasses in the company's time zone. Rows are technicians grouped by
zone: a technician bound to several zones is listed under the zone of their first shift in the period, and without a
shift under the first of their zones by name; ``TechnicianRow.zone_ids`` keeps all of them.

Moves are checked by one pure function, ``check_move_on_board``, against a loaded board: the board calls it while
dragging (no database), ``check_move`` calls it on a board freshly read for the target technician, and
``move_visit`` calls it again inside the writing transaction. The exclusion constraints stay the final judge of
double booking. Travel between consecutive visits uses ``routing.matrix`` with the same detour and speed as free
slots (``routing.geo.travel_minutes``), so the board never flags a gap that free slots would have offered.

Who may reschedule is decided in one place, ``reschedule_refusal``: the roles in ``RESCHEDULE_ROLES``; a
dispatcher only visits that have not started yet; nobody moves a visit that is done or cancelled.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
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
    booking_conflict,
    is_double_booking,
    lost_race,
    planning_settings,
    require_aware,
    short_name,
    technician_zones,
)
from models.shifts import holidays_between, local_span
from models.zones import InvalidZonePolygon, validate_zone_polygon
from routing.matrix import HaversineProvider, SpeedProfile
from routing.problem import Place

#: Roles that may move, resize, assign and swap visits, and which visits each may touch ("any" or "not_started").
RESCHEDULE_ROLES: Mapping[str, str] = {"service_head": "any", "admin": "any", "dispatcher": "not_started"}
NOT_STARTED = ("planned", "confirmed")
FINISHED = ("done", "cancelled")
#: The same road detour and speed as free slots (routing.geo.travel_minutes), through routing's matrix provider.
TRAVEL = HaversineProvider(detour=1.35, speeds=SpeedProfile.constant(30.0))
MAX_VISIT = timedelta(days=1)  # visits are searched from a day before the period, so a long one is not missed
#: The tray holds the unassigned visits from a week before the period to a month after it, earliest first.
TRAY_BEFORE, TRAY_AFTER, TRAY_LIMIT = timedelta(days=7), timedelta(days=31), 500
REASON_CODES = ("conflict", "outside_shift", "missing_skill", "travel_too_short", "absent", "not_allowed")


class MoveRefused(ValueError):
    """A move was refused before it was written; ``check`` holds the reasons."""

    def __init__(self, message: str, check: MoveCheck | None = None):
        super().__init__(message)
        self.check = check


class StaleMove(MoveRefused):
    """The visit was changed by someone else since the board was read."""


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


@dataclass(frozen=True)
class MoveProblem:
    """One reason a move is refused: its code, an English message, and the figures a translated text needs."""

    code: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class MoveCheck:
    """Whether a move may be made; ``reasons`` are the codes of ``problems`` (see REASON_CODES)."""

    ok: bool
    reasons: list[str]
    problems: list[MoveProblem] = field(default_factory=list)

    @property
    def message(self) -> str:
        return " ".join(p.message for p in self.problems)


# reading


def load_board(db: Database, day_from: date, day_to: date, *, zone_id: int | None = None,
               technician_ids: Sequence[int] | None = None) -> Board:
    """The board for the local days ``day_from``..``day_to`` (both included), optionally for one zone or some
    technicians; the tray holds the period's unassigned visits (of the zone, by address, when one is chosen)."""
    if day_to < day_from or (day_to - day_from).days > 31:
        raise ValueError("Choose a period of 1 to 31 days that ends on or after its first day.")
    with db.session() as session:
        return _load(session, day_from, day_to, zone_id, technician_ids, with_tray=True)


def _load(session: Session, day_from: date, day_to: date, zone_id: int | None,
          technician_ids: Sequence[int] | None, *, with_tray: bool) -> Board:
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

    visits = _visits(session, tz, start, end)
    wanted = set(ids)
    assigned = tuple(v for v in visits if wanted.intersection(v.members))
    tray: tuple[VisitBlock, ...] = ()
    if with_tray:
        tray = tuple(_visits(session, tz, start - TRAY_BEFORE, end + TRAY_AFTER, unassigned=True))
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


def _visits(session: Session, tz: ZoneInfo, start: datetime, end: datetime,
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


# checking


def reschedule_refusal(role: str, visit: VisitBlock, now: datetime | None = None) -> MoveProblem | None:
    """Why ``role`` may not reschedule ``visit`` (``params["why"]``: finished, role or started), or None."""
    scope = RESCHEDULE_ROLES.get(role)
    if visit.status in FINISHED:
        return MoveProblem("not_allowed", f"Visit №{visit.order_number} is {visit.status}; finished visits stay "
                                          f"where they were.", {"why": "finished", "status": visit.status})
    if scope is None:
        return MoveProblem("not_allowed", "Only the service head, an administrator or a dispatcher may reschedule "
                                          "visits.", {"why": "role", "role": role})
    now = now or datetime.now(UTC)
    if scope == "not_started" and (visit.status not in NOT_STARTED or visit.starts_at <= now):
        return MoveProblem("not_allowed", f"Visit №{visit.order_number} has already started; only the service "
                                          f"head may reschedule it now.", {"why": "started"})
    return None


def _hm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def check_move_on_board(board: Board, visit: VisitBlock, *, technician_id: int | None, starts_at: datetime,
                        ends_at: datetime, role: str, now: datetime | None = None) -> MoveCheck:
    """Check a move against a loaded board, without the database: who may, clashes, shift, absence, skill, travel.

    The board must hold the target technician (and the crew, for clashes); the visit itself may come from anywhere.
    """
    require_aware(starts_at, ends_at)
    starts_at, ends_at = starts_at.astimezone(board.tz), ends_at.astimezone(board.tz)
    problems: list[MoveProblem] = []
    refusal = reschedule_refusal(role, visit, now)
    if refusal is not None:
        problems.append(refusal)
    if ends_at <= starts_at:
        problems.append(MoveProblem("outside_shift", "The visit must end after it starts."))
    if technician_id is None:
        return MoveCheck(not problems, [p.code for p in problems], problems)
    members = (technician_id, *(m for m in visit.crew if m != technician_id))
    for member in members:
        clash = next((v for v in board.visits_of(member) if v.id != visit.id
                      and v.starts_at < ends_at and v.ends_at > starts_at), None)
        if clash is not None:
            problems.append(MoveProblem(
                "conflict", f"Conflicts with visit №{clash.order_number} {_hm(clash.starts_at)}–{_hm(clash.ends_at)}.",
                {"visit_id": clash.id, "order_number": clash.order_number, "starts_at": clash.starts_at,
                 "ends_at": clash.ends_at, "technician_id": member}))
            break
    tech = board.technician(technician_id)
    day = starts_at.date()
    absence = board.absence_on(technician_id, day)
    if absence is not None:
        problems.append(MoveProblem("absent", f"Away {absence.starts_on:%d.%m}–{absence.ends_on:%d.%m} "
                                              f"({absence.reason.replace('_', ' ')}).",
                                    {"reason": absence.reason, "starts_on": absence.starts_on,
                                     "ends_on": absence.ends_on}))
    else:
        problems.extend(_shift_problems(board, technician_id, day, starts_at, ends_at))
    if visit.required_skill and (tech is None or visit.required_skill not in tech.skills):
        problems.append(MoveProblem("missing_skill", f"Missing skill: {visit.required_skill.replace('_', ' ')}.",
                                    {"skill": visit.required_skill}))
    problems.extend(_travel_problems(board, visit, technician_id, starts_at, ends_at))
    return MoveCheck(not problems, [p.code for p in problems], problems)


def _shift_problems(board: Board, technician_id: int, day: date, starts_at: datetime,
                    ends_at: datetime) -> list[MoveProblem]:
    shifts = [s for s in board.shifts_of(technician_id) if (s.starts_at < ends_at and s.ends_at > starts_at)
              or s.starts_at.date() == day]
    worked = [s for s in shifts if s.worked]
    if any(s.starts_at <= starts_at and ends_at <= s.ends_at for s in worked):
        return []
    if worked:
        s = min(worked, key=lambda s: abs((s.starts_at - starts_at).total_seconds()))
        return [MoveProblem("outside_shift", f"Outside shift {_hm(s.starts_at)}–{_hm(s.ends_at)}.",
                            {"starts_at": s.starts_at, "ends_at": s.ends_at})]
    holiday = board.holidays.get(day)
    if shifts and holiday:
        return [MoveProblem("outside_shift", f"Public holiday ({holiday}); no shift is worked that day.",
                            {"holiday": holiday})]
    return [MoveProblem("outside_shift", f"No shift on {day:%d.%m}.", {"day": day})]


def _travel_problems(board: Board, visit: VisitBlock, technician_id: int, starts_at: datetime,
                     ends_at: datetime) -> list[MoveProblem]:
    day = [v for v in board.visits_of(technician_id) if v.id != visit.id and v.starts_at.date() == starts_at.date()]
    before = max((v for v in day if v.ends_at <= starts_at), key=lambda v: v.ends_at, default=None)
    after = min((v for v in day if v.starts_at >= ends_at), key=lambda v: v.starts_at, default=None)
    problems = []
    if before is not None:
        needed = drive_minutes(before.place, visit.place)
        have = int((starts_at - before.ends_at).total_seconds() // 60)
        if needed is not None and have < needed:
            problems.append(MoveProblem(
                "travel_too_short", f"Only {have} min to drive from the previous visit, needs {needed}.",
                {"direction": "from", "available": have, "needed": needed, "visit_id": before.id}))
    if after is not None:
        needed = drive_minutes(visit.place, after.place)
        have = int((after.starts_at - ends_at).total_seconds() // 60)
        if needed is not None and have < needed:
            problems.append(MoveProblem(
                "travel_too_short", f"Only {have} min to drive to the next visit, needs {needed}.",
                {"direction": "to", "available": have, "needed": needed, "visit_id": after.id}))
    return problems


def _context(session: Session, visit_id: int, technician_id: int | None, starts_at: datetime, ends_at: datetime,
             lock: bool = False) -> tuple[Board, VisitBlock]:
    """A board of the target technician and the visit's crew around the new time, and the visit as stored."""
    if lock:
        session.execute(select(Visit.id).where(Visit.id == visit_id).with_for_update())
    tz = planning_settings(session).tz
    found = _visits(session, tz, starts_at, ends_at, [visit_id])
    if not found:
        raise LookupError(f"Visit {visit_id} no longer exists or was cancelled; refresh the plan.")
    visit = found[0]
    people = [m for m in (technician_id, *visit.crew) if m is not None]
    first, last = starts_at.astimezone(tz).date(), ends_at.astimezone(tz).date()
    return _load(session, first, last, None, people, with_tray=False), visit


def check_move(db: Database, visit_id: int, *, technician_id: int | None, starts_at: datetime, ends_at: datetime,
               role: str, now: datetime | None = None) -> MoveCheck:
    """Check a move against the database as it is now (the board's hover feedback uses ``check_move_on_board``)."""
    require_aware(starts_at, ends_at)
    with db.session() as session:
        board, visit = _context(session, visit_id, technician_id, starts_at, ends_at)
    return check_move_on_board(board, visit, technician_id=technician_id, starts_at=starts_at, ends_at=ends_at,
                               role=role, now=now)


# writing


def move_visit(db: Database, visit_id: int, *, technician_id: int | None, starts_at: datetime, ends_at: datetime,
               role: str, expected: tuple[int | None, datetime, datetime] | None = None,
               now: datetime | None = None) -> VisitBlock:
    """Move, resize, assign (from the tray) or unassign (``technician_id`` None) a visit, atomically.

    ``expected`` is (technician, start, end) as the board showed it: a visit changed meanwhile raises StaleMove. A
    move breaking a rule raises MoveRefused with the reasons; a clash the database refuses raises BookingConflict
    naming the visit that holds the slot.
    """
    require_aware(starts_at, ends_at)
    with db.transaction() as session:
        _move(session, visit_id, technician_id, starts_at, ends_at, role, expected, now)
        tz = planning_settings(session).tz
        return _visits(session, tz, starts_at, ends_at, [visit_id])[0]


def _move(session: Session, visit_id: int, technician_id: int | None, starts_at: datetime, ends_at: datetime,
          role: str, expected: tuple[int | None, datetime, datetime] | None, now: datetime | None,
          skip: int | None = None) -> None:
    board, visit = _context(session, visit_id, technician_id, starts_at, ends_at, lock=True)
    if expected is not None and (visit.technician_id, visit.starts_at, visit.ends_at) != tuple(expected):
        where = "unassigned" if visit.technician_id is None else (
            board.technician(visit.technician_id).short_name if board.technician(visit.technician_id) else "another "
            "technician")
        raise StaleMove(f"Visit №{visit.order_number} was changed by someone else meanwhile (now {where}, "
                        f"{visit.starts_at:%d.%m %H:%M}–{visit.ends_at:%H:%M}); the board shows it anew, try again.")
    if skip is not None:  # a swap: the other visit is moving out of the way in the same transaction
        board = _without(board, skip)
    check = check_move_on_board(board, visit, technician_id=technician_id, starts_at=starts_at, ends_at=ends_at,
                                role=role, now=now)
    if not check.ok:
        raise MoveRefused(f"Visit №{visit.order_number} cannot go there: {check.message}", check)
    _write(session, visit, technician_id, starts_at, ends_at)


def _without(board: Board, visit_id: int) -> Board:
    return Board(board.day_from, board.day_to, board.tz, board.zone_id, board.groups, board.zones, board.shifts,
                 board.absences, tuple(v for v in board.visits if v.id != visit_id), board.travel, board.unassigned,
                 board.holidays)


def _write(session: Session, visit: VisitBlock, technician_id: int | None, starts_at: datetime,
           ends_at: datetime) -> None:
    row = session.get(Visit, visit.id)
    try:
        with session.begin_nested():
            row.technician_id, row.starts_at, row.ends_at = technician_id, starts_at, ends_at
            session.flush()
    except (IntegrityError, OperationalError) as exc:
        if not (is_double_booking(exc) or lost_race(exc)):
            raise
        session.expire(row)
        members = [m for m in (technician_id, *visit.crew) if m is not None]
        raise booking_conflict(session, members, starts_at, ends_at, exclude_visit_id=visit.id) from exc


def swap_plan(a: VisitBlock, b: VisitBlock) -> dict[int, tuple[int | None, datetime, datetime]]:
    """Where each of two swapped visits goes: (technician, start, end) by visit id; see ``swap_visits``."""
    if a.technician_id is not None and a.technician_id == b.technician_id:
        early, late = sorted((a, b), key=lambda v: v.starts_at)
        return {late.id: (late.technician_id, early.starts_at, early.starts_at + (late.ends_at - late.starts_at)),
                early.id: (early.technician_id, late.ends_at - (early.ends_at - early.starts_at), late.ends_at)}
    return {a.id: (b.technician_id, b.starts_at, b.starts_at + (a.ends_at - a.starts_at)),
            b.id: (a.technician_id, a.starts_at, a.starts_at + (b.ends_at - b.starts_at))}


def swap_visits(db: Database, a: int, b: int, *, role: str,
                expected: tuple[tuple[int | None, datetime, datetime], tuple[int | None, datetime, datetime]]
                | None = None, now: datetime | None = None) -> tuple[VisitBlock, VisitBlock]:
    """Swap two visits in one transaction: each takes the other's technician and start, keeping its own length.

    Two visits of the same technician swap order instead: the later one starts where the earlier one did, and the
    earlier one follows it, so the pair keeps its span. Both moves are checked like ``move_visit``.
    """
    if a == b:
        raise MoveRefused("Drop the visit on another visit to swap them.")
    with db.transaction() as session:
        tz = planning_settings(session).tz
        first, second = sorted((a, b))  # lock in a fixed order so two swaps of the same pair cannot deadlock
        session.execute(select(Visit.id).where(Visit.id.in_([first, second])).order_by(Visit.id).with_for_update())
        found = {v.id: v for v in _visits(session, tz, datetime.now(UTC), datetime.now(UTC), [a, b])}
        if len(found) < 2:
            raise LookupError("One of the two visits no longer exists or was cancelled; refresh the plan.")
        va, vb = found[a], found[b]
        if expected is not None:
            for v, (tech, s, e) in zip((va, vb), expected, strict=True):
                if (v.technician_id, v.starts_at, v.ends_at) != (tech, s, e):
                    raise StaleMove(f"Visit №{v.order_number} was changed by someone else meanwhile; the board shows "
                                    f"it anew, try again.")
        plan = swap_plan(va, vb)
        # the first to move steps out of its slot (no lead) so the second may take it
        mover, other = va, vb
        session.get(Visit, mover.id).technician_id = None
        session.flush()
        _move(session, other.id, *plan[other.id], role, None, now, skip=mover.id)
        tech, s, e = plan[mover.id]
        _move(session, mover.id, tech, s, e, role, None, now)
        moved = {v.id: v for v in _visits(session, tz, s, e, [a, b])}
        return moved[a], moved[b]

"""Optimise a day on the planning board: the routing problem read from the database, and the plan written back.

``build_day_problem`` turns one local day (optionally one zone or some technicians) into a
``routing.problem.RoutingProblem`` with the current plan ("before") timed over the same travel matrix, so the
figures before and after are comparable. ``solve_day`` runs the solver on it, ``retime`` times a dispatcher's
re-ordering (within a technician's day, across technicians, or off every route), ``planned_visits`` says where every
visit in scope would stand; ``models.route_apply.apply_plan`` writes a plan in one transaction, or nothing when
anything changed meanwhile.

Decisions the schema leaves open:

- Time window. Orders carry no wanted window, so a visit's window is its booked start ± ``WINDOW_SLACK``: a
  dispatcher may move a visit by up to an hour without agreeing a new time with the client. The booked length is
  the service duration (it starts as the catalog's duration and a dispatcher may have stretched it).
- Never moved: visits that have begun by the clock (they are left out and the technician's day starts after them,
  where the last one was), visits en route, on site or done, crew visits (the crew's times would change too),
  and visits the user's role may not reschedule; those are pinned to their technician and time. There is no
  "pinned by hand" flag on visits yet.
- A visit a technician joins as a crew member blocks that technician's time as a pinned stop of its own
  (``crew:<visit>:<technician>``), written back never.
- Visits without coordinates are listed as not routable. An unassigned one stays unassigned; an assigned one keeps
  its technician and time, which the solver sees as a fixed break in that technician's day.
- Priority: visits already assigned weigh more than the unassigned ones; every visit is required, so the solver
  leaves one out only when it cannot be placed, and says why.
- Technicians not chosen (``technician_ids``) are out of scope: their visits are not read into the problem and stay
  where they are; a chosen technician's crew visit led by one of them is pinned.
- Times are whole minutes (``time_scale`` 1), so the board, the route sheets and the written rows agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.config import config_section
from models.database import Database
from models.planning_board import TRAVEL, Board, VisitBlock, read_board, read_visits
from models.planning_moves import reschedule_refusal
from models.scheduling import (
    Visit,
    Zone,
)
from models.shifts import local_span
from models.zones import InvalidZonePolygon, validate_zone_polygon
from routing.checker import Violation, check
from routing.layout import working_hours
from routing.matrix import MatrixProvider, MatrixTravel
from routing.plan import BreakSlot, DroppedVisit, DropReason, Route, RoutingPlan, Stop, make_totals
from routing.problem import Break, Place, RoutingProblem, SolveOptions, Technician, TimeWindow
from routing.problem import Visit as RoutedVisit
from routing.problem import Zone as RoutedZone
from routing.schedule import schedule_routes
from routing.solver import solve
from routing.state import SolveState
from routing.table_service import TableServiceProvider

#: How far from its booked start a visit may be moved without asking the client again.
WINDOW_SLACK = 60.0
STARTED = ("en_route", "on_site", "done")
CREW_PREFIX = "crew:"
#: The detail of a visit a dispatcher took off every route by hand.
LEFT_UNASSIGNED = "left unassigned by hand"
_PROVIDERS: dict[tuple[str, str], TableServiceProvider] = {}


@dataclass(frozen=True)
class VisitSnapshot:
    """A visit as it stood when the problem was built; any difference at apply time refuses the plan."""

    technician_id: int | None
    starts_at: datetime
    ends_at: datetime
    version: int
    status: str
    crew: tuple[int, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """What ``apply_plan`` compares against: the day's visits in scope, the technicians, the pinned visits."""

    day: date
    visits: Mapping[int, VisitSnapshot]
    technician_ids: tuple[int, ...]
    pinned: frozenset[int]


@dataclass(frozen=True)
class VisitInfo:
    """What the preview shows of a routed visit (``routing_id`` is its id in the problem)."""

    routing_id: str
    visit_id: int
    order_number: int
    client_name: str
    address: str | None
    service_name: str | None
    status: str
    starts_at: datetime
    ends_at: datetime
    technician_id: int | None
    pinned: str | None  # why it is never moved, or None
    crew_member: bool = False  # a crew member's blocked time, not the visit itself


@dataclass(frozen=True)
class TechnicianInfo:
    """A technician of the problem, by routing id."""

    routing_id: str
    technician_id: int
    name: str
    short_name: str


@dataclass(frozen=True)
class TechnicianChoice:
    """A technician the day can use (on shift, not absent; of the zone when one is chosen), chosen or not."""

    technician_id: int
    name: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class DayProblem:
    """One day to optimise: the routing problem, the current plan timed over the same matrix, and the snapshot."""

    day: date
    tz: ZoneInfo
    zone_id: int | None
    problem: RoutingProblem
    before: RoutingPlan
    snapshot: Snapshot
    visits: Mapping[str, VisitInfo]
    technicians: Mapping[str, TechnicianInfo]
    not_routable: tuple[DroppedVisit, ...]
    kept: tuple[int, ...]  # visits left as they are because they have begun
    notes: tuple[str, ...]
    travel: MatrixTravel
    provider: MatrixProvider = field(repr=False, compare=False)
    candidates: tuple[TechnicianChoice, ...] = ()  # whom the day can use, the ones in scope among them

    def clock(self, minutes: float) -> datetime:
        """Minutes from the day's local midnight as a time in the company's zone."""
        return _midnight(self.day, self.tz) + timedelta(minutes=minutes)


def matrix_provider(environ: Mapping[str, str] | None = None) -> MatrixProvider:
    """The road table service when one is configured (``FIELDDESK_MATRIX_URL`` or ``[routing] matrix_url``), kept
    between runs for its cache; else the straight-line estimate the board and free slots use."""
    import os

    environ = os.environ if environ is None else environ
    section = config_section("routing")
    url = environ.get("FIELDDESK_MATRIX_URL") or section.get("matrix_url")
    if not url:
        return TRAVEL
    kind = environ.get("FIELDDESK_MATRIX_KIND") or section.get("matrix_kind") or "osrm"
    key = (str(url), str(kind))
    if key not in _PROVIDERS:
        _PROVIDERS[key] = TableServiceProvider(str(url), "valhalla" if kind == "valhalla" else "osrm", fallback=TRAVEL)
    return _PROVIDERS[key]


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tz)


def _rid(technician_id: int) -> str:
    return str(technician_id)


# building


def build_day_problem(db: Database, day: date, *, zone_id: int | None = None,
                      technician_ids: Sequence[int] | None = None, role: str | None = None,
                      now: datetime | None = None, provider: MatrixProvider | None = None) -> DayProblem:
    """The day's routing problem for the technicians on shift (of ``zone_id``, and among ``technician_ids``).

    ``candidates`` lists every technician on shift of the zone, chosen or not. ``role`` pins the visits that role
    may not reschedule; ``now`` (default: the clock) decides what has begun.
    """
    provider = provider or matrix_provider()
    now = now or datetime.now(UTC)
    with db.session() as session:
        board = read_board(session, day, day, zone_id, None, with_tray=False)
        tz = board.tz
        start, end = local_span(tz, day, day)
        day_visits = [v for v in read_visits(session, tz, start, end) if v.starts_at.date() == day]
        versions = dict(session.execute(select(Visit.id, Visit.version).where(
            Visit.id.in_([v.id for v in day_visits]))).all())
        shape = _zone_shape(session, zone_id)
    return _assemble(board, day, zone_id, technician_ids, day_visits, versions, shape, role, now.astimezone(tz),
                     provider)


def _zone_shape(session: Session, zone_id: int | None):
    if zone_id is None:
        return None
    try:
        return validate_zone_polygon(session.execute(select(Zone.polygon).where(Zone.id == zone_id)).scalar())
    except InvalidZonePolygon:
        return None


def _assemble(board: Board, day: date, zone_id: int | None, technician_ids: Sequence[int] | None,
              day_visits: list[VisitBlock], versions: dict[int, int], shape, role: str | None, now: datetime,
              provider: MatrixProvider) -> DayProblem:
    tz = board.tz
    midnight = _midnight(day, tz)

    def minutes(moment: datetime) -> float:
        return (moment.astimezone(tz) - midnight).total_seconds() / 60.0

    cutoff = minutes(now)
    notes: list[str] = []
    zones = tuple(RoutedZone(str(z.id), tuple(ring)) for z in board.zones for ring in z.rings if len(ring) >= 3)
    centroid = {z.id: _centroid(z.rings) for z in board.zones if z.rings}
    techs: dict[int, dict] = {}
    candidates: list[TechnicianChoice] = []
    for row in board.technicians:
        shifts = [s for s in board.shifts_of(row.id, day) if s.worked]
        if board.absence_on(row.id, day) is not None or not shifts:
            continue
        shift_zones = {s.zone_id for s in shifts if s.zone_id is not None}
        if zone_id is not None and zone_id not in shift_zones and (shift_zones or zone_id not in row.zone_ids):
            continue
        candidates.append(TechnicianChoice(row.id, row.name, min(s.starts_at for s in shifts),
                                           max(s.ends_at for s in shifts)))
        if technician_ids is not None and row.id not in technician_ids:
            continue
        if len(shifts) > 1:
            notes.append(f"{row.short_name} works {len(shifts)} shifts; planned from the first start to the last end")
        techs[row.id] = {"row": row, "zones": shift_zones or set(row.zone_ids),
                         "shift": (minutes(min(s.starts_at for s in shifts)), minutes(max(s.ends_at for s in shifts)))}

    in_scope = [v for v in day_visits if v.technician_id in techs or (
        v.technician_id is None and v.status != "done" and _in_zone(v, shape, zone_id))]
    crew_of = [(v, m) for v in day_visits for m in v.crew if m in techs]
    snapshot = Snapshot(day, {v.id: VisitSnapshot(v.technician_id, v.starts_at, v.ends_at, versions.get(v.id, 0),
                                                  v.status, v.crew) for v in in_scope + [v for v, _ in crew_of]},
                        tuple(techs), frozenset())
    visit_infos: dict[str, VisitInfo] = {}
    routed: list[RoutedVisit] = []
    not_routable: list[DroppedVisit] = []
    busy: dict[int, list[Break]] = {t: [] for t in techs}
    begun: dict[int, list[VisitBlock]] = {t: [] for t in techs}
    pinned_ids: set[int] = set()
    kept: list[int] = []

    def window(v: VisitBlock) -> TimeWindow:
        at = minutes(v.starts_at)
        return TimeWindow(max(0.0, at - WINDOW_SLACK), at + WINDOW_SLACK)

    def place(v: VisitBlock) -> Place | None:
        return Place(v.lat, v.lon) if v.place is not None else None

    for v in in_scope:
        rid = str(v.id)
        if v.technician_id is not None and minutes(v.starts_at) < cutoff:
            begun[v.technician_id].append(v)
            kept.append(v.id)
            continue
        why = _pin_reason(v, role, now)
        if why is not None:
            pinned_ids.add(v.id)
        if v.place is None:
            not_routable.append(DroppedVisit(rid, DropReason.NO_COORDINATES, "the address has no coordinates"))
            if v.technician_id is not None:  # keeps its technician and time; the day is planned around it
                busy[v.technician_id].append(Break(TimeWindow(minutes(v.starts_at), minutes(v.starts_at)),
                                                   float(v.minutes), f"visit {v.id}"))
                pinned_ids.add(v.id)
                continue
        duration = float(v.minutes)
        pin_start = float(math.floor(minutes(v.starts_at))) if why is not None else None
        zone = None
        if v.technician_id is not None and v.place is not None:
            tz_ids = {str(z) for z in techs[v.technician_id]["zones"]}
            inside = {z.id for z in zones if z.contains(Place(v.lat, v.lon))}
            if tz_ids and not inside & tz_ids:  # the dispatcher put it there: it counts as in that zone
                zone = sorted(tz_ids)[0]
        routed.append(RoutedVisit(
            rid, place(v), duration, window(v), frozenset({v.required_skill}) if v.required_skill else frozenset(),
            zone, 1 if v.technician_id is not None else 0, False,
            _rid(v.technician_id) if why is not None and v.technician_id is not None else None, pin_start))
        visit_infos[rid] = VisitInfo(rid, v.id, v.order_number, v.client_name, v.address, v.service_name, v.status,
                                     v.starts_at, v.ends_at, v.technician_id, why)
    for v, member in crew_of:
        if minutes(v.starts_at) < cutoff:
            begun[member].append(v)
            continue
        rid = f"{CREW_PREFIX}{v.id}:{member}"
        if v.place is None:
            busy[member].append(Break(TimeWindow(minutes(v.starts_at), minutes(v.starts_at)), float(v.minutes),
                                      f"visit {v.id}"))
            continue
        routed.append(RoutedVisit(rid, place(v), float(v.minutes), window(v), zone="*", priority=1,
                                  pinned_technician=_rid(member), pinned_start=float(math.floor(minutes(v.starts_at)))))
        visit_infos[rid] = VisitInfo(rid, v.id, v.order_number, v.client_name, v.address, v.service_name, v.status,
                                     v.starts_at, v.ends_at, member, "crew", crew_member=True)

    located = [rv.place for rv in routed if rv.place is not None]
    fallback = Place(sum(p.lat for p in located) / len(located), sum(p.lon for p in located) / len(located)) \
        if located else None
    routed_techs: list[Technician] = []
    tech_infos: dict[str, TechnicianInfo] = {}
    for tech_id, data in techs.items():
        row = data["row"]
        home = Place(*row.home) if row.home is not None else None
        if home is None:
            home = next((centroid[z] for z in sorted(data["zones"]) if z in centroid), None)
        if home is None:
            mine = [p for rv in routed if rv.pinned_technician == _rid(tech_id) and (p := rv.place) is not None]
            own = [v for v in in_scope if v.technician_id == tech_id and v.place is not None]
            home = mine[0] if mine else (Place(own[0].lat, own[0].lon) if own else fallback)
        if home is None:
            home = Place(0.0, 0.0)
        start_place, (shift_start, shift_end) = home, data["shift"]
        done = sorted(begun[tech_id], key=lambda v: v.ends_at)
        shift_start = max(shift_start, min(cutoff, shift_end))
        if done:
            shift_start = min(max(shift_start, minutes(done[-1].ends_at)), shift_end)
            last = next((v for v in reversed(done) if v.place is not None), None)
            start_place = Place(last.lat, last.lon) if last is not None else home
        zone_ids = frozenset(str(z) for z in data["zones"]) | (frozenset({"*"}) if data["zones"] else frozenset())
        breaks = tuple(b for b in busy[tech_id] if shift_start <= b.window.start < shift_end)
        routed_techs.append(Technician(_rid(tech_id), TimeWindow(shift_start, shift_end), start_place, home,
                                       frozenset(row.skills), zone_ids, breaks))
        tech_infos[_rid(tech_id)] = TechnicianInfo(_rid(tech_id), tech_id, row.name, row.short_name)
    problem = RoutingProblem(tuple(routed), tuple(routed_techs), zones, name=f"{day:%Y-%m-%d}")
    points = [v.place for v in routed if v.place is not None] + [t.start for t in routed_techs] \
        + [t.end_place for t in routed_techs]
    matrix = provider.build(points, working_hours(problem))
    travel = MatrixTravel(tuple(points), matrix)
    if matrix.note:
        notes.append(matrix.note)
    snapshot = replace(snapshot, pinned=frozenset(pinned_ids))
    before = _before_plan(problem, in_scope, visit_infos, travel, minutes)
    return DayProblem(day, tz, zone_id, problem, before, snapshot, visit_infos, tech_infos, tuple(not_routable),
                      tuple(kept), tuple(notes), travel, provider,
                      tuple(sorted(candidates, key=lambda c: (c.name, c.technician_id))))


def _centroid(rings) -> Place:
    ring = list(rings[0])
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return Place(sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def _in_zone(v: VisitBlock, shape, zone_id: int | None) -> bool:
    if zone_id is None or v.place is None:  # no coordinates: listed as not routable whatever the zone
        return True
    if shape is None:
        return False
    from shapely.geometry import Point

    return bool(shape.covers(Point(v.lon, v.lat)))


def _pin_reason(v: VisitBlock, role: str | None, now: datetime) -> str | None:
    """Why a visit must stay with its technician at its time, or None when the optimiser may move it."""
    if v.technician_id is None:
        return None
    if v.status in STARTED:
        return v.status
    if v.crew:
        return "crew"
    if role is not None:
        refusal = reschedule_refusal(role, v, now)
        if refusal is not None:
            return "role"
    return None


def _before_plan(problem: RoutingProblem, in_scope: Sequence[VisitBlock], infos: Mapping[str, VisitInfo],
                 travel: MatrixTravel, minutes) -> RoutingPlan:
    """The current assignments in booked order, replayed: a visit starts at its booked time or, when the drive
    from the previous one does not allow it, as soon as the technician gets there (lateness counts past the
    window)."""
    visits = {v.id: v for v in problem.visits}
    routes, late = [], 0.0
    for tech in problem.technicians:
        mine = sorted((rid for rid, info in infos.items() if info.technician_id is not None
                       and _rid(info.technician_id) == tech.id and visits[rid].place is not None),
                      key=lambda rid: infos[rid].starts_at)
        at, clock, stops = tech.start, tech.shift.start, []
        departure = tech.shift.start
        for i, rid in enumerate(mine):
            visit, booked = visits[rid], minutes(infos[rid].starts_at)
            drive, km = travel.between(at, visit.place)
            if i == 0:
                departure = max(tech.shift.start, booked - drive)
                clock = departure
            begin = max(booked, clock + drive)
            late += max(0.0, begin - visit.window.end) if visit.window else 0.0
            stops.append(Stop(rid, clock + drive, begin, begin + visit.duration, drive, km))
            at, clock = visit.place, begin + visit.duration
        back, back_km = travel.between(at, tech.end_place) if stops else (0.0, 0.0)
        slots = tuple(BreakSlot(b.name, b.window.start, b.window.start + b.duration) for b in tech.breaks)
        routes.append(Route(tech.id, departure, clock + back if stops else departure, tuple(stops), slots, back,
                            back_km))
    placed = {s.visit_id for r in routes for s in r.stops}
    dropped = tuple(
        DroppedVisit(v.id, DropReason.NO_COORDINATES, "the address has no coordinates") if v.place is None
        else DroppedVisit(v.id, DropReason.NO_ROOM, "not assigned yet")
        for v in problem.visits if v.id not in placed)
    return RoutingPlan(tuple(routes), dropped, make_totals(tuple(routes), len(dropped), late), "current",
                       travel.matrix.provider, travel.matrix.note, travel=travel)


# solving and re-timing


def solve_day(day_problem: DayProblem, state: SolveState | None = None, *, time_limit: float = 10.0,
              seed: int = 0) -> RoutingPlan:
    """The solver's plan for the day within ``time_limit`` seconds (cancel through ``state``)."""
    options = SolveOptions(time_limit=time_limit, seed=seed, time_scale=1)
    return solve(day_problem.problem, state, options, day_problem.provider)


def lateness(problem: RoutingProblem, routes: Sequence[Route]) -> float:
    """Minutes past the end of the visits' windows, summed."""
    windows = {v.id: v.window for v in problem.visits}
    return sum(max(0.0, s.start - w.end) for r in routes for s in r.stops if (w := windows.get(s.visit_id)))


def retime(day_problem: DayProblem, sequences: Mapping[str, Sequence[str]], base: RoutingPlan) -> RoutingPlan:
    """The plan for a dispatcher's order of stops (technician id → visit ids, any technician of the problem):
    earliest starts in whole minutes, around the technician's fixed busy times. Visits in no sequence are left
    unassigned: with the reason ``base`` gave when it left them out, else as ``LEFT_UNASSIGNED`` by hand."""
    travel = base.travel or day_problem.travel
    problem = day_problem.problem
    plan = schedule_routes(problem, sequences, travel, solver="manual")
    visits = {v.id: v for v in problem.visits}
    routes = tuple(_fit(problem.technician(r.technician_id), r, visits, travel) for r in plan.routes)
    reasons = {d.visit_id: d for d in base.dropped}
    dropped = tuple(reasons.get(d.visit_id, DroppedVisit(d.visit_id, DropReason.NO_ROOM, LEFT_UNASSIGNED))
                    for d in plan.dropped)
    return replace(plan, routes=routes, dropped=dropped,
                   totals=make_totals(routes, len(dropped), lateness(problem, routes)))


def _fit(tech: Technician, route: Route, visits: Mapping[str, RoutedVisit], travel: MatrixTravel) -> Route:
    """Whole-minute starts no earlier than scheduled, with the technician's fixed breaks kept free of work."""
    slots = [(b.window.start, b.window.start + b.duration, b.name) for b in tech.breaks]

    def rest(a: float, b: float) -> float:
        return sum(max(0.0, min(b, e) - max(a, s)) for s, e, _ in slots)

    free, stops = route.start_time, []
    for stop in route.stops:
        visit = visits[stop.visit_id]
        t = stop.start
        for _ in range(4 * len(slots) + 4):
            need = free + stop.travel_minutes + rest(free, t)
            if t < need - 1e-9:
                t = need
                continue
            clash = next((e for s, e, _ in slots if min(t + visit.duration, e) - max(t, s) > 1e-9), None)
            if clash is not None:
                t = clash
                continue
            if abs(t - round(t)) > 1e-9:
                t = float(math.ceil(t))
                continue
            break
        t = float(round(t))
        arrival = min(t, free + stop.travel_minutes + rest(free, free + stop.travel_minutes))
        stops.append(replace(stop, arrival=arrival, start=t, end=t + visit.duration))
        free = t + visit.duration
    end = free + route.return_minutes
    for _ in range(len(slots) + 1):
        end = free + route.return_minutes + rest(free, end)
    return replace(route, stops=tuple(stops), end_time=end if stops else route.end_time,
                   breaks=tuple(BreakSlot(name, s, e) for s, e, name in slots))


def check_plan(day_problem: DayProblem, plan: RoutingPlan) -> list[Violation]:
    """Every rule ``plan`` breaks for the day (empty: it may be applied)."""
    return check(day_problem.problem, plan, plan.travel or day_problem.travel)


# applying


def planned_changes(day_problem: DayProblem, plan: RoutingPlan) -> dict[int, tuple[int | None, datetime, datetime]]:
    """What applying ``plan`` writes: visit id → (lead technician or None, start, end), only where it changes."""
    snap = day_problem.snapshot
    wanted: dict[int, tuple[int | None, datetime, datetime]] = {}
    for route in plan.routes:
        for stop in route.stops:
            info = day_problem.visits.get(stop.visit_id)
            if info is None or info.crew_member or info.visit_id in snap.pinned:
                continue
            wanted[info.visit_id] = (day_problem.technicians[route.technician_id].technician_id,
                                     day_problem.clock(stop.start), day_problem.clock(stop.end))
    for dropped in plan.dropped:
        info = day_problem.visits.get(dropped.visit_id)
        if info is not None and not info.crew_member and info.visit_id not in snap.pinned:
            before = snap.visits[info.visit_id]
            wanted[info.visit_id] = (None, before.starts_at, before.ends_at)
    return {vid: w for vid, w in wanted.items()
            if (snap.visits[vid].technician_id, snap.visits[vid].starts_at, snap.visits[vid].ends_at) != w}


def planned_visits(day_problem: DayProblem, plan: RoutingPlan) -> dict[int, tuple[int | None, datetime, datetime]]:
    """Where every visit in the plan's scope would stand once ``plan`` is applied, moved or not, in
    ``planned_changes``' shape: the visits the plan leaves alone (fixed, begun, without coordinates) as they are."""
    now = {vid: (was.technician_id, was.starts_at, was.ends_at) for vid, was in day_problem.snapshot.visits.items()}
    return now | planned_changes(day_problem, plan)

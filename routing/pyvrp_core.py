"""PyVRP on the core of a layout: windows, service times, shifts, start/end places, loads, optional visits.

Skills, zones and pinned technicians become routing profiles: each group of technicians gets a profile in
which the visits it may not do are unreachable. A break becomes a visit of its technician's own, placed
where no driving is needed to reach it and lasting the break plus a typical leg; OR-Tools, which receives
these routes (without the break visits) as its starting point, places the real breaks. Technicians that look
the same to the core problem share one vehicle type, which PyVRP searches far better than many types of one
vehicle each.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from routing.layout import Layout, arc_units, units_down, units_up
from routing.problem import Place
from routing.state import SolveState

if TYPE_CHECKING:
    from pyvrp import ProblemData, Solution

FORBIDDEN = 10**9
INFEASIBLE = 2**62  # PyVRP's cost of an infeasible solution is the largest integer
REQUIRED_PRIZE_FACTOR = 100


@dataclass(frozen=True)
class CoreResult:
    """PyVRP's best routes as visit nodes per vehicle (None when it found no feasible solution)."""

    routes: list[list[int]] | None
    cost: int
    note: str = ""


def pyvrp_available() -> bool:
    """Whether PyVRP can be imported."""
    try:
        import pyvrp  # noqa: F401
    except ImportError:
        return False
    return True


def _groups(layout: Layout, allowed: dict[str, tuple[int, ...]]) -> tuple[list[list[int]], list[frozenset[int]]]:
    """Vehicles that the core problem cannot tell apart, and the visit nodes each group may not do."""
    forbidden: list[frozenset[int]] = []
    for v in range(layout.vehicles):
        forbidden.append(frozenset(i for i, visit in enumerate(layout.visits) if v not in allowed[visit.id]))
    keys: dict[tuple, list[int]] = {}
    for v, tech in enumerate(layout.technicians):
        # A technician with breaks has break visits of their own, hence a vehicle type of their own.
        key = (
            tech.start,
            tech.end_place,
            tuple(layout.shift[v]),
            tech.capacity,
            forbidden[v],
            v if tech.breaks else -1,
        )
        keys.setdefault(key, []).append(v)
    groups = list(keys.values())
    return groups, [forbidden[g[0]] for g in groups]


def solve_core(
    layout: Layout,
    allowed: dict[str, tuple[int, ...]],
    seconds: float,
    state: SolveState,
    progress: Callable[[float], float],
) -> CoreResult:
    """Run PyVRP for ``seconds`` (or ``options.iterations`` iterations) and return its best routes.

    Required visits are required first. When PyVRP has no feasible plan after a third of the time (a day that
    does not fit), it starts again with every visit optional, required ones at a prize no route saving
    outweighs, so that it still hands over a plan of everything that does fit.
    """
    started = time.monotonic()
    strict = any(not v.optional for v in layout.visits)
    data, groups = _problem_data(layout, allowed, collect_prizes=not strict)
    best = _run(layout, data, seconds, seconds / 3 if strict else None, state, progress)
    if not best.is_feasible() and strict and not state.cancelled:
        data, groups = _problem_data(layout, allowed, collect_prizes=True)
        left = seconds - (time.monotonic() - started)
        best = _run(layout, data, left, None, state, progress)
    if not best.is_feasible():
        return CoreResult(None, 0, "PyVRP found no feasible plan")
    routes: list[list[int]] = [[] for _ in range(layout.vehicles)]
    used = [0] * len(groups)
    for route in best.routes():
        vt = route.vehicle_type()
        vehicle = groups[vt][used[vt]]
        used[vt] += 1
        routes[vehicle] = [a.idx for a in route if a.is_client() and a.idx < layout.n]
    return CoreResult(routes, int(best.distance_cost()), "")


def _run(
    layout: Layout,
    data: ProblemData,
    seconds: float,
    give_up: float | None,
    state: SolveState,
    progress: Callable[[float], float],
) -> Solution:
    """PyVRP's best solution within ``seconds``; stops at ``give_up`` seconds if nothing feasible was found."""
    from pyvrp import solve
    from pyvrp.exceptions import PenaltyBoundWarning

    opts = layout.options
    started = time.monotonic()
    iterations = [0]
    last = [0.0]

    def stop(best_cost: float) -> bool:
        iterations[0] += 1
        now = time.monotonic()
        feasible = best_cost < INFEASIBLE
        if now - last[0] > 0.1:
            last[0] = now
            state.report(progress=progress(now - started), best_cost=float(best_cost) if feasible else None)
        done = opts.iterations is not None and iterations[0] > opts.iterations
        hopeless = give_up is not None and not feasible and now - started >= give_up
        return done or hopeless or state.cancelled or now - started >= seconds

    with warnings.catch_warnings():
        # PyVRP warns when its penalties hit their bound on a day that does not fit; we handle that case.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        return solve(data, stop, seed=opts.seed, collect_stats=False, display=False).best


def _allowance(travel: np.ndarray, vehicles: int) -> int:
    """Time kept free next to a break for the drive it interrupts: three times the median time from a visit to its
    k-th nearest neighbour, k being the visits per technician (the scale of the legs a route is made of)."""
    n = len(travel)
    if n < 2:
        return 0
    k = min(n - 1, max(1, n // max(1, vehicles)))
    near = np.sort(travel + np.diag(np.full(n, FORBIDDEN)), axis=1)[:, k - 1]
    return 3 * int(np.median(near))


def _with_break_places(travel: np.ndarray, cost: np.ndarray, n: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Insert ``count`` break places after the ``n`` visits: no time to reach, the same cost from anywhere.

    A break is taken wherever the technician is, which no fixed place can say; a break visit that takes no
    driving but lasts its duration plus a typical leg (see ``_break_clients``) keeps room for it in the route.
    """
    if not count:
        return travel, cost
    size = len(travel) + count
    new_travel = np.zeros((size, size), dtype=np.int64)
    new_cost = np.zeros((size, size), dtype=np.int64)
    keep = np.r_[0:n, n + count : size]
    new_travel[np.ix_(keep, keep)] = travel
    new_cost[np.ix_(keep, keep)] = cost
    half_leg = int(np.median(cost[:n, :n])) // 4 if n else 0
    new_cost[n : n + count, :] = half_leg
    new_cost[:, n : n + count] = half_leg
    np.fill_diagonal(new_cost, 0)
    return new_travel, new_cost


def _break_clients(layout: Layout, n: int, no_load: list[int], allowance: int) -> list:
    """One required client per break of each technician, at its own break place."""
    from pyvrp import Client

    ts = layout.options.time_scale
    out = []
    for tech in layout.technicians:
        for brk in tech.breaks:
            lo, hi = units_up(brk.window.start, ts), units_down(brk.window.end, ts)
            out.append(
                Client(
                    location=n + len(out),
                    delivery=no_load,
                    service_duration=units_up(brk.duration, ts) + allowance,
                    tw_early=lo,
                    tw_late=max(lo, hi),
                )
            )
    return out


def _problem_data(
    layout: Layout, allowed: dict[str, tuple[int, ...]], collect_prizes: bool
) -> tuple[ProblemData, list[list[int]]]:
    """PyVRP's data for the layout, and the vehicles behind each of its vehicle types."""
    from pyvrp import Client, Depot, Location, ProblemData, VehicleType

    opts = layout.options
    n = layout.n
    groups, forbidden = _groups(layout, allowed)
    depot_of: dict[Place, int] = {}
    depot_nodes: list[int] = []
    for v, tech in enumerate(layout.technicians):
        for place, node in ((tech.start, layout.start_node(v)), (tech.end_place, layout.end_node(v))):
            if place not in depot_of:
                depot_of[place] = len(depot_nodes)
                depot_nodes.append(node)
    nodes = list(range(n)) + depot_nodes
    travel, cost = arc_units(layout.matrix, layout.point[nodes], opts)
    owners = [v for v, t in enumerate(layout.technicians) for _ in t.breaks]
    travel, cost = _with_break_places(travel, cost, n, len(owners))
    loads = any(v.demand for v in layout.visits) or any(t.capacity is not None for t in layout.technicians)
    base = opts.optional_penalty_minutes * (opts.time_scale if opts.objective == "time" else opts.distance_scale)
    required_prize = int(base * REQUIRED_PRIZE_FACTOR) if collect_prizes else 0
    locations = [Location(0.0, 0.0) for _ in range(len(travel))]
    clients = []
    for i, visit in enumerate(layout.visits):
        clients.append(
            Client(
                location=i,
                delivery=[visit.demand] if loads else [],
                service_duration=int(layout.service[i]),
                tw_early=int(layout.window[i][0]),
                tw_late=int(layout.window[i][1]),
                prize=int(base * (1 + max(0, visit.priority))) if visit.optional else required_prize,
                required=not (visit.optional or collect_prizes),
            )
        )
    clients += _break_clients(layout, n, [0] * loads, _allowance(travel[:n, :n], layout.vehicles))
    depots = [Depot(location=n + len(owners) + d) for d in range(len(depot_nodes))]
    breaks_of = {v: {n + k for k, o in enumerate(owners) if o == v} for v in range(layout.vehicles)}
    all_breaks = set().union(*breaks_of.values()) if breaks_of else set()
    forbidden = [f | frozenset(all_breaks - breaks_of[g[0]]) for g, f in zip(groups, forbidden, strict=True)]
    profiles: dict[frozenset[int], int] = {frozenset(): 0}
    for f in forbidden:
        profiles.setdefault(f, len(profiles))
    distances, durations = [], []
    for f in profiles:
        dist, dur = cost.copy(), travel.copy()
        cols = sorted(f)
        dist[:, cols] = FORBIDDEN
        dur[:, cols] = FORBIDDEN
        np.fill_diagonal(dist, 0)
        np.fill_diagonal(dur, 0)
        distances.append(dist)
        durations.append(dur)
    vehicle_types = []
    for group, f in zip(groups, forbidden, strict=True):
        v = group[0]
        tech = layout.technicians[v]
        vehicle_types.append(
            VehicleType(
                num_available=len(group),
                capacity=[tech.capacity if tech.capacity is not None else 10**9] if loads else [],
                start_depot=depot_of[tech.start],
                end_depot=depot_of[tech.end_place],
                tw_early=int(layout.shift[v][0]),
                tw_late=int(layout.shift[v][1]),
                profile=profiles[f],
            )
        )
    return ProblemData(locations, clients, depots, vehicle_types, distances, durations), groups

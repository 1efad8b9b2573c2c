"""Plan a day: ``solve(problem, state, options)`` returns routes, the visits left out and why, totals.

The run: travel matrix → who may do what (visits nobody can do are reported with the reason) → an OR-Tools
first solution (reported at once, so a board can show a draft) → PyVRP on the core problem for a share of
the time (engine "pyvrp+ortools") → its routes handed to OR-Tools as the starting point of Guided Local Search
for the rest of the time → the best plan that passes the independent checker.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from routing.checker import check
from routing.feasibility import eligibility, no_coordinates
from routing.layout import Layout, build_layout, working_hours
from routing.matrix import HaversineProvider, MatrixProvider, MatrixTravel
from routing.ortools_model import OrToolsModel, Solved
from routing.plan import BreakSlot, DroppedVisit, DropReason, Route, RoutingPlan, Stop, make_totals
from routing.problem import RoutingProblem, SolveOptions
from routing.pyvrp_core import pyvrp_available, solve_core
from routing.state import SolveState


def solve(
    problem: RoutingProblem,
    state: SolveState | None = None,
    options: SolveOptions | None = None,
    provider: MatrixProvider | None = None,
) -> RoutingPlan:
    """Plan ``problem`` within ``options.time_limit`` seconds; cancel through ``state`` to get the best so far."""
    state = state or SolveState()
    options = options or SolveOptions()
    provider = provider or HaversineProvider()
    started = time.monotonic()
    dropped = no_coordinates(problem.visits)
    placed = [v for v in problem.visits if v.place is not None]
    points = [v.place for v in placed] + [t.start for t in problem.technicians]
    points += [t.end_place for t in problem.technicians]
    matrix = provider.build(points, working_hours(problem))  # type: ignore[arg-type]
    travel = MatrixTravel(tuple(points), matrix)  # type: ignore[arg-type]
    rows = {v.id: i for i, v in enumerate(placed)}
    everyone = eligibility(build_layout(problem, placed, matrix, rows, options))
    dropped += everyone.dropped
    layout = build_layout(problem, [v for v in placed if v.id in everyone.allowed], matrix, rows, options)

    def progress(_: float = 0.0) -> float:
        return min(0.99, (time.monotonic() - started) / max(options.time_limit, 1e-3))

    def remaining() -> float:
        return max(0.05, options.time_limit - (time.monotonic() - started))

    def finish(candidates: list[Solved], label: str, notes: tuple[str, ...] = ()) -> RoutingPlan:
        plan = best_checked(
            problem,
            candidates,
            lambda solved, extra: to_plan(
                layout,
                solved,
                tuple(dropped),
                label,
                notes + extra,
                state.cancelled,
                time.monotonic() - started,
                travel,
            ),
        )
        state.best_cost = None  # the plan's own cost is the last word, whatever the phases reported
        state.report(progress=1.0, best_cost=float(plan.cost) if plan.solver != "none" else None)
        return plan

    if layout.n == 0 or layout.vehicles == 0:
        return finish([], "none")
    model = OrToolsModel(layout, everyone.allowed, state)
    first = model.first_solution(remaining(), progress)
    candidates: list[Solved] = [model.read(first)] if first is not None else []
    if options.first_solution_only or state.cancelled:
        return finish(candidates, "ortools")
    label, notes = "ortools", []
    start = first
    if options.engine == "pyvrp+ortools":
        if not pyvrp_available():
            notes.append("PyVRP is not installed; OR-Tools alone")
        else:
            share = options.pyvrp_share
            if share is None:
                share = 0.6 if any(t.breaks for t in layout.technicians) else 0.9
            core = solve_core(layout, everyone.allowed, remaining() * share, state, progress)
            seed, taken_out = model.from_routes(core.routes) if core.routes is not None else (None, 0)
            if taken_out:
                notes.append(f"{taken_out} visits taken out of PyVRP's routes for constraints it does not see")
            if seed is None:
                notes.append(core.note or "OR-Tools rejected PyVRP's routes")
            else:
                label = "pyvrp+ortools"
                candidates.append(model.read(seed))
                if first is None or seed.ObjectiveValue() <= first.ObjectiveValue():
                    start = seed
    if not state.cancelled:
        improved = model.improve(start, remaining(), progress)
        if improved is not None:
            candidates.append(model.read(improved))
    return finish(candidates, label, tuple(notes))


def best_checked(
    problem: RoutingProblem,
    candidates: list[Solved],
    make: Callable[[Solved | None, tuple[str, ...]], RoutingPlan],
) -> RoutingPlan:
    """The cheapest candidate that passes the checker (the cheapest one, its violations noted, if none does)."""
    if not candidates:
        return make(None, ())
    ordered = sorted(candidates, key=lambda s: s.cost)
    for solved in ordered:
        plan = make(solved, ())
        if plan.travel is not None and not check(problem, plan, plan.travel):
            return plan
    plan = make(ordered[0], ())
    problems = tuple(f"{v.rule}: {v.subject}: {v.message}" for v in check(problem, plan, plan.travel))  # type: ignore[arg-type]
    return make(ordered[0], ("the plan fails the checker", *problems))


def _departure(earliest: float, first_start: float, to_first: float, slots: tuple[BreakSlot, ...]) -> float:
    """Leave as late as the first visit allows rather than wait there (unless a break comes first)."""
    if any(s.start < first_start and s.end > earliest for s in slots):
        return earliest
    return max(earliest, first_start - to_first)


def to_plan(
    layout: Layout,
    solved: Solved | None,
    dropped: tuple[DroppedVisit, ...],
    label: str,
    notes: tuple[str, ...],
    cancelled: bool,
    seconds: float,
    travel: MatrixTravel | None = None,
) -> RoutingPlan:
    """Routes with real-minute times from a solution in units."""
    matrix, point, ts = layout.matrix, layout.point, layout.options.time_scale
    routes: list[Route] = []
    routed: set[int] = set()
    for v, tech in enumerate(layout.technicians):
        if solved is None or not solved.routes[v]:
            routes.append(Route(tech.id, tech.shift.start, tech.shift.start, ()))
            continue
        slots = tuple(BreakSlot(name, b / ts, e / ts) for name, b, e in solved.breaks[v])
        prev = layout.start_node(v)
        to_first = float(matrix.minutes[point[prev], point[solved.routes[v][0]]])
        departure = _departure(solved.route_start[v] / ts, solved.starts[v][0] / ts, to_first, slots)
        free_from = departure
        stops = []
        for node, begin in zip(solved.routes[v], solved.starts[v], strict=True):
            routed.add(node)
            visit = layout.visits[node]
            start = begin / ts
            minutes = float(matrix.minutes[point[prev], point[node]])
            resting = sum(max(0.0, min(start, s.end) - max(free_from, s.start)) for s in slots)
            arrival = min(start, free_from + resting + minutes)
            km = float(matrix.km[point[prev], point[node]])
            stops.append(Stop(visit.id, arrival, start, start + visit.duration, minutes, km))
            prev, free_from = node, start + visit.duration
        end = layout.end_node(v)
        routes.append(
            Route(
                tech.id,
                departure,
                solved.route_end[v] / ts,
                tuple(stops),
                slots,
                float(matrix.minutes[point[prev], point[end]]),
                float(matrix.km[point[prev], point[end]]),
            )
        )
    left = [
        DroppedVisit(
            v.id,
            DropReason.NO_ROOM,
            f"optional (priority {v.priority}), left out" if v.optional else "could not fit with the other visits",
        )
        for node, v in enumerate(layout.visits)
        if node not in routed
    ]
    all_dropped = dropped + tuple(left)
    windows = {v.id: v.window for v in layout.visits}
    lateness = 0.0
    for route in routes:
        for stop in route.stops:
            w = windows[stop.visit_id]
            if w is not None:
                lateness += max(0.0, stop.start - w.end)
    return RoutingPlan(
        routes=tuple(routes),
        dropped=all_dropped,
        totals=make_totals(tuple(routes), len(all_dropped), lateness),
        solver=label if solved is not None else "none",
        matrix_provider=matrix.provider,
        matrix_note=matrix.note,
        cost=solved.cost if solved is not None else 0,
        cancelled=cancelled,
        seconds=seconds,
        notes=notes,
        travel=travel,
    )

"""An independent check of any plan against its problem.

It knows nothing of how the plan was made: it replays each route with the travel times it is given and
reports every rule broken (windows, shifts, skills, zones, pinned visits, each visit at most once, breaks,
loads, travel times consistent with the matrix). Used by the tests, by the benchmark, and before a plan is
applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from routing.plan import Route, RoutingPlan
from routing.problem import Place, RoutingProblem, Technician, Visit

TOLERANCE = 1e-6


class Travel(Protocol):
    """Minutes and km between two places."""

    def between(self, a: Place, b: Place) -> tuple[float, float]:
        """(minutes, km) from ``a`` to ``b``."""
        ...


@dataclass(frozen=True)
class Violation:
    """One broken rule: what, about whom (a visit or technician id), and a readable message."""

    rule: str
    subject: str
    message: str


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def check(problem: RoutingProblem, plan: RoutingPlan, travel: Travel, tol: float = TOLERANCE) -> list[Violation]:
    """Every rule the plan breaks (an empty list means the plan is valid)."""
    out: list[Violation] = []
    visits = {v.id: v for v in problem.visits}
    seen: dict[str, str] = {}
    techs_seen: set[str] = set()
    for route in plan.routes:
        tech = problem.technician(route.technician_id)
        if tech is None:
            out.append(Violation("technician", route.technician_id, "route of an unknown technician"))
            continue
        if tech.id in techs_seen:
            out.append(Violation("technician", tech.id, "two routes for one technician"))
        techs_seen.add(tech.id)
        for stop in route.stops:
            if stop.visit_id not in visits:
                out.append(Violation("visit", stop.visit_id, "unknown visit"))
            elif stop.visit_id in seen:
                out.append(Violation("once", stop.visit_id, f"visited twice ({seen[stop.visit_id]} and {tech.id})"))
            seen.setdefault(stop.visit_id, tech.id)
        out.extend(_check_route(problem, visits, tech, route, travel, tol))
    dropped = {d.visit_id for d in plan.dropped}
    for vid in dropped & seen.keys():
        out.append(Violation("once", vid, "both routed and dropped"))
    for vid in visits.keys() - seen.keys() - dropped:
        out.append(Violation("missing", vid, "neither routed nor dropped"))
    return out


def _check_route(
    problem: RoutingProblem, visits: dict[str, Visit], tech: Technician, route: Route, travel: Travel, tol: float
) -> list[Violation]:
    out: list[Violation] = []
    tid = tech.id
    if not route.stops:
        return out
    if route.start_time < tech.shift.start - tol:
        out.append(Violation("shift", tid, f"leaves at {route.start_time:.2f} before the shift starts"))
    if route.end_time > tech.shift.end + tol:
        out.append(Violation("shift", tid, f"back at {route.end_time:.2f} after the shift ends"))
    out.extend(_check_breaks(tech, route, tol))
    breaks = [(b.start, b.end) for b in route.breaks]
    place, free_from, load = tech.start, route.start_time, 0
    for stop in route.stops:
        visit = visits.get(stop.visit_id)
        if visit is None or visit.place is None:
            continue
        load += visit.demand
        if not visit.skills <= tech.skills:
            out.append(Violation("skill", visit.id, f"{tid} lacks {', '.join(sorted(visit.skills - tech.skills))}"))
        if tech.zones and not problem.visit_zones(visit) & tech.zones:
            out.append(Violation("zone", visit.id, f"outside {tid}'s zones"))
        if visit.pinned_technician is not None and visit.pinned_technician != tid:
            out.append(Violation("pinned", visit.id, f"pinned to {visit.pinned_technician}, planned for {tid}"))
        if visit.pinned_start is not None:
            if not _close(stop.start, visit.pinned_start, tol):
                out.append(Violation("pinned", visit.id, f"pinned at {visit.pinned_start}, planned at {stop.start}"))
        elif visit.window is not None and not visit.window.contains(stop.start, tol):
            out.append(Violation("window", visit.id, f"starts at {stop.start:.2f} outside {visit.window}"))
        if stop.end + tol < stop.start + visit.duration:
            out.append(Violation("duration", visit.id, "ends before its work is done"))
        minutes, km = travel.between(place, visit.place)
        if not (_close(stop.travel_minutes, minutes, tol) and _close(stop.travel_km, km, tol)):
            out.append(
                Violation("travel", visit.id, f"leg of {stop.travel_minutes:.3f} min, matrix says {minutes:.3f}")
            )
        resting = sum(_overlap(free_from, stop.start, b0, b1) for b0, b1 in breaks)
        if stop.start - free_from - resting + tol < minutes:
            out.append(Violation("travel", visit.id, f"cannot be reached from the previous stop by {stop.start:.2f}"))
        if stop.arrival > stop.start + tol:
            out.append(Violation("travel", visit.id, "work starts before arrival"))
        place, free_from = visit.place, stop.end
    minutes, km = travel.between(place, tech.end_place)
    if not (_close(route.return_minutes, minutes, tol) and _close(route.return_km, km, tol)):
        out.append(Violation("travel", tid, f"way home of {route.return_minutes:.3f} min, matrix says {minutes:.3f}"))
    resting = sum(_overlap(free_from, route.end_time, b0, b1) for b0, b1 in breaks)
    if route.end_time - free_from - resting + tol < minutes:
        out.append(Violation("travel", tid, "cannot be home by the route's end"))
    if tech.capacity is not None and load > tech.capacity:
        out.append(Violation("load", tid, f"carries {load} over a capacity of {tech.capacity}"))
    return out


def _check_breaks(tech: Technician, route: Route, tol: float) -> list[Violation]:
    out: list[Violation] = []
    if len(route.breaks) != len(tech.breaks):
        out.append(Violation("break", tech.id, f"{len(route.breaks)} breaks planned, {len(tech.breaks)} due"))
        return out
    for rule, slot in zip(tech.breaks, route.breaks, strict=True):
        if not rule.window.contains(slot.start, tol) or not _close(slot.end - slot.start, rule.duration, tol):
            out.append(Violation("break", tech.id, f"{slot.name} at {slot.start:.2f}–{slot.end:.2f} breaks its rule"))
        for stop in route.stops:
            if _overlap(stop.start, stop.end, slot.start, slot.end) > tol:
                out.append(Violation("break", tech.id, f"{slot.name} overlaps the work at {stop.visit_id}"))
    return out

"""Small routing problems on a plane where one unit of distance takes one minute."""

from __future__ import annotations

from routing.matrix import EuclideanProvider
from routing.plan import RoutingPlan
from routing.problem import Break, Place, RoutingProblem, SolveOptions, Technician, TimeWindow, Visit
from routing.solver import solve
from routing.state import SolveState

PLANE = EuclideanProvider()
HOME = Place(0.0, 0.0)


def at(x: float, y: float = 0.0) -> Place:
    """A point on the plane (x east, y north)."""
    return Place(lat=y, lon=x)


def tech(
    tid: str = "T1",
    shift: tuple[float, float] = (0, 600),
    skills: set[str] | None = None,
    zones: set[str] | None = None,
    breaks: tuple[Break, ...] = (),
    start: Place = HOME,
    capacity: int | None = None,
) -> Technician:
    """A technician at home on the plane."""
    return Technician(
        id=tid,
        shift=TimeWindow(*shift),
        start=start,
        skills=frozenset(skills or ()),
        zones=frozenset(zones or ()),
        breaks=breaks,
        capacity=capacity,
    )


def visit(
    vid: str,
    place: Place | None,
    duration: float = 10,
    window: tuple[float, float] | None = None,
    **kw: object,
) -> Visit:
    """A visit; keyword arguments go to Visit."""
    return Visit(id=vid, place=place, duration=duration, window=TimeWindow(*window) if window else None, **kw)  # type: ignore[arg-type]


def run(
    problem: RoutingProblem,
    time_limit: float = 1.0,
    state: SolveState | None = None,
    **options: object,
) -> RoutingPlan:
    """Solve on the plane with a short time limit and a fixed seed."""
    opts = SolveOptions(time_limit=time_limit, seed=7, **options)  # type: ignore[arg-type]
    return solve(problem, state or SolveState(), opts, PLANE)


def sequences(plan: RoutingPlan) -> dict[str, list[str]]:
    """Visit ids per technician, in order."""
    return {r.technician_id: [s.visit_id for s in r.stops] for r in plan.routes}

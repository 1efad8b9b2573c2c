"""Whatever small problem comes in, the plan passes the independent checker and accounts for every visit."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.checker import check
from routing.plan import DropReason
from routing.problem import Break, RoutingProblem, Technician, TimeWindow, Visit
from tests.routing.builders import at, run

SKILLS = ("gas", "hvac")
ZONES = ("N", "S")


@st.composite
def technicians(draw: st.DrawFn, index: int) -> Technician:
    start = draw(st.integers(0, 240))
    length = draw(st.integers(60, 480))
    breaks: tuple[Break, ...] = ()
    if draw(st.booleans()):
        b = draw(st.integers(start, start + length))
        breaks = (Break(TimeWindow(b, b + draw(st.integers(0, 60))), float(draw(st.integers(5, 30)))),)
    return Technician(
        id=f"T{index}",
        shift=TimeWindow(start, start + length),
        start=at(draw(st.integers(-30, 30)), draw(st.integers(-30, 30))),
        end=draw(st.one_of(st.none(), st.builds(at, st.integers(-30, 30), st.integers(-30, 30)))),
        skills=frozenset(draw(st.sets(st.sampled_from(SKILLS)))),
        zones=frozenset(draw(st.sets(st.sampled_from(ZONES), max_size=1))),
        breaks=breaks,
        capacity=draw(st.one_of(st.none(), st.integers(0, 6))),
    )


@st.composite
def visits(draw: st.DrawFn, index: int, techs: int) -> Visit:
    window = None
    if draw(st.booleans()):
        ws = draw(st.integers(0, 600))
        window = TimeWindow(ws, ws + draw(st.integers(0, 180)))
    pinned_tech = f"T{draw(st.integers(0, techs - 1))}" if draw(st.integers(0, 5)) == 0 else None
    pinned_start = float(draw(st.integers(0, 600))) if pinned_tech and draw(st.booleans()) else None
    return Visit(
        id=f"V{index}",
        place=None if draw(st.integers(0, 15)) == 0 else at(draw(st.integers(-40, 40)), draw(st.integers(-40, 40))),
        duration=float(draw(st.integers(0, 60))),
        window=window,
        skills=frozenset(draw(st.sets(st.sampled_from(SKILLS), max_size=1))),
        zone=draw(st.one_of(st.none(), st.sampled_from(ZONES))),
        priority=draw(st.integers(0, 3)),
        optional=draw(st.booleans()),
        pinned_technician=pinned_tech,
        pinned_start=pinned_start,
        demand=draw(st.integers(0, 3)),
    )


@st.composite
def problems(draw: st.DrawFn) -> RoutingProblem:
    n_techs = draw(st.integers(1, 3))
    techs = tuple(draw(technicians(i)) for i in range(n_techs))
    n_visits = draw(st.integers(0, 9))
    return RoutingProblem(visits=tuple(draw(visits(i, n_techs)) for i in range(n_visits)), technicians=techs)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(problems())
def test_every_plan_passes_the_checker(problem: RoutingProblem) -> None:
    plan = run(problem, time_limit=0.2)
    assert plan.travel is not None
    assert check(problem, plan, plan.travel) == []
    routed = {s.visit_id for r in plan.routes for s in r.stops}
    dropped = {d.visit_id for d in plan.dropped}
    assert routed | dropped == {v.id for v in problem.visits}
    assert all(isinstance(d.reason, DropReason) and d.detail for d in plan.dropped)
    for v in problem.visits:
        if v.place is None:
            assert (v.id, DropReason.NO_COORDINATES) in {(d.visit_id, d.reason) for d in plan.dropped}

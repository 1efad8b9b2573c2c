"""What a dispatcher relies on from the solver: valid plans, reasons, pinned visits, priorities, cancel."""

from __future__ import annotations

import threading
import time

import pytest

from routing.checker import check
from routing.plan import DropReason, RoutingPlan
from routing.problem import Break, RoutingProblem, TimeWindow, Zone
from routing.state import SolveState
from tests.routing.builders import at, run, sequences, tech, visit


def _valid(problem: RoutingProblem, plan: RoutingPlan) -> None:
    assert plan.travel is not None
    assert check(problem, plan, plan.travel) == []


def _reasons(plan: RoutingPlan) -> dict[str, DropReason]:
    return {d.visit_id: d.reason for d in plan.dropped}


def _line(n: int = 8) -> RoutingProblem:
    visits = tuple(visit(f"V{i}", at(5 * i, (i % 3) * 4), duration=10, window=(0, 400)) for i in range(1, n + 1))
    return RoutingProblem(visits=visits, technicians=(tech("T1"), tech("T2", start=at(40))))


@pytest.mark.parametrize("engine", ["ortools", "pyvrp+ortools"])
def test_every_visit_is_planned_in_a_valid_plan(engine: str) -> None:
    problem = _line()
    plan = run(problem, time_limit=0.5, engine=engine)
    _valid(problem, plan)
    assert plan.dropped == ()
    assert plan.totals.unassigned == 0
    assert plan.matrix_provider == "euclidean"
    assert plan.totals.km == pytest.approx(sum(r.travel_km for r in plan.routes))


def test_visits_nobody_can_do_are_listed_with_the_reason() -> None:
    north = Zone("N", ((10, -100), (10, 100), (100, 100), (100, -100)))
    south = Zone("S", ((-100, -100), (-100, 100), (-10, 100), (-10, -100)))
    visits = (
        visit("fine", at(10, 20)),
        visit("nowhere", None),
        visit("gas", at(10, 20), skills=frozenset({"gas"})),
        visit("middle", at(10, 0)),  # between the zones
        visit("south", at(10, -20)),  # nobody works in the south
        visit("late", at(10, 20), window=(700, 800)),
        visit("pinned", at(10, 20), pinned_technician="T9"),
    )
    techs = (tech("T1", zones={"N"}), tech("T2", zones={"N", "S"}, skills={"gas"}, shift=(0, 0)))
    problem = RoutingProblem(visits=visits, technicians=techs, zones=(north, south))
    techs_s = (tech("T1", zones={"N"}, shift=(0, 600)), tech("T2", zones={"S"}, skills={"gas"}, shift=(0, 600)))
    plan = run(problem, time_limit=0.3)
    _valid(problem, plan)
    reasons = _reasons(plan)
    assert reasons == {
        "nowhere": DropReason.NO_COORDINATES,
        "gas": DropReason.WINDOW_OUTSIDE_SHIFTS,  # only T2 may, and T2 works no hours
        "middle": DropReason.OUTSIDE_ZONES,
        "south": DropReason.WINDOW_OUTSIDE_SHIFTS,
        "late": DropReason.WINDOW_OUTSIDE_SHIFTS,
        "pinned": DropReason.PINNED_UNAVAILABLE,
    }
    problem = RoutingProblem(visits=visits, technicians=techs_s, zones=(north, south))
    reasons = _reasons(run(problem, time_limit=0.3))
    assert reasons["gas"] == DropReason.NO_SKILL_IN_ZONE
    assert "south" not in reasons
    no_gas = RoutingProblem(visits=visits[:3], technicians=(tech("T1"),))
    assert _reasons(run(no_gas, time_limit=0.3))["gas"] == DropReason.NO_SKILL


def test_pinned_visits_keep_their_technician_and_time() -> None:
    problem = _line()
    pinned = [
        visit("P1", at(12, 4), duration=15, pinned_technician="T2", pinned_start=100.0),
        visit("P2", at(3, 1), duration=15, pinned_technician="T2", pinned_start=200.0),
    ]
    problem = RoutingProblem(visits=(*problem.visits, *pinned), technicians=problem.technicians)
    plan = run(problem, time_limit=0.5)
    _valid(problem, plan)
    for vid, start in (("P1", 100.0), ("P2", 200.0)):
        found = plan.stop_of(vid)
        assert found is not None
        route, stop = found
        assert route.technician_id == "T2"
        assert stop.start == pytest.approx(start)


def test_optional_visits_are_dropped_lowest_priority_first() -> None:
    # Home → site is 10 min; three 40-minute jobs at the site; the shift holds two of them.
    jobs = tuple(visit(f"P{p}", at(10), duration=40, optional=True, priority=p) for p in (2, 0, 1))
    problem = RoutingProblem(visits=jobs, technicians=(tech("T1", shift=(0, 100)),))
    plan = run(problem, time_limit=0.5)
    _valid(problem, plan)
    assert [d.visit_id for d in plan.dropped] == ["P0"]
    assert plan.dropped[0].reason == DropReason.NO_ROOM


def test_required_visits_win_over_optional_ones() -> None:
    jobs = (
        visit("must", at(10), duration=40),
        visit("nice", at(10), duration=40, optional=True, priority=5),
        visit("also", at(10), duration=40, optional=True, priority=5),
    )
    problem = RoutingProblem(visits=jobs, technicians=(tech("T1", shift=(0, 100)),))
    plan = run(problem, time_limit=0.5)
    _valid(problem, plan)
    assert "must" not in _reasons(plan)
    assert len(plan.dropped) == 1


def test_breaks_are_planned_inside_their_window() -> None:
    lunch = Break(TimeWindow(60, 90), 30.0, "lunch")
    visits = tuple(visit(f"V{i}", at(5 * i), duration=20, window=(0, 300)) for i in range(1, 7))
    problem = RoutingProblem(visits=visits, technicians=(tech("T1", breaks=(lunch,)),))
    plan = run(problem, time_limit=0.5)
    _valid(problem, plan)
    (slot,) = plan.routes[0].breaks
    assert 60 <= slot.start <= 90
    assert slot.end - slot.start == pytest.approx(30)


def test_loads_respect_capacity() -> None:
    visits = tuple(visit(f"V{i}", at(i, 1), demand=3) for i in range(1, 7))
    problem = RoutingProblem(visits=visits, technicians=(tech("T1", capacity=9), tech("T2", capacity=9)))
    plan = run(problem, time_limit=0.5)
    _valid(problem, plan)
    assert sorted(len(s) for s in sequences(plan).values()) == [3, 3]


def test_the_same_seed_gives_the_same_plan() -> None:
    problem = _line(12)
    first = run(problem, time_limit=0.5, iterations=200)
    again = run(problem, time_limit=0.5, iterations=200)
    assert sequences(first) == sequences(again)
    assert first.cost == again.cost


def test_progress_is_reported_and_ends_at_one() -> None:
    seen: list[tuple[float, float | None]] = []
    state = SolveState(on_progress=lambda p, c: seen.append((p, c)))
    plan = run(_line(), time_limit=0.5, state=state)
    assert seen[-1][0] == 1.0
    assert any(c is not None for _, c in seen)
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)
    assert state.best_cost == plan.cost


def test_cancel_returns_the_best_plan_so_far() -> None:
    problem = _line(16)
    state = SolveState()
    state.on_progress = lambda p, c: state.cancel() if c is not None else None  # cancel at the first plan
    started = time.monotonic()
    plan = run(problem, time_limit=20.0, state=state)
    assert time.monotonic() - started < 5.0
    assert plan.cancelled
    _valid(problem, plan)
    assert plan.totals.unassigned == 0


@pytest.mark.parametrize("after", [0.3, 1.2])  # during PyVRP, during Guided Local Search
def test_cancel_from_another_thread_stops_the_search(after: float) -> None:
    problem = _line(30)
    state = SolveState()
    timer = threading.Timer(after, state.cancel)
    timer.start()
    started = time.monotonic()
    plan = run(problem, time_limit=2.0 + 20 * after, state=state, pyvrp_share=0.01 if after > 1 else 0.9)
    assert time.monotonic() - started < after + 2.0
    assert plan.cancelled
    _valid(problem, plan)
    assert plan.routes


def test_no_technicians_drops_everything_with_a_reason() -> None:
    problem = RoutingProblem(visits=(visit("A", at(1)),), technicians=())
    plan = run(problem, time_limit=0.2)
    assert _reasons(plan) == {"A": DropReason.NO_ROOM}
    assert plan.routes == ()


def test_technicians_leave_in_time_for_the_first_visit_rather_than_wait_there() -> None:
    problem = RoutingProblem(visits=(visit("A", at(10), window=(100, 200)),), technicians=(tech("T1"),))
    plan = run(problem, time_limit=0.3)
    _valid(problem, plan)
    route = plan.routes[0]
    assert route.stops[0].start == pytest.approx(100)
    assert route.start_time == pytest.approx(90)
    assert route.stops[0].wait == pytest.approx(0)

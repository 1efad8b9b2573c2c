"""The checker accepts a valid plan and names each rule a hand-made bad plan breaks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from routing.checker import check
from routing.matrix import MatrixTravel
from routing.plan import BreakSlot, RoutingPlan
from routing.problem import Break, RoutingProblem, TimeWindow
from routing.schedule import schedule_routes
from tests.routing.builders import PLANE, at, tech, visit


def _problem(**tech_kw: object) -> RoutingProblem:
    visits = (
        visit("A", at(10), duration=10, window=(0, 100)),
        visit("B", at(20), duration=10, window=(0, 100), skills=frozenset({"gas"})),
    )
    return RoutingProblem(visits=visits, technicians=(tech("T1", skills={"gas"}, **tech_kw), tech("T2")))  # type: ignore[arg-type]


def _travel(problem: RoutingProblem) -> MatrixTravel:
    points = [v.place for v in problem.visits if v.place] + [t.start for t in problem.technicians]
    return MatrixTravel(tuple(points), PLANE.build(points))


def _plan(problem: RoutingProblem, routes: dict[str, list[str]]) -> RoutingPlan:
    return schedule_routes(problem, routes, _travel(problem))


def _rules(problem: RoutingProblem, plan: RoutingPlan) -> set[str]:
    return {v.rule for v in check(problem, plan, _travel(problem))}


def test_a_valid_plan_passes() -> None:
    problem = _problem()
    plan = _plan(problem, {"T1": ["A", "B"]})
    assert check(problem, plan, _travel(problem)) == []
    assert plan.route_of("T1").stops[1].start == pytest.approx(30)  # type: ignore[union-attr]


def test_a_window_missed_is_reported() -> None:
    problem = replace(_problem(), visits=(visit("A", at(10), window=(0, 100)), visit("B", at(20), window=(0, 5))))
    assert _rules(problem, _plan(problem, {"T1": ["A", "B"]})) == {"window"}


def test_a_missing_skill_is_reported() -> None:
    problem = _problem()
    violations = check(problem, _plan(problem, {"T2": ["A", "B"]}), _travel(problem))
    assert [(v.rule, v.subject) for v in violations] == [("skill", "B")]


def test_a_visit_twice_is_reported() -> None:
    problem = _problem()
    plan = _plan(problem, {"T1": ["A", "B"], "T2": ["A"]})
    assert "once" in _rules(problem, plan)


def test_a_visit_neither_routed_nor_dropped_is_reported() -> None:
    problem = _problem()
    plan = replace(_plan(problem, {"T1": ["A"]}), dropped=())
    assert _rules(problem, plan) == {"missing"}


def test_a_shift_overrun_is_reported() -> None:
    problem = _problem(shift=(0, 35))
    assert "shift" in _rules(problem, _plan(problem, {"T1": ["A", "B"]}))


def test_travel_faster_than_the_matrix_is_reported() -> None:
    problem = _problem()
    plan = _plan(problem, {"T1": ["A", "B"]})
    route = plan.routes[0]
    hurried = replace(route.stops[1], start=21.0, arrival=21.0, end=31.0)
    plan = replace(plan, routes=(replace(route, stops=(route.stops[0], hurried)), *plan.routes[1:]))
    assert _rules(problem, plan) == {"travel"}


def test_a_leg_that_disagrees_with_the_matrix_is_reported() -> None:
    problem = _problem()
    plan = _plan(problem, {"T1": ["A", "B"]})
    route = plan.routes[0]
    wrong = replace(route.stops[0], travel_minutes=3.0)
    plan = replace(plan, routes=(replace(route, stops=(wrong, route.stops[1])), *plan.routes[1:]))
    assert _rules(problem, plan) == {"travel"}


def test_pinned_visits_must_keep_technician_and_time() -> None:
    problem = _problem()
    pinned = replace(problem.visits[0], pinned_technician="T1", pinned_start=50.0)
    problem = replace(problem, visits=(pinned, problem.visits[1]))
    moved = _plan(problem, {"T2": ["A"], "T1": ["B"]})
    assert "pinned" in _rules(problem, moved)
    kept = _plan(problem, {"T1": ["A", "B"]})
    assert _rules(problem, kept) == set()


def test_breaks_must_be_taken_in_their_window_and_not_during_work() -> None:
    lunch = Break(TimeWindow(30, 60), 20.0, "lunch")
    problem = _problem(breaks=(lunch,))
    plan = _plan(problem, {"T1": ["A", "B"]})
    assert _rules(problem, plan) == {"break"}  # not planned at all
    route = plan.routes[0]
    during_work = replace(route, breaks=(BreakSlot("lunch", 30.0, 50.0),))
    assert "break" in _rules(problem, replace(plan, routes=(during_work, *plan.routes[1:])))
    after = replace(route, breaks=(BreakSlot("lunch", 60.0, 80.0),))  # once home
    assert _rules(problem, replace(plan, routes=(after, *plan.routes[1:]))) == set()


def test_an_overloaded_technician_is_reported() -> None:
    problem = _problem(capacity=1)
    problem = replace(problem, visits=tuple(replace(v, demand=1) for v in problem.visits))
    assert _rules(problem, _plan(problem, {"T1": ["A", "B"]})) == {"load"}

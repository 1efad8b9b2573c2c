"""Optimising a planning day: the problem read from a hand-made day, and plans written all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.catalog import Service
from models.clients import Site
from models.route_apply import apply_plan
from models.route_optimise import (
    CREW_PREFIX,
    LEFT_UNASSIGNED,
    build_day_problem,
    check_plan,
    planned_changes,
    planned_visits,
    retime,
    solve_day,
)
from models.scheduling import BookingRequest, Shift, Visit, Zone, book_visit, set_visit_crew, technician_zones
from routing.plan import DropReason
from routing.problem import Place
from tests.factories import add_client, add_order, add_pipeline, add_technician

TZ = ZoneInfo("Asia/Yekaterinburg")  # the company's time zone in a fresh database
DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
HERE, MID, FAR = (55.16, 61.40), (55.20, 61.40), (55.25, 61.40)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=TZ)


@dataclass
class Day:
    zone_id: int
    water: int  # water meter skill, lives at HERE
    air: int  # air conditioners only, no home address
    first: int  # water, 10:00 at HERE
    second: int  # water, 13:00 at FAR
    loose: int  # water, unassigned, wanted at 11:00 at MID
    nowhere: int  # unassigned, the address has no coordinates
    fixed: int  # air conditioner visit en route, 14:00
    cool: int  # air conditioner visit, unassigned, wanted at 10:00 at MID
    second_number: int


def _day(session) -> Day:
    zone = Zone(name="Центр", polygon={"type": "Polygon", "coordinates": [
        [[61.3, 55.1], [61.5, 55.1], [61.5, 55.3], [61.3, 55.3], [61.3, 55.1]]]}, color="#4caf50")
    water_service = Service(code="wm_opt", name="Поверка", price=1200, duration_min=60, required_skill="water_meter")
    air_service = Service(code="ac_opt", name="Чистка", price=2500, duration_min=90, required_skill="ac_service")
    session.add_all([zone, water_service, air_service])
    session.flush()
    _, stages = add_pipeline(session)
    orders = []
    for i, where in enumerate((HERE, FAR, MID, None, HERE, MID)):
        client = add_client(session, f"Клиент {i} Тестович", f"+7 351 100 00 0{i}", address=f"ул. Тестовая, {i}")
        site = session.get(Site, client.sites[0].id)
        site.lat, site.lon = where if where is not None else (None, None)
        orders.append(add_order(session, client, stages[0]))
    water = add_technician(session, "Петров Сергей Иванович", skills=("water_meter",))
    water.home_lat, water.home_lon = HERE
    air = add_technician(session, "Козлов Андрей", skills=("ac_service",))
    for tech in (water, air):
        session.add(Shift(technician_id=tech.id, zone_id=zone.id, starts_at=at(9), ends_at=at(18)))
    session.flush()
    session.execute(technician_zones.insert(), [{"technician_id": water.id, "zone_id": zone.id},
                                                {"technician_id": air.id, "zone_id": zone.id}])

    def book(order, tech, hour, service):
        return book_visit(session, BookingRequest(order.id, tech, at(hour), service_id=service.id))

    first = book(orders[0], water.id, 10, water_service)
    second = book(orders[1], water.id, 13, water_service)
    loose = book(orders[2], None, 11, water_service)
    nowhere = book(orders[3], None, 15, water_service)
    fixed = book(orders[4], air.id, 14, air_service)
    session.get(Visit, fixed).status = "en_route"
    cool = book(orders[5], None, 10, air_service)
    session.flush()
    return Day(zone.id, water.id, air.id, first, second, loose, nowhere, fixed, cool, orders[1].number)


def _helper(session, day: Day) -> int:
    """A third technician of the zone, with the water meter skill, free all day (no home: starts mid-zone)."""
    helper = add_technician(session, "Сидоров Иван", skills=("water_meter",))
    session.add(Shift(technician_id=helper.id, zone_id=day.zone_id, starts_at=at(9), ends_at=at(18)))
    session.flush()
    session.execute(technician_zones.insert(), [{"technician_id": helper.id, "zone_id": day.zone_id}])
    return helper.id


@pytest.fixture
def day(db) -> Day:
    with db.transaction() as session:
        return _day(session)


def visit_row(db, visit_id: int) -> tuple[int | None, datetime, datetime]:
    with db.session() as session:
        row = session.get(Visit, visit_id)
        return row.technician_id, row.starts_at, row.ends_at


def test_the_problem_holds_shifts_skills_windows_pinned_and_the_visits_that_cannot_be_routed(db, day):
    dp = build_day_problem(db, DAY, zone_id=day.zone_id, role="service_head", now=NOW)
    problem = dp.problem
    visits = {v.id: v for v in problem.visits}
    assert set(visits) == {str(v) for v in (day.first, day.second, day.loose, day.nowhere, day.fixed, day.cool)}
    water, air = problem.technician(str(day.water)), problem.technician(str(day.air))
    assert (water.shift.start, water.shift.end) == (540, 1080)
    assert water.start == Place(*HERE) and water.skills == frozenset({"water_meter"})
    assert air.start.lat == pytest.approx(55.2) and air.start.lon == pytest.approx(61.4)  # no home: mid-zone
    assert str(day.zone_id) in air.zones
    loose = visits[str(day.loose)]
    assert loose.skills == frozenset({"water_meter"}) and loose.duration == 60
    assert (loose.window.start, loose.window.end) == (600, 720)  # wanted at 11:00, give or take an hour
    assert loose.pinned_technician is None and loose.pinned_start is None
    fixed = visits[str(day.fixed)]
    assert (fixed.pinned_technician, fixed.pinned_start) == (str(day.air), 840)
    assert dp.visits[str(day.fixed)].pinned == "en_route" and day.fixed in dp.snapshot.pinned
    assert [(d.visit_id, d.reason) for d in dp.not_routable] == [(str(day.nowhere), DropReason.NO_COORDINATES)]
    before = dp.before
    assert [s.visit_id for s in before.route_of(str(day.water)).stops] == [str(day.first), str(day.second)]
    assert before.totals.unassigned == 3 and before.totals.km > 0


def test_a_crew_member_is_busy_during_the_crew_visit_and_the_crew_visit_stays(db, day):
    with db.transaction() as session:
        helper = add_technician(session, "Сидоров Иван", skills=("water_meter",))
        session.add(Shift(technician_id=helper.id, zone_id=day.zone_id, starts_at=at(9), ends_at=at(18)))
        session.flush()
        set_visit_crew(session, day.first, [helper.id])
    dp = build_day_problem(db, DAY, role="service_head", now=NOW)
    visits = {v.id: v for v in dp.problem.visits}
    blocked = visits[f"{CREW_PREFIX}{day.first}:{helper.id}"]
    assert (blocked.pinned_technician, blocked.pinned_start) == (str(helper.id), 600)
    assert visits[str(day.first)].pinned_technician == str(day.water)


def test_the_optimised_plan_is_applied_in_full_and_what_is_stored_passes_the_checker(db, day):
    dp = build_day_problem(db, DAY, zone_id=day.zone_id, role="service_head", now=NOW)
    plan = solve_day(dp, time_limit=1)
    assert check_plan(dp, plan) == []
    assert plan.stop_of(str(day.loose))[0].technician_id == str(day.water)  # the only one with the skill
    assert plan.stop_of(str(day.cool))[0].technician_id == str(day.air)
    assert {d.visit_id for d in plan.dropped} == {str(day.nowhere)}

    result = apply_plan(db, DAY, plan, expected=dp.snapshot, role="service_head", problem=dp, now=NOW)

    assert result.ok, result.message
    _, stop = plan.stop_of(str(day.loose))
    assert visit_row(db, day.loose) == (day.water, dp.clock(stop.start), dp.clock(stop.end))
    assert visit_row(db, day.fixed) == (day.air, at(14), at(15, 30))
    assert visit_row(db, day.nowhere)[0] is None
    again = build_day_problem(db, DAY, zone_id=day.zone_id, role="service_head", now=NOW)
    assert again.before.totals.unassigned == 1
    assert check_plan(again, again.before) == []  # the stored day, replayed, keeps every rule


def test_a_visit_changed_meanwhile_refuses_the_whole_plan(db, day):
    dp = build_day_problem(db, DAY, zone_id=day.zone_id, role="service_head", now=NOW)
    plan = solve_day(dp, time_limit=1)
    with db.transaction() as session:  # another workstation moves a visit
        row = session.get(Visit, day.second)
        row.starts_at, row.ends_at = at(16), at(17)

    result = apply_plan(db, DAY, plan, expected=dp.snapshot, role="service_head", problem=dp, now=NOW)

    assert not result.ok and result.blocking_visit_id == day.second
    assert f"№{day.second_number}" in result.message and "nothing was written" in result.message
    assert visit_row(db, day.loose)[0] is None  # nothing of the plan was written
    assert visit_row(db, day.first)[1] == at(10)


def test_a_visit_booked_meanwhile_or_a_role_that_may_not_reschedule_writes_nothing(db, day):
    dp = build_day_problem(db, DAY, zone_id=day.zone_id, role="service_head", now=NOW)
    plan = solve_day(dp, time_limit=1)
    refused = apply_plan(db, DAY, plan, expected=dp.snapshot, role="technician", problem=dp, now=NOW)
    assert not refused.ok and "may reschedule" in refused.message
    with db.transaction() as session:
        order_id = session.get(Visit, day.first).order_id
        late = book_visit(session, BookingRequest(order_id, day.water, at(17), at(17, 30)))

    result = apply_plan(db, DAY, plan, expected=dp.snapshot, role="service_head", problem=dp, now=NOW)

    assert not result.ok and result.blocking_visit_id == late
    assert visit_row(db, day.loose)[0] is None


def test_a_reordering_is_retimed_and_one_that_breaks_a_window_is_refused(db, day):
    dp = build_day_problem(db, DAY, zone_id=day.zone_id, role="service_head", now=NOW)
    plan = solve_day(dp, time_limit=1)
    sequences = {r.technician_id: [s.visit_id for s in r.stops] for r in plan.routes}
    water = sequences[str(day.water)]
    assert water == [str(day.first), str(day.loose), str(day.second)]
    swapped = retime(dp, {**sequences, str(day.water): [str(day.second), str(day.loose), str(day.first)]}, plan)
    rules = {(v.rule, v.subject) for v in check_plan(dp, swapped)}
    assert ("window", str(day.first)) in rules  # 13:00's visit first pushes 10:00's one past its window
    result = apply_plan(db, DAY, swapped, expected=dp.snapshot, role="service_head", problem=dp, now=NOW)
    assert not result.ok and "breaks a rule" in result.message
    assert visit_row(db, day.second)[1] == at(13)
    same = retime(dp, sequences, plan)
    assert check_plan(dp, same) == []
    assert all(s.start == int(s.start) for r in same.routes for s in r.stops)  # whole minutes


def test_technicians_left_out_keep_their_visits_and_are_still_offered(db, day):
    dp = build_day_problem(db, DAY, zone_id=day.zone_id, technician_ids=[day.water], role="service_head", now=NOW)

    assert [t.id for t in dp.problem.technicians] == [str(day.water)]
    assert [c.technician_id for c in dp.candidates] == [day.air, day.water]  # by name: Козлов, Петров
    assert (dp.candidates[0].starts_at, dp.candidates[0].ends_at) == (at(9), at(18))
    assert str(day.fixed) not in dp.visits and day.fixed not in dp.snapshot.visits  # the air man's day is not read
    assert dp.snapshot.technician_ids == (day.water,)
    plan = solve_day(dp, time_limit=1)
    dropped = {d.visit_id: d.reason for d in plan.dropped}
    assert dropped[str(day.cool)] == DropReason.NO_SKILL  # unassigned, and nobody ticked can do it

    result = apply_plan(db, DAY, plan, expected=dp.snapshot, role="service_head", problem=dp, now=NOW)

    assert result.ok, result.message
    assert visit_row(db, day.fixed) == (day.air, at(14), at(15, 30))
    assert visit_row(db, day.cool) == (None, at(10), at(11, 30))
    assert visit_row(db, day.loose)[0] == day.water


def test_a_visit_moved_to_another_technician_or_off_every_route_is_retimed_checked_and_previewed(db, day):
    with db.transaction() as session:
        helper = _helper(session, day)
    dp = build_day_problem(db, DAY, zone_id=day.zone_id, role="service_head", now=NOW)
    assert [c.technician_id for c in dp.candidates] == [day.air, day.water, helper]
    plan = solve_day(dp, time_limit=1)
    sequences = {r.technician_id: [s.visit_id for s in r.stops] for r in plan.routes}
    loose = str(day.loose)
    owner = plan.stop_of(loose)[0].technician_id
    other = str(day.water) if owner == str(helper) else str(helper)
    moved = {tid: [v for v in seq if v != loose] for tid, seq in sequences.items()}
    moved[other] = sorted(moved[other] + [loose], key=lambda v: dp.visits[v].starts_at)

    across = retime(dp, moved, plan)

    assert check_plan(dp, across) == []
    assert across.stop_of(loose)[0].technician_id == other
    preview = planned_visits(dp, across)
    assert set(preview) == set(dp.snapshot.visits)  # every visit in scope, moved or not
    assert preview[day.loose][0] == dp.technicians[other].technician_id
    assert preview[day.fixed] == (day.air, at(14), at(15, 30))  # en route: stays
    assert preview[day.nowhere] == (None, at(15), at(16))  # no coordinates: stays unassigned
    assert planned_changes(dp, across).items() <= preview.items()

    wrong = retime(dp, {**moved, other: [v for v in moved[other] if v != loose],
                        str(day.air): moved[str(day.air)] + [loose]}, plan)
    assert ("skill", loose) in {(v.rule, v.subject) for v in check_plan(dp, wrong)}

    left = retime(dp, {**moved, other: [v for v in moved[other] if v != loose]}, plan)
    assert check_plan(dp, left) == []
    reasons = {d.visit_id: d for d in left.dropped}
    assert reasons[loose].detail == LEFT_UNASSIGNED
    assert reasons[str(day.nowhere)].reason == DropReason.NO_COORDINATES  # the solver's reason is kept
    assert left.totals.unassigned == plan.totals.unassigned + 1
    assert planned_visits(dp, left)[day.loose] == (None, at(11), at(12))
    result = apply_plan(db, DAY, left, expected=dp.snapshot, role="service_head", problem=dp, now=NOW)
    assert result.ok and day.loose not in result.written
    assert visit_row(db, day.loose) == (None, at(11), at(12))

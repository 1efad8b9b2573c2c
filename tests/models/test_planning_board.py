"""The planning board: what it reads, and moves checked before they are written (hand-worked cases)."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.catalog import Service
from models.clients import Site
from models.pipelines import Order
from models.planning_board import load_board
from models.planning_moves import (
    RESCHEDULE_ROLES,
    MoveRefused,
    StaleMove,
    check_move,
    check_move_on_board,
    move_visit,
    swap_visits,
)
from models.scheduling import (
    Absence,
    BookingConflict,
    BookingRequest,
    Shift,
    Technician,
    Visit,
    Zone,
    book_visit,
)
from routing.geo import haversine_km
from tests.factories import add_client, add_order, add_pipeline, add_technician

TZ = ZoneInfo("Asia/Yekaterinburg")  # the company's time zone in a fresh database (Chelyabinsk)
DAY = date(2026, 11, 24)  # a Tuesday, no public holiday
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
HERE = (55.16, 61.40)  # the factories' site
FAR = (55.25, 61.40)  # 10.01 km north


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@dataclass
class Plan:
    zone_id: int
    water: int  # technician with the water meter skill
    air: int  # technician with air conditioner skills only
    first: int  # water meter visit, water technician, 10:00–11:00 at HERE
    second: int  # water meter visit, water technician, 13:00–14:00 at FAR
    first_number: int
    second_number: int


def _plan(session) -> Plan:
    zone = Zone(name="Центр", polygon={"type": "Polygon", "coordinates": [
        [[61.3, 55.1], [61.5, 55.1], [61.5, 55.3], [61.3, 55.3], [61.3, 55.1]]]}, color="#4caf50")
    service = Service(code="wm_verify_t", name="Поверка", price=1200, duration_min=60, required_skill="water_meter")
    session.add_all([zone, service])
    session.flush()
    near = add_client(session, "Иванов Пётр Сергеевич", "+7 351 123 45 67", address="ул. Ленина, 5")
    far = add_client(session, "Сидорова Анна", "+7 351 765 43 21", address="ул. Северная, 1")
    session.get(Site, far.sites[0].id).lat = FAR[0]
    _, stages = add_pipeline(session)
    order_near, order_far = add_order(session, near, stages[0]), add_order(session, far, stages[0])
    water = add_technician(session, "Петров Сергей Иванович", skills=("water_meter",))
    air = add_technician(session, "Козлов Андрей", skills=("ac_service",))
    for tech in (water, air):
        session.add(Shift(technician_id=tech.id, zone_id=zone.id, starts_at=at(9), ends_at=at(18)))
    session.flush()
    session.execute(Zone.__table__.metadata.tables["technician_zones"].insert(),
                    [{"technician_id": water.id, "zone_id": zone.id}, {"technician_id": air.id, "zone_id": zone.id}])
    first = book_visit(session, BookingRequest(order_near.id, water.id, at(10), service_id=service.id))
    second = book_visit(session, BookingRequest(order_far.id, water.id, at(13), service_id=service.id))
    return Plan(zone.id, water.id, air.id, first, second, order_near.number, order_far.number)


@pytest.fixture
def plan(db) -> Plan:
    with db.transaction() as session:
        return _plan(session)


def drive(a, b) -> int:
    return math.ceil(haversine_km(*a, *b) * 1.35 / 30 * 60)


def test_board_groups_technicians_and_measures_the_drive_between_visits(db, plan):
    board = load_board(db, DAY, DAY)
    group = next(g for g in board.groups if g.zone_id == plan.zone_id)
    assert [t.short_name for t in group.technicians] == ["Козлов А.", "Петров С. И."]
    first, second = board.visit(plan.first), board.visit(plan.second)
    assert (first.starts_at, first.ends_at) == (at(10), at(11))
    assert first.client_name == "Иванов П. С." and first.address == "ул. Ленина, 5"
    gap = next(g for g in board.travel if g.from_visit_id == plan.first)
    assert (gap.to_visit_id, gap.available_min, gap.needed_min) == (plan.second, 120, drive(HERE, FAR))
    assert drive(HERE, FAR) == 28  # 10.01 km × 1.35 at 30 km/h = 27.02 min, rounded up
    assert second.service_name == "Поверка" and second.required_skill == "water_meter"
    assert board.idle_reason(plan.air, DAY) is None
    assert board.idle_reason(plan.air, DAY + timedelta(days=1)) == "no_shift"


def test_unassigned_visits_go_to_the_tray_and_an_absent_technician_says_why(db, plan):
    with db.transaction() as session:
        order_id = session.get(Visit, plan.first).order_id
        loose = book_visit(session, BookingRequest(order_id, None, at(15), at(16)))
        session.add(Absence(technician_id=plan.air, starts_on=DAY, ends_on=DAY, reason="sick_leave"))
    board = load_board(db, DAY, DAY, zone_id=plan.zone_id)
    assert [v.id for v in board.unassigned] == [loose]
    assert loose not in [v.id for v in board.visits]
    assert board.idle_reason(plan.air, DAY) == "absent"
    check = check_move_on_board(board, board.visit(loose), technician_id=plan.air, starts_at=at(15), ends_at=at(16),
                                role="service_head", now=NOW)
    assert "absent" in check.reasons


def test_a_move_into_a_taken_slot_names_the_visit_holding_it(db, plan):
    with pytest.raises(MoveRefused) as info:
        move_visit(db, plan.second, technician_id=plan.water, starts_at=at(10, 30), ends_at=at(11, 30),
                   role="service_head", now=NOW)
    problem = info.value.check.problems[0]
    assert problem.code == "conflict" and problem.params["visit_id"] == plan.first
    assert f"Conflicts with visit №{plan.first_number} 10:00–11:00" in str(info.value)


def test_outside_the_shift_is_refused_with_the_shift_hours(db, plan):
    check = check_move(db, plan.second, technician_id=plan.water, starts_at=at(17, 30), ends_at=at(18, 30),
                       role="service_head", now=NOW)
    assert check.reasons == ["outside_shift"]
    assert "Outside shift 09:00–18:00" in check.message
    assert check_move(db, plan.second, technician_id=plan.water, starts_at=at(17), ends_at=at(18),
                      role="service_head", now=NOW).ok


def test_a_technician_without_the_skill_is_refused(db, plan):
    check = check_move(db, plan.second, technician_id=plan.air, starts_at=at(13), ends_at=at(14),
                       role="service_head", now=NOW)
    assert check.reasons == ["missing_skill"]
    assert check.problems[0].params == {"skill": "water_meter"}


def test_too_little_time_to_drive_from_the_previous_visit(db, plan):
    check = check_move(db, plan.second, technician_id=plan.water, starts_at=at(11, 10), ends_at=at(12, 10),
                       role="service_head", now=NOW)
    assert check.reasons == ["travel_too_short"]
    assert f"Only 10 min to drive from the previous visit, needs {drive(HERE, FAR)}" in check.message
    # and to the next one: the far visit placed just before the near one
    check = check_move(db, plan.second, technician_id=plan.water, starts_at=at(8, 50), ends_at=at(9, 50),
                       role="service_head", now=NOW)
    assert "outside_shift" in check.reasons and "travel_too_short" in check.reasons
    assert check_move(db, plan.second, technician_id=plan.water, starts_at=at(11, 30), ends_at=at(12, 30),
                      role="service_head", now=NOW).ok


def test_only_roles_with_the_right_may_reschedule(db, plan):
    assert set(RESCHEDULE_ROLES) == {"service_head", "admin", "dispatcher"}
    with pytest.raises(MoveRefused, match="Only the service head"):
        move_visit(db, plan.second, technician_id=plan.water, starts_at=at(15), ends_at=at(16), role="manager",
                   now=NOW)
    with db.transaction() as session:
        session.get(Visit, plan.second).status = "on_site"
    refused = check_move(db, plan.second, technician_id=plan.water, starts_at=at(15), ends_at=at(16),
                         role="dispatcher", now=NOW)
    assert refused.reasons == ["not_allowed"] and "already started" in refused.message
    moved = move_visit(db, plan.second, technician_id=plan.water, starts_at=at(15), ends_at=at(16),
                       role="service_head", now=NOW)
    assert (moved.starts_at, moved.ends_at) == (at(15), at(16))


def test_a_move_of_a_visit_someone_else_moved_meanwhile_is_refused(db, plan):
    loaded = (plan.water, at(13), at(14))
    move_visit(db, plan.second, technician_id=plan.water, starts_at=at(15), ends_at=at(16), role="service_head",
               expected=loaded, now=NOW)
    with pytest.raises(StaleMove, match="changed by someone else"):
        move_visit(db, plan.second, technician_id=plan.water, starts_at=at(16), ends_at=at(17), role="service_head",
                   expected=loaded, now=NOW)
    with db.session() as session:
        assert session.get(Visit, plan.second).starts_at == at(15)


def test_assign_from_the_tray_and_resize(db, plan):
    with db.transaction() as session:
        order_id = session.get(Visit, plan.first).order_id
        loose = book_visit(session, BookingRequest(order_id, None, at(15), at(16)))
    block = move_visit(db, loose, technician_id=plan.air, starts_at=at(15), ends_at=at(16), role="dispatcher",
                       expected=(None, at(15), at(16)), now=NOW)
    assert block.technician_id == plan.air
    block = move_visit(db, loose, technician_id=plan.air, starts_at=at(15), ends_at=at(16, 45), role="dispatcher",
                       expected=(plan.air, at(15), at(16)), now=NOW)
    assert block.minutes == 105
    assert loose not in [v.id for v in load_board(db, DAY, DAY).unassigned]


def test_swap_two_visits_of_different_technicians(db, plan):
    with db.transaction() as session:
        order_id = session.get(Visit, plan.first).order_id
        session.get(Technician, plan.air).skills = ["ac_service", "water_meter"]
        other = book_visit(session, BookingRequest(order_id, plan.air, at(15), at(16, 30)))
    a, b = swap_visits(db, plan.first, other, role="service_head", now=NOW)
    assert (a.technician_id, a.starts_at, a.ends_at) == (plan.air, at(15), at(16))  # keeps its own hour
    assert (b.technician_id, b.starts_at, b.ends_at) == (plan.water, at(10), at(11, 30))


def test_swap_within_one_row_swaps_the_order(db, plan):
    a, b = swap_visits(db, plan.first, plan.second, role="service_head", now=NOW)
    assert (b.starts_at, b.ends_at, a.starts_at, a.ends_at) == (at(10), at(11), at(13), at(14))


def test_a_swap_breaking_a_rule_changes_nothing(db, plan):
    with db.transaction() as session:
        order_id = session.get(Visit, plan.first).order_id
        other = book_visit(session, BookingRequest(order_id, plan.air, at(15), at(16)))
    with pytest.raises(MoveRefused, match="Missing skill"):
        swap_visits(db, plan.first, other, role="service_head", now=NOW)
    with db.session() as session:
        assert session.get(Visit, plan.first).technician_id == plan.water


def test_two_concurrent_moves_to_one_slot_exactly_one_wins(fresh_database):
    with fresh_database.transaction() as session:
        plan = _plan(session)
        order_id = session.get(Visit, plan.first).order_id
        third = book_visit(session, BookingRequest(order_id, plan.water, at(16), at(17)))
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def attempt(visit_id: int, starts: datetime):
        barrier.wait()
        try:
            move_visit(fresh_database, visit_id, technician_id=plan.water, starts_at=at(11, 30), ends_at=at(12, 30),
                       role="service_head", expected=(plan.water, starts, starts + timedelta(hours=1)), now=NOW)
            outcomes[visit_id] = "moved"
        except (BookingConflict, MoveRefused) as exc:
            outcomes[visit_id] = str(exc)

    threads = [threading.Thread(target=attempt, args=(plan.second, at(13))),
               threading.Thread(target=attempt, args=(third, at(16)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o == "moved" for o in outcomes.values()) == [False, True]
    winner = next(v for v, o in outcomes.items() if o == "moved")
    loser_message = next(o for o in outcomes.values() if o != "moved")
    with fresh_database.session() as session:
        assert session.get(Visit, winner).starts_at == at(11, 30)
        number = session.get(Order, session.get(Visit, winner).order_id).number
    assert f"#{number} (visit {winner})" in loser_message or f"Conflicts with visit №{number} " in loser_message

"""Maintenance plans: month arithmetic, usage estimates, exactly-once generation (also concurrent), re-planning
after a visit moves, overdue maintenance and "maintenance due" reminders."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from models.database import Database
from models.equipment import Equipment
from models.maintenance import MaintenanceOccurrence, MaintenancePlan
from models.maintenance_due import due_reminders, equipment_maintenance, overdue_maintenance, run_maintenance
from models.maintenance_plans import (
    PlanRefused,
    add_months,
    add_plan,
    book,
    deactivate_plan,
    generate,
    replan,
    visit_changed,
)
from models.scheduling import Visit
from models.timeline import TimelineEntry
from tests.factories import add_client, add_equipment, add_order, add_pipeline


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, tzinfo=UTC)  # 12:00 in the company's zone (UTC+5)


@pytest.fixture
def unit(db: Database) -> dict:
    """A client with an air conditioner and an engine-hours tractor, and a repair pipeline to book orders on."""
    with db.transaction() as session:
        client = add_client(session, "Иванов Пётр", "+79120000001", address="ул. Ленина, д. 5")
        ac = add_equipment(session, client, serial="MP-AC-1")
        tractor = add_equipment(session, client, serial="MP-TR-1", kind="Трактор", model="Беларус 82.1",
                                usage_unit="engine_hours")
        _, stages = add_pipeline(session, "maint_test")
        order = add_order(session, client, stages[0], "ТО кондиционера")
        other = add_client(session, "Петров Иван", "+79120000002")
        foreign = add_order(session, other, stages[0], "Чужой заказ")
        return dict(client=client.id, ac=ac.id, tractor=tractor.id, order=order.id, foreign=foreign.id)


def occurrences(db: Database, plan_id: int) -> list[tuple[int, date, str]]:
    with db.session() as session:
        return [tuple(r) for r in session.execute(
            select(MaintenanceOccurrence.seq, MaintenanceOccurrence.due_on, MaintenanceOccurrence.status)
            .where(MaintenanceOccurrence.plan_id == plan_id).order_by(MaintenanceOccurrence.seq))]


def add_visit(db: Database, order_id: int, day: date, status: str = "planned") -> int:
    with db.transaction() as session:
        visit = Visit(order_id=order_id, starts_at=noon(day), ends_at=noon(day) + timedelta(hours=2), status=status)
        session.add(visit)
        session.flush()
        return visit.id


def add_readings(db: Database, equipment_id: int, *readings: tuple[date, int]) -> None:
    with db.transaction() as session:
        for day, value in readings:
            session.execute(text("INSERT INTO usage_readings (equipment_id, read_at, value) VALUES (:e, :at, :v)"),
                            {"e": equipment_id, "at": noon(day), "v": value})


# --- month arithmetic -------------------------------------------------------------------------------------------

def test_add_months_clamps_to_the_month_end_without_drifting():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 2) == date(2025, 3, 31)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


def test_a_plan_anchored_on_31_january_is_due_on_each_month_end(db, unit):
    plan = add_plan(db, unit["ac"], every_months=1, starts_on=date(2024, 1, 31))
    report = generate(db, date(2024, 6, 30), today=date(2024, 1, 1))
    assert report.created == 5
    assert [o[1] for o in occurrences(db, plan.id)] == [
        date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31), date(2024, 6, 30)]
    assert [o[0] for o in occurrences(db, plan.id)] == [1, 2, 3, 4, 5]


def test_generation_is_exactly_once_and_continues_the_sequence(db, unit):
    plan = add_plan(db, unit["ac"], every_months=6, starts_on=date(2025, 3, 15))
    assert generate(db, date(2026, 3, 31), today=date(2025, 3, 15)).created == 2
    assert generate(db, date(2026, 3, 31), today=date(2025, 3, 15)).created == 0
    assert generate(db, date(2027, 3, 31), today=date(2025, 3, 15)).created == 2
    assert [o[:2] for o in occurrences(db, plan.id)] == [
        (1, date(2025, 9, 15)), (2, date(2026, 3, 15)), (3, date(2026, 9, 15)), (4, date(2027, 3, 15))]


def test_an_old_plan_starts_at_its_next_due_date_with_the_sequence_kept(db, unit):
    plan = add_plan(db, unit["ac"], every_months=6, starts_on=date(2020, 1, 15))
    generate(db, date(2025, 12, 31), today=date(2025, 3, 1))
    assert [o[:2] for o in occurrences(db, plan.id)] == [(11, date(2025, 7, 15))]


def test_plan_ids_limit_the_run(db, unit):
    first = add_plan(db, unit["ac"], every_months=3, starts_on=date(2025, 1, 1))
    second = add_plan(db, unit["ac"], every_months=12, starts_on=date(2025, 1, 1))
    report = generate(db, date(2026, 1, 31), plan_ids=[second.id], today=date(2025, 1, 1))
    assert (report.plans, report.created) == (1, 1)
    assert occurrences(db, first.id) == []


# --- usage ------------------------------------------------------------------------------------------------------

def test_usage_plan_is_dated_from_the_units_usage_rate(db, unit):
    # 100 h on 1 Jan, 400 h on 2 Mar: 300 h in 60 days = 5 h a day.
    add_readings(db, unit["tractor"], (date(2025, 1, 1), 100), (date(2025, 3, 2), 400))
    plan = add_plan(db, unit["tractor"], every_usage=250, starts_on=date(2025, 3, 2))
    report = generate(db, date(2025, 6, 30), today=date(2025, 3, 2))
    assert report.needs_readings == ()
    with db.session() as session:
        rows = session.execute(select(MaintenanceOccurrence.due_on, MaintenanceOccurrence.due_usage)
                               .where(MaintenanceOccurrence.plan_id == plan.id)
                               .order_by(MaintenanceOccurrence.seq)).all()
    # 650 h after 250 more hours = 50 days; 900 h after 100 days; 1150 h (150 days, 30 Jul) is past the horizon.
    assert [tuple(r) for r in rows] == [(date(2025, 4, 21), Decimal("650.0")), (date(2025, 6, 10), Decimal("900.0"))]


def test_usage_plan_without_readings_is_flagged_and_a_dual_plan_falls_back_to_months(db, unit):
    usage_only = add_plan(db, unit["tractor"], every_usage=250, starts_on=date(2025, 1, 1))
    dual = add_plan(db, unit["tractor"], every_months=6, every_usage=500, starts_on=date(2025, 1, 1))
    report = generate(db, date(2025, 12, 31), today=date(2025, 1, 1))
    assert report.needs_readings == (usage_only.id,)
    assert occurrences(db, usage_only.id) == []
    assert [o[1] for o in occurrences(db, dual.id)] == [date(2025, 7, 1)]
    view = equipment_maintenance(db, unit["tractor"], today=date(2025, 1, 1))
    assert {p.id: p.needs_readings for p in view.plans} == {usage_only.id: True, dual.id: False}


def test_a_dual_plan_is_due_at_whichever_comes_first(db, unit):
    add_readings(db, unit["tractor"], (date(2025, 1, 1), 0), (date(2025, 1, 11), 100))  # 10 h a day
    plan = add_plan(db, unit["tractor"], every_months=6, every_usage=1000, starts_on=date(2025, 1, 11))
    generate(db, date(2025, 12, 31), today=date(2025, 1, 11))
    # 1100 h on 21 Apr (before 11 Jul); 2100 h on 30 Jul (before 11 Jan): whichever comes first, each time
    assert [o[1] for o in occurrences(db, plan.id)][:2] == [date(2025, 4, 21), date(2025, 7, 30)]


# --- concurrency ------------------------------------------------------------------------------------------------

def test_two_concurrent_runs_create_each_occurrence_exactly_once(fresh_database):
    db = fresh_database
    with db.transaction() as session:
        client = add_client(session, "ООО «Холод»", "+79120000003")
        session.execute(text(
            "INSERT INTO equipment (client_id, kind, model, serial) "
            "SELECT :c, 'Кондиционер', 'FTXB35C', 'CC-' || g FROM generate_series(1, 400) g"), {"c": client.id})
        session.execute(text(
            "INSERT INTO maintenance_plans (equipment_id, every_months, starts_on) "
            "SELECT id, 1 + id % 4, DATE '2025-01-31' - (id % 20) FROM equipment"))
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def run() -> None:
        try:
            barrier.wait()
            reports.append(generate(db, date(2026, 1, 31), today=date(2025, 1, 1), chunk=37))  # chunks interleave
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with db.session() as session:
        total, distinct = session.execute(text(
            "SELECT count(*), count(DISTINCT (plan_id, seq)) FROM maintenance_occurrences")).one()
    assert total == distinct > 400
    assert sum(r.created for r in reports) == total and [r.plans for r in reports] == [400, 400]
    assert generate(db, date(2026, 1, 31), today=date(2025, 1, 1)).created == 0


# --- booking and re-planning ------------------------------------------------------------------------------------

def test_a_moved_visit_replans_the_following_occurrences(db, unit):
    plan = add_plan(db, unit["ac"], every_months=3, starts_on=date(2025, 1, 10))
    generate(db, date(2025, 12, 31), today=date(2025, 1, 1))
    first_id = _occurrence_id(db, plan.id, 1)
    visit = add_visit(db, unit["order"], date(2025, 4, 20))
    booked = book(db, first_id, visit_id=visit)
    assert (booked.status, booked.order_id, booked.due_on) == ("booked", unit["order"], date(2025, 4, 20))
    assert occurrences(db, plan.id) == [(1, date(2025, 4, 20), "booked"), (2, date(2025, 7, 20), "planned"),
                                        (3, date(2025, 10, 20), "planned")]
    with db.transaction() as session:  # the dispatcher drags the visit to 5 May
        moved = session.get(Visit, visit)
        moved.starts_at, moved.ends_at = noon(date(2025, 5, 5)), noon(date(2025, 5, 5)) + timedelta(hours=2)
    assert visit_changed(db, visit) == 1
    assert [o[1] for o in occurrences(db, plan.id)] == [date(2025, 5, 5), date(2025, 8, 5), date(2025, 11, 5)]
    with db.transaction() as session:
        session.get(Visit, visit).status = "done"
    assert replan(db, first_id).plan_id == plan.id
    assert occurrences(db, plan.id)[0] == (1, date(2025, 5, 5), "done")
    generate(db, date(2026, 3, 1), today=date(2025, 1, 1))
    assert occurrences(db, plan.id)[-1] == (4, date(2026, 2, 5), "planned")


def test_a_cancelled_visit_puts_the_occurrence_back_on_the_plan(db, unit):
    plan = add_plan(db, unit["ac"], every_months=3, starts_on=date(2025, 1, 10))
    generate(db, date(2025, 9, 30), today=date(2025, 1, 1))
    visit = add_visit(db, unit["order"], date(2025, 4, 25))
    book(db, _occurrence_id(db, plan.id, 1), visit_id=visit)
    assert book(db, _occurrence_id(db, plan.id, 1), visit_id=visit).status == "booked"  # same link again: no-op
    with db.transaction() as session:
        session.get(Visit, visit).status = "cancelled"
    visit_changed(db, visit)
    assert occurrences(db, plan.id) == [(1, date(2025, 4, 10), "planned"), (2, date(2025, 7, 10), "planned")]


def test_booking_refuses_mismatched_or_closed_links(db, unit):
    plan = add_plan(db, unit["ac"], every_months=3, starts_on=date(2025, 1, 10))
    generate(db, date(2025, 9, 30), today=date(2025, 1, 1))
    first = _occurrence_id(db, plan.id, 1)
    with pytest.raises(PlanRefused, match="another client"):
        book(db, first, order_id=unit["foreign"])
    with pytest.raises(PlanRefused, match="order or the visit"):
        book(db, first)
    visit = add_visit(db, unit["order"], date(2025, 4, 12), status="done")
    assert book(db, first, visit_id=visit).status == "done"
    with pytest.raises(PlanRefused, match="already done"):
        book(db, first, order_id=unit["order"])


# --- overdue and reminders --------------------------------------------------------------------------------------

def test_overdue_lists_late_unbooked_maintenance_with_days_late(db, unit):
    late = add_plan(db, unit["ac"], every_months=1, starts_on=date(2025, 1, 1))
    generate(db, date(2025, 3, 31), today=date(2025, 1, 1))  # due 1 Feb, 1 Mar, 1 Apr... up to 31 Mar
    book(db, _occurrence_id(db, late.id, 2), order_id=unit["order"])  # 1 Mar booked: supersedes 1 Feb
    rows = [r for r in overdue_maintenance(db, date(2025, 3, 10)) if r.plan_id == late.id]
    assert rows == []
    generate(db, date(2025, 5, 31), today=date(2025, 1, 1))
    rows = [r for r in overdue_maintenance(db, date(2025, 5, 11)) if r.plan_id == late.id]
    assert [(r.due_on, r.days_late, r.client, r.plan) for r in rows] == [
        (date(2025, 4, 1), 40, "Иванов Пётр", "every 1 month"), (date(2025, 5, 1), 10, "Иванов Пётр", "every 1 month")]
    assert "MP-AC-1" in rows[0].unit


def test_reminders_are_written_to_the_client_timeline_once(db, unit):
    plan = add_plan(db, unit["ac"], every_months=2, starts_on=date(2025, 1, 5))
    generate(db, date(2025, 12, 31), today=date(2025, 1, 1))
    assert due_reminders(db, date(2025, 2, 1)) == []  # 5 Mar is more than 14 days ahead
    sent = due_reminders(db, date(2025, 2, 20))
    assert [(r.client_id, r.due_on) for r in sent] == [(unit["client"], date(2025, 3, 5))]
    assert due_reminders(db, date(2025, 2, 21)) == []
    with db.session() as session:
        note = session.get(TimelineEntry, sent[0].timeline_entry_id)
        assert (note.kind, note.client_id) == ("note", unit["client"])
        assert note.text.startswith("Maintenance due 05.03.2025") and "MP-AC-1" in note.text
        assert note.payload["plan_id"] == plan.id


def test_the_service_duty_generates_a_year_ahead_and_reminds(db, unit):
    today = date.today()
    add_plan(db, unit["ac"], every_months=1, starts_on=today - timedelta(days=20))
    report = run_maintenance(db, today)
    assert report.generated.created >= 12
    assert [r.due_on for r in report.reminders] == [add_months(today - timedelta(days=20), 1)]
    assert run_maintenance(db, today).generated.created == 0
    assert any("reminder" in line for line in report.lines)


# --- plans ------------------------------------------------------------------------------------------------------

def test_bad_plans_are_refused_with_a_reason(db, unit):
    with pytest.raises(PlanRefused, match="interval"):
        add_plan(db, unit["ac"], starts_on=date(2025, 1, 1))
    with pytest.raises(PlanRefused, match="1 to 120"):
        add_plan(db, unit["ac"], every_months=0, starts_on=date(2025, 1, 1))
    with pytest.raises(PlanRefused, match="no usage unit"):
        add_plan(db, unit["ac"], every_usage=250, starts_on=date(2025, 1, 1))
    with pytest.raises(PlanRefused, match="positive"):
        add_plan(db, unit["tractor"], every_usage=-5, starts_on=date(2025, 1, 1))
    with pytest.raises(PlanRefused, match="not a number"):
        add_plan(db, unit["tractor"], every_usage="много", starts_on=date(2025, 1, 1))
    with pytest.raises(PlanRefused, match="out of range"):
        add_plan(db, unit["ac"], every_months=6, starts_on=date.today() + timedelta(days=3 * 366))
    with pytest.raises(PlanRefused, match="does not exist"):
        add_plan(db, 987654321, every_months=6, starts_on=date(2025, 1, 1))


def test_adding_the_same_plan_twice_keeps_one_and_deactivation_skips_planned(db, unit):
    first = add_plan(db, unit["ac"], every_months=6, starts_on=date(2025, 1, 1), contract=" ДС-12 ")
    again = add_plan(db, unit["ac"], every_months=6, starts_on=date(2025, 1, 1), contract="ДС-12")
    assert again.id == first.id and again.contract == "ДС-12"
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(MaintenancePlan)
                               .where(MaintenancePlan.equipment_id == unit["ac"])).scalar_one() == 1
    generate(db, date(2025, 12, 31), today=date(2025, 1, 1))
    ended = deactivate_plan(db, first.id)
    assert not ended.active
    assert {o[2] for o in occurrences(db, first.id)} == {"skipped"}
    assert generate(db, date(2027, 12, 31), today=date(2025, 1, 1)).created == 0
    with db.session() as session:
        assert session.get(Equipment, unit["ac"]) is not None


def _occurrence_id(db: Database, plan_id: int, seq: int) -> int:
    with db.session() as session:
        return session.execute(select(MaintenanceOccurrence.id).where(
            MaintenanceOccurrence.plan_id == plan_id, MaintenanceOccurrence.seq == seq)).scalar_one()

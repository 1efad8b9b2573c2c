"""Callback SLA: one reminder before the deadline, one escalation to a supervisor after it, never twice."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text

from models.callbacks import (
    ESCALATION_KIND,
    REMINDER_KIND,
    EscalationReport,
    escalate_overdue_callbacks,
    escalation_history,
)
from models.calls import record_call
from models.company import User
from models.pipelines import Task
from models.timeline import TimelineEntry
from telephony.events import CallUpdate
from tests.factories import add_client

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
DUE = T0 + timedelta(minutes=15)  # the default SLA after the call ended at T0


def add_user(db, login: str, role: str, extension: str | None = None, *, active: bool = True) -> int:
    with db.transaction() as s:
        user = User(login=login, full_name=login.replace("_", " ").title(), role=role, extension=extension,
                    active=active)
        s.add(user)
        s.flush()
        return user.id


def missed_call(db, seq: int, *, caller: str = "+7 (351) 123-45-67", ext: str = "201", ended: datetime = T0) -> int:
    """A missed call stored by the bridge; returns its callback task."""
    stored = record_call(db, CallUpdate(
        pbx_call_id=f"1709283600.{seq}", direction="inbound", caller=caller, called="73512200000",
        extensions_rung=(ext,), status="missed", started_at=ended - timedelta(seconds=20), ended_at=ended))
    assert stored.callback_task_id is not None
    return stored.callback_task_id


def task(db, task_id: int) -> Task:
    with db.session() as s:
        found = s.get(Task, task_id)
        s.expunge_all()
        return found


def markers(db) -> list[tuple[str, str]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(
            select(Task.kind, Task.origin_rule).where(Task.kind.in_((ESCALATION_KIND, REMINDER_KIND)))
            .order_by(Task.id))]


def timeline(db, client_id: int) -> list[str]:
    with db.session() as s:
        return list(s.execute(select(TimelineEntry.text).where(TimelineEntry.client_id == client_id,
                                                               TimelineEntry.kind == "task")
                              .order_by(TimelineEntry.id)).scalars())


def test_an_overdue_callback_goes_to_the_least_busy_supervisor_once(db):
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+73511234567")
    anna = add_user(db, "anna_ivanova", "dispatcher", "201")
    add_user(db, "goncharov_viktor", "service_head", "220")
    manager = add_user(db, "belov_artem", "manager", "210")
    for seq in (90, 91):  # the service head already owes two callbacks of his own
        missed_call(db, seq, caller="+79221112233", ext="220", ended=T0 + timedelta(hours=1))
    callback = missed_call(db, 1)
    assert task(db, callback).assignee_id == anna

    report = escalate_overdue_callbacks(db, DUE + timedelta(minutes=12, seconds=30))

    (escalation,) = report.escalated
    assert (escalation.task_id, escalation.supervisor_id, escalation.previous_assignee_id) == (callback, manager,
                                                                                                anna)
    assert escalation.describe() == f"callback task {callback} for +7 351 123-45-67 overdue 12 min: " \
                                    "escalated to Belov Artem"
    assert task(db, callback).assignee_id == manager and task(db, callback).status == "open"
    assert timeline(db, client.id) == ["Callback overdue by 12 min — escalated to Belov Artem"]
    assert escalate_overdue_callbacks(db, DUE + timedelta(minutes=40)) == EscalationReport()
    assert markers(db) == [(ESCALATION_KIND, f"escalation:{callback}")]
    assert timeline(db, client.id) == ["Callback overdue by 12 min — escalated to Belov Artem"]


def test_the_assignee_is_reminded_once_before_the_deadline_then_the_task_is_escalated(db):
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+73511234567")
    add_user(db, "anna_ivanova", "dispatcher", "201")
    head = add_user(db, "goncharov_viktor", "service_head")
    callback = missed_call(db, 1)

    assert escalate_overdue_callbacks(db, DUE - timedelta(minutes=6)) == EscalationReport()
    first = escalate_overdue_callbacks(db, DUE - timedelta(minutes=4))
    assert [(r.task_id, r.due_in_minutes, r.assignee_name) for r in first.reminded] == [(callback, 4, "Anna Ivanova")]
    assert first.escalated == ()
    assert escalate_overdue_callbacks(db, DUE - timedelta(minutes=1)) == EscalationReport()
    late = escalate_overdue_callbacks(db, DUE + timedelta(seconds=30))
    assert [(e.task_id, e.overdue_minutes, e.supervisor_id) for e in late.escalated] == [(callback, 0, head)]
    assert [kind for kind, _, _ in escalation_history(db, callback)] == [REMINDER_KIND, ESCALATION_KIND]
    assert timeline(db, client.id) == ["Callback due in 4 min — reminder to Anna Ivanova",
                                       "Callback overdue by 0 min — escalated to Goncharov Viktor"]


def test_a_task_first_seen_past_its_deadline_is_escalated_without_a_reminder(db):
    add_user(db, "goncharov_viktor", "service_head")
    callback = missed_call(db, 1)
    report = escalate_overdue_callbacks(db, DUE + timedelta(hours=3))
    assert report.reminded == () and [e.overdue_minutes for e in report.escalated] == [180]
    assert [kind for kind, _, _ in escalation_history(db, callback)] == [ESCALATION_KIND]


def test_callbacks_done_or_cancelled_in_time_are_left_alone(db):
    add_user(db, "goncharov_viktor", "service_head")
    done = missed_call(db, 1)
    with db.transaction() as s:
        s.get(Task, done).status = "done"
    missed_call(db, 2)
    answered_after_all = CallUpdate("1709283600.2", "inbound", "+73511234567", "73512200000", ("201",),
                                    answered_by="201", status="ended", started_at=T0 - timedelta(seconds=20),
                                    answered_at=T0 - timedelta(seconds=10), ended_at=T0)
    record_call(db, answered_after_all)
    assert escalate_overdue_callbacks(db, DUE + timedelta(hours=1)) == EscalationReport()
    assert markers(db) == []


def test_nobody_is_handed_their_own_lapse_and_inactive_supervisors_are_skipped(db):
    head = add_user(db, "goncharov_viktor", "service_head", "220")
    add_user(db, "retired_boss", "manager", active=False)
    own = missed_call(db, 1, ext="220")
    report = escalate_overdue_callbacks(db, DUE + timedelta(minutes=5))
    assert report.escalated == () and report.without_supervisor == (own,)
    assert task(db, own).assignee_id == head and markers(db) == []

    manager = add_user(db, "belov_artem", "manager")
    report = escalate_overdue_callbacks(db, DUE + timedelta(minutes=6))
    assert [(e.task_id, e.supervisor_id) for e in report.escalated] == [(own, manager)]


def test_escalations_of_one_run_are_spread_across_supervisors(db):
    add_user(db, "anna_ivanova", "dispatcher", "201")
    manager = add_user(db, "belov_artem", "manager")
    head = add_user(db, "goncharov_viktor", "service_head")
    tasks = [missed_call(db, seq, ended=T0 + timedelta(seconds=seq)) for seq in range(1, 5)]
    report = escalate_overdue_callbacks(db, DUE + timedelta(minutes=30))
    assert [(e.task_id, e.supervisor_id) for e in report.escalated] == [
        (tasks[0], head), (tasks[1], manager), (tasks[2], head), (tasks[3], manager)]


def test_a_configured_supervisor_takes_every_escalation(db):
    add_user(db, "goncharov_viktor", "service_head")
    deputy = add_user(db, "deputy", "dispatcher")
    first, second = missed_call(db, 1), missed_call(db, 2)
    report = escalate_overdue_callbacks(db, DUE + timedelta(minutes=1), supervisor_id=deputy)
    assert [(e.task_id, e.supervisor_id) for e in report.escalated] == [(first, deputy), (second, deputy)]


def test_a_callback_from_an_unknown_number_is_escalated_with_the_number_in_its_marker(db):
    add_user(db, "goncharov_viktor", "service_head")
    callback = missed_call(db, 1, caller="89221112233")
    (escalation,) = escalate_overdue_callbacks(db, DUE + timedelta(minutes=20)).escalated
    assert (escalation.client_id, escalation.number) == (None, "+7 922 111-22-33")
    with db.session() as s:
        title = s.execute(select(Task.title).where(Task.kind == ESCALATION_KIND)).scalar_one()
        assert s.execute(select(func.count()).select_from(TimelineEntry)
                         .where(TimelineEntry.kind == "task")).scalar_one() == 0
    assert title.startswith("Callback overdue by 20 min — escalated to Goncharov Viktor: Call back +7 922 111-22-33")
    assert task(db, callback).status == "open"


def test_a_callback_task_without_its_call_is_named_by_its_title(db):
    add_user(db, "goncharov_viktor", "service_head")
    with db.transaction() as s:
        orphan = Task(title="Перезвонить: Лебедев Николай", kind="callback", due_at=DUE, status="open")
        s.add(orphan)
        s.flush()
    (escalation,) = escalate_overdue_callbacks(db, DUE + timedelta(minutes=2)).escalated
    assert escalation.describe() == f"callback task {orphan.id} for «Перезвонить: Лебедев Николай» overdue 2 min: " \
                                    "escalated to Goncharov Viktor"


def run_two_instances_at_once(db, now: datetime) -> list[EscalationReport]:
    """Two escalation runs released together, as two service instances on one timer tick."""
    start = threading.Barrier(2)
    reports: list[EscalationReport] = []

    def instance() -> None:
        start.wait()
        reports.append(escalate_overdue_callbacks(db, now))

    threads = [threading.Thread(target=instance) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reports) == 2
    return reports


def test_two_service_instances_running_at_once_escalate_each_task_once(fresh_database):
    db = fresh_database
    add_user(db, "goncharov_viktor", "service_head")
    add_user(db, "belov_artem", "manager")
    seq = 0
    for round_ in range(6):
        tasks = []
        for _ in range(15):
            seq += 1
            tasks.append(missed_call(db, seq, ended=T0 + timedelta(hours=round_)))
        reports = run_two_instances_at_once(db, T0 + timedelta(hours=round_, minutes=20))
        assert sorted(e.task_id for r in reports for e in r.escalated) == sorted(tasks)
    with db.session() as s:
        per_task = s.execute(select(Task.origin_rule, func.count()).where(Task.kind == ESCALATION_KIND)
                             .group_by(Task.origin_rule).having(func.count() > 1)).all()
        total = s.execute(select(func.count()).where(Task.kind == ESCALATION_KIND)).scalar_one()
    assert per_task == [] and total == seq


def test_a_task_locked_by_another_instance_is_skipped_not_waited_for(fresh_database):
    db = fresh_database
    add_user(db, "goncharov_viktor", "service_head")
    busy, free = missed_call(db, 1), missed_call(db, 2)
    with db.engine.connect() as other:
        holding = other.begin()
        other.execute(text("SELECT id FROM tasks WHERE id = :id FOR UPDATE"), {"id": busy})
        outcome: list[EscalationReport] = []
        worker = threading.Thread(target=lambda: outcome.append(escalate_overdue_callbacks(db, DUE + timedelta(1))))
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), "the run waited for a row another instance holds"
        holding.rollback()
    assert [e.task_id for e in outcome[0].escalated] == [free]
    assert [e.task_id for e in escalate_overdue_callbacks(db, DUE + timedelta(1)).escalated] == [busy]

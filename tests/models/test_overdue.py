"""The overdue report: late tasks, stages past their SLA, overdue callbacks and broken rules, grouped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from models.company import User
from models.database import Database
from models.overdue import _ROWS, format_late, load_overdue
from models.pipeline_rules import RuleFiring, StageRule
from models.pipelines import Order, Pipeline, Stage, Task
from tests.factories import add_client

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)


@dataclass
class World:
    anna: int
    boris: int
    gone: int
    request: int  # stage ids
    survey: int
    closed: int
    client_id: int


def _user(session, login: str, name: str, active: bool = True) -> int:
    user = User(login=login, full_name=name, role="manager", active=active)
    session.add(user)
    session.flush()
    return user.id


def _order(session, w: World, stage_id: int, title: str, *, owner: int | None, entered: datetime,
           closed: bool = False) -> int:
    pipeline_id = session.get(Stage, stage_id).pipeline_id
    order = Order(pipeline_id=pipeline_id, stage_id=stage_id, client_id=w.client_id, title=title, owner_id=owner,
                  stage_entered_at=entered, closed_at=entered if closed else None)
    session.add(order)
    session.flush()
    return order.id


def _task(session, title: str, due: datetime, *, order_id: int | None = None, assignee: int | None = None,
          kind: str = "todo", status: str = "open", client_id: int | None = None) -> int:
    task = Task(order_id=order_id, client_id=client_id, assignee_id=assignee, title=title, kind=kind, due_at=due,
                status=status)
    session.add(task)
    session.flush()
    return task.id


@pytest.fixture
def world(db: Database) -> World:
    with db.transaction() as session:
        pipeline = Pipeline(name="Мебель", code="furniture_t")
        session.add(pipeline)
        session.flush()
        stages = [Stage(pipeline_id=pipeline.id, position=i, name=n, color=c, kind=k, sla_hours=sla)
                  for i, (n, c, k, sla) in enumerate((("Заявка", "#90a4ae", "open", None),
                                                      ("Замер", "#42a5f5", "open", 48),
                                                      ("Закрыто", "#2e7d32", "won", 1)))]
        session.add_all(stages)
        session.flush()
        client = add_client(session, "Иванов Пётр", "+79120000001")
        return World(_user(session, "anna_t", "Анна Смирнова"), _user(session, "boris_t", "Борис Орлов"),
                     _user(session, "gone_t", "Глеб Ушедший", active=False), stages[0].id, stages[1].id,
                     stages[2].id, client.id)


def test_a_late_task_names_who_is_late_and_by_how_much(db: Database, world: World) -> None:
    w = world
    with db.transaction() as s:
        order = _order(s, w, w.request, "Шкаф-купе", owner=w.boris, entered=NOW - 5 * H)
        _task(s, "Подготовить КП", NOW - timedelta(days=2, hours=3), order_id=order, assignee=w.anna)
        _task(s, "Перезвонить", NOW - 30 * timedelta(minutes=1), order_id=order)  # no assignee: the owner
        _task(s, "Согласовать", NOW + H, order_id=order, assignee=w.anna)  # not due yet
        _task(s, "Замерить", NOW - 9 * H, order_id=order, assignee=w.anna, status="done")
    report = load_overdue(db, NOW)
    assert [(r.reason, r.subject, r.person, r.late_by) for r in report.rows] == [
        ("task", "Подготовить КП", "Анна Смирнова", timedelta(days=2, hours=3)),
        ("task", "Перезвонить", "Борис Орлов", timedelta(minutes=30)),
    ]
    row = report.rows[0]
    assert (row.number, row.title, row.client, row.pipeline, row.stage) == (
        row.number, "Шкаф-купе", "Иванов Пётр", "Мебель", "Заявка")
    assert row.detail == "Task «Подготовить КП» 2 d 3 h late"
    assert (report.late_items, report.orders_late) == (2, 1)


def test_nobody_to_blame_reads_unassigned(db: Database, world: World) -> None:
    w = world
    with db.transaction() as s:
        order = _order(s, w, w.request, "Дверь", owner=None, entered=NOW)
        _task(s, "Выставить счёт", NOW - H, order_id=order)
    report = load_overdue(db, NOW)
    assert [(r.person_id, r.person) for r in report.rows] == [(None, "unassigned")]
    assert [(g.label, g.count) for g in report.by_person] == [("unassigned", 1)]


def test_stage_held_past_its_sla(db: Database, world: World) -> None:
    w = world
    with db.transaction() as s:
        late = _order(s, w, w.survey, "Кухня", owner=w.anna, entered=NOW - 50 * H)
        _order(s, w, w.survey, "Прихожая", owner=w.anna, entered=NOW - 47 * H)  # within 48 h
        _order(s, w, w.request, "Стеллаж", owner=w.anna, entered=NOW - 500 * H)  # the stage has no SLA
        _order(s, w, w.closed, "Комод", owner=w.anna, entered=NOW - 500 * H, closed=True)  # closed
    report = load_overdue(db, NOW)
    assert [(r.reason, r.order_id, r.late_by, r.person) for r in report.rows] == [
        ("stage_sla", late, 2 * H, "Анна Смирнова")]
    assert report.rows[0].detail == "In «Замер» 2 h past its 48 h limit"


def test_tasks_of_closed_orders_are_not_late(db: Database, world: World) -> None:
    w = world
    with db.transaction() as s:
        order = _order(s, w, w.closed, "Комод", owner=w.anna, entered=NOW - 5 * H, closed=True)
        _task(s, "Забытая задача", NOW - 3 * H, order_id=order, assignee=w.anna)
    assert load_overdue(db, NOW).empty


def test_callbacks_form_their_own_group(db: Database, world: World) -> None:
    w = world
    with db.transaction() as s:
        _task(s, "Перезвонить +7 912 000-00-01", NOW - 45 * timedelta(minutes=1), kind="callback",
              assignee=w.boris, client_id=w.client_id)
        _task(s, "Перезвонить +7 912 000-00-02", NOW + 5 * timedelta(minutes=1), kind="callback")
    report = load_overdue(db, NOW)
    assert report.rows == () and report.late_items == 0
    assert report.callbacks_overdue == 1
    callback = report.callbacks[0]
    assert (callback.reason, callback.client_id, callback.client, callback.person, callback.late_by) == (
        "callback", w.client_id, "Иванов Пётр", "Борис Орлов", timedelta(minutes=45))
    for grouping in ("person", "stage"):
        groups = report.groups(grouping)
        assert [(g.kind, g.label, g.count) for g in groups] == [("callbacks", "Callbacks", 1)]


def test_a_broken_rule_is_reported_until_its_task_gets_someone(db: Database, world: World) -> None:
    w = world
    with db.transaction() as s:
        order = _order(s, w, w.survey, "Кухня", owner=w.gone, entered=NOW - H)
        rule = StageRule(stage_id=w.survey, kind="create_task",
                         params={"title": "Замер", "owner": "order_owner", "due_hours": 24})
        s.add(rule)
        s.flush()
        task_id = _task(s, "Замер", NOW + 23 * H, order_id=order)
        s.add(RuleFiring(rule_id=rule.id, order_id=order, task_id=task_id, fired_at=NOW - H,
                         error="owner Глеб Ушедший is inactive; task left unassigned"))
    report = load_overdue(db, NOW)
    assert report.broken_rule_count == 1
    broken = report.broken_rules[0]
    assert broken.reason == "broken_rule" and broken.order_id == order and broken.rule_id == rule.id
    assert "owner Глеб Ушедший is inactive; task left unassigned" in broken.subject
    assert (broken.person, broken.person_active) == ("Глеб Ушедший", False)
    assert report.groups("person")[0].kind == "broken_rules"
    with db.transaction() as s:
        s.get(Task, task_id).assignee_id = w.anna
    assert load_overdue(db, NOW).broken_rule_count == 0


def test_groups_count_every_item_even_past_the_cap(db: Database, world: World) -> None:
    w = world
    with db.transaction() as s:
        first = _order(s, w, w.survey, "Кухня", owner=w.anna, entered=NOW - 60 * H)  # 12 h past SLA
        _task(s, "Подписать договор", NOW - 3 * H, order_id=first, assignee=w.boris)
        second = _order(s, w, w.request, "Шкаф", owner=w.anna, entered=NOW - 5 * H)
        _task(s, "Подготовить КП", NOW - 24 * H, order_id=second)
    report = load_overdue(db, NOW, cap=1)
    assert [(r.reason, r.late_by) for r in report.rows] == [("task", 24 * H)]
    assert report.truncated and (report.late_items, report.orders_late) == (3, 2)
    people = {g.label: (g.count, g.orders, g.worst, len(g.rows)) for g in report.by_person}
    assert people == {"Анна Смирнова": (2, 2, 24 * H, 1), "Борис Орлов": (1, 1, 3 * H, 0)}
    assert [g.label for g in report.by_person] == ["Анна Смирнова", "Борис Орлов"]  # worst first
    stages = {g.label: (g.count, g.worst) for g in report.by_stage}
    assert stages == {"Мебель · Заявка": (1, 24 * H), "Мебель · Замер": (2, 12 * H)}
    assert [g.kind for g in report.groups("stage")] == ["stage", "stage"]


def test_late_tasks_are_read_through_the_partial_index(db: Database, world: World) -> None:
    """The task half of the report must stay answerable by ix_tasks_open_due on two million orders."""
    with db.session() as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(session.execute(text("EXPLAIN " + _ROWS), {"now": NOW, "cap": 10}).scalars())
    assert "ix_tasks_open_due" in plan


@pytest.mark.parametrize(("late_by", "expected"), [
    (timedelta(days=2, hours=3, minutes=5), "2 d 3 h"), (timedelta(days=3), "3 d"),
    (timedelta(hours=2, minutes=15), "2 h 15 min"), (timedelta(hours=5), "5 h"),
    (timedelta(minutes=45, seconds=50), "45 min"), (timedelta(seconds=5), "1 min"),
])
def test_format_late(late_by: timedelta, expected: str) -> None:
    assert format_late(late_by) == expected

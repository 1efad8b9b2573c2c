"""Stage automation: tasks on entering, moves on a task done, document reminders, each firing exactly once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.automation import broken_rules, fire_on_enter, run_time_rules
from models.database import Database
from models.order_flow import complete_task, move_order
from models.pipeline_rules import RuleFiring, StageRule
from models.pipelines import Order, Task
from models.scheduling import Visit
from models.timeline import TimelineEntry
from tests.models.test_order_flow import NOW, Board, add_board, add_order, add_user, attach, race

FURNITURE = [
    ("Оформление заказа", "open", {}),
    ("Замер", "open", {}),
    ("Заключение сделки", "open", {"required_fields": ["amount"]}),
    ("Монтаж", "open", {}),
    ("Ожидание актов", "open", {}),
    ("Закрыто", "won", {}),
]


def add_rule(session: Session, stage_id: int, kind: str, params: dict, position: int = 0) -> int:
    rule = StageRule(stage_id=stage_id, kind=kind, params=params, position=position)
    session.add(rule)
    session.flush()
    return rule.id


def tasks_of(db: Database, order_id: int) -> list[Task]:
    with db.session() as session:
        tasks = list(session.execute(select(Task).where(Task.order_id == order_id).order_by(Task.id)).scalars())
        session.expunge_all()  # plain values that outlive the session
        return tasks


def firings_of(db: Database, order_id: int) -> list[tuple[int, int, int | None, str | None]]:
    with db.session() as session:
        return [tuple(r) for r in session.execute(
            select(RuleFiring.rule_id, RuleFiring.occurrence, RuleFiring.task_id, RuleFiring.error)
            .where(RuleFiring.order_id == order_id).order_by(RuleFiring.id)).all()]


@pytest.fixture
def board(db: Database) -> Board:
    with db.transaction() as session:
        return add_board(session, FURNITURE)


def test_entering_a_stage_creates_its_tasks_once_with_owner_and_deadline(db: Database, board: Board) -> None:
    with db.transaction() as session:
        survey = board.stages["Замер"]
        owner_rule = add_rule(session, survey, "create_task",
                              {"title": "Провести замер", "owner": "order_owner", "due_hours": 48})
        head_rule = add_rule(session, survey, "create_task", {"title": "Назначить замерщика",
                                                             "owner": "role:service_head", "due_hours": 4,
                                                             "task_kind": "survey"}, position=1)
        busy_head = add_user(session, "service_head", "Занятой Начальник")
        session.add(Task(title="Старая задача", assignee_id=board.users["service_head"], status="open"))
        order_id = add_order(session, board, "Оформление заказа")
    result = move_order(db, order_id, survey, user_id=None, role="manager", expected_version=1, now=NOW)
    tasks = tasks_of(db, order_id)
    assert result.task_ids == tuple(t.id for t in tasks)
    assert [(t.title, t.assignee_id, t.due_at, t.origin_rule, t.kind) for t in tasks] == [
        ("Провести замер", board.users["manager"], NOW + timedelta(hours=48), f"rule:{owner_rule}", "todo"),
        ("Назначить замерщика", busy_head, NOW + timedelta(hours=4), f"rule:{head_rule}", "survey"),
    ]  # the service head with fewer open tasks gets it
    assert firings_of(db, order_id) == [(owner_rule, 0, tasks[0].id, None), (head_rule, 0, tasks[1].id, None)]
    with db.transaction() as session:  # firing again for the same entry does nothing
        assert fire_on_enter(session, order_id, survey, now=NOW) == ()
    assert len(tasks_of(db, order_id)) == 2


def test_an_order_returned_to_a_stage_gets_its_tasks_again(db: Database, board: Board) -> None:
    with db.transaction() as session:
        rule = add_rule(session, board.stages["Замер"], "create_task", {"title": "Провести замер", "due_hours": 8})
        order_id = add_order(session, board, "Оформление заказа")
    for version, stage in enumerate(("Замер", "Оформление заказа", "Замер"), start=1):
        move_order(db, order_id, board.stages[stage], user_id=None, role="manager", expected_version=version,
                   now=NOW)
    assert [(r, occurrence) for r, occurrence, _t, _e in firings_of(db, order_id)] == [(rule, 0), (rule, 1)]


def test_an_owner_who_left_is_recorded_and_the_task_created_unassigned(db: Database, board: Board) -> None:
    with db.transaction() as session:
        gone = add_user(session, "manager", "Ушедший Пётр", active=False)
        rule = add_rule(session, board.stages["Замер"], "create_task", {"title": "Провести замер", "due_hours": 8})
        order_id = add_order(session, board, "Оформление заказа", owner_id=gone)
    result = move_order(db, order_id, board.stages["Замер"], user_id=None, role="manager", expected_version=1,
                        now=NOW)
    (task,) = tasks_of(db, order_id)
    assert result.task_ids == (task.id,) and task.assignee_id is None
    assert firings_of(db, order_id) == [(rule, 0, task.id, "owner Ушедший Пётр is inactive; task left unassigned")]
    broken = [b for b in broken_rules(db) if b.order_id == order_id]
    assert [(b.rule_id, b.task_id, b.stage_name, b.error) for b in broken] == [
        (rule, task.id, "Замер", "owner Ушедший Пётр is inactive; task left unassigned")]
    with db.transaction() as session:  # someone takes the task: no longer broken, still on record
        session.get(Task, task.id).assignee_id = board.users["manager"]
    assert [b for b in broken_rules(db) if b.order_id == order_id] == []
    assert [b.task_id for b in broken_rules(db, include_resolved=True) if b.order_id == order_id] == [task.id]


def test_a_rule_without_a_title_is_reported_not_dropped(db: Database, board: Board) -> None:
    with db.transaction() as session:
        rule = add_rule(session, board.stages["Замер"], "create_task", {"owner": "nobody:1"})
        odd = add_rule(session, board.stages["Замер"], "create_task", {"title": "Позвонить", "owner": "nobody:1"})
        order_id = add_order(session, board, "Оформление заказа")
    move_order(db, order_id, board.stages["Замер"], user_id=None, role="manager", expected_version=1, now=NOW)
    firings = firings_of(db, order_id)
    assert firings[0] == (rule, 0, None, "the rule has no task title; no task was created")
    assert firings[1][0] == odd and "owner 'nobody:1' is not understood" in firings[1][3]
    assert {b.rule_id for b in broken_rules(db) if b.order_id == order_id} == {rule, odd}


def survey_rules(session: Session, board: Board) -> tuple[int, int]:
    """Survey done → contract (case 002): the create_task rule and the move rule watching it."""
    survey = board.stages["Замер"]
    task_rule = add_rule(session, survey, "create_task",
                         {"title": "Провести замер", "owner": "role:technician", "due_hours": 48})
    move_rule = add_rule(session, survey, "move_on_task_done",
                         {"after_rule_id": task_rule, "to_stage_id": board.stages["Заключение сделки"]})
    add_rule(session, board.stages["Заключение сделки"], "create_task",
             {"title": "Согласовать договор", "owner": "order_owner", "due_hours": 24})
    return task_rule, move_rule


def test_a_done_survey_task_moves_the_order_on(db: Database, board: Board) -> None:
    with db.transaction() as session:
        _task_rule, move_rule = survey_rules(session, board)
        order_id = add_order(session, board, "Оформление заказа", amount=Decimal(90000))
    moved = move_order(db, order_id, board.stages["Замер"], user_id=None, role="manager", expected_version=1,
                       now=NOW)
    (survey_task,) = moved.task_ids
    later = NOW + timedelta(hours=5)
    technician = board.users["technician"]
    assert complete_task(db, survey_task, user_id=technician, now=later) == board.stages["Заключение сделки"]
    with db.session() as session:
        order = session.get(Order, order_id)
        assert (order.stage_id, order.stage_entered_at, order.version) == (
            board.stages["Заключение сделки"], later, 3)
        done = session.get(Task, survey_task)
        assert (done.status, done.done_at) == ("done", later)
    assert [t.title for t in tasks_of(db, order_id)] == ["Провести замер", "Согласовать договор"]
    assert (move_rule, 0, survey_task, None) in firings_of(db, order_id)
    assert complete_task(db, survey_task, user_id=technician, now=later) is None  # ticking again changes nothing
    assert len(tasks_of(db, order_id)) == 2


def test_a_refused_automatic_move_is_recorded_not_raised(db: Database, board: Board) -> None:
    with db.transaction() as session:
        _task_rule, move_rule = survey_rules(session, board)
        order_id = add_order(session, board, "Оформление заказа")  # no amount: the contract stage refuses
    moved = move_order(db, order_id, board.stages["Замер"], user_id=None, role="manager", expected_version=1,
                       now=NOW)
    assert complete_task(db, moved.task_ids[0], user_id=board.users["technician"], now=NOW) is None
    with db.session() as session:
        order = session.get(Order, order_id)
        assert (order.stage_id, order.version) == (board.stages["Замер"], 2)
        assert session.get(Task, moved.task_ids[0]).status == "done"
        notes = session.execute(select(TimelineEntry.text).where(
            TimelineEntry.order_id == order_id, TimelineEntry.kind == "note")).scalars().all()
    error = "Automatic move to «Заключение сделки» refused: Fill in the amount before moving the order to " \
            "«Заключение сделки»."
    assert notes == [error]
    assert (move_rule, 0, moved.task_ids[0], error) in firings_of(db, order_id)
    assert [b.error for b in broken_rules(db) if b.order_id == order_id] == [error]


def test_a_task_done_after_the_order_moved_on_by_hand_moves_nothing(db: Database, board: Board) -> None:
    with db.transaction() as session:
        survey_rules(session, board)
        order_id = add_order(session, board, "Оформление заказа", amount=Decimal(1))
    moved = move_order(db, order_id, board.stages["Замер"], user_id=None, role="manager", expected_version=1)
    move_order(db, order_id, board.stages["Монтаж"], user_id=None, role="manager", expected_version=2)
    assert complete_task(db, moved.task_ids[0], user_id=None, now=NOW) is None
    with db.session() as session:
        assert session.get(Order, order_id).stage_id == board.stages["Монтаж"]


ACTS = {"documents": ["completion_act", "claim_act"], "every_days": 3, "owner": "order_owner", "due_hours": 24}


def add_visit(session: Session, order_id: int, ends_hours_after_now: float, status: str = "done") -> None:
    ends = NOW + timedelta(hours=ends_hours_after_now)
    session.add(Visit(order_id=order_id, starts_at=ends - timedelta(hours=2), ends_at=ends, status=status))
    session.flush()


def test_documents_are_asked_for_after_the_visit_then_reminded_every_n_days(db: Database, board: Board) -> None:
    with db.transaction() as session:
        rule = add_rule(session, board.stages["Ожидание актов"], "remind_documents", ACTS)
        order_id = add_order(session, board, "Ожидание актов")
        add_visit(session, order_id, 2)
        add_visit(session, order_id, 30, status="cancelled")  # a cancelled later visit does not count
    schedule, seen = {}, 0
    for hours in (0, 3, 4, 24, 70, 74, 75, 140, 146):
        report = run_time_rules(db, NOW + timedelta(hours=hours))
        titles = [t.title for t in tasks_of(db, order_id)]
        schedule[hours], seen = titles[seen:], len(titles)
        assert report.errors == 0
    assert schedule == {
        0: [], 3: ["Attach the completion act and the warranty claim act"], 4: [], 24: [], 70: [],
        74: ["Reminder: attach the completion act and the warranty claim act"], 75: [], 140: [],
        146: ["Reminder: attach the completion act and the warranty claim act"],
    }
    assert [occurrence for _r, occurrence, _t, _e in firings_of(db, order_id)] == [0, 1, 2]
    assert {t.assignee_id for t in tasks_of(db, order_id)} == {board.users["manager"]}

    with db.transaction() as session:
        attach(session, order_id, "completion_act")
    run_time_rules(db, NOW + timedelta(hours=219))  # day 9: only the claim act is still missing
    assert tasks_of(db, order_id)[-1].title == "Reminder: attach the warranty claim act"

    with db.transaction() as session:
        attach(session, order_id, "claim_act")
    report = run_time_rules(db, NOW + timedelta(hours=300))
    assert report.tasks_created == 0 and report.tasks_closed == 4
    assert {t.status for t in tasks_of(db, order_id)} == {"done"}
    assert len(firings_of(db, order_id)) == 4
    assert any(f"rule {rule}" in line and "closed" in line for line in report.lines)


def test_reminders_wait_for_the_last_visit_and_skip_other_stages(db: Database, board: Board) -> None:
    with db.transaction() as session:
        add_rule(session, board.stages["Ожидание актов"], "remind_documents", {**ACTS, "title": "Приложить акты"})
        waiting = add_order(session, board, "Ожидание актов")
        add_visit(session, waiting, -48)
        add_visit(session, waiting, 10)  # a second visit still ahead: wait for it
        elsewhere = add_order(session, board, "Монтаж")
        add_visit(session, elsewhere, -48)
    run_time_rules(db, NOW)
    assert tasks_of(db, waiting) == [] and tasks_of(db, elsewhere) == []
    run_time_rules(db, NOW + timedelta(hours=11))
    assert [t.title for t in tasks_of(db, waiting)] == ["Приложить акты"]
    assert tasks_of(db, elsewhere) == []


def test_a_broken_reminder_rule_is_reported_once(db: Database, board: Board) -> None:
    with db.transaction() as session:
        rule = add_rule(session, board.stages["Ожидание актов"], "remind_documents", {**ACTS, "every_days": 0})
        order_id = add_order(session, board, "Ожидание актов")
    first = run_time_rules(db, NOW)
    second = run_time_rules(db, NOW + timedelta(days=1))
    assert (first.errors, second.errors) == (1, 0)
    assert firings_of(db, order_id) == [(rule, 0, None, "every_days 0 must be a whole number of days, at least 1")]


def test_two_service_instances_running_time_rules_at_once_fire_once(fresh_database: Database) -> None:
    with fresh_database.transaction() as session:
        board = add_board(session, FURNITURE)
        add_rule(session, board.stages["Ожидание актов"], "remind_documents", ACTS)
        order_id = add_order(session, board, "Ожидание актов")
        add_visit(session, order_id, -1)
    results = race(fresh_database, "LOCK TABLE rule_firings IN SHARE ROW EXCLUSIVE MODE",
                   lambda: run_time_rules(fresh_database, NOW), lambda: run_time_rules(fresh_database, NOW))
    assert sorted(r.tasks_created for r in results) == [0, 1], results
    assert len(tasks_of(fresh_database, order_id)) == 1
    assert len(firings_of(fresh_database, order_id)) == 1


def test_two_desks_firing_one_stage_entry_at_once_create_one_task(fresh_database: Database) -> None:
    with fresh_database.transaction() as session:
        board = add_board(session, FURNITURE)
        add_rule(session, board.stages["Замер"], "create_task", {"title": "Провести замер", "due_hours": 8})
        order_id = add_order(session, board, "Замер")

    def fire() -> tuple[int, ...]:
        with fresh_database.transaction() as session:
            return fire_on_enter(session, order_id, board.stages["Замер"], now=NOW)

    results = race(fresh_database, "LOCK TABLE rule_firings IN SHARE ROW EXCLUSIVE MODE", fire, fire)
    assert sorted(len(r) for r in results) == [0, 1], results
    assert len(tasks_of(fresh_database, order_id)) == 1

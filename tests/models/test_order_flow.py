"""Moving orders through stage gates, optimistic edits with conflicts, and two desks moving one card at once."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.clients import Client, Site
from models.company import User
from models.database import Database
from models.order_flow import (
    GateFailure,
    GateRefused,
    OrderConflict,
    gate_failures,
    move_order,
    update_order,
)
from models.payments import Payment
from models.pipeline_rules import CustomFieldDef, RuleFiring, StageRule
from models.pipelines import Order, Pipeline, Stage, StageChange, Task
from models.timeline import Attachment, TimelineEntry

NOW = datetime(2025, 3, 12, 6, 0, tzinfo=UTC)


@dataclass
class Board:
    """A pipeline of a test, its stages by name, and people of every role by role."""

    pipeline_id: int
    stages: dict[str, int]
    users: dict[str, int]
    client_id: int
    site_id: int


def add_user(session: Session, role: str, name: str, *, active: bool = True) -> int:
    user = User(login=f"u_{uuid.uuid4().hex[:10]}", full_name=name, role=role, active=active)
    session.add(user)
    session.flush()
    return user.id


def add_board(session: Session, stages: list[tuple[str, str, dict]], *, fields: tuple = ()) -> Board:
    """A pipeline with ``stages`` (name, kind, gate rules), custom fields (key, label, type) and one client."""
    code = f"t_{uuid.uuid4().hex[:8]}"
    pipeline = Pipeline(name=f"Тест {code}", code=code)
    session.add(pipeline)
    session.flush()
    rows = [Stage(pipeline_id=pipeline.id, position=i, name=name, kind=kind, gate_rules=gates, color="#9e9e9e")
            for i, (name, kind, gates) in enumerate(stages)]
    session.add_all(rows)
    session.add_all([CustomFieldDef(pipeline_id=pipeline.id, key=key, label=label, type=kind, position=i)
                     for i, (key, label, kind) in enumerate(fields)])
    users = {role: add_user(session, role, f"{role.title()} Тестовый")
             for role in ("dispatcher", "manager", "service_head", "technician", "admin")}
    client = Client(kind="person", name="Смирнов Олег")
    client.sites = [Site(address="ул. Кирова, 10", city="Челябинск", lat=55.16, lon=61.40)]
    session.add(client)
    session.flush()
    return Board(pipeline.id, {s.name: s.id for s in rows}, users, client.id, client.sites[0].id)


def add_order(session: Session, board: Board, stage: str, **values: object) -> int:
    """An order in ``stage`` with its first history row, as the app creates one."""
    values.setdefault("owner_id", board.users["manager"])
    order = Order(pipeline_id=board.pipeline_id, stage_id=board.stages[stage], client_id=board.client_id,
                  title="Монтаж сплит-системы", stage_entered_at=NOW - timedelta(days=1), **values)
    session.add(order)
    session.flush()
    session.add(StageChange(order_id=order.id, from_stage_id=None, to_stage_id=order.stage_id,
                            changed_at=NOW - timedelta(days=1)))
    session.flush()
    return order.id


def attach(session: Session, order_id: int, kind: str) -> None:
    session.add(Attachment(order_id=order_id, kind=kind, filename=f"{kind}.jpg", mime_type="image/jpeg",
                           size_bytes=3, content=b"abc"))
    session.flush()


def version_of(db: Database, order_id: int) -> int:
    with db.session() as session:
        return session.execute(select(Order.version).where(Order.id == order_id)).scalar_one()


INSTALL = [
    ("Заявка", "open", {}),
    ("Монтаж назначен", "open", {"required_fields": ["site_id", "amount", "custom:room_area_m2"]}),
    ("Смонтировано", "open", {"required_attachments": ["photo"], "required_documents": ["completion_act"]}),
    ("Ремонт", "open", {"roles": ["service_head"]}),
    ("Закрыто", "won", {"fully_paid": True}),
    ("Отказ", "lost", {}),
]
FIELDS = (("room_area_m2", "Площадь помещения, м²", "number"), ("wall", "Материал стен", "text"))


@pytest.fixture
def board(db: Database) -> Board:
    with db.transaction() as session:
        return add_board(session, INSTALL, fields=FIELDS)


def test_missing_fields_are_named_and_the_move_refused(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка", site_id=None)
    to = board.stages["Монтаж назначен"]
    failures = gate_failures(db, order_id, to, role="dispatcher")
    assert [(f.code, f.subject) for f in failures] == [
        ("field", "site_id"), ("field", "amount"), ("field", "custom:room_area_m2")]
    assert "site address" in failures[0].message and "«Монтаж назначен»" in failures[0].message
    assert "“Площадь помещения, м²”" in failures[2].message

    with pytest.raises(GateRefused) as refused:
        move_order(db, order_id, to, user_id=board.users["dispatcher"], role="dispatcher", expected_version=1)
    assert refused.value.failures == failures and refused.value.stage_name == "Монтаж назначен"
    assert "Fill in the amount" in str(refused.value)
    assert version_of(db, order_id) == 1  # nothing written

    update_order(db, order_id, {"site_id": board.site_id, "amount": "45 000,00", "custom:room_area_m2": "18,5"},
                 user_id=board.users["dispatcher"], expected_version=1)
    result = move_order(db, order_id, to, user_id=board.users["dispatcher"], role="dispatcher", expected_version=2)
    assert (result.from_stage_id, result.to_stage_id, result.version) == (board.stages["Заявка"], to, 3)


def test_photos_and_documents_are_required_by_kind(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Монтаж назначен", amount=Decimal(45000))
        attach(session, order_id, "act")  # an act of another kind does not count as the completion act
    to = board.stages["Смонтировано"]
    failures = gate_failures(db, order_id, to, role="technician")
    assert failures == (
        GateFailure("attachment", "photo", "Attach a photo of the work before moving the order to «Смонтировано»."),
        GateFailure("document", "completion_act",
                    "Attach the completion act before moving the order to «Смонтировано»."),
    )
    with db.transaction() as session:
        attach(session, order_id, "photo")
    assert [f.subject for f in gate_failures(db, order_id, to, role="technician")] == ["completion_act"]
    with db.transaction() as session:
        attach(session, order_id, "completion_act")
    assert gate_failures(db, order_id, to, role="technician") == ()


def test_closing_needs_full_payment_and_names_the_sum_owed(db: Database, board: Board) -> None:
    with db.transaction() as session:
        owing = add_order(session, board, "Смонтировано", amount=Decimal("30000"))
        session.add(Payment(order_id=owing, amount=Decimal("17500"), paid_on=NOW.date(), method="card"))
        free = add_order(session, board, "Смонтировано")
    closed = board.stages["Закрыто"]
    (failure,) = gate_failures(db, owing, closed, role="manager")
    assert (failure.code, failure.subject) == ("payment", "paid")
    assert failure.message.startswith("12 500,00 ₽ still owed")
    (failure,) = gate_failures(db, free, closed, role="manager")
    assert (failure.code, failure.subject) == ("payment", "amount") and "no amount" in failure.message

    with pytest.raises(ValueError, match="paid"):  # the paid sum follows the payments, it is not typed in
        update_order(db, owing, {"paid": Decimal("30000")}, user_id=None, expected_version=1)
    with db.transaction() as session:
        session.add(Payment(order_id=owing, amount=Decimal("12500"), paid_on=NOW.date(), method="transfer"))
    result = move_order(db, owing, closed, user_id=board.users["manager"], role="manager",
                        expected_version=version_of(db, owing), now=NOW)
    with db.session() as session:
        order = session.get(Order, owing)
        assert (order.stage_id, order.closed_at, order.version) == (closed, NOW, result.version)
    # Giving up on an unpaid order is allowed: the lost stage has no payment gate.
    move_order(db, free, board.stages["Отказ"], user_id=None, role="manager", expected_version=1)


def test_only_listed_roles_move_into_a_stage_and_admin_always_may(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка")
    repair = board.stages["Ремонт"]
    (failure,) = gate_failures(db, order_id, repair, role="dispatcher")
    assert failure == GateFailure("role", "service_head", "Only the service head may move orders into «Ремонт».")
    assert gate_failures(db, order_id, repair, role="service_head") == ()
    assert gate_failures(db, order_id, repair, role="admin") == ()


def test_a_closed_order_is_reopened_only_by_a_manager_and_loses_its_closed_at(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка")
    move_order(db, order_id, board.stages["Отказ"], user_id=None, role="dispatcher", expected_version=1, now=NOW)
    back = board.stages["Заявка"]
    (failure,) = gate_failures(db, order_id, back, role="dispatcher")
    assert (failure.code, failure.subject) == ("closed", "Отказ")
    with pytest.raises(GateRefused, match="only a manager"):
        move_order(db, order_id, back, user_id=None, role="technician", expected_version=2)
    move_order(db, order_id, back, user_id=board.users["manager"], role="manager", expected_version=2)
    with db.session() as session:
        order = session.get(Order, order_id)
        assert (order.stage_id, order.closed_at) == (back, None)


def test_a_stage_of_another_pipeline_is_refused(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка")
        other = add_board(session, [("Чужая", "open", {})])
    with pytest.raises(GateRefused) as refused:
        move_order(db, order_id, other.stages["Чужая"], user_id=None, role="admin", expected_version=1)
    assert refused.value.failures[0].code == "pipeline"
    assert "another pipeline" in refused.value.failures[0].message


def test_a_move_writes_history_and_timeline(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка")
    user = board.users["service_head"]
    result = move_order(db, order_id, board.stages["Ремонт"], user_id=user, role="service_head",
                        expected_version=1, comment="Запчасти приехали", now=NOW)
    assert result.version == 2 and result.task_ids == ()
    with db.session() as session:
        history = session.execute(select(StageChange).where(StageChange.order_id == order_id)
                                  .order_by(StageChange.id)).scalars().all()
        assert [(h.from_stage_id, h.to_stage_id, h.user_id, h.comment) for h in history[1:]] == [
            (board.stages["Заявка"], board.stages["Ремонт"], user, "Запчасти приехали")]
        entry = session.execute(select(TimelineEntry).where(TimelineEntry.order_id == order_id)).scalar_one()
        assert (entry.kind, entry.text, entry.at) == ("status_change", "Stage: Заявка → Ремонт", NOW)
        assert entry.payload["from_stage_id"] == board.stages["Заявка"]
        assert entry.payload["to_stage_id"] == board.stages["Ремонт"]
        order = session.get(Order, order_id)
        assert (order.stage_entered_at, order.closed_at) == (NOW, None)


def test_a_stale_move_gets_a_conflict_with_both_stages(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка")
    move_order(db, order_id, board.stages["Ремонт"], user_id=None, role="admin", expected_version=1)
    with pytest.raises(OrderConflict) as conflict:
        move_order(db, order_id, board.stages["Отказ"], user_id=None, role="admin", expected_version=1)
    assert (conflict.value.expected_version, conflict.value.current_version) == (1, 2)
    assert conflict.value.ours == {"stage_id": board.stages["Отказ"]}
    assert conflict.value.theirs == {"stage_id": board.stages["Ремонт"]}


def test_a_stale_edit_shows_both_versions_of_the_changed_fields_only(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка", amount=Decimal(1000))
    update_order(db, order_id, {"amount": 2000, "custom:wall": "кирпич"}, user_id=None, expected_version=1)
    with pytest.raises(OrderConflict) as conflict:
        update_order(db, order_id, {"amount": "1500", "title": "Новое название"}, user_id=None, expected_version=1)
    assert conflict.value.ours == {"amount": Decimal("1500.00"), "title": "Новое название"}
    assert conflict.value.theirs == {"amount": Decimal("2000.00"), "title": "Монтаж сплит-системы"}
    with db.session() as session:
        order = session.get(Order, order_id)
        assert (order.amount, order.title, order.custom_fields, order.version) == (
            Decimal(2000), "Монтаж сплит-системы", {"wall": "кирпич"}, 2)
    # Choosing "keep mine" retries with the version now stored.
    assert update_order(db, order_id, {"amount": "1500"}, user_id=None, expected_version=2) == 3
    # Clearing a custom field removes it.
    update_order(db, order_id, {"custom:wall": ""}, user_id=None, expected_version=3)
    with db.session() as session:
        assert session.get(Order, order_id).custom_fields == {}


def test_bad_values_are_refused_with_what_is_wrong(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка", site_id=board.site_id)
        other = Client(kind="person", name="Чужой клиент")
        other.sites = [Site(address="ул. Труда, 1", city="Челябинск", lat=55.16, lon=61.40)]
        session.add(other)
        session.flush()
        foreign_site, other_client = other.sites[0].id, other.id
        gone = add_user(session, "technician", "Уволенный Иван", active=False)
    cases = {
        "“Площадь помещения, м²” must be a number, not 'abc'": {"custom:room_area_m2": "abc"},
        "Field “floor” is not defined": {"custom:floor": 3},
        "Use move_order": {"stage_id": board.stages["Ремонт"]},
        "belongs to another client": {"site_id": foreign_site},
        "site address belongs to another client": {"client_id": other_client},  # the kept site is the old one's
        "no longer works here": {"owner_id": gone},
        "Amount must be zero or more": {"amount": -5},
        "Enter a title": {"title": "  "},
        "Scenario 'repair' is unknown": {"scenario": "repair"},
    }
    for message, change in cases.items():
        with pytest.raises(ValueError, match=message):
            update_order(db, order_id, change, user_id=None, expected_version=1)
    assert version_of(db, order_id) == 1


def test_an_unchanged_edit_keeps_the_version(db: Database, board: Board) -> None:
    with db.transaction() as session:
        order_id = add_order(session, board, "Заявка", amount=Decimal(700))
    assert update_order(db, order_id, {"amount": "700,00"}, user_id=None, expected_version=1) == 1


def wait_for_lock_waiters(db: Database, count: int) -> None:
    """Block until ``count`` other sessions wait on a lock (the two desks are really racing)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with db.engine.connect() as conn:
            waiting = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")).scalar_one()
        if waiting >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"expected {count} sessions waiting on a lock")


def race(fresh: Database, hold_lock_sql: str, *jobs) -> list[object]:
    """Run ``jobs`` in threads while another connection holds a lock they need, then release it."""
    results: list[object] = [None] * len(jobs)

    def run(index: int) -> None:
        try:
            results[index] = jobs[index]()
        except Exception as exc:  # the test inspects what each desk got
            results[index] = exc

    with fresh.engine.connect() as holder:
        holder.execute(text(hold_lock_sql))
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
        for thread in threads:
            thread.start()
        wait_for_lock_waiters(fresh, len(jobs))
        holder.rollback()
    for thread in threads:
        thread.join(30)
    return results


def test_two_desks_moving_one_card_at_once_one_wins_the_other_sees_a_conflict(fresh_database: Database) -> None:
    with fresh_database.transaction() as session:
        board = add_board(session, INSTALL, fields=FIELDS)
        order_id = add_order(session, board, "Заявка")
        for stage in ("Ремонт", "Отказ"):  # each target stage creates a task on entering
            session.add(StageRule(stage_id=board.stages[stage], kind="create_task",
                                  params={"title": f"Задача стадии {stage}", "owner": "order_owner", "due_hours": 4}))
    repair, lost = board.stages["Ремонт"], board.stages["Отказ"]
    results = race(
        fresh_database, f"SELECT id FROM orders WHERE id = {order_id} FOR UPDATE",
        lambda: move_order(fresh_database, order_id, repair, user_id=None, role="admin", expected_version=1),
        lambda: move_order(fresh_database, order_id, lost, user_id=None, role="admin", expected_version=1),
    )
    conflicts = [r for r in results if isinstance(r, OrderConflict)]
    moves = [r for r in results if not isinstance(r, Exception)]
    assert len(conflicts) == 1 and len(moves) == 1, results
    winner = moves[0].to_stage_id
    assert conflicts[0].theirs == {"stage_id": winner} and conflicts[0].ours != {"stage_id": winner}
    with fresh_database.session() as session:
        assert session.get(Order, order_id).stage_id == winner
        moved = session.execute(select(StageChange).where(StageChange.order_id == order_id,
                                                          StageChange.from_stage_id.is_not(None))).scalars().all()
        assert [h.to_stage_id for h in moved] == [winner]
        tasks = session.execute(select(Task.id, Task.origin_rule).where(Task.order_id == order_id)).all()
        fired = session.execute(select(RuleFiring.task_id).where(RuleFiring.order_id == order_id)).scalars().all()
    assert len(fired) == 1 and [task_id for task_id, _origin in tasks] == list(moves[0].task_ids) == fired

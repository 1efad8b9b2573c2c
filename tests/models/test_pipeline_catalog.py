"""The shipped pipelines: created once by code, never overwriting a company's edits, and working as the cases need."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models.automation import run_time_rules
from models.database import Database
from models.order_flow import GateRefused, complete_task, gate_failures, move_order, update_order
from models.pipeline_catalog import SHIPPED, ensure_shipped_pipelines, shipped
from models.pipeline_rules import CustomFieldDef, StageRule
from models.pipelines import Order, Pipeline, Stage, Task
from models.scheduling import Visit
from tests.models.test_order_flow import NOW, Board, add_board, add_order, attach


def stages_of(db: Database, pipeline_id: int) -> dict[str, Stage]:
    with db.session() as session:
        stages = session.execute(select(Stage).where(Stage.pipeline_id == pipeline_id)
                                 .order_by(Stage.position)).scalars().all()
        session.expunge_all()
        return {s.name: s for s in stages}


def counts(session: Session) -> tuple[int, ...]:
    return tuple(session.execute(select(func.count()).select_from(table)).scalar_one()
                 for table in (Pipeline, Stage, StageRule, CustomFieldDef))


@pytest.fixture
def shipped_ids(db: Database) -> dict[str, int]:
    return ensure_shipped_pipelines(db)


def board_of(db: Database, pipeline_id: int) -> Board:
    """People and a client for orders in a shipped pipeline."""
    with db.transaction() as session:
        people = add_board(session, [("x", "open", {})])
    return Board(pipeline_id, {n: s.id for n, s in stages_of(db, pipeline_id).items()}, people.users,
                 people.client_id, people.site_id)


def test_every_shipped_pipeline_is_created_with_stages_rules_and_fields(db: Database,
                                                                       shipped_ids: dict[str, int]) -> None:
    assert set(shipped_ids) == {"sales_install", "maintenance", "repair", "furniture", "service_center"}
    furniture = list(stages_of(db, shipped_ids["furniture"]))
    assert furniture == ["Оформление заказа", "Замер", "Заключение сделки", "Производство", "Подготовка к отгрузке",
                         "Доставка", "Монтаж", "Доработка", "Закрыто", "Отказ"]  # the case's 9 stages and a refusal
    assert list(stages_of(db, shipped_ids["sales_install"])) == [
        "Заявка", "Замер", "КП/смета", "Согласование", "Монтаж назначен", "Смонтировано", "Ввод в эксплуатацию",
        "Закрыто", "Отказ"]
    assert "Возврат на доработку" in stages_of(db, shipped_ids["service_center"])
    for code, pipeline_id in shipped_ids.items():
        stages = stages_of(db, pipeline_id)
        kinds = [s.kind for s in stages.values()]
        assert kinds.count("won") == 1 and kinds.count("lost") == 1, code
        assert all(s.sla_hours for s in stages.values() if s.kind == "open"), code
        with db.session() as session:
            rules = session.execute(select(StageRule).where(StageRule.stage_id.in_([s.id for s in stages.values()]))
                                    ).scalars().all()
            fields = session.execute(select(CustomFieldDef).where(CustomFieldDef.pipeline_id == pipeline_id)
                                     ).scalars().all()
            session.expunge_all()
        assert any(r.kind == "create_task" for r in rules) and fields, code
        by_id = {r.id: r for r in rules}
        for rule in rules:
            if rule.kind == "move_on_task_done":  # watches a task rule of its own stage, moves within the pipeline
                assert by_id[rule.params["after_rule_id"]].stage_id == rule.stage_id
                assert rule.params["to_stage_id"] in {s.id for s in stages.values()}
            if rule.kind == "create_task":
                assert rule.params["owner"] == "order_owner" or rule.params["owner"].startswith("role:")
    with db.session() as session:
        keys = set(session.execute(select(CustomFieldDef.key).where(
            CustomFieldDef.pipeline_id.in_([shipped_ids["repair"], shipped_ids["service_center"],
                                            shipped_ids["sales_install"]]))).scalars())
    assert {"engine_hours", "dealer", "claim_number", "room_area_m2", "wall"} <= keys


def test_a_second_call_creates_nothing_and_keeps_a_companys_edits(db: Database,
                                                                 shipped_ids: dict[str, int]) -> None:
    with db.transaction() as session:
        before = counts(session)
        stage = session.execute(select(Stage).where(Stage.pipeline_id == shipped_ids["repair"],
                                                    Stage.name == "Ремонт")).scalar_one()
        stage.name, stage.gate_rules = "Ремонт в мастерской", {"roles": ["manager"]}
        session.execute(delete(StageRule).where(StageRule.stage_id == stage.id))
        after_edit = counts(session)
    assert ensure_shipped_pipelines(db) == shipped_ids
    with db.session() as session:
        assert counts(session) == after_edit != before
        edited = session.get(Stage, stage.id)
        assert (edited.name, edited.gate_rules) == ("Ремонт в мастерской", {"roles": ["manager"]})


def test_a_deleted_pipeline_comes_back_and_a_taken_name_is_not_a_clash(db: Database,
                                                                      shipped_ids: dict[str, int]) -> None:
    with db.transaction() as session:
        session.execute(delete(Pipeline).where(Pipeline.id == shipped_ids["furniture"]))
        session.add(Pipeline(name=shipped("furniture").name, code="our_furniture"))  # the company's own
    again = ensure_shipped_pipelines(db)
    assert again["furniture"] != shipped_ids["furniture"]
    with db.session() as session:
        assert session.get(Pipeline, again["furniture"]).name == "Мебель и двери на заказ (furniture)"
    assert len(stages_of(db, again["furniture"])) == len(shipped("furniture").stages)


def test_furniture_survey_done_moves_to_the_contract_and_photos_are_required(db: Database,
                                                                           shipped_ids: dict[str, int]) -> None:
    board = board_of(db, shipped_ids["furniture"])
    with db.transaction() as session:
        order_id = add_order(session, board, "Оформление заказа", site_id=board.site_id)
    moved = move_order(db, order_id, board.stages["Замер"], user_id=None, role="manager", expected_version=1,
                       now=NOW)
    with db.session() as session:
        survey = session.execute(select(Task.id).where(Task.id.in_(moved.task_ids),
                                                       Task.kind == "survey")).scalar_one()
    assert complete_task(db, survey, user_id=board.users["technician"], now=NOW) == board.stages["Заключение сделки"]
    refused = {f.subject for f in gate_failures(db, order_id, board.stages["Закрыто"], role="manager")}
    assert {"photo", "amount"} <= refused
    (failure,) = gate_failures(db, order_id, board.stages["Доработка"], role="technician")
    assert failure.subject == "photo" and "photo" in failure.message
    with db.transaction() as session:
        attach(session, order_id, "photo")
    assert gate_failures(db, order_id, board.stages["Доработка"], role="technician") == ()


def test_repair_moves_into_repair_only_by_the_service_head_and_closes_only_when_paid(
        db: Database, shipped_ids: dict[str, int]) -> None:
    board = board_of(db, shipped_ids["repair"])
    with db.transaction() as session:
        order_id = add_order(session, board, "Согласование", scenario="post_warranty_repair",
                             amount=Decimal("84000"), paid=Decimal("50000"))
    with pytest.raises(GateRefused, match="Only the service head"):
        move_order(db, order_id, board.stages["Ремонт"], user_id=None, role="dispatcher", expected_version=1)
    move_order(db, order_id, board.stages["Ремонт"], user_id=None, role="service_head", expected_version=1, now=NOW)
    with pytest.raises(GateRefused, match="34 000,00 ₽ still owed"):
        move_order(db, order_id, board.stages["Закрыто"], user_id=None, role="manager", expected_version=2)
    update_order(db, order_id, {"custom:engine_hours": "1 240", "custom:estimate_agreed": "да"}, user_id=None,
                 expected_version=2)
    with db.session() as session:
        assert session.get(Order, order_id).custom_fields == {"engine_hours": 1240, "estimate_agreed": True}
    with pytest.raises(ValueError, match="“Моточасы” must be a number, not 'abc'"):
        update_order(db, order_id, {"custom:engine_hours": "abc"}, user_id=None, expected_version=3)


def test_service_center_asks_for_acts_after_the_visit_and_gates_the_expert_stage(
        db: Database, shipped_ids: dict[str, int]) -> None:
    board = board_of(db, shipped_ids["service_center"])
    with db.transaction() as session:
        order_id = add_order(session, board, "Новая заявка", site_id=board.site_id)
    (failure, *_rest) = gate_failures(db, order_id, board.stages["Ремонт назначен"], role="manager")
    assert failure.subject == "equipment_id"  # incomplete: the request goes back for rework
    move_order(db, order_id, board.stages["Возврат на доработку"], user_id=None, role="manager", expected_version=1)
    update_order(db, order_id, {"custom:service_partner": "АСЦ Север"}, user_id=None, expected_version=2)
    move_order(db, order_id, board.stages["Выезд"], user_id=None, role="manager", expected_version=3, now=NOW)
    with db.transaction() as session:
        session.add(Visit(order_id=order_id, starts_at=NOW, ends_at=NOW + timedelta(hours=2), status="done"))
    run_time_rules(db, NOW + timedelta(hours=3))
    run_time_rules(db, NOW + timedelta(days=3, hours=3))
    with db.session() as session:
        titles = session.execute(select(Task.title).where(Task.order_id == order_id, Task.kind == "documents")
                                 .order_by(Task.id)).scalars().all()
    assert titles == ["Приложить акт рекламации и акт выполненных работ",
                      "Напоминание: приложить акт рекламации и акт выполненных работ"]
    failures = gate_failures(db, order_id, board.stages["Экспертиза"], role="manager")
    assert [(f.code, f.subject) for f in failures] == [("document", "claim_act"), ("document", "completion_act")]
    assert "warranty claim act" in failures[0].message


def test_the_catalog_data_is_consistent() -> None:
    assert len({s.code for s in SHIPPED}) == len(SHIPPED) and len({s.name for s in SHIPPED}) == len(SHIPPED)
    assert len([s for s in shipped("furniture").stages if s.kind != "lost"]) == 9
    for spec in SHIPPED:
        names = [s.name for s in spec.stages]
        assert len(set(names)) == len(names), spec.code
        for stage in spec.stages:
            for field in stage.gates.get("required_fields", ()):
                if field.startswith("custom:"):
                    assert field.removeprefix("custom:") in {f.key for f in spec.fields}, (spec.code, field)
    with pytest.raises(KeyError, match="known: sales_install"):
        shipped("nope")


def test_the_demo_loads_the_shipped_pipelines_with_their_rules_and_fields(demo_database: Database) -> None:
    with demo_database.session() as session:
        codes = set(session.execute(select(Pipeline.code)).scalars())
        rules = session.execute(select(func.count()).select_from(StageRule).join(Stage).join(Pipeline).where(
            Pipeline.code == "sales_install")).scalar_one()
        fields = set(session.execute(select(CustomFieldDef.key).join(Pipeline).where(
            Pipeline.code == "sales_install")).scalars())
        gates = session.execute(select(Stage.gate_rules).join(Pipeline).where(
            Pipeline.code == "repair", Stage.name == "Ремонт")).scalar_one()
    assert codes == {"sales_install", "maintenance", "repair"}
    expected = sum(len(s.rules) for s in shipped("sales_install").stages)
    assert rules == expected > 0
    assert {"room_area_m2", "wall", "route_length_m", "preferred_time"} <= fields  # keys the demo orders carry
    assert gates == {"roles": ["service_head"]}

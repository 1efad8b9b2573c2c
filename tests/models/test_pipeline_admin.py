"""Editing pipelines from Settings: roles, stage order, gate and automation rules, custom fields."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.company import User
from models.custom_fields import add_custom_field, delete_custom_field, list_custom_fields, update_custom_field
from models.database import Database
from models.pipeline_admin import (
    PipelineEditError,
    add_pipeline,
    add_rule,
    add_stage,
    archive_pipeline,
    delete_rule,
    delete_stage,
    list_pipelines,
    move_stage,
    rename_pipeline,
    rename_stage,
    set_gate_rules,
    set_stage_color,
    set_stage_kind,
    set_stage_sla,
    update_rule,
)
from models.pipelines import Stage
from tests.factories import add_client, add_order

ADMIN = "admin"


def _pipeline(db: Database, pipeline_id: int):
    return next(p for p in list_pipelines(db) if p.id == pipeline_id)


def _names(db: Database, pipeline_id: int) -> list[str]:
    return [s.name for s in _pipeline(db, pipeline_id).stages]


@pytest.fixture
def furniture(db: Database) -> tuple[int, list[int]]:
    pipeline_id = add_pipeline(db, "Мебель на заказ", "furniture", role=ADMIN)
    stages = [add_stage(db, pipeline_id, name, color=color, kind=kind, sla_hours=sla, role="manager")
              for name, color, kind, sla in (("Заявка", "#90a4ae", "open", 4), ("Замер", "#42a5f5", "open", 48),
                                             ("Договор", "#7e57c2", "open", None), ("Закрыто", "#2e7d32", "won", None))]
    return pipeline_id, stages


def test_only_managers_and_admins_may_edit(db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    for role in ("dispatcher", "technician", "service_head", "accountant", ""):
        with pytest.raises(PermissionError, match="manager or an administrator"):
            rename_stage(db, stages[0], "Лид", role=role)
        with pytest.raises(PermissionError):
            add_pipeline(db, "Другая", "other", role=role)
    assert _names(db, pipeline_id)[0] == "Заявка"


def test_stages_are_listed_in_order_with_their_settings(db: Database, furniture) -> None:
    pipeline_id, _ = furniture
    pipeline = _pipeline(db, pipeline_id)
    assert (pipeline.code, pipeline.name, pipeline.archived) == ("furniture", "Мебель на заказ", False)
    assert [s.position for s in pipeline.stages] == [0, 1, 2, 3]
    assert [(s.name, s.sla_hours, s.kind) for s in pipeline.stages][1] == ("Замер", 48, "open")
    assert pipeline.stages[3].kind == "won"


def test_add_pipeline_is_idempotent_and_codes_are_checked(db: Database, furniture) -> None:
    pipeline_id, _ = furniture
    assert add_pipeline(db, "Мебель на заказ", "furniture", role=ADMIN) == pipeline_id
    with pytest.raises(PipelineEditError, match="already used by pipeline «Мебель на заказ»"):
        add_pipeline(db, "Двери", "furniture", role=ADMIN)
    with pytest.raises(PipelineEditError, match="must start with a Latin letter"):
        add_pipeline(db, "Двери", "Двери", role=ADMIN)
    with pytest.raises(PipelineEditError, match="already exists"):
        add_pipeline(db, "мебель на заказ", "doors", role=ADMIN)


def test_rename_and_archive_a_pipeline(db: Database, furniture) -> None:
    pipeline_id, _ = furniture
    rename_pipeline(db, pipeline_id, "  Мебель   и двери ", role=ADMIN)
    archive_pipeline(db, pipeline_id, role=ADMIN)
    pipeline = _pipeline(db, pipeline_id)
    assert (pipeline.name, pipeline.archived) == ("Мебель и двери", True)
    assert pipeline_id not in {p.id for p in list_pipelines(db, include_archived=False)}
    archive_pipeline(db, pipeline_id, False, role=ADMIN)
    assert _pipeline(db, pipeline_id).archived is False
    with pytest.raises(PipelineEditError, match="Enter the pipeline's name"):
        rename_pipeline(db, pipeline_id, "   ", role=ADMIN)


def test_add_stage_after_another_renumbers_the_rest(db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    add_stage(db, pipeline_id, "КП", color="#5C6BC0", after_stage_id=stages[1], role=ADMIN)
    pipeline = _pipeline(db, pipeline_id)
    assert [s.name for s in pipeline.stages] == ["Заявка", "Замер", "КП", "Договор", "Закрыто"]
    assert [s.position for s in pipeline.stages] == [0, 1, 2, 3, 4]
    assert pipeline.stages[2].color == "#5c6bc0"
    with pytest.raises(PipelineEditError, match="already has a stage «КП»"):
        add_stage(db, pipeline_id, "кп", role=ADMIN)


def test_move_stage_renumbers_in_one_transaction(fresh_database: Database) -> None:
    """Real commits, so the deferred unique constraint on positions is checked."""
    db = fresh_database
    pipeline_id = add_pipeline(db, "Ремонт", "repair_x", role=ADMIN)
    ids = [add_stage(db, pipeline_id, name, role=ADMIN) for name in ("A", "B", "C", "D")]
    move_stage(db, ids[3], 0, role=ADMIN)
    assert _names(db, pipeline_id) == ["D", "A", "B", "C"]
    move_stage(db, ids[3], 3, role=ADMIN)
    move_stage(db, ids[0], 2, role=ADMIN)
    assert _names(db, pipeline_id) == ["B", "C", "A", "D"]
    assert [s.position for s in _pipeline(db, pipeline_id).stages] == [0, 1, 2, 3]
    with pytest.raises(PipelineEditError, match="outside this pipeline's 4 stages"):
        move_stage(db, ids[0], 4, role=ADMIN)


def test_colour_kind_and_sla_are_validated(db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    set_stage_color(db, stages[0], "#FFA726", role=ADMIN)
    set_stage_kind(db, stages[2], "lost", role=ADMIN)
    set_stage_sla(db, stages[2], 72, role=ADMIN)
    set_stage_sla(db, stages[1], None, role=ADMIN)
    stage = _pipeline(db, pipeline_id).stages
    assert (stage[0].color, stage[2].kind, stage[2].sla_hours, stage[1].sla_hours) == ("#ffa726", "lost", 72, None)
    with pytest.raises(PipelineEditError, match="not a colour like #42a5f5"):
        set_stage_color(db, stages[0], "red", role=ADMIN)
    with pytest.raises(PipelineEditError, match="choose open, won or lost"):
        set_stage_kind(db, stages[0], "closed", role=ADMIN)
    for bad in (0, -5, 2.5, "12"):
        with pytest.raises(PipelineEditError, match="whole hours"):
            set_stage_sla(db, stages[0], bad, role=ADMIN)


def test_delete_stage_refused_while_orders_are_in_it(db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    with db.transaction() as session:
        client = add_client(session, "Иванов Пётр", "+79120000001")
        stage = session.get(Stage, stages[1])
        add_order(session, client, stage, "Шкаф-купе")
        add_order(session, client, stage, "Кухня")
    with pytest.raises(PipelineEditError, match="holds 2 order"):
        delete_stage(db, stages[1], role=ADMIN)
    delete_stage(db, stages[2], role=ADMIN)
    pipeline = _pipeline(db, pipeline_id)
    assert [s.name for s in pipeline.stages] == ["Заявка", "Замер", "Закрыто"]
    assert [s.position for s in pipeline.stages] == [0, 1, 2]


def test_delete_stage_refused_while_a_rule_moves_orders_into_it(db: Database, furniture) -> None:
    _, stages = furniture
    add_rule(db, stages[1], "move_on_task_done", {"to_stage_id": stages[2]}, role=ADMIN)
    with pytest.raises(PipelineEditError, match="«Замер» moves orders to «Договор»"):
        delete_stage(db, stages[2], role=ADMIN)


def test_gate_rules_are_validated_and_stored_compactly(db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    stored = set_gate_rules(db, stages[3], {
        "required_fields": ["site_id", "amount", "custom:room_area_m2", "site_id"],
        "required_attachments": ["photo"], "required_documents": [], "fully_paid": True,
        "roles": ["service_head"]}, role=ADMIN)
    expected = {"required_fields": ["site_id", "amount", "custom:room_area_m2"], "required_attachments": ["photo"],
                "fully_paid": True, "roles": ["service_head"]}
    assert stored == expected
    assert _pipeline(db, pipeline_id).stages[3].gate_rules == expected
    cases = [({"required_photos": ["x"]}, "Unknown gate rule.*'required_photos'"),
             ({"roles": ["boss"]}, "'boss' is unknown; choose from dispatcher"),
             ({"required_fields": ["colour"]}, "'colour' is unknown; use one of client_id"),
             ({"required_documents": ["Акт"]}, "not a name like 'completion_act'"),
             ({"fully_paid": "yes"}, "must be true or false")]
    for rules, message in cases:
        with pytest.raises(PipelineEditError, match=message):
            set_gate_rules(db, stages[3], rules, role=ADMIN)
    assert _pipeline(db, pipeline_id).stages[3].gate_rules == expected


def test_automation_rules_are_validated(db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    with db.session() as session:
        user_id = session.execute(select(User.id).limit(1)).scalar()
    rule_id = add_rule(db, stages[1], "create_task",
                       {"title": " Подтвердить  замер ", "owner": "role:service_head", "due_hours": 4}, role=ADMIN)
    add_rule(db, stages[1], "move_on_task_done", {"to_stage_id": stages[2], "task_rule_id": rule_id}, role=ADMIN)
    add_rule(db, stages[2], "remind_documents", {"documents": ["completion_act"], "every_days": 3,
                                                 "owner": "order_owner"}, role=ADMIN)
    rules = {s.name: s.rules for s in _pipeline(db, pipeline_id).stages}
    assert [(r.kind, r.position) for r in rules["Замер"]] == [("create_task", 0), ("move_on_task_done", 1)]
    assert rules["Замер"][0].params == {"title": "Подтвердить замер", "owner": "role:service_head", "due_hours": 4}
    assert rules["Договор"][0].params["every_days"] == 3
    bad = [
        ("create_task", {"title": "x", "owner": "boss", "due_hours": 1}, "Task owner 'boss' is not understood"),
        ("create_task", {"title": "x", "owner": "user:999999", "due_hours": 1}, "User 999999 does not exist"),
        ("create_task", {"title": "x", "owner": "order_owner", "due_hours": -1}, "0 or more"),
        ("create_task", {"title": "x", "owner": "order_owner"}, "needs due_hours"),
        ("create_task", {"title": "x", "owner": "order_owner", "due_hours": 1, "when": 2}, "Unknown setting.*'when'"),
        ("remind_documents", {"documents": ["completion_act"], "every_days": 0, "owner": "order_owner"}, "1 or more"),
        ("move_on_task_done", {"to_stage_id": stages[1]}, "cannot move orders into «Замер» itself"),
        ("move_on_task_done", {"to_stage_id": 10**9}, "not a stage of this pipeline"),
        ("notify", {}, "Rule kind 'notify' is unknown"),
    ]
    for kind, params, message in bad:
        with pytest.raises(PipelineEditError, match=message):
            add_rule(db, stages[1], kind, params, role=ADMIN)
    if user_id is not None:
        add_rule(db, stages[0], "create_task", {"title": "Позвонить", "owner": f"user:{user_id}", "due_hours": 0.5},
                 role=ADMIN)


def test_move_rule_must_stay_within_the_pipeline(db: Database, furniture) -> None:
    _, stages = furniture
    other = add_pipeline(db, "Двери", "doors", role=ADMIN)
    foreign = add_stage(db, other, "Заявка", role=ADMIN)
    with pytest.raises(PipelineEditError, match="not a stage of this pipeline"):
        add_rule(db, stages[1], "move_on_task_done", {"to_stage_id": foreign}, role=ADMIN)


def test_update_and_delete_rule(db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    task_rule = add_rule(db, stages[1], "create_task", {"title": "Замер", "owner": "order_owner", "due_hours": 2},
                         role=ADMIN)
    move_rule = add_rule(db, stages[1], "move_on_task_done", {"to_stage_id": stages[2], "task_rule_id": task_rule},
                         role=ADMIN)
    info = update_rule(db, task_rule, params={"title": "Замер", "owner": "order_owner", "due_hours": 24},
                       active=False, role=ADMIN)
    assert (info.params["due_hours"], info.active) == (24, False)
    with pytest.raises(PipelineEditError, match="needs owner"):
        update_rule(db, task_rule, params={"title": "Замер", "due_hours": 24}, role=ADMIN)
    delete_rule(db, task_rule, role=ADMIN)
    delete_rule(db, task_rule, role=ADMIN)  # already gone: nothing to do
    rules = _pipeline(db, pipeline_id).stages[1].rules
    assert [(r.id, r.params) for r in rules] == [(move_rule, {"to_stage_id": stages[2]})]


def test_custom_fields(db: Database, furniture) -> None:
    pipeline_id, stages = furniture
    area = add_custom_field(db, pipeline_id, "room_area_m2", "Площадь, м²", "number", role=ADMIN)
    assert add_custom_field(db, pipeline_id, "room_area_m2", "Площадь, м²", "number", role=ADMIN) == area
    wall = add_custom_field(db, pipeline_id, "wall", "Стена", "choice", choices=["кирпич", "панель", "кирпич"],
                            scenario="installation", role=ADMIN)
    fields = list_custom_fields(db, pipeline_id)
    assert [(f.key, f.type, f.position) for f in fields] == [("room_area_m2", "number", 0), ("wall", "choice", 1)]
    assert fields[1].choices == ("кирпич", "панель")
    update_custom_field(db, wall, label="Материал стены", type_="choice", choices=["бетон"], role=ADMIN)
    assert list_custom_fields(db, pipeline_id)[1].label == "Материал стены"
    cases = [(("Room", "x", "text"), "Field key 'Room' must start"), (("floor", "Этаж", "int"), "type 'int'"),
             (("kind", "Вид", "choice"), "list the values"),
             (("room_area_m2", "Другое", "text"), "already has a field")]
    for (key, label, type_), message in cases:
        with pytest.raises(PipelineEditError, match=message):
            add_custom_field(db, pipeline_id, key, label, type_, role=ADMIN)
    set_gate_rules(db, stages[2], {"required_fields": ["custom:room_area_m2"]}, role=ADMIN)
    with pytest.raises(PipelineEditError, match="«Договор» require field «Площадь, м²»"):
        delete_custom_field(db, area, role=ADMIN)
    delete_custom_field(db, wall, role=ADMIN)
    assert [f.key for f in list_custom_fields(db, pipeline_id)] == ["room_area_m2"]


def test_every_shipped_rule_and_gate_passes_the_settings_validation(db: Database) -> None:
    """What the editor accepts and what the shipped pipelines use are the same settings."""
    from sqlalchemy import select

    from models.pipeline_admin import validate_gate_rules, validate_rule
    from models.pipeline_catalog import ensure_shipped_pipelines
    from models.pipeline_rules import StageRule
    from models.pipelines import Stage

    ensure_shipped_pipelines(db)
    with db.session() as session:
        stages = session.execute(select(Stage)).scalars().all()
        rules = session.execute(select(StageRule)).scalars().all()
        assert rules
        for stage in stages:
            validate_gate_rules(stage.gate_rules)
        for rule in rules:
            validate_rule(session, session.get(Stage, rule.stage_id), rule.kind, rule.params)

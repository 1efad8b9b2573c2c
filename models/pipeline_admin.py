"""Editing pipelines in Settings: pipelines, their stages in order, gate rules, automation rules.

Every write takes the editor's role and refuses anyone but a manager or an administrator with a
PermissionError. Bad input raises PipelineEditError (a ValueError) whose message says what is wrong and
what to do. Each function is one transaction; writes that would change nothing change nothing. Custom order fields
are defined in ``models.custom_fields``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from models.company import GROUP_ROLES, User
from models.database import Database
from models.pipeline_rules import RULE_KINDS, StageRule
from models.pipelines import STAGE_KINDS, Order, Pipeline, Stage, StageChange

EDITOR_ROLES = ("manager", "admin")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Fields of an order a gate may require; a custom field is required as "custom:<key>".
ORDER_FIELDS = ("client_id", "site_id", "equipment_id", "owner_id", "scenario", "description", "amount", "due_at")
#: Kinds offered for required attachments and documents; other identifiers are accepted as well.
ATTACHMENT_KINDS = ("photo", "act", "claim", "scan")
DOCUMENT_KINDS = ("completion_act", "claim_act", "commissioning_act", "contract", "invoice")
GATE_KEYS = ("required_fields", "required_attachments", "required_documents", "fully_paid", "roles")
RULE_PARAMS = {  # kind -> (required keys, optional keys)
    "create_task": (("title", "owner", "due_hours"), ("task_kind",)),
    "move_on_task_done": (("to_stage_id",), ("after_rule_id", "task_rule_id")),
    "remind_documents": (("documents", "every_days", "owner"), ("title", "reminder_title", "due_hours", "task_kind")),
}
MAX_SLA_HOURS = 24 * 365


class PipelineEditError(ValueError):
    """The edit cannot be made as asked; the message says why and what to do instead."""


@dataclass(frozen=True)
class RuleInfo:
    id: int
    stage_id: int
    kind: str
    position: int
    params: dict
    active: bool


@dataclass(frozen=True)
class StageInfo:
    id: int
    pipeline_id: int
    name: str
    color: str
    kind: str
    sla_hours: int | None
    position: int
    gate_rules: dict
    rules: tuple[RuleInfo, ...] = ()


@dataclass(frozen=True)
class PipelineInfo:
    id: int
    code: str
    name: str
    archived: bool
    stages: tuple[StageInfo, ...] = ()


@dataclass(frozen=True)
class UserChoice:
    """A person a rule may hand its tasks to."""

    id: int
    full_name: str
    role: str
    active: bool


def can_edit(role: str | None) -> bool:
    return role in EDITOR_ROLES


def require_editor(role: str | None) -> None:
    if not can_edit(role):
        raise PermissionError(f"Only a manager or an administrator may change pipelines; your role is "
                              f"{role or 'none'}.")


# reading

def list_pipelines(db: Database, *, include_archived: bool = True) -> list[PipelineInfo]:
    """Every pipeline (by position, then name) with its stages in order and each stage's automation rules."""
    with db.session() as session:
        query = select(Pipeline).order_by(Pipeline.archived, Pipeline.position, Pipeline.name)
        if not include_archived:
            query = query.where(Pipeline.archived.is_(False))
        pipelines = session.execute(query).scalars().all()
        stages = session.execute(select(Stage).order_by(Stage.pipeline_id, Stage.position, Stage.id)).scalars().all()
        rules = [_rule_info(r) for r in session.execute(select(StageRule).order_by(StageRule.position,
                                                                                  StageRule.id)).scalars()]
        by_stage: dict[int, list[RuleInfo]] = {}
        for rule in rules:
            by_stage.setdefault(rule.stage_id, []).append(rule)
        by_pipeline: dict[int, list[StageInfo]] = {}
        for s in stages:
            by_pipeline.setdefault(s.pipeline_id, []).append(StageInfo(
                s.id, s.pipeline_id, s.name, s.color, s.kind, s.sla_hours, s.position, dict(s.gate_rules or {}),
                tuple(by_stage.get(s.id, ()))))
        return [PipelineInfo(p.id, p.code, p.name, p.archived, tuple(by_pipeline.get(p.id, ()))) for p in pipelines]


def list_users(db: Database) -> list[UserChoice]:
    """People a rule may assign tasks to, active ones first."""
    with db.session() as session:
        rows = session.execute(select(User.id, User.full_name, User.role, User.active)
                               .order_by(User.active.desc(), User.full_name)).all()
    return [UserChoice(*row) for row in rows]


def _rule_info(r: StageRule) -> RuleInfo:
    return RuleInfo(r.id, r.stage_id, r.kind, r.position, dict(r.params or {}), r.active)


# pipelines

def _name(value: str, what: str, limit: int = 100) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise PipelineEditError(f"Enter the {what}'s name.")
    if len(name) > limit:
        raise PipelineEditError(f"The {what}'s name is {len(name)} characters long; keep it within {limit}.")
    return name


def add_pipeline(db: Database, name: str, code: str, *, role: str) -> int:
    """Create an empty pipeline; repeating the same call returns the same pipeline."""
    require_editor(role)
    name = _name(name, "pipeline")
    code = (code or "").strip()
    if not IDENTIFIER.match(code) or len(code) > 40:
        raise PipelineEditError(f"Code {code!r} must start with a Latin letter and use only a-z, 0-9 and '_' "
                                f"(at most 40 characters), e.g. 'furniture'.")
    with db.transaction() as session:
        same_code = session.execute(select(Pipeline).where(Pipeline.code == code)).scalar_one_or_none()
        if same_code is not None:
            if same_code.name == name:
                return same_code.id
            raise PipelineEditError(f"Code {code!r} is already used by pipeline «{same_code.name}»; choose another.")
        _check_pipeline_name_free(session, name, None)
        position = session.execute(select(func.coalesce(func.max(Pipeline.position), -1) + 1)).scalar_one()
        pipeline = Pipeline(name=name, code=code, position=position)
        session.add(pipeline)
        session.flush()
        return pipeline.id


def _check_pipeline_name_free(session: Session, name: str, pipeline_id: int | None) -> None:
    clash = session.execute(select(Pipeline.id).where(func.lower(Pipeline.name) == name.lower(),
                                                      Pipeline.id != (pipeline_id or 0))).first()
    if clash is not None:
        raise PipelineEditError(f"A pipeline named «{name}» already exists; choose another name.")


def rename_pipeline(db: Database, pipeline_id: int, name: str, *, role: str) -> None:
    require_editor(role)
    name = _name(name, "pipeline")
    with db.transaction() as session:
        pipeline = _pipeline(session, pipeline_id)
        if pipeline.name != name:
            _check_pipeline_name_free(session, name, pipeline_id)
            pipeline.name = name


def archive_pipeline(db: Database, pipeline_id: int, archived: bool = True, *, role: str) -> None:
    """Hide a pipeline from new orders and boards (its orders stay), or bring it back."""
    require_editor(role)
    with db.transaction() as session:
        _pipeline(session, pipeline_id).archived = archived


def _pipeline(session: Session, pipeline_id: int, *, lock: bool = False) -> Pipeline:
    pipeline = session.get(Pipeline, pipeline_id, with_for_update=lock)
    if pipeline is None:
        raise PipelineEditError(f"Pipeline {pipeline_id} no longer exists; reload the list.")
    return pipeline


def _stage(session: Session, stage_id: int) -> Stage:
    stage = session.get(Stage, stage_id)
    if stage is None:
        raise PipelineEditError(f"Stage {stage_id} no longer exists; reload the list.")
    return stage


# stages

def _color(color: str) -> str:
    value = (color or "").strip()
    if not COLOR.match(value):
        raise PipelineEditError(f"Colour {color!r} is not a colour like #42a5f5 ('#' and six hex digits).")
    return value.lower()


def _kind(kind: str) -> str:
    if kind not in STAGE_KINDS:
        raise PipelineEditError(f"Stage kind {kind!r} is unknown; choose open, won or lost.")
    return kind


def _sla(sla_hours: int | None) -> int | None:
    if sla_hours is None:
        return None
    if isinstance(sla_hours, bool) or not isinstance(sla_hours, int) or not 1 <= sla_hours <= MAX_SLA_HOURS:
        raise PipelineEditError(f"SLA of {sla_hours!r} hours is not allowed: enter whole hours from 1 to "
                                f"{MAX_SLA_HOURS}, or leave it empty for no time limit.")
    return sla_hours


def _ordered_stages(session: Session, pipeline_id: int) -> list[Stage]:
    """The pipeline's stages in order, with the pipeline locked so structural edits queue up."""
    _pipeline(session, pipeline_id, lock=True)
    return list(session.execute(select(Stage).where(Stage.pipeline_id == pipeline_id)
                                .order_by(Stage.position, Stage.id)).scalars())


def _renumber(session: Session, stages: list[Stage]) -> None:
    """Positions 0..n-1 in list order; the unique constraint is checked at commit, so swaps are fine."""
    for index, stage in enumerate(stages):
        if stage.position != index:
            stage.position = index
    session.flush()


def _check_stage_name_free(stages: Iterable[Stage], name: str, stage_id: int | None) -> None:
    for stage in stages:
        if stage.id != stage_id and stage.name.lower() == name.lower():
            raise PipelineEditError(f"This pipeline already has a stage «{stage.name}»; choose another name.")


def add_stage(db: Database, pipeline_id: int, name: str, *, color: str = "#9e9e9e", kind: str = "open",
              sla_hours: int | None = None, after_stage_id: int | None = None, role: str) -> int:
    """Add a stage after ``after_stage_id`` (at the end when None); returns its id."""
    require_editor(role)
    name, color, kind, sla_hours = _name(name, "stage"), _color(color), _kind(kind), _sla(sla_hours)
    with db.transaction() as session:
        stages = _ordered_stages(session, pipeline_id)
        _check_stage_name_free(stages, name, None)
        index = len(stages)
        if after_stage_id is not None:
            ids = [s.id for s in stages]
            if after_stage_id not in ids:
                raise PipelineEditError(f"Stage {after_stage_id} is not in this pipeline; reload the list.")
            index = ids.index(after_stage_id) + 1
        stage = Stage(pipeline_id=pipeline_id, position=len(stages) + 1000, name=name, color=color, kind=kind,
                      sla_hours=sla_hours, gate_rules={})
        session.add(stage)
        session.flush()
        stages.insert(index, stage)
        _renumber(session, stages)
        return stage.id


def rename_stage(db: Database, stage_id: int, name: str, *, role: str) -> None:
    require_editor(role)
    name = _name(name, "stage")
    with db.transaction() as session:
        stage = _stage(session, stage_id)
        if stage.name != name:
            _check_stage_name_free(_ordered_stages(session, stage.pipeline_id), name, stage_id)
            stage.name = name


def set_stage_color(db: Database, stage_id: int, color: str, *, role: str) -> None:
    require_editor(role)
    color = _color(color)
    with db.transaction() as session:
        stage = _stage(session, stage_id)
        if stage.color.lower() != color:
            stage.color = color


def set_stage_kind(db: Database, stage_id: int, kind: str, *, role: str) -> None:
    """Open, or closing the order as won or lost."""
    require_editor(role)
    kind = _kind(kind)
    with db.transaction() as session:
        stage = _stage(session, stage_id)
        if stage.kind != kind:
            stage.kind = kind


def set_stage_sla(db: Database, stage_id: int, sla_hours: int | None, *, role: str) -> None:
    """How many hours an order may stay in the stage before it shows as overdue (None: no limit)."""
    require_editor(role)
    sla_hours = _sla(sla_hours)
    with db.transaction() as session:
        stage = _stage(session, stage_id)
        if stage.sla_hours != sla_hours:
            stage.sla_hours = sla_hours


def move_stage(db: Database, stage_id: int, new_position: int, *, role: str) -> None:
    """Put the stage at ``new_position`` (0 is first) and renumber the others, in one transaction."""
    require_editor(role)
    with db.transaction() as session:
        stages = _ordered_stages(session, _stage(session, stage_id).pipeline_id)
        if not 0 <= new_position < len(stages):
            raise PipelineEditError(f"Position {new_position} is outside this pipeline's {len(stages)} stages "
                                    f"(0 to {len(stages) - 1}).")
        stage = next(s for s in stages if s.id == stage_id)
        stages.remove(stage)
        stages.insert(new_position, stage)
        _renumber(session, stages)


def delete_stage(db: Database, stage_id: int, *, role: str) -> None:
    """Delete an unused stage; refused while orders are in it, its history is recorded or rules lead to it."""
    require_editor(role)
    with db.transaction() as session:
        stage = _stage(session, stage_id)
        stages = _ordered_stages(session, stage.pipeline_id)
        if len(stages) == 1:
            raise PipelineEditError(f"«{stage.name}» is the pipeline's only stage; add another stage first.")
        orders = session.execute(select(func.count()).where(Order.stage_id == stage_id)).scalar_one()
        if orders:
            raise PipelineEditError(f"Stage «{stage.name}» holds {orders} order(s); move them to another stage "
                                    f"before deleting it.")
        history = session.execute(select(func.count(func.distinct(StageChange.order_id))).where(
            or_(StageChange.to_stage_id == stage_id, StageChange.from_stage_id == stage_id))).scalar_one()
        if history:
            raise PipelineEditError(f"Stage «{stage.name}» is in the stage history of {history} order(s) and cannot "
                                    f"be deleted; rename it or stop using it instead.")
        leading = [s.name for s, r in _rules_moving_to(session, stages, stage_id)]
        if leading:
            raise PipelineEditError(f"Automation of stage(s) {', '.join(f'«{n}»' for n in leading)} moves orders to "
                                    f"«{stage.name}»; change those rules first.")
        session.delete(stage)
        session.flush()
        _renumber(session, [s for s in stages if s.id != stage_id])


def _rules_moving_to(session: Session, stages: list[Stage], stage_id: int) -> list[tuple[Stage, StageRule]]:
    by_id = {s.id: s for s in stages}
    rules = session.execute(select(StageRule).where(StageRule.stage_id.in_(by_id), StageRule.stage_id != stage_id,
                                                    StageRule.kind == "move_on_task_done")).scalars()
    return [(by_id[r.stage_id], r) for r in rules if (r.params or {}).get("to_stage_id") == stage_id]


# gate rules

def _identifiers(values: object, what: str, *, known: Iterable[str] | None = None, custom: bool = False) -> list[str]:
    """Distinct names from ``known`` (any identifier when None; "custom:<key>" too when ``custom``)."""
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise PipelineEditError(f"{what} must be a list of names.")
    result: list[str] = []
    for value in values:
        if custom and value.startswith("custom:") and IDENTIFIER.match(value.removeprefix("custom:")):
            pass
        elif custom and value not in (known or ()):
            raise PipelineEditError(f"{what}: {value!r} is unknown; use one of {', '.join(known or ())} or "
                                    f"'custom:<key>' for a custom field.")
        elif known is not None and value not in known:
            raise PipelineEditError(f"{what}: {value!r} is unknown; choose from {', '.join(known)}.")
        if known is None and not IDENTIFIER.match(value):
            raise PipelineEditError(f"{what}: {value!r} is not a name like 'completion_act' (a-z, 0-9, '_').")
        if value not in result:
            result.append(value)
    return result


def validate_gate_rules(rules: Mapping[str, object]) -> dict:
    """The gate rules in their stored form (empty entries dropped); PipelineEditError names what is wrong."""
    if not isinstance(rules, Mapping):
        raise PipelineEditError("Gate rules must be a mapping of rule names to values.")
    unknown = sorted(set(rules) - set(GATE_KEYS))
    if unknown:
        raise PipelineEditError(f"Unknown gate rule(s) {', '.join(map(repr, unknown))}; the known ones are "
                                f"{', '.join(GATE_KEYS)}.")
    result: dict[str, object] = {}
    fields = _identifiers(rules.get("required_fields", []), "Required fields", known=ORDER_FIELDS, custom=True)
    attachments = _identifiers(rules.get("required_attachments", []), "Required attachments")
    documents = _identifiers(rules.get("required_documents", []), "Required documents")
    roles = _identifiers(rules.get("roles", []), "Roles allowed to move here", known=GROUP_ROLES)
    paid = rules.get("fully_paid", False)
    if not isinstance(paid, bool):
        raise PipelineEditError(f"'fully_paid' must be true or false, not {paid!r}.")
    for key, value in (("required_fields", fields), ("required_attachments", attachments),
                       ("required_documents", documents), ("fully_paid", paid), ("roles", roles)):
        if value:
            result[key] = value
    return result


def set_gate_rules(db: Database, stage_id: int, rules: Mapping[str, object], *, role: str) -> dict:
    """Replace the stage's gate rules with ``rules`` (validated); returns what was stored."""
    require_editor(role)
    stored = validate_gate_rules(rules)
    with db.transaction() as session:
        stage = _stage(session, stage_id)
        if stage.gate_rules != stored:
            stage.gate_rules = stored
    return stored


# automation rules

def validate_rule(session: Session, stage: Stage, kind: str, params: Mapping[str, object]) -> dict:
    """The rule's params in stored form; PipelineEditError says which setting is wrong and why."""
    if kind not in RULE_KINDS:
        raise PipelineEditError(f"Rule kind {kind!r} is unknown; choose one of {', '.join(RULE_KINDS)}.")
    if not isinstance(params, Mapping):
        raise PipelineEditError("Rule settings must be a mapping of names to values.")
    required, optional = RULE_PARAMS[kind]
    unknown = sorted(set(params) - set(required) - set(optional))
    if unknown:
        raise PipelineEditError(f"Unknown setting(s) {', '.join(map(repr, unknown))} for a {kind} rule; expected "
                                f"{', '.join((*required, *optional))}.")
    missing = [key for key in required if params.get(key) in (None, "", [])]
    if missing:
        raise PipelineEditError(f"A {kind} rule needs {', '.join(missing)}.")
    result: dict[str, object] = {}
    for key, value in params.items():
        if value in (None, ""):
            continue
        result[key] = _rule_value(session, stage, key, value)
    return result


def _rule_value(session: Session, stage: Stage, key: str, value: object) -> object:
    if key in ("title", "reminder_title"):
        text = " ".join(str(value).split())
        if not text or len(text) > 300:
            raise PipelineEditError("A task title must be 1 to 300 characters long.")
        return text
    if key == "owner":
        return _owner(session, value)
    if key == "task_kind":
        kind = str(value).strip()
        if not kind.isidentifier() or len(kind) > 30:
            raise PipelineEditError(f"Task kind {value!r} must be a short identifier such as documents or survey.")
        return kind
    if key == "due_hours":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise PipelineEditError(f"Deadline offset {value!r} must be a number of hours, 0 or more.")
        return value
    if key == "every_days":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise PipelineEditError(f"Reminder interval {value!r} must be a whole number of days, 1 or more.")
        return value
    if key == "documents":
        documents = _identifiers(value, "Documents to ask for")
        if not documents:
            raise PipelineEditError("Name at least one document to ask for, e.g. completion_act.")
        return documents
    if key == "to_stage_id":
        target = session.get(Stage, value) if isinstance(value, int) and not isinstance(value, bool) else None
        if target is None or target.pipeline_id != stage.pipeline_id:
            raise PipelineEditError(f"Stage {value!r} to move to is not a stage of this pipeline; pick one from the "
                                    f"list.")
        if target.id == stage.id:
            raise PipelineEditError(f"A rule of «{stage.name}» cannot move orders into «{stage.name}» itself.")
        return target.id
    # after_rule_id / task_rule_id: the create_task rule of this stage whose task, once done, moves the order on
    rule = session.get(StageRule, value) if isinstance(value, int) and not isinstance(value, bool) else None
    if rule is None or rule.stage_id != stage.id or rule.kind != "create_task":
        raise PipelineEditError(f"Rule {value!r} is not a task-creating rule of stage «{stage.name}».")
    return rule.id


def _owner(session: Session, value: object) -> str:
    text = str(value).strip()
    if text == "order_owner":
        return text
    kind, _, rest = text.partition(":")
    if kind == "role" and rest in GROUP_ROLES:
        return text
    if kind == "user" and rest.isdigit():
        active = session.execute(select(User.active).where(User.id == int(rest))).scalar_one_or_none()
        if active is None:
            raise PipelineEditError(f"User {rest} does not exist; pick the task's owner from the list.")
        return text
    raise PipelineEditError(f"Task owner {value!r} is not understood; use 'order_owner', 'role:<role>' "
                            f"({', '.join(GROUP_ROLES)}) or 'user:<id>'.")


def add_rule(db: Database, stage_id: int, kind: str, params: Mapping[str, object], *, active: bool = True,
             role: str) -> int:
    """Add an automation rule at the end of the stage's rules; returns its id."""
    require_editor(role)
    with db.transaction() as session:
        stage = _stage(session, stage_id)
        stored = validate_rule(session, stage, kind, params)
        position = session.execute(select(func.coalesce(func.max(StageRule.position), -1) + 1)
                                   .where(StageRule.stage_id == stage_id)).scalar_one()
        rule = StageRule(stage_id=stage_id, kind=kind, params=stored, active=active, position=position)
        session.add(rule)
        session.flush()
        return rule.id


def update_rule(db: Database, rule_id: int, *, params: Mapping[str, object] | None = None,
                active: bool | None = None, role: str) -> RuleInfo:
    """Replace a rule's settings and/or switch it on or off; returns the rule as stored."""
    require_editor(role)
    with db.transaction() as session:
        rule = session.get(StageRule, rule_id)
        if rule is None:
            raise PipelineEditError(f"Rule {rule_id} no longer exists; reload the list.")
        if params is not None:
            stored = validate_rule(session, _stage(session, rule.stage_id), rule.kind, params)
            if rule.params != stored:
                rule.params = stored
        if active is not None and rule.active != active:
            rule.active = active
        session.flush()
        return _rule_info(rule)


def delete_rule(db: Database, rule_id: int, *, role: str) -> None:
    """Delete a rule (its firings go with it); deleting one already gone does nothing."""
    require_editor(role)
    with db.transaction() as session:
        session.execute(update(StageRule).where(StageRule.kind == "move_on_task_done",
                                                StageRule.params["task_rule_id"].as_integer() == rule_id)
                        .values(params=StageRule.params.op("-")("task_rule_id")))
        session.execute(delete(StageRule).where(StageRule.id == rule_id))

"""Custom order fields of a pipeline in Settings: define, change and delete them; values live on the orders.

The same rules as the rest of pipeline editing (``models.pipeline_admin``): only a manager or an administrator
writes, bad input raises PipelineEditError saying what to do, each function is one transaction, and repeating a
write that would change nothing changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from models.database import Database
from models.pipeline_admin import IDENTIFIER, PipelineEditError, _name, _ordered_stages, _pipeline, require_editor
from models.pipeline_rules import FIELD_TYPES, CustomFieldDef
from models.pipelines import SCENARIOS


@dataclass(frozen=True)
class CustomFieldInfo:
    id: int
    pipeline_id: int
    key: str
    label: str
    type: str
    scenario: str | None
    choices: tuple[str, ...]
    position: int


def list_custom_fields(db: Database, pipeline_id: int) -> list[CustomFieldInfo]:
    with db.session() as session:
        rows = session.execute(select(CustomFieldDef).where(CustomFieldDef.pipeline_id == pipeline_id)
                               .order_by(CustomFieldDef.position, CustomFieldDef.id)).scalars().all()
        return [_field_info(f) for f in rows]


def _field_info(f: CustomFieldDef) -> CustomFieldInfo:
    return CustomFieldInfo(f.id, f.pipeline_id, f.key, f.label, f.type, f.scenario, tuple(f.choices or ()),
                           f.position)


def _field_values(key: str, label: str, type_: str, scenario: str | None, choices: Iterable[str]) -> dict:
    if not IDENTIFIER.match(key or "") or len(key) > 40:
        raise PipelineEditError(f"Field key {key!r} must start with a Latin letter and use only a-z, 0-9 and '_' "
                                f"(at most 40 characters), e.g. 'room_area_m2'.")
    label = _name(label, "field", 100)
    if type_ not in FIELD_TYPES:
        raise PipelineEditError(f"Field type {type_!r} is unknown; choose one of {', '.join(FIELD_TYPES)}.")
    if scenario is not None and scenario not in SCENARIOS:
        raise PipelineEditError(f"Scenario {scenario!r} is unknown; choose one of {', '.join(SCENARIOS)} or none.")
    cleaned: list[str] = []
    for choice in choices or ():
        text = " ".join(str(choice).split())
        if text and text not in cleaned:
            cleaned.append(text)
    if type_ == "choice" and not cleaned:
        raise PipelineEditError(f"Field «{label}» is a choice: list the values people may pick.")
    if type_ != "choice" and cleaned:
        raise PipelineEditError(f"Only a choice field has values to pick; «{label}» is {type_}.")
    return {"key": key, "label": label, "type": type_, "scenario": scenario, "choices": cleaned}


def add_custom_field(db: Database, pipeline_id: int, key: str, label: str, type_: str = "text", *,
                     scenario: str | None = None, choices: Iterable[str] = (), role: str) -> int:
    """Define a custom order field; repeating the same definition returns the same field."""
    require_editor(role)
    values = _field_values(key, label, type_, scenario, choices)
    with db.transaction() as session:
        _pipeline(session, pipeline_id, lock=True)
        existing = session.execute(select(CustomFieldDef).where(CustomFieldDef.pipeline_id == pipeline_id,
                                                                CustomFieldDef.key == key)).scalar_one_or_none()
        if existing is not None:
            if (existing.label, existing.type, existing.scenario, existing.choices) == (
                    values["label"], type_, scenario, values["choices"]):
                return existing.id
            raise PipelineEditError(f"This pipeline already has a field '{key}' («{existing.label}»); edit it or "
                                    f"choose another key.")
        position = session.execute(select(func.coalesce(func.max(CustomFieldDef.position), -1) + 1)
                                   .where(CustomFieldDef.pipeline_id == pipeline_id)).scalar_one()
        field = CustomFieldDef(pipeline_id=pipeline_id, position=position, **values)
        session.add(field)
        session.flush()
        return field.id


def update_custom_field(db: Database, field_id: int, *, label: str, type_: str, scenario: str | None = None,
                        choices: Iterable[str] = (), role: str) -> None:
    """Change a field's label, type, scenario or choices; its key (where values are stored) stays."""
    require_editor(role)
    with db.transaction() as session:
        field = session.get(CustomFieldDef, field_id)
        if field is None:
            raise PipelineEditError(f"Field {field_id} no longer exists; reload the list.")
        values = _field_values(field.key, label, type_, scenario, choices)
        for name, value in values.items():
            if getattr(field, name) != value:
                setattr(field, name, value)


def delete_custom_field(db: Database, field_id: int, *, role: str) -> None:
    """Delete a field definition (values already stored on orders stay); refused while a gate requires it."""
    require_editor(role)
    with db.transaction() as session:
        field = session.get(CustomFieldDef, field_id)
        if field is None:
            return
        wanted = f"custom:{field.key}"
        gates = [s.name for s in _ordered_stages(session, field.pipeline_id)
                 if wanted in (s.gate_rules or {}).get("required_fields", [])]
        if gates:
            raise PipelineEditError(f"Stage(s) {', '.join(f'«{n}»' for n in gates)} require field «{field.label}»; "
                                    f"remove it from their gate rules first.")
        session.delete(field)

"""Stage automation rules, their firings (each fires once per order and occurrence) and custom order fields."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, check_in

#: create_task: on entering the stage, a task with an owner and a deadline offset;
#: move_on_task_done: when the task a create_task rule made is done, move the order on;
#: remind_documents: after the visit date, ask for documents and remind every N days until they are attached.
RULE_KINDS = ("create_task", "move_on_task_done", "remind_documents")
FIELD_TYPES = ("text", "number", "date", "bool", "choice")


class StageRule(Base):
    """One automation rule of a stage; ``params`` depend on the kind (see models.automation)."""

    __tablename__ = "stage_rules"
    __table_args__ = (CheckConstraint(check_in("kind", RULE_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(server_default="0")
    params: Mapped[dict] = mapped_column(JSONB, server_default="{}")
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")


class RuleFiring(Base):
    """A rule that fired for an order; the unique key makes every rule fire once per order and occurrence.

    ``occurrence`` counts repeats of a repeating rule (the n-th reminder); ``error`` says why a rule could
    not do its work (an owner who left), so the overdue page reports it instead of dropping it.
    """

    __tablename__ = "rule_firings"
    __table_args__ = (UniqueConstraint("rule_id", "order_id", "occurrence", name="uq_rule_firings_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("stage_rules.id", ondelete="CASCADE"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    occurrence: Mapped[int] = mapped_column(server_default="0")
    fired_at: Mapped[datetime] = mapped_column(server_default=func.now())
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    error: Mapped[str | None] = mapped_column(Text)


class CustomFieldDef(Base):
    """A field of an order beyond the fixed ones, per pipeline and optionally per scenario; values live in
    ``orders.custom_fields`` under ``key``."""

    __tablename__ = "custom_field_defs"
    __table_args__ = (
        UniqueConstraint("pipeline_id", "key", name="uq_custom_field_defs_pipeline_key"),
        CheckConstraint(check_in("type", FIELD_TYPES), name="type_known"),
        CheckConstraint("key ~ '^[a-z][a-z0-9_]*$'", name="key_identifier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[int] = mapped_column(ForeignKey("pipelines.id", ondelete="CASCADE"))
    scenario: Mapped[str | None] = mapped_column(String(30))  # None: every scenario of the pipeline
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(10), server_default="text")
    choices: Mapped[list] = mapped_column(JSONB, server_default="[]")
    position: Mapped[int] = mapped_column(server_default="0")

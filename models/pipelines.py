"""Pipelines, their stages and gate rules, orders moving through them, stage history and tasks."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, check_in

STAGE_KINDS = ("open", "won", "lost")
SCENARIOS = ("sale", "installation", "maintenance", "warranty_repair", "post_warranty_repair",
             "warranty_maintenance", "post_warranty_maintenance", "verification", "other")
SOURCE_CHANNELS = ("call", "web", "email", "dealer", "walk_in", "messenger", "callback", "other")
TASK_STATUSES = ("open", "done", "cancelled")
#: The words of an order a registry search matches: title, description and every custom field's value.
ORDER_TEXT_FTS = ("to_tsvector('simple'::regconfig, fd_fold((((title::text || ' '::text) "
                  "|| COALESCE(description, ''::text)) || ' '::text) || custom_fields::text))")


class Pipeline(Base):
    """A kind of work with its own stages (sales & installation, maintenance, repair, ...)."""

    __tablename__ = "pipelines"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(server_default="0")
    archived: Mapped[bool] = mapped_column(server_default="false")


class Stage(Base):
    """A column of a pipeline; ``gate_rules`` say what an order needs before it may enter."""

    __tablename__ = "stages"
    __table_args__ = (
        UniqueConstraint("pipeline_id", "position", name="uq_stages_pipeline_position", deferrable=True,
                         initially="DEFERRED"),
        CheckConstraint(check_in("kind", STAGE_KINDS), name="kind_known"),
        CheckConstraint("color ~ '^#[0-9a-fA-F]{6}$'", name="color_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[int] = mapped_column(ForeignKey("pipelines.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    color: Mapped[str] = mapped_column(String(7), server_default="#9e9e9e")
    kind: Mapped[str] = mapped_column(String(10), server_default="open")
    sla_hours: Mapped[int | None]
    # e.g. {"required_fields": ["site_id"], "required_attachments": ["photo"], "fully_paid": true,
    #       "roles": ["service_head"]}
    gate_rules: Mapped[dict] = mapped_column(JSONB, server_default="{}")


class Order(CreatedAt, Base):
    """One job for a client moving through a pipeline; ``number`` is what people say on the phone."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(check_in("scenario", SCENARIOS), name="scenario_known"),
        CheckConstraint(check_in("source_channel", SOURCE_CHANNELS), name="source_known"),
        CheckConstraint("amount >= 0 AND paid >= 0", name="money_not_negative"),
        CheckConstraint("client_id IS NOT NULL OR requester_phone IS NOT NULL", name="has_requester"),
        Index("ix_orders_client_created", "client_id", "created_at"),
        Index("ix_orders_stage", "stage_id"),
        Index("ix_orders_stage_created", "stage_id", "created_at"),
        Index("ix_orders_owner_created", "owner_id", "created_at"),
        Index("ix_orders_created_at", "created_at"),
        Index("ix_orders_due_at", "due_at", "id"),
        Index("ix_orders_text_fts", text(ORDER_TEXT_FTS), postgresql_using="gin"),
        Index("ix_orders_requester_phone", "requester_phone", postgresql_where=text("requester_phone IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, Identity(start=1000), unique=True)
    pipeline_id: Mapped[int] = mapped_column(ForeignKey("pipelines.id"), index=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id"))
    scenario: Mapped[str | None] = mapped_column(String(30))
    # A request from an unknown caller has no client yet, only the number to call back (E.164).
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    requester_phone: Mapped[str | None] = mapped_column(String(16))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="SET NULL"), index=True)
    equipment_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id", ondelete="SET NULL"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    source_channel: Mapped[str] = mapped_column(String(20), server_default="call")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), server_default="0")
    paid: Mapped[Decimal] = mapped_column(Numeric(14, 2), server_default="0")
    custom_fields: Mapped[dict] = mapped_column(JSONB, server_default="{}")
    due_at: Mapped[datetime | None]
    waiting_reason: Mapped[str | None] = mapped_column(String(200))  # e.g. waiting for parts or the client
    stage_entered_at: Mapped[datetime] = mapped_column(server_default=func.now())
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}


class StageChange(Base):
    """One move of an order between stages: who moved it, when, from where to where."""

    __tablename__ = "stage_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id"))
    to_stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id"))
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str | None] = mapped_column(Text)


class Task(CreatedAt, Base):
    """Something a person must do by a deadline, often created by a stage's automation rule."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(check_in("status", TASK_STATUSES), name="status_known"),
        Index("ix_tasks_open_due", "due_at", postgresql_where="status = 'open'"),
        Index("uq_tasks_callback_call", "call_id", unique=True,
              postgresql_where="kind = 'callback' AND call_id IS NOT NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30), server_default="todo")
    due_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(10), server_default="open")
    origin_rule: Mapped[str | None] = mapped_column(String(100))  # the automation rule that created it
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))  # a callback's call
    done_at: Mapped[datetime | None]

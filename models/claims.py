"""Warranty claims to manufacturers, who handles a manufacturer's orders, parts replaced on units, and the
document templates the company prints from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from models import timeline  # noqa: F401  (attachments, which a claim's act refers to)
from models.base import Base, CreatedAt, check_in

CLAIM_STATUSES = ("draft", "sent", "confirmed", "rejected")
ASSIGNMENT_DUTIES = ("manager", "service_partner", "expert")
TEMPLATE_KINDS = ("work_order", "completion_act", "quote", "claim_letter", "visit_sheet")


class Claim(CreatedAt, Base):
    """A warranty claim on an order's unit: drafted, sent, then confirmed by the manufacturer's claim act or
    rejected with the reason."""

    __tablename__ = "claims"
    __table_args__ = (CheckConstraint(check_in("status", CLAIM_STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    equipment_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id", ondelete="SET NULL"), index=True)
    manufacturer_id: Mapped[int | None] = mapped_column(ForeignKey("manufacturers.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), server_default="draft")
    defect: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    manufacturer_ref: Mapped[str | None] = mapped_column(String(100))  # the manufacturer's claim act number
    decided_at: Mapped[datetime | None]
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}


class ManufacturerAssignment(Base):
    """Who handles a manufacturer's orders (case 003): its manager, service partner or expert."""

    __tablename__ = "manufacturer_assignments"
    __table_args__ = (
        UniqueConstraint("manufacturer_id", "duty", name="uq_manufacturer_assignments_manufacturer_duty"),
        CheckConstraint(check_in("duty", ASSIGNMENT_DUTIES), name="duty_known"),
        CheckConstraint("user_id IS NOT NULL OR partner_name IS NOT NULL", name="has_someone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manufacturer_id: Mapped[int] = mapped_column(ForeignKey("manufacturers.id", ondelete="CASCADE"))
    duty: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    partner_name: Mapped[str | None] = mapped_column(String(200))  # a service partner outside the company


class PartReplacement(CreatedAt, Base):
    """A part changed on a unit during a visit, with the old and new serials."""

    __tablename__ = "part_replacements"

    id: Mapped[int] = mapped_column(primary_key=True)
    equipment_id: Mapped[int] = mapped_column(ForeignKey("equipment.id", ondelete="CASCADE"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"))
    part_name: Mapped[str] = mapped_column(String(200))
    old_serial: Mapped[str | None] = mapped_column(String(100))
    new_serial: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)


class DocumentTemplate(Base):
    """A printable document with named variables ({client.name}, {order.number}, …), for every order or only
    one manufacturer's or one pipeline's."""

    __tablename__ = "document_templates"
    __table_args__ = (
        CheckConstraint(check_in("kind", TEMPLATE_KINDS), name="kind_known"),
        UniqueConstraint("kind", "name", name="uq_document_templates_kind_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    manufacturer_id: Mapped[int | None] = mapped_column(ForeignKey("manufacturers.id", ondelete="CASCADE"))
    pipeline_id: Mapped[int | None] = mapped_column(ForeignKey("pipelines.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())

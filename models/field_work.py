"""What technicians propose from the field (a change to a visit that takes effect once a dispatcher approves it),
the outbox of messages to technicians and clients (visit reminders, confirmation requests), each queued once, and
the unit each visit works on (where readings and replaced parts are entered from the field)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, check_in
from models.database import Database
from models.equipment import Equipment
from models.pipelines import Order
from models.scheduling import Visit

PROPOSAL_STATUSES = ("pending", "approved", "rejected")
OUTBOX_CHANNELS = ("sms", "email", "app")
OUTBOX_STATUSES = ("queued", "sent", "failed", "cancelled")


class VisitProposal(Base):
    """A technician's change to a visit (``changes``: the fields and their new values, e.g. one meter fewer);
    the visit is untouched until a dispatcher approves it."""

    __tablename__ = "visit_proposals"
    __table_args__ = (
        CheckConstraint(check_in("status", PROPOSAL_STATUSES), name="status_known"),
        Index("ix_visit_proposals_pending", "created_at", postgresql_where=text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("technicians.id", ondelete="SET NULL"))
    changes: Mapped[dict] = mapped_column(JSONB)
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), server_default="pending")
    visit_version: Mapped[int]  # the visit as the technician saw it; approving a stale proposal is refused
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_note: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """A message waiting for a channel to send it; ``dedup_key`` makes every reminder queued once."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(check_in("channel", OUTBOX_CHANNELS), name="channel_known"),
        CheckConstraint(check_in("status", OUTBOX_STATUSES), name="status_known"),
        Index("ix_outbox_queued", "due_at", postgresql_where=text("status = 'queued'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)  # e.g. "visit:123:day_before"
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(320))  # a phone in E.164, an e-mail, or a user login
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("technicians.id", ondelete="CASCADE"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10), server_default="queued")
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


@dataclass(frozen=True)
class VisitUnit:
    """The unit a visit works on (its order's unit) and the unit's counter (None: no readings are taken)."""

    visit_id: int
    order_id: int
    equipment_id: int
    usage_unit: str | None


def visit_units(db: Database, visit_ids: Iterable[int]) -> Mapping[int, VisitUnit]:
    """Visit id -> its order's unit, for the visits whose order has one."""
    ids = list(visit_ids)
    if not ids:
        return {}
    with db.session() as session:
        rows = session.execute(
            select(Visit.id, Order.id, Equipment.id, Equipment.usage_unit)
            .join(Order, Order.id == Visit.order_id)
            .join(Equipment, Equipment.id == Order.equipment_id)
            .where(Visit.id.in_(ids))
        ).all()
    return {row[0]: VisitUnit(*row) for row in rows}

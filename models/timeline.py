"""The timeline of a client or order (notes, calls, stage changes, documents, tasks) and attachments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, check_in

TIMELINE_KINDS = ("note", "call", "status_change", "document", "task", "visit", "payment")


class TimelineEntry(Base):
    """One event in a client's or an order's history; private entries are hidden from roles without the right."""

    __tablename__ = "timeline_entries"
    __table_args__ = (
        CheckConstraint(check_in("kind", TIMELINE_KINDS), name="kind_known"),
        CheckConstraint("client_id IS NOT NULL OR order_id IS NOT NULL", name="has_subject"),
        Index("ix_timeline_client_at", "client_id", "at"),
        Index("ix_timeline_order_at", "order_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(server_default=func.now())
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(Boolean, server_default="false")
    payload: Mapped[dict] = mapped_column(JSONB, server_default="{}")  # e.g. {"call_id": 5}


class Attachment(Base):
    """A file kept in the database (photo, act, scan), so every workstation sees it."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint("size_bytes >= 0", name="size_not_negative"),
        CheckConstraint("order_id IS NOT NULL OR client_id IS NOT NULL OR equipment_id IS NOT NULL",
                        name="has_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    equipment_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30), server_default="file")  # photo, act, claim, ...
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

"""Phone calls as the PBX reports them, linked to the client and order they concern."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt, check_in

CALL_DIRECTIONS = ("inbound", "outbound", "internal")
CALL_STATUSES = ("ringing", "answered", "ended", "missed", "failed")


class Call(CreatedAt, Base):
    """One call, stored once per PBX call id however many times its events arrive."""

    __tablename__ = "calls"
    __table_args__ = (
        CheckConstraint(check_in("direction", CALL_DIRECTIONS), name="direction_known"),
        CheckConstraint(check_in("status", CALL_STATUSES), name="status_known"),
        Index("ix_calls_started_at", "started_at"),
        Index("ix_calls_from_digits", "from_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pbx_call_id: Mapped[str] = mapped_column(String(100), unique=True)
    direction: Mapped[str] = mapped_column(String(10))
    from_number: Mapped[str] = mapped_column(String(40))
    from_digits: Mapped[str | None] = mapped_column(String(15))
    to_number: Mapped[str] = mapped_column(String(40))
    extension: Mapped[str | None] = mapped_column(String(20))
    started_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(10))
    recording_url: Mapped[str | None] = mapped_column(Text)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="SET NULL"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

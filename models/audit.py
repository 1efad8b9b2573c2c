"""The audit log, written by a trigger on every audited table so that no code path can skip it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.migrations.sql.foundation import AUDITED_TABLES, NOTIFY_CHANNEL

__all__ = ["AUDITED_TABLES", "NOTIFY_CHANNEL", "AuditRecord"]

# Audited tables and the live-sync channel are fixed by the migrations that install the triggers.


class AuditRecord(Base):
    """Who changed which row of which table, when, and the values before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_table_row", "table_name", "row_id"), Index("ix_audit_log_at", "at"))

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=func.now())
    db_user: Mapped[str] = mapped_column(String(63), server_default=text("session_user"))
    app_user: Mapped[str | None] = mapped_column(String(200))
    table_name: Mapped[str] = mapped_column(String(63))
    row_id: Mapped[int | None] = mapped_column(BigInteger)
    op: Mapped[str] = mapped_column(String(1))
    old: Mapped[dict | None] = mapped_column(JSONB)
    new: Mapped[dict | None] = mapped_column(JSONB)

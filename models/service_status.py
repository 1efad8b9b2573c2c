"""What the service process reports about itself and the PBX, so every desktop can show "PBX offline"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, check_in

SERVICE_STATES = ("online", "connecting", "offline")


class ServiceStatus(Base):
    """One row per duty of the service (``pbx``); ``heartbeat_at`` tells a live service from a dead one."""

    __tablename__ = "service_status"
    __table_args__ = (CheckConstraint(check_in("state", SERVICE_STATES), name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    duty: Mapped[str] = mapped_column(String(30), unique=True)
    state: Mapped[str] = mapped_column(String(12))
    detail: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    heartbeat_at: Mapped[datetime] = mapped_column(server_default=func.now())

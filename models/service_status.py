"""What the service process reports about itself and the PBX, so every desktop can show "PBX offline"."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import CheckConstraint, String, Text, case, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, check_in
from models.database import Database

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


#: The duty whose state the desktops show in their status bar.
PBX_DUTY = "pbx"
#: A service that has not beaten for this long is taken for dead (it beats every HEARTBEAT_SECONDS).
HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)


@dataclass(frozen=True)
class ServiceHealth:
    """What a desktop shows: ``state`` is online, connecting, offline or ``not_running`` (no live service)."""

    state: str
    detail: str
    since: datetime | None = None
    host: str | None = None


def publish_status(db: Database, duty: str, state: str, detail: str | None = None, *, now: datetime | None = None,
                   host: str | None = None) -> None:
    """Record the state of ``duty`` (and beat); ``changed_at`` moves only when the state itself changes."""
    now = now or datetime.now(UTC)
    host = host if host is not None else socket.gethostname()
    stmt = pg_insert(ServiceStatus).values(duty=duty, state=state, detail=detail, host=host, changed_at=now,
                                           heartbeat_at=now)
    table = stmt.excluded
    stmt = stmt.on_conflict_do_update(index_elements=[ServiceStatus.duty], set_={
        "state": table.state, "detail": table.detail, "host": table.host, "heartbeat_at": table.heartbeat_at,
        "changed_at": case((ServiceStatus.state == table.state, ServiceStatus.changed_at), else_=table.changed_at),
    })
    with db.transaction() as session:
        session.execute(stmt)


def heartbeat(db: Database, duty: str, *, now: datetime | None = None) -> bool:
    """Tell the desktops the service behind ``duty`` is alive; False when the duty was never published."""
    with db.transaction() as session:
        done = session.execute(update(ServiceStatus).where(ServiceStatus.duty == duty)
                               .values(heartbeat_at=now or datetime.now(UTC)))
        return bool(done.rowcount)


def load_service_health(db: Database, duty: str = PBX_DUTY, *, now: datetime | None = None) -> ServiceHealth:
    """The state of ``duty`` as a desktop should show it: a silent service counts as not running."""
    now = now or datetime.now(UTC)
    with db.session() as session:
        row = session.execute(select(ServiceStatus).where(ServiceStatus.duty == duty)).scalar_one_or_none()
        if row is None:
            return ServiceHealth("not_running", "The call service has never run against this database.")
        if now - row.heartbeat_at > STALE_AFTER:
            return ServiceHealth("not_running", f"The call service on {row.host or 'its host'} has been silent "
                                 f"since {row.heartbeat_at:%Y-%m-%d %H:%M} UTC.", row.heartbeat_at, row.host)
        return ServiceHealth(row.state, row.detail or "", row.changed_at, row.host)

"""Duties of the service process that hold an advisory lock, and the periodic ones that are not telephony.

Several ``main.py service`` instances may run; each duty is held by one of them through a Postgres advisory lock
taken on a connection of its own (``DutyLock``), so it lasts exactly as long as that connection. The others stand
by and try again. ``run_periodic_duty`` runs one piece of domain work every so often under such a lock: order
automation (the stages' time rules), visit reminders, and the maintenance plans. The PBX bridge and the callback
escalations, which are telephony's, live in ``telephony.service`` and use the same lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from models.automation import TimeRulesReport, run_time_rules
from models.company_settings import company_today
from models.database import Database, DatabaseUnavailable
from models.maintenance_due import MaintenanceDutyReport, run_maintenance
from models.visit_reminders import ReminderReport, run_reminders

log = logging.getLogger(__name__)
R = TypeVar("R")


def lock_key(name: str) -> int:
    """A stable 64-bit advisory lock key for a duty's name."""
    return int.from_bytes(hashlib.sha1(name.encode()).digest()[:8], "big", signed=True)


AUTOMATION_LOCK_KEY = lock_key("fielddesk:order-automation")
REMINDER_LOCK_KEY = lock_key("fielddesk:visit-reminder-duty")  # not queue_visit_reminders' own lock
MAINTENANCE_LOCK_KEY = lock_key("fielddesk:maintenance-duty")  # not generate()'s own "fielddesk:maintenance-plans"
DEFAULT_AUTOMATION_SECONDS = 60.0
DEFAULT_REMINDER_SECONDS = 300.0
DEFAULT_MAINTENANCE_SECONDS = 3600.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def database_is_down(exc: BaseException) -> bool:
    """True for errors that mean "try again later" rather than "this update is wrong"."""
    if isinstance(exc, (OperationalError, InterfaceError, DatabaseUnavailable, ConnectionError, TimeoutError)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


class DutyLock:
    """The advisory lock that makes one service instance hold the duty of ``key``.

    The lock is held on a connection of its own, so it lasts exactly as long as that connection.
    """

    def __init__(self, db: Database, key: int):
        self.db = db
        self.key = key
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def try_acquire(self) -> str:
        """``held`` (ours now), ``busy`` (another instance has it) or ``unreachable`` (no database)."""
        if self._conn is not None:
            return self.check()
        try:
            conn = self.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except (DBAPIError, DatabaseUnavailable, OSError):
            return "unreachable"
        try:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar_one()
        except (DBAPIError, OSError):
            self._discard(conn)
            return "unreachable"
        if got:
            self._conn = conn
            return "held"
        conn.close()
        return "busy"

    def check(self) -> str:
        """Whether the lock is still ours; a dropped connection lost it, so try to take it again."""
        if self._conn is None:
            return self.try_acquire()
        try:
            self._conn.execute(text("SELECT 1"))
            return "held"
        except (DBAPIError, OSError):
            self._discard(self._conn)
            self._conn = None
            return self.try_acquire()

    def release(self) -> None:
        """Give the duty back (unlock, or drop the connection if that fails, which unlocks too)."""
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            conn.close()
        except (DBAPIError, OSError):
            self._discard(conn)

    @staticmethod
    def _discard(conn: Connection) -> None:
        # A connection that may still hold the session lock must never go back to the pool.
        with contextlib.suppress(Exception):
            conn.invalidate()
        with contextlib.suppress(Exception):
            conn.close()


async def sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_periodic_duty(db: Database | Callable[[], Database], stop_event: asyncio.Event, *, name: str,
                            lock_key: int, interval_seconds: float, work: Callable[[Database], R],
                            on_result: Callable[[R], None] = lambda result: None) -> None:
    """Hold duty ``name`` until ``stop_event`` is set, calling ``work(db)`` every ``interval_seconds``.

    One instance holds the duty through an advisory lock; the others stand by. A failed run (the database
    away, say) is logged and retried at the next tick; ``on_result`` sees each run's result.
    """
    database = db if isinstance(db, Database) else db()
    duty = DutyLock(database, lock_key)
    standing_by = database_down = False
    try:
        while not stop_event.is_set():
            state = await asyncio.to_thread(duty.try_acquire)
            if state == "busy" and not standing_by:
                log.info("the %s duty is held by another service instance; standing by", name)
            standing_by = state == "busy"
            if state == "held":
                try:
                    result = await asyncio.to_thread(work, database)
                except Exception as exc:  # one failed run must not end the service; the next tick retries
                    if not database_is_down(exc):
                        log.exception("%s failed", name)
                    elif not database_down:
                        log.warning("%s paused: the database is unreachable", name)
                    database_down = database_is_down(exc)
                else:
                    database_down = False
                    on_result(result)
            await sleep_or_stop(stop_event, interval_seconds)
    finally:
        await asyncio.to_thread(duty.release)


async def run_automation(db: Database | Callable[[], Database], stop_event: asyncio.Event, *,
                         interval_seconds: float = DEFAULT_AUTOMATION_SECONDS,
                         clock: Callable[[], datetime] = utc_now) -> None:
    """Hold the order automation duty: every ``interval_seconds``, fire the stages' time rules (each once)."""
    def done(report: TimeRulesReport) -> None:
        for line in report.lines:
            log.info("%s", line)

    await run_periodic_duty(db, stop_event, name="order automation", lock_key=AUTOMATION_LOCK_KEY,
                            interval_seconds=interval_seconds, work=lambda database: run_time_rules(database, clock()),
                            on_result=done)


async def run_reminder_duty(db: Database | Callable[[], Database], stop_event: asyncio.Event, *,
                            interval_seconds: float = DEFAULT_REMINDER_SECONDS,
                            clock: Callable[[], datetime] = utc_now) -> None:
    """Hold the visit reminder duty: queue technicians' and clients' reminders, make confirmation tasks."""
    def done(report: ReminderReport) -> None:
        for line in report.lines:
            log.info("%s", line)

    await run_periodic_duty(db, stop_event, name="visit reminders", lock_key=REMINDER_LOCK_KEY,
                            interval_seconds=interval_seconds, work=lambda database: run_reminders(database, clock()),
                            on_result=done)


async def run_maintenance_duty(db: Database | Callable[[], Database], stop_event: asyncio.Event, *,
                               interval_seconds: float = DEFAULT_MAINTENANCE_SECONDS) -> None:
    """Hold the maintenance duty: generate the plans' occurrences a year ahead and tell clients of the ones due."""
    def work(database: Database) -> MaintenanceDutyReport:
        return run_maintenance(database, company_today(database))

    def done(report: MaintenanceDutyReport) -> None:
        for line in report.lines:
            log.info("%s", line)

    await run_periodic_duty(db, stop_event, name="maintenance plans", lock_key=MAINTENANCE_LOCK_KEY,
                            interval_seconds=interval_seconds, work=work, on_result=done)

"""The duties of ``main.py service``: the PBX bridge, and the reminders and escalations of callback deadlines.

Bridge: AMI client → CallTracker → CallRecorder (record_call, or the spool while the database is down). Several
service instances may run; the one holding a Postgres advisory lock (on a dedicated connection) is the
bridge, the others stand by and retry. When the database is unreachable no instance can prove it holds the
lock, so an instance that cannot reach it runs the bridge anyway and spools: a call is never lost for want
of a lock, and two instances storing the same call briefly is harmless (storing is idempotent). As soon as
the database answers again, an instance that finds the lock taken by another steps down.

Escalations: every ``escalation_seconds`` the instance holding a second advisory lock runs
``models.callbacks.escalate_overdue_callbacks`` in a worker thread and logs one line per reminder and per
escalation. That function is safe to run from several instances at once; the lock only saves them the work.

The duties that are not telephony (order automation, visit reminders, maintenance plans) and the advisory lock
itself live in ``models.duties``; ``serve`` runs them all side by side.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from models.callbacks import DEFAULT_REMIND_BEFORE_MINUTES, EscalationReport, escalate_overdue_callbacks
from models.calls import CallStored
from models.config import ConfigError, data_dir
from models.database import Database
from models.duties import (
    DEFAULT_AUTOMATION_SECONDS,
    DEFAULT_MAINTENANCE_SECONDS,
    DEFAULT_REMINDER_SECONDS,
    DutyLock,
    database_is_down,
    lock_key,
    run_automation,
    run_maintenance_duty,
    run_periodic_duty,
    run_reminder_duty,
    sleep_or_stop,
)
from models.service_status import HEARTBEAT_SECONDS, PBX_DUTY, publish_status
from telephony.ami import AmiClient, AmiConnection, utc_now
from telephony.ami_protocol import Frame
from telephony.bridge import CallRecorder
from telephony.calls_fsm import CallTracker
from telephony.channels import ExtensionPlan
from telephony.config import AmiConfig, load_ami_config, load_extension_plan
from telephony.events import CallUpdate

log = logging.getLogger(__name__)


BRIDGE_LOCK_KEY = lock_key("fielddesk:telephony-bridge")
ESCALATION_LOCK_KEY = lock_key("fielddesk:callback-escalation")
DEFAULT_ESCALATION_SECONDS = 30.0
R = TypeVar("R")
STALE_CALL_AFTER = timedelta(hours=12)
UpdateHook = Callable[[CallUpdate, "CallStored | None"], None]


def default_spool_path() -> Path:
    """Where the service keeps call updates while the database is down."""
    return data_dir() / "telephony" / "call-spool.jsonl"


def _log_status(message: str) -> None:
    (log.info if " connected as " in message else log.warning)("%s", message)


async def run_bridge(db: Database | Callable[[], Database], ami_config: AmiConfig, spool_path: str | Path,
                     stop_event: asyncio.Event, *, plan: ExtensionPlan | None = None,
                     sla_minutes: int | None = None, duty_retry_seconds: float = 10.0,
                     duty_check_seconds: float = 15.0, on_status: Callable[[str], None] = _log_status,
                     on_update: UpdateHook | None = None) -> None:
    """Hold the bridge duty until ``stop_event`` is set: AMI events become stored calls.

    ``on_update(update, stored)`` is called after each update is stored (``stored`` is None when it was
    spooled); the service logs one line per finished call either way.
    """
    database = db if isinstance(db, Database) else db()
    duty = DutyLock(database, BRIDGE_LOCK_KEY)
    standing_by = False
    try:
        while not stop_event.is_set():
            state = await asyncio.to_thread(duty.try_acquire)
            if state == "busy":
                if not standing_by:
                    log.info("the bridge duty is held by another service instance; standing by")
                    standing_by = True
                await sleep_or_stop(stop_event, duty_retry_seconds)
                continue
            standing_by = False
            if state == "unreachable":
                log.warning("database unreachable: running the PBX bridge anyway, calls go to %s", spool_path)
            else:
                log.info("holding the PBX bridge duty")
            pipeline = _Pipeline(database, ami_config, Path(spool_path), plan, sla_minutes, on_status, on_update)
            stepped_down = await pipeline.run(stop_event, duty, duty_check_seconds)
            if stepped_down:
                log.warning("another service instance holds the bridge duty now; standing by")
    finally:
        await asyncio.to_thread(duty.release)


class _Pipeline:
    """One run of the bridge: AMI client, tracker, storing task, housekeeping."""

    def __init__(self, db: Database, config: AmiConfig, spool: Path, plan: ExtensionPlan | None, sla: int | None,
                 on_status: Callable[[str], None], on_update: UpdateHook | None):
        self.tracker = CallTracker(plan)
        self.recorder = CallRecorder(db, spool, sla_minutes=sla)
        self.client = AmiClient(config, on_status=on_status, on_state=self.on_state)
        self.queue: asyncio.Queue[CallUpdate | None] = asyncio.Queue()
        self.on_update = on_update
        self.db = db
        self.state = ("connecting", f"connecting to the PBX at {config.address}")
        self.state_changed = asyncio.Event()

    def on_state(self, state: str, message: str) -> None:
        self.state = (state, message)
        self.state_changed.set()

    def on_event(self, frame: Frame, received_at: datetime) -> None:
        for update in self.tracker.feed(frame, received_at):
            self.queue.put_nowait(update)

    async def on_connected(self, conn: AmiConnection) -> None:
        """After each login, align the tracker with the PBX's live channels."""
        response = await conn.send_action("CoreShowChannels", collect_list=True, timeout=30.0)
        for update in self.tracker.reconcile(response.events, utc_now()):
            self.queue.put_nowait(update)

    async def run(self, stop: asyncio.Event, duty: DutyLock, check_seconds: float) -> bool:
        """Run until ``stop`` or until another instance is found holding the duty (then True)."""
        local_stop = asyncio.Event()
        ami = asyncio.create_task(self.client.run(self.on_event, local_stop, on_connected=self.on_connected))
        writer = asyncio.create_task(self._store_loop())
        housekeeping = asyncio.create_task(self._expire_loop())
        watchdog = asyncio.create_task(self._watch_duty(duty, check_seconds))
        publisher = asyncio.create_task(self._publish_loop())
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({watchdog, stopper, ami}, return_when=asyncio.FIRST_COMPLETED)
        local_stop.set()
        for task in (watchdog, stopper, housekeeping, publisher):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ami
        self.queue.put_nowait(None)
        await writer
        stepped_down = watchdog.done() and not watchdog.cancelled() and watchdog.result()
        if not stepped_down:
            await asyncio.to_thread(self._publish, "offline", "the call service was stopped")
        return stepped_down

    def _publish(self, state: str, message: str) -> None:
        """Tell the desktops; a database away only delays the news (the next beat retries)."""
        try:
            publish_status(self.db, PBX_DUTY, state, message)
        except Exception as exc:
            if not database_is_down(exc):
                log.exception("could not publish the PBX state")

    async def _publish_loop(self) -> None:
        """Publish the PBX state when it changes, and beat every HEARTBEAT_SECONDS so desktops know we live."""
        while True:
            self.state_changed.clear()
            await asyncio.to_thread(self._publish, *self.state)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.state_changed.wait(), HEARTBEAT_SECONDS)

    async def _store_loop(self) -> None:
        recorder = self.recorder
        while True:
            try:
                update = await asyncio.wait_for(self.queue.get(), recorder.retry_seconds)
            except TimeoutError:
                if recorder.spool_path.exists():
                    await asyncio.to_thread(recorder.drain)
                continue
            if update is None:
                return
            stored = await asyncio.to_thread(recorder.record, update)
            if update.final:
                log.info("%s", update.describe())
            if self.on_update is not None:
                self.on_update(update, stored)

    async def _expire_loop(self) -> None:
        while True:
            await asyncio.sleep(60)
            for update in self.tracker.expire(utc_now(), STALE_CALL_AFTER):
                self.queue.put_nowait(update)

    @staticmethod
    async def _watch_duty(duty: DutyLock, check_seconds: float) -> bool:
        while True:
            await asyncio.sleep(check_seconds)
            if await asyncio.to_thread(duty.check) == "busy":
                return True


async def run_escalations(db: Database | Callable[[], Database], stop_event: asyncio.Event, *,
                          interval_seconds: float = DEFAULT_ESCALATION_SECONDS,
                          remind_before_minutes: int = DEFAULT_REMIND_BEFORE_MINUTES, supervisor_id: int | None = None,
                          clock: Callable[[], datetime] = utc_now,
                          on_report: Callable[[EscalationReport], None] | None = None) -> None:
    """Hold the escalation duty until ``stop_event`` is set: every ``interval_seconds``, remind and escalate."""
    stranded: set[int] = set()

    def work(database: Database) -> EscalationReport:
        return escalate_overdue_callbacks(database, clock(), remind_before_minutes=remind_before_minutes,
                                          supervisor_id=supervisor_id)

    def done(report: EscalationReport) -> None:
        nonlocal stranded
        stranded = _log_escalations(report, stranded)
        if on_report is not None:
            on_report(report)

    await run_periodic_duty(db, stop_event, name="callback escalation", lock_key=ESCALATION_LOCK_KEY,
                            interval_seconds=interval_seconds, work=work, on_result=done)


def _log_escalations(report: EscalationReport, stranded: set[int]) -> set[int]:
    """One line per reminder and escalation; a warning when overdue tasks newly have nobody to go to."""
    for reminder in report.reminded:
        log.info("%s", reminder.describe())
    for escalation in report.escalated:
        log.info("%s", escalation.describe())
    now_stranded = set(report.without_supervisor)
    if now_stranded - stranded:
        log.warning("%d overdue callback tasks have no supervisor to go to: make a service head or manager active",
                    len(now_stranded))
    return now_stranded


async def serve(db: Database, ami_config: AmiConfig, spool_path: str | Path | None = None, *,
                plan: ExtensionPlan | None = None, sla_minutes: int | None = None,
                escalation_seconds: float = DEFAULT_ESCALATION_SECONDS,
                remind_before_minutes: int = DEFAULT_REMIND_BEFORE_MINUTES,
                automation_seconds: float = DEFAULT_AUTOMATION_SECONDS,
                maintenance_seconds: float = DEFAULT_MAINTENANCE_SECONDS,
                reminder_seconds: float = DEFAULT_REMINDER_SECONDS,
                stop_event: asyncio.Event | None = None) -> int:
    """Run the duties until SIGINT or SIGTERM (or ``stop_event``): what ``main.py service`` calls.

    ``escalation_seconds`` ≤ 0 leaves callback reminders and escalations to another service instance, and
    ``automation_seconds`` ≤ 0 the order automation, ``maintenance_seconds`` ≤ 0 the maintenance plans,
    ``reminder_seconds`` ≤ 0 the visit reminders.
    """
    stop = stop_event or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    spool = Path(spool_path) if spool_path else default_spool_path()
    log.info("PBX bridge for %s (%s), spool %s", ami_config.address, ami_config.username, spool)
    async with asyncio.TaskGroup() as duties:
        duties.create_task(run_bridge(db, ami_config, spool, stop, plan=plan, sla_minutes=sla_minutes))
        if escalation_seconds > 0:
            log.info("callback reminders %d min before the deadline, escalations checked every %g s",
                     remind_before_minutes, escalation_seconds)
            duties.create_task(run_escalations(db, stop, interval_seconds=escalation_seconds,
                                               remind_before_minutes=remind_before_minutes))
        if reminder_seconds > 0:
            log.info("visit reminders and confirmation tasks every %g s", reminder_seconds)
            duties.create_task(run_reminder_duty(db, stop, interval_seconds=reminder_seconds))
        if maintenance_seconds > 0:
            log.info("maintenance plans generated a year ahead and due reminders sent every %g s", maintenance_seconds)
            duties.create_task(run_maintenance_duty(db, stop, interval_seconds=maintenance_seconds))
        if automation_seconds > 0:
            log.info("order automation (time rules such as document reminders) every %g s", automation_seconds)
            duties.create_task(run_automation(db, stop, interval_seconds=automation_seconds))
    return 0


def service_command(db: Database, *, host: str | None = None, port: int | None = None, user: str | None = None,
                    spool: str | Path | None = None, sla_minutes: int | None = None,
                    escalation_seconds: float = DEFAULT_ESCALATION_SECONDS,
                    remind_before_minutes: int = DEFAULT_REMIND_BEFORE_MINUTES) -> int:
    """``main.py service``: read the AMI settings (flags over config.toml), then run the duties until stopped.

    Returns the process exit code: 0 after a clean stop, 2 when the settings are unusable (message printed).
    """
    try:
        config = load_ami_config(host=host, port=port, user=user)
        plan = load_extension_plan()
    except ConfigError as exc:
        print(f"fielddesk service: {exc}", file=sys.stderr)
        return 2
    return asyncio.run(serve(db, config, spool, plan=plan, sla_minutes=sla_minutes,
                             escalation_seconds=escalation_seconds, remind_before_minutes=remind_before_minutes))

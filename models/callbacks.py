"""Callback deadlines of missed calls: one reminder before the deadline, one escalation to a supervisor after it.

A missed inbound call leaves an open ``callback`` task due some minutes after the call ended, assigned to
the user of the extension that rang (``models.calls.record_call``). The service runs
:func:`escalate_overdue_callbacks` every half minute:

- a task due within ``remind_before_minutes`` gets one reminder for its assignee;
- a task past its deadline is escalated once: it is reassigned to a supervisor (the configured one, else the
  active service head or manager with the fewest open callbacks, never the person who let it lapse).

Each reminder or escalation is recorded by a marker task tied to the same call (kind ``callback_reminder`` or
``escalation``, status ``done``, ``origin_rule`` naming the callback task) and, when the caller is a known
client, by an entry on the client's timeline; both reach every workstation through the tables' NOTIFY.

Exactly once, whatever the number of service instances: each run locks the callback tasks it handles
(``FOR UPDATE SKIP LOCKED``, so instances share the work rather than queue behind each other) and writes a
marker with ``INSERT … WHERE NOT EXISTS``. Under READ COMMITTED that statement takes its snapshot after the
row lock is granted, so it sees the marker of whichever transaction held the lock before; a run that finds
the marker already there leaves the task alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import DateTime, Integer, String, cast, exists, func, insert, literal, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from models.calls import CALLBACK_KIND, Call
from models.company import Company, User
from models.database import Database
from models.phones import DEFAULT_REGION, InvalidPhone, format_phone, normalise_phone
from models.pipelines import Task
from models.timeline import TimelineEntry

ESCALATION_KIND = "escalation"
REMINDER_KIND = "callback_reminder"
#: Who may receive an escalated callback, in order of preference when their loads are equal.
SUPERVISOR_ROLES = ("service_head", "manager")
DEFAULT_REMIND_BEFORE_MINUTES = 5


@dataclass(frozen=True)
class Escalation:
    """One callback task handed to a supervisor because its deadline passed."""

    task_id: int
    call_id: int | None
    client_id: int | None
    number: str  # the caller's number as people read it; the task's title when no call is linked
    overdue_minutes: int
    supervisor_id: int
    supervisor_name: str
    previous_assignee_id: int | None

    def describe(self) -> str:
        """The service's log line."""
        return (f"callback task {self.task_id} for {self.number} overdue {self.overdue_minutes} min: "
                f"escalated to {self.supervisor_name}")


@dataclass(frozen=True)
class Reminder:
    """One callback task whose assignee was reminded that the deadline is near."""

    task_id: int
    call_id: int | None
    client_id: int | None
    number: str  # the caller's number as people read it; the task's title when no call is linked
    due_in_minutes: int
    assignee_id: int | None
    assignee_name: str | None

    def describe(self) -> str:
        """The service's log line."""
        return (f"callback task {self.task_id} for {self.number} due in {self.due_in_minutes} min: "
                f"reminded {self.assignee_name or 'nobody (unassigned)'}")


@dataclass(frozen=True)
class EscalationReport:
    """What one run did; ``without_supervisor`` lists overdue tasks left alone for want of a supervisor."""

    escalated: tuple[Escalation, ...] = ()
    reminded: tuple[Reminder, ...] = ()
    without_supervisor: tuple[int, ...] = ()


@dataclass
class _Supervisor:
    id: int
    name: str
    rank: int
    load: int  # open callback tasks assigned, counting the ones handed over in this run


def marker_rule(kind: str, task_id: int) -> str:
    """The ``origin_rule`` of the reminder or escalation marker of callback task ``task_id``."""
    return f"{kind}:{task_id}"


def _marker_exists(kind: str, task_id: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """Whether callback task ``task_id`` (a column) has a marker of ``kind``."""
    marker = aliased(Task)
    rule = func.concat(literal(f"{kind}:", String), cast(task_id, String))
    return exists().where(marker.kind == kind, marker.origin_rule == rule)


@dataclass(frozen=True)
class _Due:
    """An open callback task within reach of its deadline, as locked for this run."""

    id: int
    call_id: int | None
    client_id: int | None
    order_id: int | None
    assignee_id: int | None
    title: str
    due_at: datetime
    from_number: str | None


def escalate_overdue_callbacks(db: Database, now: datetime, *,
                               remind_before_minutes: int = DEFAULT_REMIND_BEFORE_MINUTES,
                               supervisor_id: int | None = None, limit: int = 500) -> EscalationReport:
    """Remind and escalate open callback tasks as of ``now``, each at most once; one transaction.

    ``supervisor_id`` names the user every escalation goes to (if active); otherwise the supervisor is
    chosen per task among active users with a role in :data:`SUPERVISOR_ROLES`. At most ``limit`` tasks are
    handled per run, the most urgent first; tasks locked by another run are skipped and left to it.
    """
    window_end = now + timedelta(minutes=max(remind_before_minutes, 0))
    escalated: list[Escalation] = []
    reminded: list[Reminder] = []
    stranded: list[int] = []
    with db.transaction() as session:
        due = [_Due(*row) for row in session.execute(
            select(Task.id, Task.call_id, Task.client_id, Task.order_id, Task.assignee_id, Task.title, Task.due_at,
                   Call.from_number)
            .outerjoin(Call, Call.id == Task.call_id)
            .where(Task.kind == CALLBACK_KIND, Task.status == "open", Task.due_at <= window_end,
                   ~_marker_exists(ESCALATION_KIND, Task.id),
                   or_(Task.due_at <= now, ~_marker_exists(REMINDER_KIND, Task.id)))
            .order_by(Task.due_at, Task.id)
            .limit(limit)
            .with_for_update(of=Task, skip_locked=True)
        )]
        if not due:
            return EscalationReport()
        region = session.execute(select(Company.phone_region)).scalar_one_or_none() or DEFAULT_REGION
        supervisors = _supervisors(session, supervisor_id)
        names = _user_names(session, {task.assignee_id for task in due if task.assignee_id is not None})
        for task in due:
            number = _caller(task, region)
            if task.due_at > now:
                due_in = math.ceil((task.due_at - now).total_seconds() / 60)
                assignee = names.get(task.assignee_id) if task.assignee_id is not None else None
                text = f"Callback due in {due_in} min — reminder to {assignee or 'nobody (unassigned)'}"
                if _mark(session, REMINDER_KIND, task, task.assignee_id, text, now,
                         {"due_in_minutes": due_in, "assignee_id": task.assignee_id}):
                    reminded.append(Reminder(task.id, task.call_id, task.client_id, number, due_in,
                                             task.assignee_id, assignee))
                continue
            chosen = _pick(supervisors, task.assignee_id, configured=supervisor_id is not None)
            if chosen is None:
                stranded.append(task.id)
                continue
            overdue = int((now - task.due_at).total_seconds() // 60)
            text = f"Callback overdue by {overdue} min — escalated to {chosen.name}"
            details = {"overdue_minutes": overdue, "supervisor_id": chosen.id,
                       "previous_assignee_id": task.assignee_id}
            if not _mark(session, ESCALATION_KIND, task, chosen.id, text, now, details):
                continue  # another run escalated it between our snapshot and our lock
            session.execute(update(Task).where(Task.id == task.id).values(assignee_id=chosen.id))
            chosen.load += 1
            escalated.append(Escalation(task.id, task.call_id, task.client_id, number, overdue, chosen.id,
                                        chosen.name, task.assignee_id))
    return EscalationReport(tuple(escalated), tuple(reminded), tuple(stranded))


def _mark(session: Session, kind: str, task: _Due, assignee_id: int | None, text: str, now: datetime,
          details: dict[str, object]) -> bool:
    """Record a reminder or an escalation of ``task`` unless one is recorded already; True when it is new."""
    rule = marker_rule(kind, task.id)
    values = select(
        literal(task.client_id, Integer), literal(task.order_id, Integer), literal(assignee_id, Integer),
        literal(f"{text}: {task.title}"[:300], String), literal(kind, String), literal("done", String),
        literal(rule, String), literal(task.call_id, Integer), literal(now, DateTime(timezone=True)),
    ).where(~exists().where(Task.kind == kind, Task.origin_rule == rule))
    columns = ["client_id", "order_id", "assignee_id", "title", "kind", "status", "origin_rule", "call_id", "done_at"]
    marker_id = session.execute(insert(Task).from_select(columns, values).returning(Task.id)).scalar_one_or_none()
    if marker_id is None:
        return False
    if task.client_id is not None or task.order_id is not None:
        payload = {"event": kind, "task_id": task.id, "call_id": task.call_id, "marker_id": marker_id, **details}
        session.add(TimelineEntry(client_id=task.client_id, order_id=task.order_id, kind="task", at=now, text=text,
                                  payload=payload))
    return True


def _supervisors(session: Session, configured: int | None) -> list[_Supervisor]:
    """Active supervisors with their open callback loads (only the configured one when there is one)."""
    rank = {role: index for index, role in enumerate(SUPERVISOR_ROLES)}
    load = (
        select(func.count(Task.id))
        .where(Task.assignee_id == User.id, Task.kind == CALLBACK_KIND, Task.status == "open")
        .scalar_subquery()
    )
    query = select(User.id, User.full_name, User.role, load).where(User.active)
    if configured is not None:
        query = query.where(User.id == configured)
    else:
        query = query.where(User.role.in_(SUPERVISOR_ROLES))
    return [_Supervisor(uid, name, rank.get(role, len(rank)), count)
            for uid, name, role, count in session.execute(query).all()]


def _pick(supervisors: list[_Supervisor], assignee_id: int | None, *, configured: bool) -> _Supervisor | None:
    """The least loaded supervisor other than the current assignee (ties: service head first, then by id)."""
    candidates = supervisors if configured else [s for s in supervisors if s.id != assignee_id]
    if not candidates:
        return None
    return min(candidates, key=lambda s: (s.load, s.rank, s.id))


def _user_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def _caller(task: _Due, region: str) -> str:
    """The number to call back as people read it; the task's title when no call is linked to the task."""
    number = task.from_number
    if not number:
        return f"«{task.title}»"
    try:
        return format_phone(normalise_phone(number, region).e164)
    except InvalidPhone:
        return number


def escalation_history(db: Database, task_id: int) -> list[tuple[str, int | None, datetime | None]]:
    """The reminder and escalation markers of callback task ``task_id``: (kind, assignee, when), oldest first."""
    rules = [marker_rule(REMINDER_KIND, task_id), marker_rule(ESCALATION_KIND, task_id)]
    with db.session() as session:
        return list(session.execute(
            select(Task.kind, Task.assignee_id, Task.done_at)
            .where(Task.kind.in_((REMINDER_KIND, ESCALATION_KIND)), Task.origin_rule.in_(rules))
            .order_by(Task.id)
        ).all())


@dataclass(frozen=True)
class CallbackAlert:
    """A reminder or escalation addressed to one user, for their desktop to announce."""

    id: int
    kind: str  # REMINDER_KIND or ESCALATION_KIND
    title: str
    call_id: int | None
    client_id: int | None


def latest_alert_id(db: Database) -> int:
    """The newest reminder or escalation so far: a desktop announces only those after it."""
    with db.session() as session:
        return session.execute(
            select(func.coalesce(func.max(Task.id), 0)).where(Task.kind.in_((REMINDER_KIND, ESCALATION_KIND)))
        ).scalar_one()


def alerts_for(db: Database, user_id: int, after_id: int) -> list[CallbackAlert]:
    """Reminders and escalations addressed to ``user_id`` since marker ``after_id``, oldest first."""
    with db.session() as session:
        return [CallbackAlert(*row) for row in session.execute(
            select(Task.id, Task.kind, Task.title, Task.call_id, Task.client_id)
            .where(Task.kind.in_((REMINDER_KIND, ESCALATION_KIND)), Task.assignee_id == user_id, Task.id > after_id)
            .order_by(Task.id).limit(50)
        ).all()]

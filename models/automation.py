"""Stage automation: rules that create tasks, move orders on and remind about documents, each firing once.

Rule kinds (``stage_rules.kind``) and their ``params``:

- ``create_task`` — on entering the stage: ``{"title": str, "owner": "order_owner" | "role:<role>" |
  "user:<id or login>", "due_hours": int, "task_kind": str (optional)}``. The task's ``origin_rule`` is
  ``"rule:<id>"``.
- ``move_on_task_done`` — ``{"after_rule_id": <create_task rule id>, "to_stage_id": <id>}``: when a task that
  rule created is done while the order is still in this rule's stage, the order moves on through the same gates.
  ``task_rule_id`` is read as a synonym of ``after_rule_id``; with neither, a task of any rule of the same stage.
  A refused move is recorded (firing error and a timeline note), never raised at the person who ticked the task.
- ``remind_documents`` — a time rule for orders in the stage: ``{"documents": ["completion_act", ...],
  "every_days": 3, "owner": ..., "due_hours": 24, "title": str (optional), "reminder_title": str (optional)}``.
  Once the order's last visit (not cancelled) has ended, it asks for the documents (occurrence 0), then once every
  ``every_days`` days (occurrence = days since the visit // every_days) until all of them are attached; then it
  stops and closes its open reminder tasks.

Exactly once: every firing is a row of ``rule_firings`` unique on (rule, order, occurrence). The work of a firing
(its task) is written in a savepoint together with ``INSERT … ON CONFLICT DO NOTHING`` of the firing row; a
desk or service instance that loses the race finds the row there (Postgres makes a concurrent insert of the same
key wait for the first transaction) and rolls its savepoint back, task and all. Firings are insert-only, so a
role allowed only to insert them (a technician ticking a task) can still fire rules.

Occurrence of an on-enter rule is the how-many-th entry into the stage (from ``stage_history``), so an order
returned for rework gets its tasks again; whoever creates an order must write its first ``stage_history`` row
before calling :func:`fire_on_enter`.

A rule that cannot do its work (an owner who left, a broken parameter, a refused move) records why in
``rule_firings.error``; :func:`broken_rules` lists those for the overdue page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from models.company import User
from models.database import Database
from models.pipeline_rules import RuleFiring, StageRule
from models.pipelines import Order, StageChange, Task
from models.timeline import TimelineEntry

log = logging.getLogger(__name__)

RULE_ORIGIN_PREFIX = "rule:"
DEFAULT_DUE_HOURS = 24
DOCUMENT_LABELS = {
    "completion_act": "the completion act", "claim_act": "the warranty claim act", "act": "the signed act",
    "contract": "the signed contract", "invoice": "the invoice", "estimate": "the estimate",
    "commissioning_act": "the commissioning act",
}
#: Moves an order within the caller's transaction; returns None when moved, else why it was refused.
AutoMove = Callable[[Session, int, int], "str | None"]


@dataclass(frozen=True)
class TimeRulesReport:
    """What one pass of the time rules did, with a log line per firing."""

    rules: int
    tasks_created: int  # first requests and reminders
    reminders: int  # of those, repeats (occurrence > 0)
    tasks_closed: int  # reminder tasks closed because the documents came
    errors: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class BrokenRule:
    """A firing that could not do its work, for the overdue page."""

    firing_id: int
    rule_id: int
    rule_kind: str
    pipeline_name: str
    stage_name: str
    order_id: int
    order_number: int
    order_title: str
    task_id: int | None
    task_title: str | None
    occurrence: int
    fired_at: datetime
    error: str


def origin_of(rule_id: int) -> str:
    """The ``tasks.origin_rule`` of tasks a rule creates."""
    return f"{RULE_ORIGIN_PREFIX}{rule_id}"


def fire_on_enter(session: Session, order_id: int, stage_id: int, *, now: datetime) -> tuple[int, ...]:
    """Fire the stage's ``create_task`` rules for an order that has just entered it; return the new task ids."""
    rules = session.execute(select(StageRule).where(
        StageRule.stage_id == stage_id, StageRule.kind == "create_task", StageRule.active.is_(True),
    ).order_by(StageRule.position, StageRule.id)).scalars().all()
    if not rules:
        return ()
    order = session.get(Order, order_id)
    if order is None:
        return ()
    occurrence = max(stage_entries(session, order_id, stage_id) - 1, 0)
    created = []
    for rule in rules:
        if _fired(session, rule.id, order_id, occurrence):
            continue
        params = rule.params or {}
        problem = _task_params_problem(params)
        if problem:
            _record(session, rule.id, order_id, occurrence, task_id=None, error=problem, now=now)
            continue
        task_id, _error = _make_task(session, rule.id, order, occurrence, title=str(params["title"]),
                                     owner=str(params.get("owner", "order_owner")),
                                     due_hours=int(params.get("due_hours", DEFAULT_DUE_HOURS)),
                                     kind=str(params.get("task_kind") or "todo"), now=now)
        if task_id is not None:
            created.append(task_id)
    return tuple(created)


def fire_on_task_done(session: Session, task_id: int, *, now: datetime, move: AutoMove) -> int | None:
    """Fire ``move_on_task_done`` rules watching the rule that created this (now done) task.

    Returns the stage the order moved to, or None. Runs in the caller's transaction; ``move`` does the move
    through the stage gates (``models.order_flow``).
    """
    task = session.get(Task, task_id)
    if task is None or task.order_id is None or not (task.origin_rule or "").startswith(RULE_ORIGIN_PREFIX):
        return None
    try:
        source_rule = int(task.origin_rule.removeprefix(RULE_ORIGIN_PREFIX))
    except ValueError:
        return None
    occurrence = session.execute(select(RuleFiring.occurrence).where(
        RuleFiring.rule_id == source_rule, RuleFiring.order_id == task.order_id, RuleFiring.task_id == task.id,
    )).scalar_one_or_none() or 0
    candidates = session.execute(select(StageRule).where(
        StageRule.kind == "move_on_task_done", StageRule.active.is_(True),
    ).order_by(StageRule.position, StageRule.id)).scalars().all()
    source_stage: int | None = None
    for rule in candidates:
        params = rule.params or {}
        watched = params.get("after_rule_id", params.get("task_rule_id"))  # Settings may name it task_rule_id
        if watched is None:  # no rule named: a task made by any rule of the same stage
            if source_stage is None:
                source_stage = session.execute(select(StageRule.stage_id).where(StageRule.id == source_rule)
                                               ).scalar_one_or_none() or -1
            if source_stage != rule.stage_id:
                continue
        elif _as_int(watched) != source_rule:
            continue
        current = session.execute(select(Order.stage_id).where(Order.id == task.order_id).with_for_update()
                                  ).scalar_one()
        if current != rule.stage_id or _fired(session, rule.id, task.order_id, occurrence):
            continue  # moved on by hand meanwhile, or already done
        to_stage = _as_int(params.get("to_stage_id"))
        if to_stage is None:
            error = f"rule {rule.id} has no target stage (to_stage_id); the order was not moved"
        else:
            savepoint = session.begin_nested()
            error = move(session, task.order_id, to_stage)
            if error is None:
                if _record(session, rule.id, task.order_id, occurrence, task_id=task.id, error=None, now=now):
                    savepoint.commit()
                    return to_stage
                savepoint.rollback()
                continue
            savepoint.rollback()
        if _record(session, rule.id, task.order_id, occurrence, task_id=task.id, error=error, now=now):
            session.add(TimelineEntry(order_id=task.order_id, kind="note", at=now, text=error,
                                      payload={"rule_id": rule.id, "task_id": task.id}))
            session.flush()
    return None


def run_time_rules(db: Database, now: datetime) -> TimeRulesReport:
    """One pass of the time rules (``remind_documents``); the service calls it every minute.

    Each rule runs in its own transaction, so a broken rule does not hold the others back; several service
    instances may run it at once and still fire each occurrence once.
    """
    with db.session() as session:
        rules = session.execute(text(
            "SELECT r.id, r.stage_id, r.params, p.name || ' / ' || s.name FROM stage_rules r "
            "JOIN stages s ON s.id = r.stage_id JOIN pipelines p ON p.id = s.pipeline_id "
            "WHERE r.kind = 'remind_documents' AND r.active AND NOT p.archived ORDER BY r.id")).all()
    created = reminders = closed = errors = 0
    lines: list[str] = []
    for rule_id, stage_id, params, where in rules:
        with db.transaction() as session:
            c, r, k, e, rule_lines = _run_reminders(session, rule_id, stage_id, params or {}, where, now)
        created, reminders, closed, errors = created + c, reminders + r, closed + k, errors + e
        lines += rule_lines
    for line in lines:
        log.info("%s", line)
    return TimeRulesReport(len(rules), created, reminders, closed, errors, tuple(lines))


def broken_rules(db: Database, *, include_resolved: bool = False, limit: int = 500) -> list[BrokenRule]:
    """Firings that could not do their work, newest first.

    Unless ``include_resolved``, only those still needing someone: a task left unassigned and still open, or an
    order still waiting in the stage where its automatic move was refused (or whose rule could not run).
    """
    unresolved = "" if include_resolved else """
        AND ((r.kind <> 'move_on_task_done' AND t.id IS NOT NULL AND t.status = 'open' AND t.assignee_id IS NULL)
             OR ((r.kind = 'move_on_task_done' OR f.task_id IS NULL) AND o.stage_id = r.stage_id))"""
    with db.session() as session:
        rows = session.execute(text(f"""
            SELECT f.id, r.id, r.kind, p.name, s.name, o.id, o.number, o.title, t.id, t.title, f.occurrence,
                   f.fired_at, f.error
            FROM rule_firings f JOIN stage_rules r ON r.id = f.rule_id JOIN stages s ON s.id = r.stage_id
            JOIN pipelines p ON p.id = s.pipeline_id JOIN orders o ON o.id = f.order_id
            LEFT JOIN tasks t ON t.id = f.task_id
            WHERE f.error IS NOT NULL {unresolved}
            ORDER BY f.fired_at DESC, f.id DESC LIMIT :limit"""), {"limit": limit}).all()
    return [BrokenRule(*row) for row in rows]


def resolve_owner(session: Session, spec: str, order_owner_id: int | None) -> tuple[int | None, str | None]:
    """Who gets a rule's task: (user id, None), or (None, why the task is left unassigned)."""
    spec = (spec or "order_owner").strip()
    if spec == "order_owner":
        if order_owner_id is None:
            return None, "the order has no owner; task left unassigned"
        return _active(session.get(User, order_owner_id), f"user:{order_owner_id}")
    if spec.startswith("role:"):
        role = spec.removeprefix("role:")
        open_tasks = (select(func.count()).select_from(Task)
                      .where(Task.assignee_id == User.id, Task.status == "open").scalar_subquery())
        user_id = session.execute(select(User.id).where(User.role == role, User.active.is_(True))
                                  .order_by(open_tasks, User.id).limit(1)).scalar_one_or_none()
        if user_id is None:
            return None, f"no active user with role {role}; task left unassigned"
        return user_id, None
    if spec.startswith("user:"):
        ref = spec.removeprefix("user:")
        key = User.id == int(ref) if ref.isdigit() else User.login == ref
        return _active(session.execute(select(User).where(key)).scalar_one_or_none(), spec)
    return None, f"owner {spec!r} is not understood (use order_owner, role:<role> or user:<id>); task left unassigned"


def stage_entries(session: Session, order_id: int, stage_id: int) -> int:
    """How many times the order has entered the stage (its ``stage_history`` rows into it)."""
    return int(session.execute(select(func.count()).select_from(StageChange).where(
        StageChange.order_id == order_id, StageChange.to_stage_id == stage_id)).scalar_one())


# --- internals -------------------------------------------------------------------------------------------------

def _active(user: User | None, spec: str) -> tuple[int | None, str | None]:
    if user is None:
        return None, f"owner {spec} does not exist; task left unassigned"
    if not user.active:
        return None, f"owner {user.full_name} is inactive; task left unassigned"
    return user.id, None


def _fired(session: Session, rule_id: int, order_id: int, occurrence: int) -> bool:
    return session.execute(select(RuleFiring.id).where(
        RuleFiring.rule_id == rule_id, RuleFiring.order_id == order_id, RuleFiring.occurrence == occurrence,
    )).first() is not None


def _record(session: Session, rule_id: int, order_id: int, occurrence: int, *, task_id: int | None,
            error: str | None, now: datetime) -> bool:
    """Insert the firing unless one is there (or being inserted by someone else); True when this one counts."""
    session.flush()
    inserted = session.execute(
        insert(RuleFiring).values(rule_id=rule_id, order_id=order_id, occurrence=occurrence, task_id=task_id,
                                  error=error, fired_at=now)
        .on_conflict_do_nothing(constraint="uq_rule_firings_once").returning(RuleFiring.id)
    ).scalar_one_or_none()
    return inserted is not None


def _make_task(session: Session, rule_id: int, order: Order, occurrence: int, *, title: str, owner: str,
               due_hours: int, kind: str, now: datetime) -> tuple[int | None, str | None]:
    """Create a rule's task and its firing together; (None, None) when another desk fired it first."""
    savepoint = session.begin_nested()
    assignee, error = resolve_owner(session, owner, order.owner_id)
    task = Task(order_id=order.id, client_id=order.client_id, assignee_id=assignee, title=title[:300], kind=kind,
                due_at=now + timedelta(hours=due_hours), status="open", origin_rule=origin_of(rule_id),
                created_at=now)
    session.add(task)
    session.flush()
    session.add(TimelineEntry(order_id=order.id, client_id=order.client_id, kind="task", at=now,
                              text=f"Task: {task.title}" + (f" ({error})" if error else ""),
                              payload={"task_id": task.id, "rule_id": rule_id, "occurrence": occurrence}))
    if not _record(session, rule_id, order.id, occurrence, task_id=task.id, error=error, now=now):
        savepoint.rollback()
        return None, None
    savepoint.commit()
    return task.id, error


def _task_params_problem(params: dict) -> str | None:
    if not isinstance(params.get("title"), str) or not params["title"].strip():
        return "the rule has no task title; no task was created"
    if _as_int(params.get("due_hours", DEFAULT_DUE_HOURS)) is None:
        return f"due_hours {params.get('due_hours')!r} is not a whole number of hours; no task was created"
    return None


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _documents_title(documents: Sequence[str]) -> str:
    labels = [DOCUMENT_LABELS.get(d, d) for d in documents]
    joined = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"Attach {joined}"


_CANDIDATES = text("""
    SELECT o.id, lv.ends_at, k.n,
           ARRAY(SELECT DISTINCT a.kind FROM attachments a WHERE a.order_id = o.id AND a.kind = ANY(:docs)) AS have
    FROM orders o
    CROSS JOIN LATERAL (SELECT max(v.ends_at) AS ends_at FROM visits v
                        WHERE v.order_id = o.id AND v.status <> 'cancelled') lv
    CROSS JOIN LATERAL (SELECT floor(extract(epoch FROM (CAST(:now AS timestamptz) - lv.ends_at))
                                     / (86400.0 * :every))::int AS n) k
    WHERE o.stage_id = :stage AND lv.ends_at <= :now
      AND NOT (CAST(:docs AS varchar[]) <@ ARRAY(SELECT a.kind FROM attachments a WHERE a.order_id = o.id))
      AND NOT EXISTS (SELECT 1 FROM rule_firings f WHERE f.rule_id = :rule AND f.order_id = o.id
                      AND f.occurrence = k.n)
    ORDER BY o.id""")
_CLOSE_ANSWERED = text("""
    UPDATE tasks t SET status = 'done', done_at = :now
    WHERE t.origin_rule = :origin AND t.status = 'open'
      AND CAST(:docs AS varchar[]) <@ ARRAY(SELECT a.kind FROM attachments a WHERE a.order_id = t.order_id)
    RETURNING t.id, t.order_id""")


def _run_reminders(session: Session, rule_id: int, stage_id: int, params: dict, where: str,
                   now: datetime) -> tuple[int, int, int, int, list[str]]:
    """One remind_documents rule: (tasks created, of them reminders, tasks closed, errors, log lines)."""
    documents = [str(d) for d in params.get("documents") or () if d]
    every = _as_int(params.get("every_days"))
    due_hours = _as_int(params.get("due_hours", DEFAULT_DUE_HOURS))
    lines: list[str] = []
    closed = session.execute(_CLOSE_ANSWERED, {"now": now, "origin": origin_of(rule_id), "docs": documents}).all()
    lines += [f"rule {rule_id} ({where}): documents attached to order {order_id}; reminder task {task_id} closed"
              for task_id, order_id in closed]
    problem = None
    if not documents:
        problem = "the rule lists no documents to ask for"
    elif every is None or every < 1:
        problem = f"every_days {params.get('every_days')!r} must be a whole number of days, at least 1"
    elif due_hours is None:
        problem = f"due_hours {params.get('due_hours')!r} is not a whole number of hours"
    if problem:
        return 0, 0, len(closed), _record_broken(session, rule_id, stage_id, problem, where, now, lines), lines
    created = reminders = errors = 0
    candidates = session.execute(_CANDIDATES, {"docs": documents, "now": now, "every": every, "stage": stage_id,
                                               "rule": rule_id}).all()
    for order_id, _ends_at, occurrence, have in candidates:
        order = session.get(Order, order_id)
        missing = [d for d in documents if d not in set(have)]
        first = params.get("title") or _documents_title(missing)
        title = first if occurrence == 0 else (
            params.get("reminder_title") or f"Reminder: {first[0].lower()}{first[1:]}")
        task_id, error = _make_task(session, rule_id, order, occurrence, title=str(title),
                                    owner=str(params.get("owner", "order_owner")), due_hours=due_hours,
                                    kind=str(params.get("task_kind") or "documents"), now=now)
        if task_id is None:
            continue
        created += 1
        reminders += occurrence > 0
        errors += error is not None
        lines.append(f"rule {rule_id} ({where}): order {order.number} task {task_id} «{title}» "
                     f"(occurrence {occurrence})" + (f": {error}" if error else ""))
    return created, reminders, len(closed), errors, lines


def _record_broken(session: Session, rule_id: int, stage_id: int, problem: str, where: str, now: datetime,
                   lines: list[str]) -> int:
    """Record a rule whose parameters are broken once per order in its stage; return how many were new."""
    order_ids = session.execute(select(Order.id).where(Order.stage_id == stage_id)).scalars().all()
    new = sum(_record(session, rule_id, order_id, 0, task_id=None, error=problem, now=now) for order_id in order_ids)
    if new:
        lines.append(f"rule {rule_id} ({where}) is broken: {problem} ({new} orders)")
    return new

"""Overdue work: open orders with a late task or a stage held past its SLA, overdue callbacks, broken rules.

One report answers "what is late, who is late, by how long": rows worst first (capped, with the full counts),
and groups by person and by stage whose counts and worst lateness cover every late item, not only the rows
shown. Open callback tasks past their deadline form a group of their own (a callback has no order), and so
do automation rules that failed (``rule_firings.error``), so a broken rule is reported, never dropped.

Made for the large data set: late tasks come from the partial index ``ix_tasks_open_due``; stage lateness is
a join of open orders on the stages that have an SLA; names are joined after the cap; the counts by person,
by stage and in total come from one pass (GROUPING SETS).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from models.database import Database

ROW_CAP = 5000
UNASSIGNED = "unassigned"
REASONS = ("task", "stage_sla", "broken_rule", "callback")

# Each late item: an open non-callback task past due on an open order (ix_tasks_open_due), or an open order
# held in an open stage longer than the stage's sla_hours; ``since`` is when it became late.
_LATE = """
WITH late AS (
    SELECT 'task' AS reason, t.id AS task_id, o.id AS order_id, o.stage_id,
           COALESCE(t.assignee_id, o.owner_id) AS person_id, t.due_at AS since
    FROM tasks t JOIN orders o ON o.id = t.order_id
    WHERE t.status = 'open' AND t.due_at < :now AND t.kind <> 'callback' AND o.closed_at IS NULL
    UNION ALL
    SELECT 'stage_sla', NULL, o.id, o.stage_id, o.owner_id, o.stage_entered_at + make_interval(hours => s.sla_hours)
    FROM orders o JOIN stages s ON s.id = o.stage_id
    WHERE s.sla_hours IS NOT NULL AND s.kind = 'open' AND o.closed_at IS NULL
      AND o.stage_entered_at < :now - make_interval(hours => s.sla_hours)
)
"""

_GROUPS = _LATE + """
SELECT CASE GROUPING(person_id, stage_id) WHEN 1 THEN 'person' WHEN 2 THEN 'stage' ELSE 'total' END AS grouping,
       person_id, stage_id,
       count(*) AS items, count(DISTINCT order_id) AS orders, min(since) AS since
FROM late GROUP BY GROUPING SETS ((person_id), (stage_id), ())
"""

_ORDER_COLUMNS = """
       o.id AS order_id, o.number, o.title AS order_title, o.client_id,
       COALESCE(c.name, o.requester_phone, '') AS client, p.id AS pipeline_id, p.name AS pipeline,
       s.id AS stage_id, s.name AS stage, s.color AS stage_color,
       s.sla_hours
"""

_ROWS = _LATE + f"""
SELECT l.reason, l.task_id, t.title AS subject, l.since, l.person_id, u.full_name AS person, u.active AS person_active,
       {_ORDER_COLUMNS}
FROM (SELECT * FROM late ORDER BY since, order_id, task_id LIMIT :cap) l
JOIN orders o ON o.id = l.order_id
JOIN stages s ON s.id = o.stage_id
JOIN pipelines p ON p.id = o.pipeline_id
LEFT JOIN clients c ON c.id = o.client_id
LEFT JOIN tasks t ON t.id = l.task_id
LEFT JOIN users u ON u.id = l.person_id
ORDER BY l.since, o.id, l.task_id
"""

_CALLBACKS = """
SELECT t.id AS task_id, t.title AS subject, t.due_at AS since, t.assignee_id AS person_id, u.full_name AS person,
       u.active AS person_active, t.client_id, COALESCE(c.name, k.from_number, '') AS client, t.order_id, o.number,
       count(*) OVER () AS total
FROM tasks t
LEFT JOIN users u ON u.id = t.assignee_id
LEFT JOIN clients c ON c.id = t.client_id
LEFT JOIN calls k ON k.id = t.call_id
LEFT JOIN orders o ON o.id = t.order_id
WHERE t.status = 'open' AND t.due_at < :now AND t.kind = 'callback'
ORDER BY t.due_at, t.id
LIMIT :cap
"""

# A failed firing stays listed until what it broke is dealt with: the task it created got someone or was
# closed, or (for a firing without a task, or a failed move) the order left the rule's stage.
_BROKEN = f"""
SELECT f.id AS firing_id, f.rule_id, r.kind AS rule_kind, f.error, f.fired_at AS since, f.task_id,
       rs.name AS rule_stage, o.owner_id AS person_id, u.full_name AS person, u.active AS person_active,
       count(*) OVER () AS total,
       {_ORDER_COLUMNS}
FROM rule_firings f
JOIN stage_rules r ON r.id = f.rule_id
JOIN stages rs ON rs.id = r.stage_id
JOIN orders o ON o.id = f.order_id
JOIN stages s ON s.id = o.stage_id
JOIN pipelines p ON p.id = o.pipeline_id
LEFT JOIN clients c ON c.id = o.client_id
LEFT JOIN tasks t ON t.id = f.task_id
LEFT JOIN users u ON u.id = o.owner_id
WHERE f.error IS NOT NULL AND o.closed_at IS NULL
  AND CASE WHEN r.kind <> 'move_on_task_done' AND t.id IS NOT NULL THEN t.status = 'open' AND t.assignee_id IS NULL
           ELSE o.stage_id = r.stage_id END
ORDER BY f.fired_at, f.id
LIMIT :cap
"""


def format_late(late_by: timedelta) -> str:
    """Lateness compactly: "3 d 4 h", "2 h 15 min", "45 min" (under a minute reads "1 min")."""
    minutes = max(1, int(late_by.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


@dataclass(frozen=True)
class OverdueRow:
    """One late item: a task, a stage held past its SLA, a broken automation rule or an overdue callback.

    ``subject`` is the task's title, or the rule's error; ``since`` is when it became late (the task's
    deadline, stage entry plus SLA, the failed firing); ``person`` is "unassigned" when nobody is.
    """

    reason: str
    order_id: int | None
    number: int | None
    title: str
    client_id: int | None
    client: str
    pipeline_id: int | None
    pipeline: str
    stage_id: int | None
    stage: str
    stage_color: str
    person_id: int | None
    person: str
    person_active: bool
    since: datetime
    late_by: timedelta
    subject: str = ""
    sla_hours: int | None = None
    task_id: int | None = None
    rule_id: int | None = None

    @property
    def detail(self) -> str:
        """The reason in a sentence (English; the overdue page builds its own translated one)."""
        late = format_late(self.late_by)
        if self.reason == "task":
            return f"Task «{self.subject}» {late} late"
        if self.reason == "stage_sla":
            return f"In «{self.stage}» {late} past its {self.sla_hours} h limit"
        if self.reason == "callback":
            return f"Callback «{self.subject}» {late} late"
        return f"Automation failed {late} ago: {self.subject}"

    @property
    def key(self) -> tuple:
        """Identifies the row across reloads (to keep the selection)."""
        return self.reason, self.order_id, self.task_id, self.rule_id


@dataclass(frozen=True)
class OverdueGroup:
    """A person, a stage, the callbacks or the broken rules: every late item counted, the shown rows listed."""

    kind: str  # "person" | "stage" | "callbacks" | "broken_rules"
    id: int | None
    label: str
    count: int
    orders: int
    worst: timedelta
    rows: tuple[OverdueRow, ...] = ()
    active: bool = True  # a person who has left is inactive


@dataclass(frozen=True)
class OverdueReport:
    """What is late as of ``now``; ``rows`` hold at most ``cap`` late tasks and stages, worst first."""

    now: datetime
    cap: int
    rows: tuple[OverdueRow, ...] = ()
    callbacks: tuple[OverdueRow, ...] = ()
    broken_rules: tuple[OverdueRow, ...] = ()
    late_items: int = 0
    orders_late: int = 0
    callbacks_overdue: int = 0
    broken_rule_count: int = 0
    by_person: tuple[OverdueGroup, ...] = ()
    by_stage: tuple[OverdueGroup, ...] = ()

    @property
    def truncated(self) -> bool:
        return self.late_items > len(self.rows)

    @property
    def empty(self) -> bool:
        return not (self.late_items or self.callbacks_overdue or self.broken_rule_count)

    def groups(self, grouping: str) -> tuple[OverdueGroup, ...]:
        """The groups to show for ``grouping`` ("person" or "stage"): broken rules and callbacks first (each
        when there are any), then the people or stages, worst first."""
        if grouping not in ("person", "stage"):
            raise ValueError(f"Grouping {grouping!r} is unknown; use 'person' or 'stage'.")
        head = []
        if self.broken_rule_count:
            head.append(_special("broken_rules", "Broken automation rules", self.broken_rules,
                                 self.broken_rule_count, self.now))
        if self.callbacks_overdue:
            head.append(_special("callbacks", "Callbacks", self.callbacks, self.callbacks_overdue, self.now))
        return (*head, *(self.by_person if grouping == "person" else self.by_stage))


def _special(kind: str, label: str, rows: tuple[OverdueRow, ...], count: int, now: datetime) -> OverdueGroup:
    worst = max((r.late_by for r in rows), default=timedelta(0))
    return OverdueGroup(kind, None, label, count, len({r.order_id for r in rows if r.order_id}), worst, rows)


def load_overdue(db: Database, now: datetime | None = None, *, cap: int = ROW_CAP) -> OverdueReport:
    """Everything late as of ``now`` (default: the current time), in one read-only snapshot."""
    now = now or datetime.now(UTC)
    params = {"now": now, "cap": cap}
    with db.session() as session:
        rows = tuple(_row(r, now) for r in session.execute(text(_ROWS), params).mappings())
        callbacks = session.execute(text(_CALLBACKS), params).mappings().all()
        broken = session.execute(text(_BROKEN), params).mappings().all()
        by_person, by_stage, items, orders = _groups(session, params, rows)
    return OverdueReport(
        now=now, cap=cap, rows=rows,
        callbacks=tuple(_callback(r, now) for r in callbacks),
        broken_rules=tuple(_broken(r, now) for r in broken),
        late_items=items, orders_late=orders,
        callbacks_overdue=callbacks[0]["total"] if callbacks else 0,
        broken_rule_count=broken[0]["total"] if broken else 0,
        by_person=by_person, by_stage=by_stage,
    )


def _person(r) -> tuple[int | None, str, bool]:
    if r["person_id"] is None or r["person"] is None:
        return None, UNASSIGNED, True
    return r["person_id"], r["person"], bool(r["person_active"])


def _row(r, now: datetime) -> OverdueRow:
    person_id, person, active = _person(r)
    return OverdueRow(
        r["reason"], r["order_id"], r["number"], r["order_title"], r["client_id"], r["client"], r["pipeline_id"],
        r["pipeline"], r["stage_id"], r["stage"], r["stage_color"], person_id, person, active, r["since"],
        now - r["since"], r["subject"] or "", r["sla_hours"], r["task_id"])


def _callback(r, now: datetime) -> OverdueRow:
    person_id, person, active = _person(r)
    return OverdueRow("callback", r["order_id"], r["number"], r["subject"], r["client_id"], r["client"], None, "",
                      None, "", "", person_id, person, active, r["since"], now - r["since"], r["subject"],
                      task_id=r["task_id"])


def _broken(r, now: datetime) -> OverdueRow:
    person_id, person, active = _person(r)
    subject = f"{r['error']} (rule {r['rule_kind']} of «{r['rule_stage']}»)"
    return OverdueRow("broken_rule", r["order_id"], r["number"], r["order_title"], r["client_id"], r["client"],
                      r["pipeline_id"], r["pipeline"], r["stage_id"], r["stage"], r["stage_color"], person_id, person,
                      active, r["since"], now - r["since"], subject, r["sla_hours"], r["task_id"], r["rule_id"])


def _groups(session: Session, params: dict, rows: tuple[OverdueRow, ...]
            ) -> tuple[tuple[OverdueGroup, ...], tuple[OverdueGroup, ...], int, int]:
    """Groups by person and by stage over every late item, with the shown rows attached; and the totals."""
    counts = session.execute(text(_GROUPS), params).mappings().all()
    people = {p["id"]: p for p in session.execute(text(
        "SELECT id, full_name, active FROM users WHERE id = ANY(:ids)"),
        {"ids": [c["person_id"] for c in counts if c["grouping"] == "person"]}).mappings()}
    stages = {s["id"]: s for s in session.execute(text(
        "SELECT s.id, s.name, p.name AS pipeline FROM stages s JOIN pipelines p ON p.id = s.pipeline_id "
        "WHERE s.id = ANY(:ids)"), {"ids": [c["stage_id"] for c in counts if c["grouping"] == "stage"]}).mappings()}
    by_person_rows: dict[int | None, list[OverdueRow]] = {}
    by_stage_rows: dict[int | None, list[OverdueRow]] = {}
    for row in rows:
        by_person_rows.setdefault(row.person_id, []).append(row)
        by_stage_rows.setdefault(row.stage_id, []).append(row)
    now = params["now"]
    by_person, by_stage, items, orders = [], [], 0, 0
    for c in counts:
        if c["since"] is None:
            continue  # the total over no late items
        worst = now - c["since"]
        if c["grouping"] == "total":
            items, orders = c["items"], c["orders"]
        elif c["grouping"] == "person":
            person = people.get(c["person_id"])
            key = c["person_id"] if person else None
            label, active = (person["full_name"], person["active"]) if person else (UNASSIGNED, True)
            by_person.append(OverdueGroup("person", key, label, c["items"], c["orders"], worst,
                                          tuple(by_person_rows.get(key, ())), active))
        else:
            stage = stages.get(c["stage_id"])
            label = f"{stage['pipeline']} · {stage['name']}" if stage else str(c["stage_id"])
            by_stage.append(OverdueGroup("stage", c["stage_id"], label, c["items"], c["orders"], worst,
                                         tuple(by_stage_rows.get(c["stage_id"], ()))))
    by_person.sort(key=lambda g: (-g.worst, g.label))
    by_stage.sort(key=lambda g: (-g.worst, g.label))
    return tuple(by_person), tuple(by_stage), items, orders

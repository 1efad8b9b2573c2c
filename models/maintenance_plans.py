"""Maintenance plans at work: adding and ending plans, generating their occurrences ahead (each exactly once),
booking them on orders and visits, re-planning when a visit moves. What is due (a unit's maintenance, overdue
maintenance, "maintenance due" reminders to the client and the service duty) is in ``models.maintenance_due``.

Dates. The ``seq``-th occurrence of a plan is due ``seq × every_months`` months after its *anchor*: the plan's
``starts_on`` (seq 0), or — once an occurrence is booked or done — that occurrence's visit date. Months are added
to the anchor in one step (``anchor + k months``), never month by month, so a plan anchored on 31 January is due
28/29 February, 31 March, 30 April…: a short month clamps one date without shifting the later ones.

Usage. A plan every ``every_usage`` engine hours (or km) estimates when the unit reaches each due reading from
its usage rate: a straight line through its readings (``models.equipment.UsageReading``) — the latest one and
the earliest one taken within 365 days before it; rate = value difference / days between them (at least one
day apart). The usage at a date is read off that line (never below 0); the occurrence is due on the day the
line reaches ``anchor usage + k × every_usage``. A plan with both intervals is due at whichever comes first.
A usage-only plan whose unit has fewer than two readings a day apart gets no occurrences and is reported as
needing readings (``GenerateReport.needs_readings``, ``PlanRow.needs_readings``); a unit whose readings do not
grow gets none either (it is idle).

Generation is one ``INSERT … SELECT … generate_series … ON CONFLICT (plan_id, seq) DO NOTHING`` per chunk of
active plans, under a transaction-level advisory lock taken exclusively; the functions that move anchors (book, visit
changes, replan, deactivate) take it shared, so they never interleave with a run. A plan that has no
occurrences yet starts with the first one due on or after ``today``: past dates are not back-filled.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from models.catalog import Service
from models.database import Database
from models.equipment import Equipment
from models.maintenance import MaintenanceOccurrence, MaintenancePlan
from models.pipelines import Order
from models.scheduling import Visit

LOCK_KEY = int.from_bytes(hashlib.sha1(b"fielddesk:maintenance-plans").digest()[:8], "big", signed=True)
#: Safety cap on occurrences one plan may get in one run (a year of a tiny usage interval on a busy unit).
MAX_NEW_PER_PLAN = 500
CHUNK = 5000  # plans a generation transaction
ROW_CAP = 5000
HORIZON_MONTHS = 12
MAX_EVERY_USAGE = Decimal(1_000_000)


class PlanRefused(ValueError):
    """A maintenance change cannot be made as asked; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class PlanRow:
    """A plan as the equipment card shows it."""

    id: int
    equipment_id: int
    every_months: int | None
    every_usage: Decimal | None
    usage_unit: str | None
    starts_on: date
    contract: str | None
    service_id: int | None
    active: bool
    next_due_on: date | None = None
    needs_readings: bool = False


@dataclass(frozen=True)
class OccurrenceRow:
    """One maintenance occurrence; ``state`` adds "overdue" and "due_soon" to the stored status."""

    id: int
    plan_id: int
    seq: int
    due_on: date
    due_usage: Decimal | None
    status: str
    state: str
    order_id: int | None
    order_number: int | None
    visit_id: int | None
    reminded: bool


@dataclass(frozen=True)
class GenerateReport:
    """What one generation run did."""

    horizon_end: date
    plans: int
    created: int
    needs_readings: tuple[int, ...] = ()

    def describe(self) -> str:
        waiting = f"; {len(self.needs_readings)} usage plans need readings" if self.needs_readings else ""
        return f"maintenance: {self.created} occurrences generated to {self.horizon_end:%d.%m.%Y} " \
               f"for {self.plans} active plans{waiting}"


@dataclass(frozen=True)
class ReplanReport:
    plan_id: int
    shifted: int  # planned occurrences re-dated


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def describe_interval(every_months: int | None, every_usage: Decimal | None, usage_unit: str | None) -> str:
    """English words for a plan's interval ("every 6 months or 250 engine hours")."""
    parts = [f"{every_months} month" + ("s" if every_months != 1 else "")] if every_months else []
    if every_usage is not None:
        parts.append(f"{Decimal(every_usage).normalize():f} " + ("km" if usage_unit == "km" else "engine hours"))
    return "every " + " or ".join(parts)


# --- the due-date arithmetic, shared by generation and re-planning ---------------------------------------------

# One row per selected active plan: its anchor (latest booked/done occurrence, else starts_on as seq 0), the
# highest seq it has, and its unit's usage line (last reading, rate per day) when it counts usage.
FRAME_SQL = """
tz AS (SELECT time_zone AS name FROM company WHERE id = 1),
plan AS (
    SELECT p.id AS plan_id, p.equipment_id, p.every_months, p.every_usage,
           COALESCE(a.seq, 0) AS anchor_seq, COALESCE(a.due_on, p.starts_on) AS anchor_on, m.max_seq
    FROM maintenance_plans p
    LEFT JOIN LATERAL (SELECT o.seq, o.due_on FROM maintenance_occurrences o
                       WHERE o.plan_id = p.id AND o.status IN ('booked', 'done')
                       ORDER BY o.seq DESC LIMIT 1) a ON true
    LEFT JOIN LATERAL (SELECT max(o.seq) AS max_seq FROM maintenance_occurrences o WHERE o.plan_id = p.id) m ON true
    WHERE p.active AND {where}
),
rate AS (
    SELECT u.equipment_id, l.read_on AS last_on, l.value AS last_value,
           CASE WHEN l.read_on > f.read_on THEN greatest(l.value - f.value, 0) / (l.read_on - f.read_on) END AS per_day
    FROM (SELECT DISTINCT equipment_id FROM plan WHERE every_usage IS NOT NULL) u
    CROSS JOIN LATERAL (SELECT r.read_at, (r.read_at AT TIME ZONE (SELECT name FROM tz))::date AS read_on, r.value
                        FROM usage_readings r WHERE r.equipment_id = u.equipment_id
                        ORDER BY r.read_at DESC LIMIT 1) l
    CROSS JOIN LATERAL (SELECT (r.read_at AT TIME ZONE (SELECT name FROM tz))::date AS read_on, r.value
                        FROM usage_readings r WHERE r.equipment_id = u.equipment_id
                          AND r.read_at >= l.read_at - interval '365 days' ORDER BY r.read_at LIMIT 1) f
),
frame AS (
    SELECT p.*, r.last_on, r.last_value, r.per_day,
           CASE WHEN p.every_usage IS NOT NULL AND r.per_day IS NOT NULL
                THEN greatest(0, r.last_value + r.per_day * (p.anchor_on - r.last_on)) END AS anchor_usage
    FROM plan p LEFT JOIN rate r ON r.equipment_id = p.equipment_id AND p.every_usage IS NOT NULL
)
"""

# Months between the months of two dates (days ignored).
_MDIFF = "((EXTRACT(YEAR FROM {b})::int * 12 + EXTRACT(MONTH FROM {b})::int) " \
         "- (EXTRACT(YEAR FROM {a})::int * 12 + EXTRACT(MONTH FROM {a})::int))"
_USAGE_AT = "greatest(0, f.last_value + f.per_day * ({d} - f.last_on))"


def _due_columns(k: str) -> str:
    """due_on and due_usage of the ``k``-th occurrence of frame row ``f``."""
    usage = f"(f.anchor_usage + ({k} - f.anchor_seq) * f.every_usage)"
    by_months = f"(f.anchor_on + make_interval(months => ({k} - f.anchor_seq) * f.every_months))::date"
    by_usage = f"f.last_on + ceil(({usage} - f.last_value) / f.per_day)::int"
    return f"""least(CASE WHEN f.every_months IS NOT NULL THEN {by_months} END,
                      CASE WHEN f.per_day > 0 THEN greatest(f.anchor_on, {by_usage}) END) AS due_on,
               {usage} AS due_usage"""


def _bounds() -> str:
    """First and last seq worth computing for frame row ``f`` (the due filter then keeps the exact ones)."""
    mdiff_h, mdiff_s = _MDIFF.format(a="f.anchor_on", b=":horizon"), _MDIFF.format(a="f.anchor_on", b=":since")
    usage_h, usage_s = _USAGE_AT.format(d=":horizon"), _USAGE_AT.format(d=":since")
    m_end = f"CASE WHEN f.every_months IS NOT NULL THEN f.anchor_seq + {mdiff_h} / f.every_months END"
    m_start = f"""CASE WHEN f.every_months IS NOT NULL
                       THEN f.anchor_seq + greatest(1, ({mdiff_s} - 1) / f.every_months) END"""
    u_end = f"""CASE WHEN f.per_day > 0 THEN f.anchor_seq
                     + greatest(0, floor(({usage_h} - f.anchor_usage) / f.every_usage))::int END"""
    u_start = f"""CASE WHEN f.per_day > 0 THEN f.anchor_seq
                       + greatest(1, floor(({usage_s} - f.anchor_usage) / f.every_usage)::int - 1) END"""
    first = f"""CASE WHEN f.max_seq IS NOT NULL THEN greatest(f.max_seq, f.anchor_seq) + 1
                     ELSE greatest({m_start}, {u_start}) END"""
    return f"{first} AS first_seq, greatest({m_end}, {u_end}) AS last_seq"


_GENERATE = f"""
WITH {FRAME_SQL.format(where="p.id = ANY(CAST(:ids AS integer[]))")},
spans AS (SELECT f.*, {_bounds()} FROM frame f),
candidates AS (
    SELECT f.plan_id, k AS seq, {_due_columns("k")}, f.max_seq
    FROM spans f CROSS JOIN LATERAL generate_series(f.first_seq, least(f.last_seq, f.first_seq + {MAX_NEW_PER_PLAN}))
         AS k
),
inserted AS (
    INSERT INTO maintenance_occurrences (plan_id, seq, due_on, due_usage)
    SELECT plan_id, seq, due_on, due_usage FROM candidates
    WHERE due_on IS NOT NULL AND due_on <= :horizon AND (max_seq IS NOT NULL OR due_on >= :since)
    ORDER BY plan_id, seq
    ON CONFLICT (plan_id, seq) DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM inserted) AS created, (SELECT count(*) FROM frame) AS plans,
       (SELECT array_agg(plan_id ORDER BY plan_id) FROM frame
         WHERE every_usage IS NOT NULL AND every_months IS NULL AND per_day IS NULL) AS needs_readings
"""

_REALIGN = f"""
WITH {FRAME_SQL.format(where="p.id = :plan_id")},
target AS (
    SELECT o.id, {_due_columns("o.seq")}
    FROM frame f JOIN maintenance_occurrences o ON o.plan_id = f.plan_id AND o.status = 'planned'
                                                AND o.seq > f.anchor_seq
)
UPDATE maintenance_occurrences o
SET due_on = t.due_on, due_usage = t.due_usage,
    reminded_at = CASE WHEN t.due_on = o.due_on THEN o.reminded_at END
FROM target t
WHERE o.id = t.id AND t.due_on IS NOT NULL AND (o.due_on, o.due_usage) IS DISTINCT FROM (t.due_on, t.due_usage)
"""


def lock_plans(session: Session, *, exclusive: bool) -> None:
    session.execute(text(f"SELECT pg_advisory_xact_lock{'' if exclusive else '_shared'}(:k)"), {"k": LOCK_KEY})


def generate(db: Database, horizon_end: date, *, plan_ids: list[int] | tuple[int, ...] | None = None,
             today: date | None = None, chunk: int = CHUNK) -> GenerateReport:
    """Create every active plan's occurrences due up to ``horizon_end`` that do not exist yet (each once).

    Safe to run from several service instances at once and to rerun: a rerun with the same horizon adds nothing.
    ``plan_ids`` limits the run to those plans (the equipment card after adding one). ``today`` (default: the
    current date) is where a plan with no occurrences yet begins. Plans go ``chunk`` at a time, a transaction
    each, so a visit moved meanwhile waits for one chunk at most, never for the whole run.
    """
    since = today or date.today()
    if plan_ids is None:
        with db.session() as session:
            plan_ids = session.execute(select(MaintenancePlan.id).where(MaintenancePlan.active.is_(True))
                                       .order_by(MaintenancePlan.id)).scalars().all()
    ids, plans, created, waiting = sorted(set(plan_ids)), 0, 0, []
    for start in range(0, len(ids), chunk):
        with db.transaction() as session:
            lock_plans(session, exclusive=True)
            row = session.execute(text(_GENERATE), {"horizon": horizon_end, "since": since,
                                                    "ids": ids[start:start + chunk]}).one()
        plans, created, waiting = plans + row.plans, created + row.created, waiting + list(row.needs_readings or ())
    return GenerateReport(horizon_end, plans, created, tuple(waiting))


def _realign(session: Session, plan_id: int) -> int:
    """Re-date the plan's planned occurrences after its anchor; returns how many moved."""
    return session.execute(text(_REALIGN), {"plan_id": plan_id}).rowcount or 0


def _follow(session: Session, occ: MaintenanceOccurrence, visit: Visit | None) -> None:
    """Take the visit's day (done when it is done) and re-date the plan's following planned occurrences; a done
    occurrence supersedes the planned ones before it (skipped: they will not be done any more)."""
    if visit is not None:
        occ.visit_id, occ.due_on = visit.id, _visit_day(session, visit)
        occ.status = "done" if visit.status == "done" else "booked"
    session.flush()
    if occ.status == "done":
        session.execute(update(MaintenanceOccurrence).where(
            MaintenanceOccurrence.plan_id == occ.plan_id, MaintenanceOccurrence.seq < occ.seq,
            MaintenanceOccurrence.status == "planned").values(status="skipped"))
    _realign(session, occ.plan_id)
    session.flush()


# --- plans ------------------------------------------------------------------------------------------------------

def add_plan(db: Database, equipment_id: int, *, every_months: int | None = None,
             every_usage: Decimal | int | None = None, starts_on: date, service_id: int | None = None,
             contract: str | None = None) -> PlanRow:
    """Add a maintenance plan to a unit (the same active plan added twice is returned, not duplicated).
    ``starts_on`` is the date the interval counts from (commissioning or the last service): due one interval on."""
    if every_months is None and every_usage is None:
        raise PlanRefused("Give the interval: every N months, every N engine hours (or km), or both.")
    if every_months is not None and (isinstance(every_months, bool) or not 1 <= int(every_months) <= 120
                                     or int(every_months) != every_months):
        raise PlanRefused(f"Every {every_months} months is not allowed: enter a whole number of months from 1 to 120.")
    try:
        usage = None if every_usage is None else Decimal(str(every_usage).replace(",", ".").strip())
    except InvalidOperation:
        raise PlanRefused(f"{every_usage!r} is not a number: enter the interval as digits, e.g. 250.") from None
    if usage is not None and (usage.is_nan() or not 0 < usage <= MAX_EVERY_USAGE or usage != round(usage, 1)):
        raise PlanRefused(f"An interval of {every_usage} is not allowed: enter a positive number "
                          f"(one decimal at most, up to {MAX_EVERY_USAGE:,}).")
    today = date.today()
    if not add_months(today, -12 * 50) <= starts_on <= add_months(today, 24):
        raise PlanRefused(f"Start date {starts_on:%d.%m.%Y} is out of range: use a date within the last 50 years "
                          "and at most two years ahead.")
    contract = (contract or "").strip() or None
    if contract is not None and len(contract) > 100:
        raise PlanRefused("The contract reference is too long: shorten it to 100 characters.")
    with db.transaction() as session:
        lock_plans(session, exclusive=False)
        unit = session.get(Equipment, equipment_id, with_for_update=True)
        if unit is None:
            raise PlanRefused(f"Unit {equipment_id} does not exist (it may have been removed); refresh the card.")
        if usage is not None and unit.usage_unit is None:
            raise PlanRefused("This unit has no usage unit: set engine hours or km on the unit before planning "
                              "maintenance by usage.")
        if service_id is not None and session.get(Service, service_id) is None:
            raise PlanRefused(f"Service {service_id} does not exist; choose one from the price list.")
        same = session.execute(select(MaintenancePlan).where(
            MaintenancePlan.equipment_id == equipment_id, MaintenancePlan.active.is_(True),
            MaintenancePlan.every_months.is_not_distinct_from(every_months),
            MaintenancePlan.every_usage.is_not_distinct_from(usage),
            MaintenancePlan.starts_on == starts_on,
            MaintenancePlan.contract.is_not_distinct_from(contract))).scalars().first()
        plan = same or MaintenancePlan(equipment_id=equipment_id, every_months=every_months, every_usage=usage,
                                       starts_on=starts_on, service_id=service_id, contract=contract, active=True)
        session.add(plan)
        session.flush()
        return plan_row(plan, unit.usage_unit)


def deactivate_plan(db: Database, plan_id: int) -> PlanRow:
    """End a plan: it generates nothing more and its planned occurrences are skipped (booked and done stay)."""
    with db.transaction() as session:
        lock_plans(session, exclusive=False)
        plan = session.get(MaintenancePlan, plan_id, with_for_update=True)
        if plan is None:
            raise PlanRefused(f"Maintenance plan {plan_id} does not exist (it may have been removed); refresh.")
        plan.active = False
        session.execute(update(MaintenanceOccurrence).where(MaintenanceOccurrence.plan_id == plan_id,
                                                            MaintenanceOccurrence.status == "planned")
                        .values(status="skipped"))
        session.flush()
        return plan_row(plan, session.get(Equipment, plan.equipment_id).usage_unit)


def plan_row(plan: MaintenancePlan, usage_unit: str | None, next_due: date | None = None,
              needs_readings: bool = False) -> PlanRow:
    return PlanRow(plan.id, plan.equipment_id, plan.every_months, plan.every_usage, usage_unit, plan.starts_on,
                   plan.contract, plan.service_id, bool(plan.active), next_due, needs_readings)


# --- booking and re-planning ------------------------------------------------------------------------------------

def _visit_day(session: Session, visit: Visit) -> date:
    """The visit's day in the company's time zone."""
    tz = session.execute(text("SELECT time_zone FROM company WHERE id = 1")).scalar_one()
    return visit.starts_at.astimezone(ZoneInfo(tz)).date()


def book(db: Database, occurrence_id: int, *, visit_id: int | None = None, order_id: int | None = None
         ) -> OccurrenceRow:
    """Link an occurrence to the order (and visit) made for it: booked, due on the visit's day; the planned
    occurrences after it are re-dated from that day. Booking the same link again changes nothing."""
    if visit_id is None and order_id is None:
        raise PlanRefused("Give the order or the visit booked for this maintenance.")
    with db.transaction() as session:
        lock_plans(session, exclusive=False)
        occ = session.get(MaintenanceOccurrence, occurrence_id, with_for_update=True)
        if occ is None:
            raise PlanRefused(f"Maintenance occurrence {occurrence_id} does not exist; refresh the list.")
        visit = session.get(Visit, visit_id) if visit_id is not None else None
        if visit_id is not None and (visit is None or visit.status == "cancelled"):
            raise PlanRefused(f"Visit {visit_id} does not exist or is cancelled; book the maintenance on a live visit.")
        if visit is not None and order_id is not None and visit.order_id != order_id:
            raise PlanRefused(f"Visit {visit_id} belongs to another order than {order_id}; give matching ones.")
        order_id = order_id if order_id is not None else visit.order_id  # type: ignore[union-attr]
        order = session.get(Order, order_id)
        if order is None:
            raise PlanRefused(f"Order {order_id} does not exist; book the maintenance on an existing order.")
        plan = session.get(MaintenancePlan, occ.plan_id)
        unit = session.get(Equipment, plan.equipment_id)
        if order.client_id != unit.client_id:
            raise PlanRefused(f"Order № {order.number} is for another client than the unit's owner; "
                              "book the maintenance on an order of this client.")
        if occ.status in ("done", "skipped"):  # skipped: superseded by a later visit, or its plan ended
            raise PlanRefused(f"This maintenance is already {occ.status}; book the next open one instead.")
        if occ.status == "booked" and occ.visit_id not in (None, visit_id):
            raise PlanRefused(f"This maintenance is already booked on visit {occ.visit_id}; move or cancel that "
                              "visit instead of booking again.")
        occ.status, occ.order_id = "booked", order_id
        _follow(session, occ, visit)
        return occurrence_rows(session, "o.id = :id", {"id": occ.id}, date.today())[0]


def sync_visit(session: Session, visit_id: int) -> int:
    """Follow a visit the planning code has just moved, finished or cancelled, inside its own unit of work.

    The linked occurrences take the visit's day (done when it is done; back to planned, unlinked, when it is
    cancelled) and each plan's following planned occurrences are re-dated so the interval counts from the visit.
    Returns the number of occurrences linked to the visit.
    """
    lock_plans(session, exclusive=False)
    linked = session.execute(select(MaintenanceOccurrence).where(MaintenanceOccurrence.visit_id == visit_id)
                             .with_for_update()).scalars().all()
    visit = session.get(Visit, visit_id) if linked else None
    for occ in linked:
        if visit is None or visit.status == "cancelled":
            occ.status, occ.visit_id = "planned", None
        _follow(session, occ, visit if occ.visit_id is not None else None)
    return len(linked)


def visit_changed(db: Database, visit_id: int) -> int:
    """``sync_visit`` in a unit of work of its own."""
    with db.transaction() as session:
        return sync_visit(session, visit_id)


def replan(db: Database, occurrence_id: int) -> ReplanReport:
    """Re-date the planned occurrences after ``occurrence_id`` from its (visit's) actual date."""
    with db.transaction() as session:
        lock_plans(session, exclusive=False)
        occ = session.get(MaintenanceOccurrence, occurrence_id)
        if occ is None:
            raise PlanRefused(f"Maintenance occurrence {occurrence_id} does not exist; refresh the list.")
        if occ.visit_id is not None:
            sync_visit(session, occ.visit_id)
        return ReplanReport(occ.plan_id, _realign(session, occ.plan_id))


_OCCURRENCES = """
SELECT o.id, o.plan_id, o.seq, o.due_on, o.due_usage, o.status, o.order_id, ord.number, o.visit_id,
       o.reminded_at IS NOT NULL AS reminded,
       EXISTS (SELECT 1 FROM maintenance_occurrences l WHERE l.plan_id = o.plan_id AND l.seq > o.seq
               AND l.status IN ('booked', 'done')) AS superseded
FROM maintenance_occurrences o LEFT JOIN orders ord ON ord.id = o.order_id
WHERE {where} ORDER BY o.due_on, o.id LIMIT 200
"""


def _state(status: str, due_on: date, superseded: bool, today: date, soon_days: int = 14) -> str:
    if status != "planned":
        return status
    if superseded:  # a later visit is booked or done: this one will not happen
        return "skipped"
    if due_on < today:
        return "overdue"
    return "due_soon" if due_on <= today + timedelta(days=soon_days) else "planned"


def occurrence_rows(session: Session, where: str, params: dict, today: date) -> list[OccurrenceRow]:
    rows = session.execute(text(_OCCURRENCES.format(where=where)), params).all()
    return [OccurrenceRow(r.id, r.plan_id, r.seq, r.due_on, r.due_usage, r.status,
                          _state(r.status, r.due_on, r.superseded, today), r.order_id, r.number, r.visit_id,
                          r.reminded) for r in rows]

"""What maintenance is due: a unit's plans and occurrences (for its card), overdue maintenance, "maintenance due"
reminders to the client (each told once), and the service duty that generates the plans ahead and sends them.

The dates themselves come from ``models.maintenance_plans`` (see its docstring for how they are computed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, text

from models.database import Database
from models.equipment import Equipment
from models.maintenance import MaintenancePlan
from models.maintenance_plans import (
    FRAME_SQL,
    HORIZON_MONTHS,
    ROW_CAP,
    GenerateReport,
    OccurrenceRow,
    PlanRefused,
    PlanRow,
    add_months,
    describe_interval,
    generate,
    lock_plans,
    occurrence_rows,
    plan_row,
)


@dataclass(frozen=True)
class EquipmentMaintenance:
    """A unit's plans and its occurrences (open ones, and the closed ones of the last year)."""

    equipment_id: int
    usage_unit: str | None
    plans: tuple[PlanRow, ...]
    occurrences: tuple[OccurrenceRow, ...]


@dataclass(frozen=True)
class OverdueMaintenance:
    """An occurrence past its date with no visit booked, for the overdue page."""

    occurrence_id: int
    plan_id: int
    equipment_id: int
    unit: str
    client_id: int
    client: str
    plan: str
    due_on: date
    days_late: int


@dataclass(frozen=True)
class Reminder:
    """A "maintenance due" note written to a client's timeline."""

    occurrence_id: int
    client_id: int
    client: str
    unit: str
    due_on: date
    timeline_entry_id: int


@dataclass(frozen=True)
class MaintenanceDutyReport:
    """One pass of the service duty: generation a year ahead and the reminders sent."""

    generated: GenerateReport
    reminders: tuple[Reminder, ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        return (self.generated.describe(),
                *(f"maintenance reminder to {r.client}: {r.unit} due {r.due_on:%d.%m.%Y}" for r in self.reminders))


def equipment_maintenance(db: Database, equipment_id: int, today: date | None = None) -> EquipmentMaintenance:
    """A unit's plans (active first) and its open occurrences plus those closed within the last year."""
    today = today or date.today()
    with db.session() as session:
        unit = session.get(Equipment, equipment_id)
        if unit is None:
            raise PlanRefused(f"Unit {equipment_id} does not exist (it may have been removed); refresh the card.")
        plans = session.execute(select(MaintenancePlan).where(MaintenancePlan.equipment_id == equipment_id)
                                .order_by(MaintenancePlan.active.desc(), MaintenancePlan.id)).scalars().all()
        frame = {r.plan_id: r for r in session.execute(text(
            f"WITH {FRAME_SQL.format(where='p.equipment_id = :eq')} SELECT plan_id, every_months, per_day FROM frame"),
            {"eq": equipment_id})}
        occurrences = occurrence_rows(session, (
            "o.plan_id IN (SELECT id FROM maintenance_plans WHERE equipment_id = :eq) AND "
            "(o.status IN ('planned', 'booked') OR o.due_on >= :year_ago)"),
            {"eq": equipment_id, "year_ago": add_months(today, -12)}, today)
        next_due: dict[int, date] = {}
        for o in occurrences:
            if o.state in ("overdue", "due_soon", "planned", "booked"):
                next_due.setdefault(o.plan_id, o.due_on)
        rows = tuple(plan_row(p, unit.usage_unit, next_due.get(p.id), needs_readings=(
            p.id in frame and frame[p.id].every_months is None and frame[p.id].per_day is None)) for p in plans)
        return EquipmentMaintenance(equipment_id, unit.usage_unit, rows, tuple(occurrences))


_OPEN_LATE = """
o.status = 'planned' AND p.active
AND NOT EXISTS (SELECT 1 FROM maintenance_occurrences l WHERE l.plan_id = o.plan_id AND l.seq > o.seq
                AND l.status IN ('booked', 'done'))
"""
_UNIT = "e.kind || ' ' || e.model || COALESCE(' (s/n ' || e.serial || ')', '')"


def overdue_maintenance(db: Database, today: date, *, limit: int = ROW_CAP) -> list[OverdueMaintenance]:
    """Planned occurrences past their date with no visit booked (none superseded by a later visit), oldest first."""
    with db.session() as session:
        rows = session.execute(text(f"""
            SELECT o.id, p.id AS plan_id, e.id AS equipment_id, {_UNIT} AS unit, c.id AS client_id, c.name,
                   p.every_months, p.every_usage, e.usage_unit, o.due_on
            FROM maintenance_occurrences o JOIN maintenance_plans p ON p.id = o.plan_id
            JOIN equipment e ON e.id = p.equipment_id JOIN clients c ON c.id = e.client_id
            WHERE o.due_on < :today AND {_OPEN_LATE}
            ORDER BY o.due_on, o.id LIMIT :limit"""), {"today": today, "limit": limit}).all()
    return [OverdueMaintenance(r.id, r.plan_id, r.equipment_id, r.unit, r.client_id, r.name,
                               describe_interval(r.every_months, r.every_usage, r.usage_unit), r.due_on,
                               (today - r.due_on).days) for r in rows]


def due_reminders(db: Database, today: date, days_ahead: int = 14, *, now: datetime | None = None,
                  limit: int = ROW_CAP) -> list[Reminder]:
    """Tell clients "maintenance due": a note on the client's timeline for every planned occurrence due within
    ``days_ahead`` days (or already late) not announced yet, and ``reminded_at`` set so each is told once —
    also when several service instances run this at once (locked rows are left to the instance holding them).
    """
    if days_ahead < 0:
        raise PlanRefused("Days ahead cannot be negative; use 0 to remind only of maintenance due today or late.")
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        lock_plans(session, exclusive=False)
        rows = session.execute(text(f"""
            WITH due AS (
                SELECT o.id FROM maintenance_occurrences o JOIN maintenance_plans p ON p.id = o.plan_id
                WHERE o.reminded_at IS NULL AND o.due_on <= :until AND {_OPEN_LATE}
                ORDER BY o.due_on, o.id LIMIT :limit
                FOR UPDATE OF o SKIP LOCKED
            ), marked AS (
                UPDATE maintenance_occurrences o SET reminded_at = :now FROM due
                WHERE o.id = due.id AND o.reminded_at IS NULL
                RETURNING o.id, o.plan_id, o.due_on
            ), described AS (
                SELECT m.id, m.due_on, e.id AS equipment_id, e.client_id, {_UNIT} AS unit, p.id AS plan_id
                FROM marked m JOIN maintenance_plans p ON p.id = m.plan_id JOIN equipment e ON e.id = p.equipment_id
            ), notes AS (
                INSERT INTO timeline_entries (client_id, kind, at, text, payload)
                SELECT d.client_id, 'note', :now,
                       'Maintenance due ' || to_char(d.due_on, 'DD.MM.YYYY') || ': ' || d.unit,
                       jsonb_build_object('maintenance_occurrence_id', d.id, 'plan_id', d.plan_id,
                                          'equipment_id', d.equipment_id, 'due_on', d.due_on)
                FROM described d
                RETURNING id, client_id, (payload ->> 'maintenance_occurrence_id')::int AS occurrence_id
            )
            SELECT n.occurrence_id, n.client_id, c.name, d.unit, d.due_on, n.id AS entry_id
            FROM notes n JOIN described d ON d.id = n.occurrence_id JOIN clients c ON c.id = n.client_id
            ORDER BY d.due_on, n.occurrence_id"""),
            {"until": today + timedelta(days=days_ahead), "now": now, "limit": limit}).all()
    return [Reminder(r.occurrence_id, r.client_id, r.name, r.unit, r.due_on, r.entry_id) for r in rows]


def run_maintenance(db: Database, today: date, *, now: datetime | None = None,
                    days_ahead: int = 14) -> MaintenanceDutyReport:
    """The service duty: generate every plan a year ahead, then announce the maintenance due soon."""
    generated = generate(db, add_months(today, HORIZON_MONTHS), today=today)
    reminders = due_reminders(db, today, days_ahead, now=now)
    return MaintenanceDutyReport(generated, tuple(reminders))

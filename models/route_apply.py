"""Writing an optimised day back: every visit's technician and times in one transaction, or nothing.

The plan comes from ``models.route_optimise`` (its problem, snapshot and checks). Apply refuses the whole plan when
any visit of the snapshot changed, was cancelled or was added for these technicians since the plan was made, when the
user's role may not reschedule a visit that moves, or when the exclusion constraints find a clash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from models.database import Database
from models.planning_board import read_visits
from models.planning_moves import RESCHEDULE_ROLES, reschedule_refusal
from models.route_optimise import DayProblem, Snapshot, check_plan, planned_changes
from models.scheduling import (
    BookingConflict,
    Visit,
    VisitTechnician,
    booking_conflict,
    is_double_booking,
    lost_race,
)
from models.shifts import local_span
from routing.plan import RoutingPlan


@dataclass(frozen=True)
class ApplyResult:
    """What applying a plan did: ``ok`` false means nothing was written and ``message`` says why."""

    ok: bool
    message: str
    written: tuple[int, ...] = ()
    unassigned: tuple[int, ...] = ()
    blocking_visit_id: int | None = None


class _Refused(Exception):
    def __init__(self, message: str, blocking: int | None = None):
        super().__init__(message)
        self.blocking = blocking


def apply_plan(db: Database, day: date, plan: RoutingPlan, *, expected: Snapshot, role: str,
               problem: DayProblem | None = None, now: datetime | None = None) -> ApplyResult:
    """Write every visit's technician and times from ``plan`` in one transaction, or nothing.

    ``expected`` is the snapshot taken with the problem (``problem.snapshot``): a visit changed, cancelled or added
    for these technicians since refuses the whole plan, naming it. ``role`` must be allowed to reschedule every
    visit that moves; a plan breaking a rule of ``problem`` is refused; the exclusion constraints judge clashes.
    """
    if problem is None or problem.snapshot != expected or problem.day != day:
        return ApplyResult(False, "The plan does not belong to this day's problem; optimise the day again.")
    if role not in RESCHEDULE_ROLES:
        return ApplyResult(False, "Only the service head, an administrator or a dispatcher may reschedule visits.")
    violations = check_plan(problem, plan)
    if violations:
        first = violations[0]
        return ApplyResult(False, f"The plan breaks a rule ({first.rule}: {first.message}); nothing was written. "
                                  f"Fix the order of stops or optimise again.")
    changes = planned_changes(problem, plan)
    try:
        with db.transaction() as session:
            _verify(session, problem, expected)
            _check_roles(session, problem, changes, role, now)
            _write(session, changes)
    except _Refused as exc:
        return ApplyResult(False, str(exc), blocking_visit_id=exc.blocking)
    written = tuple(sorted(v for v, (tech, _, _) in changes.items() if tech is not None))
    unassigned = tuple(sorted(v for v, (tech, _, _) in changes.items() if tech is None))
    return ApplyResult(True, f"{len(written)} visits planned, {len(unassigned)} left unassigned.", written, unassigned)


def _verify(session: Session, problem: DayProblem, expected: Snapshot) -> None:
    """Lock the snapshot's visits and refuse when any of them, or the technicians' day, changed since."""
    ids = sorted(expected.visits)
    rows = {r.id: r for r in session.execute(select(Visit).where(Visit.id.in_(ids)).order_by(Visit.id)
                                             .with_for_update()).scalars()}
    crews: dict[int, list[int]] = {}
    for vid, tech in session.execute(select(VisitTechnician.visit_id, VisitTechnician.technician_id).where(
            VisitTechnician.visit_id.in_(ids), VisitTechnician.is_lead.is_(False),
            VisitTechnician.cancelled.is_(False)).order_by(VisitTechnician.technician_id)):
        crews.setdefault(vid, []).append(tech)
    for vid in ids:
        was, row = expected.visits[vid], rows.get(vid)
        number = problem.visits.get(str(vid))
        name = f"№{number.order_number}" if number is not None else f"{vid}"
        if row is None or row.status == "cancelled":
            raise _Refused(f"Visit {name} was cancelled or removed since the plan was made; nothing was written. "
                           f"Optimise the day again.", vid)
        now = (row.technician_id, row.starts_at, row.ends_at, row.version, row.status,
               tuple(m for m in crews.get(vid, ()) if m != row.technician_id))
        if now != (was.technician_id, was.starts_at, was.ends_at, was.version, was.status, was.crew):
            raise _Refused(f"Visit {name} was changed by someone else since the plan was made (now "
                           f"{row.starts_at.astimezone(problem.tz):%H:%M}); nothing was written. Optimise the day "
                           f"again.", vid)
    start, end = local_span(problem.tz, expected.day, expected.day)
    techs = list(expected.technician_ids)
    added = session.execute(
        select(Visit.id).outerjoin(VisitTechnician, VisitTechnician.visit_id == Visit.id)
        .where(Visit.status != "cancelled", Visit.starts_at >= start, Visit.starts_at < end,
               or_(Visit.technician_id.in_(techs), VisitTechnician.technician_id.in_(techs)),
               Visit.id.not_in(ids)).limit(1)).scalar()
    if added is not None:
        raise _Refused(f"Visit {added} was booked for one of these technicians since the plan was made; nothing was "
                       f"written. Optimise the day again.", added)


def _check_roles(session: Session, problem: DayProblem, changes: Mapping[int, tuple], role: str,
                 now: datetime | None) -> None:
    if not changes:
        return
    start, end = local_span(problem.tz, problem.day, problem.day)
    for block in read_visits(session, problem.tz, start, end, list(changes)):
        refusal = reschedule_refusal(role, block, now)
        if refusal is not None:
            raise _Refused(f"{refusal.message} Nothing was written.", block.id)


def _write(session: Session, changes: Mapping[int, tuple[int | None, datetime, datetime]]) -> None:
    """Every visit steps out of its slot first, so visits trading places never clash with each other."""
    rows = {vid: session.get(Visit, vid) for vid in changes}
    for row in rows.values():
        row.technician_id = None
    session.flush()
    for vid, (tech, starts_at, ends_at) in sorted(changes.items(), key=lambda c: c[1][1]):
        row = rows[vid]
        try:
            with session.begin_nested():
                row.technician_id, row.starts_at, row.ends_at = tech, starts_at, ends_at
                session.flush()
        except (IntegrityError, OperationalError) as exc:
            if not (is_double_booking(exc) or lost_race(exc)):
                raise
            conflict: BookingConflict = booking_conflict(session, [tech] if tech else [], starts_at, ends_at,
                                                         exclude_visit_id=vid)
            raise _Refused(f"{conflict} Nothing was written.", conflict.blocking_visit_id) from exc

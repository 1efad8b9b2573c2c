"""Checked moves on the planning board: who may reschedule, the pure check a drag uses, and the writes.

Moves are checked by one pure function, ``check_move_on_board``, against a loaded board: the board calls it while
dragging (no database), ``check_move`` calls it on a board freshly read for the target technician, and
``move_visit`` calls it again inside the writing transaction. The exclusion constraints stay the final judge of
double booking. Travel between consecutive visits uses ``routing.matrix`` with the same detour and speed as free
slots (``routing.geo.travel_minutes``), so the board never flags a gap that free slots would have offered.

Who may reschedule is decided in one place, ``reschedule_refusal``: the roles in ``RESCHEDULE_ROLES``; a
dispatcher only visits that have not started yet; nobody moves a visit that is done or cancelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from models.database import Database
from models.planning_board import Board, VisitBlock, drive_minutes, read_board, read_visits
from models.scheduling import (
    Visit,
    booking_conflict,
    is_double_booking,
    lost_race,
    planning_settings,
    require_aware,
)

#: Roles that may move, resize, assign and swap visits, and which visits each may touch ("any" or "not_started").
RESCHEDULE_ROLES: Mapping[str, str] = {"service_head": "any", "admin": "any", "dispatcher": "not_started"}
NOT_STARTED = ("planned", "confirmed")
FINISHED = ("done", "cancelled")
REASON_CODES = ("conflict", "outside_shift", "missing_skill", "travel_too_short", "absent", "not_allowed")


class MoveRefused(ValueError):
    """A move was refused before it was written; ``check`` holds the reasons."""

    def __init__(self, message: str, check: MoveCheck | None = None):
        super().__init__(message)
        self.check = check


class StaleMove(MoveRefused):
    """The visit was changed by someone else since the board was read."""


@dataclass(frozen=True)
class MoveProblem:
    """One reason a move is refused: its code, an English message, and the figures a translated text needs."""

    code: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class MoveCheck:
    """Whether a move may be made; ``reasons`` are the codes of ``problems`` (see REASON_CODES)."""

    ok: bool
    reasons: list[str]
    problems: list[MoveProblem] = field(default_factory=list)

    @property
    def message(self) -> str:
        return " ".join(p.message for p in self.problems)


def reschedule_refusal(role: str, visit: VisitBlock, now: datetime | None = None) -> MoveProblem | None:
    """Why ``role`` may not reschedule ``visit`` (``params["why"]``: finished, role or started), or None."""
    scope = RESCHEDULE_ROLES.get(role)
    if visit.status in FINISHED:
        return MoveProblem("not_allowed", f"Visit №{visit.order_number} is {visit.status}; finished visits stay "
                                          f"where they were.", {"why": "finished", "status": visit.status})
    if scope is None:
        return MoveProblem("not_allowed", "Only the service head, an administrator or a dispatcher may reschedule "
                                          "visits.", {"why": "role", "role": role})
    now = now or datetime.now(UTC)
    if scope == "not_started" and (visit.status not in NOT_STARTED or visit.starts_at <= now):
        return MoveProblem("not_allowed", f"Visit №{visit.order_number} has already started; only the service "
                                          f"head may reschedule it now.", {"why": "started"})
    return None


def _hm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def check_move_on_board(board: Board, visit: VisitBlock, *, technician_id: int | None, starts_at: datetime,
                        ends_at: datetime, role: str, now: datetime | None = None) -> MoveCheck:
    """Check a move against a loaded board, without the database: who may, clashes, shift, absence, skill, travel.

    The board must hold the target technician (and the crew, for clashes); the visit itself may come from anywhere.
    """
    require_aware(starts_at, ends_at)
    starts_at, ends_at = starts_at.astimezone(board.tz), ends_at.astimezone(board.tz)
    problems: list[MoveProblem] = []
    refusal = reschedule_refusal(role, visit, now)
    if refusal is not None:
        problems.append(refusal)
    if ends_at <= starts_at:
        problems.append(MoveProblem("outside_shift", "The visit must end after it starts."))
    if technician_id is None:
        return MoveCheck(not problems, [p.code for p in problems], problems)
    members = (technician_id, *(m for m in visit.crew if m != technician_id))
    for member in members:
        clash = next((v for v in board.visits_of(member) if v.id != visit.id
                      and v.starts_at < ends_at and v.ends_at > starts_at), None)
        if clash is not None:
            problems.append(MoveProblem(
                "conflict", f"Conflicts with visit №{clash.order_number} {_hm(clash.starts_at)}–{_hm(clash.ends_at)}.",
                {"visit_id": clash.id, "order_number": clash.order_number, "starts_at": clash.starts_at,
                 "ends_at": clash.ends_at, "technician_id": member}))
            break
    tech = board.technician(technician_id)
    day = starts_at.date()
    absence = board.absence_on(technician_id, day)
    if absence is not None:
        problems.append(MoveProblem("absent", f"Away {absence.starts_on:%d.%m}–{absence.ends_on:%d.%m} "
                                              f"({absence.reason.replace('_', ' ')}).",
                                    {"reason": absence.reason, "starts_on": absence.starts_on,
                                     "ends_on": absence.ends_on}))
    else:
        problems.extend(_shift_problems(board, technician_id, day, starts_at, ends_at))
    if visit.required_skill and (tech is None or visit.required_skill not in tech.skills):
        problems.append(MoveProblem("missing_skill", f"Missing skill: {visit.required_skill.replace('_', ' ')}.",
                                    {"skill": visit.required_skill}))
    problems.extend(_travel_problems(board, visit, technician_id, starts_at, ends_at))
    return MoveCheck(not problems, [p.code for p in problems], problems)


def _shift_problems(board: Board, technician_id: int, day: date, starts_at: datetime,
                    ends_at: datetime) -> list[MoveProblem]:
    shifts = [s for s in board.shifts_of(technician_id) if (s.starts_at < ends_at and s.ends_at > starts_at)
              or s.starts_at.date() == day]
    worked = [s for s in shifts if s.worked]
    if any(s.starts_at <= starts_at and ends_at <= s.ends_at for s in worked):
        return []
    if worked:
        s = min(worked, key=lambda s: abs((s.starts_at - starts_at).total_seconds()))
        return [MoveProblem("outside_shift", f"Outside shift {_hm(s.starts_at)}–{_hm(s.ends_at)}.",
                            {"starts_at": s.starts_at, "ends_at": s.ends_at})]
    holiday = board.holidays.get(day)
    if shifts and holiday:
        return [MoveProblem("outside_shift", f"Public holiday ({holiday}); no shift is worked that day.",
                            {"holiday": holiday})]
    return [MoveProblem("outside_shift", f"No shift on {day:%d.%m}.", {"day": day})]


def _travel_problems(board: Board, visit: VisitBlock, technician_id: int, starts_at: datetime,
                     ends_at: datetime) -> list[MoveProblem]:
    day = [v for v in board.visits_of(technician_id) if v.id != visit.id and v.starts_at.date() == starts_at.date()]
    before = max((v for v in day if v.ends_at <= starts_at), key=lambda v: v.ends_at, default=None)
    after = min((v for v in day if v.starts_at >= ends_at), key=lambda v: v.starts_at, default=None)
    problems = []
    if before is not None:
        needed = drive_minutes(before.place, visit.place)
        have = int((starts_at - before.ends_at).total_seconds() // 60)
        if needed is not None and have < needed:
            problems.append(MoveProblem(
                "travel_too_short", f"Only {have} min to drive from the previous visit, needs {needed}.",
                {"direction": "from", "available": have, "needed": needed, "visit_id": before.id}))
    if after is not None:
        needed = drive_minutes(visit.place, after.place)
        have = int((after.starts_at - ends_at).total_seconds() // 60)
        if needed is not None and have < needed:
            problems.append(MoveProblem(
                "travel_too_short", f"Only {have} min to drive to the next visit, needs {needed}.",
                {"direction": "to", "available": have, "needed": needed, "visit_id": after.id}))
    return problems


def _context(session: Session, visit_id: int, technician_id: int | None, starts_at: datetime, ends_at: datetime,
             lock: bool = False) -> tuple[Board, VisitBlock]:
    """A board of the target technician and the visit's crew around the new time, and the visit as stored."""
    if lock:
        session.execute(select(Visit.id).where(Visit.id == visit_id).with_for_update())
    tz = planning_settings(session).tz
    found = read_visits(session, tz, starts_at, ends_at, [visit_id])
    if not found:
        raise LookupError(f"Visit {visit_id} no longer exists or was cancelled; refresh the plan.")
    visit = found[0]
    people = [m for m in (technician_id, *visit.crew) if m is not None]
    first, last = starts_at.astimezone(tz).date(), ends_at.astimezone(tz).date()
    return read_board(session, first, last, None, people, with_tray=False), visit


def check_move(db: Database, visit_id: int, *, technician_id: int | None, starts_at: datetime, ends_at: datetime,
               role: str, now: datetime | None = None) -> MoveCheck:
    """Check a move against the database as it is now (the board's hover feedback uses ``check_move_on_board``)."""
    require_aware(starts_at, ends_at)
    with db.session() as session:
        board, visit = _context(session, visit_id, technician_id, starts_at, ends_at)
    return check_move_on_board(board, visit, technician_id=technician_id, starts_at=starts_at, ends_at=ends_at,
                               role=role, now=now)


# writing


def move_visit(db: Database, visit_id: int, *, technician_id: int | None, starts_at: datetime, ends_at: datetime,
               role: str, expected: tuple[int | None, datetime, datetime] | None = None,
               now: datetime | None = None) -> VisitBlock:
    """Move, resize, assign (from the tray) or unassign (``technician_id`` None) a visit, atomically.

    ``expected`` is (technician, start, end) as the board showed it: a visit changed meanwhile raises StaleMove. A
    move breaking a rule raises MoveRefused with the reasons; a clash the database refuses raises BookingConflict
    naming the visit that holds the slot.
    """
    require_aware(starts_at, ends_at)
    with db.transaction() as session:
        _move(session, visit_id, technician_id, starts_at, ends_at, role, expected, now)
        tz = planning_settings(session).tz
        return read_visits(session, tz, starts_at, ends_at, [visit_id])[0]


def _move(session: Session, visit_id: int, technician_id: int | None, starts_at: datetime, ends_at: datetime,
          role: str, expected: tuple[int | None, datetime, datetime] | None, now: datetime | None,
          skip: int | None = None) -> None:
    board, visit = _context(session, visit_id, technician_id, starts_at, ends_at, lock=True)
    if expected is not None and (visit.technician_id, visit.starts_at, visit.ends_at) != tuple(expected):
        where = "unassigned" if visit.technician_id is None else (
            board.technician(visit.technician_id).short_name if board.technician(visit.technician_id) else "another "
            "technician")
        raise StaleMove(f"Visit №{visit.order_number} was changed by someone else meanwhile (now {where}, "
                        f"{visit.starts_at:%d.%m %H:%M}–{visit.ends_at:%H:%M}); the board shows it anew, try again.")
    if skip is not None:  # a swap: the other visit is moving out of the way in the same transaction
        board = _without(board, skip)
    check = check_move_on_board(board, visit, technician_id=technician_id, starts_at=starts_at, ends_at=ends_at,
                                role=role, now=now)
    if not check.ok:
        raise MoveRefused(f"Visit №{visit.order_number} cannot go there: {check.message}", check)
    _write(session, visit, technician_id, starts_at, ends_at)


def _without(board: Board, visit_id: int) -> Board:
    return Board(board.day_from, board.day_to, board.tz, board.zone_id, board.groups, board.zones, board.shifts,
                 board.absences, tuple(v for v in board.visits if v.id != visit_id), board.travel, board.unassigned,
                 board.holidays)


def _write(session: Session, visit: VisitBlock, technician_id: int | None, starts_at: datetime,
           ends_at: datetime) -> None:
    row = session.get(Visit, visit.id)
    try:
        with session.begin_nested():
            row.technician_id, row.starts_at, row.ends_at = technician_id, starts_at, ends_at
            session.flush()
    except (IntegrityError, OperationalError) as exc:
        if not (is_double_booking(exc) or lost_race(exc)):
            raise
        session.expire(row)
        members = [m for m in (technician_id, *visit.crew) if m is not None]
        raise booking_conflict(session, members, starts_at, ends_at, exclude_visit_id=visit.id) from exc


def swap_plan(a: VisitBlock, b: VisitBlock) -> dict[int, tuple[int | None, datetime, datetime]]:
    """Where each of two swapped visits goes: (technician, start, end) by visit id; see ``swap_visits``."""
    if a.technician_id is not None and a.technician_id == b.technician_id:
        early, late = sorted((a, b), key=lambda v: v.starts_at)
        return {late.id: (late.technician_id, early.starts_at, early.starts_at + (late.ends_at - late.starts_at)),
                early.id: (early.technician_id, late.ends_at - (early.ends_at - early.starts_at), late.ends_at)}
    return {a.id: (b.technician_id, b.starts_at, b.starts_at + (a.ends_at - a.starts_at)),
            b.id: (a.technician_id, a.starts_at, a.starts_at + (b.ends_at - b.starts_at))}


def swap_visits(db: Database, a: int, b: int, *, role: str,
                expected: tuple[tuple[int | None, datetime, datetime], tuple[int | None, datetime, datetime]]
                | None = None, now: datetime | None = None) -> tuple[VisitBlock, VisitBlock]:
    """Swap two visits in one transaction: each takes the other's technician and start, keeping its own length.

    Two visits of the same technician swap order instead: the later one starts where the earlier one did, and the
    earlier one follows it, so the pair keeps its span. Both moves are checked like ``move_visit``.
    """
    if a == b:
        raise MoveRefused("Drop the visit on another visit to swap them.")
    with db.transaction() as session:
        tz = planning_settings(session).tz
        first, second = sorted((a, b))  # lock in a fixed order so two swaps of the same pair cannot deadlock
        session.execute(select(Visit.id).where(Visit.id.in_([first, second])).order_by(Visit.id).with_for_update())
        found = {v.id: v for v in read_visits(session, tz, datetime.now(UTC), datetime.now(UTC), [a, b])}
        if len(found) < 2:
            raise LookupError("One of the two visits no longer exists or was cancelled; refresh the plan.")
        va, vb = found[a], found[b]
        if expected is not None:
            for v, (tech, s, e) in zip((va, vb), expected, strict=True):
                if (v.technician_id, v.starts_at, v.ends_at) != (tech, s, e):
                    raise StaleMove(f"Visit №{v.order_number} was changed by someone else meanwhile; the board shows "
                                    f"it anew, try again.")
        plan = swap_plan(va, vb)
        # the first to move steps out of its slot (no lead) so the second may take it
        mover, other = va, vb
        session.get(Visit, mover.id).technician_id = None
        session.flush()
        _move(session, other.id, *plan[other.id], role, None, now, skip=mover.id)
        tech, s, e = plan[mover.id]
        _move(session, mover.id, tech, s, e, role, None, now)
        moved = {v.id: v for v in read_visits(session, tz, s, e, [a, b])}
        return moved[a], moved[b]

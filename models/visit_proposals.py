"""A technician's change to a visit, proposed from the field and applied once a dispatcher approves it (case 001).

A technician on the visit (its lead or a crew member) proposes new values for a few fields: the service, the end
(a longer or shorter visit), the note, and the quantity (meters or units to work on, kept as a line of the note).
The visit stays as it is until a dispatcher approves; the dispatcher sees the visit now and the proposed values
side by side. A proposal remembers the visit's ``version`` as the technician saw it: when the visit changed
meanwhile (moved, resized, another proposal approved) approving is refused, so nothing is applied to a visit the
technician did not see. A new end that clashes with another booking is refused by the exclusion constraints with
the usual BookingConflict message naming the visit that holds the time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from models.catalog import Service
from models.clients import Client, Site
from models.company import User
from models.database import Database
from models.field_work import VisitProposal
from models.pipelines import Order
from models.route_sheets import RouteSheet, load_route_sheets
from models.scheduling import (
    Technician,
    Visit,
    VisitTechnician,
    booking_conflict,
    is_double_booking,
    lost_race,
    planning_settings,
    require_aware,
)

#: The fields a technician may propose new values for, in the order they are shown.
PROPOSABLE_FIELDS = ("service_id", "ends_at", "quantity", "note")
#: Roles that may approve or reject proposals.
APPROVER_ROLES = ("dispatcher", "service_head", "admin")
MAX_QUANTITY = 999
QUANTITY_LINE = re.compile(r"^Quantity: (\d+)$", re.MULTILINE)


class ProposalRefused(ValueError):
    """A proposal cannot be made, approved or rejected as asked; the message says why and what to do."""


@dataclass(frozen=True)
class FieldChange:
    """One proposed field: its value on the visit now and the proposed one.

    ``service_id``: service names; ``ends_at``: datetimes in the company's time zone (``minutes_before`` and
    ``minutes_after`` give the durations); ``quantity``: ints (None when the note names none); ``note``: texts.
    """

    field: str
    before: Any
    after: Any
    minutes_before: int | None = None
    minutes_after: int | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Proposal:
    """A proposal with the visit as it is now beside the proposed change."""

    id: int
    visit_id: int
    order_number: int
    client_name: str | None
    address: str | None
    technician_id: int | None
    technician_name: str | None
    starts_at: datetime  # the visit now, company time zone
    ends_at: datetime
    visit_status: str
    service: str | None
    reason: str | None
    status: str
    created_at: datetime
    stale: bool  # the visit changed since the technician proposed this; approving it is refused
    changes: tuple[FieldChange, ...]
    decision_note: str | None = None


@dataclass(frozen=True)
class ServiceChoice:
    id: int
    name: str
    duration_min: int


@dataclass(frozen=True)
class MyDay:
    """A technician's day as "my day" shows it: the route sheet, each visit's version and the proposals."""

    sheet: RouteSheet
    versions: Mapping[int, int]  # visit id -> version, handed back with a proposal
    service_ids: Mapping[int, int | None]  # visit id -> its service
    proposals: Mapping[int, tuple[Proposal, ...]]  # visit id -> this technician's pending and recent proposals
    services: tuple[ServiceChoice, ...]


# proposing


def propose_change(db: Database, visit_id: int, *, technician_id: int, changes: Mapping[str, Any],
                   reason: str | None, visit_version: int | None = None) -> int:
    """Record technician ``technician_id``'s proposed ``changes`` to a visit and return the proposal's id.

    ``changes`` maps fields of PROPOSABLE_FIELDS to new values: ``service_id`` (a catalog service), ``ends_at``
    (an aware datetime after the start), ``quantity`` (a whole number of units from 1), ``note`` (text).
    ``visit_version`` is the version the technician saw; a visit changed since then is refused.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ProposalRefused("Say why the visit should change (for example: one meter needs no verification); "
                              "the dispatcher decides on it.")
    with db.transaction() as session:
        # no row lock: a technician may not lock visits (no UPDATE grant); approving checks the version anyway
        visit = session.execute(select(Visit).where(Visit.id == visit_id)).scalar()
        if visit is None:
            raise ProposalRefused(f"Visit {visit_id} no longer exists; refresh your day.")
        if not _on_visit(session, visit, technician_id):
            raise ProposalRefused("Only a technician going to this visit may propose a change to it.")
        if visit.status == "cancelled":
            raise ProposalRefused("The visit was cancelled; there is nothing to change.")
        if visit_version is not None and visit_version != visit.version:
            raise ProposalRefused("The visit was changed by the dispatcher since you opened it; look at it anew "
                                  "and propose again if still needed.")
        stored = _checked_changes(session, visit, changes)
        proposal = VisitProposal(visit_id=visit.id, technician_id=technician_id, changes=stored, reason=reason,
                                 visit_version=visit.version)
        session.add(proposal)
        session.flush()
        return proposal.id


def _on_visit(session: Session, visit: Visit, technician_id: int) -> bool:
    if visit.technician_id == technician_id:
        return True
    return session.execute(select(VisitTechnician.technician_id).where(
        VisitTechnician.visit_id == visit.id, VisitTechnician.technician_id == technician_id)).first() is not None


def _checked_changes(session: Session, visit: Visit, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes as stored (JSON), each checked; a value equal to the visit's own is left out."""
    if not isinstance(changes, Mapping) or not changes:
        raise ProposalRefused("Propose at least one change: the duration, the service, the quantity or the note.")
    unknown = sorted(set(changes) - set(PROPOSABLE_FIELDS))
    if unknown:
        raise ProposalRefused(f"A technician cannot propose a change to {', '.join(unknown)}; only to "
                              f"{', '.join(PROPOSABLE_FIELDS)}.")
    stored: dict[str, Any] = {}
    if "service_id" in changes:
        service_id = changes["service_id"]
        if isinstance(service_id, bool) or not isinstance(service_id, int):
            raise ProposalRefused("Choose the service from the catalog.")
        active = session.execute(select(Service.active).where(Service.id == service_id)).scalar()
        if active is None:
            raise ProposalRefused(f"Service {service_id} is not in the catalog; choose another service.")
        if not active:
            raise ProposalRefused("That service is no longer offered; choose another service.")
        if service_id != visit.service_id:
            stored["service_id"] = service_id
    if "ends_at" in changes:
        ends_at = changes["ends_at"]
        if not isinstance(ends_at, datetime):
            raise ProposalRefused("Give the new end of the visit as a time.")
        try:
            require_aware(ends_at)
        except ValueError as exc:
            raise ProposalRefused(str(exc)) from exc
        if ends_at <= visit.starts_at:
            raise ProposalRefused("The visit must end after it starts; give a duration of at least one minute.")
        if ends_at != visit.ends_at:
            stored["ends_at"] = ends_at.astimezone(UTC).isoformat()
    if "quantity" in changes:
        quantity = changes["quantity"]
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
            raise ProposalRefused(f"The quantity must be a whole number from 1 to {MAX_QUANTITY}; to drop every "
                                  f"unit, ask the dispatcher to cancel the visit.")
        if quantity != quantity_in(visit.note):
            stored["quantity"] = quantity
    if "note" in changes:
        note = changes["note"]
        if note is not None and not isinstance(note, str):
            raise ProposalRefused("The note must be text.")
        note = (note or "").strip() or None
        if note != _note_without_quantity(visit.note):
            stored["note"] = note
    if not stored:
        raise ProposalRefused("The proposed values are those of the visit already; change something first.")
    return stored


def quantity_in(note: str | None) -> int | None:
    """The quantity a visit's note names ("Quantity: 3" on a line of its own), or None."""
    found = QUANTITY_LINE.search(note or "")
    return int(found.group(1)) if found else None


def _note_without_quantity(note: str | None) -> str | None:
    text = QUANTITY_LINE.sub("", note or "").strip()
    return text or None


def _note_with(note: str | None, quantity: int | None) -> str | None:
    lines = [part for part in (note, f"Quantity: {quantity}" if quantity is not None else None) if part]
    return "\n".join(lines) or None


# reading


def pending_proposals(db: Database, *, visit_ids: Sequence[int] | None = None) -> list[Proposal]:
    """Proposals waiting for a dispatcher, oldest first, each with the visit now and the proposed values."""
    with db.session() as session:
        return _proposals(session, VisitProposal.status == "pending", visit_ids)


def _proposals(session: Session, condition, visit_ids: Sequence[int] | None = None) -> list[Proposal]:
    tz = planning_settings(session).tz
    query = (
        select(VisitProposal, Visit, Order.number, Client.name, Site.address, Technician.full_name, Service.name)
        .join(Visit, Visit.id == VisitProposal.visit_id)
        .join(Order, Order.id == Visit.order_id)
        .outerjoin(Client, Client.id == Order.client_id)
        .outerjoin(Site, Site.id == Order.site_id)
        .outerjoin(Technician, Technician.id == VisitProposal.technician_id)
        .outerjoin(Service, Service.id == Visit.service_id)
        .where(condition)
        .order_by(VisitProposal.created_at, VisitProposal.id)
    )
    if visit_ids is not None:
        query = query.where(VisitProposal.visit_id.in_(list(visit_ids)))
    rows = session.execute(query).all()
    wanted = {p.changes["service_id"] for p, *_ in rows if "service_id" in p.changes}
    names = dict(session.execute(select(Service.id, Service.name).where(Service.id.in_(wanted))).all()) if wanted \
        else {}
    found = []
    for proposal, visit, number, client, address, technician, service in rows:
        starts, ends = visit.starts_at.astimezone(tz), visit.ends_at.astimezone(tz)
        found.append(Proposal(
            id=proposal.id, visit_id=visit.id, order_number=number, client_name=client, address=address,
            technician_id=proposal.technician_id, technician_name=technician, starts_at=starts, ends_at=ends,
            visit_status=visit.status, service=service, reason=proposal.reason, status=proposal.status,
            created_at=proposal.created_at.astimezone(tz), stale=proposal.visit_version != visit.version,
            changes=_side_by_side(proposal.changes, visit, service, names, starts, ends, tz),
            decision_note=proposal.decision_note))
    return found


def _side_by_side(changes: Mapping[str, Any], visit: Visit, service: str | None, names: Mapping[int, str],
                  starts: datetime, ends: datetime, tz) -> tuple[FieldChange, ...]:
    result = []
    for name in PROPOSABLE_FIELDS:
        if name not in changes:
            continue
        value = changes[name]
        if name == "service_id":
            result.append(FieldChange(name, service, names.get(value, f"#{value}")))
        elif name == "ends_at":
            new_end = datetime.fromisoformat(value).astimezone(tz)
            result.append(FieldChange(name, ends, new_end, _minutes(starts, ends), _minutes(starts, new_end)))
        elif name == "quantity":
            result.append(FieldChange(name, quantity_in(visit.note), value))
        else:
            result.append(FieldChange(name, _note_without_quantity(visit.note), value))
    return tuple(result)


def _minutes(starts: datetime, ends: datetime) -> int:
    return int((ends - starts).total_seconds() // 60)


def technician_for_user(db: Database, user_id: int) -> int | None:
    """The technician signed in as user ``user_id``, or None."""
    with db.session() as session:
        return session.execute(select(Technician.id).where(Technician.user_id == user_id)).scalar()


def technician_choices(db: Database) -> list[tuple[int, str]]:
    """Active technicians as (id, full name), by name, for a dispatcher looking at someone's day."""
    with db.session() as session:
        return [tuple(row) for row in session.execute(
            select(Technician.id, Technician.full_name).where(Technician.active.is_(True))
            .order_by(Technician.full_name, Technician.id))]


def my_day(db: Database, technician_id: int, day: date) -> MyDay:
    """The technician's visits of ``day`` in visiting order, with the technician's proposals on them."""
    sheet = load_route_sheets(db, day, [technician_id])[0]
    ids = [stop.visit_id for stop in sheet.stops]
    with db.session() as session:
        rows = session.execute(select(Visit.id, Visit.version, Visit.service_id).where(Visit.id.in_(ids))).all()
        proposals = _proposals(session, VisitProposal.technician_id == technician_id, ids) if ids else []
        services = tuple(ServiceChoice(*row) for row in session.execute(
            select(Service.id, Service.name, Service.duration_min).where(Service.active.is_(True))
            .order_by(Service.name, Service.id)))
    by_visit: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        by_visit.setdefault(proposal.visit_id, []).append(proposal)
    return MyDay(sheet, {r.id: r.version for r in rows}, {r.id: r.service_id for r in rows},
                 {k: tuple(v) for k, v in by_visit.items()}, services)


# deciding


def approve(db: Database, proposal_id: int, *, user_id: int, role: str, now: datetime | None = None) -> int:
    """Apply a pending proposal to its visit in one transaction and return the visit's id.

    Refused (nothing written, the proposal stays pending) when the role may not decide, when the visit changed
    since the proposal was made, or when the new end clashes with another booking (BookingConflict).
    """
    _may_decide(role)
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        proposal = _pending(session, proposal_id)
        visit = session.execute(select(Visit).where(Visit.id == proposal.visit_id).with_for_update()).scalar_one()
        number = session.execute(select(Order.number).where(Order.id == visit.order_id)).scalar_one()
        if visit.version != proposal.visit_version:
            tz = planning_settings(session).tz
            raise ProposalRefused(
                f"Visit №{number} was changed after the technician proposed this (it is now "
                f"{visit.starts_at.astimezone(tz):%d.%m %H:%M}–{visit.ends_at.astimezone(tz):%H:%M}); reject the "
                f"proposal and ask the technician to propose again on the visit as it is.")
        if visit.status == "cancelled":
            raise ProposalRefused(f"Visit №{number} was cancelled; reject the proposal.")
        _apply(session, visit, proposal.changes)
        proposal.status, proposal.decided_at, proposal.decided_by = "approved", now, user_id
        return visit.id


def _apply(session: Session, visit: Visit, changes: Mapping[str, Any]) -> None:
    try:
        with session.begin_nested():
            if "service_id" in changes:
                visit.service_id = changes["service_id"]
            if "ends_at" in changes:
                visit.ends_at = datetime.fromisoformat(changes["ends_at"])
            if "note" in changes or "quantity" in changes:
                note = changes["note"] if "note" in changes else _note_without_quantity(visit.note)
                quantity = changes["quantity"] if "quantity" in changes else quantity_in(visit.note)
                visit.note = _note_with(note, quantity)
            session.flush()
    except (IntegrityError, OperationalError) as exc:
        if not (is_double_booking(exc) or lost_race(exc)):
            raise
        members = list(session.execute(select(VisitTechnician.technician_id)
                                       .where(VisitTechnician.visit_id == visit.id)).scalars())
        if visit.technician_id is not None and visit.technician_id not in members:
            members.append(visit.technician_id)
        ends_at = datetime.fromisoformat(changes["ends_at"])
        raise booking_conflict(session, members, visit.starts_at, ends_at, exclude_visit_id=visit.id) from exc


def reject(db: Database, proposal_id: int, *, user_id: int, note: str | None, role: str | None = None,
           now: datetime | None = None) -> None:
    """Turn a pending proposal down with ``note`` (the technician sees why); the visit is left as it is."""
    if role is not None:
        _may_decide(role)
    note = (note or "").strip()
    if not note:
        raise ProposalRefused("Say why the proposal is rejected; the technician sees it.")
    with db.transaction() as session:
        proposal = _pending(session, proposal_id)
        proposal.status, proposal.decided_at, proposal.decided_by = "rejected", now or datetime.now(UTC), user_id
        proposal.decision_note = note


def _may_decide(role: str) -> None:
    if role not in APPROVER_ROLES:
        raise ProposalRefused("Only a dispatcher, the service head or an administrator may decide on proposals.")


def _pending(session: Session, proposal_id: int) -> VisitProposal:
    proposal = session.execute(select(VisitProposal).where(VisitProposal.id == proposal_id)
                               .with_for_update()).scalar()
    if proposal is None:
        raise ProposalRefused(f"Proposal {proposal_id} no longer exists; refresh the list.")
    if proposal.status != "pending":
        who = session.execute(select(User.full_name).where(User.id == proposal.decided_by)).scalar() \
            if proposal.decided_by else None
        raise ProposalRefused(f"The proposal was already {proposal.status}" + (f" by {who}" if who else "")
                              + "; refresh the list.")
    return proposal

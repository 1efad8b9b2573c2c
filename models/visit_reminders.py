"""Visit reminders (case 002): the technician the day before and on the morning, the client asked to confirm, and a
task for the dispatcher when a visit is still unconfirmed a few hours before it.

``queue_visit_reminders`` is run every few minutes by the service. It looks at the visits starting between now
and the end of tomorrow (company time zone) and puts messages in the outbox, each once: the key of a message
names the visit, the recipient, the moment and the visit's start, so a visit rescheduled after its reminder was
queued gets a new reminder for the new time, and the old one, still queued, is cancelled. Reminders of a visit
cancelled, moved away, confirmed (the client's request) or no longer the technician's are cancelled the same way.
A message already sent is never touched. The outbox is sent by the channels; this module only queues.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from sqlalchemy import and_, case, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from models.catalog import Service
from models.clients import ClientPhone, Site
from models.company import Company, User
from models.database import Database
from models.field_work import OutboxMessage
from models.pipelines import Order, Task
from models.scheduling import Technician, Visit, VisitTechnician, planning_settings, require_aware
from models.shifts import local_span
from models.zones import containing, load_zone_shapes

DAY_BEFORE_AT = time(18, 0)
MORNING_AT = time(7, 30)
DEFAULT_CONFIRM_HOURS = 4
ACTIVE_STATUSES = ("planned", "confirmed")
DAY_BEFORE, MORNING, CONFIRM_REQUEST = "visit_reminder_day_before", "visit_reminder_morning", "visit_confirm_request"
REMINDER_KINDS = (DAY_BEFORE, MORNING, CONFIRM_REQUEST)
SLOTS = {DAY_BEFORE: "day_before", MORNING: "morning", CONFIRM_REQUEST: "confirm"}
TASK_KIND = "confirm_visit"
LOCK_KEY = int.from_bytes(hashlib.sha1(b"fielddesk:visit-reminders").digest()[:8], "big", signed=True)
#: What technicians and clients read, in the language they speak (the messages leave the company as they are).
MESSAGES = {
    "today": "Сегодня",
    "tomorrow": "Завтра",
    "technician": "{when} {window}: заказ №{number}, {what}, {address}.",
    "no_address": "адрес не указан",
    "confirm_request": "ваш визит назначен на {day} {window}, {address}. Ответьте ДА, чтобы подтвердить, "
                       "или позвоните нам, чтобы перенести время.",
}


@dataclass(frozen=True)
class QueuedMessage:
    visit_id: int
    kind: str
    channel: str
    recipient: str
    due_at: datetime
    dedup_key: str


@dataclass(frozen=True)
class ConfirmTask:
    task_id: int
    visit_id: int
    order_number: int
    assignee_id: int | None
    assignee_name: str | None
    zone_name: str | None  # the zone whose dispatcher got it; None when it went to the order's owner or nobody


@dataclass(frozen=True)
class ReminderReport:
    """One pass: what was queued, what was cancelled, the tasks made, and who could not be reached."""

    queued: tuple[QueuedMessage, ...] = ()
    cancelled: tuple[str, ...] = ()  # dedup keys
    tasks: tuple[ConfirmTask, ...] = ()
    unreachable: tuple[str, ...] = field(default=())  # why a reminder could not be queued

    @property
    def lines(self) -> tuple[str, ...]:
        return (*(f"queued {m.kind} for visit {m.visit_id} to {m.recipient} ({m.channel}) at "
                  f"{m.due_at:%Y-%m-%d %H:%M %Z}" for m in self.queued),
                *(f"cancelled {key}" for key in self.cancelled),
                *(f"task {t.task_id}: confirm visit {t.visit_id} (order №{t.order_number}) for "
                  f"{t.assignee_name or 'nobody (no zone dispatcher or owner)'}" for t in self.tasks))


@dataclass
class _Visit:
    id: int
    order_number: int
    starts_at: datetime  # company time zone
    ends_at: datetime
    status: str
    confirmed_at: datetime | None
    what: str
    address: str
    client_id: int | None
    client_phone: str | None
    members: dict[int, tuple[str | None, str]] = field(default_factory=dict)  # technician -> (recipient, name)


def message_key(visit_id: int, kind: str, starts_at: datetime, technician_id: int | None = None) -> str:
    """The outbox key of a reminder: visit, recipient, moment and the start it announces."""
    start = starts_at.astimezone(UTC).strftime("%Y%m%dT%H%MZ")
    who = "client" if technician_id is None else f"tech:{technician_id}"
    return f"visit:{visit_id}:{who}:{SLOTS[kind]}:{start}"


def queue_visit_reminders(db: Database, now: datetime, *,
                          confirm_hours: int = DEFAULT_CONFIRM_HOURS) -> ReminderReport:
    """Queue the reminders due for the visits from now to the end of tomorrow, each once; cancel superseded ones;
    make a dispatcher task for each visit still unconfirmed ``confirm_hours`` before its start."""
    require_aware(now)
    if confirm_hours < 0:
        raise ValueError("Hours before a visit cannot be negative; use 0 to make no confirmation tasks.")
    with db.transaction() as session:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        tz = planning_settings(session).tz
        company = session.execute(select(Company.name)).scalar() or ""
        tomorrow = now.astimezone(tz).date() + timedelta(days=1)
        horizon = local_span(tz, tomorrow, tomorrow)[1]
        visits = _visits(session, tz, and_(Visit.starts_at > now, Visit.starts_at < horizon,
                                           Visit.status.in_(ACTIVE_STATUSES)))
        wanted, unreachable = _wanted(visits, now, tz, company)
        cancelled = _cancel_superseded(session, tz, now, {m["dedup_key"] for m in wanted})
        queued = _queue(session, wanted)
        tasks = _confirm_tasks(session, tz, now, confirm_hours) if confirm_hours else []
    return ReminderReport(tuple(queued), tuple(cancelled), tuple(tasks), tuple(unreachable))


def run_reminders(db: Database, now: datetime | None = None, *,
                  confirm_hours: int = DEFAULT_CONFIRM_HOURS) -> ReminderReport:
    """The service duty: one pass of ``queue_visit_reminders`` at the present moment (report ``lines`` to log)."""
    return queue_visit_reminders(db, now or datetime.now(UTC), confirm_hours=confirm_hours)


def confirm_visit(db: Database, visit_id: int, *, at: datetime) -> None:
    """The client confirmed the visit: set ``confirmed_at`` (a planned visit becomes confirmed), close the open
    confirmation task and cancel the confirmation request still queued. The visit's version is kept, so a
    technician's pending proposal stays valid."""
    require_aware(at)
    with db.transaction() as session:
        status = session.execute(select(Visit.status).where(Visit.id == visit_id).with_for_update()).scalar()
        if status is None:
            raise LookupError(f"Visit {visit_id} no longer exists; refresh the plan.")
        if status not in ACTIVE_STATUSES:
            raise ValueError(f"Visit {visit_id} is {status.replace('_', ' ')}; only a planned visit can be confirmed.")
        session.execute(update(Visit).where(Visit.id == visit_id).values(
            confirmed_at=at, status=case((Visit.status == "planned", "confirmed"), else_=Visit.status))
            .execution_options(synchronize_session=False))
        session.execute(update(Task).where(Task.origin_rule == _task_origin(visit_id), Task.status == "open")
                        .values(status="done", done_at=at).execution_options(synchronize_session=False))
        session.execute(update(OutboxMessage).where(
            OutboxMessage.visit_id == visit_id, OutboxMessage.kind == CONFIRM_REQUEST,
            OutboxMessage.status == "queued").values(status="cancelled")
            .execution_options(synchronize_session=False))


# reading the visits


def _visits(session: Session, tz: ZoneInfo, condition) -> dict[int, _Visit]:
    query = (
        select(Visit.id, Order.number, Visit.starts_at, Visit.ends_at, Visit.status, Visit.confirmed_at,
               func.coalesce(Service.name, Order.title), func.concat_ws(", ", Site.address, Site.city),
               Order.client_id, Order.requester_phone)
        .join(Order, Order.id == Visit.order_id)
        .outerjoin(Service, Service.id == Visit.service_id)
        .outerjoin(Site, Site.id == Order.site_id)
        .where(condition)
        .order_by(Visit.starts_at, Visit.id)
    )
    visits = {}
    for vid, number, starts, ends, status, confirmed, what, address, client_id, requester in session.execute(query):
        visits[vid] = _Visit(vid, number, starts.astimezone(tz), ends.astimezone(tz), status, confirmed, what,
                             address, client_id, _mobile(requester) if requester else None)
    if not visits:
        return visits
    _add_client_phones(session, visits)
    _add_members(session, visits)
    return visits


def _mobile(e164: str) -> str | None:
    """The number when it can receive an SMS (a mobile, or a number that may be one)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    kind = phonenumbers.number_type(number)
    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return e164 if kind in mobile else None


def _add_client_phones(session: Session, visits: dict[int, _Visit]) -> None:
    """The first mobile phone of each visit's client (the client's own before its contacts')."""
    clients = {v.client_id for v in visits.values() if v.client_id is not None}
    first: dict[int, str] = {}
    rows = session.execute(select(ClientPhone.client_id, ClientPhone.e164).where(
        ClientPhone.client_id.in_(sorted(clients)), ClientPhone.kind == "mobile")
        .order_by(ClientPhone.client_id, ClientPhone.contact_id.nulls_first(), ClientPhone.id))
    for client_id, e164 in rows:
        if client_id not in first and _mobile(e164):
            first[client_id] = e164
    for visit in visits.values():
        if visit.client_id is not None and visit.client_id in first:
            visit.client_phone = first[visit.client_id]


def _add_members(session: Session, visits: dict[int, _Visit]) -> None:
    """Each visit's technicians (lead and crew) with where their reminders go: their login, else their phone."""
    members = select(VisitTechnician.visit_id.label("visit_id"), VisitTechnician.technician_id.label("tech_id")) \
        .where(VisitTechnician.visit_id.in_(list(visits)), VisitTechnician.cancelled.is_(False))
    leads = select(Visit.id, Visit.technician_id).where(Visit.id.in_(list(visits)), Visit.technician_id.is_not(None))
    assigned = members.union(leads).subquery()
    rows = session.execute(
        select(assigned.c.visit_id, Technician.id, Technician.full_name, Technician.phone, User.login)
        .join(Technician, Technician.id == assigned.c.tech_id)
        .outerjoin(User, and_(User.id == Technician.user_id, User.active.is_(True)))
        .order_by(assigned.c.visit_id, Technician.id))
    for visit_id, tech_id, name, phone, login in rows:
        visits[visit_id].members[tech_id] = (login or phone or None, name)


# queuing


def _wanted(visits: dict[int, _Visit], now: datetime, tz: ZoneInfo, company: str) -> tuple[list[dict], list[str]]:
    """The outbox rows the visits call for now, and who cannot be reached."""
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    rows: list[dict] = []
    unreachable: list[str] = []
    for visit in visits.values():
        day = visit.starts_at.date()
        window = f"{visit.starts_at:%H:%M}–{visit.ends_at:%H:%M}"
        slots = [(MORNING, min(datetime.combine(day, MORNING_AT, tz), visit.starts_at - timedelta(minutes=30)),
                  MESSAGES["today"])]
        if day == tomorrow:
            evening = datetime.combine(day - timedelta(days=1), DAY_BEFORE_AT, tz)
            slots.insert(0, (DAY_BEFORE, evening, MESSAGES["tomorrow"]))
        for tech_id, (recipient, name) in visit.members.items():
            if recipient is None:
                unreachable.append(f"{name} has neither a login nor a phone: no reminder of visit {visit.id}")
                continue
            for kind, due, when in slots:
                rows.append(dict(
                    dedup_key=message_key(visit.id, kind, visit.starts_at, tech_id), kind=kind, channel="app",
                    recipient=recipient, technician_id=tech_id, client_id=visit.client_id, visit_id=visit.id,
                    due_at=max(due, now), body=MESSAGES["technician"].format(
                        when=when, window=window, number=visit.order_number, what=visit.what,
                        address=visit.address or MESSAGES["no_address"])))
        if visit.confirmed_at is None:
            if visit.client_phone is None:
                unreachable.append(f"the client of visit {visit.id} has no mobile phone: not asked to confirm")
                continue
            due = datetime.combine(day - timedelta(days=1), DAY_BEFORE_AT, tz)
            rows.append(dict(
                dedup_key=message_key(visit.id, CONFIRM_REQUEST, visit.starts_at), kind=CONFIRM_REQUEST,
                channel="sms", recipient=visit.client_phone, technician_id=None, client_id=visit.client_id,
                visit_id=visit.id, due_at=max(due, now),
                body=(f"{company + ': ' if company else ''}" + MESSAGES["confirm_request"].format(
                    day=f"{visit.starts_at:%d.%m}", window=window, address=visit.address or ""))))
    return rows, unreachable


def _queue(session: Session, wanted: list[dict]) -> list[QueuedMessage]:
    """Insert the messages not queued yet; a message cancelled before (the visit moved back) is queued again."""
    if not wanted:
        return []
    statement = insert(OutboxMessage).values(wanted)
    statement = statement.on_conflict_do_update(
        index_elements=[OutboxMessage.dedup_key],
        set_={"status": "queued", "due_at": statement.excluded.due_at, "body": statement.excluded.body,
              "recipient": statement.excluded.recipient},
        where=OutboxMessage.status == "cancelled",
    ).returning(OutboxMessage.visit_id, OutboxMessage.kind, OutboxMessage.channel, OutboxMessage.recipient,
                OutboxMessage.due_at, OutboxMessage.dedup_key)
    queued = [QueuedMessage(*row) for row in session.execute(statement)]
    return sorted(queued, key=lambda m: (m.due_at, m.dedup_key))


def _cancel_superseded(session: Session, tz: ZoneInfo, now: datetime, wanted: set[str]) -> list[str]:
    """Cancel queued reminders that no longer announce the visit as it is: moved, cancelled, started, confirmed,
    or no longer the technician's. A queued message still announcing the visit as it is stays."""
    queued = session.execute(select(OutboxMessage.id, OutboxMessage.dedup_key, OutboxMessage.kind,
                                    OutboxMessage.visit_id, OutboxMessage.technician_id)
                             .where(OutboxMessage.status == "queued", OutboxMessage.kind.in_(REMINDER_KINDS))
                             .with_for_update()).all()
    if not queued:
        return []
    visits = _visits(session, tz, Visit.id.in_(sorted({row.visit_id for row in queued if row.visit_id is not None})))
    stale = [row for row in queued if row.dedup_key not in wanted and _superseded(row, visits.get(row.visit_id), now)]
    if stale:
        session.execute(update(OutboxMessage).where(OutboxMessage.id.in_([row.id for row in stale]))
                        .values(status="cancelled").execution_options(synchronize_session=False))
    return sorted(row.dedup_key for row in stale)


def _superseded(row, visit: _Visit | None, now: datetime) -> bool:
    if visit is None or visit.status not in ACTIVE_STATUSES or visit.starts_at <= now:
        return True
    if row.dedup_key != message_key(visit.id, row.kind, visit.starts_at, row.technician_id):
        return True
    if row.kind == CONFIRM_REQUEST:
        return visit.confirmed_at is not None
    return row.technician_id not in visit.members


# confirmation tasks


def _task_origin(visit_id: int) -> str:
    return f"visit_confirm:{visit_id}"


def _confirm_tasks(session: Session, tz: ZoneInfo, now: datetime, hours: int) -> list[ConfirmTask]:
    """One task per visit still unconfirmed ``hours`` before its start, for its zone's dispatcher or its owner."""
    origin = func.concat("visit_confirm:", Visit.id)
    rows = session.execute(
        select(Visit.id, Visit.starts_at, Order.id, Order.number, Order.client_id, Order.owner_id, Site.lat, Site.lon)
        .join(Order, Order.id == Visit.order_id)
        .outerjoin(Site, Site.id == Order.site_id)
        .where(Visit.confirmed_at.is_(None), Visit.status.in_(ACTIVE_STATUSES), Visit.starts_at > now,
               Visit.starts_at <= now + timedelta(hours=hours),
               ~select(Task.id).where(Task.kind == TASK_KIND, Task.origin_rule == origin).exists())
        .order_by(Visit.starts_at, Visit.id)).all()
    if not rows:
        return []
    users = dict(session.execute(select(User.id, User.full_name).where(User.active.is_(True))).all())
    shapes = load_zone_shapes(session) if any(r.lat is not None and r.lon is not None for r in rows) else []
    made = []
    for visit_id, starts, order_id, number, client_id, owner_id, lat, lon in rows:
        assignee, zone = _dispatcher(shapes, users, lat, lon)
        if assignee is None and owner_id in users:
            assignee = owner_id
        local = starts.astimezone(tz)
        task = Task(order_id=order_id, client_id=client_id, assignee_id=assignee, kind=TASK_KIND,
                    title=f"Confirm the visit of {local:%d.%m %H:%M} with the client (order №{number})",
                    due_at=starts, status="open", origin_rule=_task_origin(visit_id), created_at=now)
        session.add(task)
        session.flush()
        made.append(ConfirmTask(task.id, visit_id, number, assignee, users.get(assignee), zone))
    return made


def _dispatcher(shapes: Iterable, users: dict[int, str], lat: float | None,
                lon: float | None) -> tuple[int | None, str | None]:
    """The active dispatcher of the smallest zone holding the point (as ``zones.dispatcher_for_site`` picks)."""
    if lat is None or lon is None:
        return None, None
    for zone in containing(list(shapes), lat, lon):
        if zone.dispatcher_id in users:
            return zone.dispatcher_id, zone.name
    return None, None

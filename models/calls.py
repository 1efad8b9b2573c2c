"""Phone calls as the PBX reports them, linked to the client and order they concern."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    case,
    func,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy import update as update_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, CreatedAt, check_in
from models.call_requests import drop_untouched_request, open_request
from models.clients import Client, ClientPhone
from models.company import Company, User
from models.database import Database
from models.phones import DEFAULT_REGION, InvalidPhone, format_phone, normalise_phone
from models.pipelines import Task
from models.timeline import TimelineEntry

CALL_DIRECTIONS = ("inbound", "outbound", "internal")
CALL_STATUSES = ("ringing", "answered", "ended", "missed", "failed")


class Call(CreatedAt, Base):
    """One call, stored once per PBX call id however many times its events arrive."""

    __tablename__ = "calls"
    __table_args__ = (
        CheckConstraint(check_in("direction", CALL_DIRECTIONS), name="direction_known"),
        CheckConstraint(check_in("status", CALL_STATUSES), name="status_known"),
        Index("ix_calls_started_at", "started_at"),
        Index("ix_calls_from_digits", "from_digits"),
        Index("ix_calls_to_digits", "to_digits"),
        Index("ix_calls_extensions_rung", "extensions_rung", postgresql_using="gin"),
        Index("ix_calls_missed_started", "started_at", postgresql_where=text("status = 'missed'")),
        CheckConstraint("coalesce(ring_seconds, 0) >= 0 AND coalesce(talk_seconds, 0) >= 0",
                        name="durations_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pbx_call_id: Mapped[str] = mapped_column(String(100), unique=True)
    direction: Mapped[str] = mapped_column(String(10))
    from_number: Mapped[str] = mapped_column(String(40))
    from_digits: Mapped[str | None] = mapped_column(String(15))
    to_number: Mapped[str] = mapped_column(String(40))
    to_digits: Mapped[str | None] = mapped_column(String(15))
    extension: Mapped[str | None] = mapped_column(String(20))
    extensions_rung: Mapped[list[str]] = mapped_column(ARRAY(String(20)), server_default="{}")
    transferred_to: Mapped[str | None] = mapped_column(String(40))
    ring_seconds: Mapped[int | None]
    talk_seconds: Mapped[int | None]
    started_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(10))
    recording_url: Mapped[str | None] = mapped_column(Text)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="SET NULL"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


# -- storing what the PBX reports ---------------------------------------------------------------------

#: How far along a call is; an update never moves a stored call to a lower rank (a late "ringing" after
#: "ended" changes nothing), while "missed" may still become "ended" when proof of an answer comes late.
STATUS_RANK = {"ringing": 0, "answered": 1, "failed": 2, "missed": 2, "ended": 3}
CALLBACK_KIND = "callback"
DEFAULT_CALLBACK_SLA_MINUTES = 15


class CallUpdateLike(Protocol):
    """What ``record_call`` reads from a call event (``telephony.events.CallUpdate`` has these)."""

    @property
    def pbx_call_id(self) -> str: ...
    @property
    def direction(self) -> str: ...
    @property
    def caller(self) -> str: ...
    @property
    def called(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def extension(self) -> str | None: ...
    @property
    def started_at(self) -> datetime | None: ...
    @property
    def answered_at(self) -> datetime | None: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def talk_seconds(self) -> int | None: ...
    @property
    def ring_seconds(self) -> int | None: ...
    @property
    def extensions_rung(self) -> tuple[str, ...]: ...
    @property
    def transferred_to(self) -> str | None: ...
    @property
    def recording_url(self) -> str | None: ...


@dataclass(frozen=True)
class CallStored:
    """What storing one update did: the row, its status now, and whether anything changed."""

    id: int
    pbx_call_id: str
    status: str
    client_id: int | None
    inserted: bool
    changed: bool
    callback_task_id: int | None = None  # the callback task this update created, if it created one


def missed_call_rule(pbx_call_id: str, call_id: int) -> str:
    """The ``origin_rule`` of the callback task of a missed call: one task per call, however often stored."""
    rule = f"missed_call:{pbx_call_id}"
    return rule if len(rule) <= 100 else f"missed_call:#{call_id}"


def _digits(number: str | None, region: str) -> str | None:
    try:
        return normalise_phone(number or "", region).digits
    except InvalidPhone:
        return None


def _only_client_with(session: Session, digits: str | None) -> int | None:
    """The client whose phone has these digits; None when nobody or several clients share the number."""
    if not digits:
        return None
    ids = session.execute(
        select(ClientPhone.client_id).where(ClientPhone.digits == digits).distinct().limit(2)
    ).scalars().all()
    return ids[0] if len(ids) == 1 else None


def _rank(column: Any) -> Any:
    return case(STATUS_RANK, value=column, else_=0)


def _upsert(update: CallUpdateLike, values: dict[str, Any]) -> Any:
    table = Call.__table__
    stmt = pg_insert(table).values(pbx_call_id=update.pbx_call_id, **values)
    new, old = stmt.excluded, table.c
    merged = {
        "direction": new.direction,
        "from_number": new.from_number,
        "from_digits": func.coalesce(new.from_digits, old.from_digits),
        "to_number": case((new.to_number != "", new.to_number), else_=old.to_number),
        "to_digits": func.coalesce(new.to_digits, old.to_digits),
        "extensions_rung": case(
            (func.cardinality(new.extensions_rung) >= func.cardinality(old.extensions_rung), new.extensions_rung),
            else_=old.extensions_rung,
        ),
        "transferred_to": func.coalesce(new.transferred_to, old.transferred_to),
        "ring_seconds": func.coalesce(new.ring_seconds, old.ring_seconds),
        "talk_seconds": func.coalesce(new.talk_seconds, old.talk_seconds),
        "extension": func.coalesce(new.extension, old.extension),
        "started_at": func.least(old.started_at, new.started_at),
        "answered_at": func.coalesce(new.answered_at, old.answered_at),
        "ended_at": func.coalesce(new.ended_at, old.ended_at),
        "status": new.status,
        "recording_url": func.coalesce(new.recording_url, old.recording_url),
        "client_id": func.coalesce(old.client_id, new.client_id),  # never undo a person's correction
        "user_id": func.coalesce(new.user_id, old.user_id),
    }
    changed = tuple_(*(old[name] for name in merged)).is_distinct_from(tuple_(*merged.values()))
    return stmt.on_conflict_do_update(
        index_elements=[old.pbx_call_id], set_=merged, where=(_rank(new.status) >= _rank(old.status)) & changed,
    ).returning(old.id, old.status, old.client_id, literal_column("xmax = 0").label("inserted"))


def record_call(db: Database, update: CallUpdateLike, *, sla_minutes: int | None = None,
                now: datetime | None = None) -> CallStored:
    """Store one call update, idempotently by the PBX call id, in one transaction.

    The caller is matched to a client by the digits of their number (outbound: the number called);
    withheld and internal numbers match nobody. A call never moves back (an ended call stays ended
    however late a "ringing" duplicate arrives). An inbound call that ends missed gets exactly one
    callback task due ``sla_minutes`` (default: the company's callback SLA) after it ended, assigned to the
    user of the extension that rang, with the number in its title and the client when known; from a number no
    client has, it also opens a request in the intake pipeline (models.call_requests), so nothing is lost. A
    missed call later proven answered has that task cancelled and an untouched request removed. A finished
    call of a known client goes on the client's timeline.
    """
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        prior = session.execute(
            select(Call.status).where(Call.pbx_call_id == update.pbx_call_id).with_for_update()
        ).scalar_one_or_none()
        settings = session.execute(select(Company.phone_region, Company.callback_sla_minutes)).one_or_none()
        region = (settings.phone_region if settings else None) or DEFAULT_REGION
        if sla_minutes is None:
            sla_minutes = settings.callback_sla_minutes if settings else DEFAULT_CALLBACK_SLA_MINUTES
        from_digits = _digits(update.caller, region)
        to_digits = _digits(update.called, region)
        counterpart = {"inbound": from_digits, "outbound": to_digits}.get(update.direction)
        extension = update.extension
        user_id = None
        if extension:
            user_id = session.execute(select(User.id).where(User.extension == extension)).scalar_one_or_none()
        values = {
            "direction": update.direction, "from_number": (update.caller or "")[:40], "from_digits": from_digits,
            "to_number": (update.called or "")[:40], "to_digits": to_digits,
            "extension": extension[:20] if extension else None,
            "extensions_rung": [e[:20] for e in update.extensions_rung],
            "transferred_to": (update.transferred_to or None) and update.transferred_to[:40],
            "ring_seconds": update.ring_seconds, "talk_seconds": update.talk_seconds,
            "started_at": update.started_at or now, "answered_at": update.answered_at,
            "ended_at": update.ended_at, "status": update.status, "recording_url": update.recording_url,
            "client_id": _only_client_with(session, counterpart), "user_id": user_id,
        }
        row = session.execute(_upsert(update, values)).one_or_none()
        if row is None:
            row = session.execute(
                select(Call.id, Call.status, Call.client_id, literal_column("false").label("inserted"))
                .where(Call.pbx_call_id == update.pbx_call_id)
            ).one()
            return CallStored(row.id, update.pbx_call_id, row.status, row.client_id, False, False)
        task_id = None
        rule = missed_call_rule(update.pbx_call_id, row.id)
        if row.status == "missed" and update.direction == "inbound":
            task_id = _add_callback_task(session, update, row.id, rule, row.client_id, user_id, region,
                                         due=(update.ended_at or now) + timedelta(minutes=sla_minutes),
                                         at=update.ended_at or now)
        elif row.status == "ended" and prior == "missed":
            session.execute(
                update_(Task).where(Task.origin_rule == rule, Task.status == "open").values(status="cancelled")
            )
            _drop_request(session, row.id)
        if row.status in ("ended", "missed", "failed") and row.client_id is not None:
            _note_on_timeline(session, row.id, row.client_id, update, user_id)
        return CallStored(row.id, update.pbx_call_id, row.status, row.client_id, bool(row.inserted), True, task_id)


def _add_callback_task(session: Session, update: CallUpdateLike, call_id: int, rule: str, client_id: int | None,
                       assignee_id: int | None, region: str, due: datetime, at: datetime) -> int | None:
    """Insert the callback task unless this call already has one (a unique index on the task's call enforces it);
    a caller no client has also gets a request order, which the task belongs to."""
    number = update.caller
    if is_withheld_number(number):
        return None  # nothing to call back
    order_id = None
    try:
        e164 = normalise_phone(number, region).e164
        shown = format_phone(e164)
    except InvalidPhone:
        e164, shown = None, number
    if client_id is None and e164 is not None:
        # The upsert that stored the call holds its row lock, so a concurrent store of it waits here.
        order_id = session.execute(select(Call.order_id).where(Call.id == call_id)).scalar_one()
        if order_id is None:
            order_id = open_request(session, call_id, e164, shown, assignee_id, at)
            session.execute(update_(Call).where(Call.id == call_id).values(order_id=order_id))
    if client_id is not None:
        name = session.execute(select(Client.name).where(Client.id == client_id)).scalar_one()
        title = f"Call back {name}, {shown}: missed call"
    else:
        title = f"Call back {shown}: missed call from an unknown number"
    stmt = (
        pg_insert(Task)
        .values(client_id=client_id, order_id=order_id, assignee_id=assignee_id, title=title[:300],
                kind=CALLBACK_KIND, due_at=due, status="open", origin_rule=rule, call_id=call_id)
        .on_conflict_do_nothing(index_elements=[Task.call_id],
                                index_where=text("kind = 'callback' AND call_id IS NOT NULL"))
        .returning(Task.id)
    )
    return session.execute(stmt).scalar_one_or_none()


def _drop_request(session: Session, call_id: int) -> None:
    """A missed call proven answered after all: its request goes unless someone has worked on it."""
    order_id = session.execute(select(Call.order_id).where(Call.id == call_id)).scalar_one()
    if order_id is None:
        return
    # The cancelled callback task stays in the call's history even if its request goes.
    session.execute(update_(Task).where(Task.call_id == call_id, Task.order_id == order_id).values(order_id=None))
    if drop_untouched_request(session, order_id):
        session.execute(update_(Call).where(Call.id == call_id).values(order_id=None))
    else:
        session.execute(update_(Task).where(Task.call_id == call_id).values(order_id=order_id))


def is_withheld_number(number: str | None) -> bool:
    """True for a missing or hidden caller id (``anonymous``, ``unknown``, …)."""
    return (number or "").strip().lower() in {"", "anonymous", "unknown", "<unknown>", "restricted", "private",
                                              "unavailable"}


def _note_on_timeline(session: Session, call_id: int, client_id: int, update: CallUpdateLike,
                      user_id: int | None) -> None:
    """One timeline entry per finished call of a client, rewritten if the outcome changes (missed → answered)."""
    talk = update.talk_seconds
    length = f", {talk // 60}:{talk % 60:02d}" if talk else ""
    if update.direction == "outbound":
        text = f"Outgoing call to {update.called}{length}" if update.status == "ended" else \
            f"Outgoing call to {update.called}: no answer"
    elif update.status == "ended":
        who = f", answered by {update.extension}" if update.extension else ""
        text = f"Incoming call from {update.caller}{who}{length}"
    else:
        text = f"Missed call from {update.caller}"
    entry = session.execute(
        select(TimelineEntry).where(TimelineEntry.client_id == client_id, TimelineEntry.kind == "call",
                                    TimelineEntry.payload["call_id"].as_integer() == call_id)
    ).scalar_one_or_none()
    if entry is None:
        session.add(TimelineEntry(client_id=client_id, kind="call", at=update.started_at or datetime.now(UTC),
                                  author_id=user_id, text=text, payload={"call_id": call_id}))
    elif entry.text != text:
        entry.text = text
    session.flush()


def sample_client_numbers(db: Database, limit: int = 20) -> list[str]:
    """A few clients' phone numbers (E.164), for demo calls that ring with real clients."""
    with db.session() as session:
        return list(session.execute(
            select(ClientPhone.e164).order_by(ClientPhone.client_id, ClientPhone.id).limit(limit)
        ).scalars())

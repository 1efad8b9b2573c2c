"""Reading calls for the desk: who is calling (the call pane), the call log, the missed-calls queue; and the
dispatcher's own changes to them (a note after the call, a callback done, a call tied to a new client)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ARRAY, Select, String, and_, cast, func, literal, or_, select, text, update
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.orm import Session, aliased

from models.call_views import (
    CallbackRow,
    CallerSummary,
    CallInfo,
    CallLogFilter,
    CallLogRow,
    CandidateClient,
    ClientSummary,
    RingingCall,
)
from models.calls import CALLBACK_KIND, Call
from models.client_card import load_client_card
from models.clients import Client, ClientPhone
from models.company import Company, User
from models.database import Database
from models.phones import DEFAULT_REGION, InvalidPhone, format_phone, normalise_phone
from models.pipelines import Order, Task
from models.search import prefix_tsquery
from models.timeline import TimelineEntry

RECENT_CALLS_SHOWN = 5
LAST_VISITS_SHOWN = 3
UPCOMING_VISITS_SHOWN = 2
CANDIDATES_SHOWN = 5
#: A call still "ringing" after this long lost its hangup somewhere; it no longer opens the pane.
STALE_AFTER = timedelta(hours=4)
PAGE_SIZE = 200
_PHONE_IN_TEXT = re.compile(r"\+?\d[\d\s()\-]{6,}\d")


class CallNotFound(LookupError):
    """The call was deleted or never existed."""


class CallbackNotOpen(LookupError):
    """The callback task is gone or someone has closed it already; the message says which."""


def _company(session: Session) -> tuple[ZoneInfo, str, str]:
    tz_name, region, currency = session.execute(select(Company.time_zone, Company.phone_region,
                                                       Company.currency)).one_or_none() or ("UTC", "RU", "RUB")
    return ZoneInfo(tz_name or "UTC"), region or DEFAULT_REGION, currency or "RUB"


def _number(digits: str | None, raw: str | None, region: str = DEFAULT_REGION) -> tuple[str, str | None]:
    """The display form and the dialable E.164 of a stored number (digits win over what the PBX sent; an
    extension or a withheld number stays as it came)."""
    if not digits and raw and len(re.sub(r"\D", "", raw)) > 6:
        try:
            digits = normalise_phone(raw, region).digits
        except InvalidPhone:
            digits = None
    if digits:
        e164 = "+" + digits
        return format_phone(e164), e164
    return (raw or "").strip(), None


def _counterpart(call) -> tuple[str | None, str | None]:
    """(digits, raw number) of the other party: the caller of an inbound call, the number called otherwise."""
    if call.direction == "outbound":
        return call.to_digits, call.to_number
    return call.from_digits, call.from_number


def _seconds(start: datetime | None, end: datetime | None) -> int | None:
    return max(0, round((end - start).total_seconds())) if start and end else None


def _log_row(call, client_name: str | None, order_number: int | None, tz: ZoneInfo, region: str) -> CallLogRow:
    display, e164 = _number(*_counterpart(call), region)
    ring = call.ring_seconds if call.ring_seconds is not None else _seconds(
        call.started_at, call.answered_at or call.ended_at)
    talk = call.talk_seconds if call.talk_seconds is not None else _seconds(call.answered_at, call.ended_at)
    return CallLogRow(call.id, call.started_at.astimezone(tz), call.direction, call.status, display, e164,
                      call.extension, call.client_id, client_name, ring, talk, call.recording_url, order_number)


def _rang(extension: str):
    """``extensions_rung @> ARRAY[extension]``: answered from the GIN index on the column."""
    return Call.extensions_rung.op("@>")(cast(array([extension]), ARRAY(String(20))))


def _log_select() -> Select:
    return (
        select(Call, Client.name, Order.number)
        .outerjoin(Client, Client.id == Call.client_id)
        .outerjoin(Order, Order.id == Call.order_id)
    )


# -- the call pane ------------------------------------------------------------------------------------------


def ringing_calls_for_extension(db: Database, extension: str, *, now: datetime | None = None) -> list[RingingCall]:
    """Calls ringing or being talked on that rang ``extension``, newest first (one GIN index look-up)."""
    extension = (extension or "").strip()
    if not extension:
        return []
    now = now or datetime.now(UTC)
    with db.session() as session:
        tz, region, _ = _company(session)
        rows = session.execute(
            select(Call, Client.name)
            .outerjoin(Client, Client.id == Call.client_id)
            .where(_rang(extension),
                   Call.status.in_(("ringing", "answered")), Call.started_at > now - STALE_AFTER)
            .order_by(Call.started_at.desc(), Call.id.desc())
        ).all()
        return [
            RingingCall(call.id, call.status, call.direction, _number(*_counterpart(call), region)[0],
                        call.started_at.astimezone(tz), call.extension, call.client_id, name)
            for call, name in rows
        ]


def caller_summary(db: Database, call_id: int, *, now: datetime | None = None) -> CallerSummary:
    """The call and, when the number belongs to one client, that client's units, open orders, visits and debt.

    A call not linked to a client is matched by its number now (the client may have been added since);
    several clients sharing the number come back as ``candidates``.
    """
    with db.session() as session:
        call = session.get(Call, call_id)
        if call is None:
            raise CallNotFound(f"Call {call_id} does not exist (it may have been deleted).")
        tz, region, currency = _company(session)
        digits, raw = _counterpart(call)
        display, e164 = _number(digits, raw, region)
        digits = digits or (e164 or "").lstrip("+") or None
        info = CallInfo(
            call.id, call.pbx_call_id, call.direction, call.status, display, e164, call.started_at.astimezone(tz),
            call.answered_at and call.answered_at.astimezone(tz), call.ended_at and call.ended_at.astimezone(tz),
            call.extension, tuple(call.extensions_rung or ()),
            call.talk_seconds if call.talk_seconds is not None else _seconds(call.answered_at, call.ended_at),
            call.recording_url, call.client_id,
        )
        client_id, candidates = call.client_id, ()
        if client_id is None and digits and call.direction != "internal":
            found = session.execute(
                select(Client.id, Client.name).join(ClientPhone, ClientPhone.client_id == Client.id)
                .where(ClientPhone.digits == digits).distinct().order_by(Client.name).limit(CANDIDATES_SHOWN)
            ).all()
            if len(found) == 1:
                client_id = found[0].id
            else:
                candidates = tuple(CandidateClient(cid, name) for cid, name in found)
        recent = _recent_calls(session, call, client_id, digits, tz, region)
    client = _client_summary(db, client_id, currency, now) if client_id is not None else None
    return CallerSummary(info, client, candidates, recent)


def _recent_calls(session: Session, call: Call, client_id: int | None, digits: str | None,
                  tz: ZoneInfo, region: str) -> tuple[CallLogRow, ...]:
    same = []
    if client_id is not None:
        same.append(Call.client_id == client_id)
    if digits:
        same += [Call.from_digits == digits, Call.to_digits == digits]
    if not same:
        return ()
    rows = session.execute(
        _log_select().where(or_(*same), Call.id != call.id)
        .order_by(Call.started_at.desc(), Call.id.desc()).limit(RECENT_CALLS_SHOWN)
    ).all()
    return tuple(_log_row(c, name, number, tz, region) for c, name, number in rows)


def _client_summary(db: Database, client_id: int, currency: str, now: datetime | None) -> ClientSummary:
    """The pane's part of the client card (the card's own reading, so both always agree)."""
    card = load_client_card(db, client_id, now=now)
    today = (now or datetime.now(UTC)).astimezone(ZoneInfo(card.time_zone)).date()
    return ClientSummary(
        card.id, card.name, card.kind, card.phones, card.equipment,
        tuple(o for o in card.orders if o.stage_kind == "open"),
        card.past_visits[:LAST_VISITS_SHOWN], card.upcoming_visits[:UPCOMING_VISITS_SHOWN],
        card.balance_due, card.currency or currency, card.time_zone, today,
    )


def add_call_note(db: Database, call_id: int, client_id: int, note: str, *, user_id: int | None = None,
                  now: datetime | None = None) -> int:
    """Put the dispatcher's note about a call on the client's timeline (and tie the call to the client if it
    was not); returns the timeline entry's id."""
    note = (note or "").strip()
    if not note:
        raise ValueError("The note is empty.")
    with db.transaction() as session:
        call = session.get(Call, call_id)
        if call is None:
            raise CallNotFound(f"Call {call_id} does not exist (it may have been deleted).")
        if call.client_id is None:
            call.client_id = client_id
        entry = TimelineEntry(client_id=client_id, order_id=call.order_id if call.client_id == client_id else None,
                              kind="note", at=now or datetime.now(UTC), author_id=user_id, text=note,
                              payload={"call_id": call_id})
        session.add(entry)
        session.flush()
        return entry.id


def link_call_to_client(db: Database, call_id: int, client_id: int) -> bool:
    """Tie a call from an unknown number to the client just created for it; False when it already had one."""
    with db.transaction() as session:
        result = session.execute(
            update(Call).where(Call.id == call_id, Call.client_id.is_(None)).values(client_id=client_id)
        )
        return result.rowcount > 0


# -- the call log -------------------------------------------------------------------------------------------


def _digit_patterns(value: str) -> list[str]:
    """LIKE patterns for digits typed in any national form: 8 351… is also 7351…"""
    digits = re.sub(r"\D", "", value)
    variants = {digits}
    if digits.startswith("8") and len(digits) > 1:
        variants.add("7" + digits[1:])
    return ["%" + d + "%" for d in sorted(variants)]


def _filtered(stmt: Select, filters: CallLogFilter, tz: ZoneInfo) -> Select:
    if filters.since is not None:
        stmt = stmt.where(Call.started_at >= datetime.combine(filters.since, time(), tz))
    if filters.until is not None:
        stmt = stmt.where(Call.started_at < datetime.combine(filters.until + timedelta(days=1), time(), tz))
    if filters.direction:
        stmt = stmt.where(Call.direction == filters.direction)
    if filters.statuses:
        stmt = stmt.where(Call.status.in_(filters.statuses))
    if filters.extension and filters.extension.strip():
        ext = filters.extension.strip()
        stmt = stmt.where(or_(Call.extension == ext,
                              _rang(ext)))
    if filters.client_id is not None:
        stmt = stmt.where(Call.client_id == filters.client_id)
    typed = (filters.text or "").strip()
    if typed and not re.search(r"[^\d\s()+\-.]", typed):
        patterns = _digit_patterns(typed)
        stmt = stmt.where(or_(*(column.like(p) for p in patterns
                                for column in (Call.from_digits, Call.to_digits, Call.from_number, Call.to_number))))
    elif typed:
        query = prefix_tsquery(typed)
        names = select(Client.id).where(
            text("to_tsvector('simple', fd_fold(clients.name)) @@ to_tsquery('simple', :q)")
        ).params(q=query or "")
        stmt = stmt.where(Call.client_id.in_(names)) if query else stmt.where(literal(False))
    return stmt


def call_log(db: Database, filters: CallLogFilter, offset: int = 0, limit: int = PAGE_SIZE, *,
             ids: set[int] | None = None) -> list[CallLogRow]:
    """One page of the calls matching ``filters``, newest first; with ``ids``, only those of these calls that
    match (to update the rows a view shows when calls change)."""
    with db.session() as session:
        tz, region, _ = _company(session)
        stmt = _filtered(_log_select(), filters, tz)
        if ids is not None:
            stmt = stmt.where(Call.id.in_(list(ids)))
        rows = session.execute(
            stmt.order_by(Call.started_at.desc(), Call.id.desc()).offset(offset).limit(limit)
        ).all()
        return [_log_row(call, name, number, tz, region) for call, name, number in rows]


# -- missed calls to call back ------------------------------------------------------------------------------


def open_callback_count(db: Database) -> int:
    """How many missed calls wait for a callback (the rail's counter)."""
    with db.session() as session:
        return session.execute(
            select(func.count()).select_from(Task).where(Task.kind == CALLBACK_KIND, Task.status == "open")
        ).scalar_one()


def _number_in(title: str) -> str | None:
    """A phone number written in a task's title (tasks created without a call, e.g. imported ones)."""
    match = _PHONE_IN_TEXT.search(title or "")
    if match is None:
        return None
    try:
        return normalise_phone(match.group(0)).digits
    except InvalidPhone:
        return None


def missed_queue(db: Database, now: datetime | None = None) -> list[CallbackRow]:
    """Open callback tasks, the earliest deadline first, with who should call, whom, and how often they tried."""
    now = now or datetime.now(UTC)
    missed = aliased(Call)
    tried = aliased(Call)
    first_phone = (
        select(ClientPhone.digits).where(ClientPhone.client_id == Task.client_id)
        .order_by(ClientPhone.contact_id.nulls_first(), ClientPhone.id).limit(1).correlate(Task).scalar_subquery()
    )
    since = func.coalesce(missed.started_at, Task.created_at)
    tries = (
        select(func.count()).select_from(tried)
        .where(tried.direction == "outbound", tried.started_at >= since,
               or_(and_(Task.client_id.is_not(None), tried.client_id == Task.client_id),
                   and_(missed.from_digits.is_not(None), tried.to_digits == missed.from_digits)))
        .correlate(Task, missed).scalar_subquery()
    )
    with db.session() as session:
        tz, region, _ = _company(session)
        rows = session.execute(
            select(Task.id, Task.title, Task.due_at, Task.client_id, Task.call_id, Task.created_at, User.full_name,
                   Client.name, missed.from_digits, missed.from_number, missed.started_at, first_phone, tries)
            .outerjoin(User, User.id == Task.assignee_id)
            .outerjoin(Client, Client.id == Task.client_id)
            .outerjoin(missed, missed.id == Task.call_id)
            .where(Task.kind == CALLBACK_KIND, Task.status == "open")
            .order_by(Task.due_at.asc().nulls_last(), Task.id)
        ).all()
    result = []
    for (task_id, title, due, client_id, call_id, created, assignee, client_name, from_digits, from_number,
         missed_at, client_digits, count) in rows:
        display, e164 = _number(from_digits or client_digits or _number_in(title), from_number, region)
        result.append(CallbackRow(
            task_id, title, due and due.astimezone(tz), due is not None and due < now, assignee, client_id,
            client_name, display, e164, (missed_at or created).astimezone(tz), count, call_id,
        ))
    return result


def mark_called_back(db: Database, task_id: int, note: str = "", *, user_id: int | None = None,
                     now: datetime | None = None) -> None:
    """Close a callback task as done and note it on the client's timeline (with the note, if any).

    Raises CallbackNotOpen when another dispatcher closed it first or it is gone.
    """
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        task = session.get(Task, task_id, with_for_update=True)
        if task is None or task.kind != CALLBACK_KIND:
            raise CallbackNotOpen(f"Callback task {task_id} no longer exists.")
        if task.status != "open":
            raise CallbackNotOpen(f"This callback is already {task.status}: someone has closed it.")
        task.status = "done"
        task.done_at = now
        if task.client_id is not None:
            words = "Called back" + (f": {note.strip()}" if note and note.strip() else "")
            session.add(TimelineEntry(client_id=task.client_id, order_id=task.order_id, kind="task", at=now,
                                      author_id=user_id, text=words,
                                      payload={"task_id": task.id, "call_id": task.call_id}))

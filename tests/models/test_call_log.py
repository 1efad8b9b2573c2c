"""Calls for the desk: who is calling, the call log with its filters and pages, the callback queue, notes."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.call_log import (
    CallbackNotOpen,
    add_call_note,
    call_log,
    caller_summary,
    link_call_to_client,
    mark_called_back,
    missed_queue,
    open_callback_count,
    ringing_calls_for_extension,
)
from models.call_views import CallLogFilter
from models.calls import record_call
from models.company import User
from models.pipelines import Task
from models.scheduling import BookingRequest, book_visit
from models.timeline import TimelineEntry
from telephony.events import CallUpdate
from tests.factories import add_client, add_equipment, add_order, add_pipeline, add_technician

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COMPANY_LINE = "73512200000"


def call(pbx_id: str, caller: str, status: str = "ringing", *, rung=("201",), at: datetime = NOW,
         direction: str = "inbound", **kw) -> CallUpdate:
    """An inbound call as the PBX bridge reports it (answered ones were answered by the first extension rung)."""
    fields = dict(pbx_call_id=pbx_id, direction=direction, caller=caller, called=COMPANY_LINE, extensions_rung=rung,
                  status=status, started_at=at)
    if direction == "outbound":
        fields.update(caller=rung[0], called=caller, extensions_rung=())
    if status in ("answered", "ended") and direction == "inbound":
        fields.update(answered_by=rung[0], answered_at=at + timedelta(seconds=8))
    if status in ("ended", "missed", "failed"):
        fields["ended_at"] = at + timedelta(seconds=95)
    fields.update(kw)
    return CallUpdate(**fields)


@pytest.fixture
def ivanov(db):
    """A client with a unit under warranty, an open order with a balance, a past and a next visit."""
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+7 351 123 45 67", address="ул. Ленина, 5")
        add_equipment(s, client, serial="AC-1", warranty_until=date(2027, 5, 12))
        _, stages = add_pipeline(s)
        order = add_order(s, client, stages[1], amount=Decimal("15000"), paid=Decimal("5000"))
        add_order(s, client, stages[2], title="Монтаж", amount=Decimal("1000"), paid=Decimal("1000"))
        tech = add_technician(s)
        book_visit(s, BookingRequest(order.id, tech.id, NOW - timedelta(days=3), NOW - timedelta(days=3, hours=-2)))
        book_visit(s, BookingRequest(order.id, tech.id, NOW + timedelta(days=1), NOW + timedelta(days=1, hours=2)))
        s.add(User(login="ivanova_a", full_name="Иванова Анна", role="dispatcher", extension="201"))
        return client.id


def test_a_ringing_call_is_found_for_every_extension_it_rings_and_no_other(db, ivanov):
    stored = record_call(db, call("c1", "+73511234567", rung=("201", "202")))
    record_call(db, call("c2", "+79120000000", rung=("203",), at=NOW - timedelta(seconds=5)))
    record_call(db, call("c3", "+79120000001", "ended", rung=("201",)))
    for extension, expected in (("201", [stored.id]), ("202", [stored.id]), ("204", []), ("", [])):
        found = ringing_calls_for_extension(db, extension, now=NOW)
        assert [c.id for c in found] == expected, extension
    (ringing,) = ringing_calls_for_extension(db, "201", now=NOW)
    assert (ringing.client_name, ringing.number, ringing.status) == ("Иванов Пётр", "+7 351 123-45-67", "ringing")
    assert ringing_calls_for_extension(db, "201", now=NOW + timedelta(hours=5)) == []  # a lost hangup goes stale


def test_caller_summary_shows_the_client_before_the_call_is_answered(db, ivanov):
    stored = record_call(db, call("c1", "8 (351) 123-45-67"))
    record_call(db, call("old", "+73511234567", "ended", at=NOW - timedelta(days=2)))
    summary = caller_summary(db, stored.id, now=NOW)
    assert (summary.call.number, summary.call.e164, summary.call.status) == ("+7 351 123-45-67", "+73511234567",
                                                                             "ringing")
    assert summary.call.started_at.utcoffset() == timedelta(hours=5)  # the company's time zone
    client = summary.client
    assert (client.id, client.name, client.kind) == (ivanov, "Иванов Пётр", "person")
    assert [u.serial for u in client.equipment] == ["AC-1"] and client.equipment[0].warranty_active
    assert [o.stage for o in client.open_orders] == ["Ремонт"]  # the closed one is not "open"
    assert client.balance_due == Decimal("10000")
    assert len(client.last_visits) == 1 and len(client.upcoming_visits) == 1
    assert [c.status for c in summary.recent_calls] == ["ended"]
    assert summary.candidates == ()


def test_an_unknown_number_has_no_client_and_a_shared_one_lists_the_candidates(db):
    unknown = record_call(db, call("u1", "+79995550000"))
    summary = caller_summary(db, unknown.id, now=NOW)
    assert summary.client is None and summary.candidates == ()
    assert summary.call.number == "+7 999 555-00-00"
    with db.transaction() as s:
        add_client(s, "Петров Олег", "+7 912 111 22 33")
        add_client(s, "Петрова Анна", "+7 912 111 22 33")
    shared = record_call(db, call("s1", "+79121112233"))
    summary = caller_summary(db, shared.id, now=NOW)
    assert summary.client is None
    assert [c.name for c in summary.candidates] == ["Петров Олег", "Петрова Анна"]


def test_a_client_created_for_the_number_is_found_and_the_call_can_be_tied_to_them(db):
    stored = record_call(db, call("u1", "+79995550000"))
    with db.transaction() as s:
        client = add_client(s, "Новиков Илья", "+7 999 555 00 00")
    assert caller_summary(db, stored.id, now=NOW).client.id == client.id  # matched by number now
    assert link_call_to_client(db, stored.id, client.id)
    assert not link_call_to_client(db, stored.id, client.id)  # never overwrites a link
    assert call_log(db, CallLogFilter(client_id=client.id))[0].id == stored.id


def test_the_note_after_a_call_goes_on_the_clients_timeline(db, ivanov):
    stored = record_call(db, call("c1", "+73511234567", "ended"))
    entry_id = add_call_note(db, stored.id, ivanov, "  Договорились на завтра  ", now=NOW)
    with db.session() as s:
        entry = s.get(TimelineEntry, entry_id)
        assert (entry.client_id, entry.kind, entry.text, entry.payload) == (ivanov, "note", "Договорились на завтра",
                                                                            {"call_id": stored.id})
    with pytest.raises(ValueError):
        add_call_note(db, stored.id, ivanov, "   ")


def test_the_log_filters_narrow_the_rows_and_pages_do_not_overlap(db, ivanov):
    record_call(db, call("a", "+73511234567", "ended", at=NOW - timedelta(days=1)))
    record_call(db, call("b", "+79995550000", "missed", rung=("202",), at=NOW - timedelta(hours=3)))
    record_call(db, call("c", "+79123334455", "failed", rung=("203",), direction="outbound",
                         at=NOW - timedelta(hours=2)))
    record_call(db, call("d", "+73511234567", "ended", rung=("202",), at=NOW - timedelta(days=10)))

    def pbx_ids(**kw) -> list[str]:
        rows = call_log(db, CallLogFilter(**kw))
        return [r.id for r in rows]

    every = call_log(db, CallLogFilter())
    assert [r.started_at for r in every] == sorted((r.started_at for r in every), reverse=True)
    assert len(every) == 4
    assert len(pbx_ids(direction="outbound")) == 1
    assert len(pbx_ids(statuses=("missed",))) == 1
    assert len(pbx_ids(extension="202")) == 2
    assert len(pbx_ids(extension="203")) == 1  # placed by 203
    assert len(pbx_ids(client_id=ivanov)) == 2
    assert len(pbx_ids(text="351 123")) == 2 and len(pbx_ids(text="8 351 123-45")) == 2
    assert len(pbx_ids(text="Иванов")) == 2 and pbx_ids(text="Сидоров") == []
    local_day = (NOW - timedelta(days=1)).astimezone(every[0].started_at.tzinfo).date()
    assert len(pbx_ids(since=local_day, until=local_day)) == 1
    outbound = call_log(db, CallLogFilter(direction="outbound"))[0]
    assert (outbound.number, outbound.extension, outbound.status) == ("+7 912 333-44-55", "203", "failed")
    first, second = call_log(db, CallLogFilter(), 0, 2), call_log(db, CallLogFilter(), 2, 2)
    assert [r.id for r in first + second] == [r.id for r in every]


def test_missed_calls_wait_in_the_queue_until_called_back(db, ivanov):
    stored = record_call(db, call("m1", "+73511234567", "missed"), now=NOW)
    record_call(db, call("m2", "+79995550000", "missed", at=NOW + timedelta(minutes=30)), now=NOW)
    assert open_callback_count(db) == 2
    early = missed_queue(db, now=NOW + timedelta(minutes=5))
    assert [r.client_name for r in early] == ["Иванов Пётр", None]
    assert [r.overdue for r in early] == [False, False]
    first = missed_queue(db, now=NOW + timedelta(hours=1))[0]
    assert first.overdue and first.assignee == "Иванова Анна" and first.number == "+7 351 123-45-67"
    assert first.tries == 0 and first.call_id == stored.id
    record_call(db, call("back", "+73511234567", "failed", direction="outbound", at=NOW + timedelta(minutes=20)))
    assert missed_queue(db, now=NOW + timedelta(hours=1))[0].tries == 1

    mark_called_back(db, first.task_id, "Перезвонила, записала на завтра", now=NOW + timedelta(hours=1))
    assert [r.client_name for r in missed_queue(db, now=NOW)] == [None]
    assert open_callback_count(db) == 1
    with db.session() as s:
        task = s.get(Task, first.task_id)
        assert (task.status, task.done_at) == ("done", NOW + timedelta(hours=1))
        texts = s.execute(select(TimelineEntry.text).where(TimelineEntry.kind == "task")).scalars().all()
    assert texts == ["Called back: Перезвонила, записала на завтра"]
    with pytest.raises(CallbackNotOpen, match="already done"):
        mark_called_back(db, first.task_id)


def test_demo_log_pages_and_queue(demo_database):
    first = call_log(demo_database, CallLogFilter(), 0, 50)
    second = call_log(demo_database, CallLogFilter(), 50, 50)
    assert len(first) == len(second) == 50
    assert not {r.id for r in first} & {r.id for r in second}
    assert first[-1].started_at >= second[0].started_at
    queue = missed_queue(demo_database)
    assert len(queue) == open_callback_count(demo_database) > 0
    assert all(row.number for row in queue)  # every callback says whom to call

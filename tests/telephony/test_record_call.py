"""Storing calls: idempotent by PBX call id, never backwards, client by number, one callback task per miss."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from models.calls import Call, missed_call_rule, record_call, sample_client_numbers
from models.company import User
from models.pipelines import Task
from models.timeline import TimelineEntry
from telephony.events import CallUpdate
from tests.factories import add_client

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def inbound(status: str, *, call_id: str = "1709283600.11", caller: str = "+7 (351) 123-45-67", **kw) -> CallUpdate:
    fields = dict(pbx_call_id=call_id, direction="inbound", caller=caller, called="73512200000",
                  extensions_rung=("201",), status=status, started_at=T0)
    if status in ("answered", "ended"):
        fields.update(answered_by="201", answered_at=T0 + timedelta(seconds=7))
    if status in ("ended", "missed"):
        fields["ended_at"] = T0 + timedelta(seconds=60)
    fields.update(kw)
    return CallUpdate(**fields)


def rows(db, statement):
    """Entities read and detached, so their loaded values outlive the read session."""
    with db.session() as s:
        found = s.execute(statement).scalars().all()
        s.expunge_all()
        return found


def calls(db):
    return rows(db, select(Call).order_by(Call.id))


def tasks(db):
    return rows(db, select(Task).order_by(Task.id))


def add_user(db, login, extension):
    with db.transaction() as s:
        user = User(login=login, full_name=login.title(), role="dispatcher", extension=extension)
        s.add(user)
        s.flush()
        return user.id


def test_the_same_updates_twice_give_one_row_and_one_callback_task(db):
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+73511234567")
    updates = [inbound("ringing"), inbound("missed")]
    first = [record_call(db, u) for u in updates]
    again = [record_call(db, u) for u in updates]
    assert [r.inserted for r in first] == [True, False]
    assert [r.changed for r in again] == [False, False]
    (call,) = calls(db)
    assert (call.status, call.client_id, call.from_digits, call.extension) == ("missed", client.id, "73511234567",
                                                                               "201")
    (task,) = tasks(db)
    assert first[1].callback_task_id == task.id and again[1].callback_task_id is None
    assert (task.kind, task.client_id, task.status) == ("callback", client.id, "open")
    assert task.due_at == T0 + timedelta(seconds=60) + timedelta(minutes=15)
    assert task.origin_rule == missed_call_rule("1709283600.11", call.id) == "missed_call:1709283600.11"
    assert "Иванов Пётр" in task.title and "+7 351 123-45-67" in task.title


def test_a_late_ringing_never_moves_an_ended_call_back(db):
    record_call(db, inbound("ended"))
    stale = record_call(db, inbound("ringing"))
    assert (stale.status, stale.changed) == ("ended", False)
    (call,) = calls(db)
    assert (call.status, call.answered_at, call.ended_at) == ("ended", T0 + timedelta(seconds=7),
                                                              T0 + timedelta(seconds=60))


def test_progress_fills_the_row_in(db):
    record_call(db, inbound("ringing"))
    record_call(db, inbound("answered"))
    record_call(db, inbound("ended", recording_url="/var/spool/asterisk/monitor/x.wav"))
    (call,) = calls(db)
    assert (call.status, call.recording_url) == ("ended", "/var/spool/asterisk/monitor/x.wav")


def test_a_missed_call_from_an_unknown_number_becomes_a_task_without_a_client(db):
    stored = record_call(db, inbound("missed", caller="89221112233"), sla_minutes=30)
    (call,) = calls(db)
    assert (call.client_id, call.from_digits) == (None, "79221112233")
    (task,) = tasks(db)
    assert stored.callback_task_id == task.id
    assert task.client_id is None
    assert "+7 922 111-22-33" in task.title
    assert task.due_at == T0 + timedelta(seconds=60) + timedelta(minutes=30)


def test_the_callback_goes_to_the_owner_of_the_extension_that_rang(db):
    uid = add_user(db, "anna", "201")
    record_call(db, inbound("missed"))
    (task,) = tasks(db)
    (call,) = calls(db)
    assert task.assignee_id == uid and call.user_id == uid


def test_withheld_or_internal_callers_match_no_client_and_get_no_task(db):
    with db.transaction() as s:
        add_client(s, "Кто-то", "+73512000201")
    record_call(db, inbound("missed", caller="anonymous"))
    record_call(db, CallUpdate("1709283600.20", "internal", "201", "202", ("202",), status="missed", started_at=T0,
                               ended_at=T0 + timedelta(seconds=20)))
    assert [(c.from_digits, c.client_id) for c in calls(db)] == [(None, None), (None, None)]
    assert tasks(db) == []


def test_an_answer_learnt_after_the_miss_cancels_the_callback(db):
    record_call(db, inbound("missed"))
    record_call(db, inbound("ended"))
    (call,) = calls(db)
    (task,) = tasks(db)
    assert (call.status, task.status) == ("ended", "cancelled")
    record_call(db, inbound("missed"))  # a late duplicate of the miss changes nothing
    assert [t.status for t in tasks(db)] == ["cancelled"]


def test_outbound_calls_are_matched_by_the_number_called(db):
    with db.transaction() as s:
        client = add_client(s, "ООО Ромашка", "+79001234567")
    record_call(db, CallUpdate("1709283600.30", "outbound", "201", "79001234567", status="failed", started_at=T0,
                               ended_at=T0 + timedelta(seconds=30)))
    (call,) = calls(db)
    assert (call.client_id, call.extension, call.from_digits, call.status) == (client.id, "201", None, "failed")
    assert tasks(db) == []


def test_a_number_shared_by_two_clients_is_not_guessed(db):
    with db.transaction() as s:
        add_client(s, "Муж", "+73511234567")
        add_client(s, "Жена", "+73511234567")
    record_call(db, inbound("ended"))
    assert calls(db)[0].client_id is None


def test_finished_calls_of_a_client_go_on_the_timeline_once(db):
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+73511234567")
    record_call(db, inbound("missed"))
    record_call(db, inbound("ended", talk_seconds=53))
    entries = rows(db, select(TimelineEntry).where(TimelineEntry.client_id == client.id))
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Call)).scalar_one() == 1
    assert [(e.kind, e.text) for e in entries] == [
        ("call", "Incoming call from +7 (351) 123-45-67, answered by 201, 0:53")]
    assert entries[0].payload == {"call_id": calls(db)[0].id}


def test_demo_calls_can_use_real_client_numbers(db):
    with db.transaction() as s:
        add_client(s, "Иванов Пётр", "+73511234567", "8 922 111-22-33")
    assert sample_client_numbers(db) == ["+73511234567", "+79221112233"]


def test_queue_details_are_kept_for_the_call_log_and_the_pane(db):
    record_call(db, inbound("ringing", extensions_rung=("201", "202", "203")))
    record_call(db, inbound("ended", extensions_rung=("201", "202", "203"), answered_by="202", ring_seconds=7,
                            talk_seconds=53, transferred_to="205"))
    record_call(db, inbound("ringing", extensions_rung=("201",)))  # a late, shorter duplicate
    (call,) = calls(db)
    assert call.extensions_rung == ["201", "202", "203"]
    assert (call.extension, call.ring_seconds, call.talk_seconds, call.transferred_to) == ("202", 7, 53, "205")
    assert call.to_digits == "73512200000"  # the number dialled, indexed for outbound look-ups
    assert tasks(db) == []


def test_the_callback_task_is_tied_to_its_call(db):
    stored = record_call(db, inbound("missed"))
    (task,) = tasks(db)
    assert task.call_id == stored.id

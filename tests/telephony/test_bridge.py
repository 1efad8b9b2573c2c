"""The spool: while the database is down call updates wait on disk, and are replayed in order when it is back."""

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models.calls import Call
from models.database import Database
from models.pipelines import Task
from telephony.bridge import CallRecorder
from telephony.events import CallUpdate
from tests.telephony.helpers import closed_port

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def update(status: str, call_id: str = "1709283600.11") -> CallUpdate:
    times = {"ringing": {}, "missed": {"ended_at": T0 + timedelta(seconds=40)}}[status]
    return CallUpdate(call_id, "inbound", "+73511234567", "73512200000", ("201",), status=status, started_at=T0,
                      **times)


@pytest.fixture
def down_db():
    db = Database(f"postgresql+psycopg://fielddesk@127.0.0.1:{closed_port()}/fielddesk")
    yield db
    db.dispose()


def stored(db):
    with db.session() as s:
        calls = s.execute(select(Call.pbx_call_id, Call.status)).all()
        tasks = s.execute(select(Task.origin_rule)).scalars().all()
    return [tuple(c) for c in calls], tasks


def test_updates_wait_in_the_spool_and_are_replayed_in_order_once_the_database_is_back(db, down_db, tmp_path, caplog):
    spool = tmp_path / "spool.jsonl"
    recorder = CallRecorder(down_db, spool, retry_seconds=0)
    caplog.set_level(logging.WARNING)
    sent = [update("ringing"), update("missed"), update("ringing", "1709283700.12")]
    assert [recorder.record(u) for u in sent] == [None, None, None]
    assert "database unreachable" in caplog.text
    assert recorder.pending == 3
    assert [CallUpdate.from_json(json.loads(line)) for line in spool.read_text().splitlines()] == sent

    recorder.db = db  # the database is back
    assert recorder.drain() == 3
    assert not spool.exists()
    calls, tasks = stored(db)
    assert sorted(calls) == [("1709283600.11", "missed"), ("1709283700.12", "ringing")]
    assert tasks == ["missed_call:1709283600.11"]


def test_replaying_a_spool_twice_writes_nothing_twice(db, down_db, tmp_path):
    spool = tmp_path / "spool.jsonl"
    CallRecorder(down_db, spool, retry_seconds=0).record(update("missed"))
    copy = spool.read_text()
    assert CallRecorder(db, spool).drain() == 1
    spool.write_text(copy)  # as if the service died after storing but before emptying the spool
    assert CallRecorder(db, spool).drain() == 1
    calls, tasks = stored(db)
    assert (calls, tasks) == ([("1709283600.11", "missed")], ["missed_call:1709283600.11"])


def test_a_new_update_waits_behind_the_spooled_ones(db, tmp_path):
    spool = tmp_path / "spool.jsonl"
    spool.write_text(json.dumps(update("ringing").to_json()) + "\n")
    recorder = CallRecorder(db, spool)
    assert recorder.record(update("missed")) is None  # spooled behind, then the whole spool replayed
    assert recorder.pending == 0
    assert stored(db)[0] == [("1709283600.11", "missed")]


def test_a_garbled_spool_line_is_set_aside_and_the_rest_goes_on(db, tmp_path, caplog):
    spool = tmp_path / "spool.jsonl"
    spool.write_text("{not json\n" + json.dumps(update("missed").to_json()) + "\n")
    assert CallRecorder(db, spool).drain() == 1
    assert (tmp_path / "spool.jsonl.rejected").read_text() == "{not json\n"
    assert stored(db)[0] == [("1709283600.11", "missed")]

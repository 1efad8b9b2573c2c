"""Replaying a captured stream, the AMI settings, the call event's JSON form and the demo simulator."""

import asyncio
import io
import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from models.config import ConfigError
from telephony.ami import AmiClient
from telephony.calls_fsm import CallTracker
from telephony.config import AmiConfig, load_ami_config, load_extension_plan
from telephony.events import CallUpdate
from telephony.replay import main as replay_main
from telephony.simulator import run_simulator
from tests.telephony.helpers import TRANSCRIPTS, closed_port, run, until

ROOT = Path(__file__).resolve().parents[2]


def test_replay_prints_one_json_line_per_call():
    result = subprocess.run([sys.executable, "-m", "telephony.replay", str(TRANSCRIPTS / "attended_transfer.ami")],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(c["call_id"], c["direction"], c["answered_by"], c["outcome"], c["transferred_to"]) for c in lines] == [
        ("1700018000.101", "inbound", "201", "answered", "202"),
        ("1700018024.103", "internal", "202", "answered", None),
    ]
    assert (lines[0]["caller"], lines[0]["extensions_rung"], lines[0]["ring_seconds"], lines[0]["talk_seconds"]) == (
        "73514445566", ["201"], 4, 109)


def test_replay_without_timestamps_gives_no_durations(tmp_path):
    raw = (TRANSCRIPTS / "missed.ami").read_bytes()
    stripped = re.sub(rb"Timestamp: [^\r\n]*\r\n", b"", raw).replace(b"\r\n", b"\n")
    capture = tmp_path / "capture.txt"
    capture.write_bytes(stripped.split(b"\n", 1)[1])  # without the banner line
    out = io.StringIO()
    assert replay_main([str(capture)], out=out) == 0
    (call,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (call["outcome"], call["extensions_rung"], call["ring_seconds"], call["talk_seconds"]) == (
        "missed", ["201"], None, None)


def test_ami_settings_come_from_flags_config_and_the_environment(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[ami]\nhost = "192.0.2.5"\nport = 5039\nuser = "crm"\noriginate_context = "click2call"\n'
                    'extensions = ["777"]\ntrunks = ["1000"]\n')
    config = load_ami_config(path=path, environ={"FIELDDESK_AMI_SECRET": "s3cret"})
    assert (config.host, config.port, config.username, config.secret, config.originate_context) == (
        "192.0.2.5", 5039, "crm", "s3cret", "click2call")
    assert "s3cret" not in repr(config)
    flagged = load_ami_config(path=path, environ={"FIELDDESK_AMI_SECRET": "x"}, host="127.0.0.1", port=5038)
    assert flagged.address == "127.0.0.1:5038"
    plan = load_extension_plan(path)
    assert plan.is_extension("777") and plan.is_extension("201") and not plan.is_extension("1000")
    assert not plan.is_extension("megafon")


def test_a_missing_secret_says_where_to_put_it(tmp_path, monkeypatch):
    import keyring

    monkeypatch.setattr(keyring, "get_password", lambda service, name: None)
    with pytest.raises(ConfigError, match=r"FIELDDESK_AMI_SECRET.*keyring set FieldDesk ami:fielddesk@127\.0\.0\.1"):
        load_ami_config(path=tmp_path / "none.toml", environ={})
    stored = {("FieldDesk", "ami:fielddesk@127.0.0.1"): "from-keyring"}
    monkeypatch.setattr(keyring, "get_password", lambda service, name: stored.get((service, name)))
    assert load_ami_config(path=tmp_path / "none.toml", environ={}).secret == "from-keyring"


def test_call_updates_survive_their_json_form():
    update = CallUpdate("1.2", "inbound", "+73511234567", "73512200000", ("201", "202"), "202", "ended",
                        datetime(2024, 3, 1, 9, tzinfo=UTC), datetime(2024, 3, 1, 9, 0, 7, tzinfo=UTC),
                        datetime(2024, 3, 1, 9, 1, 42, tzinfo=UTC), 7, 95, "204", "rec.wav")
    assert CallUpdate.from_json(json.loads(json.dumps(update.to_json()))) == update
    with pytest.raises(ValueError):
        CallUpdate("1.2", "sideways", "a", "b")


def test_the_simulator_plays_the_requested_number_of_calls_with_the_given_numbers():
    async def scenario():
        port = closed_port()
        stop = asyncio.Event()
        sim = asyncio.create_task(run_simulator("127.0.0.1", port, "fielddesk", "secret",
                                                scenarios=("answered", "queue", "missed"), rate=6000, count=3,
                                                numbers=["+73519990011"], speed=1000, stop=stop))
        tracker, finals = CallTracker(), []
        client = AmiClient(AmiConfig(port=port, secret="secret", backoff_initial=0.02, backoff_max=0.05),
                           on_status=lambda _m: None)
        client_stop = asyncio.Event()
        task = asyncio.create_task(client.run(
            lambda f, t: finals.extend(u for u in tracker.feed(f, t) if u.final), client_stop))
        await until(lambda: len(finals) >= 3)
        assert await sim == 0
        client_stop.set()
        await task
        return finals

    finals = run(scenario())
    assert sorted((u.caller, u.status) for u in finals) == [("+73519990011", "ended")] * 2 + [
        ("+73519990011", "missed")]

"""Cloud PBX webhooks: signatures checked (bad ones refused), notifications folded into CallUpdates."""

import asyncio
import base64
import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from telephony.webhook_calls import MangoCalls, ZadarmaCalls
from telephony.webhooks import (
    WebhookReceiver,
    WebhookRejected,
    mango_sign,
    serve_webhooks,
    verify_mango,
    verify_zadarma,
    zadarma_signature,
)
from tests.telephony.helpers import run

SECRET = "zd-secret"
KEY, SALT = "mango-key", "mango-salt"


class Clock:
    def __init__(self):
        self.now = datetime(2024, 3, 1, 9, 0, 10, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds: float):
        self.now += timedelta(seconds=seconds)


def zadarma_post(fields: dict, secret: str = SECRET) -> tuple[dict, bytes]:
    return {"Signature": zadarma_signature(fields, secret)}, urlencode(fields).encode()


START = {"event": "NOTIFY_START", "call_start": "2024-03-01 12:00:00", "pbx_call_id": "in_5b2c7e",
         "caller_id": "+73511234567", "called_did": "73512200000"}


def test_zadarma_signature_is_base64_of_the_hex_hmac_sha1_of_the_event_fields():
    expected = hmac.new(SECRET.encode(), b"+73511234567" b"73512200000" b"2024-03-01 12:00:00",
                        hashlib.sha1).hexdigest()
    assert zadarma_signature(START, SECRET) == base64.b64encode(expected.encode()).decode()
    out_end = {"event": "NOTIFY_OUT_END", "internal": "201", "destination": "79001234567",
               "call_start": "2024-03-01 12:00:00", "caller_id": "ignored"}
    expected = hmac.new(SECRET.encode(), b"201" b"79001234567" b"2024-03-01 12:00:00", hashlib.sha1).hexdigest()
    assert zadarma_signature(out_end, SECRET) == base64.b64encode(expected.encode()).decode()
    verify_zadarma(START, zadarma_signature(START, SECRET), SECRET)
    with pytest.raises(WebhookRejected, match="bad signature"):
        verify_zadarma({**START, "caller_id": "+70000000000"}, zadarma_signature(START, SECRET), SECRET)


def test_zadarma_echo_check_and_bad_signatures_over_http(caplog):
    updates = []
    receiver = WebhookReceiver(updates.append, zadarma_secret=SECRET)
    echo = receiver.handle("GET", "/zadarma?zd_echo=abc123", {}, b"")
    assert (echo.status, echo.body) == (200, b"abc123")
    headers, body = zadarma_post(START, secret="someone-else")
    assert receiver.handle("POST", "/zadarma", headers, body).status == 403
    assert receiver.handle("POST", "/zadarma", {}, urlencode(START).encode()).status == 403
    assert updates == []
    assert "bad signature" in caplog.text
    assert receiver.handle("POST", "/mango/events/call", {}, b"").status == 404  # Mango not configured here


def test_a_zadarma_call_rung_answered_and_ended():
    clock = Clock()
    updates = []
    receiver = WebhookReceiver(updates.append, zadarma_secret=SECRET, zadarma=ZadarmaCalls(clock=clock))
    common = {k: START[k] for k in ("call_start", "pbx_call_id", "caller_id", "called_did")}
    notifications = [
        START,
        {**common, "event": "NOTIFY_INTERNAL", "internal": "201"},
        {**common, "event": "NOTIFY_ANSWER", "destination": "201", "internal": "201"},
        {**common, "event": "NOTIFY_END", "internal": "201", "duration": "95", "disposition": "answered",
         "status_code": "16", "is_recorded": "1", "call_id_with_rec": "1709283600.1234"},
    ]
    for fields in notifications:
        clock.advance(5)
        assert receiver.handle("POST", "/zadarma", *zadarma_post(fields)).status == 200
    assert [u.status for u in updates] == ["ringing", "ringing", "answered", "ended"]
    final = updates[-1]
    assert (final.pbx_call_id, final.direction, final.caller, final.called) == (
        "in_5b2c7e", "inbound", "+73511234567", "73512200000")
    assert (final.extensions_rung, final.answered_by, final.talk_seconds, final.recording_url) == (
        ("201",), "201", 95, "zadarma:1709283600.1234")
    # The same notification again changes nothing.
    receiver.handle("POST", "/zadarma", *zadarma_post(notifications[-1]))
    assert len(updates) == 4


def test_a_zadarma_call_nobody_answered_is_missed():
    calls = ZadarmaCalls()
    calls.handle(START)
    (update,) = calls.handle({**START, "event": "NOTIFY_END", "internal": "202", "duration": "0",
                              "disposition": "cancel"})
    assert (update.status, update.extensions_rung, update.answered_by) == ("missed", ("202",), None)


def mango_fields(data: dict, key: str = KEY, salt: str = SALT) -> dict:
    payload = json.dumps(data)
    return {"vpbx_api_key": key, "sign": mango_sign(key, payload, salt), "json": payload}


def mango_event(seq: int, state: str, ts: int, *, ext: str = "201", location: str = "abonent") -> dict:
    return {"entry_id": "MjE0NTU0MTI6MTA=", "call_id": "MToxMDAwOjEyMzQ=", "timestamp": ts, "seq": seq,
            "call_state": state, "location": location,
            "from": {"number": "73511234567"}, "to": {"extension": ext, "number": "sip:201@vpbx", "line_number":
                                                      "74951234567"}}


def test_mango_sign_is_checked():
    fields = mango_fields({"entry_id": "x"})
    assert verify_mango(fields, KEY, SALT) == {"entry_id": "x"}
    with pytest.raises(WebhookRejected, match="bad signature"):
        verify_mango({**fields, "json": json.dumps({"entry_id": "y"})}, KEY, SALT)
    with pytest.raises(WebhookRejected, match="another API key"):
        verify_mango(mango_fields({"entry_id": "x"}, key="other"), KEY, SALT)
    receiver = WebhookReceiver(lambda u: None, mango_key=KEY, mango_salt=SALT)
    bad = mango_fields({"entry_id": "x"}, salt="wrong")
    assert receiver.handle("POST", "/mango/events/call", {}, urlencode(bad).encode()).status == 403


def test_mango_events_out_of_order_are_applied_in_seq_order():
    t0 = 1709283600
    in_order = [mango_event(1, "Appeared", t0), mango_event(2, "Connected", t0 + 8),
                mango_event(3, "Disconnected", t0 + 98)]
    expected = MangoCalls()
    want = [u for e in in_order for u in expected.handle_call_event(e)]
    shuffled = MangoCalls()
    got = []
    for event in (in_order[2], in_order[0], in_order[1], in_order[0]):  # last one is a duplicate
        got += shuffled.handle_call_event(event)
    assert got == want
    final = got[-1]
    assert (final.direction, final.caller, final.called, final.answered_by, final.status) == (
        "inbound", "73511234567", "74951234567", "201", "ended")
    assert (final.ring_seconds, final.talk_seconds) == (8, 90)


def test_a_missing_mango_event_is_waited_for_a_while_then_skipped():
    clock = Clock()
    calls = MangoCalls(hold_seconds=5, clock=clock)
    t0 = 1709283600
    assert calls.handle_call_event(mango_event(1, "Appeared", t0))
    assert calls.handle_call_event(mango_event(3, "Disconnected", t0 + 20)) == []
    assert calls.flush() == []
    clock.advance(6)
    (update,) = calls.flush()
    assert update.status == "missed"


def test_mango_summary_settles_the_outcome():
    calls = MangoCalls()
    calls.handle_call_event(mango_event(1, "Appeared", 1709283600))
    (update,) = calls.handle_summary({"entry_id": "MjE0NTU0MTI6MTA=", "call_direction": 1, "entry_result": 0,
                                      "create_time": 1709283600, "end_time": 1709283625, "talk_time": 0,
                                      "from": {"number": "73511234567"}, "to": {"extension": "201"},
                                      "line_number": "74951234567"})
    assert (update.status, update.ring_seconds, update.extensions_rung) == ("missed", 25, ("201",))


def test_the_http_server_answers_on_loopback(caplog):
    caplog.set_level(logging.WARNING)

    async def scenario():
        updates = []
        server = await serve_webhooks(WebhookReceiver(updates.append, zadarma_secret=SECRET), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]

        async def request(raw: bytes) -> bytes:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(raw)
            await writer.drain()
            answer = await reader.read()
            writer.close()
            return answer

        headers, body = zadarma_post(START)
        good = await request(b"POST /zadarma HTTP/1.1\r\nHost: x\r\nSignature: " + headers["Signature"].encode()
                             + b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
        forged = await request(b"POST /zadarma HTTP/1.1\r\nSignature: Zm9yZ2Vk\r\nContent-Length: "
                               + str(len(body)).encode() + b"\r\n\r\n" + body)
        echo = await request(b"GET /zadarma?zd_echo=ping42 HTTP/1.1\r\n\r\n")
        server.close()
        await server.wait_closed()
        return good, forged, echo, updates

    good, forged, echo, updates = run(scenario())
    assert good.startswith(b"HTTP/1.1 200 OK")
    assert forged.startswith(b"HTTP/1.1 403 Forbidden")
    assert echo.startswith(b"HTTP/1.1 200") and echo.endswith(b"\r\n\r\nping42")
    assert [u.status for u in updates] == ["ringing"]

"""The AMI client against the simulator and small fake servers on 127.0.0.1."""

import asyncio
import random
import time

import pytest

from telephony.ami import AmiClient, AmiConnection, AmiLoginFailed, originate_once
from telephony.ami_protocol import Frame, FrameParser
from telephony.calls_fsm import CallTracker
from telephony.config import AmiConfig
from telephony.scenarios import ScenarioBuilder
from telephony.simulator import AmiSimulator
from tests.telephony.helpers import closed_port, run, until


def config(port: int, **kw) -> AmiConfig:
    fast = dict(secret="secret", ping_interval=0.2, ping_timeout=0.3, backoff_initial=0.02, backoff_max=0.1,
                fully_booted_timeout=2.0, connect_timeout=2.0)
    fast.update(kw)
    return AmiConfig(port=port, **fast)


async def fake_pbx(handler) -> tuple[asyncio.Server, int]:
    """A server running ``handler(frame, writer, state)`` for each action it receives."""
    async def serve(reader, writer):
        writer.write(b"Asterisk Call Manager/5.0.1\r\n")
        parser, state = FrameParser(), {}
        while data := await reader.read(4096):
            for frame in parser.feed(data):
                await handler(frame, writer, state)

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def respond(writer, frame: Frame, response: str = "Success", *pairs) -> None:
    writer.write(Frame([("Response", response), ("ActionID", frame.action_id or ""), *pairs]).encode())


def test_events_of_a_played_call_reach_the_handler_and_fold_into_the_call():
    async def scenario():
        sim = AmiSimulator(speed=500)
        port = await sim.start()
        tracker, finals, stop = CallTracker(), [], asyncio.Event()

        def on_event(frame, received_at):
            finals.extend(u for u in tracker.feed(frame, received_at) if u.final)

        client = AmiClient(config(port), on_status=lambda _m: None)
        task = asyncio.create_task(client.run(on_event, stop))
        await sim.wait_for_login()
        await sim.play(sim.builder.answered("+73511234567", time.time(), ring=7, talk=95))
        await until(lambda: bool(finals))
        stop.set()
        await task
        await sim.close()
        return finals, [f.text("Action") for f in sim.actions]

    finals, actions = run(scenario())
    (call,) = finals
    assert (call.direction, call.caller, call.answered_by, call.status) == ("inbound", "+73511234567", "201", "ended")
    assert (call.ring_seconds, call.talk_seconds) == (7, 95)
    assert actions[0] == "Login" and actions[-1] == "Logoff"


def test_no_action_is_sent_before_fully_booted():
    async def scenario():
        log = []

        async def handler(frame, writer, state):
            log.append((frame.text("Action"), state.get("booted", False)))
            if frame.text("Action") == "Login":
                respond(writer, frame, "Success", ("Message", "Authentication accepted"))
                await asyncio.sleep(0.2)  # still starting modules
                state["booted"] = True
                writer.write(Frame.of(("Event", "FullyBooted"), ("Status", "Fully Booted")).encode())
            elif frame.text("Action") == "CoreShowChannels":
                respond(writer, frame, "Success", ("EventList", "start"))
                writer.write(Frame.of(("Event", "CoreShowChannelsComplete"), ("ActionID", frame.action_id),
                                      ("EventList", "Complete"), ("ListItems", "0")).encode())
            else:
                respond(writer, frame)

        server, port = await fake_pbx(handler)
        conn = await AmiConnection.open(config(port))
        listed = await conn.send_action("CoreShowChannels", collect_list=True)
        await conn.close()
        server.close()
        return log, listed

    log, listed = run(scenario())
    assert log[0] == ("Login", False)
    assert all(booted for action, booted in log[1:]), log
    assert listed.success and listed.events == ()


def test_a_pbx_that_stops_answering_pings_is_dropped_and_reconnected():
    async def scenario():
        logins = []

        async def handler(frame, writer, state):
            if frame.text("Action") == "Login":
                logins.append(time.monotonic())
                respond(writer, frame, "Success")
                writer.write(Frame.of(("Event", "FullyBooted")).encode())
            # Ping: silence, as from a PBX whose TCP connection went dead without a FIN

        server, port = await fake_pbx(handler)
        statuses, stop = [], asyncio.Event()
        task = asyncio.create_task(AmiClient(config(port), on_status=statuses.append).run(lambda f, t: None, stop))
        await until(lambda: len(logins) >= 2)
        stop.set()
        await task
        server.close()
        return port, statuses

    port, statuses = run(scenario())
    assert any(s.startswith(f"PBX 127.0.0.1:{port} connection lost: no reply to Ping within 0.3 s; reconnecting in")
               for s in statuses), statuses


def test_an_unreachable_pbx_is_reported_and_retried_with_growing_delays():
    async def scenario():
        port = closed_port()
        statuses, stop = [], asyncio.Event()
        client = AmiClient(config(port, backoff_initial=0.01, backoff_max=0.05), on_status=statuses.append)
        task = asyncio.create_task(client.run(lambda f, t: None, stop))
        await until(lambda: len(statuses) >= 3)
        stop.set()
        await task
        return port, statuses

    port, statuses = run(scenario())
    assert statuses[0].startswith(f"PBX 127.0.0.1:{port} unreachable: connection refused; retrying in ")


def test_backoff_doubles_with_jitter_and_is_capped():
    client = AmiClient(AmiConfig(backoff_initial=1, backoff_max=60), rng=random.Random(7))
    delays = [client.backoff(n) for n in range(10)]
    for n, delay in enumerate(delays):
        ceiling = min(60, 2 ** n)
        assert ceiling / 2 <= delay <= ceiling
    assert max(delays) <= 60


def test_a_wrong_secret_is_reported_as_a_refused_login():
    async def scenario():
        sim = AmiSimulator()
        port = await sim.start()
        with pytest.raises(AmiLoginFailed, match="Authentication failed"):
            await AmiConnection.open(config(port, secret="wrong"))
        statuses, stop = [], asyncio.Event()
        task = asyncio.create_task(AmiClient(config(port, secret="wrong"), on_status=statuses.append)
                                   .run(lambda f, t: None, stop))
        await until(lambda: bool(statuses))
        stop.set()
        await task
        await sim.close()
        return statuses

    assert "login as fielddesk refused (Authentication failed)" in run(scenario())[0]


def test_click_to_call_originates_from_the_users_extension_and_gives_an_outbound_call():
    async def scenario():
        sim = AmiSimulator(speed=200, builder=ScenarioBuilder(epoch=time.time()))
        port = await sim.start()
        tracker, finals, stop = CallTracker(), [], asyncio.Event()
        client = AmiClient(config(port, originate_context="from-internal"), on_status=lambda _m: None)
        task = asyncio.create_task(client.run(
            lambda f, t: finals.extend(u for u in tracker.feed(f, t) if u.final), stop))
        await sim.wait_for_login()
        await until(lambda: client.connection is not None)
        response = await client.originate("201", "+7 (900) 123-45-67")
        await until(lambda: bool(finals))
        with pytest.raises(ValueError):
            await client.originate("201\r\nAction: Command", "79001234567")
        with pytest.raises(ValueError):
            await client.originate("201", "call me")
        stop.set()
        await task
        again = await originate_once(config(port), "202", "79005556677")
        await sim.close()
        return response, finals, [f for f in sim.actions if f.text("Action") == "Originate"], again

    response, finals, originates, again = run(scenario())
    assert response.success and again.success
    first = originates[0]
    assert (first.get("Channel"), first.get("Context"), first.get("Exten"), first.get("Async")) == (
        "PJSIP/201", "from-internal", "+79001234567", "true")
    assert [f.get("Channel") for f in originates] == ["PJSIP/201", "PJSIP/202"]
    (call,) = finals[:1]
    assert (call.direction, call.caller, call.called, call.status) == ("outbound", "201", "+79001234567", "ended")

"""A small AMI server that plays realistic calls, for demos and tests (``main.py simulate-calls``).

It greets like Asterisk, checks the login, sends FullyBooted, answers Ping, CoreShowChannels (from the
channels its own events created) and Originate (by playing an outbound call from that extension), and
broadcasts the events of each scenario to every logged-in client, as Asterisk does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import signal
import sys
import time
from collections.abc import Callable, Sequence

from telephony.ami_protocol import Frame, FrameParser
from telephony.scenarios import SCENARIOS, ScenarioBuilder, Timed

log = logging.getLogger(__name__)
BANNER = "Asterisk Call Manager/5.0.1"
DEMO_NUMBERS = ("+73512401122", "+79085553311", "+79227001234", "83517290045", "+79193334455")


class _Session:
    def __init__(self, writer: asyncio.StreamWriter):
        self.writer = writer
        self.logged_in = False

    def send(self, frame: Frame) -> None:
        if not self.writer.is_closing():
            self.writer.write(frame.encode())


class AmiSimulator:
    """The server; ``port=0`` picks a free port (read it from ``port`` after ``start``)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, username: str = "fielddesk", secret: str = "secret",
                 *, builder: ScenarioBuilder | None = None, speed: float = 1.0):
        self.host, self.port = host, port
        self.username, self.secret = username, secret
        self.builder = builder or ScenarioBuilder(epoch=time.time())
        self.speed = speed
        self.live: dict[str, Frame] = {}  # Uniqueid → latest channel snapshot, for CoreShowChannels
        self.actions: list[Frame] = []
        self._sessions: set[_Session] = set()
        self._logged_in = asyncio.Condition()
        self._server: asyncio.Server | None = None
        self._plays: set[asyncio.Task[None]] = set()
        self._handlers: set[asyncio.Task[None]] = set()
        self._logins = 0

    async def start(self) -> int:
        """Start listening; returns the port."""
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        """Stop the calls being played, cut the clients and stop listening."""
        for task in list(self._plays):
            task.cancel()
        self.drop_clients()
        if self._server is not None:
            self._server.close()
        if self._handlers:  # let each session see its connection end rather than be cancelled mid-read
            await asyncio.wait(set(self._handlers), timeout=2.0)
        if self._server is not None:
            await self._server.wait_closed()

    @property
    def logins(self) -> int:
        """How many successful logins so far (a reconnecting client logs in again)."""
        return self._logins

    async def wait_for_login(self, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until ``count`` logins have happened in total."""
        async with self._logged_in:
            await asyncio.wait_for(self._logged_in.wait_for(lambda: self._logins >= count), timeout)

    def drop_clients(self) -> None:
        """Cut every connection at once, as a PBX restart or a network failure would."""
        for session in list(self._sessions):
            transport = session.writer.transport
            transport.abort()
        self._sessions.clear()

    def broadcast(self, frame: Frame) -> None:
        """Send an event to every logged-in client and keep the live channel list up to date."""
        self._track(frame)
        for session in list(self._sessions):
            if session.logged_in:
                session.send(frame)

    async def play(self, events: Sequence[Timed], *, stop_after: int | None = None) -> int:
        """Broadcast events at their times (divided by ``speed``); stop after ``stop_after`` events if given.

        Returns how many were sent, so a test can play the rest later with ``play(events[sent:])``.
        """
        start, base = time.monotonic(), events[0][0] if events else 0.0
        sent = 0
        for offset, frame in events:
            if stop_after is not None and sent >= stop_after:
                break
            delay = (offset - base) / self.speed - (time.monotonic() - start)
            if delay > 0:
                await asyncio.sleep(delay)
            self.broadcast(frame)
            sent += 1
        return sent

    def _track(self, frame: Frame) -> None:
        uid, event = frame.text("Uniqueid"), (frame.event or "").lower()
        if not uid or event not in ("newchannel", "newstate", "newexten", "bridgeenter", "bridgeleave", "hangup"):
            return
        previous = self.live.get(uid)
        if event == "hangup" or (previous is None and event != "newchannel"):
            self.live.pop(uid, None)
            return
        bridge = previous.text("BridgeId") if previous else ""
        if event == "bridgeenter":
            bridge = frame.text("BridgeUniqueid")
        elif event == "bridgeleave":
            bridge = ""
        created = previous.text("Created") if previous else f"{time.time():.0f}"
        keys = ("Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName", "ConnectedLineNum",
                "ConnectedLineName", "Context", "Exten", "Priority", "Uniqueid", "Linkedid")
        self.live[uid] = Frame([*((k, frame.text(k)) for k in keys), ("BridgeId", bridge), ("Created", created)])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = _Session(writer)
        self._sessions.add(session)
        handler = asyncio.current_task()
        if handler is not None:
            self._handlers.add(handler)
            handler.add_done_callback(self._handlers.discard)
        writer.write(f"{BANNER}\r\n".encode())
        parser = FrameParser()
        try:
            while data := await reader.read(65536):
                for frame in parser.feed(data):
                    if not await self._action(session, frame):
                        return
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._sessions.discard(session)
            with contextlib.suppress(Exception):
                writer.close()

    async def _action(self, session: _Session, frame: Frame) -> bool:
        """Answer one action; False ends the session."""
        action, action_id = frame.text("Action").lower(), frame.text("ActionID")
        self.actions.append(frame)

        def reply(response: str, *pairs: tuple[str, str]) -> None:
            """Send a response to this action."""
            session.send(Frame([("Response", response), ("ActionID", action_id), *pairs]))

        if action == "login":
            if frame.text("Username") != self.username or frame.text("Secret") != self.secret:
                reply("Error", ("Message", "Authentication failed"))
                return False
            reply("Success", ("Message", "Authentication accepted"))
            session.send(Frame([("Event", "FullyBooted"), ("Privilege", "system,all"), ("Uptime", "3600"),
                                ("LastReload", "3600"), ("Status", "Fully Booted")]))
            session.logged_in = True
            async with self._logged_in:
                self._logins += 1
                self._logged_in.notify_all()
        elif not session.logged_in:
            reply("Error", ("Message", "Permission denied"))
        elif action == "ping":
            reply("Success", ("Ping", "Pong"), ("Timestamp", f"{time.time():.6f}"))
        elif action == "coreshowchannels":
            self._show_channels(session, action_id)
        elif action == "originate":
            self._originate(frame, reply)
        elif action == "logoff":
            reply("Goodbye", ("Message", "Thanks for all the fish."))
            return False
        else:
            reply("Error", ("Message", "Invalid/unknown command"))
        return True

    def _show_channels(self, session: _Session, action_id: str) -> None:
        session.send(Frame([("Response", "Success"), ("ActionID", action_id), ("EventList", "start"),
                            ("Message", "Channels will follow")]))
        now = time.time()
        for snapshot in self.live.values():
            seconds = max(0, int(now - float(snapshot.text("Created") or now)))
            duration = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
            pairs = [(k, v) for k, v in snapshot.pairs if k != "Created"]
            session.send(Frame([("Event", "CoreShowChannel"), ("ActionID", action_id), *pairs,
                                ("Application", "Dial"), ("ApplicationData", ""), ("Duration", duration),
                                ("AccountCode", "")]))
        session.send(Frame([("Event", "CoreShowChannelsComplete"), ("ActionID", action_id),
                            ("EventList", "Complete"), ("ListItems", str(len(self.live)))]))

    def _originate(self, frame: Frame, reply: Callable[..., None]) -> None:
        channel, number = frame.text("Channel"), frame.text("Exten")
        extension = channel.split("/", 1)[-1]
        if not number or not extension:
            reply("Error", ("Message", "Originate failed"))
            return
        reply("Success", ("Message", "Originate successfully queued"))
        events = self.builder.outbound(number, time.time(), ext=extension, ring=6, talk=20)
        self.spawn(events)

    @property
    def playing(self) -> set[asyncio.Task[None]]:
        """The calls being played right now."""
        return set(self._plays)

    def spawn(self, events: Sequence[Timed]) -> None:
        """Play a call in the background (calls overlap, as on a real PBX)."""
        task: asyncio.Task[None] = asyncio.create_task(self._play_quietly(events))
        self._plays.add(task)
        task.add_done_callback(self._plays.discard)

    async def _play_quietly(self, events: Sequence[Timed]) -> None:
        await self.play(events)


async def run_simulator(host: str = "127.0.0.1", port: int = 5038, user: str = "fielddesk", secret: str = "secret",
                        *, scenarios: Sequence[str] = SCENARIOS, rate: float = 4.0, count: int | None = None,
                        numbers: Sequence[str] | None = None, speed: float = 1.0,
                        stop: asyncio.Event | None = None) -> int:
    """Serve AMI on ``host:port`` and start a new call every ``60 / rate`` seconds, cycling ``scenarios``.

    Callers are drawn from ``numbers`` (pass real client numbers to ring the call pane with them); ``count``
    calls are played (None: until stopped); ``speed`` > 1 plays each call faster than real time.
    """
    unknown = sorted(set(scenarios) - set(SCENARIOS))
    if unknown:
        raise ValueError(f"unknown scenarios {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    sim = AmiSimulator(host, port, user, secret, speed=speed)
    await sim.start()
    log.info("AMI simulator listening on %s:%d (user %s); waiting for a client to log in", host, sim.port, user)
    stop = stop or asyncio.Event()
    pool = list(numbers or DEMO_NUMBERS)
    rng = random.Random()
    try:
        waiter = asyncio.create_task(sim.wait_for_login(timeout=1e9))
        await asyncio.wait({waiter, asyncio.create_task(stop.wait())}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        for played, name in enumerate(itertools.cycle(scenarios)):
            if stop.is_set() or (count is not None and played >= count):
                break
            number = rng.choice(pool)
            number = number.lstrip("+") if name == "outbound" else number
            events = sim.builder.build(name, number, time.time())
            log.info("playing %s call with %s", name, number)
            sim.spawn(events)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 60.0 / rate)
        while sim.playing and not stop.is_set():
            await asyncio.wait(sim.playing, timeout=1.0)
    finally:
        await sim.close()
    return 0


def simulate_calls_command(host: str = "127.0.0.1", port: int = 5038, user: str = "fielddesk",
                           secret: str = "secret", *, scenarios: Sequence[str] = SCENARIOS, rate: float = 4.0,
                           count: int | None = None, numbers: Sequence[str] | None = None,
                           speed: float = 1.0) -> int:
    """``main.py simulate-calls``: run the simulator until ``count`` calls are played or Ctrl+C."""

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        return await run_simulator(host, port, user, secret, scenarios=scenarios, rate=rate, count=count,
                                   numbers=numbers, speed=speed, stop=stop)

    try:
        return asyncio.run(main())
    except (ValueError, OSError) as exc:
        print(f"fielddesk simulate-calls: {exc}", file=sys.stderr)
        return 2

"""An asyncio Asterisk Manager Interface client: one session (AmiConnection) and a reconnecting supervisor.

A session reads the banner, logs in, waits for ``FullyBooted`` before any other action, then delivers every
event to a callback while actions get their responses matched by ``ActionID``. The supervisor (AmiClient)
keeps a session up: a ``Ping`` every ``ping_interval`` seconds, the session declared dead when the reply
does not come within ``ping_timeout``, and reconnection with exponential backoff and jitter, capped.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import re
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from telephony.ami_protocol import Frame, FrameParser, build_action
from telephony.config import AmiConfig

log = logging.getLogger(__name__)

EventHandler = Callable[[Frame, datetime], None]
_EXTENSION = re.compile(r"^[A-Za-z0-9_.\-]+$")


class AmiError(Exception):
    """Something went wrong talking to the PBX; the message says what."""


class AmiLoginFailed(AmiError):
    """The PBX refused the user name or secret."""


class AmiConnectionLost(AmiError):
    """The session is gone (closed by the PBX, reset, or silent past the ping timeout)."""


class AmiNotConnected(AmiError):
    """There is no session to send an action on right now."""


@dataclass(frozen=True)
class AmiResponse:
    """The response to an action, with the events of its list for list actions (``CoreShowChannels``)."""

    frame: Frame
    events: tuple[Frame, ...] = ()

    @property
    def success(self) -> bool:
        return (self.frame.response or "").lower() in ("success", "goodbye", "follows")

    @property
    def message(self) -> str:
        return self.frame.text("Message")


def utc_now() -> datetime:
    return datetime.now(UTC)


class AmiConnection:
    """One logged-in AMI session; open it with :meth:`open`."""

    def __init__(self, config: AmiConfig, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 on_event: EventHandler | None):
        self.config = config
        self.banner: str | None = None
        self._reader, self._writer = reader, writer
        self._on_event = on_event
        self._parser = FrameParser()
        self._ids = itertools.count(1)
        self._pending: dict[str, asyncio.Future[Frame]] = {}
        self._lists: dict[str, list[Frame]] = {}
        self._list_done: dict[str, asyncio.Future[None]] = {}
        self._booted = asyncio.Event()
        self._read_task = asyncio.create_task(self._read_loop(), name="ami-reader")

    @classmethod
    async def open(cls, config: AmiConfig, on_event: EventHandler | None = None) -> AmiConnection:
        """Connect, log in and wait for FullyBooted (or ``fully_booted_timeout``, for PBXs that never send it)."""
        reader, writer = await asyncio.wait_for(asyncio.open_connection(config.host, config.port),
                                                config.connect_timeout)
        conn = cls(config, reader, writer, on_event)
        try:
            response = await conn.send_action(
                "Login", [("Username", config.username), ("Secret", config.secret), ("Events", "on")],
                timeout=config.login_timeout)
            if not response.success:
                raise AmiLoginFailed(response.message or "login refused")
            try:
                await asyncio.wait_for(conn._booted.wait(), config.fully_booted_timeout)
            except TimeoutError:
                log.info("PBX %s sent no FullyBooted within %g s; going on", config.address,
                         config.fully_booted_timeout)
        except BaseException:
            await conn.close(logoff=False)
            raise
        return conn

    @property
    def closed(self) -> bool:
        return self._read_task.done()

    async def wait_closed(self) -> str:
        """Wait until the session ends; returns why."""
        return await asyncio.shield(self._read_task)

    async def send_action(self, action: str, fields: Mapping[str, str] | Iterable[tuple[str, str]] = (), *,
                          timeout: float | None = 10.0, collect_list: bool = False) -> AmiResponse:
        """Send an action and wait for its response (and, with ``collect_list``, for its event list)."""
        if self.closed:
            raise AmiNotConnected("the AMI session is closed")
        action_id = f"fd-{next(self._ids)}"
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Frame] = loop.create_future()
        self._pending[action_id] = future
        if collect_list:
            self._lists[action_id] = []
            self._list_done[action_id] = loop.create_future()
        try:
            self._writer.write(build_action(action, fields, action_id))
            await self._writer.drain()
            frame = await asyncio.wait_for(future, timeout)
            events: tuple[Frame, ...] = ()
            if collect_list and (frame.response or "").lower() == "success":
                await asyncio.wait_for(self._list_done[action_id], timeout)
                events = tuple(self._lists[action_id])
            return AmiResponse(frame, events)
        except TimeoutError:
            raise
        except (ConnectionError, OSError) as exc:
            raise AmiConnectionLost(str(exc) or "connection lost") from exc
        finally:
            self._pending.pop(action_id, None)
            self._lists.pop(action_id, None)
            self._list_done.pop(action_id, None)

    async def originate(self, extension: str, number: str, *, context: str | None = None,
                        ring_seconds: int = 30, caller_id: str | None = None) -> AmiResponse:
        """Click-to-call: ring ``extension`` (``PJSIP/201``), and once it answers dial ``number`` from ``context``.

        Raises ValueError for an extension or number that cannot be dialled, AmiError when the PBX refuses.
        """
        if not _EXTENSION.match(extension or ""):
            raise ValueError(f"{extension!r} is not an extension")
        digits = re.sub(r"[^\d+*#]", "", number or "")
        if sum(c.isdigit() for c in digits) < 2:
            raise ValueError(f"{number!r} is not a number that can be dialled")
        fields = [
            ("Channel", self.config.originate_channel.format(extension=extension)),
            ("Context", context or self.config.originate_context),
            ("Exten", digits), ("Priority", "1"),
            ("CallerID", caller_id or f'"{digits}" <{digits}>'),
            ("Timeout", str(ring_seconds * 1000)), ("Async", "true"),
            ("Variable", f"FIELDDESK_DIALLED={digits}"),
        ]
        response = await self.send_action("Originate", fields)
        if not response.success:
            raise AmiError(f"the PBX refused to call {digits} from {extension}: {response.message or 'no reason'}")
        return response

    async def close(self, *, logoff: bool = True) -> None:
        """Log off (when asked and still connected) and close the socket."""
        if logoff and not self.closed:
            with contextlib.suppress(AmiError, TimeoutError, OSError):
                await self.send_action("Logoff", timeout=2.0)
        self._writer.close()
        with contextlib.suppress(OSError, ConnectionError):
            await self._writer.wait_closed()
        if not self._read_task.done():
            self._read_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._read_task

    async def _read_loop(self) -> str:
        reason = "connection closed by the PBX"
        try:
            while True:
                data = await self._reader.read(65536)
                if not data:
                    break
                for frame in self._parser.feed(data):
                    self._dispatch(frame)
                self.banner = self.banner or self._parser.banner
        except (ConnectionError, OSError) as exc:
            reason = describe_error(exc, self.config)
        finally:
            for future in (*self._pending.values(), *self._list_done.values()):
                if not future.done():
                    future.set_exception(AmiConnectionLost(reason))
        return reason

    def _dispatch(self, frame: Frame) -> None:
        action_id = frame.action_id
        if frame.response is not None:
            future = self._pending.get(action_id or "")
            if future is not None and not future.done():
                future.set_result(frame)
            return
        if action_id and action_id in self._lists:
            if frame.text("EventList").lower() == "complete":
                done = self._list_done[action_id]
                if not done.done():
                    done.set_result(None)
            else:
                self._lists[action_id].append(frame)
            return
        if (frame.event or "").lower() == "fullybooted":
            self._booted.set()
            return
        if self._on_event is not None and frame.event is not None:
            try:
                self._on_event(frame, utc_now())
            except Exception:
                log.exception("AMI event handler failed on %s", frame.name)


def describe_error(exc: BaseException, config: AmiConfig) -> str:
    """A short reason for a status line: ``connection refused``, ``no answer within 5 s``, …"""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return f"no answer within {config.connect_timeout:g} s"
    if isinstance(exc, socket.gaierror):
        return f"unknown host {config.host}"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, AmiError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


class AmiClient:
    """Keeps one AMI session alive for as long as it runs, reporting its state in plain sentences."""

    def __init__(self, config: AmiConfig, *, on_status: Callable[[str], None] | None = None,
                 on_state: Callable[[str, str], None] | None = None, rng: random.Random | None = None):
        self.config = config
        self.connection: AmiConnection | None = None
        self._on_status = on_status or (lambda message: log.warning("%s", message))
        self._on_state = on_state or (lambda state, message: None)
        self._rng = rng or random.Random()

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before reconnection ``attempt`` (0-based): doubling, half of it random, capped."""
        ceiling = min(self.config.backoff_max, self.config.backoff_initial * (2 ** min(attempt, 30)))
        return min(self.config.backoff_max, ceiling / 2 + self._rng.uniform(0, ceiling / 2))

    async def run(self, on_event: EventHandler, stop: asyncio.Event, *,
                  on_connected: Callable[[AmiConnection], Awaitable[None]] | None = None) -> None:
        """Deliver events to ``on_event`` until ``stop`` is set; ``on_connected`` runs after each login."""
        address, attempt = self.config.address, 0
        while not stop.is_set():
            lost = None
            try:
                conn = await AmiConnection.open(self.config, on_event)
            except AmiLoginFailed as exc:
                reason, attempt = f"login as {self.config.username} refused ({exc})", max(attempt, 30)
            except (OSError, TimeoutError, AmiError) as exc:
                reason = describe_error(exc, self.config)
            else:
                attempt = 0
                message = f"PBX {address} connected as {self.config.username}"
                self._on_status(message)
                self._on_state("online", message)
                lost = await self._serve(conn, stop, on_connected)
                if lost is None:
                    return
            delay = self.backoff(attempt)
            attempt += 1
            shown = f"{delay:.0f}" if delay >= 1 else f"{delay:.1f}"
            if lost is not None:
                message = f"PBX {address} connection lost: {lost}; reconnecting in {shown} s"
            else:
                message = f"PBX {address} unreachable: {reason}; retrying in {shown} s"
            self._on_status(message)
            self._on_state("offline", message)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)

    async def originate(self, extension: str, number: str, *, context: str | None = None,
                        ring_seconds: int = 30) -> AmiResponse:
        """Click-to-call on the running session; AmiNotConnected while the PBX is unreachable."""
        if self.connection is None or self.connection.closed:
            raise AmiNotConnected(f"PBX {self.config.address} is not connected")
        return await self.connection.originate(extension, number, context=context, ring_seconds=ring_seconds)

    async def _serve(self, conn: AmiConnection, stop: asyncio.Event,
                     on_connected: Callable[[AmiConnection], Awaitable[None]] | None) -> str | None:
        self.connection = conn
        closed = asyncio.create_task(conn.wait_closed())
        pinger = asyncio.create_task(self._ping_loop(conn))
        stopper = asyncio.create_task(stop.wait())
        setup = asyncio.create_task(on_connected(conn)) if on_connected else None
        try:
            done, _ = await asyncio.wait({closed, pinger, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (closed, pinger, stopper, setup):
                if task is not None and not task.done():
                    task.cancel()
            self.connection = None
        if setup is not None and setup.done() and not setup.cancelled() and setup.exception():
            log.warning("setting up the AMI session failed: %s", setup.exception())
        if stopper in done:
            await conn.close(logoff=True)
            return None
        reason = closed.result() if closed in done else describe_error(pinger.exception(), self.config)
        await conn.close(logoff=False)
        return reason

    async def _ping_loop(self, conn: AmiConnection) -> None:
        while True:
            await asyncio.sleep(self.config.ping_interval)
            try:
                await conn.send_action("Ping", timeout=self.config.ping_timeout)
            except TimeoutError:
                raise AmiConnectionLost(f"no reply to Ping within {self.config.ping_timeout:g} s") from None


async def originate_once(config: AmiConfig, extension: str, number: str) -> AmiResponse:
    """Open a session, place one click-to-call, log off: for a desktop that has no session of its own."""
    conn = await AmiConnection.open(config)
    try:
        return await conn.originate(extension, number)
    finally:
        await conn.close()

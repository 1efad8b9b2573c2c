"""Shared helpers of the telephony tests: transcripts, loopback ports, running coroutines with a deadline."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from telephony.ami_protocol import Frame, parse_stream

TRANSCRIPTS = Path(__file__).parent / "transcripts"
T = TypeVar("T")


def transcript_frames(name: str) -> list[Frame]:
    """The frames of ``transcripts/<name>.ami``."""
    _banner, frames = parse_stream((TRANSCRIPTS / f"{name}.ami").read_bytes())
    return frames


def run(coro: Awaitable[T], timeout: float = 30.0) -> T:
    """Run a coroutine on a fresh loop, failing the test instead of hanging past ``timeout``."""
    return asyncio.run(asyncio.wait_for(coro, timeout))  # type: ignore[arg-type]


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def until(condition: Callable[[], bool], timeout: float = 10.0, step: float = 0.01) -> None:
    """Poll ``condition`` until it holds (the test fails with TimeoutError if it never does)."""
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(step)

    await asyncio.wait_for(poll(), timeout)

"""The Asterisk Manager Interface wire format: frames of ``Key: value`` lines ended by a blank line.

Asterisk ends lines with CRLF; captures and some proxies use bare LF, so both are accepted. A frame is an
event, a response, or (to a server) an action; anything else is skipped. Keys may repeat
(``Variable``, ``ChanVariable``), so a frame keeps every pair in order. A frame that is garbage, too long or
cut short is logged and skipped; the stream goes on with the next frame.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime

log = logging.getLogger(__name__)

_KEY = re.compile(r"^[A-Za-z0-9_\-.()/]+$")
MAX_FRAME_BYTES = 256 * 1024


class Frame:
    """One AMI message (an event, a response or an action): ordered pairs with case-insensitive lookup."""

    __slots__ = ("_index", "pairs")

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self.pairs: tuple[tuple[str, str], ...] = tuple(pairs)
        index: dict[str, list[str]] = {}
        for key, value in self.pairs:
            index.setdefault(key.lower(), []).append(value)
        self._index = index

    @classmethod
    def of(cls, *pairs: tuple[str, str], **fields: str) -> Frame:
        """Build a frame from pairs and keyword fields (keywords keep their spelling)."""
        return cls([*pairs, *fields.items()])

    def get(self, key: str, default: str | None = None) -> str | None:
        """The first value of ``key`` (any case), or ``default``."""
        values = self._index.get(key.lower())
        return values[0] if values else default

    def text(self, key: str) -> str:
        """The first value of ``key`` stripped, or an empty string."""
        return (self.get(key) or "").strip()

    def get_all(self, key: str) -> list[str]:
        """Every value of a repeated key, in order."""
        return list(self._index.get(key.lower(), ()))

    def variables(self, key: str = "Variable") -> dict[str, str]:
        """``name=value`` pairs of a repeated key such as ``Variable`` or ``ChanVariable``."""
        result: dict[str, str] = {}
        for item in self.get_all(key):
            name, sep, value = item.partition("=")
            if sep:
                result[name.strip()] = value
        return result

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._index

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Frame) and self.pairs == other.pairs

    def __hash__(self) -> int:
        return hash(self.pairs)

    def __repr__(self) -> str:
        head = self.name or "?"
        return f"Frame({head}, {len(self.pairs)} fields)"

    @property
    def event(self) -> str | None:
        return self.get("Event")

    @property
    def response(self) -> str | None:
        return self.get("Response")

    @property
    def action_id(self) -> str | None:
        return self.get("ActionID")

    @property
    def name(self) -> str | None:
        """The event name, or ``Response:<value>`` for a response."""
        if self.event is not None:
            return self.event
        return f"Response:{self.response}" if self.response is not None else None

    @property
    def timestamp(self) -> datetime | None:
        """The ``Timestamp`` header Asterisk adds with ``timestampevents=yes``, as an aware UTC datetime."""
        raw = self.get("Timestamp")
        if not raw:
            return None
        try:
            return datetime.fromtimestamp(float(raw), UTC)
        except (ValueError, OverflowError, OSError):
            return None

    def encode(self) -> bytes:
        """The frame on the wire: CRLF lines and a blank line."""
        return "".join(f"{key}: {value}\r\n" for key, value in self.pairs).encode() + b"\r\n"


class FrameParser:
    """Incremental parser: feed it bytes as they arrive, get complete frames back.

    ``banner`` holds the greeting line (``Asterisk Call Manager/5.0.1``) once seen; ``skipped`` counts the
    frames dropped as garbage, so a caller or a test can see that the stream went on.
    """

    def __init__(self, *, max_frame_bytes: int = MAX_FRAME_BYTES):
        self.banner: str | None = None
        self.skipped = 0
        self._max = max_frame_bytes
        self._partial = bytearray()
        self._lines: list[str] = []
        self._size = 0
        self._oversized = False
        self._seen_any_line = False

    def feed(self, data: bytes) -> list[Frame]:
        """Consume ``data`` and return the frames it completes."""
        frames: list[Frame] = []
        self._partial.extend(data)
        while True:
            end = self._partial.find(b"\n")
            if end < 0:
                break
            raw = bytes(self._partial[:end])
            del self._partial[: end + 1]
            self._line(raw.rstrip(b"\r").decode("utf-8", errors="replace"), frames)
        if len(self._partial) > self._max:
            log.warning("AMI stream: dropping %d bytes without a line break", len(self._partial))
            self._partial.clear()
            self._oversized = True
        return frames

    def close(self, *, accept_unterminated: bool = False) -> list[Frame]:
        """End of stream: a frame cut short is logged and dropped, unless ``accept_unterminated`` (a capture
        file whose last frame lacks the closing blank line)."""
        frames: list[Frame] = []
        if self._partial:
            self._line(self._partial.decode("utf-8", errors="replace").rstrip("\r"), frames)
            self._partial.clear()
        if self._lines:
            if accept_unterminated:
                self._finish(frames)
            else:
                log.warning("AMI stream ended inside a frame; dropping %d lines: %.200r", len(self._lines),
                            self._lines)
                self.skipped += 1
                self._reset()
        return frames

    def _line(self, line: str, frames: list[Frame]) -> None:
        if not self._seen_any_line:
            self._seen_any_line = True
            if line and ":" not in line:
                self.banner = line.strip()
                return
        if not line.strip():
            if self._lines or self._oversized:
                self._finish(frames)
            return
        self._size += len(line) + 2
        if self._size > self._max:
            self._oversized = True
            return
        self._lines.append(line)

    def _finish(self, frames: list[Frame]) -> None:
        if self._oversized:
            log.warning("AMI stream: skipping a frame longer than %d bytes", self._max)
            self.skipped += 1
            self._reset()
            return
        pairs: list[tuple[str, str]] = []
        garbage: list[str] = []
        follows = False
        for line in self._lines:
            key, sep, value = line.partition(":")
            key = key.strip()
            if sep and _KEY.match(key):
                pairs.append((key, value[1:] if value.startswith(" ") else value))
                if key.lower() == "response" and value.strip().lower() == "follows":
                    follows = True
            elif follows:
                if line.strip() != "--END COMMAND--":
                    pairs.append(("Output", line))
            else:
                garbage.append(line)
        frame = Frame(pairs)
        if frame.event is None and frame.response is None and frame.get("Action") is None:
            log.warning("AMI stream: skipping a frame with no Event, Response or Action: %.200r", self._lines)
            self.skipped += 1
        else:
            if garbage:
                log.warning("AMI stream: ignoring %d malformed lines in %s: %.200r", len(garbage), frame.name,
                            garbage)
            frames.append(frame)
        self._reset()

    def _reset(self) -> None:
        self._lines = []
        self._size = 0
        self._oversized = False


def parse_stream(text: str | bytes) -> tuple[str | None, list[Frame]]:
    """Parse a whole captured stream (banner optional); returns the banner and the frames."""
    parser = FrameParser()
    data = text.encode() if isinstance(text, str) else text
    frames = parser.feed(data)
    frames.extend(parser.close(accept_unterminated=True))
    return parser.banner, frames


def build_action(action: str, fields: Mapping[str, str] | Iterable[tuple[str, str]], action_id: str) -> bytes:
    """An action frame on the wire; repeated keys (several ``Variable``) are given as pairs.

    Values must not contain line breaks: a CR or LF would let a value inject its own headers or actions.
    """
    items = list(fields.items()) if isinstance(fields, Mapping) else list(fields)
    pairs = [("Action", action), ("ActionID", action_id), *items]
    for key, value in pairs:
        if not _KEY.match(key):
            raise ValueError(f"invalid AMI header name {key!r}")
        if "\r" in str(value) or "\n" in str(value):
            raise ValueError(f"AMI header {key} contains a line break")
    return Frame((key, str(value)) for key, value in pairs).encode()

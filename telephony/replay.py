"""Derive calls from a captured AMI stream: ``python -m telephony.replay FILE [--extensions PATTERN]``.

The file is the raw text Asterisk sends (banner optional, CRLF or LF). One JSON line is printed per call
the stream shows: id, direction, caller, called, extensions rung, who answered, outcome, and ring and talk
seconds when the events carry ``Timestamp`` headers (``timestampevents=yes``), else null.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from telephony.ami_protocol import Frame, FrameParser
from telephony.calls_fsm import CallTracker
from telephony.channels import ExtensionPlan
from telephony.events import CallUpdate

OUTCOMES = {"ended": "answered", "missed": "missed", "failed": "not answered", "ringing": "in progress",
            "answered": "in progress"}


def read_frames(path: Path, chunk: int = 65536) -> Iterator[Frame]:
    """The frames of a capture file, read in chunks so large captures stream."""
    parser = FrameParser()
    with path.open("rb") as fh:
        while data := fh.read(chunk):
            yield from parser.feed(data)
    yield from parser.close(accept_unterminated=True)


def derive_calls(frames: Iterable[Frame], plan: ExtensionPlan | None = None) -> list[CallUpdate]:
    """The last state of every call in the stream, in the order the calls began."""
    tracker = CallTracker(plan, keep_finished=1_000_000)
    calls: dict[str, CallUpdate] = {}
    for frame in frames:
        for update in tracker.feed(frame):
            calls[update.pbx_call_id] = update
    return list(calls.values())


def call_record(update: CallUpdate) -> dict[str, Any]:
    """The JSON line printed for a call."""
    return {
        "call_id": update.pbx_call_id,
        "direction": update.direction,
        "caller": update.caller,
        "called": update.called,
        "extensions_rung": list(update.extensions_rung),
        "answered_by": update.answered_by,
        "outcome": OUTCOMES[update.status],
        "transferred_to": update.transferred_to,
        "started_at": update.started_at.isoformat() if update.started_at else None,
        "ring_seconds": update.ring_seconds,
        "talk_seconds": update.talk_seconds,
    }


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m telephony.replay", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="captured AMI stream")
    parser.add_argument("--extensions", default=ExtensionPlan().pattern,
                        help="regular expression matching our extension numbers (default: %(default)s)")
    parser.add_argument("--trunk", action="append", default=[], help="an endpoint that is a trunk (repeatable)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s", stream=sys.stderr)
    out = out or sys.stdout
    if not args.file.exists():
        print(f"replay: {args.file} does not exist", file=sys.stderr)
        return 2
    plan = ExtensionPlan(pattern=args.extensions, trunks=frozenset(args.trunk))
    for update in derive_calls(read_frames(args.file), plan):
        out.write(json.dumps(call_record(update), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

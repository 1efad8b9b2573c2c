"""Cloud PBX notifications (Zadarma, Mango Office) folded into the same CallUpdates as the AMI bridge.

Both are pure: they take a verified notification and return the updates it causes; the caller stores them.
Each keeps the calls in progress in memory (a call's notifications arrive as separate HTTP requests).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from telephony.channels import ExtensionPlan
from telephony.events import CallUpdate, seconds_between

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Call:
    """A call being assembled from notifications."""

    pbx_call_id: str
    direction: str = "inbound"
    caller: str = ""
    called: str = ""
    rung: list[str] = field(default_factory=list)
    answered: list[tuple[datetime, str]] = field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None
    final: str | None = None  # ended / missed / failed once known
    talk_seconds: int | None = None
    recording_url: str | None = None
    last: CallUpdate | None = None

    def ring(self, who: str) -> None:
        if who and who not in self.rung:
            self.rung.append(who)

    def answer(self, who: str, at: datetime) -> None:
        if who and all(existing != who for _, existing in self.answered):
            self.answered.append((at, who))
        self.ring(who)

    def snapshot(self) -> CallUpdate:
        answered_at = min((at for at, _ in self.answered), default=None)
        first = min(self.answered, default=None)
        last = max(self.answered, default=None)
        status = self.final or ("answered" if self.answered else "ringing")
        talk = self.talk_seconds if self.talk_seconds is not None else seconds_between(answered_at, self.ended_at)
        end_or_answer = answered_at if self.answered else self.ended_at
        return CallUpdate(
            pbx_call_id=self.pbx_call_id, direction=self.direction, caller=self.caller, called=self.called,
            extensions_rung=tuple(self.rung) if self.direction != "outbound" else (),
            answered_by=first[1] if first and self.direction != "outbound" else None, status=status,
            started_at=self.started_at, answered_at=answered_at, ended_at=self.ended_at,
            ring_seconds=seconds_between(self.started_at, end_or_answer),
            talk_seconds=talk if status == "ended" else None,
            transferred_to=last[1] if last and first and last[1] != first[1] else None,
            recording_url=self.recording_url,
        )

    def emit(self) -> list[CallUpdate]:
        """The new snapshot if it differs from the last one emitted, else nothing."""
        snapshot = self.snapshot()
        if snapshot == self.last:
            return []
        self.last = snapshot
        return [snapshot]


class ZadarmaCalls:
    """Folds Zadarma PBX notifications (NOTIFY_START, _INTERNAL, _ANSWER, _END, _OUT_START, _OUT_END, _RECORD).

    ``call_start`` comes as local wall time without a zone: ``tz`` says which zone (the account's).
    Zadarma sends no answer or end time, so those are the times the notifications arrive.
    """

    def __init__(self, *, tz: tzinfo = UTC, clock: Clock = _now, keep: int = 2000):
        self.tz, self.clock, self.keep = tz, clock, keep
        self._calls: dict[str, _Call] = {}

    def _time(self, text: str | None) -> datetime | None:
        try:
            return datetime.strptime((text or "").strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=self.tz)
        except ValueError:
            return None

    def handle(self, fields: Mapping[str, str]) -> list[CallUpdate]:
        """Apply one notification (its form fields, signature already checked)."""
        event, call_id = fields.get("event", ""), fields.get("pbx_call_id", "")
        if not call_id or not event.startswith("NOTIFY_"):
            return []
        call = self._calls.get(call_id)
        if call is None:
            call = self._calls[call_id] = _Call(call_id)
            while len(self._calls) > self.keep:
                self._calls.pop(next(iter(self._calls)))
        now = self.clock()
        call.started_at = call.started_at or self._time(fields.get("call_start")) or now
        internal = fields.get("internal", "")
        if event in ("NOTIFY_START", "NOTIFY_INTERNAL", "NOTIFY_ANSWER", "NOTIFY_END"):
            call.direction = "inbound"
            call.caller = call.caller or fields.get("caller_id", "")
            call.called = call.called or fields.get("called_did", "")
        elif event in ("NOTIFY_OUT_START", "NOTIFY_OUT_END"):
            call.direction = "outbound"
            call.caller = call.caller or internal
            call.called = call.called or fields.get("destination", "")
        if event == "NOTIFY_INTERNAL":
            call.ring(internal)
        elif event == "NOTIFY_ANSWER":
            call.answer(internal or fields.get("destination", ""), now)
        elif event in ("NOTIFY_END", "NOTIFY_OUT_END"):
            self._end(call, fields, internal, now)
        elif event == "NOTIFY_RECORD" and fields.get("call_id_with_rec"):
            call.recording_url = f"zadarma:{fields['call_id_with_rec']}"
        return call.emit()

    @staticmethod
    def _end(call: _Call, fields: Mapping[str, str], internal: str, now: datetime) -> None:
        call.ended_at = call.ended_at or now
        answered = fields.get("disposition", "").strip().lower() == "answered"
        try:
            duration = int(fields.get("duration", "") or 0)
        except ValueError:
            duration = 0
        if answered:
            call.talk_seconds = duration
            if not call.answered and call.direction == "inbound":
                call.answer(internal, call.ended_at - timedelta(seconds=duration))
            elif not call.answered:
                call.answered.append((call.ended_at - timedelta(seconds=duration), fields.get("destination", "")))
            call.final = "ended"
        else:
            call.ring(internal if call.direction == "inbound" else "")
            call.final = "failed" if call.direction == "outbound" else "missed"
        if fields.get("is_recorded") == "1" and fields.get("call_id_with_rec"):
            call.recording_url = call.recording_url or f"zadarma:{fields['call_id_with_rec']}"


@dataclass
class _Held:
    seq: int
    received: datetime
    data: dict[str, Any]


class MangoCalls:
    """Folds Mango Office VPBX notifications: ``events/call`` (per leg, numbered by ``seq``) and
    ``events/summary`` (one per call, definitive).

    A call is Mango's ``entry_id``; each of its legs (``call_id``) numbers its events 1, 2, 3… in ``seq``.
    Notifications may arrive out of order: an event is applied only after every lower ``seq`` of its leg;
    one whose predecessor is missing waits up to ``hold_seconds`` (see :meth:`flush`), then goes anyway.
    """

    def __init__(self, plan: ExtensionPlan | None = None, *, hold_seconds: float = 5.0, clock: Clock = _now,
                 keep: int = 2000):
        self.plan = plan or ExtensionPlan()
        self.hold = timedelta(seconds=hold_seconds)
        self.clock, self.keep = clock, keep
        self._calls: dict[str, _Call] = {}
        self._next_seq: dict[str, int] = {}
        self._held: dict[str, dict[int, _Held]] = {}
        self._legs: dict[str, dict[str, str]] = {}  # entry → call_id → last call_state

    def handle_call_event(self, data: Mapping[str, Any]) -> list[CallUpdate]:
        """Apply an ``events/call`` notification, in ``seq`` order per leg."""
        leg = str(data.get("call_id") or data.get("entry_id") or "")
        try:
            seq = int(data.get("seq", 0))
        except (TypeError, ValueError):
            seq = 0
        if not leg or not data.get("entry_id"):
            return []
        expected = self._next_seq.get(leg, 1)
        if seq and seq < expected:
            return []  # a duplicate of an event already applied
        if seq > expected:
            self._held.setdefault(leg, {}).setdefault(seq, _Held(seq, self.clock(), dict(data)))
            return []
        updates = self._apply(data)
        self._next_seq[leg] = max(expected, seq) + 1
        return updates + self._release(leg, force=False)

    def flush(self) -> list[CallUpdate]:
        """Apply events that waited longer than ``hold_seconds`` for a predecessor that never came."""
        updates: list[CallUpdate] = []
        now = self.clock()
        for leg, held in list(self._held.items()):
            if held and now - min(h.received for h in held.values()) >= self.hold:
                log.warning("Mango call leg %s: events before seq %d never came; going on", leg, min(held))
                updates += self._release(leg, force=True)
        return updates

    def _release(self, leg: str, *, force: bool) -> list[CallUpdate]:
        held = self._held.get(leg, {})
        updates: list[CallUpdate] = []
        while held:
            expected = self._next_seq.get(leg, 1)
            seq = expected if expected in held else (min(held) if force else None)
            if seq is None:
                break
            updates += self._apply(held.pop(seq).data)
            self._next_seq[leg] = seq + 1
        if not held:
            self._held.pop(leg, None)
        return updates

    def _call(self, entry: str) -> _Call:
        call = self._calls.get(entry)
        if call is None:
            call = self._calls[entry] = _Call(entry)
            while len(self._calls) > self.keep:
                old = next(iter(self._calls))
                self._calls.pop(old)
                self._legs.pop(old, None)
        return call

    def _when(self, value: Any) -> datetime:
        try:
            return datetime.fromtimestamp(int(value), UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            return self.clock()

    def _apply(self, data: Mapping[str, Any]) -> list[CallUpdate]:
        entry, leg = str(data["entry_id"]), str(data.get("call_id") or data["entry_id"])
        call = self._call(entry)
        src, dst = data.get("from") or {}, data.get("to") or {}
        at = self._when(data.get("timestamp"))
        legs = self._legs.setdefault(entry, {})
        if not legs:
            call.started_at = at
            call.direction, call.caller, call.called = self._parties(src, dst)
        state = str(data.get("call_state", ""))
        legs[leg] = state
        location, ext = str(data.get("location", "")), str(dst.get("extension") or "")
        if state == "Appeared" and location == "abonent" and call.direction != "outbound":
            call.ring(ext)
        elif state == "Connected" and location == "abonent":
            if call.direction == "outbound":
                if not call.answered:
                    call.answered.append((at, str(dst.get("number") or "")))
            else:
                call.answer(ext, at)
        if all(s == "Disconnected" for s in legs.values()) and call.final is None:
            call.ended_at = at
            call.final = "ended" if call.answered else ("failed" if call.direction == "outbound" else "missed")
        return call.emit()

    def _parties(self, src: Mapping[str, Any], dst: Mapping[str, Any]) -> tuple[str, str, str]:
        src_ext, dst_ext = str(src.get("extension") or ""), str(dst.get("extension") or "")
        if src_ext:
            if dst_ext:
                return "internal", src_ext, dst_ext
            return "outbound", src_ext, str(dst.get("number") or "")
        return "inbound", str(src.get("number") or ""), str(dst.get("line_number") or dst.get("number") or "")

    def handle_summary(self, data: Mapping[str, Any]) -> list[CallUpdate]:
        """Apply ``events/summary``: the call's definitive outcome and times."""
        entry = str(data.get("entry_id") or "")
        if not entry:
            return []
        call = self._call(entry)
        src, dst = data.get("from") or {}, data.get("to") or {}
        direction = {0: "internal", 1: "inbound", 2: "outbound"}.get(_int(data.get("call_direction")))
        if not call.caller:
            call.direction, call.caller, call.called = self._parties(src, {**dst, "line_number":
                                                                           data.get("line_number")})
        call.direction = direction or call.direction
        call.started_at = self._when(data["create_time"]) if data.get("create_time") else call.started_at
        call.ended_at = self._when(data["end_time"]) if data.get("end_time") else call.ended_at or self.clock()
        answered = _int(data.get("entry_result")) == 1
        if answered:
            if not call.answered:
                talk_time = _int(data.get("talk_time"))
                who = str(dst.get("extension") or dst.get("number") or "")
                call.answered.append((self._when(talk_time) if talk_time > 0 else call.ended_at, who))
            call.final = "ended"
        else:
            call.final = "failed" if call.direction == "outbound" else "missed"
        return call.emit()


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1

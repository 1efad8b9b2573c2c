"""Call events: what every PBX adapter (AMI, webhooks) produces and what the bridge stores."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

CALL_STATUSES = ("ringing", "answered", "ended", "missed", "failed")
FINAL_STATUSES = frozenset({"ended", "missed", "failed"})
DIRECTIONS = ("inbound", "outbound", "internal")
_TIME_FIELDS = ("started_at", "answered_at", "ended_at")


@dataclass(frozen=True)
class CallUpdate:
    """The state of one call as known so far, keyed by the PBX's call id.

    Every adapter emits a new, complete snapshot whenever something about the call changes, so storing the
    latest one is enough; storing an older one again changes nothing (the store never moves a call back).

    ``status``: ringing → answered → ended for answered calls; ``missed`` for an inbound or internal call
    nobody answered; ``failed`` for an outbound call the far end did not answer.
    ``answered_by`` is our extension that took an incoming call (None for outbound calls, where the far
    end answers); ``transferred_to`` is the last party the call was handed on to.
    """

    pbx_call_id: str
    direction: str
    caller: str
    called: str
    extensions_rung: tuple[str, ...] = ()
    answered_by: str | None = None
    status: str = "ringing"
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    ring_seconds: int | None = None
    talk_seconds: int | None = None
    transferred_to: str | None = None
    recording_url: str | None = None

    def __post_init__(self) -> None:
        if self.status not in CALL_STATUSES:
            raise ValueError(f"unknown call status {self.status!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"unknown call direction {self.direction!r}")

    @property
    def final(self) -> bool:
        """True once the call is over (ended, missed or failed)."""
        return self.status in FINAL_STATUSES

    @property
    def extension(self) -> str | None:
        """Our extension the call belongs to: who answered, else who placed it (outbound), else who rang first."""
        if self.answered_by:
            return self.answered_by
        if self.direction == "outbound":
            return self.caller or None
        if self.extensions_rung:
            return self.extensions_rung[0]
        return (self.caller or None) if self.direction == "internal" else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (times as ISO 8601), the spool and replay format."""
        data = asdict(self)
        data["extensions_rung"] = list(self.extensions_rung)
        for name in _TIME_FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if value is not None else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallUpdate:
        """The inverse of :meth:`to_json`; unknown keys are ignored so old spool files stay readable."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known["extensions_rung"] = tuple(known.get("extensions_rung") or ())
        for name in _TIME_FIELDS:
            if known.get(name):
                known[name] = datetime.fromisoformat(known[name])
        return cls(**known)

    def describe(self) -> str:
        """One log line: ``call 1700000000.123 inbound +73511234567 → 201 answered by 201 ring 7s talk 95s``."""
        target = ",".join(self.extensions_rung) if self.direction != "outbound" and self.extensions_rung else None
        parts = [f"call {self.pbx_call_id}", self.direction, self.caller or "?", "→", target or self.called or "?"]
        if self.status in ("answered", "ended"):
            parts.append(f"answered by {self.answered_by}" if self.answered_by else "answered")
            if self.status == "answered":
                parts.append("(talking)")
        else:
            parts.append(self.status)
        if self.transferred_to:
            parts.append(f"transferred to {self.transferred_to}")
        if self.ring_seconds is not None:
            parts.append(f"ring {self.ring_seconds}s")
        if self.talk_seconds is not None:
            parts.append(f"talk {self.talk_seconds}s")
        return " ".join(parts)


def seconds_between(start: datetime | None, end: datetime | None) -> int | None:
    """Whole seconds from ``start`` to ``end`` (never negative), or None when either is unknown."""
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds()))

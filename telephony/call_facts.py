"""What the event stream has told us about one call, and the call it adds up to.

The facts are kept as sets and maps keyed by channel and leg, so seeing an event twice adds nothing, and
the call is derived from all facts at once, so the order facts arrived in matters as little as possible:
an answered leg is answered whether its DialEnd came before or after the BridgeEnter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import count

from telephony.channels import ChannelName, ExtensionPlan, is_withheld, looks_external, number_in, uniqueid_time
from telephony.events import CallUpdate, seconds_between

_order = count()
_MEANINGLESS_EXTENS = frozenset({"", "s", "h", "i", "t", "failed"})


@dataclass
class ChannelFacts:
    """One channel of the call."""

    uniqueid: str
    channel: ChannelName
    caller_num: str = ""
    exten: str = ""
    created_at: datetime | None = None
    hungup_at: datetime | None = None
    hungup: bool = False
    originated: bool = False  # rung by an Originate action rather than dialled by another channel
    seen: int = field(default_factory=lambda: next(_order))

    def learn_exten(self, exten: str) -> None:
        """Keep the first dialplan extension that says where the call was going (not ``s``)."""
        if exten and exten not in _MEANINGLESS_EXTENS and self.exten in _MEANINGLESS_EXTENS:
            self.exten = exten


@dataclass
class LegFacts:
    """One Dial attempt from a channel of the call to another channel (keyed by the dialled channel)."""

    dest_uniqueid: str
    dest: ChannelName
    source_uniqueid: str | None = None
    dial_string: str = ""
    dest_number: str = ""
    began_at: datetime | None = None
    ended_at: datetime | None = None
    status: str | None = None  # DialStatus of DialEnd; ANSWER sticks once seen
    seen: int = field(default_factory=lambda: next(_order))

    def end(self, status: str, at: datetime | None) -> None:
        """Record a DialEnd; a second DialEnd never takes back an ANSWER."""
        status = status.strip().upper()
        if not status or self.status == "ANSWER":
            return
        if status == "ANSWER" or self.status is None:
            self.status = status
            self.ended_at = at


@dataclass
class CallFacts:
    """Everything known about one call (the channels grouped by Linkedid, merged on transfers)."""

    key: str
    channels: dict[str, ChannelFacts] = field(default_factory=dict)
    legs: dict[str, LegFacts] = field(default_factory=dict)
    queue: str | None = None
    queue_rung: list[tuple[datetime | None, int, str]] = field(default_factory=list)
    agent_answers: list[tuple[datetime | None, int, str]] = field(default_factory=list)
    transfers: list[tuple[datetime | None, int, str]] = field(default_factory=list)
    abandoned: bool = False
    recording_url: str | None = None
    finished: bool = False
    finished_at: datetime | None = None
    merged_into: str | None = None
    touched_at: datetime | None = None
    last: CallUpdate | None = None

    def add_party(self, bucket: list[tuple[datetime | None, int, str]], party: str, at: datetime | None) -> None:
        """Add ``party`` to a list of (time, arrival, party) unless it is already there."""
        if party and all(existing != party for _, _, existing in bucket):
            bucket.append((at, next(_order), party))

    def check_finished(self, at: datetime | None) -> bool:
        """Mark the call finished once every channel we know has hung up; True when that just happened."""
        if self.finished or not self.channels or not all(ch.hungup for ch in self.channels.values()):
            return False
        self.finished = True
        times = [ch.hungup_at for ch in self.channels.values() if ch.hungup_at is not None]
        self.finished_at = max(times) if times else at
        return True


def _timeline(items: list[tuple[datetime | None, int, str]]) -> list[tuple[datetime | None, int, str]]:
    """Order by time where known, then by arrival; parties without a time go after the timed ones."""
    return sorted(items, key=lambda item: (item[0] is None, item[0] or datetime.min, item[1]))


class CallView:
    """The call derived from a CallFacts under an extension plan."""

    def __init__(self, facts: CallFacts, plan: ExtensionPlan):
        self.facts = facts
        self.plan = plan
        self.origin = self._originator()

    def _originator(self) -> ChannelFacts | None:
        facts = self.facts
        own = facts.channels.get(facts.key)
        if own is not None and not own.channel.is_local:
            return own
        dialled = {leg.dest_uniqueid for leg in facts.legs.values() if leg.source_uniqueid}
        candidates = sorted((ch for ch in facts.channels.values() if not ch.channel.is_local),
                            key=lambda ch: (ch.uniqueid in dialled, ch.seen))
        return candidates[0] if candidates else None

    def party(self, channel: ChannelName, leg: LegFacts | None = None) -> str:
        """How a dialled channel is named in a call: the extension, else the number dialled."""
        if self.plan.is_extension(channel.endpoint):
            return channel.endpoint
        if leg is not None:
            return number_in(leg.dial_string) or number_in(leg.dest_number) or channel.endpoint
        return channel.endpoint

    def direction(self) -> str | None:
        """inbound when the first channel is a trunk; outbound when one of ours dials out; else internal."""
        origin = self.origin
        if origin is None:
            return None
        if not self.plan.channel_is_extension(origin.channel):
            return "outbound" if origin.originated else "inbound"
        for leg in self._sourced_legs():
            if not self.plan.is_extension(leg.dest.endpoint):
                return "outbound"
        return "outbound" if looks_external(origin.exten, self.plan) else "internal"

    def _sourced_legs(self) -> list[LegFacts]:
        """Legs dialled by a channel of the call (not an Originate's first ring), to real devices (not Local)."""
        legs = [leg for leg in self.facts.legs.values() if leg.source_uniqueid and not leg.dest.is_local]
        return sorted(legs, key=lambda leg: (leg.began_at is None, leg.began_at or datetime.min, leg.seen))

    def _party_legs(self, direction: str) -> list[LegFacts]:
        legs = self._sourced_legs()
        if direction == "outbound":
            return [leg for leg in legs if not self.plan.is_extension(leg.dest.endpoint)]
        return legs

    def snapshot(self) -> CallUpdate | None:
        """The call as it stands, or None while there is nothing worth showing (an extension picked up the
        handset but has not dialled anyone yet)."""
        facts, origin = self.facts, self.origin
        direction = self.direction()
        if origin is None or direction is None:
            return None
        legs = self._party_legs(direction)
        quiet = not legs and facts.queue is None and facts.last is None
        if quiet and (direction == "internal" or (direction == "outbound" and not origin.exten)):
            return None
        rung: list[tuple[datetime | None, int, str]] = []
        answers: list[tuple[datetime | None, int, str]] = []
        for leg in legs:
            who = self.party(leg.dest, leg)
            if all(who != r for _, _, r in rung):
                rung.append((leg.began_at, leg.seen, who))
            if leg.status == "ANSWER":
                answers.append((leg.ended_at, leg.seen, self.party(leg.dest, leg)))
        if direction != "outbound":
            for at, seq, who in facts.queue_rung:
                if all(who != r for _, _, r in rung):
                    rung.append((at, seq, who))
            answers.extend(facts.agent_answers)
        rung, answers = _timeline(rung), _timeline(answers)
        answered_at = answers[0][0] if answers else None
        answered_by = answers[0][2] if answers and direction != "outbound" else None
        transferred_to = self._transferred_to(answers)
        if facts.finished:
            status = "ended" if answers else ("failed" if direction == "outbound" else "missed")
        else:
            status = "answered" if answers else "ringing"
        started_at = origin.created_at or uniqueid_time(origin.uniqueid)
        ended_at = facts.finished_at if facts.finished else None
        talk = seconds_between(answered_at, ended_at)
        ring = seconds_between(started_at, answered_at) if answers else seconds_between(started_at, ended_at)
        if origin.created_at is None:
            ring = None  # the Uniqueid's clock gives the start, not a measure of ringing
        caller, called = self._parties(direction, origin, legs, rung)
        return CallUpdate(
            pbx_call_id=facts.key,
            direction=direction,
            caller=caller,
            called=called,
            extensions_rung=tuple(who for _, _, who in rung) if direction != "outbound" else (),
            answered_by=answered_by,
            status=status,
            started_at=started_at,
            answered_at=answered_at,
            ended_at=ended_at,
            ring_seconds=ring,
            talk_seconds=talk,
            transferred_to=transferred_to,
            recording_url=facts.recording_url,
        )

    def _transferred_to(self, answers: list[tuple[datetime | None, int, str]]) -> str | None:
        if answers and answers[-1][2] != answers[0][2]:
            return answers[-1][2]
        transfers = _timeline(self.facts.transfers)
        return transfers[-1][2] if transfers else None

    def _parties(self, direction: str, origin: ChannelFacts, legs: list[LegFacts],
                 rung: list[tuple[datetime | None, int, str]]) -> tuple[str, str]:
        if direction == "inbound":
            caller = "anonymous" if is_withheld(origin.caller_num) else origin.caller_num
            if origin.exten and origin.exten not in _MEANINGLESS_EXTENS:
                called = origin.exten
            else:
                called = self.facts.queue or (rung[0][2] if rung else "")
            return caller, called
        caller = origin.channel.endpoint
        if direction == "outbound":
            if legs:
                return caller, self.party(legs[0].dest, legs[0])
            return caller, origin.exten
        return caller, (rung[0][2] if rung else origin.exten)

"""The call state machine: folds Asterisk 13+ AMI events into calls. Pure: no I/O, no clock of its own.

Model. A call is the set of channels sharing a Linkedid (the Uniqueid of the call's first channel), which
is also the call's id. Each channel is remembered by Uniqueid, so an event is placed by its Uniqueid first
and by its Linkedid only for a channel not seen before. When one channel turns up under two calls (a
Linkedid that changed) or an AttendedTransfer joins two calls, the newer call is merged into the older
one: its snapshot is closed as it stood at the merge (a consultation call 201 → 202 stays on record as an
internal call) and its live channels go on in the surviving call.

Facts, not transitions. Each event adds facts (a channel, a Dial leg and its DialStatus, a queue agent
who connected, a transfer target, a hangup); the call is recomputed from all its facts after every
event and a CallUpdate is emitted only when it changed. So a duplicated event emits nothing, and events of
one call that arrive swapped (DialEnd after BridgeEnter, one leg's Hangup before another leg's DialEnd)
give the same call in the end.

Ordering assumed. AMI over one TCP connection is ordered, and this machine relies on that for one thing
only: a call is over once every channel it knows has hung up. A DialEnd arriving after the last Hangup
(possible only from a reordering source) still counts: the call is re-emitted, e.g. from missed to ended,
for as long as the finished call is remembered (``keep_finished`` calls). Events that are not part of a
known call and cannot start one (a Hangup, a DialEnd of a call never seen) are ignored, so a restart in
the middle of a call never invents a missed call; ``reconcile`` with the PBX's channel list (AMI
``CoreShowChannels``) after each (re)connection picks up live calls and closes the ones that ended while
the connection was down.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from telephony.ami_protocol import Frame
from telephony.call_facts import CallFacts, CallView, ChannelFacts, LegFacts
from telephony.channels import ExtensionPlan, interface_endpoint, parse_channel, uniqueid_order
from telephony.events import CallUpdate

_Handler = Callable[["CallTracker", Frame, "datetime | None", list[CallFacts]], None]
_HANDLERS: dict[str, _Handler] = {}
RECORDING_VARIABLES = frozenset({"MIXMONITOR_FILENAME"})


def _handles(*names: str) -> Callable[[_Handler], _Handler]:
    def register(fn: _Handler) -> _Handler:
        for name in names:
            _HANDLERS[name.lower()] = fn
        return fn

    return register


class CallTracker:
    """Feed it AMI events in stream order; it returns the CallUpdates each event causes."""

    def __init__(self, plan: ExtensionPlan | None = None, *, keep_finished: int = 5000):
        self.plan = plan or ExtensionPlan()
        self._keep = keep_finished
        self._active: dict[str, CallFacts] = {}
        self._finished: OrderedDict[str, CallFacts] = OrderedDict()
        self._by_uid: dict[str, str] = {}
        self._leg_owner: dict[str, str] = {}  # dialled channel's Uniqueid → the call its Dial belongs to
        self._alias: dict[str, str] = {}

    def feed(self, frame: Frame, received_at: datetime | None = None) -> list[CallUpdate]:
        """Apply one event; its ``Timestamp`` header gives the time, else ``received_at`` (else no times)."""
        handler = _HANDLERS.get((frame.event or "").lower())
        if handler is None:
            return []
        at = frame.timestamp or received_at
        touched: list[CallFacts] = []
        handler(self, frame, at, touched)
        return self._emit(touched, at)

    def reconcile(self, channels: Iterable[Frame], at: datetime) -> list[CallUpdate]:
        """Align with the PBX's list of live channels (``CoreShowChannel`` events) after a (re)connection.

        Channels we hold that are no longer live hung up while we were away; live channels of calls we
        never saw are learnt, and a ringing leg now up in a bridge was answered meanwhile.
        """
        live = {f.text("Uniqueid"): f for f in channels if (f.event or "").lower() == "coreshowchannel"}
        live.pop("", None)
        touched: list[CallFacts] = []
        for facts in list(self._active.values()):
            for uid, ch in facts.channels.items():
                if not ch.hungup and uid not in live:
                    ch.hungup, ch.hungup_at = True, at
                    touched.append(facts)
        bridges: dict[str, list[str]] = {}
        for uid, f in live.items():
            facts = self._call_for(uid, f.text("Linkedid"), create=True, at=at, touched=touched)
            if facts is None or facts.finished:
                continue
            created = at - _duration(f.text("Duration"))
            self._channel(facts, uid, f.text("Channel"), f.text("CallerIDNum"), f.text("Exten"), created)
            if f.text("BridgeId"):
                bridges.setdefault(f.text("BridgeId"), []).append(uid)
            touched.append(facts)
        for members in bridges.values():
            if len(members) > 1:
                for uid in members:
                    self._infer_answer(uid, at)
        return self._emit(touched, at)

    def expire(self, now: datetime, idle: timedelta) -> list[CallUpdate]:
        """Close calls that had no event for ``idle`` (their hangups were lost); returns the final updates."""
        touched = []
        for facts in list(self._active.values()):
            if facts.touched_at is not None and now - facts.touched_at >= idle:
                for ch in facts.channels.values():
                    if not ch.hungup:
                        ch.hungup, ch.hungup_at = True, facts.touched_at
                touched.append(facts)
        return self._emit(touched, now)

    def active_calls(self) -> list[CallUpdate]:
        """The latest snapshot of every call still in progress."""
        return [facts.last for facts in self._active.values() if facts.last is not None]

    # -- placing events -------------------------------------------------------------------------------

    def _lookup(self, key: str, *, follow_alias: bool) -> CallFacts | None:
        seen = 0
        while follow_alias and key in self._alias and seen < 32:
            key, seen = self._alias[key], seen + 1
        return self._active.get(key) or self._finished.get(key)

    def _call_for(self, uid: str, linkedid: str, *, create: bool, at: datetime | None,
                  touched: list[CallFacts]) -> CallFacts | None:
        facts = None
        if uid and uid in self._by_uid:
            facts = self._lookup(self._by_uid[uid], follow_alias=False)
        linked = self._lookup(linkedid, follow_alias=True) if linkedid else None
        if facts is None:
            facts = linked
        elif linked is not None and linked is not facts and not linked.finished and not facts.finished:
            older, newer = sorted((facts, linked), key=lambda f: uniqueid_order(f.key))
            self._merge(older, newer, at, touched)
            facts = older
        if facts is None and create and (linkedid or uid):
            facts = CallFacts(key=linkedid or uid)
            self._active[facts.key] = facts
        return facts

    def _channel(self, facts: CallFacts, uid: str, name: str, caller_num: str, exten: str,
                 at: datetime | None, *, created: bool = False) -> ChannelFacts | None:
        ch = facts.channels.get(uid)
        if ch is None:
            parsed = parse_channel(name)
            if parsed is None or not uid:
                return None
            ch = ChannelFacts(uid, parsed, created_at=at)
            facts.channels[uid] = ch
            self._by_uid[uid] = facts.key
        elif created and at is not None and (ch.created_at is None or at < ch.created_at):
            ch.created_at = at
        if caller_num and not ch.caller_num:
            ch.caller_num = caller_num
        ch.learn_exten(exten)
        return ch

    def _merge(self, survivor: CallFacts, loser: CallFacts, at: datetime | None,
               touched: list[CallFacts]) -> None:
        if loser is survivor or loser.merged_into:
            return
        loser.merged_into = survivor.key
        if not loser.finished:
            loser.finished, loser.finished_at = True, at
        for uid, ch in loser.channels.items():
            if not ch.hungup and uid not in survivor.channels:
                survivor.channels[uid] = ch
                self._by_uid[uid] = survivor.key
        self._alias[loser.key] = survivor.key
        touched.extend((loser, survivor))

    def _infer_answer(self, uid: str, at: datetime) -> None:
        facts = self._lookup(self._by_uid.get(uid, ""), follow_alias=False)
        if facts is None or uid == facts.key:
            return
        leg = facts.legs.get(uid)
        if leg is None and facts.key in facts.channels:
            leg = LegFacts(uid, facts.channels[uid].channel, source_uniqueid=facts.key, began_at=at)
            facts.legs[uid] = leg
        if leg is not None and leg.status is None:
            leg.end("ANSWER", at)

    def _emit(self, touched: list[CallFacts], at: datetime | None) -> list[CallUpdate]:
        updates: list[CallUpdate] = []
        done: set[int] = set()
        for facts in touched:
            if id(facts) in done:
                continue
            done.add(id(facts))
            if at is not None:
                facts.touched_at = at
            facts.check_finished(at)
            snapshot = CallView(facts, self.plan).snapshot()
            if snapshot is not None and snapshot != facts.last:
                facts.last = snapshot
                updates.append(snapshot)
            if facts.finished and facts.key in self._active:
                self._retire(facts)
        return updates

    def _retire(self, facts: CallFacts) -> None:
        del self._active[facts.key]
        self._finished[facts.key] = facts
        while len(self._finished) > self._keep:
            _, old = self._finished.popitem(last=False)
            for uid in old.channels:
                if self._by_uid.get(uid) == old.key:
                    del self._by_uid[uid]
            for uid in old.legs:
                if self._leg_owner.get(uid) == old.key:
                    del self._leg_owner[uid]
            self._alias.pop(old.key, None)


def _duration(text: str) -> timedelta:
    match = re.fullmatch(r"(\d+):(\d\d):(\d\d)", text.strip())
    if match is None:
        return timedelta(0)
    return timedelta(hours=int(match[1]), minutes=int(match[2]), seconds=int(match[3]))


def _party(tracker: CallTracker, channel_name: str, interface: str = "") -> str | None:
    channel = parse_channel(channel_name)
    if channel is not None and not channel.is_local:
        return channel.endpoint
    return interface_endpoint(interface) or (channel.endpoint if channel else None)


# -- event handlers -----------------------------------------------------------------------------------


@_handles("Newchannel", "Newstate", "BridgeEnter", "NewCallerid", "NewConnectedLine")
def _on_channel(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    uid = f.text("Uniqueid")
    facts = t._call_for(uid, f.text("Linkedid"), create=True, at=at, touched=touched)
    if facts is not None and not facts.finished:
        created = (f.event or "").lower() == "newchannel"
        t._channel(facts, uid, f.text("Channel"), f.text("CallerIDNum"), f.text("Exten"), at, created=created)
        touched.append(facts)


@_handles("Newexten")
def _on_newexten(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    uid = f.text("Uniqueid")
    facts = t._call_for(uid, f.text("Linkedid"), create=False, at=at, touched=touched)
    if facts is not None and uid in facts.channels:
        facts.channels[uid].learn_exten(f.text("Exten") or f.text("Extension"))
        touched.append(facts)


@_handles("DialBegin", "DialState", "DialEnd")
def _on_dial(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    kind = (f.event or "").lower()
    src_uid, dest_uid = f.text("Uniqueid"), f.text("DestUniqueid")
    if not dest_uid:
        return
    # A Dial belongs to the call it started in, even after a transfer merged that call away.
    facts = t._lookup(t._leg_owner.get(dest_uid, ""), follow_alias=False)
    if facts is None:
        linkedid = f.text("Linkedid") or f.text("DestLinkedid")
        facts = t._call_for(src_uid or dest_uid, linkedid, create=kind != "dialend", at=at, touched=touched)
    if facts is None:
        return
    if src_uid:
        t._channel(facts, src_uid, f.text("Channel"), f.text("CallerIDNum"), f.text("Exten"), at)
    dest = t._channel(facts, dest_uid, f.text("DestChannel"), "", "", at)
    if dest is None:
        return
    leg = facts.legs.get(dest_uid)
    if leg is None:
        leg = facts.legs[dest_uid] = LegFacts(dest_uid, dest.channel)
        t._leg_owner[dest_uid] = facts.key
    if src_uid and src_uid != dest_uid:
        leg.source_uniqueid = leg.source_uniqueid or src_uid
    elif leg.source_uniqueid is None:
        dest.originated = True
    if kind == "dialbegin":
        leg.began_at = leg.began_at or at
        leg.dial_string = leg.dial_string or f.text("DialString")
        leg.dest_number = leg.dest_number or f.text("DestCallerIDNum")
    elif kind == "dialend":
        leg.end(f.text("DialStatus"), at)
    touched.append(facts)


@_handles("Hangup")
def _on_hangup(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    uid = f.text("Uniqueid")
    facts = t._call_for(uid, f.text("Linkedid"), create=False, at=at, touched=touched)
    ch = facts.channels.get(uid) if facts is not None else None
    if facts is not None and ch is not None and not ch.hungup:
        ch.hungup, ch.hungup_at = True, at
        touched.append(facts)


@_handles("QueueCallerJoin", "AgentCalled")
def _on_queue_ring(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    uid = f.text("Uniqueid")
    facts = t._call_for(uid, f.text("Linkedid"), create=True, at=at, touched=touched)
    if facts is None or facts.finished:
        return
    t._channel(facts, uid, f.text("Channel"), f.text("CallerIDNum"), f.text("Exten"), at)
    facts.queue = facts.queue or f.text("Queue") or None
    dest = parse_channel(f.text("DestChannel"))
    if (f.event or "").lower() == "agentcalled" and dest is not None and not dest.is_local:
        t._channel(facts, f.text("DestUniqueid"), dest.raw, "", "", at)
        facts.add_party(facts.queue_rung, dest.endpoint, at)
    touched.append(facts)


@_handles("AgentConnect")
def _on_agent_connect(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    facts = t._call_for(f.text("Uniqueid"), f.text("Linkedid"), create=False, at=at, touched=touched)
    who = _party(t, f.text("DestChannel"), f.text("Interface")) or f.text("MemberName")
    if facts is not None and who:
        facts.add_party(facts.agent_answers, who, at)
        touched.append(facts)


@_handles("QueueCallerAbandon")
def _on_abandon(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    facts = t._call_for(f.text("Uniqueid"), f.text("Linkedid"), create=False, at=at, touched=touched)
    if facts is not None and not facts.abandoned:
        facts.abandoned = True
        touched.append(facts)


@_handles("BlindTransfer")
def _on_blind_transfer(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    if f.text("Result").lower() != "success":
        return
    facts = (t._call_for(f.text("TransfereeUniqueid"), f.text("TransfereeLinkedid"), create=False, at=at,
                         touched=touched)
             or t._call_for(f.text("TransfererUniqueid"), f.text("TransfererLinkedid"), create=False, at=at,
                            touched=touched))
    if facts is not None and f.text("Extension"):
        facts.add_party(facts.transfers, f.text("Extension"), at)
        touched.append(facts)


@_handles("AttendedTransfer")
def _on_attended_transfer(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    if f.text("Result").lower() != "success":
        return

    def call_of(prefix: str) -> CallFacts | None:
        return t._call_for(f.text(f"{prefix}Uniqueid"), f.text(f"{prefix}Linkedid"), create=False, at=at,
                           touched=touched)

    survivor = call_of("Transferee") or call_of("OrigTransferer")
    second = call_of("SecondTransferer")
    if survivor is None:
        survivor, second = second, None
    if survivor is None:
        return
    if second is not None and second is not survivor:
        t._merge(survivor, second, at, touched)
    target = _party(t, f.text("TransferTargetChannel")) or f.text("DestApp")
    if target:
        survivor.add_party(survivor.transfers, target, at)
    touched.append(survivor)


@_handles("VarSet")
def _on_varset(t: CallTracker, f: Frame, at: datetime | None, touched: list[CallFacts]) -> None:
    if f.text("Variable").upper() not in RECORDING_VARIABLES or not f.text("Value"):
        return
    facts = t._call_for(f.text("Uniqueid"), f.text("Linkedid"), create=False, at=at, touched=touched)
    if facts is not None and facts.recording_url is None:
        facts.recording_url = f.text("Value")
        touched.append(facts)


def fold(frames: Iterable[Frame], plan: ExtensionPlan | None = None) -> dict[str, CallUpdate]:
    """Feed a whole stream and return the last update of every call, in the order calls first appeared."""
    tracker = CallTracker(plan)
    calls: dict[str, CallUpdate] = {}
    for frame in frames:
        for update in tracker.feed(frame):
            calls[update.pbx_call_id] = update
    return calls

"""Realistic Asterisk 13+ AMI event sequences for typical calls, for the simulator and for test transcripts.

Each scenario is a list of (seconds from the call's start, Frame) in the order Asterisk sends them, with the
headers Asterisk puts in each event (channel snapshots, Uniqueid/Linkedid, Timestamp after Privilege).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from telephony.ami_protocol import Frame

STATE_DESC = {0: "Down", 4: "Ring", 5: "Ringing", 6: "Up"}
Timed = tuple[float, Frame]
SCENARIOS = ("answered", "queue", "missed", "abandoned", "blind_transfer", "attended_transfer", "outbound")


@dataclass
class SimChannel:
    """A channel as the scenario moves it through its states."""

    name: str
    uniqueid: str
    linkedid: str
    caller_num: str
    caller_name: str = "<unknown>"
    connected_num: str = "<unknown>"
    connected_name: str = "<unknown>"
    context: str = "from-internal"
    exten: str = "s"
    priority: int = 1
    state: int = 0

    def snapshot(self, prefix: str = "") -> list[tuple[str, str]]:
        return [(prefix + key, value) for key, value in (
            ("Channel", self.name), ("ChannelState", str(self.state)),
            ("ChannelStateDesc", STATE_DESC.get(self.state, "Unknown")), ("CallerIDNum", self.caller_num),
            ("CallerIDName", self.caller_name), ("ConnectedLineNum", self.connected_num),
            ("ConnectedLineName", self.connected_name), ("Language", "ru"), ("AccountCode", ""),
            ("Context", self.context), ("Exten", self.exten), ("Priority", str(self.priority)),
            ("Uniqueid", self.uniqueid), ("Linkedid", self.linkedid))]


@dataclass
class ScenarioBuilder:
    """Builds calls on one PBX: Uniqueids and channel sequence numbers keep counting across scenarios."""

    epoch: float
    trunk: str = "megafon"
    did: str = "73512200000"
    tech: str = "PJSIP"
    queue_name: str = "support"
    timestamps: bool = True
    names: dict[str, str] = field(default_factory=lambda: {"201": "Иванова Анна", "202": "Петров Олег",
                                                           "203": "Сидорова Мария", "204": "Козлов Иван"})
    _uid: count = field(default_factory=lambda: count(101))
    _seq: count = field(default_factory=lambda: count(0x1A))
    _bridges: count = field(default_factory=lambda: count(1))

    def __post_init__(self) -> None:
        self._out: list[Timed] = []
        self._start = self.epoch
        self._halves: dict[str, SimChannel] = {}

    # -- building blocks ------------------------------------------------------------------------------

    def _begin(self, at: float) -> None:
        self._out, self._start = [], at

    def _event(self, t: float, name: str, *pairs: tuple[str, str], privilege: str = "call,all") -> None:
        head = [("Event", name), ("Privilege", privilege)]
        if self.timestamps:
            head.append(("Timestamp", f"{self._start + t:.6f}"))
        self._out.append((t, Frame([*head, *pairs])))

    def _channel(self, endpoint: str, linked: SimChannel | None, *, caller_num: str, context: str,
                 exten: str = "s", caller_name: str = "<unknown>", t: float = 0.0) -> SimChannel:
        uid = f"{int(self._start + t)}.{next(self._uid)}"
        name = f"{self.tech}/{endpoint}-{next(self._seq):08x}"
        return SimChannel(name, uid, linked.linkedid if linked else uid, caller_num, caller_name,
                          context=context, exten=exten)

    def _new(self, t: float, ch: SimChannel, state: int) -> SimChannel:
        ch.state = state
        self._event(t, "Newchannel", *ch.snapshot())
        return ch

    def _state(self, t: float, ch: SimChannel, state: int) -> None:
        ch.state = state
        self._event(t, "Newstate", *ch.snapshot())

    def _app(self, t: float, ch: SimChannel, app: str, data: str, exten: str | None = None) -> None:
        if exten is not None:
            ch.exten = exten
        self._event(t, "Newexten", *ch.snapshot(), ("Extension", ch.exten), ("Application", app),
                    ("AppData", data), privilege="dialplan,all")

    def _dial(self, t: float, kind: str, src: SimChannel | None, dst: SimChannel, extra: tuple[str, str]) -> None:
        pairs = [*(src.snapshot() if src else []), *dst.snapshot("Dest"), extra]
        self._event(t, kind, *pairs)

    def _dial_pair(self, t: float, src: SimChannel | None, dst: SimChannel, dial_string: str) -> None:
        if src is not None:
            dst.connected_num, dst.connected_name = src.caller_num, src.caller_name
        self._dial(t, "DialBegin", src, dst, ("DialString", dial_string))

    def _bridge_id(self) -> str:
        return f"5b7e{next(self._bridges):04x}-0a1c-4d2e-9f3b-7c61d2e4a{int(self._start) % 1000:03d}"

    def _bridge(self, t: float, kind: str, bridge: str, ch: SimChannel, members: int) -> None:
        self._event(t, kind, ("BridgeUniqueid", bridge), ("BridgeType", "basic"),
                    ("BridgeTechnology", "simple_bridge"), ("BridgeCreator", "<unknown>"),
                    ("BridgeName", "<unknown>"), ("BridgeNumChannels", str(members)),
                    ("BridgeVideoSourceMode", "none"), *ch.snapshot())

    def _connect(self, t: float, a: SimChannel, b: SimChannel) -> str:
        bridge = self._bridge_id()
        self._bridge(t, "BridgeEnter", bridge, a, 1)
        self._bridge(t + 0.002, "BridgeEnter", bridge, b, 2)
        return bridge

    def _hangup(self, t: float, ch: SimChannel, cause: int = 16) -> None:
        text = {16: "Normal Clearing", 26: "Answered elsewhere", 127: "Interworking, unspecified",
                19: "No answer", 17: "User busy"}[cause]
        self._event(t, "Hangup", *ch.snapshot(), ("Cause", str(cause)), ("Cause-txt", text))

    def _inbound_leg(self, caller: str, at: float) -> SimChannel:
        self._begin(at)
        trunk = self._channel(self.trunk, None, caller_num=caller, context="from-trunk", exten=self.did)
        self._new(0.0, trunk, 4)
        self._event(0.001, "VarSet", *trunk.snapshot(), ("Variable", "__FROM_DID"), ("Value", self.did),
                    privilege="dialplan,all")
        return trunk

    def _ring(self, t: float, src: SimChannel, ext: str, dial_string: str | None = None) -> SimChannel:
        dst = self._channel(ext, src, caller_num=ext, context="from-internal", caller_name=self.names.get(ext, ext),
                            t=t)
        self._new(t, dst, 0)
        self._dial_pair(t + 0.004, src, dst, dial_string or ext)
        self._state(t + 0.05, dst, 5)
        return dst

    def _answer(self, t: float, src: SimChannel | None, dst: SimChannel) -> None:
        self._state(t, dst, 6)
        self._dial(t + 0.003, "DialEnd", src, dst, ("DialStatus", "ANSWER"))
        if src is not None and src.state != 6:
            self._state(t + 0.004, src, 6)

    def _finish(self) -> list[Timed]:
        out, self._out = sorted(self._out, key=lambda item: item[0]), []
        return out

    # -- scenarios -------------------------------------------------------------------------------------

    def answered(self, caller: str, at: float, ext: str = "201", ring: float = 7, talk: float = 95) -> list[Timed]:
        """An inbound call rings one extension, which answers; the caller hangs up."""
        a = self._inbound_leg(caller, at)
        self._app(0.01, a, "Dial", f"{self.tech}/{ext},30,tT")
        b = self._ring(0.02, a, ext)
        self._answer(ring, a, b)
        bridge = self._connect(ring + 0.01, a, b)
        end = ring + talk
        self._bridge(end, "BridgeLeave", bridge, a, 1)
        self._hangup(end + 0.01, a)
        self._bridge(end + 0.02, "BridgeLeave", bridge, b, 0)
        self._hangup(end + 0.03, b)
        return self._finish()

    def _member(self, t: float, a: SimChannel, ext: str, local: bool) -> tuple[SimChannel, SimChannel, str]:
        """Ring one queue member; returns the channel the queue dialled, the phone's channel, the interface."""
        name = self.names.get(ext, ext)
        if not local:
            b = self._new(t, self._channel(ext, a, caller_num=ext, context="from-queue", caller_name=name, t=t), 0)
            interface = f"{self.tech}/{ext}"
            target = b
        else:
            base, interface = f"Local/{ext}@from-queue-{next(self._seq):08x}", f"Local/{ext}@from-queue/n"
            target, half2 = (SimChannel(f"{base};{h}", f"{int(self._start + t)}.{next(self._uid)}", a.linkedid,
                                        ext, name, context="from-queue", exten=ext) for h in (1, 2))
            self._new(t, target, 0)
            self._new(t + 0.0005, half2, 4)
        self._event(t + 0.001, "AgentCalled", *a.snapshot(), *target.snapshot("Dest"),
                    ("Queue", self.queue_name), ("MemberName", name), ("Interface", interface),
                    privilege="agent,all")
        self._dial_pair(t + 0.002, a, target, interface)
        if local:
            self._app(t + 0.003, half2, "Dial", f"{self.tech}/{ext},,tT")
            b = self._ring(t + 0.004, half2, ext)
            self._halves[b.uniqueid] = half2
        self._state(t + 0.06, target, 5)
        return target, b, interface

    def _drop_member(self, t: float, a: SimChannel, target: SimChannel, b: SimChannel, cause: int) -> None:
        self._dial(t, "DialEnd", a, target, ("DialStatus", "CANCEL"))
        half2 = self._halves.get(b.uniqueid)
        if half2 is not None:
            self._dial(t + 0.0002, "DialEnd", half2, b, ("DialStatus", "CANCEL"))
            self._hangup(t + 0.0004, b, cause)
            self._hangup(t + 0.0006, half2, cause)
        self._hangup(t + 0.0008, target, cause)

    def queue(self, caller: str, at: float, agents: tuple[str, ...] = ("201", "202", "203"),
              answered_by: str | None = "202", wait: float = 12, talk: float = 60,
              local_members: bool = False) -> list[Timed]:
        """An inbound call waits in a queue that rings several agents; one answers, or the caller gives up.

        With ``local_members`` the queue rings ``Local/201@from-queue/n`` members, as FreePBX does: each
        member is a Local channel pair whose second half dials the phone.
        """
        a = self._inbound_leg(caller, at)
        self._halves = {}
        self._app(0.01, a, "Queue", f"{self.queue_name},tT")
        self._event(0.02, "QueueCallerJoin", *a.snapshot(), ("Queue", self.queue_name), ("Position", "1"),
                    ("Count", "1"))
        members = {ext: self._member(0.1 + i * 0.01, a, ext, local_members) for i, ext in enumerate(agents)}
        if answered_by is None:
            for i, (target, b, _interface) in enumerate(members.values()):
                self._drop_member(wait + i * 0.001, a, target, b, 16)
            self._event(wait + 0.02, "QueueCallerAbandon", *a.snapshot(), ("Queue", self.queue_name),
                        ("Position", "1"), ("OriginalPosition", "1"), ("HoldTime", str(int(wait))),
                        privilege="agent,all")
            self._hangup(wait + 0.03, a, 127)
            return self._finish()
        target, b, interface = members[answered_by]
        half2 = self._halves.get(b.uniqueid)
        if half2 is not None:
            self._answer(wait - 0.005, half2, b)
        self._answer(wait, a, target)
        for i, (ext, (other, other_b, _)) in enumerate(members.items()):
            if ext != answered_by:
                self._drop_member(wait + 0.01 + i * 0.001, a, other, other_b, 26)
        name = self.names.get(answered_by, answered_by)
        self._event(wait + 0.03, "AgentConnect", *a.snapshot(), *target.snapshot("Dest"),
                    ("Queue", self.queue_name), ("MemberName", name), ("Interface", interface),
                    ("RingTime", str(int(wait - 0.1))), ("HoldTime", str(int(wait))), privilege="agent,all")
        self._event(wait + 0.04, "QueueCallerLeave", *a.snapshot(), ("Queue", self.queue_name), ("Position", "1"),
                    ("Count", "0"), privilege="agent,all")
        bridge = self._connect(wait + 0.05, a, target)
        if half2 is not None:
            self._connect(wait + 0.06, half2, b)
        end = wait + talk
        self._bridge(end, "BridgeLeave", bridge, target, 1)
        self._event(end + 0.005, "AgentComplete", *a.snapshot(), *target.snapshot("Dest"),
                    ("Queue", self.queue_name), ("MemberName", name), ("Interface", interface),
                    ("HoldTime", str(int(wait))), ("TalkTime", str(int(talk))), ("Reason", "agent"),
                    privilege="agent,all")
        self._hangup(end + 0.01, b)
        if half2 is not None:
            self._hangup(end + 0.011, half2)
            self._hangup(end + 0.012, target)
        self._bridge(end + 0.02, "BridgeLeave", bridge, a, 0)
        self._hangup(end + 0.03, a)
        return self._finish()

    def missed(self, caller: str, at: float, ext: str = "201", ring: float = 20) -> list[Timed]:
        """An inbound call rings an extension nobody picks up; the caller gives up (cause 127 on his side)."""
        a = self._inbound_leg(caller, at)
        self._app(0.01, a, "Dial", f"{self.tech}/{ext},30,tT")
        b = self._ring(0.02, a, ext)
        self._dial(ring, "DialEnd", a, b, ("DialStatus", "CANCEL"))
        self._hangup(ring + 0.01, b, 16)
        self._hangup(ring + 0.02, a, 127)
        return self._finish()

    def blind_transfer(self, caller: str, at: float, first: str = "201", target: str = "204",
                       ring: float = 5, talk: float = 30, ring2: float = 6, talk2: float = 80) -> list[Timed]:
        """The extension that answered sends the caller on to another extension without announcing him."""
        a = self._inbound_leg(caller, at)
        self._app(0.01, a, "Dial", f"{self.tech}/{first},30,tT")
        b = self._ring(0.02, a, first)
        self._answer(ring, a, b)
        bridge = self._connect(ring + 0.01, a, b)
        t = ring + talk
        self._event(t, "BlindTransfer", ("Result", "Success"), *b.snapshot("Transferer"),
                    *a.snapshot("Transferee"), ("BridgeUniqueid", bridge), ("BridgeType", "basic"),
                    ("BridgeTechnology", "simple_bridge"), ("BridgeCreator", "<unknown>"),
                    ("BridgeName", "<unknown>"), ("BridgeNumChannels", "2"), ("BridgeVideoSourceMode", "none"),
                    ("IsExternal", "No"), ("Context", "from-internal"), ("Extension", target))
        self._bridge(t + 0.01, "BridgeLeave", bridge, a, 1)
        self._bridge(t + 0.02, "BridgeLeave", bridge, b, 0)
        self._hangup(t + 0.03, b)
        a.context = "from-internal"
        self._app(t + 0.04, a, "Dial", f"{self.tech}/{target},30,tT", exten=target)
        c = self._ring(t + 0.05, a, target)
        t2 = t + ring2
        self._answer(t2, a, c)
        bridge2 = self._connect(t2 + 0.01, a, c)
        end = t2 + talk2
        self._bridge(end, "BridgeLeave", bridge2, c, 1)
        self._hangup(end + 0.01, c)
        self._bridge(end + 0.02, "BridgeLeave", bridge2, a, 0)
        self._hangup(end + 0.03, a)
        return self._finish()

    def attended_transfer(self, caller: str, at: float, first: str = "201", target: str = "202",
                          ring: float = 4, talk: float = 20, consult: float = 15, talk2: float = 70) -> list[Timed]:
        """The extension that answered calls a colleague, talks to him, then joins the caller to him."""
        a = self._inbound_leg(caller, at)
        self._app(0.01, a, "Dial", f"{self.tech}/{first},30,tT")
        b = self._ring(0.02, a, first)
        self._answer(ring, a, b)
        bridge = self._connect(ring + 0.01, a, b)
        t = ring + talk
        self._event(t, "MusicOnHoldStart", *a.snapshot(), ("Class", "default"))
        c = self._channel(first, None, caller_num=first, context="from-internal", exten=target,
                          caller_name=self.names.get(first, first), t=t + 0.5)
        self._new(t + 0.5, c, 4)
        self._app(t + 0.51, c, "Dial", f"{self.tech}/{target},30,tT")
        d = self._ring(t + 0.52, c, target)
        t2 = t + 4
        self._answer(t2, c, d)
        bridge2 = self._connect(t2 + 0.01, c, d)
        t3 = t2 + consult
        self._event(t3, "MusicOnHoldStop", *a.snapshot())
        self._event(t3 + 0.01, "AttendedTransfer", ("Result", "Success"), *b.snapshot("OrigTransferer"),
                    ("OrigBridgeUniqueid", bridge), *c.snapshot("SecondTransferer"),
                    ("SecondBridgeUniqueid", bridge2), ("DestType", "Bridge"), ("DestBridgeUniqueid", bridge),
                    *a.snapshot("Transferee"), *d.snapshot("TransferTarget"), ("IsExternal", "No"))
        self._bridge(t3 + 0.02, "BridgeLeave", bridge, b, 1)
        self._bridge(t3 + 0.03, "BridgeLeave", bridge2, c, 1)
        self._bridge(t3 + 0.04, "BridgeLeave", bridge2, d, 0)
        self._bridge(t3 + 0.05, "BridgeEnter", bridge, d, 2)
        self._hangup(t3 + 0.06, b)
        self._hangup(t3 + 0.07, c)
        end = t3 + talk2
        self._bridge(end, "BridgeLeave", bridge, a, 1)
        self._hangup(end + 0.01, a)
        self._bridge(end + 0.02, "BridgeLeave", bridge, d, 0)
        self._hangup(end + 0.03, d)
        return self._finish()

    def outbound(self, number: str, at: float, ext: str = "201", ring: float = 9, talk: float = 45,
                 answered: bool = True, originate: bool = True) -> list[Timed]:
        """Click-to-call: Originate rings the user's extension, then it dials the number over the trunk."""
        self._begin(at)
        if originate:
            b = self._channel(ext, None, caller_num=number, caller_name=number, context="from-internal")
            self._new(0.0, b, 0)
            self._dial(0.002, "DialBegin", None, b, ("DialString", ext))
            self._state(0.05, b, 5)
            self._answer(2.0, None, b)
            self._event(2.01, "OriginateResponse", ("Response", "Success"), ("Channel", b.name),
                        ("Context", "from-internal"), ("Exten", number), ("Application", ""), ("Data", ""),
                        ("Reason", "4"), ("Uniqueid", b.uniqueid), ("CallerIDNum", number),
                        ("CallerIDName", number))
            start = 2.02
        else:
            b = self._channel(ext, None, caller_num=ext, context="from-internal", exten=number,
                              caller_name=self.names.get(ext, ext))
            self._new(0.0, b, 4)
            start = 0.02
        self._app(start, b, "Dial", f"{self.tech}/{number}@{self.trunk},60,tT", exten=number)
        t = self._channel(self.trunk, b, caller_num=number, context="from-trunk", t=start)
        self._new(start + 0.01, t, 0)
        self._dial_pair(start + 0.012, b, t, f"{number}@{self.trunk}")
        self._state(start + 0.5, t, 5)
        if not answered:
            end = start + ring
            self._dial(end, "DialEnd", b, t, ("DialStatus", "NOANSWER"))
            self._hangup(end + 0.01, t, 19)
            self._hangup(end + 0.02, b, 16)
            return self._finish()
        self._answer(start + ring, b, t)
        bridge = self._connect(start + ring + 0.01, b, t)
        end = start + ring + talk
        self._bridge(end, "BridgeLeave", bridge, t, 1)
        self._hangup(end + 0.01, t)
        self._bridge(end + 0.02, "BridgeLeave", bridge, b, 0)
        self._hangup(end + 0.03, b)
        return self._finish()

    def build(self, name: str, number: str, at: float) -> list[Timed]:
        """One scenario by its name in :data:`SCENARIOS`, for ``number`` (the caller, or the number dialled)."""
        if name == "abandoned":
            return self.queue(number, at, answered_by=None, wait=25)
        if name not in SCENARIOS:
            raise ValueError(f"unknown scenario {name!r}; choose from {', '.join(SCENARIOS)}")
        return getattr(self, name)(number, at)


def transcript(events: list[Timed], *, banner: str | None = "Asterisk Call Manager/5.0.1") -> str:
    """The raw text Asterisk would send for these events (CRLF lines, blank line after each frame)."""
    head = f"{banner}\r\n" if banner else ""
    return head + "".join(frame.encode().decode() for _, frame in events)

"""Asterisk channel names and numbers: which endpoint a channel is, and whether it is one of our extensions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

# TECH/resource-sequence, with ";1"/";2" for the two halves of a Local channel:
# PJSIP/201-0000001a, SIP/megafon-00000a2b, Local/201@from-queue-00000012;2
_CHANNEL = re.compile(r"^(?P<tech>[A-Za-z0-9_]+)/(?P<resource>.+?)(?:-(?P<seq>[0-9a-fA-F]+))?(?:;(?P<half>[12]))?$")
_UNIQUEID_EPOCH = re.compile(r"(?:^|-)(?P<epoch>\d{9,11})\.\d+$")
_DIGITS = re.compile(r"\+?\d{3,}")
WITHHELD = frozenset({"", "anonymous", "unknown", "<unknown>", "restricted", "private", "unavailable"})


@dataclass(frozen=True)
class ChannelName:
    """A parsed channel name: technology, endpoint (``201`` or a trunk name) and the Local half if any."""

    raw: str
    tech: str
    endpoint: str
    local_half: int | None = None

    @property
    def is_local(self) -> bool:
        return self.tech.lower() == "local"


def parse_channel(name: str | None) -> ChannelName | None:
    """Parse ``PJSIP/201-0000001a`` into its parts; None for an empty or unrecognisable name."""
    if not name:
        return None
    match = _CHANNEL.match(name.strip())
    if match is None:
        return None
    tech, resource = match["tech"], match["resource"]
    half = int(match["half"]) if match["half"] else None
    if tech.lower() == "local":
        resource = resource.split("@", 1)[0]  # Local/201@from-queue: the extension it leads to
    return ChannelName(name.strip(), tech, resource, half)


def interface_endpoint(interface: str | None) -> str | None:
    """The endpoint of a queue member interface: ``PJSIP/201`` → ``201``, ``Local/201@from-queue/n`` → ``201``."""
    if not interface or "/" not in interface:
        return None
    resource = interface.split("/", 2)[1]
    return resource.split("@", 1)[0] or None


@dataclass(frozen=True)
class ExtensionPlan:
    """Tells our extensions from trunks: a pattern for extension numbers plus optional explicit lists.

    An endpoint is an extension when it is in ``extensions``, or matches ``pattern`` and is not in ``trunks``
    (for the odd trunk whose endpoint name is all digits).
    """

    pattern: str = r"\d{2,4}"
    extensions: frozenset[str] = field(default_factory=frozenset)
    trunks: frozenset[str] = field(default_factory=frozenset)

    def is_extension(self, endpoint: str | None) -> bool:
        if not endpoint:
            return False
        if endpoint in self.extensions:
            return True
        if endpoint in self.trunks:
            return False
        return _compiled(self.pattern).fullmatch(endpoint) is not None

    def channel_is_extension(self, channel: ChannelName | None) -> bool:
        return channel is not None and not channel.is_local and self.is_extension(channel.endpoint)


@lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def is_withheld(number: str | None) -> bool:
    """True for the caller ids PBXs send when the number is hidden or missing."""
    return (number or "").strip().lower() in WITHHELD


def number_in(text: str | None) -> str | None:
    """The longest run of digits (with a leading +) in a dial string: ``megafon/79001234567`` → ``79001234567``."""
    if not text:
        return None
    text = text.replace("sip:", "/").replace("tel:", "/")
    runs = _DIGITS.findall(text)
    return max(runs, key=len) if runs else None


def looks_external(number: str | None, plan: ExtensionPlan) -> bool:
    """A number that is not one of our extensions and long enough to be dialled outside (5+ digits)."""
    if not number:
        return False
    digits = re.sub(r"\D", "", number)
    return len(digits) >= 5 and not plan.is_extension(number)


def uniqueid_time(uniqueid: str | None) -> datetime | None:
    """When a channel was created, read from its Uniqueid (``1700000000.123`` is epoch seconds and a counter)."""
    if not uniqueid:
        return None
    match = _UNIQUEID_EPOCH.search(uniqueid)
    if match is None:
        return None
    return datetime.fromtimestamp(int(match["epoch"]), UTC)


def uniqueid_order(uniqueid: str) -> tuple[int, int, str]:
    """A sort key putting older Uniqueids first (epoch, then the PBX's counter)."""
    match = re.search(r"(\d+)\.(\d+)$", uniqueid)
    if match is None:
        return (1 << 62, 0, uniqueid)
    return (int(match[1]), int(match[2]), uniqueid)

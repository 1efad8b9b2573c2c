"""Plain, frozen data about calls shaped for the views: the call pane, the call log and the callback queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from models.views import EquipmentRow, OrderRow, PhoneRow, VisitRow


@dataclass(frozen=True)
class CallInfo:
    """One call as the pane shows it; times in the company's time zone.

    ``number`` is the other party's number in display form ("+7 351 123-45-67", or as the PBX sent it when it
    is not a phone number); ``e164`` is set when that number can be dialled back.
    """

    id: int
    pbx_call_id: str
    direction: str  # inbound | outbound | internal
    status: str  # ringing | answered | ended | missed | failed
    number: str
    e164: str | None
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    extension: str | None  # who answered, placed it, or was rung first
    extensions_rung: tuple[str, ...]
    talk_seconds: int | None
    recording_url: str | None
    client_id: int | None

    @property
    def active(self) -> bool:
        """True while the call is still ringing or being talked on."""
        return self.status in ("ringing", "answered")


@dataclass(frozen=True)
class ClientSummary:
    """What a dispatcher needs about a caller before answering: who, their units, open work and money owed."""

    id: int
    name: str
    kind: str
    phones: tuple[PhoneRow, ...]
    equipment: tuple[EquipmentRow, ...]
    open_orders: tuple[OrderRow, ...]
    last_visits: tuple[VisitRow, ...]  # newest first
    upcoming_visits: tuple[VisitRow, ...]  # soonest first
    balance_due: Decimal
    currency: str
    time_zone: str
    today: date


@dataclass(frozen=True)
class CandidateClient:
    """A client who has the caller's number, when several share it and none was chosen for the call."""

    id: int
    name: str


@dataclass(frozen=True)
class CallLogRow:
    """One line of the call log (and of a caller's recent calls)."""

    id: int
    started_at: datetime  # in the company's time zone
    direction: str
    status: str
    number: str  # the other party, display form
    e164: str | None
    extension: str | None
    client_id: int | None
    client_name: str | None
    ring_seconds: int | None
    talk_seconds: int | None
    recording_url: str | None
    order_number: int | None


@dataclass(frozen=True)
class CallerSummary:
    """Everything the call pane shows for one call, read in one unit of work.

    ``client`` is None for a number no client has (the pane offers "New client") or one several clients
    share (``candidates`` lists them).
    """

    call: CallInfo
    client: ClientSummary | None
    candidates: tuple[CandidateClient, ...]
    recent_calls: tuple[CallLogRow, ...]  # the same caller's earlier calls, newest first


@dataclass(frozen=True)
class RingingCall:
    """A call in progress that rang a given extension."""

    id: int
    status: str  # ringing | answered
    direction: str
    number: str
    started_at: datetime
    extension: str | None  # who answered it, once answered
    client_id: int | None
    client_name: str | None


@dataclass(frozen=True)
class CallLogFilter:
    """What the call log shows; empty fields do not filter.

    ``since``/``until`` are days in the company's time zone (both included); ``statuses`` any of the stored
    statuses; ``extension`` an extension that handled or was rung by the call; ``text`` digits of a number
    (any part of it) or words of the client's name.
    """

    since: date | None = None
    until: date | None = None
    direction: str | None = None
    statuses: tuple[str, ...] = ()
    extension: str | None = None
    client_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class CallbackRow:
    """An open callback task of a missed call, as the missed-calls queue shows it."""

    task_id: int
    title: str
    due_at: datetime | None  # in the company's time zone
    overdue: bool
    assignee: str | None
    client_id: int | None
    client_name: str | None
    number: str  # display form; empty when neither the call nor the client gives one
    e164: str | None
    missed_at: datetime
    tries: int  # outgoing calls to the number (or the client) since the call was missed
    call_id: int | None

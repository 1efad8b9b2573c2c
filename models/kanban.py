"""The kanban board of a pipeline: its stages as columns with counts and sums, and the cards, read in a few queries.

One query reads the cards of every column at once: the filtered orders are ranked per stage in SQL (counts and
sums come from the same window), only the first ``CARDS_PER_COLUMN`` of each column are joined to their client,
site and owner, and each card's state is computed in the same statement: a late open task, and which of the next
stage's gate rules (required fields, attachments, full payment) it would fail. Won and lost columns show the
orders closed in the last ``CLOSED_DAYS`` days (the latest ``CLOSED_CARDS_PER_COLUMN`` as cards); a second
query counts every closed one.

The zone filter runs in SQL on stock PostgreSQL: a zone's GeoJSON rings become ``polygon`` values and a site's
coordinates a ``point`` (``polygon @> point``), so counts and sums stay right under every filter.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.company import Company, User
from models.database import Database
from models.phones import format_phone
from models.pipeline_rules import CustomFieldDef
from models.pipelines import SOURCE_CHANNELS, Pipeline, Stage
from models.scheduling import Zone
from models.zones import InvalidZonePolygon, validate_zone_polygon

CARDS_PER_COLUMN = 2_000
CLOSED_DAYS = 30
CLOSED_CARDS_PER_COLUMN = 200  # the most recently closed; the header counts them all
#: Order columns a gate may require, and how "filled in" reads for each (money must be more than zero).
GATE_FIELDS = {
    "site_id": "o.site_id IS NOT NULL",
    "equipment_id": "o.equipment_id IS NOT NULL",
    "client_id": "o.client_id IS NOT NULL",
    "owner_id": "o.owner_id IS NOT NULL",
    "due_at": "o.due_at IS NOT NULL",
    "scenario": "o.scenario IS NOT NULL",
    "amount": "o.amount > 0",
    "paid": "o.paid > 0",
    "description": "COALESCE(btrim(o.description), '') <> ''",
    "waiting_reason": "COALESCE(btrim(o.waiting_reason), '') <> ''",
}


class BoardError(ValueError):
    """The board cannot be read as asked; the message says what to change."""


@dataclass(frozen=True)
class BoardFilters:
    """What narrows the board: owner, zone, source channel, creation dates (inclusive) and free text."""

    owner_id: int | None = None
    zone_id: int | None = None
    source_channel: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return any((self.owner_id, self.zone_id, self.source_channel, self.created_from, self.created_to,
                    self.text.strip()))


@dataclass(slots=True)  # not frozen: a board builds thousands of them and frozen init costs twice as much
class KanbanCard:
    """One order on the board, with its state flags.

    ``blocked_by`` lists what the next stage's gate misses as "code:subject" ("field:site_id",
    "attachment:photo", "document:completion_act", "payment:paid"), with the codes and subjects of
    order_flow.GateFailure; the precise sentences come from order_flow.gate_failures.
    """

    id: int
    number: int
    title: str
    stage_id: int
    client_id: int | None
    client: str  # the client's name, or the requester's phone for an unknown caller
    address: str
    owner_id: int | None
    owner: str | None
    amount: Decimal
    paid: Decimal
    due_at: datetime | None  # in the company's time zone
    stage_entered_at: datetime
    version: int
    waiting_reason: str | None = None
    overdue_since: datetime | None = None  # the earliest late task or SLA deadline, when late
    overdue_reason: str | None = None  # "task" | "sla"
    blocked_by: tuple[str, ...] = ()
    lost: bool = False  # in a "lost" stage: whatever was not paid is no longer owed

    @property
    def overdue(self) -> bool:
        return self.overdue_since is not None

    @property
    def waiting(self) -> bool:
        return bool(self.waiting_reason)

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_by)

    @property
    def balance_due(self) -> Decimal:
        """What the client still owes on the order (never negative: an overpayment is not a debt; nothing on a lost
        order)."""
        return Decimal(0) if self.lost else max(Decimal(0), self.amount - self.paid)


@dataclass(frozen=True)
class BoardColumn:
    """A stage as a column: ``count`` and ``total`` cover every matching order in it (for won/lost: those
    closed in the last CLOSED_DAYS days), ``all_count`` every closed one, ``cards`` at most CARDS_PER_COLUMN."""

    stage_id: int
    name: str
    color: str
    kind: str
    sla_hours: int | None
    position: int
    gate_rules: dict
    count: int = 0
    total: Decimal = Decimal(0)
    all_count: int = 0
    cards: tuple[KanbanCard, ...] = ()

    @property
    def closed(self) -> bool:
        return self.kind != "open"

    @property
    def truncated(self) -> bool:
        return len(self.cards) < self.count


@dataclass(frozen=True)
class Board:
    pipeline_id: int
    pipeline_name: str
    columns: tuple[BoardColumn, ...]
    filters: BoardFilters
    currency: str
    time_zone: str
    loaded_at: datetime
    closed_days: int = CLOSED_DAYS
    field_labels: dict = field(default_factory=dict)  # "custom:<key>" -> the custom field's label

    def column_of(self, stage_id: int) -> BoardColumn | None:
        return next((c for c in self.columns if c.stage_id == stage_id), None)

    def card(self, order_id: int) -> KanbanCard | None:
        return next((card for c in self.columns for card in c.cards if card.id == order_id), None)

    @property
    def card_count(self) -> int:
        return sum(len(c.cards) for c in self.columns)


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class BoardOptions:
    """What the filter bar offers: pipelines, people who own orders, zones and source channels."""

    pipelines: tuple[Choice, ...]
    owners: tuple[Choice, ...]
    zones: tuple[Choice, ...]
    sources: tuple[str, ...] = SOURCE_CHANNELS


def board_options(db: Database) -> BoardOptions:
    """The pipelines (not archived), active users and zones, in display order."""
    with db.session() as session:
        pipelines = session.execute(
            select(Pipeline.id, Pipeline.name).where(Pipeline.archived.is_(False))
            .order_by(Pipeline.position, Pipeline.id)).all()
        owners = session.execute(
            select(User.id, User.full_name).where(User.active.is_(True), User.role != "technician")
            .order_by(User.full_name)).all()
        zones = session.execute(select(Zone.id, Zone.name).order_by(Zone.name)).all()
    return BoardOptions(tuple(Choice(*p) for p in pipelines), tuple(Choice(*o) for o in owners),
                        tuple(Choice(*z) for z in zones))


def load_board(db: Database, pipeline_id: int, filters: BoardFilters | None = None, *,
               now: datetime | None = None, cards_per_column: int = CARDS_PER_COLUMN) -> Board:
    """Read the board of a pipeline under the filters; times come back in the company's time zone."""
    filters = filters or BoardFilters()
    if filters.source_channel and filters.source_channel not in SOURCE_CHANNELS:
        raise BoardError(f"Source {filters.source_channel!r} is unknown; choose one of {', '.join(SOURCE_CHANNELS)}.")
    if filters.created_from and filters.created_to and filters.created_from > filters.created_to:
        raise BoardError("The period starts after it ends; swap the dates.")
    with db.session() as session:
        pipeline = session.get(Pipeline, pipeline_id)
        if pipeline is None:
            raise BoardError(f"Pipeline {pipeline_id} does not exist (it may have been deleted); choose another.")
        tz_name, currency = session.execute(select(Company.time_zone, Company.currency)).one()
        tz = ZoneInfo(tz_name or "UTC")
        now = (now or datetime.now(tz)).astimezone(tz)
        stages = session.execute(
            select(Stage).where(Stage.pipeline_id == pipeline_id).order_by(Stage.position, Stage.id)
        ).scalars().all()
        query = _BoardQuery(session, stages, filters, tz, now, cards_per_column)
        rows = query.cards()
        all_closed = query.closed_counts()
        stages = [_StageInfo(s.id, s.name, s.color, s.kind, s.sla_hours, s.position, dict(s.gate_rules or {}))
                  for s in stages]
        pipeline_name = pipeline.name
        labels = dict(session.execute(select(CustomFieldDef.key, CustomFieldDef.label)
                                      .where(CustomFieldDef.pipeline_id == pipeline_id)).all())

    by_stage: dict[int, list[KanbanCard]] = {s.id: [] for s in stages}
    totals: dict[int, tuple[int, Decimal]] = {}
    sla = {s.id: s.sla_hours for s in stages}
    lost = {s.id for s in stages if s.kind == "lost"}
    for row in rows:
        by_stage[row.stage_id].append(_card(row, tz, now, sla.get(row.stage_id), row.stage_id in lost))
        totals[row.stage_id] = (row.n, row.total or Decimal(0))
    columns = []
    for s in stages:
        count, total = totals.get(s.id, (0, Decimal(0)))
        columns.append(BoardColumn(
            stage_id=s.id, name=s.name, color=s.color, kind=s.kind, sla_hours=s.sla_hours, position=s.position,
            gate_rules=s.gate_rules, count=count, total=total,
            all_count=all_closed.get(s.id, 0) if s.kind != "open" else count, cards=tuple(by_stage[s.id]),
        ))
    return Board(pipeline_id, pipeline_name, tuple(columns), filters, currency, tz.key, now,
                 field_labels={f"custom:{k}": v for k, v in labels.items()})


@dataclass(frozen=True)
class _StageInfo:
    id: int
    name: str
    color: str
    kind: str
    sla_hours: int | None
    position: int
    gate_rules: dict


def _card(row, tz: ZoneInfo, now: datetime, sla_hours: int | None, lost: bool = False) -> KanbanCard:
    entered = row.stage_entered_at.astimezone(tz)
    late = []
    if row.late_task_due is not None:
        late.append((row.late_task_due.astimezone(tz), "task"))
    if sla_hours is not None and row.closed_at is None and entered + timedelta(hours=sla_hours) < now:
        late.append((entered + timedelta(hours=sla_hours), "sla"))
    since, reason = min(late) if late else (None, None)
    client = row.client_name or (format_phone(row.requester_phone) if row.requester_phone else "")
    return KanbanCard(
        id=row.id, number=row.number, title=row.title, stage_id=row.stage_id, client_id=row.client_id,
        client=client, address=short_address(row.address, row.city), owner_id=row.owner_id, owner=row.owner,
        amount=row.amount, paid=row.paid, due_at=row.due_at.astimezone(tz) if row.due_at else None,
        stage_entered_at=entered, version=row.version, waiting_reason=row.waiting_reason or None,
        overdue_since=since, overdue_reason=reason, blocked_by=tuple(row.blocked_by or ()), lost=lost,
    )


def short_address(address: str | None, city: str | None = None) -> str:
    """The address without its postcode and city, which are the same on most cards."""
    if not address:
        return ""
    if not address[0].isdigit() and (not city or city not in address) and "г." not in address:
        return address  # the usual case: nothing to strip
    parts = [p.strip() for p in address.split(",")]
    keep = [p for p in parts if not (p.isdigit() or p in (city, f"г. {city}", f"г.{city}") or p.startswith("г. "))]
    return ", ".join(keep or parts)


def zone_polygons(polygon: dict) -> list[tuple[str, list[str]]]:
    """A zone's GeoJSON as PostgreSQL polygon literals: (outer ring, [holes]) per part, in lon/lat order."""
    try:
        validate_zone_polygon(polygon)
    except InvalidZonePolygon as exc:
        raise BoardError(f"The zone cannot be used as a filter: {exc}") from exc
    parts = polygon["coordinates"] if polygon["type"] == "MultiPolygon" else [polygon["coordinates"]]

    def literal(ring) -> str:
        return "(" + ",".join(f"({float(lon)!r},{float(lat)!r})" for lon, lat, *_ in ring) + ")"

    return [(literal(rings[0]), [literal(r) for r in rings[1:]]) for rings in parts]


def _kind_of(stages, stage_id: int) -> str:
    return next((s.kind for s in stages if s.id == stage_id), "open")


class _BoardQuery:
    """Builds the board's SQL for one read: the filter, the ranked cards and the closed counts."""

    def __init__(self, session: Session, stages, filters: BoardFilters, tz: ZoneInfo, now: datetime, cap: int):
        self.session = session
        self.stages = list(stages)
        self.filters = filters
        self.params: dict[str, object] = {
            "pipeline_id": stages[0].pipeline_id if stages else 0,
            "open_ids": [s.id for s in stages if s.kind == "open"] or [0],
            "closed_ids": [s.id for s in stages if s.kind != "open"] or [0],
            "closed_since": now - timedelta(days=CLOSED_DAYS),
            "now": now,
            "cap": cap,
            "closed_cap": min(cap, CLOSED_CARDS_PER_COLUMN),
        }
        self.joins, self.where = self._filter(tz)

    def _filter(self, tz: ZoneInfo) -> tuple[str, str]:
        f, p = self.filters, self.params
        where, joins = [], []
        if f.owner_id is not None:
            where.append("o.owner_id = :owner_id")
            p["owner_id"] = f.owner_id
        if f.source_channel:
            where.append("o.source_channel = :source")
            p["source"] = f.source_channel
        if f.created_from:
            where.append("o.created_at >= :created_from")
            p["created_from"] = datetime.combine(f.created_from, time(), tz)
        if f.created_to:
            where.append("o.created_at < :created_to")
            p["created_to"] = datetime.combine(f.created_to + timedelta(days=1), time(), tz)
        needle = f.text.strip()
        if f.zone_id is not None or needle:
            joins.append("LEFT JOIN sites fs ON fs.id = o.site_id")
        if f.zone_id is not None:
            where.append(self._zone_condition(f.zone_id))
        if needle:
            joins.append("LEFT JOIN clients fc ON fc.id = o.client_id")
            p["needle"] = "%" + needle.lower().replace("ё", "е").replace("\\", "\\\\").replace("%", r"\%") \
                .replace("_", r"\_") + "%"
            options = ["fd_fold(o.title) LIKE :needle", "fd_fold(COALESCE(fc.name, '')) LIKE :needle",
                       "fd_fold(COALESCE(fs.address, '')) LIKE :needle",
                       "fd_fold(COALESCE(o.waiting_reason, '')) LIKE :needle"]
            digits = "".join(ch for ch in needle if ch.isdigit())
            if digits and len(digits) == len(needle.replace(" ", "").lstrip("#№+")):
                p["number_text"] = digits
                p["phone_digits"] = f"%{digits}%"
                options += ["o.number::text = :number_text", "o.requester_phone LIKE :phone_digits"]
            where.append("(" + " OR ".join(options) + ")")
        return " ".join(joins), "".join(f" AND {w}" for w in where)

    def _zone_condition(self, zone_id: int) -> str:
        polygon = self.session.execute(select(Zone.polygon).where(Zone.id == zone_id)).scalar_one_or_none()
        if polygon is None:
            raise BoardError(f"Zone {zone_id} does not exist (it may have been deleted); choose another.")
        parts = []
        for i, (outer, holes) in enumerate(zone_polygons(polygon)):
            self.params[f"zone_{i}"] = outer
            inside = [f"CAST(:zone_{i} AS polygon) @> point(fs.lon, fs.lat)"]
            for j, hole in enumerate(holes):
                self.params[f"zone_{i}_{j}"] = hole
                inside.append(f"NOT CAST(:zone_{i}_{j} AS polygon) @> point(fs.lon, fs.lat)")
            parts.append("(" + " AND ".join(inside) + ")")
        return "(fs.lat IS NOT NULL AND (" + " OR ".join(parts) + "))"

    def _blocked_expression(self) -> str:
        """For each open stage, the gate rules of the next stage it would fail, as an array of "code:subject"."""
        branches = []
        ordered = [s for s in self.stages if s.kind != "lost"]
        for here, nxt in itertools.pairwise(ordered):
            if here.kind != "open":
                continue
            checks = self._gate_checks(nxt.gate_rules or {}, nxt.id)
            if checks:
                self.params[f"gate_from_{here.id}"] = here.id
                branches.append(f"WHEN :gate_from_{here.id} THEN array_remove(ARRAY[{', '.join(checks)}]::text[], "
                                f"NULL)")
        if not branches:
            return "ARRAY[]::text[]"
        return f"CASE o.stage_id {' '.join(branches)} ELSE ARRAY[]::text[] END"

    def _gate_checks(self, rules: dict, stage_id: int) -> list[str]:
        checks = []
        for i, name in enumerate(rules.get("required_fields") or ()):
            label = f"'field:{name}'" if name.replace("_", "").replace(":", "").isalnum() else None
            if label is None:
                continue
            if name.startswith("custom:"):
                key = f"gate_{stage_id}_custom_{i}"
                self.params[key] = name.removeprefix("custom:")
                checks.append(f"CASE WHEN COALESCE(o.custom_fields ->> :{key}, '') = '' THEN {label} END")
            elif name in GATE_FIELDS:
                checks.append(f"CASE WHEN NOT ({GATE_FIELDS[name]}) THEN {label} END")
        # Documents are attachments of their own kind (a signed completion act is a file of kind completion_act).
        needed = [("attachment", k) for k in rules.get("required_attachments") or ()]
        needed += [("document", k) for k in rules.get("required_documents") or ()]
        for i, (code, kind) in enumerate(needed):
            key = f"gate_{stage_id}_file_{i}"
            self.params[key] = str(kind)
            self.params[key + "_label"] = f"{code}:{kind}"
            checks.append(f"CASE WHEN NOT EXISTS (SELECT 1 FROM attachments a WHERE a.order_id = o.id AND a.kind = "
                          f":{key}) THEN CAST(:{key}_label AS text) END")
        if rules.get("fully_paid"):
            no_amount = "WHEN o.amount <= 0 THEN 'payment:amount' " if _kind_of(self.stages, stage_id) == "won" else ""
            checks.append(f"CASE {no_amount}WHEN o.paid < o.amount THEN 'payment:paid' END")
        return checks

    def cards(self) -> list:
        # The base carries every column a card shows, so only the kept rows are joined to clients, sites, users.
        sql = f"""
            WITH base AS (
                SELECT o.id, o.number, o.title, o.stage_id, o.client_id, o.requester_phone, o.site_id, o.owner_id,
                       o.amount, o.paid, o.due_at, o.stage_entered_at, o.closed_at, o.version, o.waiting_reason,
                       o.custom_fields,
                       CASE WHEN o.stage_id = ANY(:closed_ids)
                            THEN -extract(epoch FROM COALESCE(o.closed_at, o.stage_entered_at))
                            ELSE extract(epoch FROM o.stage_entered_at) END AS sort_key
                FROM orders o {self.joins}
                WHERE o.pipeline_id = :pipeline_id
                  AND (o.stage_id = ANY(:open_ids)
                       OR (o.stage_id = ANY(:closed_ids) AND o.closed_at >= :closed_since)){self.where}
            ), ranked AS (
                SELECT b.*, row_number() OVER (PARTITION BY b.stage_id ORDER BY b.sort_key, b.id) AS rn,
                       count(*) OVER (PARTITION BY b.stage_id) AS n,
                       sum(b.amount) OVER (PARTITION BY b.stage_id) AS total
                FROM base b
            )
            SELECT o.id, o.number, o.title, o.stage_id, o.client_id, c.name AS client_name, o.requester_phone,
                   s.address, s.city, o.owner_id, u.full_name AS owner, o.amount, o.paid, o.due_at,
                   o.stage_entered_at, o.closed_at, o.version, o.waiting_reason, o.n, o.total,
                   (SELECT min(t.due_at) FROM tasks t
                     WHERE t.order_id = o.id AND t.status = 'open' AND t.due_at < :now) AS late_task_due,
                   {self._blocked_expression()} AS blocked_by
            FROM ranked o
            LEFT JOIN clients c ON c.id = o.client_id
            LEFT JOIN sites s ON s.id = o.site_id
            LEFT JOIN users u ON u.id = o.owner_id
            WHERE o.rn <= CASE WHEN o.stage_id = ANY(:closed_ids) THEN :closed_cap ELSE :cap END
            ORDER BY o.stage_id, o.rn
        """
        return self.session.execute(text(sql), self.params).all()

    def closed_counts(self) -> dict[int, int]:
        """Every closed order of each won/lost column under the filters, whenever it was closed."""
        if not any(s.kind != "open" for s in self.stages):
            return {}
        sql = f"""
            SELECT o.stage_id, count(*) FROM orders o {self.joins}
            WHERE o.pipeline_id = :pipeline_id AND o.stage_id = ANY(:closed_ids){self.where}
            GROUP BY o.stage_id
        """
        return dict(self.session.execute(text(sql), self.params).all())

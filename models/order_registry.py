"""The registry of orders: one query behind the paged table, its row count and the XLSX export.

Every filter is a condition on ``orders`` alone, so each one can be answered from an index of that table: the
look-ups into clients, phones, sites, equipment and zones run first and come back as id lists. A page is chosen
in a subquery over ``orders`` (filter, sort, offset, limit) and only then joined to the client, site and unit
names.

A page is read one of two ways, chosen from the expected number of matches (the planner's estimate of the
filters, the statistics of the search's words): walking the sort key's index until a page of matches has gone
by (cheap when many orders match), or reading every match through the filters' indexes and sorting them (cheap
when few do). Left to itself the planner often guesses wrong either way on two million orders: it has no estimate
for a prefix search, and it takes a walk along ``number`` (the table's physical order) for cheap.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import shapely
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from models.clients import Client, ClientPhone, Site
from models.company import Company, User
from models.database import Database
from models.equipment import Equipment
from models.order_registry_search import in_ids, planner_rows, text_condition
from models.phones import DEFAULT_REGION, format_phone
from models.pipeline_rules import CustomFieldDef
from models.pipelines import SOURCE_CHANNELS, Order, Pipeline, Stage
from models.scheduling import Zone
from models.zones import load_zone_shapes

PAGE_SIZE = 200
#: Up to this many matching orders are counted exactly; past it the planner's estimate is shown.
EXACT_COUNT_LIMIT = 10_000
#: A planner estimate this many times EXACT_COUNT_LIMIT is trusted without counting at all.
ESTIMATE_TRUSTED_FACTOR = 3
#: Sort keys with an index on orders behind them: the first page of any of them reads one page of the index.
SORT_KEYS = ("created_at", "number", "due_at")
#: What one row costs, relative to a row passed while walking the sort key's index with the filters checked on
#: the way: a row passed while also matching the search's words on the fly (to_tsvector of the order's text), and a
#: matching row read through the filters' indexes and sorted. Measured on the bench's two million orders.
WALK_TEXT_ROW_COST = 10
READ_ROW_COST = 3
#: A walk passes at most this many rows (in walked-row costs; a tenth when it matches words on the fly) before
#: a page falls back to reading every match: the estimate a walk is chosen on assumes the filters independent,
#: and a stage of another pipeline, or a word never used in that stage, would send it through the whole table.
WALK_BUDGET = 40_000


class RegistrySpecError(ValueError):
    """A registry filter cannot be applied; the message says which part is wrong and what to do."""


@dataclass(frozen=True)
class RegistrySpec:
    """What the registry shows: filters (all optional, combined with AND), the search text and the sort.

    ``created_from``/``created_to`` are days in the company's time zone, both included. ``text`` matches the
    order number exactly, the words of the title, description and custom fields, the client's name, a phone of
    the client or of an unknown requester, the site's address and a unit's serial number.
    """

    pipeline_ids: tuple[int, ...] = ()
    stage_ids: tuple[int, ...] = ()
    owner_id: int | None = None
    zone_id: int | None = None
    source_channel: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    overdue_only: bool = False
    text: str = ""
    sort: str = "created_at"
    descending: bool = True

    def validate(self) -> None:
        """Raise RegistrySpecError when the spec cannot be applied as it is."""
        if self.sort not in SORT_KEYS:
            raise RegistrySpecError(f"The registry cannot be sorted by {self.sort!r}; "
                                    f"sort by one of: {', '.join(SORT_KEYS)}.")
        if self.source_channel is not None and self.source_channel not in SOURCE_CHANNELS:
            raise RegistrySpecError(f"{self.source_channel!r} is not a known source; "
                                    f"choose one of: {', '.join(SOURCE_CHANNELS)}.")
        if self.created_from and self.created_to and self.created_from > self.created_to:
            raise RegistrySpecError(f"The period starts on {self.created_from:%d.%m.%Y}, after its end on "
                                    f"{self.created_to:%d.%m.%Y}; swap the dates.")

    def to_dict(self) -> dict:
        """A JSON-ready form for saved views."""
        data = asdict(self)
        data["pipeline_ids"], data["stage_ids"] = list(self.pipeline_ids), list(self.stage_ids)
        for key in ("created_from", "created_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> RegistrySpec:
        """The spec a saved view holds; unknown keys and values of the wrong type fall back to the default, so a
        view saved by an older version still opens."""
        data = data or {}
        defaults = cls()
        values: dict = {}
        for f in fields(cls):
            raw, default = data.get(f.name, getattr(defaults, f.name)), getattr(defaults, f.name)
            try:
                values[f.name] = _coerce(f.name, raw, default)
            except (TypeError, ValueError):
                values[f.name] = default
        spec = cls(**values)
        try:
            spec.validate()
        except RegistrySpecError:
            return cls(**{**values, "sort": "created_at", "source_channel": None, "created_to": None})
        return spec


def _coerce(name: str, raw: object, default: object) -> object:
    if raw is None:
        return None if name in ("owner_id", "zone_id", "source_channel", "created_from", "created_to") else default
    if name in ("pipeline_ids", "stage_ids"):
        return tuple(int(v) for v in raw)  # type: ignore[union-attr]
    if name in ("owner_id", "zone_id"):
        return int(raw)  # type: ignore[arg-type]
    if name in ("created_from", "created_to"):
        return date.fromisoformat(str(raw))
    if name in ("overdue_only", "descending"):
        if not isinstance(raw, bool):
            raise TypeError(name)
        return raw
    return str(raw)


@dataclass(frozen=True)
class RegistryRow:
    """One order as the registry shows it; times in the company's time zone.

    ``client`` is the client's name, or the requester's phone for a request from an unknown caller (then
    ``client_id`` is None). ``phone`` is the number to call in E.164 (the client's first phone or the
    requester's); views format it for display (formatting costs more than reading the row). ``overdue``: an
    open order past its due date or held in its stage longer than the stage's SLA.
    """

    id: int
    number: int
    created_at: datetime
    pipeline: str
    stage: str
    stage_color: str
    stage_kind: str
    client_id: int | None
    client: str
    phone: str
    address: str
    equipment: str
    owner: str
    source: str
    amount: Decimal
    paid: Decimal
    due_at: datetime | None
    overdue: bool
    title: str
    custom_fields: dict = field(default_factory=dict)
    version: int = 1


@dataclass(frozen=True)
class RowCount:
    """How many orders match: exact up to EXACT_COUNT_LIMIT, else the planner's estimate (``exact`` False)."""

    count: int
    exact: bool


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class StageChoice:
    id: int
    pipeline_id: int
    name: str
    color: str
    kind: str


@dataclass(frozen=True)
class RegistryOptions:
    """What the filter bar offers, and how money and custom fields are labelled."""

    pipelines: tuple[Choice, ...]
    stages: tuple[StageChoice, ...]
    owners: tuple[Choice, ...]
    zones: tuple[Choice, ...]
    sources: tuple[str, ...]
    custom_fields: dict[str, str]  # key -> label
    currency: str
    time_zone: str


@dataclass(frozen=True)
class _StageInfo:
    name: str
    color: str
    kind: str
    sla_hours: int | None
    pipeline: str


@dataclass
class RegistryContext:
    """What a query needs from the small tables, read once per call."""

    tz: ZoneInfo
    region: str
    stages: dict[int, _StageInfo]
    users: dict[int, str]
    now: datetime


def registry_context(session: Session, now: datetime | None) -> RegistryContext:
    tz_name, region = session.execute(select(Company.time_zone, Company.phone_region)).one_or_none() or ("UTC", "RU")
    stages = {
        sid: _StageInfo(name, color, kind, sla, pipeline)
        for sid, name, color, kind, sla, pipeline in session.execute(
            select(Stage.id, Stage.name, Stage.color, Stage.kind, Stage.sla_hours, Pipeline.name)
            .join(Pipeline, Pipeline.id == Stage.pipeline_id))
    }
    users = dict(session.execute(select(User.id, User.full_name)).all())
    return RegistryContext(ZoneInfo(tz_name or "UTC"), region or DEFAULT_REGION, stages, users,
                           now or datetime.now(UTC))


def registry_options(db: Database) -> RegistryOptions:
    """Pipelines, stages, people, zones and sources for the filter bar, and the company's currency."""
    with db.session() as session:
        tz_name, currency = session.execute(select(Company.time_zone, Company.currency)).one_or_none() or ("UTC", "RUB")
        pipelines = tuple(Choice(*r) for r in session.execute(
            select(Pipeline.id, Pipeline.name).where(Pipeline.archived.is_(False))
            .order_by(Pipeline.position, Pipeline.id)))
        stages = tuple(StageChoice(*r) for r in session.execute(
            select(Stage.id, Stage.pipeline_id, Stage.name, Stage.color, Stage.kind)
            .join(Pipeline, Pipeline.id == Stage.pipeline_id)
            .order_by(Pipeline.position, Pipeline.id, Stage.position)))
        owners = tuple(Choice(*r) for r in session.execute(
            select(User.id, User.full_name).where(User.active.is_(True),
                                                  User.role.in_(("dispatcher", "manager", "service_head", "admin")))
            .order_by(User.full_name)))
        zones = tuple(Choice(*r) for r in session.execute(select(Zone.id, Zone.name).order_by(Zone.name)))
        labels: dict[str, str] = {}
        for key, label in session.execute(select(CustomFieldDef.key, CustomFieldDef.label)
                                          .order_by(CustomFieldDef.position, CustomFieldDef.id)):
            labels.setdefault(key, label)
    return RegistryOptions(pipelines, stages, owners, zones, SOURCE_CHANNELS, labels, currency or "RUB",
                           tz_name or "UTC")


# -- filters ------------------------------------------------------------------------------------------------


def _zone_condition(session: Session, zone_id: int) -> ColumnElement[bool]:
    """Orders at a site inside the zone (its border counts): the zone's bounding box in SQL, the exact shape here."""
    shapes = load_zone_shapes(session, [zone_id])
    if not shapes:
        return false()
    geometry = shapes[0].geometry
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    rows = session.execute(select(Site.id, Site.lat, Site.lon).where(
        Site.lat.between(min_lat, max_lat), Site.lon.between(min_lon, max_lon))).all()
    if not rows:
        return false()
    ids, lats, lons = (np.array(column) for column in zip(*rows, strict=True))
    inside = ids[shapely.intersects_xy(geometry, lons.astype(float), lats.astype(float))]
    return in_ids(Order.site_id, inside.tolist()) if len(inside) else false()


def _overdue_condition(ctx: RegistryContext) -> ColumnElement[bool]:
    open_ids = [sid for sid, s in ctx.stages.items() if s.kind == "open"]
    late: list[ColumnElement[bool]] = [Order.due_at < ctx.now]
    late += [and_(Order.stage_id == sid, Order.stage_entered_at < ctx.now - timedelta(hours=s.sla_hours))
             for sid, s in ctx.stages.items() if s.kind == "open" and s.sla_hours]
    return and_(Order.stage_id.in_(open_ids), or_(*late)) if open_ids else false()


@dataclass
class _Filter:
    """The WHERE of a spec and what is expected of it.

    ``matches``: orders expected to match; ``range_rows``: orders in the part of the sort key's index a walk
    passes (all of them unless the filter bounds the sort key); ``matches_words``: a walk matches the search's
    words on the fly; ``subquery``: a look-up of the search is a subquery (no index of orders answers it, and
    the planner needs its bitmap scans, so only a walk is fit). ``sparse``: reading every match and sorting them
    beats walking the sort key's index for reading all of them (an export).
    """

    where: list[ColumnElement[bool]]
    matches: float = 1.0
    range_rows: float = 1.0
    matches_words: bool = False
    subquery: bool = False
    sparse: bool = False
    bounds: list[ColumnElement[bool]] = field(default_factory=list)  # the filter's conditions on the sort key

    @property
    def window(self) -> int:
        """The most rows a walk may pass (see WALK_BUDGET)."""
        return WALK_BUDGET // (WALK_TEXT_ROW_COST if self.matches_words else 1)

    def reads_matches(self, wanted: int | None) -> bool:
        """Whether the first ``wanted`` rows (None: all) are better read as every match sorted than by walking
        the sort key's index (which passes range_rows / matches rows per match, matches spread evenly). A page
        walks only when that walk needs at most half its window."""
        if self.subquery:
            return False
        matches = max(self.matches, 1.0)
        walked = self.range_rows if wanted is None else min(self.range_rows, wanted * self.range_rows / matches)
        if wanted is not None and walked > self.window / 2:
            return True
        return matches * READ_ROW_COST < walked * (WALK_TEXT_ROW_COST if self.matches_words else 1)


def filter_conditions(session: Session, spec: RegistrySpec, ctx: RegistryContext) -> _Filter:
    spec.validate()
    where: list[ColumnElement[bool]] = []
    if spec.pipeline_ids:
        where.append(Order.pipeline_id.in_(spec.pipeline_ids))
    if spec.stage_ids:
        where.append(Order.stage_id.in_(spec.stage_ids))
    if spec.owner_id is not None:
        where.append(Order.owner_id == spec.owner_id)
    if spec.source_channel:
        where.append(Order.source_channel == spec.source_channel)
    period: list[ColumnElement[bool]] = []
    if spec.created_from is not None:
        period.append(Order.created_at >= datetime.combine(spec.created_from, time(), ctx.tz))
    if spec.created_to is not None:
        period.append(Order.created_at < datetime.combine(spec.created_to + timedelta(days=1), time(), ctx.tz))
    where += period
    if spec.overdue_only:
        where.append(_overdue_condition(ctx))
    if spec.zone_id is not None:
        where.append(_zone_condition(session, spec.zone_id))
    total = float(planner_rows(session, select(Order.id)))
    matches = float(planner_rows(session, select(Order.id).where(*where))) if where else total
    range_rows, bounds = total, []
    if spec.sort == "created_at" and period:
        range_rows, bounds = float(planner_rows(session, select(Order.id).where(*period))), period
    filtered = _Filter(where, matches, range_rows, bounds=bounds)
    if spec.text.strip():
        found = text_condition(session, spec.text, ctx.region, total=total)
        where.append(found.condition)
        filtered.matches *= found.rows / max(total, 1.0)  # the search independent of the filters
        filtered.matches_words, filtered.subquery = found.matches_words, found.subquery
    filtered.sparse = filtered.reads_matches(None)
    return filtered


def sort_order(spec: RegistrySpec, columns) -> list:
    """The spec's order over ``columns`` (the orders table's or a subquery's); ties broken by id."""
    column = columns[spec.sort]
    keys = [column.desc() if spec.descending else column.asc()]
    if spec.sort != "number":  # the number is unique: no tie to break
        keys.append(columns["id"].desc() if spec.descending else columns["id"].asc())
    return keys


# -- reading ------------------------------------------------------------------------------------------------


_ORDER_COLUMNS = (Order.id, Order.number, Order.pipeline_id, Order.stage_id, Order.client_id, Order.requester_phone,
                  Order.site_id, Order.equipment_id, Order.owner_id, Order.source_channel, Order.title, Order.amount,
                  Order.paid, Order.custom_fields, Order.due_at, Order.stage_entered_at, Order.created_at,
                  Order.version)


def _rows_select(spec: RegistrySpec, filtered: _Filter, offset: int | None, limit: int | None, *,
                 sparse: bool) -> Select:
    """The rows of one page (or all of them): orders chosen and sorted first, then joined to their names.
    ``sparse``: every match is read (no order, no limit: through the filters' indexes), then sorted."""
    chosen = select(*_ORDER_COLUMNS).where(*filtered.where)
    columns = Order.__table__.c
    if sparse:
        matches = chosen.cte("matches").prefix_with("MATERIALIZED")
        chosen, columns = select(matches), matches.c
    chosen = chosen.order_by(*sort_order(spec, columns))
    if offset:
        chosen = chosen.offset(offset)
    if limit is not None:
        chosen = chosen.limit(limit)
    page = chosen.subquery("page")
    first_phone = (
        select(ClientPhone.e164).where(ClientPhone.client_id == page.c.client_id)
        .order_by(ClientPhone.contact_id.nulls_first(), ClientPhone.id).limit(1)
        .correlate(page).scalar_subquery()
    )
    return (
        select(page, Client.name.label("client_name"), Site.address, Equipment.kind.label("unit_kind"),
               Equipment.model, Equipment.serial, first_phone.label("client_phone"))
        .outerjoin(Client, Client.id == page.c.client_id)
        .outerjoin(Site, Site.id == page.c.site_id)
        .outerjoin(Equipment, Equipment.id == page.c.equipment_id)
        .order_by(*sort_order(spec, page.c))
    )


def _row(r, ctx: RegistryContext) -> RegistryRow:
    stage = ctx.stages.get(r.stage_id) or _StageInfo("?", "#9e9e9e", "open", None, "?")
    requester = format_phone(r.requester_phone) if r.requester_phone else ""
    overdue = stage.kind == "open" and (
        (r.due_at is not None and r.due_at < ctx.now)
        or (stage.sla_hours is not None and r.stage_entered_at < ctx.now - timedelta(hours=stage.sla_hours)))
    unit = " ".join(p for p in (r.unit_kind, r.model, f"№ {r.serial}" if r.serial else None) if p)
    return RegistryRow(
        id=r.id, number=r.number, created_at=r.created_at.astimezone(ctx.tz), pipeline=stage.pipeline,
        stage=stage.name, stage_color=stage.color, stage_kind=stage.kind, client_id=r.client_id,
        client=r.client_name or requester, phone=r.client_phone or r.requester_phone or "",
        address=r.address or "", equipment=unit,
        owner=ctx.users.get(r.owner_id, "") if r.owner_id else "", source=r.source_channel,
        amount=r.amount, paid=r.paid, due_at=r.due_at.astimezone(ctx.tz) if r.due_at else None, overdue=overdue,
        title=r.title, custom_fields=dict(r.custom_fields or {}), version=r.version,
    )


@contextmanager
def _walking(session: Session, walk: bool) -> Iterator[None]:
    """Plan the next query as a walk along the sort key's index (no bitmap scan of the filters, no scan of the
    whole table) when ``walk``: the planner's own choice between the two ways is often wrong here."""
    if not walk:
        yield
        return
    session.execute(text("SET LOCAL enable_bitmapscan = off"))
    session.execute(text("SET LOCAL enable_seqscan = off"))
    yield
    session.execute(text("RESET enable_bitmapscan"))
    session.execute(text("RESET enable_seqscan"))


def _window(session: Session, spec: RegistrySpec, filtered: _Filter) -> ColumnElement[bool] | None:
    """The first ``filtered.window`` orders in the spec's order (within the filter's bounds on the sort key) as a
    condition on the sort key, read from its index alone; None when the bounds hold fewer orders."""
    column = Order.__table__.c[spec.sort]
    keys = [column.desc() if spec.descending else column.asc()]
    if spec.sort == "due_at":  # (due_at, id) is its index; the others' index holds the key alone
        keys.append(Order.id.desc() if spec.descending else Order.id.asc())
    last = session.execute(select(column, Order.id if spec.sort == "due_at" else literal_column("0"))
                           .where(*filtered.bounds).order_by(*keys)
                           .offset(filtered.window - 1).limit(1)).one_or_none()
    if last is None:
        return None
    value, last_id = last
    before_id = Order.id >= last_id if spec.descending else Order.id <= last_id
    if value is not None:
        # Ties on the key stay in: rows up to the last one holding the value are still the start of the order.
        within = column >= value if spec.descending else column <= value
        return within if spec.sort != "due_at" or not spec.descending else or_(column.is_(None), within)
    # Only due_at is ever empty: descending, empty dates come first; ascending, last (ties broken by id).
    empty = and_(column.is_(None), before_id)
    return empty if spec.descending else or_(column.is_not(None), empty)


def _page(session: Session, spec: RegistrySpec, ctx: RegistryContext, offset: int, limit: int,
          ids: set[int] | None, explain: bool = False) -> list:
    """The rows of fetch_page's query (or its plan): a walk along the sort key's index within a window of the
    first orders, or, when the walk is not worth it or its window held less than the page, every match sorted."""
    filtered = filter_conditions(session, spec, ctx)
    if ids is not None:
        filtered.where.append(in_ids(Order.id, sorted(ids)))
        filtered.matches = min(filtered.matches, float(len(ids)))
    if not filtered.reads_matches(offset + limit):
        # Without conditions beyond the sort key's bounds every row walked is a match: no window needed.
        unbounded = filtered.subquery or len(filtered.where) == len(filtered.bounds)
        window = None if unbounded else _window(session, spec, filtered)
        walk = replace(filtered, where=filtered.where + ([window] if window is not None else []))
        with _walking(session, not filtered.subquery):
            rows = _run(session, _rows_select(spec, walk, offset, limit, sparse=False), explain)
        if explain:
            return ["walks the sort key's index", *rows]
        if len(rows) == limit or window is None:
            return rows
    rows = _run(session, _rows_select(spec, filtered, offset, limit, sparse=True), explain)
    return ["reads every match, then sorts", *rows] if explain else rows


def _run(session: Session, query: Select, explain: bool) -> list:
    if not explain:
        return session.execute(query).all()
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    return connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}", compiled.params).scalars().all()


def fetch_page(db: Database, spec: RegistrySpec, offset: int = 0, limit: int = PAGE_SIZE, *,
               ids: set[int] | None = None, now: datetime | None = None) -> list[RegistryRow]:
    """One page of the orders matching ``spec`` in its sort order; with ``ids``, only those orders (to refresh
    the rows a view shows after they changed) that still match."""
    if offset < 0 or limit <= 0:
        raise RegistrySpecError(f"A page needs offset ≥ 0 and limit > 0 (got {offset}, {limit}).")
    with db.session() as session:
        ctx = registry_context(session, now)
        return [_row(r, ctx) for r in _page(session, spec, ctx, offset, limit, ids)]


def iter_rows(db: Database, spec: RegistrySpec, batch: int = 2_000, *,
              now: datetime | None = None) -> Iterator[list[RegistryRow]]:
    """Every matching order in the spec's order, ``batch`` rows at a time, through a server-side cursor (one
    consistent snapshot; the rows are never all in memory)."""
    with db.session() as session:
        ctx = registry_context(session, now)
        filtered = filter_conditions(session, spec, ctx)
        query = _rows_select(spec, filtered, None, None, sparse=filtered.sparse)
        with _walking(session, not filtered.sparse and not filtered.subquery):
            result = session.execute(query, execution_options={"yield_per": batch})
        for chunk in result.partitions(batch):
            yield [_row(r, ctx) for r in chunk]


def count_estimate(db: Database, spec: RegistrySpec, *, now: datetime | None = None) -> RowCount:
    """How many orders match: counted up to EXACT_COUNT_LIMIT; beyond it the estimate (the planner's, and the
    words index's statistics for a search), which costs nothing on two million rows."""
    with db.session() as session:
        ctx = registry_context(session, now)
        filtered = filter_conditions(session, spec, ctx)
        estimate = round(filtered.matches)
        if estimate <= ESTIMATE_TRUSTED_FACTOR * EXACT_COUNT_LIMIT:
            probe = select(literal_column("1")).select_from(Order).where(*filtered.where)
            capped = session.execute(
                select(func.count()).select_from(probe.limit(EXACT_COUNT_LIMIT + 1).subquery())).scalar_one()
            if capped <= EXACT_COUNT_LIMIT:
                return RowCount(capped, True)
        return RowCount(max(estimate, EXACT_COUNT_LIMIT + 1), False)


def explain_page(db: Database, spec: RegistrySpec, offset: int = 0, limit: int = PAGE_SIZE, *,
                 now: datetime | None = None) -> str:
    """How fetch_page reads a page (its first line) and the plan of that query as run (EXPLAIN ANALYZE, BUFFERS),
    after the look-ups the spec needs; for benchmarks and diagnosis."""
    with db.session() as session:
        return "\n".join(_page(session, spec, registry_context(session, now), offset, limit, None, explain=True))

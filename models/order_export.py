"""Every order of a registry view as plain tuples, for exports: the registry's filter and sort, read lean.

The registry's page query (models.order_registry) builds a RegistryRow per order and finds each client's first
phone with a sub-select per row; that is right for a page of 200 rows and slow for 100,000. Here the same filter
and sort feed one query read through a server-side cursor: the client, site, unit and first phone come from
joins (the phone through a LATERAL join on the client's phones index), the names of stages, pipelines and people
from small dicts read once, and each batch is converted column by column (a timestamp is moved to the company's
time zone once per value). Everything (the look-ups of the search, the count and the rows) is read in one
REPEATABLE READ snapshot, so the count and the rows agree even while others write.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from psycopg.pq import TransactionStatus
from sqlalchemy import ColumnElement, Select, func, literal, literal_column, select, text, true
from sqlalchemy.orm import Session

from models.clients import Client, ClientPhone, Site
from models.database import Database
from models.equipment import Equipment
from models.order_registry import RegistryContext, RegistrySpec, filter_conditions, registry_context, sort_order
from models.phones import format_phone
from models.pipelines import Order

#: The fields an export can hold, as the registry names its columns; ``custom:<key>`` adds one custom field.
EXPORT_FIELDS = ("number", "created_at", "pipeline", "stage", "client", "phone", "address", "equipment", "owner",
                 "source", "amount", "paid", "due_at", "overdue", "title", "custom_fields")
CUSTOM_PREFIX = "custom:"
BATCH = 5_000
_END = object()


class ExportFieldError(ValueError):
    """An export was asked for a field the registry does not have; the message lists the ones it has."""


def custom_fields_text(values: dict) -> str:
    """Custom fields as one readable cell: "room_area_m2: 42; window: balcony door"."""
    return "; ".join(f"{key}: {value}" for key, value in values.items() if value not in (None, ""))


def _scalar(value: object) -> object:
    """A custom field's value as a cell holds it: numbers, text and flags as they are, anything else as text."""
    return value if value is None or isinstance(value, int | float | str) else str(value)


def check_fields(fields: Sequence[str]) -> None:
    """Raise ExportFieldError for a field that is neither in EXPORT_FIELDS nor ``custom:<key>``."""
    for key in fields:
        if key not in EXPORT_FIELDS and not (key.startswith(CUSTOM_PREFIX) and len(key) > len(CUSTOM_PREFIX)):
            raise ExportFieldError(f"{key!r} is not a registry column; use one of: {', '.join(EXPORT_FIELDS)} "
                                   f"or {CUSTOM_PREFIX}<key>.")


@dataclass(frozen=True)
class _Stage:
    pipeline: str
    name: str
    open: bool
    late_before: datetime | None  # entered before this instant: held past the stage's SLA


# The columns each field reads, by label; a field's joins come with the columns it needs.
_SOURCES: dict[str, tuple[str, ...]] = {
    "number": ("number",), "created_at": ("created_at",), "pipeline": ("stage_id",), "stage": ("stage_id",),
    "client": ("client_name", "requester_phone"), "phone": ("client_phone", "requester_phone"),
    "address": ("address",), "equipment": ("unit",), "owner": ("owner_id",), "source": ("source_channel",),
    "amount": ("amount",), "paid": ("paid",), "due_at": ("due_at",),
    "overdue": ("stage_id", "due_at", "stage_entered_at"), "title": ("title",), "custom_fields": ("custom_fields",),
}


def _sources(key: str) -> tuple[str, ...]:
    return _SOURCES.get(key, ("custom_fields",))


_OWN = ("number", "created_at", "stage_id", "requester_phone", "owner_id", "source_channel", "amount", "paid",
        "due_at", "stage_entered_at", "title", "custom_fields")


def _export_select(spec: RegistrySpec, where: list[ColumnElement[bool]], sparse: bool, labels: set[str]) -> Select:
    """The orders matching ``where`` in the spec's order, with the columns named in ``labels``."""
    table = Order.__table__
    if sparse:
        # Few matches: read them through the search's indexes, then sort (as the registry's page does).
        keys = ["id", "created_at", "due_at", "number", "client_id", "site_id", "equipment_id"]
        keys += [label for label in _OWN if label in labels]
        o = select(*(table.c[key] for key in dict.fromkeys(keys))).where(*where).cte("matches")
        o = o.prefix_with("MATERIALIZED")
        query = select(*(o.c[label] for label in _OWN if label in labels)).select_from(o)
    else:
        o = table
        query = select(*(o.c[label] for label in _OWN if label in labels)).select_from(o).where(*where)
    if "client_name" in labels:
        query = query.add_columns(Client.name.label("client_name")).outerjoin(Client, Client.id == o.c.client_id)
    if "address" in labels:
        query = query.add_columns(func.coalesce(Site.address, "").label("address"))
        query = query.outerjoin(Site, Site.id == o.c.site_id)
    if "unit" in labels:
        # As the registry shows a unit: kind, model and "№ serial", the empty ones left out.
        serial = literal("№ ") + func.nullif(Equipment.serial, "")
        unit = func.concat_ws(" ", func.nullif(Equipment.kind, ""), func.nullif(Equipment.model, ""), serial)
        query = query.add_columns(unit.label("unit"))
        query = query.outerjoin(Equipment, Equipment.id == o.c.equipment_id)
    if "client_phone" in labels:
        first = (select(ClientPhone.e164.label("e164")).where(ClientPhone.client_id == o.c.client_id)
                 .order_by(ClientPhone.contact_id.nulls_first(), ClientPhone.id).limit(1).lateral("first_phone"))
        query = query.add_columns(first.c.e164.label("client_phone")).outerjoin(first, true())
    return query.order_by(*sort_order(spec, o.c))


def _snapshot(session: Session) -> None:
    """Read everything that follows in one snapshot, read-only; inside a caller's transaction (tests join one),
    keep the one it has."""
    driver = session.connection().connection.driver_connection
    if driver.info.transaction_status == TransactionStatus.IDLE:
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    # The cursor keeps its default plan for the first rows: the sort key's index walked in order with index
    # look-ups of the names streams at once and never sorts; planned for the whole result the planner joins whole
    # tables by hash and spills, which measured tens of times slower on two million orders.


class OrderExport:
    """An open export: ``total`` orders match (counted exactly, up to the ``count_limit`` asked for plus one);
    ``batches()`` reads them in the view's order as tuples of the fields asked for."""

    def __init__(self, session: Session, ctx: RegistryContext, query: Select, fields: Sequence[str], total: int):
        self.total = total
        self.fields = tuple(fields)
        self._session, self._ctx, self._query = session, ctx, query
        self._stages = {
            sid: _Stage(s.pipeline, s.name, s.kind == "open",
                        ctx.now - timedelta(hours=s.sla_hours) if s.sla_hours else None)
            for sid, s in ctx.stages.items()}

    def batches(self, size: int = BATCH, *, prefetch: bool = True) -> Iterator[list[tuple]]:
        """The matching orders, ``size`` at a time, through a server-side cursor.

        With ``prefetch`` the next batch is fetched and converted in a worker thread while the caller handles the
        current one, so the server's work overlaps the caller's (the driver waits on the network without the
        GIL). Stopping early (closing the iterator) stops the worker before the session is released.
        """
        if not prefetch:
            yield from self._read(size, threading.Event())
            return
        ready: queue.Queue = queue.Queue(maxsize=2)
        stop = threading.Event()

        def work() -> None:
            try:
                for batch in self._read(size, stop):
                    while not stop.is_set():
                        try:
                            ready.put(batch, timeout=0.1)
                            break
                        except queue.Full:
                            continue
                ready.put(_END)
            except BaseException as exc:  # handed to the caller's thread, raised there
                ready.put(exc)

        worker = threading.Thread(target=work, name="order-export-reader", daemon=True)
        worker.start()
        try:
            while (item := ready.get()) is not _END:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while worker.is_alive():
                with suppress(queue.Empty):
                    ready.get(timeout=0.1)
            worker.join()

    def _read(self, size: int, stop: threading.Event) -> Iterator[list[tuple]]:
        connection = self._session.connection()
        compiled = self._query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
        driver = connection.connection.driver_connection
        with driver.cursor(name="fielddesk_order_export") as cursor:
            cursor.itersize = size
            cursor.execute(str(compiled), compiled.params)
            keys = [column.name for column in cursor.description]
            converters = [self._converter(field, keys) for field in self.fields]
            while not stop.is_set() and (chunk := cursor.fetchmany(size)):
                columns = list(zip(*chunk, strict=True))
                yield list(zip(*[convert(columns) for convert in converters], strict=True))

    def _converter(self, field: str, keys: list[str]) -> Callable[[list[tuple]], list]:
        """How one output column is made from the batch's columns (each a tuple of values)."""
        at = {key: i for i, key in enumerate(keys)}
        tz, stages, users = self._ctx.tz, self._stages, self._ctx.users
        unknown = _Stage("?", "?", False, None)
        if field in ("created_at", "due_at"):
            i = at[field]
            return lambda c: [v if v is None else v.astimezone(tz) for v in c[i]]
        if field in ("pipeline", "stage"):
            i = at["stage_id"]
            name = {sid: s.pipeline if field == "pipeline" else s.name for sid, s in stages.items()}
            return lambda c: [name.get(v, "?") for v in c[i]]
        if field == "owner":
            i = at["owner_id"]
            return lambda c: [users.get(v, "") if v is not None else "" for v in c[i]]
        if field == "client":
            i, r, formatted = at["client_name"], at["requester_phone"], _PhoneFormats()
            return lambda c: [n if n is not None else formatted(p) for n, p in zip(c[i], c[r], strict=True)]
        if field == "phone":
            i, r = at["client_phone"], at["requester_phone"]
            return lambda c: [p or q or "" for p, q in zip(c[i], c[r], strict=True)]
        if field == "overdue":
            s, d, e, now = at["stage_id"], at["due_at"], at["stage_entered_at"], self._ctx.now

            def overdue(c: list[tuple]) -> list[bool]:
                flags = []
                for sid, due, entered in zip(c[s], c[d], c[e], strict=True):
                    stage = stages.get(sid, unknown)
                    flags.append(stage.open and ((due is not None and due < now) or (
                        stage.late_before is not None and entered < stage.late_before)))
                return flags

            return overdue
        if field == "custom_fields":
            i = at["custom_fields"]
            return lambda c: [custom_fields_text(v) if v else "" for v in c[i]]
        if field.startswith(CUSTOM_PREFIX):
            i, key = at["custom_fields"], field.removeprefix(CUSTOM_PREFIX)
            return lambda c: [_scalar(v.get(key)) if v else None for v in c[i]]
        i = at[_SOURCES[field][0]]
        return lambda c: c[i]


class _PhoneFormats(dict):
    """A requester's phone formatted for display, each number formatted once (phonenumbers is slow)."""

    def __call__(self, e164: str | None) -> str:
        if not e164:
            return ""
        if e164 not in self:
            self[e164] = format_phone(e164)
        return self[e164]


@contextmanager
def open_order_export(db: Database, spec: RegistrySpec, fields: Sequence[str] = EXPORT_FIELDS, *,
                      count_limit: int | None = None, now: datetime | None = None) -> Iterator[OrderExport]:
    """Open an export of every order matching ``spec`` in its order, with ``fields`` (EXPORT_FIELDS or
    ``custom:<key>``). Times are in the company's time zone, money is Decimal, ``overdue`` as the registry
    computes it at ``now``. ``count_limit`` stops the count at that many plus one (enough to refuse a view too
    big for its destination without counting two million rows)."""
    if not fields:
        raise ExportFieldError("Choose at least one column to export.")
    check_fields(fields)
    spec.validate()
    with db.session() as session:
        _snapshot(session)
        ctx = registry_context(session, now)
        filtered = filter_conditions(session, spec, ctx)
        counted = select(literal_column("1")).select_from(Order).where(*filtered.where)
        if count_limit is not None:
            counted = counted.limit(count_limit + 1)
        total = session.execute(select(func.count()).select_from(counted.subquery())).scalar_one()
        labels = {label for key in fields for label in _sources(key)}
        query = _export_select(spec, filtered.where, filtered.sparse, labels)
        yield OrderExport(session, ctx, query, fields, total)


def export_rows(db: Database, spec: RegistrySpec, fields: Sequence[str] = EXPORT_FIELDS, batch: int = BATCH, *,
                now: datetime | None = None) -> Iterator[list[tuple]]:
    """Every order matching ``spec`` as tuples of ``fields``, ``batch`` at a time (see open_order_export)."""
    with open_order_export(db, spec, fields, now=now) as export:
        yield from export.batches(batch)


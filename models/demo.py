"""Deterministic demo data: a Chelyabinsk field-service company with clients, equipment, orders, visits and calls.

``load_demo`` fills a migrated database in one transaction (nothing is left half-loaded on an error). The content
(names, phones, addresses, serials, which client owns what, which order is where) depends only on the seed; dates
are placed relative to today in the company's time zone, so the planning board always shows current work.

Scales:

- ``small`` (the app loads it on first start): 5,000 clients, 8,000 units of equipment, 3,000 orders, 30
  technicians with four weeks of shifts and visits, 6,000 calls. Rows go in with COPY through the normal path, so
  the audit and NOTIFY triggers fire for every row, as they would for real data.
- ``large`` (benchmarks): the small set plus bulk clients, phones, sites, equipment and orders up to 1,000,000
  clients, 3,000,000 phones, 1,200,000 sites, 1,500,000 units and 2,000,000 orders. The per-row audit and NOTIFY
  triggers are switched off for that transaction with ``SET LOCAL session_replication_role = replica``, which also
  skips foreign-key triggers (the generator keeps every reference valid) and needs a superuser connection, such
  as the embedded server's. The plain indexes of the bulk tables are dropped and built again at the end of the same
  transaction, which takes far less time than maintaining them row by row; tables are analysed afterwards.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from random import Random
from zoneinfo import ZoneInfo

from psycopg.errors import InsufficientPrivilege
from psycopg.types.json import Jsonb
from shapely import Polygon
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models import demo_activity, demo_clients, demo_large, demo_orders, demo_schedule
from models import demo_catalog as cat
from models.database import Database
from models.pipeline_catalog import install_pipelines
from models.scheduling import add_missing_lead_rows

SCALES = ("small", "large")
Progress = Callable[[str], None]


class DemoError(Exception):
    """Demo data cannot be loaded into this database; the message says why."""


class DemoNotEmpty(DemoError):
    """The database already has clients and the caller did not ask to add demo data anyway."""

    def __init__(self, clients: int):
        super().__init__(f"the database already has {clients} clients; use --force to add demo data anyway")
        self.clients = clients


class DemoNeedsSuperuser(DemoError):
    """The large data set switches the per-row triggers off, which only a superuser may do."""


class BulkWriter:
    """Writes rows with COPY and hands out the ids they carry, so related rows are linked without round trips."""

    def __init__(self, session: Session, progress: Progress):
        self.session = session
        self.raw = session.connection().connection.driver_connection
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self._next: dict[tuple[str, str], int] = {}

    def scalar(self, sql: str, **params: object) -> object:
        return self.session.execute(text(sql), params).scalar()

    def ids(self, table: str, count: int, column: str = "id") -> range:
        """Reserve ``count`` consecutive values of the table's id (or identity) column after any existing one."""
        key = (table, column)
        if key not in self._next:
            self.session.execute(text(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
            seq = self.scalar("SELECT pg_get_serial_sequence(:t, :c)", t=table, c=column)
            last = self.scalar(f"SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {seq}")
            top = self.scalar(f"SELECT coalesce(max({column}), 0) FROM {table}")
            self._next[key] = max(int(last), int(top)) + 1  # type: ignore[arg-type]
        start = self._next[key]
        self._next[key] = start + count
        return range(start, start + count)

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        """COPY Python rows (dicts go in as JSON) into ``table``; return how many."""
        count = 0
        with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([Jsonb(v) if isinstance(v, dict) else v for v in row])
                count += 1
        self.counts[table] += count
        return count

    def copy_text(self, table: str, columns: Sequence[str], chunks: Iterable[tuple[str, int]]) -> int:
        """COPY pre-formatted text chunks (``(lines, row count)``) into ``table``; return how many rows."""
        total = 0
        with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for data, count in chunks:
                copy.write(data)
                total += count
        self.counts[table] += total
        return total

    def finish(self) -> None:
        """Move every touched sequence past the ids written, so the app's next insert gets a fresh one."""
        for (table, column), following in self._next.items():
            if following > 1:
                seq = self.scalar("SELECT pg_get_serial_sequence(:t, :c)", t=table, c=column)
                self.scalar("SELECT setval(:s, :v)", s=seq, v=following - 1)


@dataclass(frozen=True)
class ZoneRef:
    id: int
    name: str
    shape: Polygon
    dispatcher_id: int | None


@dataclass(frozen=True)
class TechRef:
    id: int
    user_id: int
    name: str
    skills: frozenset[str]
    zone_ids: frozenset[int]
    home_zone_id: int
    home: tuple[float, float]  # lat, lon
    new: bool  # created by this load (reused technicians keep their own shifts)


@dataclass(frozen=True)
class ServiceRef:
    id: int
    code: str
    price: Decimal
    minutes: int
    skill: str | None


@dataclass(frozen=True)
class StageRef:
    id: int
    position: int
    name: str
    kind: str
    sla_hours: int | None
    visit: str | None  # purpose of the visit booked while an order is in this stage
    weight: int


@dataclass(frozen=True)
class PipelineRef:
    id: int
    code: str
    stages: tuple[StageRef, ...]

    def stage(self, name: str) -> StageRef:
        return next(s for s in self.stages if s.name == name)


@dataclass
class Demo:
    """Everything the generators share: the seed, the clock, the writer and the reference rows."""

    seed: int
    scale: str
    writer: BulkWriter
    now: datetime
    today: date
    tz: ZoneInfo
    users: dict[str, int]
    zones: list[ZoneRef]
    technicians: list[TechRef]
    manufacturers: dict[str, int]
    services: dict[str, ServiceRef]
    pipelines: dict[str, PipelineRef]

    def rng(self, area: str) -> Random:
        """An independent random stream per area, so one area's draws never shift another's content."""
        return Random(f"{self.seed}:{area}")

    def at(self, day: date, minutes: int) -> datetime:
        """UTC instant of ``minutes`` after local midnight of ``day`` in the company's zone."""
        local = datetime.combine(day, clock(), self.tz) + timedelta(minutes=minutes)
        return local.astimezone(UTC)

    @property
    def dispatchers(self) -> list[tuple[int, str]]:
        return [(self.users[login], ext) for login, _, role, ext in cat.STAFF if role == "dispatcher"]

    @property
    def office(self) -> list[int]:
        return [self.users[login] for login, _, role, _ in cat.STAFF if role in ("dispatcher", "manager")]


def load_demo(db: Database, *, scale: str = "small", seed: int = 42, force: bool = False,
              progress: Progress | None = None, now: datetime | None = None) -> str:
    """Load the demo data set of ``scale`` generated from ``seed``; return a one-paragraph summary with counts.

    Raises DemoNotEmpty when the database already has clients and ``force`` is false, and DemoNeedsSuperuser for
    the large scale on a connection that may not switch triggers off. Reference rows that already exist (users by
    login, zones, manufacturers, services and pipelines by name or code) are reused, so a forced second load adds
    clients and work without clashing.
    """
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    report = progress or (lambda _message: None)
    started = time.monotonic()
    tz = ZoneInfo(cat.TIME_ZONE)
    with db.transaction() as session:
        existing = int(session.execute(text("SELECT count(*) FROM clients")).scalar_one())
        if existing and not force:
            raise DemoNotEmpty(existing)
        if scale == "large":
            _switch_triggers_off(session)
        now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        writer = BulkWriter(session, report)
        demo = Demo(seed, scale, writer, now, now.astimezone(tz).date(), tz, {}, [], [], {}, {}, {})
        report("Company, users, zones and technicians…")
        if not existing:  # a forced load into a real company's database leaves its name and details alone
            _company(session)
        _reference(demo)
        report("Shifts…")
        shifts = demo_schedule.make_shifts(demo)
        report("Clients, phones and sites…")
        people = demo_clients.make_clients(demo)
        report("Equipment…")
        fleet = demo_clients.make_equipment(demo, people)
        report("Orders and visits…")
        work = demo_orders.make_orders(demo, people, fleet, shifts)
        report("Calls and timeline…")
        demo_activity.make_activity(demo, people, work)
        companies = people.companies
        if scale == "large":
            companies += demo_large.load_bulk(demo, people.next_phone)
            # The crew-booking rows are kept by triggers, which were off for this load.
            add_missing_lead_rows(session)
        writer.finish()
        counts = writer.counts
    report("Analysing tables…")
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return _summary(scale, seed, counts, companies, work.visits_today, time.monotonic() - started)


def _switch_triggers_off(session: Session) -> None:
    try:
        with session.begin_nested():
            session.execute(text("SET LOCAL session_replication_role = replica"))
    except DBAPIError as exc:
        if not isinstance(exc.orig, InsufficientPrivilege):
            raise
        raise DemoNeedsSuperuser(
            "The large demo data set needs a superuser connection (for example the embedded server): it switches "
            "the per-row audit and notification triggers off while it loads millions of rows."
        ) from exc


def _company(session: Session) -> None:
    session.execute(
        text("UPDATE company SET name = :name, time_zone = :tz, details = details || CAST(:details AS jsonb)"),
        {"name": cat.COMPANY_NAME, "tz": cat.TIME_ZONE, "details": json.dumps(cat.COMPANY_DETAILS, ensure_ascii=False)},
    )


def _ensure(demo: Demo, table: str, key: str, rows: list[dict], scope: dict[str, object] | None = None) -> dict:
    """Ids of ``rows`` by ``key``, inserting those not there yet (within ``scope``, e.g. one pipeline's stages)."""
    scope = scope or {}
    where = " AND ".join([f"{key} = ANY(:keys)", *(f"{col} = :{col}" for col in scope)])
    found = dict(demo.writer.session.execute(
        text(f"SELECT {key}, id FROM {table} WHERE {where}"), {"keys": [r[key] for r in rows], **scope}
    ).all())
    missing = [r for r in rows if r[key] not in found]
    ids = demo.writer.ids(table, len(missing))
    if missing:
        columns = ["id", *missing[0]]
        demo.writer.copy(table, columns, ([i, *r.values()] for i, r in zip(ids, missing, strict=True)))
        found.update({r[key]: i for i, r in zip(ids, missing, strict=True)})
    return found


def _reference(demo: Demo) -> None:
    rng = demo.rng("staff")
    created = demo.now - timedelta(days=400)
    users = [{"login": login, "full_name": name, "role": role, "extension": ext,
              "email": f"{login}@{cat.EMAIL_DOMAIN}", "created_at": created} for login, name, role, ext in cat.STAFF]
    crew = _crew_people(rng, {u["login"] for u in users})
    users += [{"login": login, "full_name": name, "role": "technician", "extension": None,
               "email": f"{login}@{cat.EMAIL_DOMAIN}", "created_at": created} for login, name, _ in crew]
    demo.users.update(_ensure(demo, "users", "login", users))

    zone_rows = []
    for name, color, dispatcher, _weight, ring in cat.ZONES:
        polygon = {"type": "Polygon", "coordinates": [[list(p) for p in (*ring, ring[0])]]}
        zone_rows.append({"name": name, "city": cat.CITY, "polygon": polygon, "color": color,
                          "dispatcher_id": demo.users[dispatcher]})
    zone_ids = _ensure(demo, "zones", "name", zone_rows)
    demo.zones.extend(ZoneRef(zone_ids[name], name, Polygon(ring), demo.users[dispatcher])
                      for name, _c, dispatcher, _w, ring in cat.ZONES)
    _technicians(demo, rng, crew)

    makers = [{"name": name, "claim_email": f"claims@{cat.translit(name).split('/')[0].replace(' ', '')}.example",
               "claim_address": address, "claim_contact": contact, "phone": phone}
              for name, _prefix, _family, address, contact, phone, _models in cat.MANUFACTURERS]
    demo.manufacturers.update(_ensure(demo, "manufacturers", "name", makers))
    services = [{"code": code, "name": name, "price": Decimal(price), "duration_min": minutes,
                 "required_skill": skill} for code, name, price, minutes, skill in cat.SERVICES]
    service_ids = _ensure(demo, "services", "code", services)
    demo.services.update({s["code"]: ServiceRef(service_ids[s["code"]], s["code"], s["price"], s["duration_min"],
                                                s["required_skill"]) for s in services})
    # The shipped pipelines with their gates, rules and fields; _ensure below then finds them (or a company's own).
    install_pipelines(demo.writer.session, [code for code, _name, _stages in cat.PIPELINES])
    pipeline_ids = _ensure(demo, "pipelines", "code", [{"code": code, "name": name, "position": i}
                                                       for i, (code, name, _stages) in enumerate(cat.PIPELINES)])
    for code, _name, stages in cat.PIPELINES:
        pid = pipeline_ids[code]
        top = int(demo.writer.scalar("SELECT coalesce(max(position), -1) FROM stages WHERE pipeline_id = :p", p=pid))
        rows = [{"name": s[0], "pipeline_id": pid, "position": top + 1 + i, "color": s[1], "kind": s[2],
                 "sla_hours": s[3], "gate_rules": s[4]} for i, s in enumerate(stages)]
        stage_ids = _ensure(demo, "stages", "name", rows, {"pipeline_id": pid})
        refs = tuple(StageRef(stage_ids[s[0]], i, s[0], s[2], s[3], s[5], s[6]) for i, s in enumerate(stages))
        demo.pipelines[code] = PipelineRef(pid, code, refs)


def _crew_people(rng: Random, taken: set[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """Login, full name and skills of each technician."""
    crew = []
    for skills, count in cat.TECH_PROFILES:
        for _ in range(count):
            female = "water_meter" in skills and rng.random() < 0.3
            full, surname, first = cat.person_name(rng, female=female)
            login = base = f"{cat.translit(surname)}_{cat.translit(first)[0]}"
            suffix = 1
            while login in taken:
                suffix += 1
                login = f"{base}{suffix}"
            taken.add(login)
            crew.append((login, full, skills))
    return crew


def _technicians(demo: Demo, rng: Random, crew: list[tuple[str, str, tuple[str, ...]]]) -> None:
    zone_ids = [z.id for z in demo.zones]
    known = {row[0]: row[1:] for row in demo.writer.session.execute(text(
        "SELECT t.user_id, t.id, t.skills, t.home_lat, t.home_lon, array_remove(array_agg(tz.zone_id), NULL) "
        "FROM technicians t LEFT JOIN technician_zones tz ON tz.technician_id = t.id "
        "WHERE t.user_id = ANY(:u) GROUP BY t.id"),
        {"u": [demo.users[login] for login, _, _ in crew]})}
    ids = iter(demo.writer.ids("technicians", len(crew) - len(known)))
    rows, links = [], []
    for index, (login, name, skills) in enumerate(crew):
        home_zone = index % len(zone_ids)
        zones = {zone_ids[home_zone]}
        if rng.random() < 0.4:
            zones.add(zone_ids[(home_zone + rng.choice((1, 2))) % len(zone_ids)])
        lon, lat = demo_clients.sample_point(rng, demo.zones[home_zone].shape)
        phone = demo_clients.mobile_number(demo.seed, 9_000_000 + index)
        user_id = demo.users[login]
        new = user_id not in known
        if new:
            tech_id = next(ids)
            rows.append((tech_id, user_id, name, phone, list(skills), lat, lon, demo.now - timedelta(days=400)))
            links += [(tech_id, z) for z in sorted(zones)]
        else:  # a technician from an earlier load is planned as stored: skills, home and zones may have changed
            tech_id, skills, stored_lat, stored_lon, stored_zones = known[user_id]
            lat, lon, zones = stored_lat or lat, stored_lon or lon, set(stored_zones)
        demo.technicians.append(TechRef(tech_id, user_id, name, frozenset(skills), frozenset(zones),
                                        zone_ids[home_zone], (lat, lon), new))
    demo.writer.copy("technicians", ("id", "user_id", "full_name", "phone", "skills", "home_lat", "home_lon",
                                     "created_at"), rows)
    demo.writer.copy("technician_zones", ("technician_id", "zone_id"), links)


def _summary(scale: str, seed: int, counts: Counter[str], companies: int, today: int, seconds: float) -> str:
    def n(table: str) -> str:
        return f"{counts[table]:,}"

    people = counts["clients"] - companies
    return (
        f"Demo data loaded (scale {scale}, seed {seed}) in {seconds:.1f} s: {n('clients')} clients "
        f"({people:,} people, {companies:,} companies) with {n('phones')} phones, {n('emails')} e-mails, "
        f"{n('contacts')} contact people and {n('sites')} sites; {n('equipment')} units of equipment with "
        f"{n('usage_readings')} usage readings; {n('technicians')} new technicians in {len(cat.ZONES)} zones with "
        f"{n('shifts')} shifts; {n('orders')} orders in {len(cat.PIPELINES)} pipelines with {n('stage_history')} "
        f"stage changes and {n('tasks')} tasks; {n('visits')} visits ({today} of them today); {n('calls')} calls "
        f"and {n('timeline_entries')} timeline entries."
    )

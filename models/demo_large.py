"""Bulk filler of the large demo scale: up to a million clients and two million orders, generated per chunk.

Columns are drawn as numpy arrays per chunk and joined into COPY text lines, which keeps the generator at about a
microsecond a row. Every reference is computed, not looked up: a bulk client's first site has the id
``first_site + offset``, and each unit of equipment stands at its owner's first site.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import shapely
from sqlalchemy import text
from sqlalchemy.orm import Session

from models import demo_catalog as cat
from models.demo_clients import FAMILY_WEIGHTS, MAKER_WEIGHTS, phone_permutation

if TYPE_CHECKING:
    from models.demo import Demo

CLIENTS = 1_000_000
PHONES = 3_000_000
SITES = 1_200_000
EQUIPMENT = 1_500_000
ORDERS = 2_000_000
CHUNK = 100_000
BULK_TABLES = ("clients", "phones", "sites", "equipment", "orders", "payments")
PAYMENT_METHODS = ("transfer", "card", "cash", "online")
PAYMENT_METHOD_P = np.array([0.45, 0.25, 0.2, 0.1])
DAY = 86_400


class _Clock:
    """Formats epoch seconds as timestamptz text through a table of day prefixes (strftime is too slow here)."""

    def __init__(self, now: datetime, days_back: int, days_ahead: int):
        midnight = datetime(now.year, now.month, now.day, tzinfo=UTC)
        self.base = int((midnight - timedelta(days=days_back)).timestamp())
        self.now = int(now.timestamp())
        self.days = [f"{midnight + timedelta(days=i):%Y-%m-%d}" for i in range(-days_back, days_ahead + 1)]

    def text(self, seconds: np.ndarray) -> list[str]:
        offset = seconds - self.base
        day, rest = (offset // DAY).tolist(), (offset % DAY).tolist()
        days = self.days
        return [f"{days[d]} {r // 3600:02d}:{r // 60 % 60:02d}:{r % 60:02d}+00" for d, r in zip(day, rest, strict=True)]


def _chunks(total: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, CHUNK):
        yield start, min(CHUNK, total - start)


def _phone_texts(seed: int, ks: np.ndarray, landline: bool) -> list[str]:
    a, b, space, codes, width = phone_permutation(seed, landline)
    v = (ks.astype(np.int64) * a + b) % space
    code, rest = (v % len(codes)).tolist(), (v // len(codes)).tolist()
    return [f"+7{codes[c]}{r:0{width}d}" for c, r in zip(code, rest, strict=True)]


def load_bulk(demo: Demo, next_phone: tuple[int, int]) -> int:
    """Add bulk clients, phones, sites, equipment and orders up to the large scale's totals; return the companies."""
    rng = np.random.default_rng([demo.seed, 7])
    w = demo.writer
    clock = _Clock(demo.now, 2_300, 1_200)
    clients = CLIENTS - w.counts["clients"]
    client_ids = w.ids("clients", clients)
    first_site = w.ids("sites", clients).start
    extra_sites = max(0, SITES - w.counts["sites"] - clients)
    with _indexes_deferred(demo.writer.session, BULK_TABLES):
        companies = _clients(demo, rng, clock, client_ids)
        _phones(demo, rng, client_ids, PHONES - w.counts["phones"], next_phone)
        _sites(demo, rng, client_ids, first_site, extra_sites)
        owners = _equipment(demo, rng, clock, client_ids, first_site, EQUIPMENT - w.counts["equipment"])
        paid = _orders(demo, rng, clock, client_ids, first_site, owners, ORDERS - w.counts["orders"])
        _payments(demo, clock, paid)
        demo.writer.progress("Rebuilding indexes…")
    return companies


@contextmanager
def _indexes_deferred(session: Session, tables: tuple[str, ...]) -> Iterator[None]:
    """Drop the plain indexes of ``tables`` and build them again, sorted in one pass, once the rows are in.

    Maintaining them row by row costs several times more than building them; the drop is part of the load's
    transaction, so a failed load leaves them as they were. Indexes behind constraints stay and keep checking.
    """
    found = session.execute(text(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(CAST(:tables AS regclass[])) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"), {"tables": list(tables)}
    ).all()
    for name, _definition in found:
        session.execute(text(f"DROP INDEX {name}"))
    yield
    session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for _name, definition in found:
        session.execute(text(definition))


def _clients(demo: Demo, rng: np.random.Generator, clock: _Clock, ids: range) -> int:
    men = [n[0] for n in cat.MALE_NAMES]
    sons, daughters = [n[1] for n in cat.MALE_NAMES], [n[2] for n in cat.MALE_NAMES]
    surnames, wives = list(cat.SURNAMES), [cat.feminine(s) for s in cat.SURNAMES]
    women = list(cat.FEMALE_NAMES)
    stems, tails, forms = cat.COMPANY_STEMS, cat.COMPANY_TAILS, cat.COMPANY_FORMS
    companies = 0

    def chunks() -> Iterator[tuple[str, int]]:
        nonlocal companies
        for start, size in _chunks(len(ids)):
            company = (rng.random(size) < 0.15).tolist()
            companies += sum(company)
            female = (rng.random(size) < 0.5).tolist()
            sur, first = rng.integers(0, len(surnames), size).tolist(), rng.integers(0, 1_000, size).tolist()
            father = rng.integers(0, len(men), size).tolist()
            inn = rng.integers(0, 10**7, size).tolist()
            created = clock.text(clock.now - rng.integers(190 * DAY, 1_500 * DAY, size))
            lines = []
            for i in range(size):
                cid = ids[start + i]
                if company[i]:
                    word = stems[sur[i] % len(stems)] + tails[first[i] % len(tails)]
                    name = f"{forms[father[i] % len(forms)]} «{word[0]}{word[1:].lower()}»"
                    lines.append(f"{cid}\tcompany\t{name}\t{cat.inn_check(f'74{inn[i]:07d}')}\t{created[i]}\n")
                elif female[i]:
                    name = f"{wives[sur[i]]} {women[first[i] % len(women)]} {daughters[father[i]]}"
                    lines.append(f"{cid}\tperson\t{name}\t\\N\t{created[i]}\n")
                else:
                    lines.append(f"{cid}\tperson\t{surnames[sur[i]]} {men[first[i] % len(men)]} {sons[father[i]]}"
                                 f"\t\\N\t{created[i]}\n")
            demo.writer.progress(f"Bulk clients {start + size:,} of {len(ids):,}…")
            yield "".join(lines), size

    demo.writer.copy_text("clients", ("id", "kind", "name", "tax_id", "created_at"), chunks())
    return companies


def _phones(demo: Demo, rng: np.random.Generator, clients: range, total: int, next_phone: tuple[int, int]) -> None:
    """Two to four phones a client, adjusted so the total comes out exact; numbers never repeat."""
    counts = rng.choice(np.array([2, 3, 4]), size=len(clients), p=[0.3, 0.4, 0.3])
    diff = total - int(counts.sum())
    picks = rng.choice(len(clients), size=abs(diff), replace=False)
    counts[picks] += 1 if diff > 0 else -1
    owner = np.repeat(np.arange(len(clients), dtype=np.int64) + clients.start, counts)
    landline = rng.random(len(owner)) < 0.2
    ks = np.empty(len(owner), dtype=np.int64)
    ks[~landline] = next_phone[0] + np.arange(int((~landline).sum()))
    ks[landline] = next_phone[1] + np.arange(int(landline.sum()))
    ids = demo.writer.ids("phones", len(owner))

    def chunks() -> Iterator[tuple[str, int]]:
        for start, size in _chunks(len(owner)):
            part = slice(start, start + size)
            fixed = landline[part]
            numbers = np.empty(size, dtype=object)
            numbers[fixed] = _phone_texts(demo.seed, ks[part][fixed], landline=True)
            numbers[~fixed] = _phone_texts(demo.seed, ks[part][~fixed], landline=False)
            kinds = np.where(fixed, "home", "mobile").tolist()
            lines = [f"{ids[start + i]}\t{c}\t{n}\t{n[1:]}\t{k}\n" for i, (c, n, k) in
                     enumerate(zip(owner[part].tolist(), numbers.tolist(), kinds, strict=True))]
            demo.writer.progress(f"Bulk phones {start + size:,} of {len(owner):,}…")
            yield "".join(lines), size

    demo.writer.copy_text("phones", ("id", "client_id", "e164", "digits", "kind"), chunks())


def _points(rng: np.random.Generator, zone: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    shape = shapely.Polygon(cat.ZONES[zone][4])
    west, south, east, north = shape.bounds
    lons, lats = np.empty(0), np.empty(0)
    while len(lons) < count:
        x = np.round(rng.uniform(west, east, 2 * count), 6)
        y = np.round(rng.uniform(south, north, 2 * count), 6)
        inside = shapely.contains_xy(shape, x, y)
        lons, lats = np.concatenate([lons, x[inside]]), np.concatenate([lats, y[inside]])
    return lons[:count], lats[:count]


def _sites(demo: Demo, rng: np.random.Generator, clients: range, first_site: int, extra: int) -> None:
    """One site per bulk client (id ``first_site + offset``), then second sites for some of them."""
    owner = np.concatenate([np.arange(len(clients)), rng.choice(len(clients), size=extra, replace=False)])
    owner += clients.start
    extra_ids = demo.writer.ids("sites", extra)
    assert extra == 0 or extra_ids.start == first_site + len(clients)
    weights = np.array([z[3] for z in cat.ZONES])

    def chunks() -> Iterator[tuple[str, int]]:
        for start, size in _chunks(len(owner)):
            zone = rng.choice(len(cat.ZONES), size=size, p=weights / weights.sum())
            lon, lat = np.empty(size), np.empty(size)
            for z in range(len(cat.ZONES)):
                mask = zone == z
                lon[mask], lat[mask] = _points(rng, z, int(mask.sum()))
            street = rng.integers(0, 100, size).tolist()
            house, apt = rng.integers(1, 141, size).tolist(), rng.integers(1, 281, size).tolist()
            flat = (rng.random(size) < 0.7).tolist()
            lines = []
            for i, (z, c, x, y) in enumerate(zip(zone.tolist(), owner[start:start + size].tolist(), lon.tolist(),
                                                lat.tolist(), strict=True)):
                streets = cat.STREETS[z]
                address = f"{streets[street[i] % len(streets)]}, д. {house[i]}"
                tail = f"{address}, кв. {apt[i]}\t{cat.CITY}\t{y}\t{x}\t{apt[i]}" if flat[i] else \
                    f"{address}\t{cat.CITY}\t{y}\t{x}\t\\N"
                lines.append(f"{first_site + start + i}\t{c}\t{tail}\n")
            demo.writer.progress(f"Bulk sites {start + size:,} of {len(owner):,}…")
            yield "".join(lines), size

    demo.writer.copy_text("sites", ("id", "client_id", "address", "city", "lat", "lon", "apartment"), chunks())


def _equipment(demo: Demo, rng: np.random.Generator, clock: _Clock, clients: range, first_site: int,
               total: int) -> np.ndarray:
    """Write the bulk equipment; return each unit's owner offset (unit ``i`` has id ``ids[i]``)."""
    makers = [m for family in FAMILY_WEIGHTS for m in cat.MANUFACTURERS if m[2] == family]
    weights = np.array([MAKER_WEIGHTS[m[0]] * FAMILY_WEIGHTS[m[2]] / sum(
        MAKER_WEIGHTS[n[0]] for n in cat.MANUFACTURERS if n[2] == m[2]) for m in makers])
    maker_ids = [demo.manufacturers[m[0]] for m in makers]
    owners = rng.integers(0, len(clients), total)
    ids = demo.writer.ids("equipment", total)
    today = clock.now // DAY
    series = [f"{letter}{digit}" for letter in "ABCEHKMPTX" for digit in range(1, 10)]

    def chunks() -> Iterator[tuple[str, int]]:
        for start, size in _chunks(total):
            maker = rng.choice(len(makers), size=size, p=weights / weights.sum()).tolist()
            model = rng.integers(0, 1_000, size).tolist()
            installed = (today - rng.integers(7, 6 * 365, size)) * DAY
            years = rng.integers(1, 4, size)
            until = clock.text(installed + years * 365 * DAY)
            sold = clock.text(installed - rng.integers(0, 21, size) * DAY)
            on = clock.text(installed)
            limit = rng.choice(np.array([1000, 1500, 2000, 3000]), size).tolist()
            lines = []
            for i in range(size):
                _name, prefix, family, *_rest, models = makers[maker[i]]
                unit_id, owner = ids[start + i], int(owners[start + i])
                kind = cat.KIND_NAMES.get(family, cat.WATER_KINDS[model[i] % 2])
                usage = f"{limit[i]}\tengine_hours" if family == cat.MACHINE else "\\N\t\\N"
                lines.append(f"{unit_id}\t{clients.start + owner}\t{first_site + owner}\t{maker_ids[maker[i]]}\t"
                             f"{kind}\t{models[model[i] % len(models)]}\t"
                             f"{prefix}-{series[model[i] % len(series)]}-{unit_id:07d}\t"
                             f"{sold[i][:10]}\t{on[i][:10]}\t{until[i][:10]}\t{usage}\n")
            demo.writer.progress(f"Bulk equipment {start + size:,} of {total:,}…")
            yield "".join(lines), size

    demo.writer.copy_text("equipment", ("id", "client_id", "site_id", "manufacturer_id", "kind", "model", "serial",
                                        "sold_on", "installed_on", "warranty_until", "warranty_usage_limit",
                                        "usage_unit"), chunks())
    return np.stack([owners, np.arange(ids.start, ids.stop)])


def _orders(demo: Demo, rng: np.random.Generator, clock: _Clock, clients: range, first_site: int,
            owners: np.ndarray, total: int) -> list[np.ndarray]:
    """Orders over the last year: closed ones mostly won, open ones spread over the open stages.

    Returns, per chunk, the won (fully paid) orders as rows of id, amount and the second they were closed.
    """
    pipelines = [demo.pipelines[code] for code, _name, _stages in cat.PIPELINES]
    shares = np.array([cat.PIPELINE_WEIGHTS[p.code] for p in pipelines], dtype=float)
    stage_ids, stage_p, stage_kind = [], [], []
    for p in pipelines:
        open_weight = sum(s.weight for s in p.stages)
        stage_ids.append([s.id for s in p.stages])
        stage_p.append(np.array([0.45 if s.kind == "won" else 0.12 if s.kind == "lost" else
                                 0.43 * s.weight / open_weight for s in p.stages]))
        stage_kind.append([s.kind for s in p.stages])
    titles = {"sales_install": "Кондиционер с монтажом", "maintenance": "Техническое обслуживание",
              "repair": "Ремонт оборудования"}
    scenarios = {"sales_install": ("sale", "installation"), "maintenance": ("maintenance", "verification"),
                 "repair": ("warranty_repair", "post_warranty_repair")}
    sources = list(cat.SOURCE_WEIGHTS)
    source_p = np.array(list(cat.SOURCE_WEIGHTS.values()), dtype=float)
    office = demo.office
    ids = demo.writer.ids("orders", total)
    numbers = demo.writer.ids("orders", total, "number")
    paid: list[np.ndarray] = []

    def chunks() -> Iterator[tuple[str, int]]:
        for start, size in _chunks(total):
            pipe = rng.choice(len(pipelines), size=size, p=shares / shares.sum())
            unit = rng.integers(0, owners.shape[1], size)
            owner = np.where(pipe == 0, rng.integers(0, len(clients), size), owners[0, unit])
            equipment = np.where(pipe == 0, -1, owners[1, unit]).tolist()
            created_s = clock.now - rng.integers(DAY // 24, 365 * DAY, size)
            entered_s = created_s + (rng.random(size) * (clock.now - created_s)).astype(np.int64)
            created, entered = clock.text(created_s), clock.text(entered_s)
            amount = (rng.integers(10, 1_200, size) * 100).tolist()
            source = rng.choice(len(sources), size=size, p=source_p / source_p.sum()).tolist()
            who = rng.integers(0, len(office), size).tolist()
            pick = [rng.choice(len(stage_p[p]), size=size, p=stage_p[p]).tolist() for p in range(len(pipelines))]
            lines = []
            won = []
            for i, (p, c) in enumerate(zip(pipe.tolist(), owner.tolist(), strict=True)):
                stage = pick[p][i]
                kind = stage_kind[p][stage]
                code = pipelines[p].code
                closed = entered[i] if kind != "open" else "\\N"
                paid_now = amount[i] if kind == "won" else 0
                if paid_now:
                    won.append(i)
                unit_id = "\\N" if equipment[i] < 0 else equipment[i]
                lines.append(f"{ids[start + i]}\t{numbers[start + i]}\t{pipelines[p].id}\t{stage_ids[p][stage]}\t"
                             f"{scenarios[code][amount[i] % 2]}\t{clients.start + c}\t{first_site + c}\t{unit_id}\t"
                             f"{office[who[i]]}\t{sources[source[i]]}\t{titles[code]}\t{amount[i]}\t{paid_now}\t"
                             f"{entered[i]}\t{closed}\t{created[i]}\n")
            where = np.array(won, dtype=np.int64)
            paid.append(np.stack([where + ids[start], np.asarray(amount)[where], entered_s[where]]))
            demo.writer.progress(f"Bulk orders {start + size:,} of {total:,}…")
            yield "".join(lines), size

    demo.writer.copy_text("orders", ("id", "number", "pipeline_id", "stage_id", "scenario", "client_id", "site_id",
                                     "equipment_id", "owner_id", "source_channel", "title", "amount", "paid",
                                     "stage_entered_at", "closed_at", "created_at"), chunks())
    return paid


def _payments(demo: Demo, clock: _Clock, paid: list[np.ndarray]) -> None:
    """One payment per won bulk order, the day it was closed.

    The per-row triggers are off for the bulk load, so the orders' COPY above already wrote ``paid`` as the payments
    trigger would have kept it (the order's whole amount); these rows are the payments behind that sum.
    """
    rng = np.random.default_rng([demo.seed, 8])  # apart from the orders' stream, which stays as it was
    total = sum(part.shape[1] for part in paid)
    ids = demo.writer.ids("payments", total)
    accountant = demo.users["lebedeva_n"]
    offset = int(demo.now.astimezone(demo.tz).utcoffset().total_seconds())  # type: ignore[union-attr]

    def chunks() -> Iterator[tuple[str, int]]:
        done = 0
        for part in paid:
            size = part.shape[1]
            at, local = clock.text(part[2]), clock.text(part[2] + offset)
            method = rng.choice(len(PAYMENT_METHODS), size=size, p=PAYMENT_METHOD_P).tolist()
            lines = [f"{ids[done + i]}\t{order}\t{amount}\t{local[i][:10]}\t{PAYMENT_METHODS[method[i]]}\tmanual\t"
                     f"{at[i]}\t{accountant}\n"
                     for i, (order, amount) in enumerate(zip(part[0].tolist(), part[1].tolist(), strict=True))]
            done += size
            demo.writer.progress(f"Bulk payments {done:,} of {total:,}…")
            yield "".join(lines), size

    demo.writer.copy_text("payments", ("id", "order_id", "amount", "paid_on", "method", "source", "created_at",
                                       "created_by"), chunks())

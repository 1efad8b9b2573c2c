"""Order registry latency on the large demo data set (2,000,000 orders) and the XLSX export of 100,000 rows.

    python bench/orders.py [--runs 200] [--seed 7] [--exports 3]

Targets (issue 4): registry first page, filter and sort p95 < 200 ms; XLSX export of 100,000 rows < 15 s.
Each query goes through models.order_registry.fetch_page() exactly as the registry's table model calls it, on a
warm connection pool; the row count (count_estimate) is timed separately, as the page reads it in parallel.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.common import bench_database, machine, percentiles
from models.order_registry import SORT_KEYS, RegistrySpec, count_estimate, explain_page, fetch_page
from reports.orders_xlsx import DEFAULT_COLUMNS, export_orders

EXPORT_ROWS = 100_000


def _sample(db, rng: random.Random, n: int) -> dict[str, list]:
    """Stages, owners and search texts drawn from the data set, typed the way people type them."""
    with db.engine.connect() as conn:
        stages = list(conn.execute(text("SELECT id FROM stages")).scalars())
        owners = list(conn.execute(text("SELECT DISTINCT owner_id FROM orders WHERE id < 20000 "
                                        "AND owner_id IS NOT NULL")).scalars())
        top = conn.execute(text("SELECT max(id) FROM orders")).scalar_one()
        ids = [rng.randint(1, top) for _ in range(n * 2)]
        rows = conn.execute(text(
            "SELECT o.number, c.name, s.address, p.digits FROM orders o JOIN clients c ON c.id = o.client_id "
            "JOIN sites s ON s.id = o.site_id JOIN LATERAL (SELECT digits FROM phones WHERE client_id = c.id "
            "LIMIT 1) p ON true WHERE o.id = ANY(:ids) LIMIT :n"), {"ids": ids, "n": n}).all()
    texts: list[str] = []
    words = ("ремонт", "монтаж", "обслуживание", "кондиционер", "течёт", "шумит")
    for number, name, address, digits in rows:
        kind = rng.randrange(5)
        if kind == 0:
            texts.append(str(number))
        elif kind == 1:
            parts = name.split()
            texts.append(f"{parts[0]} {parts[1][:3]}" if len(parts) > 1 else parts[0])
        elif kind == 2:
            street = next((w.strip(",.") for w in address.split() if len(w) > 3 and w[0].isupper()
                           and w.lower().strip(",.") != "челябинск"), address.split()[0])
            house = next((w.strip(",.") for w in address.split() if w[0].isdigit()), "")
            texts.append(f"{street} {house}".strip())
        elif kind == 3:
            texts.append(f"+{digits[0]} {digits[1:4]} {digits[4:7]}-{digits[7:9]}-{digits[9:]}")
        else:
            texts.append(rng.choice(words))
    return {"stages": stages, "owners": owners, "texts": texts}


def _filter_spec(rng: random.Random, sample: dict, today: date) -> RegistrySpec:
    start = today - timedelta(days=rng.randint(30, 360))
    kind = rng.randrange(4)
    return RegistrySpec(
        stage_ids=(rng.choice(sample["stages"]),) if kind in (0, 3) else (),
        owner_id=rng.choice(sample["owners"]) if kind in (1, 3) else None,
        created_from=start if kind in (2, 3) else None,
        created_to=start + timedelta(days=rng.randint(7, 60)) if kind in (2, 3) else None,
        sort=rng.choice(SORT_KEYS), descending=rng.random() < 0.7,
    )


def _timed(fn, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - started) * 1000, result


def _explain_slowest(db, specs: list[RegistrySpec], pages: list[float], counts: list[float], n: int) -> None:
    """The ``n`` slowest specs of a scenario (page and count times), each with its page query's plan run again."""
    for index in sorted(range(len(specs)), key=pages.__getitem__, reverse=True)[:n]:
        print(f"  -- page {pages[index]:.1f} ms, count {counts[index]:.1f} ms: {specs[index]}")
        print("\n".join("     " + line for line in explain_page(db, specs[index]).splitlines()), flush=True)


def _export_spec(db) -> RegistrySpec:
    """The newest days of orders, from the company's day holding the EXPORT_ROWS-th newest: at least EXPORT_ROWS."""
    with db.engine.connect() as conn:
        since = conn.execute(text("SELECT created_at FROM orders ORDER BY created_at DESC OFFSET :n LIMIT 1"),
                             {"n": EXPORT_ROWS - 1}).scalar_one()
        zone = conn.execute(text("SELECT time_zone FROM company")).scalar_one_or_none() or "UTC"
    return RegistrySpec(created_from=since.astimezone(ZoneInfo(zone)).date())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="queries per scenario")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exports", type=int, default=3, help="XLSX exports to take the median of")
    parser.add_argument("--only", choices=("queries", "export"), help="run only the registry queries or the export")
    parser.add_argument("--explain-slowest", type=int, default=0, metavar="N",
                        help="after each query scenario, print its N slowest specs and their plans")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    db, _server = bench_database("large")
    with db.engine.connect() as conn:
        orders = conn.execute(text("SELECT count(*) FROM orders")).scalar_one()
    sample = _sample(db, rng, args.runs)
    today = date.today()
    scenarios = {
        "first page": [RegistrySpec(sort=rng.choice(SORT_KEYS), descending=rng.random() < 0.7)
                       for _ in range(args.runs)],
        "filter+sort": [_filter_spec(rng, sample, today) for _ in range(args.runs)],
        "text search": [RegistrySpec(text=t) for t in sample["texts"]],
    }
    for spec in scenarios["first page"][:10]:  # warm the pool and the caches the way a working day does
        fetch_page(db, spec)
    print(f"machine: {machine()}")
    print(f"data: orders {orders:,}")
    print(f"{'scenario':<14} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}   "
          f"{'count p50':>9} {'count p95':>9}")
    for name, specs in scenarios.items() if args.only != "export" else ():
        pages, counts = [], []
        for spec in specs:
            pages.append(_timed(fetch_page, db, spec)[0])
            counts.append(_timed(count_estimate, db, spec)[0])
        p, c = percentiles(pages), percentiles(counts)
        print(f"{name:<14} {p['n']:>5} {p['p50']:>8.1f} {p['p95']:>8.1f} {p['p99']:>8.1f} {p['max']:>8.1f}   "
              f"{c['p50']:>9.1f} {c['p95']:>9.1f}", flush=True)
        _explain_slowest(db, specs, pages, counts, args.explain_slowest)

    if args.only == "queries" or args.exports <= 0:
        return 0
    spec = _export_spec(db)
    durations, rows = [], 0
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.exports):
            # With a progress callback and a cancel poll, as the registry's progress dialog runs it.
            elapsed, result = _timed(export_orders, db, spec, Path(folder) / f"orders-{run}.xlsx", DEFAULT_COLUMNS,
                                     lambda done, total: None, lambda: False)
            durations.append(elapsed / 1000)
            rows = result.rows
            size = result.path.stat().st_size / 1e6
    print(f"xlsx export    {rows:,} rows: median {statistics.median(durations):.1f} s of {args.exports} "
          f"({', '.join(f'{d:.1f}' for d in durations)}), {size:.1f} MB, every column")
    return 0


if __name__ == "__main__":
    sys.exit(main())

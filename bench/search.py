"""Search latency by phone, name, address and serial on the large demo data set.

    python bench/search.py [--queries 300] [--seed 7]

Targets (issue: foundation): phone p95 < 20 ms; name and address p95 < 150 ms. Each query goes through
models.search.search() exactly as the search box calls it, on a warm connection pool.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.common import bench_database, machine, percentiles
from models.search import search

PHONE_FORMATS = (
    lambda d: f"+{d[0]} {d[1:4]} {d[4:7]}-{d[7:9]}-{d[9:]}",
    lambda d: f"8 ({d[1:4]}) {d[4:7]}-{d[7:9]}-{d[9:]}",
    lambda d: d,
    lambda d: f"{d[1:4]}-{d[4:7]}-{d[7:9]}-{d[9:]}",
)


def _random_values(conn, rng: random.Random, table: str, column: str, n: int, where: str = "true") -> list[str]:
    top = conn.execute(text(f"SELECT max(id) FROM {table}")).scalar_one()
    ids = [rng.randint(1, top) for _ in range(n * 3)]
    rows = conn.execute(
        text(f"SELECT {column} FROM {table} WHERE id = ANY(:ids) AND {where} LIMIT :n"), {"ids": ids, "n": n}
    )
    return list(rows.scalars())


def sample_queries(db, rng: random.Random, n: int) -> dict[str, list[str]]:
    """Real values from the data set, typed the way people type them."""
    with db.engine.connect() as conn:
        digits = _random_values(conn, rng, "phones", "digits", n)
        names = _random_values(conn, rng, "clients", "name", n, "kind = 'person'")
        addresses = _random_values(conn, rng, "sites", "address", n)
        serials = _random_values(conn, rng, "equipment", "serial", n, "serial IS NOT NULL")
    phones = [rng.choice(PHONE_FORMATS)(d) for d in digits]
    # A surname and the first letters of the first name: what a dispatcher types.
    name_queries = [f"{n.split()[0]} {n.split()[1][:3]}" if len(n.split()) > 1 else n for n in names][:n]
    # Street and house number: "Ленина 5".
    address_queries = []
    for a in addresses:
        words = [w.strip(",.") for w in a.split() if w.strip(",.")]
        street = next((w for w in words if len(w) > 3 and w[0].isupper() and w.lower() != "челябинск"), words[0])
        house = next((w for w in words if w[0].isdigit()), "")
        address_queries.append(f"{street} {house}".strip())
    serial_queries = [s[: max(6, len(s) - 2)] for s in serials]
    return {"phone": phones, "name": name_queries, "address": address_queries, "serial": serial_queries}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300, help="queries per kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    db, _server = bench_database("large")
    with db.engine.connect() as conn:
        sizes = {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("clients", "phones", "sites", "equipment", "orders")
        }
    queries = sample_queries(db, random.Random(args.seed), args.queries)
    for q in queries["phone"][:20]:  # warm the pool and caches the way a working day does
        search(db, q)
    print(f"machine: {machine()}")
    print("data: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
    print(f"{'kind':<8} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  found")
    for kind, items in queries.items():
        samples, found = [], 0
        for q in items:
            started = time.perf_counter()
            hits = search(db, q)
            samples.append((time.perf_counter() - started) * 1000)
            found += bool(hits)
        p = percentiles(samples)
        print(
            f"{kind:<8} {p['n']:>5} {p['p50']:>8.1f} {p['p95']:>8.1f} {p['p99']:>8.1f} {p['max']:>8.1f}  "
            f"{found}/{len(items)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

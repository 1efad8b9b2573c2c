"""Equipment card latency: one unit with 200 orders of history, in a throwaway database.

    python bench/equipment_card.py [--orders 200] [--runs 200] [--noise-units 20000]

Target (issue 7): the card of a unit with 200 orders loads in < 300 ms. The unit's orders each have two visits and a
call; the unit has readings, parts replaced and claims. Around it, ``--noise-units`` other units (a tenth of the
same make and model) with two orders each, so "frequent problems" counts over a realistic fleet. Each run goes
through models.equipment_card.load_equipment_card() exactly as the card calls it, on a warm connection pool.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench.common import machine, percentiles
from models.bootstrap import migrate
from models.database import Database
from models.embedded import start_embedded
from models.equipment_card import load_equipment_card

SEED_SQL = """
INSERT INTO manufacturers (id, name) VALUES (9001, 'Кировец'), (9002, 'Ростсельмаш');
INSERT INTO clients (id, kind, name) SELECT g, 'company', 'Клиент ' || g FROM generate_series(1, 2000) g;
INSERT INTO sites (id, client_id, address) SELECT g, g, 'с. Село, ул. Полевая, ' || g FROM generate_series(1, 2000) g;
INSERT INTO pipelines (id, name, code) VALUES (9001, 'Ремонт (бенч)', 'bench_repair');
INSERT INTO stages (id, pipeline_id, position, name, color, kind) VALUES
  (9001, 9001, 0, 'Заявка', '#9e9e9e', 'open'), (9002, 9001, 1, 'Ремонт', '#ffa726', 'open'),
  (9003, 9001, 2, 'Закрыто', '#43a047', 'won');
INSERT INTO technicians (id, full_name) SELECT g, 'Механик ' || g FROM generate_series(1, 30) g;
INSERT INTO services (id, code, name, price, duration_min) VALUES (9001, 'bench_diag', 'Диагностика', 3000, 60);
-- the unit under test: id 1, client 1
INSERT INTO equipment (id, client_id, site_id, manufacturer_id, kind, model, serial, sold_on, warranty_until,
                       warranty_usage_limit, usage_unit)
VALUES (1, 1, 1, 9001, 'Трактор', 'К-525 Премиум', 'KR-BENCH-1', '2020-01-01', '2027-01-01', 3000, 'engine_hours');
-- the fleet around it
INSERT INTO equipment (id, client_id, site_id, manufacturer_id, kind, model, serial)
SELECT g + 1, 1 + g % 2000, 1 + g % 2000, CASE WHEN g % 10 = 0 THEN 9001 ELSE 9002 END, 'Трактор',
       CASE WHEN g % 10 = 0 THEN 'К-525 Премиум' ELSE 'Модель ' || (g % 37) END, 'SN-' || g
FROM generate_series(1, :noise) g;
INSERT INTO orders (pipeline_id, stage_id, scenario, client_id, site_id, equipment_id, title, description, created_at)
SELECT 9001, 9001 + g % 3, CASE WHEN g % 4 = 0 THEN 'warranty_maintenance' ELSE 'post_warranty_repair' END, 1, 1, 1,
       'Заявка ' || g, (ARRAY['Перегрев двигателя', 'Течь гидравлики', 'Не включается ВОМ', 'Стук в КПП'])[1 + g % 4],
       now() - make_interval(days => :orders - g)
FROM generate_series(1, :orders) g;
INSERT INTO orders (pipeline_id, stage_id, scenario, client_id, site_id, equipment_id, title, description, created_at)
SELECT 9001, 9002, 'post_warranty_repair', 1 + (g / 2) % 2000, 1 + (g / 2) % 2000, 2 + (g / 2) % :noise,
       'Ремонт', (ARRAY['Перегрев двигателя', 'Течь гидравлики', 'Шум', 'Не заводится'])[1 + g % 4],
       now() - make_interval(days => g % 900)
FROM generate_series(0, 2 * :noise - 1) g;
INSERT INTO visits (order_id, technician_id, service_id, starts_at, ends_at, status)
SELECT o.id, 1 + (o.id * 2 + k) % 30, 9001, o.created_at + make_interval(days => 1 + k, hours => 2 * (o.id % 4)),
       o.created_at + make_interval(days => 1 + k, hours => 2 * (o.id % 4) + 1), 'done'
FROM orders o CROSS JOIN generate_series(0, 1) k WHERE o.equipment_id = 1;
INSERT INTO calls (pbx_call_id, direction, from_number, to_number, started_at, status, talk_seconds, client_id,
                   order_id)
SELECT 'bench-' || o.id, 'inbound', '+79120000001', '100', o.created_at - interval '1 hour', 'ended', 95, 1, o.id
FROM orders o WHERE o.equipment_id = 1;
INSERT INTO usage_readings (equipment_id, read_at, value, source)
SELECT 1, now() - make_interval(days => 200 - g * 4), g * 40, 'visit' FROM generate_series(1, 50) g;
INSERT INTO part_replacements (equipment_id, order_id, part_name, old_serial, new_serial, created_at)
SELECT 1, o.id, (ARRAY['Насос ГУР', 'Сальник КПП', 'Фильтр'])[1 + o.id % 3], 'OLD-' || o.id, 'NEW-' || o.id,
       o.created_at + interval '2 days'
FROM orders o WHERE o.equipment_id = 1 AND o.id % 10 = 0;
INSERT INTO part_replacements (equipment_id, part_name, created_at)
SELECT 2 + g % :noise, (ARRAY['Насос ГУР', 'Сальник КПП', 'Фильтр'])[1 + g % 3], now() FROM generate_series(1, 3000) g;
INSERT INTO claims (order_id, equipment_id, manufacturer_id, status, defect)
SELECT o.id, 1, 9001, 'sent', o.description FROM orders o WHERE o.equipment_id = 1 AND o.id % 20 = 0;
"""


def build(db: Database, orders: int, noise: int) -> None:
    with db.engine.begin() as conn:
        for statement in filter(str.strip, SEED_SQL.split(";\n")):
            conn.execute(text(statement), {"orders": orders, "noise": noise})
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def equipment_card_bench(orders: int = 200, runs: int = 200, noise_units: int = 20000) -> dict[str, float]:
    """Build a throwaway database, load the card ``runs`` times and return the latency percentiles (ms)."""
    folder = Path(tempfile.mkdtemp(prefix="fd-bench-eqcard-"))
    server, url = start_embedded(folder / "pgdata", database="eqcard", cleanup="delete")
    db = Database(url, application="fielddesk-bench")
    try:
        migrate(db)
        started = time.perf_counter()
        build(db, orders, noise_units)
        print(f"built the data in {time.perf_counter() - started:.1f} s", flush=True)
        card = load_equipment_card(db, 1)  # warm-up (and a check of what is measured)
        print(f"history: {len(card.history)} items ({card.order_count} orders), {len(card.readings)} readings, "
              f"{len(card.parts)} parts, {len(card.problems)} frequent problems", flush=True)
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            load_equipment_card(db, 1)
            samples.append((time.perf_counter() - t0) * 1000)
        return percentiles(samples)
    finally:
        db.dispose()
        server.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--noise-units", type=int, default=20000)
    args = parser.parse_args()
    print(machine())
    result = equipment_card_bench(args.orders, args.runs, args.noise_units)
    print(f"equipment card, {args.orders} orders: n={result['n']} p50={result['p50']:.1f} ms "
          f"p95={result['p95']:.1f} ms p99={result['p99']:.1f} ms max={result['max']:.1f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()

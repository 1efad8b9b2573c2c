"""Maintenance occurrences inserted in bulk are audited row by row but announced once per statement."""

import json

from sqlalchemy import text

from models.live import parse_change


def _plan(conn) -> int:
    conn.execute(text(
        "INSERT INTO clients (id, name) VALUES (1, 'Иванов'); "
        "INSERT INTO equipment (id, client_id, kind, model) VALUES (1, 1, 'Трактор', 'К-525')"))
    return conn.execute(text("INSERT INTO maintenance_plans (equipment_id, every_months, starts_on) "
                             "VALUES (1, 1, '2026-01-01') RETURNING id")).scalar_one()


def test_a_bulk_insert_is_audited_per_row_and_announced_once(fresh_database):
    engine = fresh_database.engine
    with engine.connect() as listener:
        raw = listener.connection.driver_connection
        raw.autocommit = True
        raw.execute("LISTEN fielddesk_changes")
        with engine.begin() as conn:
            plan = _plan(conn)
        list(raw.notifies(timeout=0.5))  # drain the set-up's messages
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO maintenance_occurrences (plan_id, seq, due_on) "
                              "SELECT :p, s, DATE '2026-01-01' + s * 30 FROM generate_series(1, 120) s"), {"p": plan})
            few = conn.execute(text("INSERT INTO maintenance_occurrences (plan_id, seq, due_on) "
                                    "VALUES (:p, 500, '2030-01-01') RETURNING id"), {"p": plan}).scalar_one()
            conn.execute(text("UPDATE maintenance_occurrences SET status = 'skipped' WHERE id = :id"), {"id": few})
        got = [(c.table, c.id, c.op) for c in (parse_change(n.payload) for n in raw.notifies(timeout=1.0, stop_after=3))
               if c is not None and c.table == "maintenance_occurrences"]
    assert got == [("maintenance_occurrences", None, "insert"), ("maintenance_occurrences", few, "insert"),
                   ("maintenance_occurrences", few, "update")]
    with engine.connect() as conn:
        audited = conn.execute(text("SELECT op, count(*) FROM audit_log WHERE table_name = 'maintenance_occurrences' "
                                    "GROUP BY op ORDER BY op")).all()
        sample = conn.execute(text("SELECT new FROM audit_log WHERE table_name = 'maintenance_occurrences' "
                                   "AND row_id = :id AND op = 'I'"), {"id": few}).scalar_one()
    assert [tuple(r) for r in audited] == [("I", 121), ("U", 1)]
    assert sample["seq"] == 500 and json.dumps(sample)

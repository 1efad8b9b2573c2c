"""Migration 0007: what orders were paid becomes payments, and orders.paid follows the payments from then on."""

import pytest
from sqlalchemy import text

from tests.models.test_scheduling_schema import _differences, _migrate


@pytest.mark.filterwarnings("ignore:Expression #1 .* detected to include an operator clause")
def test_0007_turns_paid_sums_into_payments_and_keeps_them_in_step(empty_database):
    db = empty_database
    _migrate(db, "0006")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO clients (id, name) VALUES (1, 'Иванов'); INSERT INTO pipelines (id, name, code) "
            "VALUES (1, 'Ремонт', 'repair'); INSERT INTO stages (id, pipeline_id, position, name) "
            "VALUES (1, 1, 0, 'Заявка'); "
            "INSERT INTO orders (id, pipeline_id, stage_id, client_id, title, amount, paid) VALUES "
            "(1, 1, 1, 1, 'Ремонт', 1000, 500), (2, 1, 1, 1, 'ТО', 800, 0)"))
    _migrate(db, "0007")
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT order_id, amount, source FROM payments")).all() == [(1, 500, "migration")]
        conn.execute(text("INSERT INTO payments (order_id, amount, paid_on, source, external_id) "
                          "VALUES (1, 300, '2026-11-20', 'import_1c', 'ПП-17 от 20.11.2026'), "
                          "(2, 800, '2026-11-21', 'manual', NULL)"))
        assert conn.execute(text("SELECT id, paid FROM orders ORDER BY id")).all() == [(1, 800), (2, 800)]
        with pytest.raises(Exception, match="uq_payments_external"), conn.begin_nested():
            conn.execute(text("INSERT INTO payments (order_id, amount, paid_on, source, external_id) "
                              "VALUES (1, 300, '2026-11-20', 'import_1c', 'ПП-17 от 20.11.2026')"))
        conn.execute(text("UPDATE payments SET order_id = 1 WHERE order_id = 2"))  # booked to the wrong order
        assert conn.execute(text("SELECT id, paid FROM orders ORDER BY id")).all() == [(1, 1600), (2, 0)]
        conn.execute(text("INSERT INTO maintenance_plans (equipment_id, every_months, starts_on) "
                          "SELECT 1, 6, '2026-01-01' WHERE false"))
    _migrate(db, "0006", down=True)
    with db.engine.connect() as conn:
        tables = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    assert not {"payments", "maintenance_plans", "claims", "document_templates"} & tables
    _migrate(db, "head")
    assert _differences(db) == []

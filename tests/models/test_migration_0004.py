"""Migration 0004 on a database holding orders: requests without a client allowed, and back down again."""

import pytest
from sqlalchemy import text

from models.bootstrap import current_revision
from tests.models.test_scheduling_schema import _differences, _migrate


@pytest.mark.filterwarnings("ignore:Expression #1 .* detected to include an operator clause")
def test_0004_upgrades_a_0003_database_with_orders_and_downgrades_back(empty_database):
    db = empty_database
    _migrate(db, "0003")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO clients (id, name) VALUES (1, 'Иванов'); INSERT INTO pipelines (id, name, code) "
            "VALUES (1, 'Ремонт', 'repair'); INSERT INTO stages (id, pipeline_id, position, name) "
            "VALUES (1, 1, 0, 'Заявка'); INSERT INTO orders (id, pipeline_id, stage_id, client_id, title, "
            "custom_fields) VALUES (1, 1, 1, 1, 'Не охлаждает', '{\"dealer\": \"Агроснаб\"}'); "
            "SELECT setval('orders_id_seq', 1)"))
    _migrate(db, "0004")
    assert current_revision(db) == "0004"
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT callback_sla_minutes FROM company")).scalar() == 15
        conn.execute(text("INSERT INTO orders (pipeline_id, stage_id, requester_phone, title) "
                          "VALUES (1, 1, '+73517771234', 'Missed call')"))
        with pytest.raises(Exception, match="ck_orders_has_requester"), conn.begin_nested():
            conn.execute(text("INSERT INTO orders (pipeline_id, stage_id, title) VALUES (1, 1, 'Nobody')"))
        found = conn.execute(text(
            "SELECT id FROM orders WHERE to_tsvector('simple', fd_fold(title || ' ' || coalesce(description, '') "
            "|| ' ' || custom_fields::text)) @@ to_tsquery('simple', 'агроснаб:*')")).scalars().all()
        assert found == [1]
        conn.execute(text("INSERT INTO stage_rules (stage_id, kind, params) VALUES (1, 'create_task', '{}')"))
        conn.execute(text("INSERT INTO rule_firings (rule_id, order_id) SELECT id, 1 FROM stage_rules"))
        with pytest.raises(Exception, match="uq_rule_firings_once"), conn.begin_nested():
            conn.execute(text("INSERT INTO rule_firings (rule_id, order_id) SELECT id, 1 FROM stage_rules"))
    _migrate(db, "0003", down=True)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM orders")).scalars().all() == [1]
        tables = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    assert not {"stage_rules", "rule_firings", "custom_field_defs", "saved_views", "service_status"} & tables
    _migrate(db, "head")
    assert _differences(db) == []

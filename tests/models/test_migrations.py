"""The schema comes from migrations on an empty database, and a newer database is refused."""

import pytest
from sqlalchemy import text

from models.bootstrap import DatabaseTooNew, current_revision, head_revision, migrate
from models.schema import metadata


def test_migrate_from_empty_creates_every_table_and_is_idempotent(empty_database):
    assert current_revision(empty_database) is None
    assert migrate(empty_database) == head_revision()
    assert migrate(empty_database) == head_revision()
    with empty_database.engine.connect() as conn:
        tables = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        assert set(metadata.tables) <= tables
        company = conn.execute(text("SELECT phone_region, currency, time_zone FROM company")).one()
        assert tuple(company) == ("RU", "RUB", "Asia/Yekaterinburg")
        roles = set(conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'fielddesk_%'")).scalars())
        assert {"fielddesk_dispatcher", "fielddesk_admin", "fielddesk_service_head"} <= roles


def test_database_from_newer_fielddesk_is_refused_naming_both_versions(fresh_database):
    with fresh_database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        conn.execute(text("UPDATE schema_info SET app_version = '9.0.0'"))
    with pytest.raises(DatabaseTooNew) as info:
        migrate(fresh_database)
    message = str(info.value)
    assert "FieldDesk 9.0.0" in message and "0099" in message
    assert head_revision() in message


def test_every_change_is_audited_and_announced(fresh_database):
    with fresh_database.engine.connect() as listener:
        listener.execute(text("LISTEN fielddesk_changes"))
        listener.commit()
        with fresh_database.engine.begin() as conn:
            cid = conn.execute(text("INSERT INTO clients (name) VALUES ('Иванов Пётр') RETURNING id")).scalar_one()
            conn.execute(text("UPDATE clients SET name = 'Иванов Пётр Ильич' WHERE id = :id"), {"id": cid})
        raw = listener.connection.driver_connection
        notes = [n.payload for n in raw.notifies(timeout=2, stop_after=2)]
    assert f'"table" : "clients", "id" : {cid}, "op" : "insert"' in notes[0]
    with fresh_database.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT op, old->>'name', new->>'name', db_user FROM audit_log WHERE table_name = 'clients' "
                 "AND row_id = :id ORDER BY id"),
            {"id": cid},
        ).all()
    assert [r[:3] for r in rows] == [("I", None, "Иванов Пётр"), ("U", "Иванов Пётр", "Иванов Пётр Ильич")]
    assert rows[0].db_user

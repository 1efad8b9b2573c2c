"""The entities match the migrated schema; migration 0003 upgrades from 0002 with data and downgrades cleanly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from models.bootstrap import alembic_config, current_revision
from models.database import Database
from models.schema import metadata

#: Tables created by SQL in migrations rather than from entities.
SQL_ONLY_TABLES = {"schema_info"}
def _differences(db: Database) -> list:
    def include(obj, name, kind, reflected, compare_to) -> bool:
        return not (kind == "table" and name in SQL_ONLY_TABLES)

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include})
        diffs = compare_metadata(context, metadata)
    return diffs


# Alembic cannot compare two expression indexes (ix_equipment_serial_upper, ix_phones_digits_reverse: the operator
# class is written into the expression rather than postgresql_ops) and says so.
@pytest.mark.filterwarnings("ignore:Expression #1 .* detected to include an operator clause")
def test_the_entities_match_the_migrated_schema(fresh_database):
    assert _differences(fresh_database) == []


def test_every_check_exclusion_unique_and_foreign_key_constraint_is_declared_on_its_entity(fresh_database):
    with fresh_database.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT c.relname, k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND k.contype IN "
            "('c', 'x', 'u', 'f', 'p')")).all()
    in_db = {(table, name) for table, name in rows if table in metadata.tables}
    declared = {(t.name, c.name) for t in metadata.tables.values() for c in t.constraints}
    assert in_db == declared


def _migrate(db: Database, revision: str, *, down: bool = False) -> None:
    with db.engine.begin() as conn:
        cfg = alembic_config(db)
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


T0 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


def _columns(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return set(conn.execute(text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"),
                                {"t": table}).scalars())


@pytest.mark.filterwarnings("ignore:Expression #1 .* detected to include an operator clause")
def test_0003_upgrades_a_0002_database_with_visits_and_downgrades_back(empty_database):
    db = empty_database
    _migrate(db, "0002")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO clients (id, name) VALUES (1, 'Иванов'); INSERT INTO pipelines (id, name, code) "
            "VALUES (1, 'Ремонт', 'repair'); INSERT INTO stages (id, pipeline_id, position, name) "
            "VALUES (1, 1, 0, 'Заявка'); INSERT INTO orders (id, pipeline_id, stage_id, client_id, title) "
            "VALUES (1, 1, 1, 1, 'Не охлаждает'); INSERT INTO technicians (id, full_name) VALUES (1, 'Петров'), "
            "(2, 'Сидоров')"))
        conn.execute(text(
            "INSERT INTO visits (order_id, technician_id, starts_at, ends_at, status) VALUES "
            "(1, 1, :t, :t + interval '1 hour', 'planned'), (1, 1, :t, :t + interval '1 hour', 'cancelled'), "
            "(1, NULL, :t, :t + interval '1 hour', 'planned')"), {"t": T0})
    _migrate(db, "0003")
    assert current_revision(db) == "0003"
    with db.engine.begin() as conn:
        members = conn.execute(text("SELECT technician_id, is_lead, cancelled FROM visit_technicians "
                                    "ORDER BY cancelled")).all()
        assert [tuple(m) for m in members] == [(1, True, False), (1, True, True)]
        assert tuple(conn.execute(text("SELECT holiday_country, urgent_buffer_percent FROM company")).one()) == (
            "RU", 10)
        with pytest.raises(Exception, match="ck_company_urgent_buffer_range"), conn.begin_nested():
            conn.execute(text("UPDATE company SET urgent_buffer_percent = 95"))
        with pytest.raises(Exception, match="visit_technicians_no_double_booking"), conn.begin_nested():
            conn.execute(text("INSERT INTO visit_technicians (visit_id, technician_id, starts_at, ends_at) "
                              "SELECT id, 1, starts_at, ends_at FROM visits WHERE technician_id IS NULL"))
        conn.execute(text("INSERT INTO absences (technician_id, starts_on, ends_on, reason) "
                          "VALUES (2, '2026-12-01', '2026-12-05', 'vacation')"))
    _migrate(db, "0002", down=True)
    assert current_revision(db) == "0002"
    with db.engine.connect() as conn:
        tables = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        functions = set(conn.execute(text("SELECT proname FROM pg_proc WHERE proname LIKE 'fielddesk_visit%'"))
                        .scalars())
        assert conn.execute(text("SELECT count(*) FROM visits")).scalar() == 3
    assert not {"absences", "visit_technicians"} & tables and not functions
    assert not {"holiday_country", "urgent_buffer_percent"} & _columns(db, "company")
    assert "holiday_work" not in _columns(db, "shifts")
    with db.engine.begin() as conn:  # the visits table works without the crew trigger
        conn.execute(text("UPDATE visits SET starts_at = starts_at + interval '1 day', "
                          "ends_at = ends_at + interval '1 day'"))
    _migrate(db, "head")
    assert _differences(db) == []


def test_new_tables_are_audited_announced_and_granted_and_a_technician_may_still_update_a_visit(fresh_database):
    with fresh_database.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO clients (id, name) VALUES (1, 'Иванов'); INSERT INTO pipelines (id, name, code) "
            "VALUES (1, 'Ремонт', 'repair'); INSERT INTO stages (id, pipeline_id, position, name) "
            "VALUES (1, 1, 0, 'Заявка'); INSERT INTO orders (id, pipeline_id, stage_id, client_id, title) "
            "VALUES (1, 1, 1, 1, 'Не охлаждает'); INSERT INTO technicians (id, full_name) VALUES (1, 'Петров')"))
        visit = conn.execute(text("INSERT INTO visits (order_id, technician_id, starts_at, ends_at) "
                                  "VALUES (1, 1, :t, :t + interval '1 hour') RETURNING id"), {"t": T0}).scalar()
        conn.execute(text("INSERT INTO absences (technician_id, starts_on, ends_on, reason) "
                          "VALUES (1, '2026-12-01', '2026-12-05', 'vacation')"))
        audited = conn.execute(text("SELECT table_name, row_id, op FROM audit_log WHERE table_name IN "
                                    "('absences', 'visit_technicians') ORDER BY id")).all()
        assert [tuple(a) for a in audited] == [("visit_technicians", visit, "I"), ("absences", 1, "I")]
        triggers = set(conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
        assert {"absences_audit", "absences_notify", "visit_technicians_audit", "visit_technicians_notify",
                "visit_technicians_times", "visits_crew_sync"} <= triggers
        for role, table, privilege in (("fielddesk_dispatcher", "visit_technicians", "INSERT"),
                                       ("fielddesk_service_head", "absences", "DELETE"),
                                       ("fielddesk_technician", "absences", "SELECT")):
            assert conn.execute(text("SELECT has_table_privilege(:r, :t, :p)"),
                                {"r": role, "t": table, "p": privilege}).scalar()
        assert not conn.execute(text("SELECT has_table_privilege('fielddesk_technician', 'visit_technicians', "
                                     "'UPDATE')")).scalar()
        conn.execute(text("SET LOCAL ROLE fielddesk_technician"))
        conn.execute(text("UPDATE visits SET status = 'cancelled' WHERE id = :id"), {"id": visit})
        conn.execute(text("RESET ROLE"))
        assert conn.execute(text("SELECT cancelled FROM visit_technicians WHERE visit_id = :id"),
                            {"id": visit}).scalar() is True

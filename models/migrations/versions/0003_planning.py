"""planning: absences, visit crews kept in step with their visits, holiday work, holiday country and urgent buffer

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:00:00

Crews: every technician of a visit, the lead included, is a row of visit_technicians carrying a copy of the
visit's time, so one exclusion constraint refuses double booking of leads and crew members alike. Triggers keep
the copy true (see models/scheduling.py); existing visits get their lead rows here.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

GROUP_ROLES = ("dispatcher", "manager", "service_head", "technician", "accountant", "admin")
EVERYONE = ", ".join(f"fielddesk_{r}" for r in GROUP_ROLES)
OFFICE = "fielddesk_dispatcher, fielddesk_manager, fielddesk_service_head, fielddesk_admin"
# New tables and the column naming a row in the audit log and notifications (visit_technicians: its visit).
NEW_TABLES = {"absences": "id", "visit_technicians": "visit_id"}

SYNC_FROM_VISIT = """
CREATE FUNCTION fielddesk_visit_crew_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.technician_id IS DISTINCT FROM OLD.technician_id THEN
        DELETE FROM visit_technicians WHERE visit_id = NEW.id AND is_lead;
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.starts_at, NEW.ends_at, NEW.status = 'cancelled')
            IS DISTINCT FROM (OLD.starts_at, OLD.ends_at, OLD.status = 'cancelled') THEN
        UPDATE visit_technicians
           SET starts_at = NEW.starts_at, ends_at = NEW.ends_at, cancelled = NEW.status = 'cancelled'
         WHERE visit_id = NEW.id;
    END IF;
    IF NEW.technician_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.technician_id IS DISTINCT FROM OLD.technician_id)
    THEN
        INSERT INTO visit_technicians (visit_id, technician_id, is_lead, starts_at, ends_at, cancelled)
        VALUES (NEW.id, NEW.technician_id, true, NEW.starts_at, NEW.ends_at, NEW.status = 'cancelled')
        ON CONFLICT (visit_id, technician_id) DO UPDATE SET is_lead = true;
    END IF;
    RETURN NULL;
END $$;
"""

COPY_VISIT_TIME = """
CREATE FUNCTION fielddesk_visit_crew_times() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    -- FOR SHARE waits for a transaction moving the visit, then reads the moved time.
    SELECT v.starts_at, v.ends_at, v.status = 'cancelled' INTO NEW.starts_at, NEW.ends_at, NEW.cancelled
      FROM visits v WHERE v.id = NEW.visit_id FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'visit % does not exist', NEW.visit_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END $$;
"""


def upgrade() -> None:
    op.add_column("company", sa.Column("holiday_country", sa.String(length=2), server_default="RU", nullable=False))
    op.add_column("company", sa.Column("urgent_buffer_percent", sa.Integer(), server_default="10", nullable=False))
    op.create_check_constraint(op.f("ck_company_holiday_country_code"), "company", "holiday_country ~ '^[A-Z]{2}$'")
    op.create_check_constraint(op.f("ck_company_urgent_buffer_range"), "company",
                               "urgent_buffer_percent BETWEEN 0 AND 90")

    op.add_column("shifts", sa.Column("holiday_work", sa.Boolean(), server_default="false", nullable=False))
    op.create_index("ix_shifts_starts_at", "shifts", ["starts_at"])

    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_absences_ends_after_start")),
        sa.CheckConstraint("reason IN ('vacation', 'sick_leave', 'day_off', 'training', 'other')",
                           name=op.f("ck_absences_reason_known")),
        postgresql.ExcludeConstraint(
            (sa.text("int4range(technician_id, technician_id, '[]')"), "&&"),
            (sa.text("daterange(starts_on, ends_on, '[]')"), "&&"),
            using="gist", name="absences_no_overlap"),
        sa.ForeignKeyConstraint(["technician_id"], ["technicians.id"],
                                name=op.f("fk_absences_technician_id_technicians"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absences")),
    )
    op.create_index("ix_absences_technician_id", "absences", ["technician_id"])

    op.create_table(
        "visit_technicians",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("is_lead", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled", sa.Boolean(), server_default="false", nullable=False),
        postgresql.ExcludeConstraint(
            (sa.text("int4range(technician_id, technician_id, '[]')"), "&&"),
            (sa.text("tstzrange(starts_at, ends_at)"), "&&"),
            where=sa.text("NOT cancelled"), using="gist", name="visit_technicians_no_double_booking"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_visit_technicians_visit_id_visits"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technician_id"], ["technicians.id"],
                                name=op.f("fk_visit_technicians_technician_id_technicians"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("visit_id", "technician_id", name=op.f("pk_visit_technicians")),
    )
    op.create_index("uq_visit_technicians_lead", "visit_technicians", ["visit_id"], unique=True,
                    postgresql_where=sa.text("is_lead"))
    op.create_index("ix_visit_technicians_technician_starts", "visit_technicians", ["technician_id", "starts_at"])

    op.execute(SYNC_FROM_VISIT)
    op.execute(COPY_VISIT_TIME)
    op.execute("CREATE TRIGGER visit_technicians_times BEFORE INSERT OR UPDATE ON visit_technicians "
               "FOR EACH ROW EXECUTE FUNCTION fielddesk_visit_crew_times()")
    # Lead rows of the visits booked so far; they already satisfy visits_no_double_booking, so none can clash.
    op.execute("INSERT INTO visit_technicians (visit_id, technician_id, is_lead, starts_at, ends_at, cancelled) "
               "SELECT id, technician_id, true, starts_at, ends_at, status = 'cancelled' FROM visits "
               "WHERE technician_id IS NOT NULL")
    op.execute("CREATE TRIGGER visits_crew_sync AFTER INSERT OR UPDATE OF technician_id, starts_at, ends_at, status "
               "ON visits FOR EACH ROW EXECUTE FUNCTION fielddesk_visit_crew_sync()")
    for table, key in NEW_TABLES.items():
        op.execute(f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION fielddesk_audit('{key}')")
        op.execute(f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION fielddesk_notify('{key}')")
    tables = ", ".join(NEW_TABLES)
    op.execute(f"GRANT SELECT ON {tables} TO {EVERYONE}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {tables} TO {OFFICE}")
    op.execute(f"GRANT USAGE, SELECT ON SEQUENCE absences_id_seq TO {EVERYONE}")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS visits_crew_sync ON visits")
    op.drop_table("visit_technicians")  # its own triggers go with it
    op.execute("DROP FUNCTION IF EXISTS fielddesk_visit_crew_sync()")
    op.execute("DROP FUNCTION IF EXISTS fielddesk_visit_crew_times()")
    op.drop_table("absences")
    op.drop_index("ix_shifts_starts_at", table_name="shifts")
    op.drop_column("shifts", "holiday_work")
    op.drop_constraint(op.f("ck_company_urgent_buffer_range"), "company", type_="check")
    op.drop_constraint(op.f("ck_company_holiday_country_code"), "company", type_="check")
    op.drop_column("company", "urgent_buffer_percent")
    op.drop_column("company", "holiday_country")

"""service: payments (orders.paid kept as their sum), maintenance plans and their occurrences, warranty claims,
who handles a manufacturer's orders, parts replaced, document templates, commissioning date of a unit

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 14:00:00

Orders paid before payments were recorded one by one get one payment each (source "migration"), so the sum
the trigger keeps equals what was there.
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

GROUP_ROLES = ("dispatcher", "manager", "service_head", "technician", "accountant", "admin")
EVERYONE = ", ".join(f"fielddesk_{r}" for r in GROUP_ROLES)
OFFICE = "fielddesk_dispatcher, fielddesk_manager, fielddesk_service_head, fielddesk_admin"
NEW_TABLES = ("payments", "maintenance_plans", "maintenance_occurrences", "claims", "manufacturer_assignments",
              "part_replacements", "document_templates")

SYNC_PAID = """
CREATE FUNCTION fielddesk_order_paid() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    affected integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN affected := ARRAY[NEW.order_id];
    ELSIF TG_OP = 'DELETE' THEN affected := ARRAY[OLD.order_id];
    ELSE affected := ARRAY[NEW.order_id, OLD.order_id];
    END IF;
    UPDATE orders o SET paid = greatest(coalesce((SELECT sum(p.amount) FROM payments p WHERE p.order_id = o.id), 0), 0)
     WHERE o.id = ANY(affected);
    RETURN NULL;
END $$;
"""


def _id(table: str) -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete=ondelete)


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False)


def upgrade() -> None:
    op.add_column("equipment", sa.Column("commissioned_on", sa.Date(), nullable=True))

    op.create_table(
        "payments", _id("payments"),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(20), server_default="transfer", nullable=False),
        sa.Column("source", sa.String(20), server_default="manual", nullable=False),
        sa.Column("external_id", sa.String(120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _created(),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_payments_amount_not_zero")),
        sa.CheckConstraint("method IN ('cash', 'card', 'transfer', 'online', 'other')",
                           name=op.f("ck_payments_method_known")),
        sa.CheckConstraint("source IN ('manual', 'import_1c', 'migration')", name=op.f("ck_payments_source_known")),
        _fk("payments", "order_id", "orders", "CASCADE"), _fk("payments", "created_by", "users", "SET NULL"),
        _pk("payments"),
    )
    op.create_index("ix_payments_order_id", "payments", ["order_id"])
    op.create_index("uq_payments_external", "payments", ["source", "external_id"], unique=True,
                    postgresql_where=sa.text("external_id IS NOT NULL"))

    op.create_table(
        "maintenance_plans", _id("maintenance_plans"),
        sa.Column("equipment_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("contract", sa.String(100), nullable=True),
        sa.Column("every_months", sa.Integer(), nullable=True),
        sa.Column("every_usage", sa.Numeric(12, 1), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _created(),
        sa.CheckConstraint("every_months IS NOT NULL OR every_usage IS NOT NULL",
                           name=op.f("ck_maintenance_plans_has_interval")),
        sa.CheckConstraint("every_months IS NULL OR every_months BETWEEN 1 AND 120",
                           name=op.f("ck_maintenance_plans_months_range")),
        sa.CheckConstraint("every_usage IS NULL OR every_usage > 0", name=op.f("ck_maintenance_plans_usage_positive")),
        _fk("maintenance_plans", "equipment_id", "equipment", "CASCADE"),
        _fk("maintenance_plans", "service_id", "services", "SET NULL"),
        _pk("maintenance_plans"),
    )
    op.create_index("ix_maintenance_plans_equipment_id", "maintenance_plans", ["equipment_id"])

    op.create_table(
        "maintenance_occurrences", _id("maintenance_occurrences"),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_usage", sa.Numeric(12, 1), nullable=True),
        sa.Column("status", sa.String(10), server_default="planned", nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('planned', 'booked', 'done', 'skipped')",
                           name=op.f("ck_maintenance_occurrences_status_known")),
        _fk("maintenance_occurrences", "plan_id", "maintenance_plans", "CASCADE"),
        _fk("maintenance_occurrences", "order_id", "orders", "SET NULL"),
        _fk("maintenance_occurrences", "visit_id", "visits", "SET NULL"),
        _pk("maintenance_occurrences"),
        sa.UniqueConstraint("plan_id", "seq", name="uq_maintenance_occurrences_plan_seq"),
    )
    op.create_index("ix_maintenance_occurrences_due", "maintenance_occurrences", ["due_on"],
                    postgresql_where=sa.text("status IN ('planned', 'booked')"))
    op.create_index("ix_maintenance_occurrences_order_id", "maintenance_occurrences", ["order_id"])
    op.create_index("ix_maintenance_occurrences_visit_id", "maintenance_occurrences", ["visit_id"])

    op.create_table(
        "claims", _id("claims"),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("equipment_id", sa.Integer(), nullable=True),
        sa.Column("manufacturer_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(10), server_default="draft", nullable=False),
        sa.Column("defect", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("manufacturer_ref", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        _created(),
        sa.CheckConstraint("status IN ('draft', 'sent', 'confirmed', 'rejected')", name=op.f("ck_claims_status_known")),
        _fk("claims", "order_id", "orders", "CASCADE"), _fk("claims", "equipment_id", "equipment", "SET NULL"),
        _fk("claims", "manufacturer_id", "manufacturers"), _fk("claims", "attachment_id", "attachments", "SET NULL"),
        _pk("claims"),
    )
    for column in ("order_id", "equipment_id", "manufacturer_id"):
        op.create_index(f"ix_claims_{column}", "claims", [column])

    op.create_table(
        "manufacturer_assignments", _id("manufacturer_assignments"),
        sa.Column("manufacturer_id", sa.Integer(), nullable=False),
        sa.Column("duty", sa.String(20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("partner_name", sa.String(200), nullable=True),
        sa.CheckConstraint("duty IN ('manager', 'service_partner', 'expert')",
                           name=op.f("ck_manufacturer_assignments_duty_known")),
        sa.CheckConstraint("user_id IS NOT NULL OR partner_name IS NOT NULL",
                           name=op.f("ck_manufacturer_assignments_has_someone")),
        _fk("manufacturer_assignments", "manufacturer_id", "manufacturers", "CASCADE"),
        _fk("manufacturer_assignments", "user_id", "users", "SET NULL"),
        _pk("manufacturer_assignments"),
        sa.UniqueConstraint("manufacturer_id", "duty", name="uq_manufacturer_assignments_manufacturer_duty"),
    )

    op.create_table(
        "part_replacements", _id("part_replacements"),
        sa.Column("equipment_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("part_name", sa.String(200), nullable=False),
        sa.Column("old_serial", sa.String(100), nullable=True),
        sa.Column("new_serial", sa.String(100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        _created(),
        _fk("part_replacements", "equipment_id", "equipment", "CASCADE"),
        _fk("part_replacements", "order_id", "orders", "SET NULL"),
        _fk("part_replacements", "visit_id", "visits", "SET NULL"),
        _pk("part_replacements"),
    )
    op.create_index("ix_part_replacements_equipment_id", "part_replacements", ["equipment_id"])
    op.create_index("ix_part_replacements_order_id", "part_replacements", ["order_id"])

    op.create_table(
        "document_templates", _id("document_templates"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("manufacturer_id", sa.Integer(), nullable=True),
        sa.Column("pipeline_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kind IN ('work_order', 'completion_act', 'quote', 'claim_letter', 'visit_sheet')",
                           name=op.f("ck_document_templates_kind_known")),
        _fk("document_templates", "manufacturer_id", "manufacturers", "CASCADE"),
        _fk("document_templates", "pipeline_id", "pipelines", "CASCADE"),
        _pk("document_templates"),
        sa.UniqueConstraint("kind", "name", name="uq_document_templates_kind_name"),
    )

    op.execute(SYNC_PAID)
    op.execute("INSERT INTO payments (order_id, amount, paid_on, method, source) "
               "SELECT id, paid, coalesce(closed_at, created_at)::date, 'other', 'migration' FROM orders WHERE paid > 0")
    op.execute("CREATE TRIGGER payments_order_paid AFTER INSERT OR UPDATE OR DELETE ON payments "
               "FOR EACH ROW EXECUTE FUNCTION fielddesk_order_paid()")
    for table in NEW_TABLES:
        op.execute(f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION fielddesk_audit('id')")
        op.execute(f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION fielddesk_notify('id')")
    tables = ", ".join(NEW_TABLES)
    op.execute(f"GRANT SELECT ON {tables} TO {EVERYONE}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {tables} TO {OFFICE}")
    op.execute("GRANT INSERT, UPDATE, DELETE ON payments TO fielddesk_accountant")
    op.execute("GRANT INSERT ON part_replacements TO fielddesk_technician")
    op.execute("GRANT UPDATE ON maintenance_occurrences TO fielddesk_technician")
    for table in NEW_TABLES:
        op.execute(f"GRANT USAGE, SELECT ON SEQUENCE {table}_id_seq TO {EVERYONE}")


def downgrade() -> None:
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    op.execute("DROP FUNCTION IF EXISTS fielddesk_order_paid()")
    op.drop_column("equipment", "commissioned_on")

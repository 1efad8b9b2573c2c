"""orders and service: stage rules and their firings, custom fields, saved views, order text search, requests
from unknown callers, the callback SLA as a company setting, the service's status

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:00:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GROUP_ROLES = ("dispatcher", "manager", "service_head", "technician", "accountant", "admin")
EVERYONE = ", ".join(f"fielddesk_{r}" for r in GROUP_ROLES)
OFFICE = "fielddesk_dispatcher, fielddesk_manager, fielddesk_service_head, fielddesk_admin"
NEW_TABLES = ("stage_rules", "rule_firings", "custom_field_defs", "saved_views", "service_status")
ORDER_TEXT_FTS = ("to_tsvector('simple'::regconfig, fd_fold((((title::text || ' '::text) "
                  "|| COALESCE(description, ''::text)) || ' '::text) || custom_fields::text))")


def upgrade() -> None:
    op.add_column("company", sa.Column("callback_sla_minutes", sa.Integer(), server_default="15", nullable=False))
    op.create_check_constraint(op.f("ck_company_callback_sla_range"), "company",
                               "callback_sla_minutes BETWEEN 1 AND 1440")

    op.alter_column("orders", "client_id", existing_type=sa.Integer(), nullable=True)
    op.add_column("orders", sa.Column("requester_phone", sa.String(length=16), nullable=True))
    op.add_column("orders", sa.Column("waiting_reason", sa.String(length=200), nullable=True))
    op.create_check_constraint(op.f("ck_orders_has_requester"), "orders",
                               "client_id IS NOT NULL OR requester_phone IS NOT NULL")
    op.create_index("ix_orders_text_fts", "orders", [sa.literal_column(ORDER_TEXT_FTS)], postgresql_using="gin")
    op.create_index("ix_orders_requester_phone", "orders", ["requester_phone"],
                    postgresql_where=sa.text("requester_phone IS NOT NULL"))

    op.create_table(
        "stage_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("params", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.CheckConstraint("kind IN ('create_task', 'move_on_task_done', 'remind_documents')",
                           name=op.f("ck_stage_rules_kind_known")),
        sa.ForeignKeyConstraint(["stage_id"], ["stages.id"], name=op.f("fk_stage_rules_stage_id_stages"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_rules")),
    )
    op.create_index("ix_stage_rules_stage_id", "stage_rules", ["stage_id"])

    op.create_table(
        "rule_firings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.Integer(), server_default="0", nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["rule_id"], ["stage_rules.id"], name=op.f("fk_rule_firings_rule_id_stage_rules"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_rule_firings_order_id_orders"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_rule_firings_task_id_tasks"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_firings")),
        sa.UniqueConstraint("rule_id", "order_id", "occurrence", name="uq_rule_firings_once"),
    )
    op.create_index("ix_rule_firings_order_id", "rule_firings", ["order_id"])

    op.create_table(
        "custom_field_defs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pipeline_id", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=30), nullable=True),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=10), server_default="text", nullable=False),
        sa.Column("choices", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("type IN ('text', 'number', 'date', 'bool', 'choice')",
                           name=op.f("ck_custom_field_defs_type_known")),
        sa.CheckConstraint("key ~ '^[a-z][a-z0-9_]*$'", name=op.f("ck_custom_field_defs_key_identifier")),
        sa.ForeignKeyConstraint(["pipeline_id"], ["pipelines.id"],
                                name=op.f("fk_custom_field_defs_pipeline_id_pipelines"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_field_defs")),
        sa.UniqueConstraint("pipeline_id", "key", name="uq_custom_field_defs_pipeline_key"),
    )

    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("spec", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_saved_views_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_views")),
        sa.UniqueConstraint("user_id", "kind", "name", name="uq_saved_views_user_kind_name"),
    )

    op.create_table(
        "service_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("duty", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("host", sa.String(length=200), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("state IN ('online', 'connecting', 'offline')", name=op.f("ck_service_status_state_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_status")),
        sa.UniqueConstraint("duty", name=op.f("uq_service_status_duty")),
    )

    for table in NEW_TABLES:
        op.execute(f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION fielddesk_notify('id')")
        if table != "service_status":  # heartbeats are not business history
            op.execute(f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION fielddesk_audit('id')")
    op.execute(f"GRANT SELECT ON {', '.join(NEW_TABLES)} TO {EVERYONE}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON stage_rules, rule_firings, saved_views, service_status TO {OFFICE}")
    op.execute("GRANT INSERT, UPDATE, DELETE ON custom_field_defs TO fielddesk_admin, fielddesk_manager")
    op.execute("GRANT INSERT, DELETE ON saved_views TO fielddesk_technician, fielddesk_accountant")
    op.execute("GRANT INSERT ON rule_firings TO fielddesk_technician, fielddesk_accountant")
    for table in NEW_TABLES:
        op.execute(f"GRANT USAGE, SELECT ON SEQUENCE {table}_id_seq TO {EVERYONE}")


def downgrade() -> None:
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
    op.drop_index("ix_orders_requester_phone", table_name="orders")
    op.drop_index("ix_orders_text_fts", table_name="orders")
    op.drop_constraint(op.f("ck_orders_has_requester"), "orders", type_="check")
    op.execute("DELETE FROM orders WHERE client_id IS NULL")
    op.alter_column("orders", "client_id", existing_type=sa.Integer(), nullable=False)
    op.drop_column("orders", "waiting_reason")
    op.drop_column("orders", "requester_phone")
    op.drop_constraint(op.f("ck_company_callback_sla_range"), "company", type_="check")
    op.drop_column("company", "callback_sla_minutes")

"""field work: technicians' proposed changes to visits, the outbox of reminders and confirmation requests, the
client's confirmation of a visit

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 18:00:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

GROUP_ROLES = ("dispatcher", "manager", "service_head", "technician", "accountant", "admin")
EVERYONE = ", ".join(f"fielddesk_{r}" for r in GROUP_ROLES)
OFFICE = "fielddesk_dispatcher, fielddesk_manager, fielddesk_service_head, fielddesk_admin"
NEW_TABLES = ("visit_proposals", "outbox")


def upgrade() -> None:
    op.add_column("visits", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "visit_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("status", sa.String(10), server_default="pending", nullable=False),
        sa.Column("visit_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f("ck_visit_proposals_status_known")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_visit_proposals_visit_id_visits"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technician_id"], ["technicians.id"],
                                name=op.f("fk_visit_proposals_technician_id_technicians"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_visit_proposals_decided_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_proposals")),
    )
    op.create_index("ix_visit_proposals_visit_id", "visit_proposals", ["visit_id"])
    op.create_index("ix_visit_proposals_pending", "visit_proposals", ["created_at"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), server_default="queued", nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("channel IN ('sms', 'email', 'app')", name=op.f("ck_outbox_channel_known")),
        sa.CheckConstraint("status IN ('queued', 'sent', 'failed', 'cancelled')", name=op.f("ck_outbox_status_known")),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_outbox_client_id_clients"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["technician_id"], ["technicians.id"], name=op.f("fk_outbox_technician_id_technicians"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_outbox_visit_id_visits"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outbox_dedup_key")),
    )
    op.create_index("ix_outbox_client_id", "outbox", ["client_id"])
    op.create_index("ix_outbox_visit_id", "outbox", ["visit_id"])
    op.create_index("ix_outbox_queued", "outbox", ["due_at"], postgresql_where=sa.text("status = 'queued'"))
    for table in NEW_TABLES:
        op.execute(f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION fielddesk_audit('id')")
        op.execute(f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION fielddesk_notify('id')")
        op.execute(f"GRANT USAGE, SELECT ON SEQUENCE {table}_id_seq TO {EVERYONE}")
    op.execute(f"GRANT SELECT ON visit_proposals, outbox TO {EVERYONE}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON visit_proposals, outbox TO {OFFICE}")
    op.execute("GRANT INSERT ON visit_proposals TO fielddesk_technician")


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("visit_proposals")
    op.drop_column("visits", "confirmed_at")

"""calls: extensions rung, transfer, durations, dialled digits; callback tasks tied to their call

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:00:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("calls", sa.Column("extensions_rung", postgresql.ARRAY(sa.String(length=20)),
                                     server_default="{}", nullable=False))
    op.add_column("calls", sa.Column("transferred_to", sa.String(length=40), nullable=True))
    op.add_column("calls", sa.Column("ring_seconds", sa.Integer(), nullable=True))
    op.add_column("calls", sa.Column("talk_seconds", sa.Integer(), nullable=True))
    op.add_column("calls", sa.Column("to_digits", sa.String(length=15), nullable=True))
    op.create_check_constraint("durations_not_negative", "calls",
                               "coalesce(ring_seconds, 0) >= 0 AND coalesce(talk_seconds, 0) >= 0")
    op.create_index("ix_calls_extensions_rung", "calls", ["extensions_rung"], postgresql_using="gin")
    op.create_index("ix_calls_to_digits", "calls", ["to_digits"])
    op.create_index("ix_calls_missed_started", "calls", ["started_at"], postgresql_where=sa.text("status = 'missed'"))
    op.add_column("tasks", sa.Column("call_id", sa.Integer(), nullable=True))
    op.create_foreign_key("fk_tasks_call_id_calls", "tasks", "calls", ["call_id"], ["id"], ondelete="SET NULL")
    op.create_index("uq_tasks_callback_call", "tasks", ["call_id"], unique=True,
                    postgresql_where=sa.text("kind = 'callback' AND call_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("uq_tasks_callback_call", table_name="tasks")
    op.drop_constraint("fk_tasks_call_id_calls", "tasks", type_="foreignkey")
    op.drop_column("tasks", "call_id")
    op.drop_index("ix_calls_missed_started", table_name="calls")
    op.drop_index("ix_calls_to_digits", table_name="calls")
    op.drop_index("ix_calls_extensions_rung", table_name="calls")
    op.drop_constraint(op.f("ck_calls_durations_not_negative"), "calls", type_="check")
    for column in ("to_digits", "talk_seconds", "ring_seconds", "transferred_to", "extensions_rung"):
        op.drop_column("calls", column)

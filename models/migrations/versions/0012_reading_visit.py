"""a counter reading taken on a visit remembers the visit

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 15:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("usage_readings", sa.Column("visit_id", sa.Integer(), nullable=True))
    op.create_foreign_key(op.f("fk_usage_readings_visit_id_visits"), "usage_readings", "visits", ["visit_id"], ["id"],
                          ondelete="SET NULL")
    op.create_index(op.f("ix_usage_readings_visit_id"), "usage_readings", ["visit_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_usage_readings_visit_id"), table_name="usage_readings")
    op.drop_constraint(op.f("fk_usage_readings_visit_id_visits"), "usage_readings", type_="foreignkey")
    op.drop_column("usage_readings", "visit_id")

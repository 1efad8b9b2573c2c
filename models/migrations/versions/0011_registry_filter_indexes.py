"""registry indexes: orders by stage and by owner in creation order

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 12:00:00

The registry's usual views are one stage or one owner over a period, newest first. With an index on the column
alone Postgres either combines large bitmaps (a stage holds tens of thousands of orders, an owner hundreds of
thousands) or walks the created_at index far before it fills a page; with (stage_id, created_at) and
(owner_id, created_at) it reads one short range and stops after a page (docs/BENCHMARKS.md, orders registry).
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_orders_stage_created", "orders", ["stage_id", "created_at"])
    op.create_index("ix_orders_owner_created", "orders", ["owner_id", "created_at"])
    op.execute("ANALYZE orders")


def downgrade() -> None:
    op.drop_index("ix_orders_owner_created", table_name="orders")
    op.drop_index("ix_orders_stage_created", table_name="orders")

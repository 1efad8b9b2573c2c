"""registry indexes: orders by due date, and fresh planner statistics for the order text search

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00

The registry sorts two million orders by due date and filters overdue ones; without an index each first page
sorts the whole table. ANALYZE gives the planner statistics for the text search expression and the requester
phone added by 0004: without them it guesses that a rare word matches thousands of orders and walks the
created_at index through the whole table looking for them.
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # id breaks ties: without it a page of the two million orders that have no due date would sort them all.
    op.create_index("ix_orders_due_at", "orders", ["due_at", "id"])
    op.execute("ANALYZE orders")


def downgrade() -> None:
    op.drop_index("ix_orders_due_at", table_name="orders")

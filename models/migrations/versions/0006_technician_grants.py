"""technicians and accountants work orders: a technician ticks tasks (which may move the order on through its
automation) and attaches documents; an accountant's payments may close an order

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 12:00:00
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("GRANT UPDATE ON tasks, orders TO fielddesk_technician")
    op.execute("GRANT INSERT ON tasks, stage_history, timeline_entries TO fielddesk_technician, fielddesk_accountant")
    op.execute("GRANT UPDATE ON tasks TO fielddesk_accountant")


def downgrade() -> None:
    op.execute("REVOKE UPDATE ON tasks FROM fielddesk_accountant")
    op.execute("REVOKE INSERT ON tasks, stage_history FROM fielddesk_technician, fielddesk_accountant")
    op.execute("REVOKE UPDATE ON tasks, orders FROM fielddesk_technician")

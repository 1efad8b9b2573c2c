"""bulk inserts: maintenance occurrences are audited and announced once per statement, not once per row

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 16:00:00

Generating a year of maintenance for a hundred thousand units inserts hundreds of thousands of occurrences; a
trigger call per row for the audit and another for NOTIFY took two thirds of the time and sent a message per row
to every desktop. Statement triggers with a transition table write the same audit rows in one INSERT and send
one message per row only for small statements (a desktop re-reads the table when the id is missing).
Updates and deletes keep their row triggers.
"""
from alembic import op

from models.migrations.sql.foundation import NOTIFY_CHANNEL

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: Up to this many rows a statement announces each id; above it, one message without an id.
ANNOUNCE_EACH_UP_TO = 50
BULK_TABLES = ("maintenance_occurrences",)

AUDIT_INSERTED = """
CREATE FUNCTION fielddesk_audit_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO audit_log (db_user, app_user, table_name, row_id, op, old, new)
    SELECT session_user, current_setting('application_name', true), TG_TABLE_NAME,
           (to_jsonb(n) ->> TG_ARGV[0])::bigint, 'I', NULL, to_jsonb(n) - 'content'
      FROM inserted_rows n;
    RETURN NULL;
END $$;
"""

NOTIFY_INSERTED = f"""
CREATE FUNCTION fielddesk_notify_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    inserted bigint;
BEGIN
    SELECT count(*) INTO inserted FROM inserted_rows;
    IF inserted = 0 THEN
        RETURN NULL;
    ELSIF inserted <= {ANNOUNCE_EACH_UP_TO} THEN
        PERFORM pg_notify('{NOTIFY_CHANNEL}', json_build_object(
            'table', TG_TABLE_NAME, 'id', (to_jsonb(n) ->> TG_ARGV[0])::bigint, 'op', 'insert')::text)
          FROM inserted_rows n;
    ELSE
        PERFORM pg_notify('{NOTIFY_CHANNEL}',
                          json_build_object('table', TG_TABLE_NAME, 'id', NULL, 'op', 'insert')::text);
    END IF;
    RETURN NULL;
END $$;
"""


def upgrade() -> None:
    op.execute(AUDIT_INSERTED)
    op.execute(NOTIFY_INSERTED)
    for table in BULK_TABLES:
        for kind, function in (("audit", "fielddesk_audit"), ("notify", "fielddesk_notify")):
            op.execute(f"DROP TRIGGER {table}_{kind} ON {table}")
            op.execute(f"CREATE TRIGGER {table}_{kind} AFTER UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION {function}('id')")
            op.execute(f"CREATE TRIGGER {table}_{kind}_inserted AFTER INSERT ON {table} "
                       f"REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION {function}_inserted('id')")


def downgrade() -> None:
    for table in BULK_TABLES:
        for kind, function in (("audit", "fielddesk_audit"), ("notify", "fielddesk_notify")):
            op.execute(f"DROP TRIGGER {table}_{kind}_inserted ON {table}")
            op.execute(f"DROP TRIGGER {table}_{kind} ON {table}")
            op.execute(f"CREATE TRIGGER {table}_{kind} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION {function}('id')")
    op.execute("DROP FUNCTION fielddesk_notify_inserted()")
    op.execute("DROP FUNCTION fielddesk_audit_inserted()")

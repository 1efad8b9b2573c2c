"""SQL of the foundation migration that Alembic cannot derive from the entities: roles, grants, triggers.

Kept frozen with revision 0001; a later change to these objects gets its own migration.
"""

GROUP_ROLES = ("dispatcher", "manager", "service_head", "technician", "accountant", "admin")

AUDITED_TABLES = (
    "company", "users", "zones", "technicians", "technician_zones", "shifts", "clients", "contacts", "phones",
    "emails", "sites", "manufacturers", "equipment", "usage_readings", "services", "pipelines", "stages",
    "orders", "stage_history", "tasks", "visits", "calls", "timeline_entries", "attachments",
)
# The column that identifies a row in notifications and the audit log (technician_zones has a composite key).
ROW_ID_COLUMN = {"technician_zones": "technician_id"}
NOTIFY_CHANNEL = "fielddesk_changes"

# Search text folding that does not depend on the server's locale: lower case, and ё searched as е.
FOLD_FUNCTION = """
CREATE FUNCTION fd_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN translate(lower(value), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе');
"""

SCHEMA_INFO = """
CREATE TABLE schema_info (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    app_version text NOT NULL,
    migrated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO schema_info (app_version) VALUES ('0.1.0');
INSERT INTO company (id, name) VALUES (1, 'FieldDesk');
"""

AUDIT_FUNCTION = """
CREATE FUNCTION fielddesk_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    rid bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - 'content'; END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - 'content'; END IF;
    IF TG_OP = 'UPDATE' AND old_row IS NOT DISTINCT FROM new_row THEN
        RETURN NULL;
    END IF;
    rid := (COALESCE(new_row, old_row) ->> TG_ARGV[0])::bigint;
    INSERT INTO audit_log (db_user, app_user, table_name, row_id, op, old, new)
    VALUES (session_user, current_setting('application_name', true), TG_TABLE_NAME, rid, left(TG_OP, 1),
            old_row, new_row);
    RETURN NULL;
END $$;
"""

NOTIFY_FUNCTION = f"""
CREATE FUNCTION fielddesk_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rid bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT ($1).%I', TG_ARGV[0]) USING OLD INTO rid;
    ELSE
        EXECUTE format('SELECT ($1).%I', TG_ARGV[0]) USING NEW INTO rid;
    END IF;
    PERFORM pg_notify('{NOTIFY_CHANNEL}',
                      json_build_object('table', TG_TABLE_NAME, 'id', rid, 'op', lower(TG_OP))::text);
    RETURN NULL;
END $$;
"""


def create_roles_sql() -> str:
    """Group roles are cluster-wide: create each one only if it is not there yet."""
    lines = ["DO $$ BEGIN"]
    for role in GROUP_ROLES:
        name = f"fielddesk_{role}"
        lines.append(
            f"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN "
            f"CREATE ROLE {name} NOLOGIN; END IF;"
        )
    lines.append("END $$;")
    return "\n".join(lines)


def grants_sql() -> list[str]:
    """Privileges of the group roles; row-level and column rules come with the areas that need them."""
    everyone = ", ".join(f"fielddesk_{r}" for r in GROUP_ROLES)
    office = "fielddesk_dispatcher, fielddesk_manager, fielddesk_service_head, fielddesk_admin"
    tables = ", ".join((*AUDITED_TABLES, "schema_info"))
    return [
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"GRANT SELECT ON {tables} TO {everyone}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(t for t in AUDITED_TABLES if t != 'company')} TO {office}",
        "GRANT UPDATE ON company TO fielddesk_admin",
        "GRANT UPDATE ON visits, usage_readings TO fielddesk_technician",
        "GRANT INSERT ON usage_readings, attachments, timeline_entries TO fielddesk_technician",
        "GRANT INSERT, UPDATE ON orders, timeline_entries TO fielddesk_accountant",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
        "GRANT SELECT ON audit_log TO fielddesk_manager, fielddesk_admin",
        "REVOKE ALL ON audit_log FROM PUBLIC",
    ]


def triggers_sql() -> list[str]:
    statements = []
    for table in AUDITED_TABLES:
        key = ROW_ID_COLUMN.get(table, "id")
        statements.append(
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION fielddesk_audit('{key}')"
        )
        statements.append(
            f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION fielddesk_notify('{key}')"
        )
    return statements


def before_tables_sql() -> list[str]:
    """Objects the tables' indexes use."""
    return [FOLD_FUNCTION]


def upgrade_sql() -> list[str]:
    return [SCHEMA_INFO, AUDIT_FUNCTION, NOTIFY_FUNCTION, create_roles_sql(), *grants_sql(), *triggers_sql()]


def downgrade_sql() -> list[str]:
    drops = [f"DROP TRIGGER IF EXISTS {t}_audit ON {t}; DROP TRIGGER IF EXISTS {t}_notify ON {t};"
             for t in AUDITED_TABLES]
    return [*drops, "DROP FUNCTION IF EXISTS fielddesk_audit()", "DROP FUNCTION IF EXISTS fielddesk_notify()",
            "DROP TABLE IF EXISTS schema_info"]

"""Bring a database to this FieldDesk's schema, refusing one migrated by a newer FieldDesk."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from models import __version__
from models.database import Database

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Serialises migrations when several workstations start at once.
MIGRATION_LOCK_KEY = 0x46440001


class DatabaseTooNew(Exception):
    """The database was migrated by a newer FieldDesk; this one must not touch it."""

    def __init__(self, db_revision: str, db_app_version: str | None, our_head: str):
        by = f"FieldDesk {db_app_version}" if db_app_version else "a newer FieldDesk"
        super().__init__(
            f"This database was migrated by {by} (schema {db_revision}); this is FieldDesk {__version__} "
            f"(schema {our_head}). Update FieldDesk on this computer before connecting to it."
        )
        self.db_revision = db_revision
        self.db_app_version = db_app_version
        self.our_head = our_head


def alembic_config(db: Database | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if db is not None:
        cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(db: Database) -> str:
    """Upgrade to the newest schema this FieldDesk knows; return the revision. Raise DatabaseTooNew if ahead."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with db.engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        current = MigrationContext.configure(conn).get_current_revision()
        if current is not None and not _known(script, current):
            raise DatabaseTooNew(current, _app_version(conn), head)
        if current == head:
            return head
        cfg = alembic_config(db)
        cfg.attributes["connection"] = conn
        log.info("migrating database from %s to %s", current or "empty", head)
        command.upgrade(cfg, "head")
        conn.execute(
            text("UPDATE schema_info SET app_version = :v, migrated_at = now()"), {"v": __version__}
        )
    return head


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises ResolutionError/CommandError for unknown revisions
        return False


def _app_version(conn) -> str | None:
    try:
        return conn.execute(text("SELECT app_version FROM schema_info")).scalar()
    except Exception:  # table missing in a foreign schema: no version to name
        return None

"""Open the configured database (shared URL or the embedded server) and bring it up to date."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from models.bootstrap import migrate
from models.config import DatabaseConfig, data_dir
from models.database import Database
from models.embedded import start_embedded
from models.pipeline_catalog import ensure_shipped_pipelines
from models.users import UserRef, ensure_local_admin, signed_in_user


@dataclass
class Connection:
    """An open database and, for the embedded server, the handle that keeps it running."""

    db: Database
    config: DatabaseConfig
    server: object | None = None
    user: UserRef | None = None

    def close(self) -> None:
        self.db.dispose()


def open_database(config: DatabaseConfig, *, run_migrations: bool = True, application: str = "fielddesk") -> Connection:
    """Connect (starting the embedded server when no URL is configured), check, migrate.

    Raises DatabaseUnavailable, EmbeddedServerError or DatabaseTooNew with a message a person can act on.
    """
    server = None
    url = config.url
    if url is None:
        server, url = start_embedded(data_dir() / "pgdata")
    db = Database(url, application=application)
    try:
        db.check()
        if run_migrations:
            migrate(db)
            ensure_shipped_pipelines(db)  # a company starts with the shipped pipelines; its edits are kept
        # The embedded server belongs to this computer's user: they are its administrator, with no prompt.
        user = ensure_local_admin(db, getpass.getuser()) if config.embedded else signed_in_user(db)
    except Exception:
        db.dispose()
        raise
    return Connection(db, config, server, user)

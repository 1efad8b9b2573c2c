"""The private PostgreSQL server a single workstation uses when no shared database is configured."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

DATABASE_NAME = "fielddesk"


class EmbeddedServerError(Exception):
    """The embedded server could not be started; the message names the folder and the cause."""


def start_embedded(pgdata: Path, *, database: str = DATABASE_NAME, cleanup: str | None = "stop") -> tuple[object, str]:
    """Start (or attach to) the pgserver instance in ``pgdata``; make sure ``database`` exists.

    Returns the server handle (keep it alive while connected) and a SQLAlchemy URL for the database.
    With cleanup "stop" the server stops when the last process using it lets go; "delete" also removes it.
    """
    import pgserver  # heavy import, only needed on the embedded path

    try:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(pgdata, cleanup_mode=cleanup)
    except Exception as exc:  # pgserver raises plain exceptions with the postgres log in the text
        raise EmbeddedServerError(f"The embedded database in {pgdata} did not start: {exc}") from exc
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "1 row" not in exists:
        log.info("creating database %s in %s", database, pgdata)
        server.psql(f'CREATE DATABASE "{database}";')
    url = make_url(server.get_uri(database)).set(drivername="postgresql+psycopg")
    return server, url.render_as_string(hide_password=False)

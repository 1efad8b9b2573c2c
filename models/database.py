"""The engine, the session factory and one unit of work per user action."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker


class DatabaseUnavailable(Exception):
    """The database cannot be reached; carries the URL (without password) and the driver's reason."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"Cannot connect to {url}: {reason}")
        self.url = url
        self.reason = reason


class Database:
    """One database: an engine with a small pool and ``transaction()`` for each unit of work."""

    def __init__(self, url: str, *, application: str = "fielddesk", pool_size: int = 5, echo: bool = False):
        self.url = url
        app_name = f"{application}:{getpass.getuser()}"[:63]
        self.engine: Engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            echo=echo,
            connect_args={"application_name": app_name, "connect_timeout": 5},
        )
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def display_url(self) -> str:
        """The URL with any password masked, for messages and the status bar."""
        url = make_url(self.url)
        socket_dir = url.query.get("host")
        if socket_dir and not url.host:  # a local socket, as the embedded server uses
            return f"{url.username or ''}@{url.database} (local socket {socket_dir})"
        return url.set(drivername="postgresql").render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on any error."""
        with self.session_factory() as session, session.begin():
            yield session

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; nothing is committed."""
        with self.session_factory() as session:
            try:
                yield session
            finally:
                session.rollback()

    def check(self) -> str:
        """Connect once and return the server version; raise DatabaseUnavailable with the reason."""
        try:
            with self.engine.connect() as conn:
                return conn.execute(text("SHOW server_version")).scalar_one()
        except OperationalError as exc:
            reason = str(exc.orig).strip() if exc.orig is not None else str(exc)
            raise DatabaseUnavailable(self.display_url, reason) from exc

    def dispose(self) -> None:
        self.engine.dispose()

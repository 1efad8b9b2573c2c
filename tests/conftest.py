"""Test fixtures: a real PostgreSQL (embedded throwaway server or FIELDDESK_TEST_DATABASE_URL), Qt offscreen."""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from models.bootstrap import migrate
from models.config import normalise_url
from models.database import Database

# pyqtgraph replaces sys.excepthook on import and would swallow exceptions raised in slots.
_original_excepthook = sys.excepthook
try:
    import pyqtgraph  # noqa: F401
finally:
    sys.excepthook = _original_excepthook

TEMPLATE = "fielddesk_test_template"


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a maintenance database on the test server (the server is ours alone unless configured)."""
    configured = os.environ.get("FIELDDESK_TEST_DATABASE_URL")
    if configured:
        yield normalise_url(configured)
        return
    from models.embedded import start_embedded

    tmp = Path(tempfile.mkdtemp(prefix="fdtest-"))
    server, url = start_embedded(tmp / "pgdata", database="postgres", cleanup="delete")
    yield url
    server.cleanup()


def _admin_engine(server_url: str):
    return create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def create_database(server_url: str, name: str, template: str | None = None) -> str:
    """Create database ``name`` (optionally copied from ``template``) and return its URL."""
    engine = _admin_engine(server_url)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    engine = _admin_engine(server_url)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_template(pg_server_url: str) -> str:
    """A database migrated to head, used as the template for every other test database."""
    url = create_database(pg_server_url, TEMPLATE)
    db = Database(url)
    migrate(db)
    db.dispose()
    return TEMPLATE


@pytest.fixture
def fresh_database(pg_server_url: str, migrated_template: str) -> Iterator[Database]:
    """A migrated database of this test's own, for tests that need several connections or commit."""
    name = f"fd_{uuid.uuid4().hex[:12]}"
    db = Database(create_database(pg_server_url, name, template=migrated_template))
    yield db
    db.dispose()
    drop_database(pg_server_url, name)


@pytest.fixture
def empty_database(pg_server_url: str) -> Iterator[Database]:
    """An empty database (no schema), for migration tests."""
    name = f"fd_empty_{uuid.uuid4().hex[:12]}"
    db = Database(create_database(pg_server_url, name))
    yield db
    db.dispose()
    drop_database(pg_server_url, name)


@pytest.fixture(scope="session")
def shared_database(pg_server_url: str, migrated_template: str) -> Iterator[Database]:
    """One migrated database for the session; tests on it run inside a transaction that is rolled back."""
    name = "fd_shared"
    db = Database(create_database(pg_server_url, name, template=migrated_template))
    yield db
    db.dispose()


@pytest.fixture
def db(shared_database: Database) -> Iterator[Database]:
    """A Database whose every unit of work joins one outer transaction rolled back after the test."""
    connection = shared_database.engine.connect()
    outer = connection.begin()
    rolled = Database.__new__(Database)
    rolled.url = shared_database.url
    rolled.engine = shared_database.engine
    rolled.session_factory = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    yield rolled
    outer.rollback()
    connection.close()


@pytest.fixture(scope="session")
def demo_database(pg_server_url: str, migrated_template: str) -> Iterator[Database]:
    """A database with the small demo data set (seed 42), shared read-only by the tests that need it."""
    from models.demo import load_demo

    name = "fd_demo"
    db = Database(create_database(pg_server_url, name, template=migrated_template))
    load_demo(db, scale="small", seed=42)
    yield db
    db.dispose()

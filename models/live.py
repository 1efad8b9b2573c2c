"""Live sync: listen for the change notifications every workstation's writes produce."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import make_url

from models.audit import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One row changed somewhere: which table, which row, and how (insert, update, delete)."""

    table: str
    id: int | None
    op: str


def parse_change(payload: str) -> Change | None:
    """Decode a trigger's JSON payload; None for anything that is not ours."""
    try:
        data = json.loads(payload)
        return Change(str(data["table"]), data.get("id"), str(data["op"]))
    except (ValueError, KeyError, TypeError):
        log.warning("ignoring malformed change notification %r", payload)
        return None


def libpq_url(sqlalchemy_url: str) -> str:
    """The same URL without the SQLAlchemy driver name, for a plain psycopg connection."""
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


def listen_for_changes(
    url: str,
    on_change: Callable[[Change], None],
    stop: threading.Event,
    *,
    on_status: Callable[[bool, str], None] | None = None,
    poll_seconds: float = 0.5,
    retry_seconds: float = 3.0,
) -> None:
    """Deliver every change notification to ``on_change`` until ``stop`` is set; reconnect when the link drops.

    Runs in its own thread; ``on_status(connected, message)`` reports the link state for the status bar.
    """
    while not stop.is_set():
        try:
            with psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=5) as conn:
                conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                if on_status:
                    on_status(True, "sync ✓")
                while not stop.is_set():
                    for note in conn.notifies(timeout=poll_seconds):
                        change = parse_change(note.payload)
                        if change is not None:
                            on_change(change)
                        if stop.is_set():
                            break
        except psycopg.Error as exc:
            log.warning("change listener lost the database: %s", exc)
            if on_status:
                on_status(False, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
            stop.wait(retry_seconds)


#: Tables whose rows belong to one client, and how to find that client from a row id.
_CLIENT_OF = {
    "clients": "SELECT id FROM clients WHERE id = ANY(:ids)",
    "phones": "SELECT client_id FROM phones WHERE id = ANY(:ids)",
    "emails": "SELECT client_id FROM emails WHERE id = ANY(:ids)",
    "contacts": "SELECT client_id FROM contacts WHERE id = ANY(:ids)",
    "sites": "SELECT client_id FROM sites WHERE id = ANY(:ids)",
    "equipment": "SELECT client_id FROM equipment WHERE id = ANY(:ids)",
    "orders": "SELECT client_id FROM orders WHERE id = ANY(:ids)",
    "usage_readings": "SELECT e.client_id FROM usage_readings r JOIN equipment e ON e.id = r.equipment_id "
    "WHERE r.id = ANY(:ids)",
    "visits": "SELECT o.client_id FROM visits v JOIN orders o ON o.id = v.order_id WHERE v.id = ANY(:ids)",
    "timeline_entries": "SELECT coalesce(t.client_id, o.client_id) FROM timeline_entries t "
    "LEFT JOIN orders o ON o.id = t.order_id WHERE t.id = ANY(:ids)",
    "calls": "SELECT client_id FROM calls WHERE id = ANY(:ids)",
}


@dataclass(frozen=True)
class ClientsTouched:
    """Which clients a batch of changes concerns; ``unknown`` when a deleted row can no longer be traced."""

    client_ids: frozenset[int]
    unknown: bool


def clients_touched(db, changes: dict[str, set[int | None]], deleted_tables: set[str] | None = None) -> ClientsTouched:
    """Resolve changed rows to the clients they belong to, so a card reloads only when it is concerned."""
    from sqlalchemy import text

    found: set[int] = set()
    unknown = bool(deleted_tables and deleted_tables & _CLIENT_OF.keys())
    with db.session() as session:
        for table, ids in changes.items():
            query = _CLIENT_OF.get(table)
            wanted = [i for i in ids if i is not None]
            if query is None or not wanted:
                continue
            found.update(cid for cid in session.execute(text(query), {"ids": wanted}).scalars() if cid is not None)
    return ClientsTouched(frozenset(found), unknown)

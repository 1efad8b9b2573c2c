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

"""Storing call updates, with a spool file that keeps them while the database is unreachable.

While the database is down every update is appended to the spool (one JSON line each, flushed to disk);
when it is back the spool is replayed in order before anything newer is stored, then emptied. Nothing is
lost, and nothing is written twice: a line stored just before a crash and replayed again is absorbed by
``record_call`` being idempotent. An update the database refuses for its content (not for being down) is
moved to ``<spool>.rejected`` and logged, so one bad line cannot block the calls behind it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from models.calls import CallStored, record_call
from models.database import Database
from models.duties import database_is_down
from telephony.events import CallUpdate

log = logging.getLogger(__name__)

Store = Callable[[Database, CallUpdate], CallStored]


class CallRecorder:
    """Stores CallUpdates through ``record_call``, spooling them to ``spool_path`` while the database is down.

    Not thread-safe: one writer (the bridge's storing task) uses it.
    """

    def __init__(self, db: Database, spool_path: str | os.PathLike[str], *,
                 sla_minutes: int | None = None, store: Store | None = None,
                 retry_seconds: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self.db = db
        self.spool_path = Path(spool_path)
        self.sla_minutes = sla_minutes
        self.retry_seconds = retry_seconds
        self._store = store or (lambda db, update: record_call(db, update, sla_minutes=self.sla_minutes))
        self._clock = clock
        self._next_try = 0.0
        self.database_up = True

    @property
    def pending(self) -> int:
        """How many updates wait in the spool."""
        if not self.spool_path.exists():
            return 0
        with self.spool_path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())

    def record(self, update: CallUpdate) -> CallStored | None:
        """Store ``update`` now, or spool it behind the ones already waiting; None when it was spooled.

        While the database is known to be down, it is retried at most every ``retry_seconds``.
        """
        if self.spool_path.exists() and self.spool_path.stat().st_size > 0:
            self._append(update)
            if self._clock() >= self._next_try:
                self.drain()
            return None
        try:
            stored = self._store(self.db, update)
        except Exception as exc:
            if not database_is_down(exc):
                self._reject(update.to_json(), exc)
                return None
            self._went_down(exc)
            self._append(update)
            return None
        self._came_up()
        return stored

    def drain(self) -> int:
        """Replay the spool in order until it is empty or the database fails again; returns how many stored."""
        if not self.spool_path.exists():
            return 0
        lines = self.spool_path.read_text(encoding="utf-8").splitlines()
        stored = 0
        for index, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                update = CallUpdate.from_json(data)
            except (ValueError, TypeError, KeyError) as exc:
                self._reject(line, exc)
                continue
            try:
                self._store(self.db, update)
            except Exception as exc:
                if database_is_down(exc):
                    self._went_down(exc)
                    self._rewrite(lines[index:])
                    return stored
                self._reject(data, exc)
                continue
            stored += 1
        self.spool_path.unlink(missing_ok=True)
        self._came_up()
        if stored:
            log.info("replayed %d spooled call updates into the database", stored)
        return stored

    def _append(self, update: CallUpdate) -> None:
        self.spool_path.parent.mkdir(parents=True, exist_ok=True)
        with self.spool_path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(update.to_json(), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _rewrite(self, lines: list[str]) -> None:
        temporary = self.spool_path.with_name(self.spool_path.name + ".tmp")
        with temporary.open("w", encoding="utf-8") as fh:
            fh.writelines(line + "\n" for line in lines if line.strip())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, self.spool_path)

    def _reject(self, data: object, exc: BaseException) -> None:
        rejected = self.spool_path.with_name(self.spool_path.name + ".rejected")
        rejected.parent.mkdir(parents=True, exist_ok=True)
        line = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        with rejected.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        log.error("call update refused by the database, kept in %s: %s", rejected, exc)

    def _went_down(self, exc: BaseException) -> None:
        if self.database_up:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            log.warning("database unreachable (%s): keeping calls in %s until it is back", reason, self.spool_path)
        self.database_up = False
        self._next_try = self._clock() + self.retry_seconds

    def _came_up(self) -> None:
        if not self.database_up:
            log.info("database reachable again")
        self.database_up = True

"""Other workstations' changes, turned into one coalesced Qt signal on the main thread."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from PySide6.QtCore import QObject, QTimer, Signal

from models.live import Change, listen_for_changes


class LiveSync(QObject):
    """Listens on the database's change channel in a thread and re-emits the changes on the main thread.

    ``data_changed(changes, deleted)``: ``changes`` maps a table to the set of row ids that changed,
    ``deleted`` is the set of tables that had deletions. The first change after a quiet spell goes out at
    once (a ringing call must not wait); a burst is coalesced into at most one signal every ``interval_ms``.
    ``status_changed(connected, message)`` feeds the status bar.
    """

    data_changed = Signal(object, object)
    status_changed = Signal(bool, str)
    _arrived = Signal()  # listener thread → main thread: something is pending

    def __init__(self, url: str, *, interval_ms: int = 100, parent: QObject | None = None):
        super().__init__(parent)
        self._url = url
        self._interval = interval_ms / 1000
        self._lock = threading.Lock()
        self._pending: dict[str, set[int | None]] = defaultdict(set)
        self._deleted: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_flush = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._arrived.connect(self.on_arrived)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=listen_for_changes,
            args=(self._url, self._on_change, self._stop),
            kwargs={"on_status": self.status_changed.emit, "poll_seconds": 0.2},
            name="fielddesk-live-sync",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._timer.stop()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def _on_change(self, change: Change) -> None:  # listener thread
        with self._lock:
            was_empty = not self._pending
            self._pending[change.table].add(change.id)
            if change.op == "delete":
                self._deleted.add(change.table)
        if was_empty:
            self._arrived.emit()

    def on_arrived(self) -> None:
        """Flush now when the last flush is older than the interval, else once the interval has passed."""
        if self._timer.isActive():
            return
        wait = self._last_flush + self._interval - time.monotonic()
        if wait <= 0:
            self.flush()
        else:
            self._timer.start(int(wait * 1000) + 1)

    def flush(self) -> None:
        """Emit what arrived since the last flush, if anything (main thread)."""
        with self._lock:
            if not self._pending:
                return
            changes, deleted = dict(self._pending), set(self._deleted)
            self._pending.clear()
            self._deleted.clear()
        self._last_flush = time.monotonic()
        self.data_changed.emit(changes, deleted)

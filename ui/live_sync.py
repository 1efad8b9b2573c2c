"""Other workstations' changes, turned into one coalesced Qt signal on the main thread."""

from __future__ import annotations

import threading
from collections import defaultdict

from PySide6.QtCore import QObject, QTimer, Signal

from models.live import Change, listen_for_changes


class LiveSync(QObject):
    """Listens on the database's change channel in a thread; emits ``data_changed`` at most every ``interval_ms``.

    ``data_changed(changes, deleted)``: ``changes`` maps a table to the set of row ids that changed,
    ``deleted`` is the set of tables that had deletions. ``status_changed(connected, message)`` feeds the
    status bar.
    """

    data_changed = Signal(object, object)
    status_changed = Signal(bool, str)

    def __init__(self, url: str, *, interval_ms: int = 300, parent: QObject | None = None):
        super().__init__(parent)
        self._url = url
        self._lock = threading.Lock()
        self._pending: dict[str, set[int | None]] = defaultdict(set)
        self._deleted: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=listen_for_changes,
            args=(self._url, self._on_change, self._stop),
            kwargs={"on_status": self.status_changed.emit},
            name="fielddesk-live-sync",
            daemon=True,
        )
        self._thread.start()
        self._timer.start()

    def stop(self) -> None:
        self._stop.set()
        self._timer.stop()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def _on_change(self, change: Change) -> None:  # listener thread
        with self._lock:
            self._pending[change.table].add(change.id)
            if change.op == "delete":
                self._deleted.add(change.table)

    def flush(self) -> None:
        """Emit what arrived since the last flush, if anything (main thread)."""
        with self._lock:
            if not self._pending:
                return
            changes, deleted = dict(self._pending), set(self._deleted)
            self._pending.clear()
            self._deleted.clear()
        self.data_changed.emit(changes, deleted)

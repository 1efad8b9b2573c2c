"""The token a long computation holds: it reports progress through it and learns it has been cancelled."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

ProgressCallback = Callable[[float, float | None], None]


@dataclass
class SolveState:
    """Progress and cancel for one run; safe to cancel from another thread.

    ``on_progress(progress, best_cost)`` is called from the solving thread; the UI wraps it to post a signal.
    """

    on_progress: ProgressCallback | None = None
    progress: float = 0.0
    best_cost: float | None = None
    reports: int = 0
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def cancelled(self) -> bool:
        """Whether someone asked the run to stop."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the run to stop and return the best plan found so far."""
        self._cancel.set()

    def report(self, *, progress: float, best_cost: float | None = None) -> None:
        """Record progress in [0, 1] and the best objective so far (lower is better)."""
        self.progress = max(self.progress, min(1.0, max(0.0, progress)))
        if best_cost is not None:
            self.best_cost = best_cost if self.best_cost is None else min(self.best_cost, best_cost)
        self.reports += 1
        if self.on_progress is not None:
            self.on_progress(self.progress, self.best_cost)

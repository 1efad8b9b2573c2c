"""Run slow work (every database call) off the UI thread; results come back on the main thread.

``run_in_background(fn, *args, on_done=..., on_error=..., progress=...)`` runs ``fn(*args)`` on the global
QThreadPool. When ``progress`` is given, ``fn`` also receives a ``progress=`` keyword: a thread-safe callable
whose argument is delivered to ``progress`` on the main thread (``load_demo(..., progress=...)`` style).

Tests switch to synchronous mode (``set_synchronous(True)`` or ``with synchronous():``): the work then runs
in the calling thread and the callbacks are called before ``run_in_background`` returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_synchronous = False
_running: set[_Task] = set()  # keeps the relays alive until their results have been delivered


def set_synchronous(enabled: bool) -> bool:
    """Run every task in the calling thread (for tests); return the previous setting."""
    global _synchronous
    previous, _synchronous = _synchronous, enabled
    return previous


def is_synchronous() -> bool:
    return _synchronous


@contextmanager
def synchronous() -> Iterator[None]:
    """Run tasks synchronously inside the block."""
    previous = set_synchronous(True)
    try:
        yield
    finally:
        set_synchronous(previous)


def _receiver_alive(callback: Callable[..., Any] | None) -> bool:
    """False when the callback is a method of a Qt object that has been deleted meanwhile (a closed window)."""
    owner = getattr(getattr(callback, "func", callback), "__self__", None)  # unwraps functools.partial
    return not (isinstance(owner, QObject) and not shiboken6.isValid(owner))


def _deliver(callback: Callable[..., Any] | None, value: object) -> None:
    if callback is not None and _receiver_alive(callback):
        callback(value)


class _Relay(QObject):
    """Lives in the main thread; signals emitted from the worker are queued to its slots there."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)

    def __init__(self, task: _Task):
        super().__init__()
        self.task = task
        self.finished.connect(self.on_self_finished)
        self.failed.connect(self.on_self_failed)
        self.progressed.connect(self.on_self_progressed)

    @Slot(object)
    def on_self_finished(self, result: object) -> None:
        _running.discard(self.task)
        _deliver(self.task.on_done, result)

    @Slot(object)
    def on_self_failed(self, exc: object) -> None:
        _running.discard(self.task)
        _deliver(self.task.on_error, exc)

    @Slot(object)
    def on_self_progressed(self, value: object) -> None:
        _deliver(self.task.progress, value)


class _Task(QRunnable):
    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        progress: Callable[[Any], None] | None,
    ):
        super().__init__()
        self.setAutoDelete(False)  # Python owns it through _running
        self.fn = fn
        self.args = args
        self.on_done = on_done
        self.on_error = on_error
        self.progress = progress
        self.relay = _Relay(self)

    def call(self, report: Callable[[Any], None]) -> Any:
        kwargs = {"progress": report} if self.progress is not None else {}
        return self.fn(*self.args, **kwargs)

    def run(self) -> None:
        try:
            result = self.call(self.relay.progressed.emit)
        except Exception as exc:
            log.debug("background task %s failed", getattr(self.fn, "__name__", self.fn), exc_info=True)
            self.relay.failed.emit(exc)
        else:
            self.relay.finished.emit(result)


def _report_unhandled(exc: BaseException) -> None:
    log.error("background task failed with nobody to tell", exc_info=exc)


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    progress: Callable[[Any], None] | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Call ``fn(*args)`` on a pool thread; ``on_done(result)`` or ``on_error(exc)`` run on the main thread."""
    task = _Task(fn, args, on_done, on_error or _report_unhandled, progress)
    if _synchronous:
        try:
            result = task.call(lambda value: _deliver(progress, value))
        except Exception as exc:
            log.debug("task %s failed", getattr(fn, "__name__", fn), exc_info=True)
            _deliver(task.on_error, exc)
        else:
            _deliver(on_done, result)
        return
    _running.add(task)
    (pool or QThreadPool.globalInstance()).start(task)


def wait_for_tasks(timeout_ms: int = 30000, pool: QThreadPool | None = None) -> bool:
    """Block until the pool is idle (used before closing the database); True when it finished in time."""
    return (pool or QThreadPool.globalInstance()).waitForDone(timeout_ms)

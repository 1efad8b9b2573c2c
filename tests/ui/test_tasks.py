"""run_in_background: results, errors and progress reach the main thread; synchronous mode for tests."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel

from ui import tasks


@pytest.fixture
def threaded():
    previous = tasks.set_synchronous(False)
    yield
    tasks.wait_for_tasks()
    tasks.set_synchronous(previous)


def test_result_arrives_on_the_main_thread(qtbot, threaded):
    seen: dict[str, object] = {}

    def work(a: int, b: int) -> int:
        seen["worker"] = threading.current_thread()
        return a + b

    def done(result: int) -> None:
        seen["result"] = result
        seen["receiver"] = threading.current_thread()

    tasks.run_in_background(work, 2, 3, on_done=done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=3000)
    assert seen["result"] == 5
    assert seen["worker"] is not threading.main_thread()
    assert seen["receiver"] is threading.main_thread()


def test_error_and_progress_arrive_on_the_main_thread(qtbot, threaded):
    steps: list[str] = []
    errors: list[BaseException] = []

    def work(progress) -> None:
        progress("clients")
        progress("orders")
        raise ValueError("no room")

    tasks.run_in_background(work, on_done=lambda _: steps.append("done?!"), on_error=errors.append,
                            progress=steps.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert steps == ["clients", "orders"]
    assert str(errors[0]) == "no room"


def test_synchronous_mode_calls_back_before_returning():
    results: list[int] = []
    errors: list[BaseException] = []
    with tasks.synchronous():
        tasks.run_in_background(lambda: 42, on_done=results.append)
        tasks.run_in_background(lambda: 1 / 0, on_done=results.append, on_error=errors.append)
    assert results == [42]
    assert isinstance(errors[0], ZeroDivisionError)


def test_callbacks_of_deleted_widgets_are_skipped(qtbot, threaded):
    label = QLabel()
    done = threading.Event()

    def work() -> str:
        done.wait(2)
        return "late"

    tasks.run_in_background(work, on_done=label.setText)
    label.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(label), timeout=2000)
    done.set()
    tasks.wait_for_tasks()
    qtbot.wait(50)  # let the queued result arrive; it must not touch the deleted label

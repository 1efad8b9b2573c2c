"""The service's periodic duties: one instance holds a duty, the other stands by; a failing run is retried."""

from __future__ import annotations

import asyncio

from models.duties import DutyLock, lock_key, run_periodic_duty

KEY = lock_key("fielddesk:test-duty")


def test_only_one_of_two_instances_runs_a_duty(fresh_database):
    runs: dict[str, int] = {"a": 0, "b": 0}

    async def scenario() -> None:
        stop = asyncio.Event()

        def work(name: str):
            def run(_db) -> int:
                runs[name] += 1
                if sum(runs.values()) >= 4:
                    stop.set()
                return runs[name]
            return run

        await asyncio.gather(
            run_periodic_duty(fresh_database, stop, name="test a", lock_key=KEY, interval_seconds=0.02,
                              work=work("a")),
            run_periodic_duty(fresh_database, stop, name="test b", lock_key=KEY, interval_seconds=0.02,
                              work=work("b")),
        )

    asyncio.run(asyncio.wait_for(scenario(), 30))
    assert sorted(runs.values()) == [0, 4]
    probe = DutyLock(fresh_database, KEY)
    assert probe.try_acquire() == "held"  # both gave the lock back when they stopped
    probe.release()


def test_a_failing_run_is_retried_and_results_reach_the_caller(fresh_database):
    seen: list[int] = []
    calls = {"n": 0}

    async def scenario() -> None:
        stop = asyncio.Event()

        def work(_db) -> int:
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("first run fails")
            return calls["n"]

        def on_result(value: int) -> None:
            seen.append(value)
            if len(seen) == 2:
                stop.set()

        await run_periodic_duty(fresh_database, stop, name="test retry", lock_key=KEY, interval_seconds=0.01,
                                work=work, on_result=on_result)

    asyncio.run(asyncio.wait_for(scenario(), 30))
    assert seen == [2, 3]

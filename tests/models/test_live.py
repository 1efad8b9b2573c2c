"""A change written by one workstation reaches another's listener."""

import threading

from sqlalchemy import text

from models.live import Change, listen_for_changes, parse_change


def test_listener_receives_changes_from_another_connection(fresh_database):
    received: list[Change] = []
    connected = threading.Event()
    got = threading.Event()
    stop = threading.Event()

    def on_change(change: Change) -> None:
        received.append(change)
        if change.table == "clients":
            got.set()

    thread = threading.Thread(
        target=listen_for_changes,
        args=(fresh_database.url, on_change, stop),
        kwargs={"on_status": lambda ok, _msg: ok and connected.set(), "poll_seconds": 0.1},
        daemon=True,
    )
    thread.start()
    assert connected.wait(10)
    with fresh_database.engine.begin() as conn:
        cid = conn.execute(text("INSERT INTO clients (name) VALUES ('Козлов') RETURNING id")).scalar_one()
    assert got.wait(10)
    stop.set()
    thread.join(10)
    assert Change("clients", cid, "insert") in received


def test_malformed_payloads_are_ignored():
    assert parse_change("not json") is None
    assert parse_change('{"id": 1}') is None
    assert parse_change('{"table": "visits", "id": 7, "op": "update"}') == Change("visits", 7, "update")

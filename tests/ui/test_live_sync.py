"""A change saved on another workstation shows on this one's open client card."""

from __future__ import annotations

from sqlalchemy import text

from models.clients import ClientDraft, create_client
from ui.live_sync import LiveSync
from ui.main_window import MainWindow


def test_other_workstations_change_reloads_the_open_card(qtbot, fresh_database):
    client_id = create_client(fresh_database, ClientDraft(name="Сидоров Олег", phones=("+7 351 700 10 20",)))
    window = MainWindow(fresh_database)
    qtbot.addWidget(window)
    sync = LiveSync(fresh_database.url, interval_ms=50)
    window.attach_live_sync(sync)
    with qtbot.waitSignal(sync.status_changed, timeout=10_000):
        sync.start()
    try:
        assert window.sync_label.text() == "sync ✓"
        window.clients_page.open_client(client_id)
        assert window.clients_page.card_view.card.name == "Сидоров Олег"

        # Another workstation (another connection) renames the client and adds a phone.
        with fresh_database.engine.begin() as other:
            other.execute(text("UPDATE clients SET name = 'Сидоров Олег Ильич' WHERE id = :id"), {"id": client_id})
        qtbot.waitUntil(lambda: window.clients_page.card_view.card.name == "Сидоров Олег Ильич", timeout=10_000)
        assert window.clients_page.card_view.name_label.text() == "Сидоров Олег Ильич"
    finally:
        sync.stop()


def test_changes_to_other_clients_leave_the_card_alone(qtbot, fresh_database):
    mine = create_client(fresh_database, ClientDraft(name="Сидоров Олег"))
    other = create_client(fresh_database, ClientDraft(name="Козлова Ирина"))
    window = MainWindow(fresh_database)
    qtbot.addWidget(window)
    window.clients_page.open_client(mine)
    shown = window.clients_page.card_view.card
    window.on_live_sync_data_changed({"clients": {other}}, set())
    assert window.clients_page.card_view.card is shown  # not reloaded
    window.on_live_sync_data_changed({"clients": {mine}}, set())
    assert window.clients_page.card_view.card is not shown


def test_a_burst_is_coalesced_and_the_first_change_is_not_held_back(qtbot):
    sync = LiveSync("postgresql+psycopg://unused@127.0.0.1:1/none", interval_ms=10_000)
    received = []
    sync.data_changed.connect(lambda changes, deleted: received.append((changes, deleted)))
    from models.live import Change

    with qtbot.waitSignal(sync.data_changed, timeout=2000):
        sync._on_change(Change("calls", 1, "insert"))  # what the listener thread does
    assert received == [({"calls": {1}}, set())]
    for i in range(2, 50):
        sync._on_change(Change("calls", i, "update"))
    sync._on_change(Change("visits", 7, "delete"))
    qtbot.wait(100)
    assert len(received) == 1  # within the interval: held and coalesced
    sync.flush()
    assert received[1] == ({"calls": set(range(2, 50)), "visits": {7}}, {"visits"})

"""Render each main view off-screen to PNG files: `python main.py screenshot --out DIR`.

Uses the configured database like the app (loading the small demo data set into an empty one) and picks a
client with equipment, orders and visits so that the card shows what it can do. After the main views come the
screens of ui/screenshot_extra.py: an optimised plan previewed on the board, a serial conflict in the unit form and
the route sheets in the PDF preview.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from models.client_card import load_client_card
from models.views import ClientCard

WINDOW_SIZE = (1600, 1000)
SCREENSHOT_EXTENSION = "201"
PROBE_QUERIES = ("а", "е", "и", "о", "к", "м", "п", "с", "т", "ул", "a", "e")
PROBE_CLIENTS = 60


def richness(card: ClientCard) -> int:
    """How much of the card a client fills (each list counts up to three rows)."""
    lists = (card.phones, card.equipment, card.orders, card.upcoming_visits, card.past_visits, card.timeline,
             card.contacts, card.sites)
    score = sum(min(len(rows), 3) for rows in lists)
    warranty_states = {(unit.warranty_known, unit.warranty_active) for unit in card.equipment}
    return score + len(warranty_states)


def probe_cards(db) -> list[ClientCard]:
    """The cards of the clients the probe searches find (up to PROBE_CLIENTS)."""
    from models.search import search

    client_ids: list[int] = []
    for query in PROBE_QUERIES:
        for hit in search(db, query, limit=50):
            if hit.client_id not in client_ids:
                client_ids.append(hit.client_id)
        if len(client_ids) >= PROBE_CLIENTS:
            break
    return [load_client_card(db, client_id) for client_id in client_ids[:PROBE_CLIENTS]]


def pick_rich_client(db) -> ClientCard | None:
    """The fullest client card among the clients the probe searches find."""
    cards = probe_cards(db)
    return max(cards, key=richness) if cards else None


def caller_richness(card: ClientCard) -> tuple[int, ...]:
    """How much the call pane shows for a caller: units, open orders, visits to come, money owed."""
    open_orders = [o for o in card.orders if o.stage_kind == "open"]
    return (min(len(card.equipment), 3) + min(len(open_orders), 2) * 2 + min(len(card.upcoming_visits), 1) * 2
            + min(len(card.past_visits), 2) + (2 if card.balance_due else 0) + (1 if card.phones else -99),)


def sample_query(card: ClientCard) -> str:
    """A query that finds this client among others: a contact's surname, a word of the name, else the phone."""
    if card.contacts:
        return card.contacts[0].full_name.split()[0]
    words = [w.strip("«»\"'.,") for w in card.name.split()]
    for word in words:
        if len(word) >= 4 and word.isalpha() and word.upper() not in ("ООО", "ТСЖ", "ИП", "ЗАО", "ПАО"):
            return word
    return card.phones[0].display if card.phones else card.name


def show_call_pane(window, db, card: ClientCard, save) -> None:
    """Ring the desk with the rich client's number, as the PBX bridge would store it, and shoot the pane while
    it rings and once the call is over (the call is then left ended, not ringing, in the database)."""
    import time
    from datetime import UTC, datetime, timedelta

    from models.calls import record_call
    from telephony.events import CallUpdate

    window.set_phone_extension(SCREENSHOT_EXTENSION, save=False)
    window.show_page("clients")
    started = datetime.now(UTC) - timedelta(seconds=14)
    ringing = CallUpdate(pbx_call_id=f"screenshot-{time.time():.3f}", direction="inbound", caller=card.phones[0].e164,
                         called="73512250000", extensions_rung=(SCREENSHOT_EXTENSION, "202"), started_at=started)
    stored = record_call(db, ringing)
    window.on_live_sync_data_changed({"calls": {stored.id}}, set())
    save(window, "04-call-pane-ringing")
    answered = started + timedelta(seconds=6)
    ended = replace(ringing, status="ended", answered_by=SCREENSHOT_EXTENSION, answered_at=answered,
                    ended_at=answered + timedelta(seconds=154), ring_seconds=6, talk_seconds=154)
    record_call(db, ended)
    window.on_live_sync_data_changed({"calls": {stored.id}}, set())
    window.call_pane.view.note_edit.setPlainText("Договорились: мастер приедет в четверг с 10 до 12, код домофона 45К.")
    save(window, "05-call-pane-after-call")
    window.call_pane.view.note_edit.clear()
    window.call_pane.hide()


def show_cards(window, rich: ClientCard | None, save, number: int) -> None:
    """The orders list, then an order card and an equipment card of the rich client, each in its window."""
    window.show_page("orders")
    window.orders_page.tabs.setCurrentIndex(1)
    window.orders_page.registry.ensure_loaded()
    save(window, f"{number:02d}-orders-list")
    window.orders_page.tabs.setCurrentIndex(0)
    if rich is None:
        return
    if rich.orders:
        order_window = window.order_windows.open_order(rich.orders[0].id)
        order_window.resize(1300, 860)
        save(order_window, f"{number + 1:02d}-order-card")
        order_window.close()
    if rich.equipment:
        equipment_window = window.equipment_windows.open_equipment(rich.equipment[0].id)
        equipment_window.resize(1200, 860)
        save(equipment_window, f"{number + 2:02d}-equipment-card")
        equipment_window.close()


def render_screenshots(out_dir: str) -> int:
    """Open the database, build the main window at 1600×1000 and save each view; print the paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from models.config import load_database_config
    from models.connect import open_database
    from models.search import count_clients
    from ui.app import create_application
    from ui.main_window import PAGE_KEYS, MainWindow
    from ui.screenshot_extra import show_optimise_preview, show_route_sheets, show_serial_conflict
    from ui.startup import load_demo_data
    from ui.tasks import set_synchronous

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    create_application([sys.argv[0], "-platform", os.environ["QT_QPA_PLATFORM"]])
    set_synchronous(True)
    try:
        config = load_database_config()
        connection = open_database(config)
    except Exception as exc:  # any start-up failure (ConfigError and others) is a sentence, not a traceback
        print(f"fielddesk screenshot: cannot open the database: {exc}", file=sys.stderr)
        return 2
    saved: list[Path] = []

    def save(widget, name: str) -> None:
        QApplication.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)
        print(path)

    try:
        db = connection.db
        if count_clients(db) == 0:
            load_demo_data(db, progress=lambda message: print(message, file=sys.stderr))
        window = MainWindow(db, config, user=connection.user)
        window.resize(*WINDOW_SIZE)
        window.show()
        rich = pick_rich_client(db)

        query = sample_query(rich) if rich else "Иванов"
        window.search_box.setText(query)
        window.on_search_box_search_requested(query)
        save(window, "01-search-results")

        if rich is not None:
            rows = [r for r in range(window.clients_page.results_model.rowCount())
                    if window.clients_page.results_model.hit(r).client_id == rich.id]
            if rows:
                window.clients_page.open_hit(rows[0])
            else:
                window.clients_page.open_client(rich.id)
            save(window, "02-client-card")

        dialog = window.open_new_client_dialog()
        dialog.phones_edit.setText("12345")
        dialog.email_edit.setText("ivanov@")
        dialog.save_button.click()
        dialog.adjustSize()
        save(dialog, "03-new-client-validation")
        dialog.reject()

        cards = probe_cards(db)
        callers = [card for card in cards if card.phones]
        if callers:
            show_call_pane(window, db, max(callers, key=caller_richness), save)

        number = 6
        for number, key in enumerate(PAGE_KEYS, start=6):
            window.show_page(key)
            save(window, f"{number:02d}-page-{key}")
        show_cards(window, rich, save, number + 1)
        show_optimise_preview(window, save, 16)
        show_serial_conflict(window, db, cards, save, 18)
        show_route_sheets(window, save, 19)
        window.close()
    finally:
        set_synchronous(False)
        connection.close()
    return 0

"""Render each main view off-screen to PNG files: `python main.py screenshot --out DIR`.

Uses the configured database like the app (loading the small demo data set into an empty one) and picks a
client with equipment, orders and visits so that the card shows what it can do.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from models.client_card import load_client_card
from models.views import ClientCard

WINDOW_SIZE = (1600, 1000)
PROBE_QUERIES = ("а", "е", "и", "о", "к", "м", "п", "с", "т", "ул", "a", "e")
PROBE_CLIENTS = 60


def richness(card: ClientCard) -> int:
    """How much of the card a client fills (each list counts up to three rows)."""
    lists = (card.phones, card.equipment, card.orders, card.upcoming_visits, card.past_visits, card.timeline,
             card.contacts, card.sites)
    score = sum(min(len(rows), 3) for rows in lists)
    warranty_states = {(unit.warranty_known, unit.warranty_active) for unit in card.equipment}
    return score + len(warranty_states)


def pick_rich_client(db) -> ClientCard | None:
    """The fullest client card among the clients the probe searches find."""
    from models.search import search

    client_ids: list[int] = []
    for query in PROBE_QUERIES:
        for hit in search(db, query, limit=50):
            if hit.client_id not in client_ids:
                client_ids.append(hit.client_id)
        if len(client_ids) >= PROBE_CLIENTS:
            break
    best: ClientCard | None = None
    for client_id in client_ids[:PROBE_CLIENTS]:
        card = load_client_card(db, client_id)
        if best is None or richness(card) > richness(best):
            best = card
    return best


def sample_query(card: ClientCard) -> str:
    """A query that finds this client among others: a contact's surname, a word of the name, else the phone."""
    if card.contacts:
        return card.contacts[0].full_name.split()[0]
    words = [w.strip("«»\"'.,") for w in card.name.split()]
    for word in words:
        if len(word) >= 4 and word.isalpha() and word.upper() not in ("ООО", "ТСЖ", "ИП", "ЗАО", "ПАО"):
            return word
    return card.phones[0].display if card.phones else card.name


def render_screenshots(out_dir: str) -> int:
    """Open the database, build the main window at 1600×1000 and save each view; print the paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from models.config import load_database_config
    from models.connect import open_database
    from models.search import count_clients
    from ui.app import create_application
    from ui.main_window import PAGE_KEYS, MainWindow
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
        window = MainWindow(db, config)
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

        for number, key in enumerate(PAGE_KEYS, start=4):
            window.show_page(key)
            save(window, f"{number:02d}-page-{key}")
        window.close()
    finally:
        set_synchronous(False)
        connection.close()
    return 0

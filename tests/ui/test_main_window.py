"""The main window as a dispatcher uses it: type a phone, press Enter, read the card; shortcuts move around."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from models.database import Database
from models.phones import format_phone
from tests.ui.keys import type_text
from tests.ui.known_data import KnownClient, national_format
from ui.main_window import MainWindow
from ui.search import SearchResultsTableModel


@pytest.fixture
def window(qtbot, demo_database: Database) -> MainWindow:
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def result_titles(window: MainWindow) -> list[tuple[int, str]]:
    model = window.clients_page.results_model
    return [
        (model.hit(row).client_id, model.data(model.index(row, SearchResultsTableModel.COL_TITLE)))
        for row in range(model.rowCount())
    ]


def test_typing_a_phone_finds_the_client_and_enter_opens_their_card(qtbot, window, client_with_equipment):
    client: KnownClient = client_with_equipment
    typed = national_format(client.e164)
    window.show_page("planning")  # the search works from any page

    qtbot.keyClicks(window.search_box, typed)
    qtbot.waitUntil(lambda: window.clients_page.results_model.rowCount() > 0, timeout=3000)

    assert window.current_page_key() == "clients"
    assert (client.id, client.name) in result_titles(window)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)

    card = window.clients_page.card_view
    qtbot.waitUntil(lambda: card.card is not None and card.card.id == client.id, timeout=3000)
    assert card.name_label.text() == client.name
    assert card.name_label.isVisible()
    phone_buttons = [b.text() for b in card.phones.findChildren(QPushButton)]
    assert format_phone(client.e164) in phone_buttons  # the display form, "+7 351 123-45-67"
    shown_units = [
        card.equipment_model.data(card.equipment_model.index(row, card.equipment_model.COL_UNIT))
        for row in range(card.equipment_model.rowCount())
    ]
    assert len(shown_units) == len(client.units)
    for unit in client.units:
        assert any(unit in text for text in shown_units)
    assert card.equipment.table.isVisible()


def test_enter_right_after_typing_searches_at_once_and_opens_the_card(qtbot, window, client_with_equipment):
    qtbot.keyClicks(window.search_box, client_with_equipment.e164)
    assert window.search_box.pending  # the pause before searching has not passed yet
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    card = window.clients_page.card_view
    assert card.card is not None and card.card.id == client_with_equipment.id
    assert card.name_label.text() == client_with_equipment.name
    assert not window.search_box.pending


def test_arrow_keys_and_enter_in_the_results_open_the_chosen_card(qtbot, window, client_with_equipment):
    first_word = client_with_equipment.name.split()[0]
    type_text(window.search_box, first_word)
    qtbot.waitUntil(lambda: window.clients_page.results_model.rowCount() > 0, timeout=3000)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    results = window.clients_page.results_view
    assert results.hasFocus()
    model = window.clients_page.results_model
    if model.rowCount() > 1:
        qtbot.keyClick(results, Qt.Key.Key_Down)
    chosen = model.hit(results.currentIndex().row())
    qtbot.keyClick(results, Qt.Key.Key_Return)
    card = window.clients_page.card_view
    assert card.card is not None and card.card.id == chosen.client_id


def test_an_unknown_query_says_nothing_was_found(qtbot, window):
    qtbot.keyClicks(window.search_box, "Zzyzx-no-such-client")
    qtbot.waitUntil(lambda: "Nothing found" in window.clients_page.summary_label.text(), timeout=3000)
    assert window.clients_page.results_model.rowCount() == 0


def test_ctrl_3_shows_the_planning_page_and_ctrl_6_a_page_still_to_come(qtbot, window):
    assert window.current_page_key() == "clients"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "planning"
    assert window.pages["planning"] is window.planning_tabs and window.planning_page.isVisible()
    assert window.rail.currentItem().text() == "Planning"
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert page.isVisible()
    assert "Dashboards: not built yet" in page.sentence_label.text()
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "settings"
    assert window.settings_page.isVisible()


def test_rail_shows_every_area_with_its_shortcut(window):
    labels = [window.rail.item(row).text() for row in range(window.rail.count())]
    assert labels == ["Calls", "Orders", "Planning", "Clients & equipment", "Overdue", "Dashboards", "Settings"]
    assert "Ctrl+3" in window.rail.item(2).toolTip()


def test_ctrl_k_focuses_the_search_box(qtbot, window):
    window.show_page("settings")
    window.settings_page.form.embedded_radio.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    assert window.search_box.placeholderText() == "Search: phone, name, address, serial, order №"


def test_status_bar_names_the_database_and_version(window, demo_database):
    from models import __version__

    assert window.db_status_label.text() == f"DB ok · {demo_database.display_url}"
    assert window.version_label.text() == f"FieldDesk {__version__}"


def test_ctrl_n_opens_the_new_client_form(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.new_client_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.focusWidget() is dialog.name_edit
    dialog.reject()


def test_a_unit_opens_its_equipment_card_with_its_maintenance_plans(qtbot, window, client_with_equipment):
    window.open_client(client_with_equipment.id)
    card_view = window.clients_page.card_view
    qtbot.waitUntil(lambda: card_view.card is not None and card_view.card.id == client_with_equipment.id)
    opened = []
    window.equipment_windows.window_opened.connect(opened.append)
    table = card_view.equipment.table
    table.activated.emit(table.model().index(0, 0))
    (equipment_window,) = opened
    qtbot.addWidget(equipment_window)
    assert equipment_window.card.card is not None
    assert equipment_window.card.card.model in client_with_equipment.units
    section = equipment_window.card.maintenance_container.itemAt(0).widget()
    assert section is not None and section.equipment_id == equipment_window.card.card.id


def test_new_order_and_book_a_visit_open_for_the_client(qtbot, window, client_with_equipment):
    order_dialog = window.open_new_order_dialog(client_with_equipment.id)  # parented to the window, closes with it
    assert order_dialog.isVisible() and order_dialog.client_id == client_with_equipment.id
    order_dialog.reject()
    visit_dialog = window.open_book_visit_dialog(client_with_equipment.id)
    assert visit_dialog.isVisible() and visit_dialog.client_id == client_with_equipment.id
    visit_dialog.reject()


def test_an_open_equipment_card_follows_a_part_recorded_on_another_desk(qtbot, window, demo_database,
                                                                       client_with_equipment):
    from sqlalchemy import delete

    from models.claims import PartReplacement
    from models.client_card import load_client_card
    from models.equipment_edit import record_part_replacement

    unit = load_client_card(demo_database, client_with_equipment.id).equipment[0]
    card = window.equipment_windows.open_equipment(unit.id).card
    qtbot.waitUntil(lambda: card.card is not None and card.card.id == unit.id, timeout=5000)
    before = card.parts_model.rowCount()
    part_id = record_part_replacement(demo_database, unit.id, part_name="Вентилятор наружного блока",
                                      new_serial="FAN-LIVE-1")
    try:
        window.on_live_sync_data_changed({"part_replacements": {part_id}}, set())  # as LiveSync reports it
        qtbot.waitUntil(lambda: card.parts_model.rowCount() == before + 1, timeout=5000)
    finally:  # the demo database is shared by the other tests: leave it as it was
        with demo_database.transaction() as session:
            session.execute(delete(PartReplacement).where(PartReplacement.id == part_id))

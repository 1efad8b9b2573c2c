"""The new-client form: errors next to their fields, nothing saved on error, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models.database import Database
from models.search import count_clients, search
from tests.ui.keys import type_text
from ui.new_client_dialog import NewClientDialog, split_phones


def open_dialog(qtbot, db: Database) -> NewClientDialog:
    dialog = NewClientDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_cursor_starts_in_the_name_field(qtbot, db):
    dialog = open_dialog(qtbot, db)
    assert dialog.focusWidget() is dialog.name_edit


def test_empty_name_shows_the_error_under_the_name_and_saves_nothing(qtbot, db):
    dialog = open_dialog(qtbot, db)
    qtbot.keyClicks(dialog.phones_edit, "+7 351 123-45-67")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    name_error = dialog.error_labels["name"]
    assert name_error.isVisible()
    assert "name" in name_error.text()
    assert not dialog.error_labels["phones"].isVisible()
    assert dialog.focusWidget() is dialog.name_edit
    assert dialog.isVisible()  # still open for a correction
    assert count_clients(db) == 0


def test_each_wrong_field_gets_its_own_message(qtbot, db):
    dialog = open_dialog(qtbot, db)
    type_text(dialog.name_edit, "Петров Иван")
    qtbot.keyClicks(dialog.phones_edit, "12345")
    qtbot.keyClicks(dialog.email_edit, "petrov@")
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Return)
    errors = dialog.errors()
    assert set(errors) == {"phones", "email"}
    assert "12345" in errors["phones"]
    assert "petrov@" in errors["email"]
    assert dialog.focusWidget() is dialog.phones_edit
    assert count_clients(db) == 0


def test_a_valid_client_is_saved_and_announced(qtbot, db):
    dialog = open_dialog(qtbot, db)
    type_text(dialog.name_edit, "Петров Иван")
    qtbot.keyClicks(dialog.phones_edit, "8 (351) 123-45-67, +7 912 000-00-01")
    type_text(dialog.address_edit, "Челябинск, ул. Ленина, 5")
    with qtbot.waitSignal(dialog.client_created) as created:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert count_clients(db) == 1
    hits = search(db, "+7 912 000-00-01")
    assert [hit.client_id for hit in hits] == [created.args[0]]


def test_escape_cancels_without_saving(qtbot, db):
    dialog = open_dialog(qtbot, db)
    type_text(dialog.name_edit, "Петров Иван")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert count_clients(db) == 0


def test_phones_are_split_on_commas_semicolons_and_lines():
    assert split_phones(" +7 351 123-45-67, 8 912 000 00 01;\n89120000002 ,") == (
        "+7 351 123-45-67", "8 912 000 00 01", "89120000002",
    )

"""The template editor: lists the shipped templates, inserts variables, previews the printed text, names unknown
variables at once, saves for a manager and refuses a dispatcher."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.database import Database
from models.document_context import list_templates
from models.users import UserRef
from reports.documents import ensure_default_templates
from ui.document_templates import DocumentTemplatesEditor

MANAGER = UserRef(1, "m", "Орлова Мария", "manager", None)
DISPATCHER = UserRef(2, "d", "Антонова Ольга", "dispatcher", None)


def editor_for(qtbot, db: Database, user: UserRef) -> DocumentTemplatesEditor:
    ensure_default_templates(db)
    editor = DocumentTemplatesEditor(db, user)
    qtbot.addWidget(editor)
    return editor


def test_lists_templates_and_previews_the_printed_text(qtbot, db: Database):
    editor = editor_for(qtbot, db, MANAGER)
    assert editor.model.rowCount() == 5
    letter = next(i for i in range(editor.model.rowCount()) if editor.model.row_at(i).kind == "claim_letter")
    editor.select_row(letter)
    assert "{manufacturer.claim_address}" in editor.body_edit.toPlainText()
    assert "Рекламация" in editor.preview.toPlainText()
    assert "Москва, Ленинградский пр." in editor.preview.toPlainText()  # sample values fill the variables
    assert editor.error_label.isHidden()


def test_unknown_variable_is_shown_before_saving_and_blocks_the_save(qtbot, db: Database):
    editor = editor_for(qtbot, db, MANAGER)
    editor.select_row(0)
    before = editor.model.row_at(0).body
    editor.body_edit.setPlainText("Клиент {client.nmae}")
    assert "unknown variable {client.nmae}" in editor.error_label.text()
    editor.refresh_preview()
    assert "Cannot print this template" in editor.preview.toPlainText()
    editor.save_button.click()
    assert "Not saved" in editor.error_label.text()
    assert next(t for t in list_templates(db) if t.id == editor.model.row_at(0).id).body == before


def test_variable_inserted_by_double_click_and_saved(qtbot, db: Database):
    editor = editor_for(qtbot, db, MANAGER)
    editor.select_row(0)
    editor.body_edit.setPlainText("Заказ ")
    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    item = next(editor.variables.item(i) for i in range(editor.variables.count())
                if editor.variables.item(i).data(Qt.ItemDataRole.UserRole) == "order.number")
    editor.on_variables_item_double_clicked(item)
    assert editor.body_edit.toPlainText() == "Заказ {order.number}"
    saved_id = editor.model.row_at(0).id
    editor.save_button.click()
    assert next(t for t in list_templates(db) if t.id == saved_id).body == "Заказ {order.number}"
    assert editor.current.id == saved_id


def test_a_dispatcher_cannot_save(qtbot, db: Database):
    editor = editor_for(qtbot, db, DISPATCHER)
    assert not editor.save_button.isEnabled()

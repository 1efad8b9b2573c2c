"""The template editor: lists the shipped templates, inserts variables, previews the printed PDF (sample values or
an order's, re-rendered after typing pauses), names unknown variables at once, saves for a manager and refuses a
dispatcher."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import Qt

from models.database import Database
from models.document_context import list_templates
from models.users import UserRef
from reports.documents import ensure_default_templates
from tests.factories import add_client, add_equipment, add_order, add_pipeline
from ui.document_templates import DocumentTemplatesEditor

MANAGER = UserRef(1, "m", "Орлова Мария", "manager", None)
DISPATCHER = UserRef(2, "d", "Антонова Ольга", "dispatcher", None)


def editor_for(qtbot, db: Database, user: UserRef) -> DocumentTemplatesEditor:
    ensure_default_templates(db)
    editor = DocumentTemplatesEditor(db, user)
    qtbot.addWidget(editor)
    return editor


def preview_text(editor: DocumentTemplatesEditor) -> str:
    """The text of the PDF the preview shows."""
    assert editor.preview_pdf is not None, editor.preview.message_text()
    pages = pypdf.PdfReader(io.BytesIO(editor.preview_pdf)).pages
    assert editor.preview.page_count == len(pages)
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_lists_templates_and_previews_the_printed_pdf(qtbot, db: Database):
    editor = editor_for(qtbot, db, MANAGER)
    assert editor.model.rowCount() == 5
    letter = next(i for i in range(editor.model.rowCount()) if editor.model.row_at(i).kind == "claim_letter")
    editor.select_row(letter)
    assert "{manufacturer.claim_address}" in editor.body_edit.toPlainText()
    assert "Рекламация" in preview_text(editor)
    assert "Москва, Ленинградский пр." in preview_text(editor)  # sample values fill the variables
    assert editor.preview.rendered_pages() and editor.preview.message_text() == ""
    assert editor.error_label.isHidden()


def test_preview_follows_the_text_once_typing_pauses(qtbot, db: Database):
    editor = editor_for(qtbot, db, MANAGER)
    editor.select_row(0)
    before = preview_text(editor)
    editor.body_edit.setPlainText("# Новый заголовок\n\nКлиент {client.name}")
    assert editor.preview_timer.isActive() and preview_text(editor) == before  # not on every keystroke
    qtbot.waitUntil(lambda: "Новый заголовок" in preview_text(editor))
    assert "Иванов Пётр Сергеевич" in preview_text(editor)


def test_preview_with_an_order_uses_its_values(qtbot, db: Database):
    with db.transaction() as session:
        _pipeline, stages = add_pipeline(session, "templates_preview")
        client = add_client(session, "ООО Предпросмотр", "+79120000501", address="ул. Мира, 9")
        unit = add_equipment(session, client, serial="PRV-77")
        order = add_order(session, client, stages[1], "Гудит", equipment_id=unit.id)
        number = order.number
    editor = editor_for(qtbot, db, MANAGER)
    editor.select_row(0)
    editor.body_edit.setPlainText("Заказ {order.number}: {client.name}, {equipment.serial}")
    editor.order_edit.setText(str(number))
    editor.refresh_preview()
    assert f"Заказ {number}: ООО Предпросмотр, PRV-77" in preview_text(editor)
    editor.order_edit.setText("999999999")
    editor.refresh_preview()
    assert "There is no order № 999999999" in editor.preview.message_text() and editor.preview_pdf is None
    editor.order_edit.clear()
    editor.refresh_preview()
    assert "Заказ 1042: Иванов Пётр Сергеевич, DK-0042-118" in preview_text(editor)  # back to sample values


def test_unknown_variable_is_shown_before_saving_and_blocks_the_save(qtbot, db: Database):
    editor = editor_for(qtbot, db, MANAGER)
    editor.select_row(0)
    before = editor.model.row_at(0).body
    editor.body_edit.setPlainText("Клиент {client.nmae}")
    assert "unknown variable {client.nmae}" in editor.error_label.text()
    editor.refresh_preview()
    assert "Cannot print this template" in editor.preview.message_text()
    assert "unknown variable {client.nmae}" in editor.preview.message_text()
    assert editor.preview.page_count == 0 and editor.preview_pdf is None
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

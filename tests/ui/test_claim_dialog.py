"""The claim dialog: draft from the order, choose the enclosures, preview the letter, generate it (attached to the
order), sent, then confirmed with the act's number and file or rejected with the reason; buttons follow the claim's
state."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from PIL import Image
from PySide6.QtCore import QLocale, Qt
from PySide6.QtPrintSupport import QPrinter

from models.claims_book import claims_of
from models.database import Database
from models.order_card import load_order_card
from models.timeline import Attachment, TimelineEntry
from models.users import UserRef
from reports.documents import ensure_default_templates
from tests.factories import add_client, add_equipment, add_order, add_pipeline
from tests.models.test_kanban import add_user
from ui.claim_dialog import ClaimDialog


@pytest.fixture
def user(db: Database) -> UserRef:
    with db.transaction() as session:
        row = add_user(session, "claim_dialog_manager", "Орлова Мария", "manager")
        return UserRef(row.id, row.login, row.full_name, row.role, None)


@pytest.fixture
def order_id(db: Database) -> int:
    ensure_default_templates(db)
    with db.transaction() as session:
        _pipeline, stages = add_pipeline(session, "claim_dialog")
        client = add_client(session, "ИП Сергеев", "+79120000401", address="ул. Гагарина, 3")
        unit = add_equipment(session, client, serial="DK-DLG-1", warranty_until=date(2030, 1, 1))
        order = add_order(session, client, stages[1], "Не охлаждает", equipment_id=unit.id,
                          description="Дует тёплым воздухом")
        session.add(Attachment(order_id=order.id, kind="photo", filename="блок.jpg", mime_type="image/jpeg",
                               size_bytes=3, content=b"jpg"))
        session.add(Attachment(order_id=order.id, kind="file", filename="схема.pdf", mime_type="application/pdf",
                               size_bytes=2048, content=b"%PDF" + b"0" * 2044))
        return order.id


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages).split())


def rows(dialog: ClaimDialog) -> list[tuple[str, str, bool]]:
    items = [dialog.enclosures_list.topLevelItem(i) for i in range(dialog.enclosures_list.topLevelItemCount())]
    return [(item.text(0), item.text(1), item.checkState(0) == Qt.CheckState.Checked) for item in items]


def test_letter_is_generated_and_the_claim_confirmed_with_the_act(qtbot, db: Database, order_id, user, tmp_path):
    dialog = ClaimDialog(db, user, order_id)
    qtbot.addWidget(dialog)
    assert dialog.status_chip.text() == "no claim yet"
    assert rows(dialog) == [("блок.jpg", "photo", True), ("схема.pdf", "file", False)]
    assert dialog.enclosures_list.topLevelItem(1).text(2) == QLocale().formattedDataSize(2048, 1)  # "2.0 KiB"
    assert not dialog.sent_button.isEnabled() and not dialog.confirm_button.isEnabled()
    dialog.defect_edit.setPlainText("Не держит температуру, ошибка U4")
    dialog.letter_button.click()
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    letters = [a for a in load_order_card(db, order_id, role="manager").attachments if a.kind == "claim_letter"]
    assert len(letters) == 1
    with db.session() as session:
        text = pdf_text(bytes(session.get(Attachment, letters[0].id).content))
    assert "1. блок.jpg" in text and "схема.pdf" not in text
    assert rows(dialog) == [("блок.jpg", "photo", True), ("схема.pdf", "file", False)]  # the letter is no enclosure
    assert dialog.status_chip.text() == "claim drafted" and dialog.sent_button.isEnabled()
    dialog.sent_button.click()
    assert dialog.status_chip.text() == "claim sent" and dialog.confirm_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    dialog.act_edit.setText("АР-2025/7")
    dialog.confirm_button.click()
    assert "Choose the file" in dialog.error_label.text()
    act = tmp_path / "act.pdf"
    act.write_bytes(b"%PDF-1.4 act")
    dialog.act_file_path = str(act)
    dialog.confirm_button.click()
    assert dialog.status_chip.text() == "claim confirmed"
    assert "АР-2025/7" in dialog.status_text.text() and "act.pdf" in dialog.status_text.text()
    claim = claims_of(db, order_id)[0]
    assert claim.defect == "Не держит температуру, ошибка U4" and claim.manufacturer_ref == "АР-2025/7"


def test_rejection_needs_a_reason(qtbot, db: Database, order_id, user):
    dialog = ClaimDialog(db, user, order_id)
    qtbot.addWidget(dialog)
    dialog.save_button.click()  # an empty defect takes the order's description
    assert claims_of(db, order_id)[0].defect == "Дует тёплым воздухом"
    dialog.sent_button.click()
    dialog.reject_button.click()
    assert "reason" in dialog.error_label.text()
    dialog.reason_edit.setText("Нарушены условия эксплуатации")
    dialog.reject_button.click()
    assert dialog.status_chip.text() == "claim rejected"
    assert "Нарушены условия эксплуатации" in dialog.status_text.text()
    assert dialog.save_button.isEnabled()  # a new claim may be drafted after a rejection


def test_enclosures_are_chosen_and_the_letter_previewed_and_printed(qtbot, db: Database, order_id, user, tmp_path):
    dialog = ClaimDialog(db, user, order_id)
    qtbot.addWidget(dialog)
    photo, plan = (dialog.enclosures_list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(2))
    dialog.set_enclosure_checked(photo, False)
    dialog.set_enclosure_checked(plan, True)
    dialog.defect_edit.setPlainText("Течёт конденсат")
    dialog.preview_button.click()
    preview = dialog.preview_dialog
    assert preview is not None and dialog.error_label.isHidden(), dialog.error_label.text()
    text = pdf_text(preview.pdf)
    assert "Течёт конденсат" in text and "1. схема.pdf" in text and "блок.jpg" not in text
    assert preview.view.page_count >= 1
    assert claims_of(db, order_id) == []  # a preview drafts and stores nothing
    printed = tmp_path / "letter.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    preview.print_to(printer)
    assert len(pypdf.PdfReader(printed).pages) == preview.view.page_count

    dialog.letter_button.click()
    claim = claims_of(db, order_id)[0]
    with db.session() as session:
        payload = session.query(TimelineEntry.payload).filter(TimelineEntry.order_id == order_id,
                                                              TimelineEntry.payload.has_key("enclosure_ids")).one()[0]
    assert payload["enclosure_ids"] == [plan] and payload["claim_id"] == claim.id
    again = ClaimDialog(db, user, order_id)  # the claim's choice is proposed when it is opened again
    qtbot.addWidget(again)
    assert rows(again) == [("блок.jpg", "photo", False), ("схема.pdf", "file", True)]


def test_unchecking_everything_prints_no_enclosures(qtbot, db: Database, order_id, user):
    dialog = ClaimDialog(db, user, order_id)
    qtbot.addWidget(dialog)
    for attachment_id in list(dialog.chosen_enclosures()):
        dialog.set_enclosure_checked(attachment_id, False)
    assert dialog.chosen_enclosures() == []
    dialog.preview_button.click()
    assert "Приложения (фотографии и документы): нет" in pdf_text(dialog.preview_dialog.pdf)


def test_the_dialog_names_the_enclosures_not_bound_into_the_letter(qtbot, db: Database, order_id, user):
    png = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(png, "PNG")
    with db.transaction() as session:
        session.add_all([Attachment(order_id=order_id, kind="photo", filename="табличка.png", mime_type="image/png",
                                    size_bytes=len(png.getvalue()), content=png.getvalue()),
                         Attachment(order_id=order_id, kind="file", filename="отчёт.docx", size_bytes=4,
                                    mime_type="application/msword", content=b"PK\x03\x04")])
    dialog = ClaimDialog(db, user, order_id)
    qtbot.addWidget(dialog)
    ids = {dialog.enclosures_list.topLevelItem(i).text(0): dialog.enclosures_list.topLevelItem(i).data(
        0, Qt.ItemDataRole.UserRole) for i in range(dialog.enclosures_list.topLevelItemCount())}
    dialog.set_enclosure_checked(ids["отчёт.docx"], True)
    assert dialog.chosen_enclosures() == [ids["блок.jpg"], ids["табличка.png"], ids["отчёт.docx"]]
    assert dialog.enclosure_notice.isHidden()
    dialog.preview_button.click()
    notice = dialog.enclosure_notice.text()
    assert not dialog.enclosure_notice.isHidden() and dialog.enclosure_notice.objectName() == "fieldError"
    assert "блок.jpg — the image cannot be read" in notice and "Send separately (the letter says so): отчёт.docx" \
        in notice and "табличка.png" not in notice
    text = pdf_text(dialog.preview_dialog.pdf)
    assert "1. блок.jpg (прилагается отдельно) 2. табличка.png 3. отчёт.docx (прилагается отдельно)" in text
    assert "Приложение 2: табличка.png" in text

    dialog.letter_button.click()
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    assert "блок.jpg" in dialog.enclosure_notice.text() and not dialog.enclosure_notice.isHidden()
    (letter,) = [a for a in load_order_card(db, order_id, role="manager").attachments if a.kind == "claim_letter"]
    with db.session() as session:
        stored = bytes(session.get(Attachment, letter.id).content)
    assert "Приложение 2: табличка.png" in pdf_text(stored)  # the stored letter carries the photo

    dialog.set_enclosure_checked(ids["блок.jpg"], False)
    dialog.set_enclosure_checked(ids["отчёт.docx"], False)
    dialog.letter_button.click()
    assert dialog.enclosure_notice.isHidden()  # everything chosen is bound in: nothing to say

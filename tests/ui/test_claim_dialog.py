"""The claim dialog: draft from the order, choose the enclosures, preview the letter, generate it (attached to the
order), sent, then confirmed with the act's number and file or rejected with the reason; buttons follow the claim's
state."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
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

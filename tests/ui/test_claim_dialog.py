"""The claim dialog: draft from the order, generate the letter (attached to the order), sent, then confirmed with
the act's number and file or rejected with the reason; buttons follow the claim's state."""

from __future__ import annotations

from datetime import date

import pytest

from models.claims_book import claims_of
from models.database import Database
from models.order_card import load_order_card
from models.timeline import Attachment
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
        return order.id


def test_letter_is_generated_and_the_claim_confirmed_with_the_act(qtbot, db: Database, order_id, user, tmp_path):
    dialog = ClaimDialog(db, user, order_id)
    qtbot.addWidget(dialog)
    assert dialog.status_chip.text() == "no claim yet"
    assert [dialog.files_list.item(i).text() for i in range(dialog.files_list.count())] == ["блок.jpg (photo)"]
    assert not dialog.sent_button.isEnabled() and not dialog.confirm_button.isEnabled()
    dialog.defect_edit.setPlainText("Не держит температуру, ошибка U4")
    dialog.letter_button.click()
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    kinds = {a.kind for a in load_order_card(db, order_id, role="manager").attachments}
    assert "claim_letter" in kinds
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

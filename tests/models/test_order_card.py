"""The order card's read side, comments and attachments: private items by role, custom fields, size limits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models.database import Database
from models.order_card import (
    MAX_ATTACHMENT_BYTES,
    AttachmentRefused,
    CommentRefused,
    OrderCardNotFound,
    add_attachment,
    add_comment,
    attachment_content,
    can_see_private,
    load_order_card,
)
from models.pipeline_rules import CustomFieldDef
from models.pipelines import StageChange, Task
from models.scheduling import Visit
from models.timeline import Attachment, TimelineEntry
from tests.factories import add_client, add_equipment, add_order, add_pipeline
from tests.models.test_kanban import add_user

NOW = datetime.now(UTC)


@pytest.fixture
def order_data(db: Database):
    with db.transaction() as session:
        pipeline, stages = add_pipeline(session, "card_test")
        stages[1].gate_rules = {"required_fields": ["site_id", "custom:room_area_m2"]}
        dispatcher = add_user(session, "card_dispatcher", "Иванова Анна", "dispatcher")
        technician = add_user(session, "card_tech", "Петров Сергей", "technician")
        client = add_client(session, "Иванов Пётр", "+79120000001", address="ул. Ленина, д. 5")
        unit = add_equipment(session, client, serial="DK-1", warranty_until=date.today() + timedelta(days=300))
        order = add_order(session, client, stages[0], "Не охлаждает", amount=Decimal(6500), owner_id=dispatcher.id,
                          scenario="warranty_repair", equipment_id=unit.id, custom_fields={"room_area_m2": 18})
        session.add_all([
            CustomFieldDef(pipeline_id=pipeline.id, key="room_area_m2", label="Площадь, м²", type="number"),
            CustomFieldDef(pipeline_id=pipeline.id, scenario="warranty_repair", key="claim_no", label="№ рекламации",
                           type="text", position=1),
            CustomFieldDef(pipeline_id=pipeline.id, scenario="sale", key="discount", label="Скидка", type="number"),
            TimelineEntry(order_id=order.id, kind="note", text="Просит звонить после 18:00",
                          at=NOW - timedelta(hours=2)),
            TimelineEntry(order_id=order.id, kind="note", text="Конфликтный клиент", private=True,
                          at=NOW - timedelta(hours=1)),
            Task(order_id=order.id, title="Перезвонить", assignee_id=dispatcher.id, due_at=NOW - timedelta(hours=1)),
            Task(order_id=order.id, title="Уточнить модель", status="done", done_at=NOW - timedelta(days=1)),
            StageChange(order_id=order.id, from_stage_id=None, to_stage_id=stages[0].id, user_id=dispatcher.id),
            Visit(order_id=order.id, starts_at=NOW + timedelta(days=1), ends_at=NOW + timedelta(days=1, hours=2)),
        ])
    return dict(order=order.id, number=order.number, stages=[s.id for s in stages], dispatcher=dispatcher.id,
                technician=technician.id, client=client.id, unit=unit.id)


def test_card_holds_fields_client_equipment_and_custom_fields(db: Database, order_data):
    card = load_order_card(db, order_data["order"], role="dispatcher")
    assert (card.number, card.title, card.amount, card.owner_name) == (order_data["number"], "Не охлаждает",
                                                                       Decimal(6500), "Иванова Анна")
    assert [s.name for s in card.stages] == ["Заявка", "Ремонт", "Закрыто"]
    assert card.stage.name == "Заявка"
    assert card.client_name == "Иванов Пётр" and card.client_phones[0].display == "+7 912 000-00-01"
    assert card.site_address == "ул. Ленина, д. 5" and "intercom" in card.site_access
    assert card.equipment.serial == "DK-1" and card.equipment.warranty_active
    assert [(f.key, f.value, f.required_by) for f in card.custom_fields] == [
        ("room_area_m2", 18, ("Ремонт",)), ("claim_no", None, ())]  # the sale-only field is not shown
    assert card.required_fields["site_id"] == ("Ремонт",)
    assert [t.title for t in card.tasks] == ["Перезвонить", "Уточнить модель"]  # open ones first
    assert card.tasks[0].late(NOW.astimezone(card.tasks[0].due_at.tzinfo))
    assert len(card.visits) == 1 and card.visits[0].status == "planned"
    assert [h.to_stage for h in card.stage_history] == ["Заявка"]


@pytest.mark.parametrize(("role", "sees_private"), [
    ("dispatcher", True), ("manager", True), ("admin", True), ("technician", False), ("accountant", False),
])
def test_private_items_are_hidden_from_roles_without_the_right(db: Database, order_data, role, sees_private):
    card = load_order_card(db, order_data["order"], role=role)
    texts = [row.text for row in card.timeline]
    assert ("Конфликтный клиент" in texts) is sees_private
    assert ("Конфликтный клиент" in [c.text for c in card.comments]) is sees_private
    assert "Просит звонить после 18:00" in texts
    assert card.can_see_private is sees_private is can_see_private(role)


def test_comments_are_added_once_and_private_needs_the_right(db: Database, order_data):
    first = add_comment(db, order_data["order"], "  Клиент подтвердил время ", user_id=order_data["dispatcher"],
                        private=False)
    again = add_comment(db, order_data["order"], "Клиент подтвердил время", user_id=order_data["dispatcher"],
                        private=False)
    assert first == again
    add_comment(db, order_data["order"], "Скидка 5%", user_id=order_data["dispatcher"], private=True)
    with pytest.raises(CommentRefused, match="cannot write private"):
        add_comment(db, order_data["order"], "Секрет", user_id=order_data["technician"], private=True)
    with pytest.raises(CommentRefused, match="Type the comment"):
        add_comment(db, order_data["order"], "   ", user_id=order_data["dispatcher"], private=False)
    tech_view = load_order_card(db, order_data["order"], role="technician")
    assert "Клиент подтвердил время" in [c.text for c in tech_view.comments]
    assert "Скидка 5%" not in [c.text for c in tech_view.timeline]
    comments = load_order_card(db, order_data["order"], role="dispatcher").comments
    mine = next(c for c in comments if c.text == "Скидка 5%")
    assert mine.private and mine.author == "Иванова Анна"


def test_attachments_are_listed_without_content_and_read_on_demand(db: Database, order_data):
    photo = b"\xff\xd8\xff" + b"x" * 1000
    attachment_id = add_attachment(db, order_data["order"], "photo", "C:\\Фото\\монтаж.jpg", "image/jpeg", photo,
                                   user_id=order_data["dispatcher"])
    assert add_attachment(db, order_data["order"], "photo", "монтаж.jpg", "image/jpeg", photo,
                          user_id=order_data["dispatcher"]) == attachment_id
    card = load_order_card(db, order_data["order"], role="dispatcher")
    assert [(a.kind, a.filename, a.size_bytes, a.uploaded_by) for a in card.attachments] == [
        ("photo", "монтаж.jpg", len(photo), "Иванова Анна")]
    assert card.timeline[0].kind == "document" and "монтаж.jpg" in card.timeline[0].text
    assert attachment_content(db, attachment_id) == photo
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(Attachment)
                               .where(Attachment.order_id == order_data["order"])).scalar_one() == 1


def test_attachment_limits_are_explained(db: Database, order_data):
    with pytest.raises(AttachmentRefused, match="limited to 20 MB"):
        add_attachment(db, order_data["order"], "scan", "big.pdf", "application/pdf",
                       b"0" * (MAX_ATTACHMENT_BYTES + 1), user_id=None)
    with pytest.raises(AttachmentRefused, match="empty"):
        add_attachment(db, order_data["order"], "scan", "empty.pdf", "application/pdf", b"", user_id=None)
    with pytest.raises(LookupError, match="no longer exists"):
        attachment_content(db, 999_999)


def test_missing_order_is_explained(db: Database):
    with pytest.raises(OrderCardNotFound, match="does not exist"):
        load_order_card(db, 999_999, role="dispatcher")

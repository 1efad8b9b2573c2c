"""Documents from templates: variables filled from the order (text read back from the PDF), unknown variables named
with their line, Cyrillic extracted intact, shipped templates added once and never over an edit, and a generated
document attached to the order and its timeline."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pypdf
import pytest
from sqlalchemy import func, select

from models.catalog import Service
from models.claims import TEMPLATE_KINDS, DocumentTemplate
from models.claims_book import claim_enclosures, create_claim
from models.company import Company
from models.database import Database
from models.document_context import (
    DocumentContext,
    TemplateError,
    build_order_context,
    save_template,
    template_problems,
    templates_for_order,
)
from models.equipment import Manufacturer
from models.scheduling import Visit
from models.timeline import Attachment, TimelineEntry
from reports.documents import (
    default_templates,
    document_pdf,
    ensure_default_templates,
    generate_document,
    render_document,
)
from tests.factories import add_client, add_equipment, add_order, add_pipeline, add_technician

VISIT_AT = datetime(2025, 5, 20, 6, 0, tzinfo=UTC)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def order(db: Database) -> dict:
    with db.transaction() as session:
        session.execute(Company.__table__.update().values(
            name="УралТехСервис", details={"legal_name": "ООО «УралТехСервис»", "inn": "7451400004",
                                           "address": "г. Челябинск, ул. Елькина, 45", "phone": "+73512000000"}))
        pipeline, stages = add_pipeline(session, "docs_test")
        client = add_client(session, "Ёлкин Фёдор Щукин", "+79120000301", address="ул. Щорса, д. 7, кв. 12")
        unit = add_equipment(session, client, serial="DK-DOC-1", model="FTXB35C", warranty_until=date(2030, 1, 1))
        maker = session.get(Manufacturer, unit.manufacturer_id)
        maker.claim_address, maker.claim_contact = "Москва, Ленинградский пр., 37", "Отдел рекламаций"
        service = Service(code="docs_diag", name="Диагностика кондиционера", price=Decimal("2500.00"),
                          duration_min=60)
        session.add(service)
        session.flush()
        tech = add_technician(session, "Петров Сергей")
        row = add_order(session, client, stages[1], "Не охлаждает", equipment_id=unit.id, amount=Decimal("7500"),
                        description="Дует тёплым воздухом")
        session.add_all([Visit(order_id=row.id, technician_id=tech.id, service_id=service.id, status="done",
                               starts_at=VISIT_AT + timedelta(days=i), ends_at=VISIT_AT + timedelta(days=i, hours=1))
                         for i in range(2)])
    return dict(order=row.id, number=row.number, pipeline=pipeline.id, maker=unit.manufacturer_id)


def test_order_variables_are_filled_in_the_pdf(db: Database, order):
    context = build_order_context(db, order["order"], today=date(2025, 6, 1))
    body = ("# Заказ-наряд № {order.number}\n\nКлиент: {client.name}, {site.address}\nОборудование: {equipment.model}"
            " № {equipment.serial}, {equipment.warranty}\nИНН исполнителя {company.inn}\n{services}\n"
            "К оплате: {order.due}. Дата: {today}. Завод: {manufacturer.name}, {manufacturer.claim_address}")
    text = pdf_text(render_document(body, context))
    flat = " ".join(text.split())
    for expected in (f"Заказ-наряд № {order['number']}", "Ёлкин Фёдор Щукин", "ул. Щорса, д. 7, кв. 12",
                     "FTXB35C № DK-DOC-1", "на гарантии до 01.01.2030", "ИНН исполнителя 7451400004",
                     "Диагностика кондиционера", "5 000,00 ₽", "К оплате: 7 500,00 ₽", "Дата: 01.06.2025",
                     "Daikin, Москва, Ленинградский пр., 37", "ООО «УралТехСервис»"):
        assert expected in flat, expected
    assert context.services[0].quantity == 2  # two visits with the same service: one line, quantity 2


def test_unknown_variable_is_named_with_its_line(db: Database):
    body = "Клиент: {client.name}\nМодель: {equipment.modle}\n{order.__class__}"
    assert template_problems(body) == [
        "line 2: unknown variable {equipment.modle} — choose one from the list of variables",
        "line 3: unknown variable {order.__class__} — choose one from the list of variables"]
    with pytest.raises(TemplateError, match=r"equipment\.modle"):
        render_document(body, DocumentContext({}))
    assert "unbalanced brace" in template_problems("Сумма {order.amount")[0]
    assert "own" in template_problems("Итого {services}")[0]
    assert "format" in template_problems("{order.amount:>10}")[0]


def test_cyrillic_and_markup_characters_survive(db: Database):
    values = {"client.name": "ООО «Щедрый Ёж» & <Партнёры>", "order.title": "Ремонт {не переменная}"}
    text = pdf_text(render_document("{client.name}\n{order.title}\n{{буквально}}", DocumentContext(values)))
    assert "ООО «Щедрый Ёж» & <Партнёры>" in text
    assert "Ремонт {не переменная}" in text and "{буквально}" in text


def test_every_shipped_template_prints_for_an_order(db: Database, order):
    context = build_order_context(db, order["order"])
    assert {t.kind for t in default_templates()} == set(TEMPLATE_KINDS)
    for spec in default_templates():
        assert template_problems(spec.body) == [], spec.kind
        text = pdf_text(render_document(spec.body, context))
        assert str(order["number"]) in text and "7451400004" in text  # the company's details on every document


def test_default_templates_are_added_once_and_never_over_an_edit(db: Database, order):
    with db.transaction() as session:
        session.execute(DocumentTemplate.__table__.delete())
    assert ensure_default_templates(db) == len(TEMPLATE_KINDS)
    assert ensure_default_templates(db) == 0
    with db.session() as session:
        letter_id = session.execute(select(DocumentTemplate.id).where(DocumentTemplate.kind == "claim_letter")
                                    ).scalar_one()
    save_template(db, letter_id, kind="claim_letter", name="Письмо заводу (наше)", body="Своё письмо {order.number}",
                  role="manager")
    assert ensure_default_templates(db) == 0  # a renamed, edited template still counts
    with db.session() as session:
        assert session.get(DocumentTemplate, letter_id).body == "Своё письмо {order.number}"
    with pytest.raises(TemplateError):
        save_template(db, letter_id, kind="claim_letter", name="x", body="{nope}", role="admin")
    with pytest.raises(PermissionError):
        save_template(db, letter_id, kind="claim_letter", name="x", body="ok", role="dispatcher")


def test_templates_for_an_order_follow_manufacturer_and_pipeline(db: Database, order):
    with db.transaction() as session:
        session.execute(DocumentTemplate.__table__.delete())
    ensure_default_templates(db)
    own = save_template(db, None, kind="claim_letter", name="Daikin", body="Для Daikin {order.number}",
                        manufacturer_id=order["maker"], role="admin")
    other = Manufacturer(name="Другой завод")
    with db.transaction() as session:
        session.add(other)
        session.flush()
        other_id = other.id
    save_template(db, None, kind="claim_letter", name="Другой", body="x", manufacturer_id=other_id, role="admin")
    letters = templates_for_order(db, order["order"], "claim_letter")
    assert letters[0].id == own and "Другой" not in [t.name for t in letters]


def test_generated_document_is_attached_to_the_order_and_its_timeline_once(db: Database, order):
    with db.transaction() as session:
        session.execute(DocumentTemplate.__table__.delete())
    ensure_default_templates(db)
    claim = create_claim(db, order["order"], defect="Не держит температуру, ошибка U4", user_id=None)
    letter = templates_for_order(db, order["order"], "claim_letter")[0]
    first = generate_document(db, order["order"], letter.id, user_id=None, claim_id=claim.id, today=date(2025, 6, 1))
    again = generate_document(db, order["order"], letter.id, user_id=None, claim_id=claim.id, today=date(2025, 6, 1))
    assert first == again
    with db.session() as session:
        attachment = session.get(Attachment, first)
        entries = session.execute(select(func.count()).select_from(TimelineEntry).where(
            TimelineEntry.order_id == order["order"], TimelineEntry.payload["attachment_id"].astext == str(first))
        ).scalar_one()
        content, kind, mime = bytes(attachment.content), attachment.kind, attachment.mime_type
    assert kind == "claim_letter" and mime == "application/pdf"
    assert entries == 1
    flat = " ".join(pdf_text(content).split())
    assert "Не держит температуру, ошибка U4" in flat and "Отдел рекламаций" in flat and "DK-DOC-1" in flat


def test_claim_letter_lists_the_chosen_enclosures_and_the_choice_is_proposed_again(db: Database, order):
    ensure_default_templates(db)
    with db.transaction() as session:
        files = [Attachment(order_id=order["order"], kind=kind, filename=name, mime_type="image/jpeg", size_bytes=3,
                            content=name.encode()) for kind, name in (("photo", "блок_снаружи.jpg"),
                                                                      ("photo", "табличка.jpg"), ("file", "схема.pdf"))]
        session.add_all(files)
        session.flush()
        _outside, plate, plan = (f.id for f in files)
    claim = create_claim(db, order["order"], defect="Ошибка U4", user_id=None)
    assert [r.chosen for r in claim_enclosures(db, order["order"], claim.id)] == [True, True, False]
    letter = templates_for_order(db, order["order"], "claim_letter")[0]
    preview = document_pdf(db, order["order"], letter.id, user_id=None, claim_id=claim.id,
                           enclosure_ids=[plan, plate], defect="Ошибка U4 после грозы")
    text = pdf_text(preview.content)
    assert "1. схема.pdf" in text and "2. табличка.jpg" in text and "блок_снаружи" not in text
    assert "Ошибка U4 после грозы" in text and preview.kind == "claim_letter"
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(Attachment).where(
            Attachment.order_id == order["order"], Attachment.kind == "claim_letter")).scalar_one() == 0  # a preview

    stored = generate_document(db, order["order"], letter.id, user_id=None, claim_id=claim.id,
                               enclosure_ids=[plate], today=date(2025, 6, 1))
    with db.session() as session:
        content = bytes(session.get(Attachment, stored).content)
    flat = " ".join(pdf_text(content).split())
    assert "1. табличка.jpg" in flat and "схема.pdf" not in flat and "блок_снаружи" not in flat
    assert [r.chosen for r in claim_enclosures(db, order["order"], claim.id)] == [False, True, False]
    assert [r.chosen for r in claim_enclosures(db, order["order"])] == [True, True, False]  # another claim's default

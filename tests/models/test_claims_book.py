"""Warranty claims: drafted from the order's unit, sent, confirmed with the act or rejected, version-checked and
repeatable; the letter's enclosures chosen from the order's files; auto-assignment of the manager, service partner
and expert by manufacturer (case 003)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models.claims import ManufacturerAssignment
from models.claims_book import (
    ClaimConflict,
    ClaimRefused,
    assign_by_manufacturer,
    assignments_of,
    claim_enclosures,
    claim_letter_context,
    claims_of,
    create_claim,
    enclosure_files,
    enclosure_words,
    mark_confirmed,
    mark_rejected,
    mark_sent,
    set_assignment,
    update_defect,
)
from models.database import Database
from models.equipment import Equipment
from models.pipeline_rules import CustomFieldDef
from models.pipelines import Order
from models.timeline import Attachment, TimelineEntry
from tests.factories import add_client, add_equipment, add_order, add_pipeline
from tests.models.test_kanban import add_user


@pytest.fixture
def repair(db: Database) -> dict:
    with db.transaction() as session:
        pipeline, stages = add_pipeline(session, "claims_test")
        session.add_all([
            CustomFieldDef(pipeline_id=pipeline.id, key="claim_number", label="Номер акта рекламации"),
            CustomFieldDef(pipeline_id=pipeline.id, key="claim_letter_sent", label="Письмо отправлено", type="date"),
        ])
        client = add_client(session, "ООО Ромашка", "+79120000201", address="ул. Труда, 5")
        unit = add_equipment(session, client, serial="DK-CL-1", warranty_until=date(2030, 1, 1))
        bare = add_equipment(session, client, serial="NO-MAKER")
        bare.manufacturer_id = None
        order = add_order(session, client, stages[1], "Не охлаждает", equipment_id=unit.id,
                          description="Кондиционер дует тёплым воздухом")
        no_unit = add_order(session, client, stages[1], "Шумит")
        no_maker = add_order(session, client, stages[1], "Течёт", equipment_id=bare.id)
        manager = add_user(session, "claims_manager", "Орлова Мария", "manager")
        expert = add_user(session, "claims_expert", "Климов Олег", "service_head")
        dispatcher = add_user(session, "claims_disp", "Антонова Ольга", "dispatcher")
    return dict(order=order.id, number=order.number, no_unit=no_unit.id, no_maker=no_maker.id,
                maker=unit.manufacturer_id, unit=unit.id, manager=manager.id, expert=expert.id,
                dispatcher=dispatcher.id)


def test_claim_takes_unit_and_manufacturer_from_the_order_and_the_defect_from_its_description(db, repair):
    claim = create_claim(db, repair["order"], defect="", user_id=repair["dispatcher"])
    assert (claim.equipment_id, claim.manufacturer_id, claim.manufacturer) == (repair["unit"], repair["maker"],
                                                                               "Daikin")
    assert claim.status == "draft" and claim.defect == "Кондиционер дует тёплым воздухом"
    again = create_claim(db, repair["order"], defect=None, user_id=repair["dispatcher"])
    assert again.id == claim.id  # one open claim per order
    assert [c.id for c in claims_of(db, repair["order"])] == [claim.id]


def test_claim_needs_a_unit_with_a_manufacturer(db, repair):
    with pytest.raises(ClaimRefused, match="has no unit"):
        create_claim(db, repair["no_unit"], defect="x", user_id=None)
    with pytest.raises(ClaimRefused, match="no manufacturer"):
        create_claim(db, repair["no_maker"], defect="x", user_id=None)


def test_sent_then_confirmed_with_the_act_fills_the_order_and_its_timeline(db, repair):
    claim = create_claim(db, repair["order"], defect="Не держит температуру", user_id=None)
    sent = mark_sent(db, claim.id, version=claim.version, user_id=repair["dispatcher"])
    assert sent.status == "sent" and sent.sent_at is not None and sent.version > claim.version
    with pytest.raises(ClaimRefused, match="number of the manufacturer"):
        mark_confirmed(db, claim.id, version=sent.version, manufacturer_ref=" ", act_content=b"%PDF", user_id=None)
    with pytest.raises(ClaimRefused, match="Attach the manufacturer"):
        mark_confirmed(db, claim.id, version=sent.version, manufacturer_ref="АР-77", user_id=None)
    done = mark_confirmed(db, claim.id, version=sent.version, manufacturer_ref="АР-77", act_filename="act.pdf",
                          act_content=b"%PDF-1.4 act", user_id=repair["dispatcher"])
    assert (done.status, done.manufacturer_ref, done.attachment_name) == ("confirmed", "АР-77", "act.pdf")
    with db.session() as session:
        order = session.get(Order, repair["order"])
        assert order.custom_fields["claim_number"] == "АР-77"
        assert order.custom_fields["claim_letter_sent"] == sent.sent_at.date().isoformat()
        act = session.get(Attachment, done.attachment_id)
        assert act.kind == "claim_act" and act.order_id == repair["order"]
        notes = session.execute(select(TimelineEntry.payload["claim_status"].astext).where(
            TimelineEntry.order_id == repair["order"]).order_by(TimelineEntry.id)).scalars().all()
    assert notes == ["draft", "sent", "confirmed"]
    # a retry of the same step changes nothing; a different decision on a decided claim is refused
    assert mark_confirmed(db, claim.id, version=sent.version, manufacturer_ref="АР-77", act_content=b"x",
                          user_id=None).version == done.version
    with pytest.raises(ClaimRefused, match="already confirmed"):
        mark_rejected(db, claim.id, version=done.version, reason="нет", user_id=None)


def test_rejected_needs_a_reason_and_a_sent_claim(db, repair):
    claim = create_claim(db, repair["order"], defect="Шум", user_id=None)
    with pytest.raises(ClaimRefused, match="mark it sent first"):
        mark_rejected(db, claim.id, version=claim.version, reason="Нарушены условия эксплуатации", user_id=None)
    sent = mark_sent(db, claim.id, version=claim.version, user_id=None)
    with pytest.raises(ClaimRefused, match="reason"):
        mark_rejected(db, claim.id, version=sent.version, reason="  ", user_id=None)
    rejected = mark_rejected(db, claim.id, version=sent.version, reason="Нарушены условия эксплуатации",
                             user_id=None)
    assert rejected.status == "rejected" and rejected.rejection_reason == "Нарушены условия эксплуатации"
    # after a rejection a new claim may be drafted
    assert create_claim(db, repair["order"], defect="Снова шум", user_id=None).id != claim.id


def test_a_stale_version_is_a_conflict_not_an_overwrite(db, repair):
    claim = create_claim(db, repair["order"], defect="Шум", user_id=None)
    edited = update_defect(db, claim.id, "Шум вентилятора", version=claim.version, user_id=None)
    with pytest.raises(ClaimConflict) as caught:
        update_defect(db, claim.id, "Другое", version=claim.version, user_id=None)
    assert caught.value.current.defect == "Шум вентилятора" and caught.value.current.version == edited.version
    with pytest.raises(ClaimConflict):
        mark_sent(db, claim.id, version=claim.version, user_id=None)


def test_confirm_with_an_existing_order_file_marks_it_as_the_claim_act(db, repair):
    with db.transaction() as session:
        scan = Attachment(order_id=repair["order"], kind="file", filename="scan.jpg", mime_type="image/jpeg",
                          size_bytes=3, content=b"abc")
        session.add(scan)
        session.flush()
        scan_id = scan.id
    claim = create_claim(db, repair["order"], defect="Шум", user_id=None)
    sent = mark_sent(db, claim.id, version=claim.version, user_id=None)
    done = mark_confirmed(db, claim.id, version=sent.version, manufacturer_ref="R-1", act_attachment_id=scan_id,
                          user_id=None)
    assert done.attachment_id == scan_id
    with db.session() as session:
        assert session.get(Attachment, scan_id).kind == "claim_act"


def test_assignment_by_manufacturer_fills_owner_partner_and_expert_once(db, repair):
    maker = repair["maker"]
    set_assignment(db, maker, "manager", user_id=repair["manager"])
    set_assignment(db, maker, "service_partner", partner_name="АСЦ «Холод-Сервис»")
    set_assignment(db, maker, "expert", user_id=repair["expert"])
    assert [(a.duty, a.who) for a in assignments_of(db, maker)] == [
        ("manager", "Орлова Мария"), ("service_partner", "АСЦ «Холод-Сервис»"), ("expert", "Климов Олег")]
    result = assign_by_manufacturer(db, repair["order"], user_id=repair["dispatcher"])
    assert result.changed and result.owner_id == repair["manager"]
    assert (result.service_partner, result.expert) == ("АСЦ «Холод-Сервис»", "Климов Олег")
    assert not assign_by_manufacturer(db, repair["order"]).changed  # idempotent
    with db.session() as session:
        order = session.get(Order, repair["order"])
        assert order.custom_fields["service_partner"] == "АСЦ «Холод-Сервис»"
        assert order.custom_fields["tech_expert"] == "Климов Олег"
        notes = session.execute(select(TimelineEntry.text).where(TimelineEntry.order_id == order.id)).scalars().all()
    assert len([n for n in notes if n.startswith("Assigned by manufacturer")]) == 1


def test_assignment_keeps_what_a_person_chose_unless_overwriting(db, repair):
    with db.transaction() as session:
        order = session.get(Order, repair["order"])
        order.owner_id = repair["dispatcher"]
        order.custom_fields = {"service_partner": "Свой мастер"}
    set_assignment(db, repair["maker"], "manager", user_id=repair["manager"])
    set_assignment(db, repair["maker"], "service_partner", partner_name="АСЦ Север")
    kept = assign_by_manufacturer(db, repair["order"])
    assert not kept.changed and kept.owner_id == repair["dispatcher"] and kept.service_partner == "Свой мастер"
    forced = assign_by_manufacturer(db, repair["order"], overwrite=True)
    assert forced.owner_id == repair["manager"] and forced.service_partner == "АСЦ Север"


def test_assignment_input_is_checked(db, repair):
    with pytest.raises(ClaimRefused, match="FieldDesk user"):
        set_assignment(db, repair["maker"], "manager", partner_name="Кто-то")
    with pytest.raises(ClaimRefused, match="unknown"):
        set_assignment(db, repair["maker"], "boss", user_id=repair["manager"])
    with pytest.raises(ClaimRefused, match="Only a manager"):
        set_assignment(db, repair["maker"], "expert", user_id=repair["expert"], role="dispatcher")
    with pytest.raises(ClaimRefused, match="no unit"):
        assign_by_manufacturer(db, repair["no_unit"])
    set_assignment(db, repair["maker"], "expert", user_id=repair["expert"])
    assert set_assignment(db, repair["maker"], "expert") is None  # clearing
    with db.session() as session:
        assert session.execute(select(ManufacturerAssignment).where(
            ManufacturerAssignment.manufacturer_id == repair["maker"])).first() is None
        assert session.get(Equipment, repair["unit"]).manufacturer_id == repair["maker"]


def add_files(db: Database, order_id: int, *files: tuple[str, str]) -> list[int]:
    with db.transaction() as session:
        rows = [Attachment(order_id=order_id, kind=kind, filename=name, mime_type="application/octet-stream",
                           size_bytes=len(name), content=name.encode()) for kind, name in files]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def test_enclosures_propose_photos_and_acts_and_leave_out_claim_letters(db, repair):
    photo, act, plan, letter = add_files(db, repair["order"], ("photo", "блок.jpg"), ("act", "акт.pdf"),
                                         ("file", "схема.pdf"), ("claim_letter", "Рекламационное письмо.pdf"))
    rows = claim_enclosures(db, repair["order"])
    assert [(r.attachment_id, r.kind, r.filename, r.chosen) for r in rows] == [
        (photo, "photo", "блок.jpg", True), (act, "act", "акт.pdf", True), (plan, "file", "схема.pdf", False)]
    assert rows[0].size_bytes == len("блок.jpg") and letter not in [r.attachment_id for r in rows]
    assert claim_enclosures(db, repair["no_unit"]) == []


def test_letter_context_lists_only_the_chosen_files_in_the_order_given(db, repair):
    photo, act, plan = add_files(db, repair["order"], ("photo", "блок.jpg"), ("act", "акт.pdf"),
                                 ("file", "схема.pdf"))
    claim = create_claim(db, repair["order"], defect="Шум", user_id=None)
    context = claim_letter_context(db, repair["order"], claim_id=claim.id, enclosure_ids=[plan, photo, plan])
    assert context.values["claim.attachments"] == "1. схема.pdf\n2. блок.jpg"
    assert context.values["claim.number"] == str(claim.id) and context.values["claim.defect"] == "Шум"
    assert context.extra["enclosure_ids"] == [plan, photo]
    unsaved = claim_letter_context(db, repair["order"], enclosure_ids=[], defect="  Течёт вода  ")
    assert unsaved.values["claim.attachments"] == "нет" and unsaved.values["claim.number"] == ""
    assert unsaved.values["claim.defect"] == "Течёт вода"
    assert act not in unsaved.extra["enclosure_ids"]


def test_letter_context_refuses_a_file_of_another_order(db, repair):
    (foreign,) = add_files(db, repair["no_unit"], ("photo", "чужое.jpg"))
    with pytest.raises(ClaimRefused, match="not files of this order"):
        claim_letter_context(db, repair["order"], enclosure_ids=[foreign])


def test_enclosure_files_come_with_their_bytes_in_the_order_chosen(db, repair):
    photo, act, letter = add_files(db, repair["order"], ("photo", "блок.jpg"), ("act", "акт.pdf"),
                                   ("claim_letter", "Рекламационное письмо.pdf"))
    files = enclosure_files(db, repair["order"], [act, photo, act])
    assert [(f.attachment_id, f.filename, f.content) for f in files] == [
        (act, "акт.pdf", "акт.pdf".encode()), (photo, "блок.jpg", "блок.jpg".encode())]
    everything = [f.attachment_id for f in enclosure_files(db, repair["order"], None)]
    assert everything == [photo, act] and letter not in everything  # a printed letter is no enclosure
    assert enclosure_files(db, repair["order"], []) == []
    (foreign,) = add_files(db, repair["no_unit"], ("photo", "чужое.jpg"))
    with pytest.raises(ClaimRefused, match="not files of this order"):
        enclosure_files(db, repair["order"], [photo, foreign])


def test_enclosure_words_mark_the_files_sent_separately():
    assert enclosure_words(["блок.jpg", "отчёт.docx", "акт.pdf"], separate={1}) == (
        "1. блок.jpg\n2. отчёт.docx (прилагается отдельно)\n3. акт.pdf")
    assert enclosure_words([], separate={0}) == "нет"

"""A technician's change to a visit is a proposal; it changes the visit only when a dispatcher approves it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url

from models.catalog import Service
from models.company import User
from models.database import Database
from models.field_work import VisitProposal
from models.scheduling import BookingConflict, BookingRequest, Technician, Visit, VisitTechnician, book_visit
from models.users import create_user
from models.visit_proposals import (
    ProposalRefused,
    approve,
    my_day,
    pending_proposals,
    propose_change,
    quantity_in,
    reject,
    technician_for_user,
)
from tests.factories import add_client, add_order, add_pipeline, add_technician

T0 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 10:00 in Yekaterinburg time, the company's zone
H = timedelta(hours=1)
MIN = timedelta(minutes=1)


@dataclass
class Day:
    visit: int  # Petrov leads, Sidorov goes with him; 10:00–11:00, three meters
    later: int  # Petrov alone, 12:00–13:00
    petrov: int
    sidorov: int
    volkov: int  # not on the visit
    verification: int  # services
    installation: int
    dispatcher: int  # users
    technician_user: int
    order_number: int
    client_name: str


def make_day(db: Database) -> Day:
    """One technician's day: a crew visit for three water meters and a later visit."""
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+7 912 000 00 01", "+7 351 123 45 67", address="ул. Ленина, 5")
        client.sites[0].access_notes = "Ключ у консьержа"
        order = add_order(s, client, add_pipeline(s, "meters")[1][0], title="Поверка счётчиков")
        petrov, sidorov, volkov = (add_technician(s, n, ("meters",)) for n in ("Петров Сергей", "Сидоров Иван",
                                                                                 "Волков Илья"))
        verification = Service(code="t_verify", name="Поверка счётчика", price=Decimal(600), duration_min=60)
        installation = Service(code="t_install", name="Установка счётчика", price=Decimal(1500), duration_min=90)
        dispatcher = User(login="disp_prop", full_name="Анна Диспетчер", role="dispatcher")
        tech_user = User(login="petrov_prop", full_name="Петров Сергей", role="technician")
        s.add_all([verification, installation, dispatcher, tech_user])
        s.flush()
        petrov.user_id = tech_user.id
        visit = book_visit(s, BookingRequest(order.id, petrov.id, T0, T0 + H, service_id=verification.id,
                                             note="Quantity: 3", crew=(sidorov.id,)))
        later = book_visit(s, BookingRequest(order.id, petrov.id, T0 + 2 * H, T0 + 3 * H))
        return Day(visit, later, petrov.id, sidorov.id, volkov.id, verification.id, installation.id, dispatcher.id,
                   tech_user.id, order.number, client.name)


@pytest.fixture
def day(db: Database) -> Day:
    return make_day(db)


def _visit(db: Database, visit_id: int) -> SimpleNamespace:
    """The visit's columns as stored now."""
    with db.session() as s:
        visit = s.get(Visit, visit_id)
        return SimpleNamespace(**{c.key: getattr(visit, c.key) for c in Visit.__table__.columns})


def _move(db: Database, visit_id: int, starts_at: datetime, ends_at: datetime) -> None:
    with db.transaction() as s:
        visit = s.get(Visit, visit_id)
        visit.starts_at, visit.ends_at = starts_at, ends_at


def test_a_proposal_leaves_the_visit_as_it_is_and_shows_it_beside_the_change(db, day):
    proposal = propose_change(db, day.visit, technician_id=day.petrov, reason="Один счётчик поверять не нужно",
                              changes={"ends_at": T0 + 40 * MIN, "quantity": 2, "service_id": day.installation})
    visit = _visit(db, day.visit)
    assert (visit.ends_at, visit.service_id, visit.note, visit.version) == (T0 + H, day.verification, "Quantity: 3", 1)

    [pending] = pending_proposals(db)
    assert (pending.id, pending.visit_id, pending.order_number, pending.technician_name, pending.stale) == (
        proposal, day.visit, day.order_number, "Петров Сергей", False)
    assert pending.reason == "Один счётчик поверять не нужно"
    assert pending.address == "ул. Ленина, 5"
    assert f"{pending.starts_at:%H:%M}–{pending.ends_at:%H:%M}" == "10:00–11:00"
    service, ends, quantity = pending.changes
    assert (service.field, service.before, service.after) == ("service_id", "Поверка счётчика", "Установка счётчика")
    assert (ends.field, f"{ends.before:%H:%M}", f"{ends.after:%H:%M}") == ("ends_at", "11:00", "10:40")
    assert (ends.minutes_before, ends.minutes_after) == (60, 40)
    assert (quantity.field, quantity.before, quantity.after) == ("quantity", 3, 2)


def test_approving_applies_the_change_in_one_go_and_the_crew_follows(db, day):
    proposal = propose_change(db, day.visit, technician_id=day.sidorov, reason="Один счётчик уже поверен",
                              changes={"ends_at": T0 + 40 * MIN, "quantity": 2, "note": "Счётчик в ванной"})
    at = datetime(2026, 11, 24, 5, 30, tzinfo=UTC)
    assert approve(db, proposal, user_id=day.dispatcher, role="dispatcher", now=at) == day.visit

    visit = _visit(db, day.visit)
    assert (visit.ends_at, visit.note, visit.version) == (T0 + 40 * MIN, "Счётчик в ванной\nQuantity: 2", 2)
    assert quantity_in(visit.note) == 2
    with db.session() as s:
        assert set(s.execute(select(VisitTechnician.ends_at).where(VisitTechnician.visit_id == day.visit))
                   .scalars()) == {T0 + 40 * MIN}
        row = s.get(VisitProposal, proposal)
        assert (row.status, row.decided_by, row.decided_at) == ("approved", day.dispatcher, at)
    assert pending_proposals(db) == []
    with pytest.raises(ProposalRefused, match="already approved by Анна Диспетчер"):
        approve(db, proposal, user_id=day.dispatcher, role="dispatcher")


def test_only_someone_on_the_visit_may_propose_and_only_what_is_allowed(db, day):
    def propose(changes, technician_id=day.petrov, reason="причина", **kw):
        return propose_change(db, day.visit, technician_id=technician_id, changes=changes, reason=reason, **kw)

    with pytest.raises(ProposalRefused, match="Only a technician going to this visit"):
        propose({"quantity": 2}, technician_id=day.volkov)
    with pytest.raises(ProposalRefused, match="cannot propose a change to starts_at, technician_id"):
        propose({"starts_at": T0 + H, "technician_id": day.volkov})
    with pytest.raises(ProposalRefused, match="Say why"):
        propose({"quantity": 2}, reason="  ")
    with pytest.raises(ProposalRefused, match="whole number from 1 to 999"):
        propose({"quantity": 0})
    with pytest.raises(ProposalRefused, match="must end after it starts"):
        propose({"ends_at": T0})
    with pytest.raises(ProposalRefused, match="carry their time zone"):
        propose({"ends_at": datetime(2026, 11, 24, 11, 0)})
    with pytest.raises(ProposalRefused, match="not in the catalog"):
        propose({"service_id": -1})
    with pytest.raises(ProposalRefused, match="those of the visit already"):
        propose({"quantity": 3, "ends_at": T0 + H})
    with pytest.raises(ProposalRefused, match="at least one change"):
        propose({})
    with pytest.raises(ProposalRefused, match="changed by the dispatcher since you opened it"):
        propose({"quantity": 2}, visit_version=7)
    with db.session() as s:
        assert s.execute(select(VisitProposal.id)).first() is None


def test_a_visit_changed_since_the_proposal_is_not_changed_again_and_the_proposal_can_be_rejected(db, day):
    proposal = propose_change(db, day.visit, technician_id=day.petrov, changes={"quantity": 2}, reason="один лишний")
    _move(db, day.visit, T0 + 30 * MIN, T0 + 90 * MIN)  # the dispatcher moves it meanwhile

    assert pending_proposals(db)[0].stale
    with pytest.raises(ProposalRefused, match=rf"Visit №{day.order_number} was changed after the technician "
                                              r"proposed this \(it is now 24.11 10:30–11:30\); reject"):
        approve(db, proposal, user_id=day.dispatcher, role="dispatcher")
    assert _visit(db, day.visit).note == "Quantity: 3"
    with pytest.raises(ProposalRefused, match="Say why the proposal is rejected"):
        reject(db, proposal, user_id=day.dispatcher, note="")
    reject(db, proposal, user_id=day.dispatcher, note="Визит перенесён, предложите заново")
    with db.session() as s:
        row = s.get(VisitProposal, proposal)
        assert (row.status, row.decision_note) == ("rejected", "Визит перенесён, предложите заново")
    assert pending_proposals(db) == []


def test_a_longer_visit_that_clashes_is_refused_naming_the_visit_that_holds_the_time(db, day):
    proposal = propose_change(db, day.visit, technician_id=day.petrov, changes={"ends_at": T0 + 150 * MIN},
                              reason="Нужно заменить два счётчика")
    with pytest.raises(BookingConflict, match=rf"Петров Сергей is already booked 24.11 12:00–13:00 for order "
                                              rf"#{day.order_number} \(visit {day.later}\)"):
        approve(db, proposal, user_id=day.dispatcher, role="dispatcher")
    assert _visit(db, day.visit).ends_at == T0 + H
    assert [p.id for p in pending_proposals(db)] == [proposal]


def test_a_crew_member_busy_elsewhere_also_blocks_the_longer_visit(db, day):
    with db.transaction() as s:
        order_id = s.get(Visit, day.visit).order_id
        other = book_visit(s, BookingRequest(order_id, day.sidorov, T0 + 75 * MIN, T0 + 105 * MIN))
    proposal = propose_change(db, day.visit, technician_id=day.petrov, changes={"ends_at": T0 + 90 * MIN},
                              reason="Дольше")
    with pytest.raises(BookingConflict, match=rf"Сидоров Иван is already booked .* \(visit {other}\)"):
        approve(db, proposal, user_id=day.dispatcher, role="dispatcher")


def test_only_dispatchers_and_heads_decide(db, day):
    proposal = propose_change(db, day.visit, technician_id=day.petrov, changes={"quantity": 2}, reason="так")
    with pytest.raises(ProposalRefused, match="Only a dispatcher, the service head or an administrator"):
        approve(db, proposal, user_id=day.technician_user, role="technician")
    with pytest.raises(ProposalRefused, match="Only a dispatcher"):
        reject(db, proposal, user_id=day.technician_user, note="нет", role="technician")
    approve(db, proposal, user_id=day.dispatcher, role="service_head")


def test_my_day_lists_the_visits_in_order_with_versions_and_proposals(db, day):
    proposal = propose_change(db, day.visit, technician_id=day.sidorov, changes={"quantity": 2}, reason="так")
    petrov = my_day(db, day.petrov, T0.date())
    assert [s.visit_id for s in petrov.sheet.stops] == [day.visit, day.later]
    assert petrov.versions == {day.visit: 1, day.later: 1}
    assert petrov.service_ids[day.visit] == day.verification
    assert petrov.proposals == {}  # Sidorov's proposal is his own
    assert {s.name for s in petrov.services} >= {"Поверка счётчика", "Установка счётчика"}
    sidorov = my_day(db, day.sidorov, T0.date())
    assert [s.visit_id for s in sidorov.sheet.stops] == [day.visit]
    assert [p.id for p in sidorov.proposals[day.visit]] == [proposal]


def test_a_technician_signed_in_as_themselves_proposes_and_a_dispatcher_approves(fresh_database):
    db = fresh_database
    day = make_day(db)
    logins = {"technician": f"tech_{uuid.uuid4().hex[:6]}", "dispatcher": f"disp_{uuid.uuid4().hex[:6]}"}
    refs = {role: create_user(db, login=login, full_name=role, role=role, password="pw-123")
            for role, login in logins.items()}
    with db.transaction() as s:
        s.execute(update(Technician).where(Technician.id == day.petrov).values(user_id=refs["technician"].id))
    people = {role: Database(make_url(db.url).set(username=login, password="pw-123")
                             .render_as_string(hide_password=False)) for role, login in logins.items()}
    try:
        technician, dispatcher = people["technician"], people["dispatcher"]
        assert technician_for_user(technician, refs["technician"].id) == day.petrov
        assert [s.visit_id for s in my_day(technician, day.petrov, T0.date()).sheet.stops] == [day.visit, day.later]
        proposal = propose_change(technician, day.visit, technician_id=day.petrov, changes={"quantity": 2},
                                  reason="Один счётчик лишний")
        approve(dispatcher, proposal, user_id=refs["dispatcher"].id, role="dispatcher")
        assert _visit(db, day.visit).note == "Quantity: 2"
    finally:
        for person in people.values():
            person.dispose()
        with db.engine.begin() as conn:
            for login in logins.values():
                conn.execute(text(f'DROP OWNED BY "{login}"'))
                conn.execute(text(f'DROP ROLE "{login}"'))

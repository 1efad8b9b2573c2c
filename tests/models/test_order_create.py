"""Creating an order (first stage, history, timeline, automation, the call tied) and booking its visit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.calls import Call
from models.catalog import Service
from models.clients import Site
from models.company import User
from models.database import Database
from models.equipment import Equipment
from models.order_create import (
    BookingRefused,
    OrderDraft,
    OrderDraftError,
    book_slot,
    booking_form,
    create_order,
    order_form,
    proposal_for,
)
from models.pipeline_catalog import install_pipelines
from models.pipeline_rules import StageRule
from models.pipelines import Order, Stage, StageChange, Task
from models.scheduling import BookingConflict, Shift, Technician, Visit, Zone
from models.timeline import TimelineEntry
from tests.factories import add_client, add_equipment

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 14:00 in Yekaterinburg
TODAY = date(2026, 11, 20)
TZ = ZoneInfo("Asia/Yekaterinburg")
DAY = date(2026, 12, 1)
SQUARE = {"type": "Polygon", "coordinates": [[[61.30, 55.10], [61.50, 55.10], [61.50, 55.22], [61.30, 55.22],
                                              [61.30, 55.10]]]}


class World:
    """The shipped pipelines, a dispatcher, a farm with a tractor under warranty, another client, and a call."""

    def __init__(self, session: Session):
        self.session = session
        self.pipelines = install_pipelines(session, ["repair", "sales_install", "maintenance"])
        self.user = self._add(User(login="oc_disp", full_name="Соколова Анна", role="dispatcher"))
        self.client = add_client(session, "Агрохолдинг Урал", "+7 351 200-00-01", address="с. Кременкуль")
        self.unit = add_equipment(session, self.client, serial="BL-1221-77", kind="Трактор", model="Беларус 1221",
                                  warranty_until=date(2027, 5, 12), usage_limit=Decimal(500),
                                  usage_unit="engine_hours",
                                  readings=((datetime(2026, 11, 3, 6, tzinfo=UTC), Decimal(340)),))
        self.other = add_client(session, "Иванов Пётр", "+7 351 200-00-02", address="ул. Ленина, 5")
        self.other_unit = add_equipment(self.session, self.other, serial="OTHER-1")
        self.call = self._add(Call(pbx_call_id="oc-call-1", direction="inbound", from_number="+73512000001",
                                   to_number="201", started_at=NOW, status="answered", client_id=self.client.id))

    def _add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    @property
    def site_id(self) -> int:
        return self.client.sites[0].id

    def draft(self, **changes) -> OrderDraft:
        values = dict(client_id=self.client.id, site_id=self.site_id, equipment_id=self.unit.id,
                      pipeline_code="repair", scenario="warranty_repair", title="Не заводится",
                      description="Стартер крутит, двигатель не запускается", source_channel="call")
        values.update(changes)
        return OrderDraft(**values)


@pytest.fixture
def world(db: Database) -> World:
    with db.transaction() as session:
        return World(session)


def count_orders(db: Database) -> int:
    with db.session() as session:
        return session.execute(select(func.count()).select_from(Order)).scalar_one()


def test_an_order_starts_in_the_first_open_stage_with_history_timeline_tasks_and_its_call(db, world):
    created = create_order(db, world.draft(call_id=world.call.id), user_id=world.user.id, role="dispatcher", now=NOW)
    with db.session() as session:
        order = session.get(Order, created.id)
        stage = session.get(Stage, order.stage_id)
        assert (stage.name, stage.position, order.pipeline_id) == ("Заявка", 0, world.pipelines["repair"])
        assert created.stage_id == stage.id and created.number == order.number
        assert (order.scenario, order.site_id, order.equipment_id) == ("warranty_repair", world.site_id, world.unit.id)
        assert order.owner_id == world.user.id  # whoever creates the order owns it
        assert order.title == "Не заводится" and order.stage_entered_at == NOW
        history = session.execute(select(StageChange).where(StageChange.order_id == order.id)).scalars().all()
        assert [(h.from_stage_id, h.to_stage_id, h.user_id, h.changed_at) for h in history] == [
            (None, stage.id, world.user.id, NOW)]
        entries = session.execute(select(TimelineEntry).where(TimelineEntry.order_id == order.id,
                                                              TimelineEntry.kind == "status_change")).scalars().all()
        assert len(entries) == 1 and entries[0].client_id == world.client.id
        assert f"#{order.number}" in entries[0].text and entries[0].payload["call_id"] == world.call.id
        tasks = session.execute(select(Task).where(Task.order_id == order.id)).scalars().all()
        rule = session.execute(select(StageRule).where(StageRule.stage_id == stage.id)).scalar_one()
        assert [(t.id, t.title, t.assignee_id, t.due_at, t.origin_rule) for t in tasks] == [
            (created.task_ids[0], "Уточнить неисправность, технику и местонахождение", world.user.id,
             NOW + timedelta(hours=2), f"rule:{rule.id}")]
        assert session.get(Call, world.call.id).order_id == order.id


def test_a_second_submit_from_the_same_call_creates_nothing_and_names_the_order(db, world):
    first = create_order(db, world.draft(call_id=world.call.id), user_id=world.user.id, role="dispatcher", now=NOW)
    with pytest.raises(OrderDraftError) as refused:
        create_order(db, world.draft(call_id=world.call.id), user_id=world.user.id, role="dispatcher", now=NOW)
    assert refused.value.existing_order_id == first.id
    assert f"#{first.number}" in refused.value.errors["call"]
    assert count_orders(db) == 1


def test_a_site_or_unit_of_another_client_and_an_unknown_pipeline_are_named_and_nothing_is_written(db, world):
    with pytest.raises(OrderDraftError) as refused:
        create_order(db, world.draft(site_id=world.other.sites[0].id, equipment_id=world.other_unit.id,
                                     pipeline_code="no_such_pipeline", title="  "),
                     user_id=world.user.id, role="dispatcher", now=NOW)
    errors = refused.value.errors
    assert set(errors) == {"site", "equipment", "pipeline", "title"}
    assert "another client" in errors["site"] and "Агрохолдинг Урал" in errors["equipment"]
    assert "'no_such_pipeline' is unknown" in errors["pipeline"]
    assert "Enter a title" in errors["title"]
    assert count_orders(db) == 0


def test_a_missing_pipeline_a_wrong_scenario_and_a_call_from_another_client_are_refused(db, world):
    with db.transaction() as session:
        foreign = Call(pbx_call_id="oc-call-2", direction="inbound", from_number="+73512000002", to_number="201",
                       started_at=NOW, status="answered", client_id=world.other.id)
        session.add(foreign)
        session.flush()
        foreign_id = foreign.id
    with pytest.raises(OrderDraftError) as refused:
        create_order(db, world.draft(pipeline_code=None, scenario="guesswork", call_id=foreign_id),
                     user_id=world.user.id, role="dispatcher", now=NOW)
    assert set(refused.value.errors) == {"pipeline", "scenario", "call"}
    assert refused.value.errors["pipeline"] == "Choose the pipeline the order goes through."
    assert count_orders(db) == 0


def test_a_pipeline_given_by_id_and_the_units_address_when_none_is_chosen(db, world):
    created = create_order(db, world.draft(pipeline_code=None, pipeline_id=world.pipelines["sales_install"],
                                           site_id=None, scenario="sale", title="Ещё один трактор"),
                           user_id=world.user.id, role="dispatcher", now=NOW)
    with db.session() as session:
        order = session.get(Order, created.id)
        assert order.site_id == world.site_id  # the unit stands there
        assert session.get(Stage, order.stage_id).name == "Заявка"
        assert order.pipeline_id == world.pipelines["sales_install"]


def test_a_first_stage_only_some_roles_may_create_in(db, world):
    with db.transaction() as session:
        stage = session.get(Stage, session.execute(select(Stage.id).where(
            Stage.pipeline_id == world.pipelines["repair"], Stage.position == 0)).scalar_one())
        stage.gate_rules = {"roles": ["service_head"]}
    with pytest.raises(OrderDraftError) as refused:
        create_order(db, world.draft(), user_id=world.user.id, role="dispatcher", now=NOW)
    assert refused.value.errors["pipeline"] == "Only the service head may create orders in «Заявка»."
    assert create_order(db, world.draft(), user_id=world.user.id, role="service_head", now=NOW).number > 0


def test_the_proposal_follows_the_units_warranty_and_says_why(db, world):
    proposal = proposal_for(db, world.client.id, world.unit.id, "repair", TODAY, now=NOW)
    assert (proposal.scenario, proposal.pipeline_code, proposal.pipeline_id) == (
        "warranty_repair", "repair", world.pipelines["repair"])
    assert proposal.from_warranty and proposal.site_id == world.site_id
    assert proposal.reason == ("Under warranty until 12.05.2027 and 340 of 500 engine hours used "
                               "(reading of 03.11.2026)")
    later = proposal_for(db, world.client.id, world.unit.id, "maintenance", TODAY, now=NOW)
    assert later.scenario == "warranty_maintenance"


def test_no_unit_means_no_warranty_proposal_and_the_reason_says_so(db, world):
    proposal = proposal_for(db, world.client.id, None, "repair", TODAY, now=NOW)
    assert proposal.scenario is None and not proposal.from_warranty
    assert proposal.pipeline_id == world.pipelines["repair"]
    assert proposal.reason.startswith("No unit chosen")
    sale = proposal_for(db, world.client.id, None, "sale_installation", TODAY, now=NOW)
    assert (sale.scenario, sale.pipeline_id) == ("sale", world.pipelines["sales_install"])
    other = proposal_for(db, world.client.id, None, "other", TODAY, now=NOW)
    assert other.pipeline_id is None and other.reason == "Choose the pipeline the order goes through."


def test_a_unit_of_another_client_gets_no_proposal(db, world):
    with pytest.raises(OrderDraftError) as refused:
        proposal_for(db, world.client.id, world.other_unit.id, "repair", TODAY, now=NOW)
    assert "not the client's" in refused.value.errors["equipment"]


def test_a_request_dated_before_the_sale_is_explained_not_raised(db, world):
    with db.transaction() as session:
        session.get(Equipment, world.unit.id).sold_on = date(2026, 12, 1)
    proposal = proposal_for(db, world.client.id, world.unit.id, "repair", TODAY, now=NOW)
    assert proposal.scenario is None and "before the sale date 01.12.2026" in proposal.reason


def test_the_order_form_lists_the_clients_units_sites_and_pipelines(db, world):
    form = order_form(db, world.client.id, now=NOW)
    assert form.today == TODAY and form.client_name == "Агрохолдинг Урал"
    assert [u.label for u in form.units] == ["Трактор Беларус 1221, SN BL-1221-77"]
    assert [s.id for s in form.sites] == [world.site_id] and form.sites[0].located
    assert {p.code for p in form.pipelines} >= {"repair", "sales_install", "maintenance"}


# --- booking -----------------------------------------------------------------------------------------------------

def at(day: date, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=TZ)


def booking_world(db: Database, world: World) -> dict[str, int]:
    """A zone around the farm, a one-hour diagnosis, a technician on shift, an order without an address."""
    with db.transaction() as session:
        zone = Zone(name="Кременкуль", polygon=SQUARE)
        service = Service(code="oc_diag", name="Диагностика", price=Decimal(1800), duration_min=60,
                          required_skill="ac_service")
        tech = Technician(full_name="Петров Сергей", skills=["ac_service"])
        session.add_all([zone, service, tech])
        session.flush()
        session.add(Shift(technician_id=tech.id, zone_id=zone.id, starts_at=at(DAY, "09:00"),
                          ends_at=at(DAY, "18:00")))
        session.flush()
    order = create_order(db, world.draft(site_id=None, equipment_id=None), user_id=world.user.id,
                         role="dispatcher", now=NOW)
    return {"order": order.id, "service": service.id, "tech": tech.id}


def test_booking_a_slot_gives_the_order_its_address_and_notes_it_on_the_timeline(db, world):
    ids = booking_world(db, world)
    visit = book_slot(db, order_id=ids["order"], site_id=world.site_id, technician_id=ids["tech"],
                      starts_at=at(DAY, "10:00"), service_id=ids["service"], user_id=world.user.id)
    assert (visit.starts_at, visit.ends_at, visit.technician_name) == (at(DAY, "10:00"), at(DAY, "11:00"),
                                                                       "Петров Сергей")
    with db.session() as session:
        assert session.get(Order, ids["order"]).site_id == world.site_id
        stored = session.get(Visit, visit.visit_id)
        assert (stored.order_id, stored.technician_id, stored.service_id) == (ids["order"], ids["tech"],
                                                                              ids["service"])
        texts = session.execute(select(TimelineEntry.text).where(TimelineEntry.order_id == ids["order"],
                                                                 TimelineEntry.kind == "visit")).scalars().all()
        assert texts == ["Visit booked: 01.12.2026 10:00–11:00, Петров Сергей, с. Кременкуль"]


def test_a_taken_time_is_refused_naming_the_visit_that_holds_it(db, world):
    ids = booking_world(db, world)
    first = book_slot(db, order_id=ids["order"], site_id=world.site_id, technician_id=ids["tech"],
                      starts_at=at(DAY, "10:00"), service_id=ids["service"])
    with pytest.raises(BookingConflict) as clash:
        book_slot(db, order_id=ids["order"], site_id=world.site_id, technician_id=ids["tech"],
                  starts_at=at(DAY, "10:30"), service_id=ids["service"])
    assert clash.value.blocking_visit_id == first.visit_id
    assert f"(visit {first.visit_id})" in str(clash.value) and "Петров Сергей" in str(clash.value)


def test_a_closed_order_or_another_address_is_refused(db, world):
    ids = booking_world(db, world)
    with db.transaction() as session:
        extra = Site(client_id=world.client.id, address="с. Кременкуль, ферма 2", lat=55.15, lon=61.41)
        session.add(extra)
        session.flush()
        extra_id = extra.id
    book_slot(db, order_id=ids["order"], site_id=world.site_id, technician_id=ids["tech"],
              starts_at=at(DAY, "10:00"), service_id=ids["service"])
    with pytest.raises(BookingRefused, match=r"is at с\. Кременкуль; book the visit there"):
        book_slot(db, order_id=ids["order"], site_id=extra_id, technician_id=ids["tech"],
                  starts_at=at(DAY, "14:00"), service_id=ids["service"])
    with pytest.raises(BookingRefused, match="not the order's client's"):
        book_slot(db, order_id=ids["order"], site_id=world.other.sites[0].id, technician_id=ids["tech"],
                  starts_at=at(DAY, "14:00"), service_id=ids["service"])
    with db.transaction() as session:
        order = session.get(Order, ids["order"])
        order.stage_id = session.execute(select(Stage.id).where(Stage.pipeline_id == order.pipeline_id,
                                                                Stage.kind == "lost")).scalar_one()
    with pytest.raises(BookingRefused, match="is closed"):
        book_slot(db, order_id=ids["order"], site_id=world.site_id, technician_id=ids["tech"],
                  starts_at=at(DAY, "14:00"), service_id=ids["service"])
    assert [o.id for o in booking_form(db, world.client.id, now=NOW).orders] == []


def test_the_booking_form_lists_open_orders_sites_and_services(db, world):
    ids = booking_world(db, world)
    form = booking_form(db, world.client.id, now=NOW)
    assert [(o.id, o.stage_name, o.site_id) for o in form.orders] == [(ids["order"], "Заявка", None)]
    assert [s.address for s in form.sites] == ["с. Кременкуль"]
    assert ("Диагностика", 60) in [(s.name, s.duration_min) for s in form.services]
    assert form.today == TODAY


def test_an_order_at_an_address_in_a_zone_goes_to_the_zones_dispatcher(db, world):
    with db.transaction() as session:
        zone_dispatcher = User(login="oc_zone", full_name="Петрова Ольга", role="dispatcher")
        session.add(zone_dispatcher)
        session.flush()
        site = session.get(Site, world.site_id)
        site.lat, site.lon = 55.16, 61.40  # inside SQUARE
        session.add(Zone(name="Центр", polygon=SQUARE, dispatcher_id=zone_dispatcher.id))
        dispatcher_id = zone_dispatcher.id
    by_zone = create_order(db, world.draft(), user_id=world.user.id, role="dispatcher", now=NOW)
    chosen = create_order(db, world.draft(owner_id=world.user.id, title="ТО-2"), user_id=world.user.id,
                          role="dispatcher", now=NOW)
    with db.session() as session:
        assert session.get(Order, by_zone.id).owner_id == dispatcher_id
        assert session.get(Order, chosen.id).owner_id == world.user.id  # an owner chosen by hand stays

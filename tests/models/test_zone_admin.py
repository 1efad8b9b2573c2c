"""Editing zones: outline, dispatcher and technicians saved together, roles, refusals that say what to do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models.company import User
from models.scheduling import Shift, Technician, Zone, technician_zones
from models.zone_admin import (
    ZoneChanged,
    ZoneDraft,
    bind_technician,
    delete_zone,
    dispatcher_choices,
    list_zones,
    load_zone_admin,
    polygon_from_rings,
    save_zone_details,
    set_zone_dispatcher,
    technician_choices,
    unbind_technician,
    update_zone_polygon,
    zone_rings,
)
from models.zones import InvalidZonePolygon, ZoneRefused, zones_for_point

TRIANGLE = [(55.10, 61.30), (55.20, 61.35), (55.10, 61.40)]  # (lat, lon)
BOW_TIE = [(55.20, 61.30), (55.20, 61.45), (55.12, 61.30), (55.12, 61.45)]


def _people(session) -> dict[str, int]:
    users = [User(login="disp_anna", full_name="Иванова Анна", role="dispatcher"),
             User(login="mgr_oleg", full_name="Орлов Олег", role="manager"),
             User(login="tech_user", full_name="Петров Сергей", role="technician"),
             User(login="disp_gone", full_name="Уволена Ольга", role="dispatcher", active=False)]
    techs = [Technician(full_name="Петров Сергей"), Technician(full_name="Сидоров Иван"),
             Technician(full_name="Ушёл Павел", active=False)]
    session.add_all([*users, *techs])
    session.flush()
    return {"anna": users[0].id, "oleg": users[1].id, "tech_user": users[2].id, "gone": users[3].id,
            "petrov": techs[0].id, "sidorov": techs[1].id, "left": techs[2].id}


@pytest.fixture
def people(db) -> dict[str, int]:
    with db.transaction() as session:
        return _people(session)


def _bound(db, zone_id: int) -> set[int]:
    with db.session() as session:
        return set(session.execute(select(technician_zones.c.technician_id)
                                   .where(technician_zones.c.zone_id == zone_id)).scalars())


def test_a_zone_is_saved_with_its_outline_dispatcher_and_technicians_and_takes_requests(db, people):
    draft = ZoneDraft(None, "  Копейск ", polygon_from_rings([TRIANGLE]), "#43a047", people["anna"],
                      (people["petrov"], people["sidorov"]))
    zone_id = save_zone_details(db, draft, role="service_head")
    [zone] = [z for z in list_zones(db) if z.id == zone_id]
    assert (zone.name, zone.color, zone.dispatcher_id, zone.dispatcher_name) == ("Копейск", "#43a047",
                                                                                 people["anna"], "Иванова Анна")
    assert set(zone.technician_ids) == {people["petrov"], people["sidorov"]}
    assert zone_rings(zone.polygon) == ([TRIANGLE], [1])
    assert [z.name for z in zones_for_point(db, 55.12, 61.35)] == ["Копейск"]  # the new zone counts at once

    changed = ZoneDraft(zone_id, "Копейск", zone.polygon, "#43a047", people["oleg"], (people["sidorov"],))
    assert save_zone_details(db, changed, role="admin", expected=zone) == zone_id
    assert _bound(db, zone_id) == {people["sidorov"]}
    assert list_zones(db)[0].dispatcher_name == "Орлов Олег"


def test_only_admins_managers_and_service_heads_change_zones(db, people):
    draft = ZoneDraft(None, "Центр", polygon_from_rings([TRIANGLE]))
    for role in ("dispatcher", "technician", "accountant", None):
        with pytest.raises(PermissionError, match="administrator, a manager or a service head"):
            save_zone_details(db, draft, role=role)
    zone_id = save_zone_details(db, draft, role="manager")
    with pytest.raises(PermissionError):
        delete_zone(db, zone_id, role="dispatcher")
    with pytest.raises(PermissionError):
        bind_technician(db, zone_id, people["petrov"], role="technician")


def test_bad_outlines_names_and_people_are_refused_with_what_to_do(db, people):
    with pytest.raises(InvalidZonePolygon, match="not a valid area"):
        save_zone_details(db, ZoneDraft(None, "Бабочка", polygon_from_rings([BOW_TIE])), role="admin")
    with pytest.raises(InvalidZonePolygon, match="three corners"):
        save_zone_details(db, ZoneDraft(None, "Отрезок", polygon_from_rings([TRIANGLE[:2]])), role="admin")
    with pytest.raises(ZoneRefused, match="Give the zone a name"):
        save_zone_details(db, ZoneDraft(None, "  ", polygon_from_rings([TRIANGLE])), role="admin")
    save_zone_details(db, ZoneDraft(None, "Центр", polygon_from_rings([TRIANGLE])), role="admin")
    with pytest.raises(ZoneRefused, match="«Центр» already exists; choose another name"):
        save_zone_details(db, ZoneDraft(None, "Центр", polygon_from_rings([TRIANGLE])), role="admin")
    polygon = polygon_from_rings([TRIANGLE])
    with pytest.raises(ZoneRefused, match="Петров Сергей is not a dispatcher or a manager"):
        save_zone_details(db, ZoneDraft(None, "Север", polygon, dispatcher_id=people["tech_user"]), role="admin")
    with pytest.raises(ZoneRefused, match="Уволена Ольга no longer works here"):
        save_zone_details(db, ZoneDraft(None, "Север", polygon, dispatcher_id=people["gone"]), role="admin")
    with pytest.raises(ZoneRefused, match="Ушёл Павел no longer works here"):
        save_zone_details(db, ZoneDraft(None, "Север", polygon, technician_ids=(people["left"],)), role="admin")
    assert [z.name for z in list_zones(db)] == ["Центр"]  # nothing half-saved


def test_a_zone_changed_on_another_workstation_is_not_overwritten(db, people):
    zone_id = save_zone_details(db, ZoneDraft(None, "Центр", polygon_from_rings([TRIANGLE])), role="admin")
    opened = list_zones(db)[0]
    bind_technician(db, zone_id, people["petrov"], role="admin")  # someone else, meanwhile
    draft = ZoneDraft(zone_id, "Центр-2", opened.polygon)
    with pytest.raises(ZoneChanged, match="changed on another workstation"):
        save_zone_details(db, draft, role="admin", expected=opened)
    assert list_zones(db)[0].name == "Центр"
    assert save_zone_details(db, draft, role="admin", expected=list_zones(db)[0]) == zone_id


def test_technicians_are_bound_and_unbound_one_at_a_time(db, people):
    zone_id = save_zone_details(db, ZoneDraft(None, "Центр", polygon_from_rings([TRIANGLE])), role="admin")
    assert bind_technician(db, zone_id, people["petrov"], role="admin") is True
    assert bind_technician(db, zone_id, people["petrov"], role="admin") is False
    assert _bound(db, zone_id) == {people["petrov"]}
    assert unbind_technician(db, zone_id, people["petrov"], role="admin") is True
    assert unbind_technician(db, zone_id, people["petrov"], role="admin") is False
    assert _bound(db, zone_id) == set()
    with pytest.raises(LookupError, match="no longer exists"):
        bind_technician(db, -1, people["petrov"], role="admin")


def test_outline_and_dispatcher_change_on_their_own(db, people):
    zone_id = save_zone_details(db, ZoneDraft(None, "Центр", polygon_from_rings([TRIANGLE])), role="admin")
    bigger = [(55.0, 61.2), (55.3, 61.35), (55.0, 61.5)]
    update_zone_polygon(db, zone_id, polygon_from_rings([bigger]), role="admin")
    assert zone_rings(list_zones(db)[0].polygon)[0] == [bigger]
    with pytest.raises(InvalidZonePolygon):
        update_zone_polygon(db, zone_id, polygon_from_rings([BOW_TIE]), role="admin")
    set_zone_dispatcher(db, zone_id, people["anna"], role="admin")
    assert list_zones(db)[0].dispatcher_name == "Иванова Анна"
    set_zone_dispatcher(db, zone_id, None, role="admin")
    assert list_zones(db)[0].dispatcher_id is None
    with pytest.raises(ZoneRefused, match="not a dispatcher or a manager"):
        set_zone_dispatcher(db, zone_id, people["tech_user"], role="admin")


def test_a_zone_with_shifts_cannot_be_deleted_and_one_without_can(db, people):
    zone_id = save_zone_details(db, ZoneDraft(None, "Центр", polygon_from_rings([TRIANGLE]),
                                              technician_ids=(people["petrov"],)), role="admin")
    start = datetime(2025, 5, 12, 5, tzinfo=UTC)
    with db.transaction() as session:
        session.add_all([Shift(technician_id=people["petrov"], zone_id=zone_id, starts_at=start + timedelta(days=d),
                               ends_at=start + timedelta(days=d, hours=8)) for d in (0, 3)])
    with pytest.raises(ZoneRefused, match=r"«Центр» is used by 2 shifts \(12.05.2025 to 15.05.2025\); move those"):
        delete_zone(db, zone_id, role="admin")
    with db.transaction() as session:
        session.query(Shift).filter(Shift.zone_id == zone_id).delete()
    delete_zone(db, zone_id, role="service_head")
    assert list_zones(db) == [] and _bound(db, zone_id) == set()
    with db.session() as session:
        assert session.get(Zone, zone_id) is None
        assert session.get(Technician, people["petrov"]) is not None  # technicians stay


def test_the_editor_reads_zones_people_and_choices_in_one_go(db, people):
    zone_id = save_zone_details(db, ZoneDraft(None, "Центр", polygon_from_rings([TRIANGLE])), role="admin")
    with db.transaction() as session:  # a technician who left but is still bound stays visible to unbind
        session.execute(technician_zones.insert().values(zone_id=zone_id, technician_id=people["left"]))
    data = load_zone_admin(db)
    assert [z.name for z in data.zones] == ["Центр"]
    assert [(t.full_name, t.active) for t in data.technicians] == [
        ("Петров Сергей", True), ("Сидоров Иван", True), ("Ушёл Павел", False)]
    assert [(d.full_name, d.role) for d in data.dispatchers] == [("Иванова Анна", "dispatcher"),
                                                                 ("Орлов Олег", "manager")]
    assert technician_choices(db) == list(data.technicians)
    assert dispatcher_choices(db) == list(data.dispatchers)
    # keeping a technician who left is allowed even though binding them anew is not
    save_zone_details(db, ZoneDraft(zone_id, "Центр", data.zones[0].polygon, technician_ids=(people["left"],)),
                      role="admin")
    assert _bound(db, zone_id) == {people["left"]}


def test_rings_round_trip_through_geojson_with_holes_and_parts():
    outer = [(55.0, 61.0), (55.0, 61.4), (55.3, 61.4), (55.3, 61.0)]
    hole = [(55.1, 61.1), (55.2, 61.1), (55.2, 61.2)]
    island = [(56.0, 62.0), (56.0, 62.1), (56.1, 62.0)]
    multi = polygon_from_rings([outer, hole, island], [2, 1])
    assert multi["type"] == "MultiPolygon"
    assert multi["coordinates"][0][0][0] == [61.0, 55.0] == multi["coordinates"][0][0][-1]  # lon/lat, closed
    assert zone_rings(multi) == ([outer, hole, island], [2, 1])
    assert zone_rings(polygon_from_rings([outer])) == ([outer], [1])

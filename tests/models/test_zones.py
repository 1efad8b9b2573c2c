"""Zones: which zones hold an address (overlaps included, smallest first), whose dispatcher gets it, valid outlines."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from models.clients import Site
from models.company import User
from models.scheduling import Zone
from models.zones import (
    InvalidZonePolygon,
    ZoneDispatcher,
    ZoneRefused,
    dispatcher_for_site,
    save_zone,
    validate_zone_polygon,
    zones_for_point,
)
from tests.factories import add_client


def square(lon1: float, lat1: float, lon2: float, lat2: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon1, lat1], [lon2, lat1], [lon2, lat2], [lon1, lat2], [lon1, lat1]]]}


CITY = square(61.20, 55.00, 61.60, 55.30)
CENTRE = square(61.35, 55.13, 61.45, 55.19)  # inside the city
NORTH = square(61.25, 55.18, 61.40, 55.25)  # overlaps the centre in its north-west corner
IN_CENTRE, IN_BOTH, CITY_ONLY, NOWHERE = (55.15, 61.42), (55.185, 61.37), (55.05, 61.25), (56.84, 60.60)


def _zones(session, **dispatchers: int | None) -> dict[str, int]:
    zones = {name: Zone(name=name, polygon=polygon, dispatcher_id=dispatchers.get(name))
             for name, polygon in (("Город", CITY), ("Центр", CENTRE), ("Север", NORTH))}
    session.add_all(zones.values())
    session.flush()
    return {name: zone.id for name, zone in zones.items()}


def _user(session, login: str, name: str, active: bool = True) -> int:
    user = User(login=login, full_name=name, role="dispatcher", active=active)
    session.add(user)
    session.flush()
    return user.id


def test_every_zone_holding_a_point_is_returned_smallest_first(db):
    with db.transaction() as session:
        _zones(session)
    assert [z.name for z in zones_for_point(db, *IN_CENTRE)] == ["Центр", "Город"]
    assert [z.name for z in zones_for_point(db, *IN_BOTH)] == ["Центр", "Север", "Город"]
    assert [z.name for z in zones_for_point(db, *CITY_ONLY)] == ["Город"]
    assert zones_for_point(db, *NOWHERE) == []
    assert [z.name for z in zones_for_point(db, 55.13, 61.40)] == ["Центр", "Город"]  # the border counts as inside
    centre = zones_for_point(db, *IN_CENTRE)[0]
    assert 40 < centre.area_km2 < 45  # 0.1° of longitude × 0.06° of latitude at 55°N ≈ 6.4 km × 6.6 km


def test_a_new_request_goes_to_the_dispatcher_of_the_smallest_zone_that_has_one(db):
    with db.transaction() as session:
        ivanova, petrova = _user(session, "ivanova", "Иванова Анна"), _user(session, "petrova", "Петрова Мария")
        gone = _user(session, "left", "Уволена Ольга", active=False)
        zones = _zones(session, Город=ivanova, Север=petrova, Центр=gone)
        client = add_client(session, "Иванов Пётр", "+7 351 123 45 67")
        sites = {key: Site(client_id=client.id, address=key, lat=lat, lon=lon)
                 for key, (lat, lon) in (("both", IN_BOTH), ("centre", IN_CENTRE), ("outside", NOWHERE))}
        sites["unplaced"] = Site(client_id=client.id, address="без координат")
        session.add_all(sites.values())
        session.flush()
        ids = {key: site.id for key, site in sites.items()}
    # the centre's dispatcher has left, so the next smallest zone with one takes it
    assert dispatcher_for_site(db, ids["both"]) == ZoneDispatcher(petrova, "Петрова Мария", zones["Север"], "Север")
    assert dispatcher_for_site(db, ids["centre"]) == ZoneDispatcher(ivanova, "Иванова Анна", zones["Город"], "Город")
    assert dispatcher_for_site(db, ids["outside"]) is None
    assert dispatcher_for_site(db, ids["unplaced"]) is None
    with pytest.raises(LookupError, match="no longer exists"):
        dispatcher_for_site(db, -1)


@pytest.mark.parametrize(("polygon", "reason"), [
    ({"type": "Point", "coordinates": [61.4, 55.1]}, "not 'Point'"),
    ([[61.3, 55.1], [61.5, 55.1], [61.5, 55.2]], "not 'list'"),
    ({"type": "Polygon", "coordinates": []}, "no coordinates"),
    ({"type": "Polygon", "coordinates": [[[61.3, 55.1], [61.5, 55.1], [61.3, 55.1]]]}, "at least three corners"),
    ({"type": "Polygon", "coordinates": [[[61.3, 55.1], [61.5, 55.1], [61.5, 55.2], [61.3, 55.2]]]}, "not closed"),
    ({"type": "Polygon", "coordinates": [[[61.3, 55.1], ["x", 55.1], [61.5, 55.2], [61.3, 55.1]]]},
     "not a \\[lon, lat\\] pair"),
    ({"type": "Polygon", "coordinates": [[[43.1, 131.9], [43.2, 131.9], [43.2, 132.0], [43.1, 131.9]]]},
     "given as \\[lat, lon\\]"),
    ({"type": "Polygon", "coordinates": [[[61.3, 55.1], [61.5, 55.2], [61.5, 55.1], [61.3, 55.2], [61.3, 55.1]]]},
     "Self-intersection.*edges do not cross"),
    ({"type": "Polygon", "coordinates": [[[61.3, 55.1], [61.4, 55.1], [61.5, 55.1], [61.3, 55.1]]]},
     "not a valid area"),  # all corners on one line
    ({"type": "MultiPolygon", "coordinates": [CENTRE["coordinates"], [[[61.4, 55.1], [61.5, 55.1]]]]},
     "ring 1 of part 2 needs at least three corners"),
])
def test_invalid_polygons_are_refused_with_the_reason(polygon, reason):
    with pytest.raises(InvalidZonePolygon, match=reason):
        validate_zone_polygon(polygon)


def test_save_zone_checks_the_outline_and_the_name_and_the_next_lookup_sees_the_change(db):
    multi = {"type": "MultiPolygon", "coordinates": [CENTRE["coordinates"], square(60.5, 56.8, 60.7, 56.9)
                                                     ["coordinates"]]}
    zone_id = save_zone(db, name=" Центр и Екатеринбург ", polygon=multi, city="Челябинск", color="#ff0000")
    assert [z.name for z in zones_for_point(db, *NOWHERE)] == ["Центр и Екатеринбург"]
    with pytest.raises(InvalidZonePolygon, match="not closed"):
        save_zone(db, name="Кривая", polygon={"type": "Polygon",
                                                  "coordinates": [[[61, 55], [62, 55], [62, 56], [61, 56]]]})
    with pytest.raises(ZoneRefused, match="already exists"):
        save_zone(db, name="Центр и Екатеринбург", polygon=CENTRE)
    save_zone(db, zone_id=zone_id, name="Центр", polygon=CENTRE)
    assert zones_for_point(db, *NOWHERE) == []
    assert [z.name for z in zones_for_point(db, *IN_CENTRE)] == ["Центр"]


def test_a_stored_invalid_zone_is_skipped_rather_than_breaking_the_lookup(db):
    with db.transaction() as session:
        _zones(session)
        bow_tie = '{"type": "Polygon", "coordinates": [[[61, 55], [62, 56], [62, 55], [61, 56], [61, 55]]]}'
        session.execute(text("INSERT INTO zones (name, polygon) VALUES ('Сломанная', :p)"), {"p": bow_tie})
    assert [z.name for z in zones_for_point(db, *IN_CENTRE)] == ["Центр", "Город"]

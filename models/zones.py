"""Zones on the map: valid polygons only, which zones hold an address, and whose dispatcher takes its requests.

Zone polygons are GeoJSON in lon/lat order. Geometry is done in Python with shapely (the embedded server has no
PostGIS): each call reads the zones once and prepares their shapes for that call only, so an edited zone counts
at the very next call on every workstation.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.clients import Site
from models.company import User
from models.database import Database
from models.scheduling import Zone

log = logging.getLogger(__name__)
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320


class ZoneRefused(ValueError):
    """A zone cannot be saved; the message says what is wrong and what to do."""


class InvalidZonePolygon(ZoneRefused):
    """A zone polygon was refused; the message says what is wrong with it and how to fix it."""


@dataclass(frozen=True)
class ZoneMatch:
    """A zone that holds a point, with its area so overlapping zones can be told apart."""

    id: int
    name: str
    city: str | None
    color: str
    dispatcher_id: int | None
    area_km2: float


@dataclass(frozen=True)
class ZoneDispatcher:
    """The dispatcher responsible for an address, and the zone that makes them so."""

    user_id: int
    full_name: str
    zone_id: int
    zone_name: str


@dataclass(frozen=True)
class ZoneShape:
    """A zone read for one call, with its shape prepared for fast point tests."""

    match: ZoneMatch
    geometry: BaseGeometry


def validate_zone_polygon(polygon: object) -> BaseGeometry:
    """The shape of a GeoJSON Polygon/MultiPolygon in lon/lat order; InvalidZonePolygon says why one is refused."""
    if not isinstance(polygon, dict) or polygon.get("type") not in GEOMETRY_TYPES:
        kind = polygon.get("type") if isinstance(polygon, dict) else type(polygon).__name__
        raise InvalidZonePolygon(f"A zone must be a GeoJSON Polygon or MultiPolygon, not {kind!r}; draw it again.")
    coordinates = polygon.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise InvalidZonePolygon("The zone has no coordinates; draw at least one ring of three corners.")
    polygons = [coordinates] if polygon["type"] == "Polygon" else coordinates
    for p_index, rings in enumerate(polygons, 1):
        if not isinstance(rings, list) or not rings:
            raise InvalidZonePolygon(f"Part {p_index} of the zone has no rings; draw its outline.")
        for r_index, ring in enumerate(rings, 1):
            _check_ring(ring, f"ring {r_index} of part {p_index}" if len(polygons) > 1 else f"ring {r_index}")
    geometry = shape(polygon)
    if not geometry.is_valid:
        reason = explain_validity(geometry)
        raise InvalidZonePolygon(f"The zone outline is not a valid area ({reason}); redraw it so that its edges "
                                 f"do not cross and holes lie inside the outline.")
    if geometry.area == 0:
        raise InvalidZonePolygon("The zone has no area; draw an outline with at least three distinct corners.")
    return geometry


def _check_ring(ring: object, where: str) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise InvalidZonePolygon(f"The zone's {where} needs at least three corners plus the first repeated at the end.")
    for position in ring:
        if (not isinstance(position, list | tuple) or len(position) < 2
                or not all(isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v) for v in position[:2])):
            raise InvalidZonePolygon(f"The zone's {where} has a corner {position!r} that is not a [lon, lat] pair.")
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise InvalidZonePolygon(
                f"The zone's {where} has a corner [{lon}, {lat}] off the map; corners are [longitude, latitude] "
                f"with longitude within ±180 and latitude within ±90. Were they given as [lat, lon]?")
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise InvalidZonePolygon(f"The zone's {where} is not closed: its last corner must repeat the first.")


def area_km2(geometry: BaseGeometry) -> float:
    """Approximate area in km² on a local flat projection, good enough to rank overlapping zones of one city."""
    lat = geometry.centroid.y
    return geometry.area * KM_PER_DEGREE_LAT * KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(lat))


def load_zone_shapes(session: Session, zone_ids: Sequence[int] | None = None) -> list[ZoneShape]:
    """The zones (or the given ones) with prepared shapes, smallest first; a stored invalid zone is skipped."""
    query = select(Zone.id, Zone.name, Zone.city, Zone.color, Zone.dispatcher_id, Zone.polygon)
    if zone_ids is not None:
        query = query.where(Zone.id.in_(zone_ids))
    shapes = []
    for zone_id, name, city, color, dispatcher_id, polygon in session.execute(query):
        try:
            geometry = validate_zone_polygon(polygon)
        except InvalidZonePolygon as exc:
            log.warning("zone %s (%s) is skipped: %s", zone_id, name, exc)
            continue
        shapely.prepare(geometry)
        shapes.append(ZoneShape(ZoneMatch(zone_id, name, city, color, dispatcher_id, area_km2(geometry)), geometry))
    shapes.sort(key=lambda s: (s.match.area_km2, s.match.id))
    return shapes


def containing(shapes: Sequence[ZoneShape], lat: float, lon: float) -> list[ZoneMatch]:
    """The zones among ``shapes`` that hold the point (its border counts as inside), in the order given."""
    point = Point(lon, lat)
    return [s.match for s in shapes if s.geometry.covers(point)]


def zones_for_point(db: Database, lat: float, lon: float) -> list[ZoneMatch]:
    """Every zone that holds the address, the smallest (most specific) first."""
    with db.session() as session:
        return containing(load_zone_shapes(session), lat, lon)


def dispatcher_for_site(db: Database, site_id: int) -> ZoneDispatcher | None:
    """Who takes a new request for this site: the dispatcher of the smallest zone holding it that has an active one.

    None when the site has no coordinates yet or no zone with a dispatcher holds it.
    """
    with db.session() as session:
        site = session.execute(select(Site.lat, Site.lon).where(Site.id == site_id)).first()
        if site is None:
            raise LookupError(f"Site {site_id} no longer exists; refresh the client's card.")
        if site.lat is None or site.lon is None:
            return None
        users = {user_id: name for user_id, name in
                 session.execute(select(User.id, User.full_name).where(User.active.is_(True)))}
        for zone in containing(load_zone_shapes(session), site.lat, site.lon):
            if zone.dispatcher_id in users:
                return ZoneDispatcher(zone.dispatcher_id, users[zone.dispatcher_id], zone.id, zone.name)
    return None


def save_zone(db: Database, *, name: str, polygon: dict, city: str | None = None, color: str | None = None,
              dispatcher_id: int | None = None, zone_id: int | None = None) -> int:
    """Create a zone (or change zone ``zone_id``) after checking its polygon; return its id."""
    validate_zone_polygon(polygon)
    name = name.strip()
    if not name:
        raise ZoneRefused("Give the zone a name.")
    with db.transaction() as session:
        zone = Zone() if zone_id is None else session.get(Zone, zone_id)
        if zone is None:
            raise LookupError(f"Zone {zone_id} no longer exists; refresh the map.")
        zone.name, zone.polygon, zone.city, zone.dispatcher_id = name, polygon, city, dispatcher_id
        if color is not None:
            zone.color = color
        try:
            with session.begin_nested():
                session.add(zone)
                session.flush()
        except IntegrityError as exc:
            if "uq_zones_name" in str(exc.orig):
                raise ZoneRefused(f"A zone named {name!r} already exists; choose another name.") from exc
            raise
        return zone.id

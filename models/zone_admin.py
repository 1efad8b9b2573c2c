"""Editing zones on the map: outlines, names, colours, the responsible dispatcher and the technicians bound.

Every write takes the editor's role and refuses anyone but an administrator, a manager or a service head with a
PermissionError. Bad input raises ZoneRefused (a ValueError) whose message says what is wrong and what to do;
an outline is checked by ``models.zones.validate_zone_polygon``. Each function is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.company import User
from models.database import Database
from models.scheduling import Shift, Technician, Zone, technician_zones
from models.zones import ZoneRefused, validate_zone_polygon

EDITOR_ROLES = ("admin", "manager", "service_head")
#: Roles a zone's responsible person may have: new requests of the zone go to them.
DISPATCHER_ROLES = ("dispatcher", "manager")
DEFAULT_COLOR = "#5b8def"


class ZoneChanged(ZoneRefused):
    """The zone was changed on another workstation after it was opened here; nothing was saved."""


@dataclass(frozen=True)
class ZoneInfo:
    """A zone as the editor shows it; ``polygon`` is GeoJSON in lon/lat order."""

    id: int
    name: str
    city: str | None
    color: str
    polygon: dict
    dispatcher_id: int | None
    dispatcher_name: str | None
    technician_ids: tuple[int, ...]


@dataclass(frozen=True)
class TechnicianChoice:
    id: int
    full_name: str
    active: bool


@dataclass(frozen=True)
class DispatcherChoice:
    id: int
    full_name: str
    role: str


@dataclass(frozen=True)
class ZoneAdminData:
    """Everything the zone editor shows, read in one unit of work."""

    zones: tuple[ZoneInfo, ...]
    technicians: tuple[TechnicianChoice, ...]
    dispatchers: tuple[DispatcherChoice, ...]


@dataclass(frozen=True)
class ZoneDraft:
    """A zone as the editor wants it saved; ``zone_id`` None creates it."""

    zone_id: int | None
    name: str
    polygon: dict
    color: str = DEFAULT_COLOR
    dispatcher_id: int | None = None
    technician_ids: tuple[int, ...] = ()
    city: str | None = None


def require_editor(role: str | None) -> None:
    if role not in EDITOR_ROLES:
        raise PermissionError("Only an administrator, a manager or a service head may change zones; ask one of them.")


def _zones(session: Session, zone_ids: Iterable[int] | None = None) -> list[ZoneInfo]:
    bound: dict[int, list[int]] = {}
    for tech_id, zone_id in session.execute(
            select(technician_zones.c.technician_id, technician_zones.c.zone_id)
            .order_by(technician_zones.c.technician_id)):
        bound.setdefault(zone_id, []).append(tech_id)
    query = (select(Zone.id, Zone.name, Zone.city, Zone.color, Zone.polygon, Zone.dispatcher_id, User.full_name)
             .outerjoin(User, User.id == Zone.dispatcher_id).order_by(Zone.name, Zone.id))
    if zone_ids is not None:
        query = query.where(Zone.id.in_(list(zone_ids)))
    return [ZoneInfo(row.id, row.name, row.city, row.color, row.polygon, row.dispatcher_id, row.full_name,
                     tuple(bound.get(row.id, ()))) for row in session.execute(query)]


def list_zones(db: Database) -> list[ZoneInfo]:
    """Every zone with its responsible dispatcher and bound technicians, by name."""
    with db.session() as session:
        return _zones(session)


def technician_choices(db: Database) -> list[TechnicianChoice]:
    """Technicians that may be bound to a zone: the active ones, then those who left but are still bound."""
    with db.session() as session:
        return _technicians(session)


def _technicians(session: Session) -> list[TechnicianChoice]:
    still_bound = select(technician_zones.c.technician_id)
    rows = session.execute(
        select(Technician.id, Technician.full_name, Technician.active)
        .where(Technician.active.is_(True) | Technician.id.in_(still_bound))
        .order_by(Technician.active.desc(), Technician.full_name, Technician.id))
    return [TechnicianChoice(row.id, row.full_name, row.active) for row in rows]


def dispatcher_choices(db: Database) -> list[DispatcherChoice]:
    """Active users who may be responsible for a zone (dispatchers and managers), by name."""
    with db.session() as session:
        return _dispatchers(session)


def _dispatchers(session: Session) -> list[DispatcherChoice]:
    rows = session.execute(select(User.id, User.full_name, User.role)
                           .where(User.active.is_(True), User.role.in_(DISPATCHER_ROLES))
                           .order_by(User.full_name, User.id))
    return [DispatcherChoice(row.id, row.full_name, row.role) for row in rows]


def load_zone_admin(db: Database) -> ZoneAdminData:
    """Zones, technicians and possible dispatchers for the zone editor."""
    with db.session() as session:
        return ZoneAdminData(tuple(_zones(session)), tuple(_technicians(session)), tuple(_dispatchers(session)))


def _locked_zone(session: Session, zone_id: int) -> Zone:
    zone = session.get(Zone, zone_id, with_for_update=True)
    if zone is None:
        raise LookupError(f"Zone {zone_id} no longer exists; someone deleted it. Reload the zones.")
    return zone


def _check_dispatcher(session: Session, dispatcher_id: int | None) -> None:
    if dispatcher_id is None:
        return
    user = session.execute(select(User.full_name, User.role, User.active).where(User.id == dispatcher_id)).first()
    if user is None:
        raise ZoneRefused(f"User {dispatcher_id} no longer exists; choose another responsible dispatcher.")
    if not user.active:
        raise ZoneRefused(f"{user.full_name} no longer works here; choose another responsible dispatcher.")
    if user.role not in DISPATCHER_ROLES:
        raise ZoneRefused(f"{user.full_name} is not a dispatcher or a manager, so new requests cannot go to them; "
                          f"choose a dispatcher or a manager.")


def _check_technicians(session: Session, technician_ids: Iterable[int], keep: Iterable[int] = ()) -> None:
    wanted = set(technician_ids)
    rows = {row.id: row for row in session.execute(
        select(Technician.id, Technician.full_name, Technician.active).where(Technician.id.in_(wanted)))}
    missing = sorted(wanted - rows.keys())
    if missing:
        raise ZoneRefused(f"Technician {missing[0]} no longer exists; reload the zones and tick the technicians again.")
    left = [row.full_name for tech_id, row in rows.items() if not row.active and tech_id not in set(keep)]
    if left:
        raise ZoneRefused(f"{left[0]} no longer works here and cannot be bound to a zone; untick them.")


def _snapshot_matches(session: Session, zone: Zone, expected: ZoneInfo) -> bool:
    bound = set(session.execute(select(technician_zones.c.technician_id)
                                .where(technician_zones.c.zone_id == zone.id)).scalars())
    return ((zone.name, zone.color, zone.polygon, zone.dispatcher_id) ==
            (expected.name, expected.color, expected.polygon, expected.dispatcher_id)
            and bound == set(expected.technician_ids))


def _set_technicians(session: Session, zone_id: int, technician_ids: Iterable[int]) -> None:
    wanted = set(technician_ids)
    current = set(session.execute(select(technician_zones.c.technician_id)
                                  .where(technician_zones.c.zone_id == zone_id)).scalars())
    if current - wanted:
        session.execute(delete(technician_zones).where(technician_zones.c.zone_id == zone_id,
                                                       technician_zones.c.technician_id.in_(current - wanted)))
    if wanted - current:
        session.execute(insert(technician_zones),
                        [{"zone_id": zone_id, "technician_id": t} for t in sorted(wanted - current)])


def save_zone_details(db: Database, draft: ZoneDraft, *, role: str | None, expected: ZoneInfo | None = None) -> int:
    """Create or change a zone with its outline, colour, dispatcher and bound technicians in one transaction.

    With ``expected`` (the zone as the editor loaded it) a zone changed meanwhile on another workstation is
    refused with ZoneChanged instead of being overwritten. Returns the zone's id.
    """
    require_editor(role)
    validate_zone_polygon(draft.polygon)
    name = draft.name.strip()
    if not name:
        raise ZoneRefused("Give the zone a name.")
    if len(name) > 100:
        raise ZoneRefused("A zone name may be at most 100 characters; shorten it.")
    with db.transaction() as session:
        if draft.zone_id is None:
            zone = Zone()
            keep: set[int] = set()
        else:
            zone = _locked_zone(session, draft.zone_id)
            if expected is not None and not _snapshot_matches(session, zone, expected):
                raise ZoneChanged(f"Zone «{zone.name}» was changed on another workstation after you opened it; "
                                  f"your changes were not saved. Reload the zones and make them again.")
            keep = set(session.execute(select(technician_zones.c.technician_id)
                                       .where(technician_zones.c.zone_id == zone.id)).scalars())
        _check_dispatcher(session, draft.dispatcher_id)
        _check_technicians(session, draft.technician_ids, keep)
        zone.name, zone.polygon, zone.city = name, draft.polygon, draft.city
        zone.color, zone.dispatcher_id = draft.color or DEFAULT_COLOR, draft.dispatcher_id
        try:
            with session.begin_nested():
                session.add(zone)
                session.flush()
        except IntegrityError as exc:
            if "uq_zones_name" in str(exc.orig):
                raise ZoneRefused(f"A zone named «{name}» already exists; choose another name.") from exc
            raise
        _set_technicians(session, zone.id, draft.technician_ids)
        return zone.id


def update_zone_polygon(db: Database, zone_id: int, polygon: dict, *, role: str | None) -> None:
    """Replace a zone's outline after checking it."""
    require_editor(role)
    validate_zone_polygon(polygon)
    with db.transaction() as session:
        _locked_zone(session, zone_id).polygon = polygon


def set_zone_dispatcher(db: Database, zone_id: int, dispatcher_id: int | None, *, role: str | None) -> None:
    """Make a dispatcher (or manager) responsible for the zone's new requests; None leaves it without one."""
    require_editor(role)
    with db.transaction() as session:
        zone = _locked_zone(session, zone_id)
        _check_dispatcher(session, dispatcher_id)
        zone.dispatcher_id = dispatcher_id


def bind_technician(db: Database, zone_id: int, technician_id: int, *, role: str | None) -> bool:
    """Bind a technician to a zone; False when they already were."""
    require_editor(role)
    with db.transaction() as session:
        _locked_zone(session, zone_id)
        _check_technicians(session, [technician_id])
        exists = session.execute(select(technician_zones.c.zone_id).where(
            technician_zones.c.zone_id == zone_id, technician_zones.c.technician_id == technician_id)).first()
        if exists is not None:
            return False
        session.execute(insert(technician_zones).values(zone_id=zone_id, technician_id=technician_id))
        return True


def unbind_technician(db: Database, zone_id: int, technician_id: int, *, role: str | None) -> bool:
    """Unbind a technician from a zone; False when they were not bound. Their shifts in the zone stay."""
    require_editor(role)
    with db.transaction() as session:
        result = session.execute(delete(technician_zones).where(
            technician_zones.c.zone_id == zone_id, technician_zones.c.technician_id == technician_id))
        return bool(result.rowcount)


def delete_zone(db: Database, zone_id: int, *, role: str | None) -> None:
    """Delete a zone no shift refers to; otherwise ZoneRefused says how many shifts and when."""
    require_editor(role)
    with db.transaction() as session:
        zone = _locked_zone(session, zone_id)
        count, first, last = session.execute(
            select(func.count(), func.min(Shift.starts_at), func.max(Shift.starts_at))
            .where(Shift.zone_id == zone_id)).one()
        if count:
            span = first.strftime("%d.%m.%Y") if first.date() == last.date() else \
                f"{first:%d.%m.%Y} to {last:%d.%m.%Y}"
            raise ZoneRefused(f"Zone «{zone.name}» is used by {count} shift{'s' if count != 1 else ''} ({span}); "
                              f"move those shifts to another zone or delete them first.")
        session.delete(zone)


def zone_rings(polygon: dict) -> tuple[list[list[tuple[float, float]]], list[int]]:
    """A GeoJSON Polygon/MultiPolygon as open (lat, lon) rings, with how many rings each part has.

    The map draws the rings as they are; ``polygon_from_rings(rings, parts)`` turns them back into GeoJSON.
    """
    coordinates = polygon.get("coordinates") or []
    polygons = [coordinates] if polygon.get("type") == "Polygon" else coordinates
    rings: list[list[tuple[float, float]]] = []
    parts: list[int] = []
    for part in polygons:
        parts.append(len(part))
        for ring in part:
            points = [(float(p[1]), float(p[0])) for p in ring]
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            rings.append(points)
    return rings, parts


def polygon_from_rings(rings: list[list[tuple[float, float]]], parts: list[int] | None = None) -> dict:
    """GeoJSON (lon/lat, closed rings) of open (lat, lon) rings; one part holding every ring unless ``parts``."""
    parts = parts or [len(rings)]
    closed = [[[lon, lat] for lat, lon in ring] + [[ring[0][1], ring[0][0]]] if ring else [] for ring in rings]
    grouped, start = [], 0
    for count in parts:
        grouped.append(closed[start:start + count])
        start += count
    if len(grouped) == 1:
        return {"type": "Polygon", "coordinates": grouped[0]}
    return {"type": "MultiPolygon", "coordinates": grouped}

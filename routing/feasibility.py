"""Before solving: which technicians could do each visit, and for the visits nobody can do, why."""

from __future__ import annotations

from dataclasses import dataclass

from routing.layout import Layout
from routing.plan import DroppedVisit, DropReason
from routing.problem import RoutingProblem, Technician, Visit


@dataclass(frozen=True)
class Eligibility:
    """For each visit in a layout, the technicians (vehicle indices) that may do it; the rest are dropped."""

    allowed: dict[str, tuple[int, ...]]
    dropped: tuple[DroppedVisit, ...]


def no_coordinates(visits: tuple[Visit, ...]) -> list[DroppedVisit]:
    """Visits that cannot be routed because they have no place."""
    return [
        DroppedVisit(v.id, DropReason.NO_COORDINATES, "the address has no coordinates")
        for v in visits
        if v.place is None
    ]


def reachable(layout: Layout, node: int, vehicle: int) -> bool:
    """Whether technician ``vehicle`` alone could do visit ``node`` within its window and shift (in units)."""
    shift_lo, shift_hi = (int(x) for x in layout.shift[vehicle])
    lo, hi = (int(x) for x in layout.window[node])
    start, end = layout.start_node(vehicle), layout.end_node(vehicle)
    begin = max(lo, shift_lo + int(layout.travel[start, node]))
    if begin > hi:
        return False
    return begin + int(layout.service[node]) + int(layout.travel[node, end]) <= shift_hi


def _names(items: frozenset[str]) -> str:
    return ", ".join(sorted(items)) or "none"


def _reason(problem: RoutingProblem, visit: Visit) -> DroppedVisit | None:
    """Why no technician may do ``visit`` by skills and zones (None when someone may)."""
    techs = problem.technicians
    if not techs:
        return DroppedVisit(visit.id, DropReason.NO_ROOM, "no technicians in this plan")
    if visit.pinned_technician is not None:
        tech = problem.technician(visit.pinned_technician)
        if tech is None:
            return DroppedVisit(
                visit.id, DropReason.PINNED_UNAVAILABLE, f"{visit.pinned_technician} is not in this plan"
            )
        if not problem.is_allowed(visit, tech):
            missing = visit.skills - tech.skills
            what = f"lacks {_names(missing)}" if missing else "does not work in its zone"
            return DroppedVisit(visit.id, DropReason.PINNED_UNAVAILABLE, f"{tech.id} {what}")
        return None
    skilled = [t for t in techs if visit.skills <= t.skills]
    zones = problem.visit_zones(visit)
    in_zone = [t for t in techs if not t.zones or zones & t.zones]
    if not skilled:
        return DroppedVisit(visit.id, DropReason.NO_SKILL, f"needs {_names(visit.skills)}")
    if not in_zone:
        where = f"zone {_names(zones)}" if zones else "outside every zone"
        return DroppedVisit(visit.id, DropReason.OUTSIDE_ZONES, f"{where}; no technician works there")
    if not any(problem.is_allowed(visit, t) for t in techs):
        return DroppedVisit(
            visit.id,
            DropReason.NO_SKILL_IN_ZONE,
            f"needs {_names(visit.skills)} in zone {_names(zones)}",
        )
    return None


def _candidates(problem: RoutingProblem, visit: Visit, techs: tuple[Technician, ...]) -> list[int]:
    if visit.pinned_technician is not None:
        return [i for i, t in enumerate(techs) if t.id == visit.pinned_technician]
    return [i for i, t in enumerate(techs) if problem.is_allowed(visit, t)]


def eligibility(layout: Layout) -> Eligibility:
    """Who may do each visit of ``layout``: skills, zones, pinning, and a window reachable within the shift."""
    problem = layout.problem
    allowed: dict[str, tuple[int, ...]] = {}
    dropped: list[DroppedVisit] = []
    for node, visit in enumerate(layout.visits):
        why = _reason(problem, visit)
        if why is not None:
            dropped.append(why)
            continue
        fits = tuple(v for v in _candidates(problem, visit, layout.technicians) if reachable(layout, node, v))
        if fits:
            allowed[visit.id] = fits
            continue
        if visit.pinned_start is not None:
            detail = "the pinned time cannot be kept within the technician's shift"
        elif visit.window is not None:
            detail = (
                f"window {_clock(visit.window.start)}–{_clock(visit.window.end)} with {visit.duration:g} min of work"
            )
        else:
            detail = f"{visit.duration:g} min of work does not fit any shift"
        dropped.append(DroppedVisit(visit.id, DropReason.WINDOW_OUTSIDE_SHIFTS, detail))
    return Eligibility(allowed=allowed, dropped=tuple(dropped))


def _clock(minutes: float) -> str:
    m = round(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"

"""What a planning run returns: routes with timed stops, visits left out and why, totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from routing.matrix import MatrixTravel


class DropReason(StrEnum):
    """Why a visit is not in the plan."""

    NO_COORDINATES = "no coordinates"
    NO_SKILL = "no technician has the skills"
    OUTSIDE_ZONES = "outside every technician's zone"
    NO_SKILL_IN_ZONE = "no technician with the skills works in its zone"
    WINDOW_OUTSIDE_SHIFTS = "its window cannot be reached within any allowed shift"
    PINNED_UNAVAILABLE = "pinned to a technician who cannot do it"
    NO_ROOM = "no room left in the allowed technicians' day"


@dataclass(frozen=True)
class DroppedVisit:
    """A visit left out of the plan, with the reason and a sentence a dispatcher can read."""

    visit_id: str
    reason: DropReason
    detail: str = ""


@dataclass(frozen=True)
class Stop:
    """One visit on a route. ``travel_minutes``/``travel_km`` are the leg from the previous stop (or start)."""

    visit_id: str
    arrival: float
    start: float
    end: float
    travel_minutes: float
    travel_km: float

    @property
    def wait(self) -> float:
        """Minutes between arriving and starting work."""
        return self.start - self.arrival


@dataclass(frozen=True)
class BreakSlot:
    """When a technician's break is taken."""

    name: str
    start: float
    end: float


@dataclass(frozen=True)
class Route:
    """One technician's day: leave ``start_time``, stops in order, back at ``end_time``."""

    technician_id: str
    start_time: float
    end_time: float
    stops: tuple[Stop, ...]
    breaks: tuple[BreakSlot, ...] = ()
    return_minutes: float = 0.0
    return_km: float = 0.0

    @property
    def travel_minutes(self) -> float:
        """Driving minutes over the whole route, the way home included."""
        return sum(s.travel_minutes for s in self.stops) + self.return_minutes

    @property
    def travel_km(self) -> float:
        """Kilometres over the whole route, the way home included."""
        return sum(s.travel_km for s in self.stops) + self.return_km


@dataclass(frozen=True)
class Totals:
    """Figures for the whole plan."""

    km: float
    driving_hours: float
    lateness_minutes: float
    unassigned: int
    technicians_used: int


@dataclass(frozen=True)
class RoutingPlan:
    """The result of one planning run.

    ``solver`` says which engine produced the routes ("ortools", "pyvrp+ortools", "none"), ``notes`` why a
    step was skipped; ``matrix_provider`` says where travel times came from, with ``matrix_note`` explaining
    any fallback; ``travel`` is that matrix, for checking the plan. ``cost`` is the solver's objective in its
    integer units (lower is better) and ``cancelled`` tells whether the run was stopped early.
    """

    routes: tuple[Route, ...]
    dropped: tuple[DroppedVisit, ...]
    totals: Totals
    solver: str
    matrix_provider: str
    matrix_note: str = ""
    cost: int = 0
    cancelled: bool = False
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    travel: MatrixTravel | None = field(default=None, repr=False, compare=False)

    def route_of(self, technician_id: str) -> Route | None:
        """The route of one technician, if any."""
        return next((r for r in self.routes if r.technician_id == technician_id), None)

    def stop_of(self, visit_id: str) -> tuple[Route, Stop] | None:
        """Where a visit landed, if it did."""
        for route in self.routes:
            for stop in route.stops:
                if stop.visit_id == visit_id:
                    return route, stop
        return None


def make_totals(routes: tuple[Route, ...], unassigned: int, lateness_minutes: float = 0.0) -> Totals:
    """Totals of a set of routes."""
    return Totals(
        km=sum(r.travel_km for r in routes),
        driving_hours=sum(r.travel_minutes for r in routes) / 60.0,
        lateness_minutes=lateness_minutes,
        unassigned=unassigned,
        technicians_used=sum(1 for r in routes if r.stops),
    )

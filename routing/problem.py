"""What a planning run is asked to do: visits, technicians, zones and the solver's options.

Times are minutes from midnight of the planned day (floats, so a minute can be split); durations are minutes.
Places are WGS84 latitude/longitude; the Euclidean matrix used for benchmark instances reads ``lon`` as x and
``lat`` as y.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Place:
    """A point on the map."""

    lat: float
    lon: float


@dataclass(frozen=True)
class TimeWindow:
    """A closed interval ``[start, end]`` in minutes from midnight."""

    start: float
    end: float

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"time window ends ({self.end}) before it starts ({self.start})")

    def contains(self, t: float, tolerance: float = 1e-6) -> bool:
        """Whether ``t`` lies in the window (give or take ``tolerance`` minutes)."""
        return self.start - tolerance <= t <= self.end + tolerance


@dataclass(frozen=True)
class Break:
    """A break of ``duration`` minutes that must start within ``window`` (e.g. lunch 12:00–14:00, 30 min)."""

    window: TimeWindow
    duration: float
    name: str = "break"


@dataclass(frozen=True)
class Zone:
    """A named service area; ``polygon`` is a ring of (lat, lon) vertices."""

    id: str
    polygon: tuple[tuple[float, float], ...]

    def contains(self, place: Place) -> bool:
        """Point-in-polygon by ray casting (edges count as inside for practical purposes)."""
        inside = False
        ring = self.polygon
        j = len(ring) - 1
        for i in range(len(ring)):
            yi, xi = ring[i]
            yj, xj = ring[j]
            if (yi > place.lat) != (yj > place.lat):
                x_cross = xi + (place.lat - yi) * (xj - xi) / (yj - yi)
                if place.lon < x_cross:
                    inside = not inside
            j = i
        return inside


@dataclass(frozen=True)
class Visit:
    """One job at a place.

    ``window`` bounds the *start* of the service (None: any time in a shift). ``zone`` names the zone explicitly;
    when None and the problem has zone polygons, the zones are those containing ``place``. Optional visits may be
    left out, lowest ``priority`` first; required ones are left out only when they cannot fit at all.
    ``pinned_technician``/``pinned_start`` keep a dispatcher's decision fixed; a pinned start replaces the
    window. ``demand`` uses the technician's ``capacity`` (parts, load) when set.
    """

    id: str
    place: Place | None
    duration: float
    window: TimeWindow | None = None
    skills: frozenset[str] = frozenset()
    zone: str | None = None
    priority: int = 0
    optional: bool = False
    pinned_technician: str | None = None
    pinned_start: float | None = None
    demand: int = 0


@dataclass(frozen=True)
class Technician:
    """One person (a routed vehicle): shift, where the day starts and ends, skills, zones, breaks.

    Empty ``zones`` means the technician may work anywhere. ``end`` None means back to ``start``.
    """

    id: str
    shift: TimeWindow
    start: Place
    end: Place | None = None
    skills: frozenset[str] = frozenset()
    zones: frozenset[str] = frozenset()
    breaks: tuple[Break, ...] = ()
    capacity: int | None = None

    @property
    def end_place(self) -> Place:
        """Where the day ends."""
        return self.end if self.end is not None else self.start


@dataclass(frozen=True)
class Crew:
    """Extension point: several technicians travelling together as one routed resource.

    Not routed yet. The intended mapping is one routed vehicle per crew whose skills are the union of its
    members' skills, whose zones are the intersection, and whose shift is the intersection of the members'
    shifts; ``problem.technicians`` would then hold the crew's routed stand-in, and the plan maps it back.
    """

    id: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class RoutingProblem:
    """Everything one planning run needs."""

    visits: tuple[Visit, ...]
    technicians: tuple[Technician, ...]
    zones: tuple[Zone, ...] = ()
    crews: tuple[Crew, ...] = ()
    name: str = ""

    def technician(self, technician_id: str) -> Technician | None:
        """The technician with this id, if any."""
        return next((t for t in self.technicians if t.id == technician_id), None)

    def visit_zones(self, visit: Visit) -> frozenset[str]:
        """The zones a visit belongs to: the explicit one, else the polygons containing its place."""
        if visit.zone is not None:
            return frozenset({visit.zone})
        if visit.place is None:
            return frozenset()
        return frozenset(z.id for z in self.zones if z.contains(visit.place))

    def is_allowed(self, visit: Visit, technician: Technician) -> bool:
        """Skills and zones allow this technician to do this visit (pinning aside)."""
        if not visit.skills <= technician.skills:
            return False
        if not technician.zones:
            return True
        return bool(self.visit_zones(visit) & technician.zones)


Objective = Literal["time", "distance"]
Engine = Literal["ortools", "pyvrp+ortools"]


@dataclass(frozen=True)
class SolveOptions:
    """How to solve.

    ``engine``: "ortools" runs OR-Tools alone (first solution, then Guided Local Search); "pyvrp+ortools" also
    runs PyVRP on the core problem for ``pyvrp_share`` of the time and hands its routes to OR-Tools, which holds
    every side constraint (see docs/BENCHMARKS.md, "Routing", for why that is the default). The share defaults
    to 0.9, or 0.6 when someone has breaks: OR-Tools then has breaks to place and visits to put back.
    ``time_scale``/``distance_scale`` are the integer units per minute and per km the solvers work in.
    ``seed`` drives PyVRP's random choices (OR-Tools' search has none). ``iterations`` (when set) also bounds
    the work: PyVRP's iterations and OR-Tools' number of solutions; a run that ends on it rather than on the time
    limit repeats exactly on any machine. With the time limit alone the search path is the same for a seed, but
    where it stops depends on the machine's speed.
    """

    time_limit: float = 10.0
    seed: int = 0
    objective: Objective = "time"
    engine: Engine = "pyvrp+ortools"
    pyvrp_share: float | None = None
    first_solution_only: bool = False
    iterations: int | None = None
    time_scale: int = 60
    distance_scale: int = 1000
    optional_penalty_minutes: float = 240.0

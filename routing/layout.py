"""The problem in the solvers' integer units: nodes, matrices, windows, who may do what.

Nodes are numbered visits first (0..n-1), then one start node per technician (n..n+T-1), then one end node per
technician (n+T..n+2T-1). Travel and service times are rounded *up* to whole units and windows *inwards*, so a
plan that is feasible in units is feasible in real minutes as well; costs are rounded to the nearest unit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from routing.matrix import TravelMatrix
from routing.problem import RoutingProblem, SolveOptions, Technician, TimeWindow, Visit

EPS = 1e-9


def units_up(minutes: float, scale: int) -> int:
    """Minutes to units, rounded up (never shorter than real)."""
    return math.ceil(minutes * scale - EPS)


def units_down(minutes: float, scale: int) -> int:
    """Minutes to units, rounded down (never later than real)."""
    return math.floor(minutes * scale + EPS)


@dataclass(frozen=True)
class Layout:
    """One solver model's data. ``point`` maps each node to its row in ``matrix``."""

    problem: RoutingProblem
    options: SolveOptions
    visits: tuple[Visit, ...]
    technicians: tuple[Technician, ...]
    matrix: TravelMatrix
    point: np.ndarray
    travel: np.ndarray
    cost: np.ndarray
    service: np.ndarray
    window: np.ndarray
    shift: np.ndarray
    horizon: int

    @property
    def n(self) -> int:
        """Number of visits in the model."""
        return len(self.visits)

    @property
    def vehicles(self) -> int:
        """Number of technicians."""
        return len(self.technicians)

    def start_node(self, vehicle: int) -> int:
        """Node where technician ``vehicle`` starts."""
        return self.n + vehicle

    def end_node(self, vehicle: int) -> int:
        """Node where technician ``vehicle`` ends."""
        return self.n + self.vehicles + vehicle

    def to_minutes(self, units: int) -> float:
        """Solver time units back to minutes."""
        return units / self.options.time_scale

    def vehicle_of(self, technician_id: str) -> int | None:
        """Index of a technician in the model."""
        return next((i for i, t in enumerate(self.technicians) if t.id == technician_id), None)


def working_hours(problem: RoutingProblem) -> TimeWindow | None:
    """The span from the earliest shift start to the latest shift end."""
    if not problem.technicians:
        return None
    return TimeWindow(min(t.shift.start for t in problem.technicians), max(t.shift.end for t in problem.technicians))


def arc_units(matrix: TravelMatrix, rows: np.ndarray, options: SolveOptions) -> tuple[np.ndarray, np.ndarray]:
    """Travel time (rounded up) and arc cost (rounded) in units between the given matrix rows."""
    travel = np.ceil(matrix.minutes[np.ix_(rows, rows)] * options.time_scale - EPS).astype(np.int64)
    np.fill_diagonal(travel, 0)
    if options.objective == "distance":
        cost = np.rint(matrix.km[np.ix_(rows, rows)] * options.distance_scale).astype(np.int64)
        np.fill_diagonal(cost, 0)
    else:
        cost = travel.copy()
    return travel, cost


def build_layout(
    problem: RoutingProblem,
    visits: Sequence[Visit],
    matrix: TravelMatrix,
    visit_point: dict[str, int],
    options: SolveOptions,
) -> Layout:
    """Lay out ``visits`` (all with places) and every technician over ``matrix``.

    ``matrix`` holds the technicians' start places at rows ``-2T..-T-1`` and end places at ``-T..-1``;
    ``visit_point`` gives each visit's row.
    """
    techs = problem.technicians
    t_count, size = len(techs), matrix.size
    point = np.array(
        [visit_point[v.id] for v in visits]
        + [size - 2 * t_count + i for i in range(t_count)]
        + [size - t_count + i for i in range(t_count)],
        dtype=np.int64,
    )
    ts = options.time_scale
    travel, cost = arc_units(matrix, point, options)
    # Nothing travels into a start or out of an end; zero those arcs so they never weigh on any bound.
    n = len(visits)
    travel[:, n : n + t_count] = 0
    travel[n + t_count :, :] = 0
    cost[:, n : n + t_count] = 0
    cost[n + t_count :, :] = 0
    service = np.zeros(len(point), dtype=np.int64)
    service[:n] = [units_up(v.duration, ts) for v in visits]
    shift = np.array([(units_up(t.shift.start, ts), units_down(t.shift.end, ts)) for t in techs], dtype=np.int64)
    shift = shift.reshape(-1, 2)
    horizon = int(shift[:, 1].max()) if t_count else 0
    window = np.zeros((n, 2), dtype=np.int64)
    for i, v in enumerate(visits):
        if v.pinned_start is not None:  # the time the dispatcher agreed replaces the window
            lo = hi = round(v.pinned_start * ts)
        elif v.window is None:
            lo, hi = 0, horizon
        else:
            lo, hi = units_up(v.window.start, ts), units_down(v.window.end, ts)
        window[i] = (max(0, lo), min(horizon, hi))
    return Layout(
        problem=problem,
        options=options,
        visits=tuple(visits),
        technicians=techs,
        matrix=matrix,
        point=point,
        travel=travel,
        cost=cost,
        service=service,
        window=window,
        shift=shift,
        horizon=horizon,
    )

"""The OR-Tools routing model holding every side constraint, and its searches.

Time dimension with visit windows and service times, shifts with start/end places, skills and zones as the
allowed technicians of each visit (the domain of its vehicle variable), breaks as break intervals of the time
dimension, pinned visits with a fixed technician and start, every visit droppable at a penalty (optional
ones by priority, required ones at a penalty no route saving can outweigh), loads when anyone carries a
capacity.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from routing.layout import Layout, units_down, units_up
from routing.state import SolveState

REQUIRED_PENALTY = 10**10
NO_CAPACITY = 10**9


@dataclass(frozen=True)
class Solved:
    """One OR-Tools solution read back: node sequence, service starts, break slots per vehicle."""

    routes: tuple[tuple[int, ...], ...]
    starts: tuple[tuple[int, ...], ...]
    route_start: tuple[int, ...]
    route_end: tuple[int, ...]
    breaks: tuple[tuple[tuple[str, int, int], ...], ...]
    cost: int


class OrToolsModel:
    """Builds the model for a layout; ``allowed`` gives each visit's eligible vehicles."""

    def __init__(self, layout: Layout, allowed: dict[str, tuple[int, ...]], state: SolveState) -> None:
        self.layout = layout
        self.state = state
        n, t = layout.n, layout.vehicles
        starts = [layout.start_node(v) for v in range(t)]
        ends = [layout.end_node(v) for v in range(t)]
        self.manager = pywrapcp.RoutingIndexManager(n + 2 * t, t, starts, ends)
        self.routing = pywrapcp.RoutingModel(self.manager)
        self._progress: Callable[[float], float] = lambda elapsed: 0.0
        self._build(allowed)

    def _build(self, allowed: dict[str, tuple[int, ...]]) -> None:
        lay, routing, manager = self.layout, self.routing, self.manager
        opts = lay.options
        cost_cb = routing.RegisterTransitMatrix(lay.cost.tolist())
        routing.SetArcCostEvaluatorOfAllVehicles(cost_cb)
        time_matrix = lay.travel + lay.service[:, None]
        time_cb = routing.RegisterTransitMatrix(time_matrix.tolist())
        routing.AddDimension(time_cb, lay.horizon, lay.horizon, False, "Time")
        self.time = routing.GetDimensionOrDie("Time")
        for node in range(lay.n):
            index = manager.NodeToIndex(node)
            lo, hi = (int(x) for x in lay.window[node])
            self.time.CumulVar(index).SetRange(lo, hi)
        for v in range(lay.vehicles):
            lo, hi = (int(x) for x in lay.shift[v])
            self.time.CumulVar(routing.Start(v)).SetRange(lo, hi)
            self.time.CumulVar(routing.End(v)).SetRange(lo, hi)
            routing.AddVariableMinimizedByFinalizer(self.time.CumulVar(routing.End(v)))
        self._add_loads()
        self._add_breaks()
        base = opts.optional_penalty_minutes * (opts.time_scale if opts.objective == "time" else opts.distance_scale)
        everyone = tuple(range(lay.vehicles))
        for node, visit in enumerate(lay.visits):
            index = manager.NodeToIndex(node)
            vehicles = allowed[visit.id]
            if vehicles != everyone:
                # Same effect as SetAllowedVehiclesForIndex, whose Python binding rejects every list in this
                # OR-Tools release (absl::Span typemap); -1 stays allowed so the visit can still be dropped.
                routing.VehicleVar(index).SetValues([-1, *vehicles])
            penalty = int(base * (1 + max(0, visit.priority))) if visit.optional else REQUIRED_PENALTY
            routing.AddDisjunction([index], penalty)
        routing.AddSearchMonitor(routing.solver().CustomLimit(lambda: self.state.cancelled))
        routing.AddAtSolutionCallback(self._on_solution)

    def _add_loads(self) -> None:
        lay = self.layout
        if not any(v.demand for v in lay.visits) and all(t.capacity is None for t in lay.technicians):
            return
        demand = [int(v.demand) for v in lay.visits] + [0] * (2 * lay.vehicles)
        manager = self.manager
        load_cb = self.routing.RegisterUnaryTransitCallback(lambda i: demand[manager.IndexToNode(i)])
        caps = [NO_CAPACITY if t.capacity is None else int(t.capacity) for t in lay.technicians]
        self.routing.AddDimensionWithVehicleCapacity(load_cb, 0, caps, True, "Load")

    def _add_breaks(self) -> None:
        lay, routing = self.layout, self.routing
        ts = lay.options.time_scale
        self.break_vars: list[list[tuple[str, pywrapcp.IntervalVar]]] = []
        node_visit = [int(lay.service[self.manager.IndexToNode(i)]) for i in range(routing.Size())]
        solver = routing.solver()
        for v, tech in enumerate(lay.technicians):
            slots = []
            for k, brk in enumerate(tech.breaks):
                lo, hi = units_up(brk.window.start, ts), units_down(brk.window.end, ts)
                interval = solver.FixedDurationIntervalVar(
                    lo, max(lo, hi), units_up(brk.duration, ts), False, f"b{v}_{k}"
                )
                routing.AddIntervalToAssignment(interval)
                slots.append((brk.name, interval))
            if slots:
                self.time.SetBreakIntervalsOfVehicle([s[1] for s in slots], v, node_visit)
            self.break_vars.append(slots)

    def _on_solution(self) -> None:
        now = time.monotonic()
        if now - self._last_report < 0.05:
            return
        self._last_report = now
        self.state.report(progress=self._progress(now - self._started), best_cost=float(self.routing.CostVar().Value()))

    def _parameters(self, seconds: float, *, improve: bool) -> pywrapcp.RoutingSearchParameters:
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
        if improve:
            params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
            if self.layout.options.iterations is not None:
                params.solution_limit = self.layout.options.iterations
        else:
            params.solution_limit = 1
        params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
        return params

    def first_solution(self, seconds: float, progress: Callable[[float], float]) -> pywrapcp.Assignment | None:
        """A first feasible solution (parallel cheapest insertion), no improvement."""
        self._arm(progress)
        return self.routing.SolveWithParameters(self._parameters(seconds, improve=False))

    def improve(
        self, start: pywrapcp.Assignment | None, seconds: float, progress: Callable[[float], float]
    ) -> pywrapcp.Assignment | None:
        """Guided Local Search for ``seconds`` from ``start`` (or from a first solution when None)."""
        self._arm(progress)
        started = time.monotonic()
        params = self._parameters(seconds, improve=True)
        if start is None:
            return self.routing.SolveWithParameters(params)
        found = self.routing.SolveFromAssignmentWithParameters(start, params)
        left = seconds - (time.monotonic() - started)
        if found is None and left > 0.1 and not self.state.cancelled:
            # With breaks, restoring a solution can fail when the finalizer cannot place the breaks again;
            # a fresh search still has a chance.
            return self.routing.SolveWithParameters(self._parameters(left, improve=True))
        return found

    def _arm(self, progress: Callable[[float], float]) -> None:
        self._progress = progress
        self._started = time.monotonic()
        self._last_report = 0.0

    def from_routes(self, routes: list[list[int]]) -> tuple[pywrapcp.Assignment | None, int]:
        """An assignment following ``routes`` (visit nodes per vehicle), and how many visits had to be taken out.

        Routes from a solver that does not see every constraint (breaks) may be rejected; each rejected route
        is repaired on its own (routes do not constrain one another) by taking out the fewest visits this
        greedy finds: one if one is enough, else from the end. The search afterwards tries to put them back.
        """
        whole = self._read(routes)
        if whole is not None:
            return whole, 0
        repaired, taken_out = [], 0
        for v, route in enumerate(routes):
            kept = self._repair(v, list(route))
            taken_out += len(route) - len(kept)
            repaired.append(kept)
        return self._read(repaired), taken_out

    def _read(self, routes: list[list[int]]) -> pywrapcp.Assignment | None:
        indices = [[self.manager.NodeToIndex(n) for n in route] for route in routes]
        return self.routing.ReadAssignmentFromRoutes(indices, True)

    def _fits(self, vehicle: int, route: list[int]) -> bool:
        alone: list[list[int]] = [[] for _ in range(self.layout.vehicles)]
        alone[vehicle] = route
        return self._read(alone) is not None

    def _repair(self, vehicle: int, route: list[int]) -> list[int]:
        while route and not self._fits(vehicle, route):
            for i in range(len(route)):
                shorter = route[:i] + route[i + 1 :]
                if self._fits(vehicle, shorter):
                    return shorter
            route = route[:-1]
        return route

    def read(self, assignment: pywrapcp.Assignment) -> Solved:
        """Routes, times and breaks of a solution."""
        routing, manager, dim = self.routing, self.manager, self.time
        routes, starts, r_start, r_end, breaks = [], [], [], [], []
        for v in range(self.layout.vehicles):
            index = routing.Start(v)
            r_start.append(assignment.Value(dim.CumulVar(index)))
            nodes, times = [], []
            index = assignment.Value(routing.NextVar(index))
            while not routing.IsEnd(index):
                nodes.append(manager.IndexToNode(index))
                times.append(assignment.Value(dim.CumulVar(index)))
                index = assignment.Value(routing.NextVar(index))
            r_end.append(assignment.Value(dim.CumulVar(index)))
            routes.append(tuple(nodes))
            starts.append(tuple(times))
            slots = []
            for name, interval in self.break_vars[v]:
                begin = assignment.StartValue(interval)
                slots.append((name, begin, begin + interval.DurationMin()))
            breaks.append(tuple(slots))
        return Solved(
            routes=tuple(routes),
            starts=tuple(starts),
            route_start=tuple(r_start),
            route_end=tuple(r_end),
            breaks=tuple(breaks),
            cost=int(assignment.ObjectiveValue()),
        )

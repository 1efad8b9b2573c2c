"""Solomon VRPTW instances: reader, and a command line that solves one and checks the result.

    python -m routing.solomon FILE --time-limit S [--seed N] [--engine ortools|pyvrp+ortools]

Distances are true Euclidean in double precision; one distance unit takes one time unit; the fleet size in the
file bounds the number of routes and every vehicle carries the file's capacity. The solver minimises total
distance. The routes are checked by the independent checker against freshly computed distances before
``vehicles:`` and ``distance:`` are printed; the exit status is 1 when the check fails or a customer is left out.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from routing.checker import check
from routing.matrix import EuclideanProvider, MatrixTravel
from routing.plan import RoutingPlan
from routing.problem import Place, RoutingProblem, SolveOptions, Technician, TimeWindow, Visit
from routing.solver import solve
from routing.state import SolveState


@dataclass(frozen=True)
class SolomonCustomer:
    """One row of the CUSTOMER table (id 0 is the depot)."""

    id: int
    x: float
    y: float
    demand: int
    ready: float
    due: float
    service: float


@dataclass(frozen=True)
class SolomonInstance:
    """A parsed Solomon file."""

    name: str
    vehicles: int
    capacity: int
    depot: SolomonCustomer
    customers: tuple[SolomonCustomer, ...]


def read_solomon(path: str | Path) -> SolomonInstance:
    """Parse a Solomon-format file (any line endings)."""
    lines = [line.strip() for line in Path(path).read_text().splitlines()]
    lines = [line for line in lines if line]
    name = lines[0]
    upper = [line.upper() for line in lines]
    at = next(i for i, line in enumerate(upper) if line.startswith("VEHICLE"))
    numbers = next(line for line in lines[at + 1 :] if line.split()[0].isdigit())
    vehicles, capacity = (int(x) for x in numbers.split()[:2])
    start = next(i for i, line in enumerate(upper) if line.startswith("CUSTOMER"))
    rows: list[SolomonCustomer] = []
    for line in lines[start + 1 :]:
        parts = line.split()
        if len(parts) < 7 or not parts[0].isdigit():
            continue
        cid, x, y, demand, ready, due, service = parts[:7]
        rows.append(
            SolomonCustomer(int(cid), float(x), float(y), int(float(demand)), float(ready), float(due), float(service))
        )
    depot = next(r for r in rows if r.id == 0)
    return SolomonInstance(name, vehicles, capacity, depot, tuple(r for r in rows if r.id != 0))


def to_problem(instance: SolomonInstance) -> RoutingProblem:
    """The instance as a routing problem: one technician per vehicle of the fleet, all at the depot."""
    depot = instance.depot
    home = Place(lat=depot.y, lon=depot.x)
    shift = TimeWindow(depot.ready, depot.due)
    techs = tuple(
        Technician(id=f"v{k + 1}", shift=shift, start=home, capacity=instance.capacity)
        for k in range(instance.vehicles)
    )
    visits = tuple(
        Visit(
            id=str(c.id),
            place=Place(lat=c.y, lon=c.x),
            duration=c.service,
            window=TimeWindow(c.ready, c.due),
            demand=c.demand,
        )
        for c in instance.customers
    )
    return RoutingProblem(visits=visits, technicians=techs, name=instance.name)


def solomon_options(time_limit: float, seed: int = 0, engine: str = "pyvrp+ortools") -> SolveOptions:
    """Distance objective at a thousandth of a unit, the usual engine."""
    return SolveOptions(
        time_limit=time_limit,
        seed=seed,
        objective="distance",
        engine=engine,  # type: ignore[arg-type]
        time_scale=1000,
        distance_scale=1000,
    )


def independent_travel(problem: RoutingProblem) -> MatrixTravel:
    """Euclidean distances between the problem's places, computed afresh for checking."""
    points = [t.start for t in problem.technicians[:1]] + [v.place for v in problem.visits if v.place is not None]
    return MatrixTravel(tuple(points), EuclideanProvider().build(points))


def solve_instance(
    instance: SolomonInstance, time_limit: float, seed: int = 0, engine: str = "pyvrp+ortools"
) -> tuple[RoutingProblem, RoutingPlan]:
    """Solve one instance and return the problem with its plan."""
    problem = to_problem(instance)
    plan = solve(problem, SolveState(), solomon_options(time_limit, seed, engine), EuclideanProvider())
    return problem, plan


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m routing.solomon", description="Solve a Solomon VRPTW instance.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", choices=("ortools", "pyvrp+ortools"), default="pyvrp+ortools")
    args = parser.parse_args(argv)
    problem, plan = solve_instance(read_solomon(args.file), args.time_limit, args.seed, args.engine)
    used = [r for r in plan.routes if r.stops]
    for k, route in enumerate(used, start=1):
        print(f"Route #{k}: " + " ".join(s.visit_id for s in route.stops))
    violations = check(problem, plan, independent_travel(problem))
    for v in violations:
        print(f"check failed: {v.rule}: {v.subject}: {v.message}", file=sys.stderr)
    for d in plan.dropped:
        print(f"not routed: {d.visit_id}: {d.reason.value} ({d.detail})", file=sys.stderr)
    print(f"vehicles: {len(used)}")
    print(f"distance: {plan.totals.km:.2f}")
    return 1 if violations or plan.dropped else 0


if __name__ == "__main__":
    sys.exit(main())

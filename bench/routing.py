"""Route quality and speed: Solomon instances against their best-known solutions, PyVRP and VROOM; a generated
realistic day around Chelyabinsk.

    python bench/routing.py [--time-limit 10] [--instances C101 R101 ...] [--no-day] [--no-solomon]

(a) Each Solomon instance is solved by our solver (PyVRP-seeded OR-Tools, the default engine), OR-Tools alone,
PyVRP alone and VROOM (pyvroom), each for the same time limit on one thread, minimising total distance with
true Euclidean distances and the file's fleet and capacity. Every solution is checked by routing.checker;
distances are recomputed in double precision from the routes.
(b) A day of 300 visits, 25 technicians, 2-hour windows, skills and 3 zones around Chelyabinsk (haversine
matrix): time to the first feasible plan, and total driving time after the time limit for our solver, OR-Tools
alone and PyVRP alone (skills and zones as PyVRP routing profiles), all checked by the same checker.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bench.common import machine
from routing.checker import check
from routing.feasibility import eligibility
from routing.layout import build_layout, working_hours
from routing.matrix import HaversineProvider, MatrixTravel
from routing.problem import Break, Place, RoutingProblem, SolveOptions, Technician, TimeWindow, Visit, Zone
from routing.pyvrp_core import solve_core
from routing.schedule import schedule_routes
from routing.solomon import SolomonInstance, independent_travel, read_solomon, solve_instance, to_problem
from routing.solver import solve
from routing.state import SolveState

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "solomon"
DEFAULT_INSTANCES = ("C101", "C201", "R101", "R201", "RC101", "RC201", "C106", "R105", "R205", "RC105", "RC205")
SCALE = 1000


def bks(instance: str) -> tuple[int, float]:
    """Vehicles and distance of the hierarchical best-known solution."""
    with open(DATA / "bks.csv") as fh:
        for row in csv.DictReader(fh):
            if row["instance"] == instance and row["source"].startswith("hierarchical:"):
                return int(row["vehicles"]), float(row["distance"])
    raise KeyError(instance)


def _solomon_arrays(inst: SolomonInstance) -> tuple[np.ndarray, np.ndarray, list]:
    nodes = [inst.depot, *inst.customers]
    xy = np.array([(c.x, c.y) for c in nodes])
    dist = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    return np.rint(dist * SCALE).astype(np.int64), np.ceil(dist * SCALE - 1e-9).astype(np.int64), nodes


def run_pyvrp(inst: SolomonInstance, seconds: float, seed: int) -> dict[str, list[str]]:
    """PyVRP alone on the instance; routes as customer ids per vehicle."""
    from pyvrp import Client, Depot, Location, ProblemData, VehicleType, solve
    from pyvrp.stop import MaxRuntime

    cost, dur, nodes = _solomon_arrays(inst)
    locations = [Location(c.x, c.y) for c in nodes]
    depot = inst.depot
    clients = [
        Client(
            i,
            delivery=[c.demand],
            service_duration=round(c.service * SCALE),
            tw_early=round(c.ready * SCALE),
            tw_late=round(c.due * SCALE),
        )
        for i, c in enumerate(nodes)
        if i > 0
    ]
    vt = VehicleType(
        inst.vehicles, capacity=[inst.capacity], tw_early=round(depot.ready * SCALE), tw_late=round(depot.due * SCALE)
    )
    data = ProblemData(locations, clients, [Depot(0)], [vt], [cost], [dur])
    best = solve(data, MaxRuntime(seconds), seed=seed, collect_stats=False, display=False).best
    if not best.is_feasible():
        return {}
    return {f"v{k + 1}": [str(nodes[a.idx + 1].id) for a in r if a.is_client()] for k, r in enumerate(best.routes())}


def run_vroom(inst: SolomonInstance, seconds: float) -> dict[str, list[str]]:
    """VROOM (exploration level 5, one thread, same time limit) on the instance."""
    import vroom

    cost, dur, nodes = _solomon_arrays(inst)
    problem = vroom.Input()
    problem.set_durations_matrix("car", dur)
    problem.set_costs_matrix("car", cost)
    depot = inst.depot
    window = vroom.TimeWindow(round(depot.ready * SCALE), round(depot.due * SCALE))
    for k in range(inst.vehicles):
        problem.add_vehicle(vroom.Vehicle(k + 1, start=0, end=0, capacity=[inst.capacity], time_window=window))
    for i, c in enumerate(nodes):
        if i:
            problem.add_job(
                vroom.Job(
                    c.id,
                    location=i,
                    default_service=round(c.service * SCALE),
                    delivery=[c.demand],
                    time_windows=[vroom.TimeWindow(round(c.ready * SCALE), round(c.due * SCALE))],
                )
            )
    solution = problem.solve(exploration_level=5, nb_threads=1, timeout=timedelta(seconds=seconds)).to_dict()
    return {f"v{r['vehicle']}": [str(s["id"]) for s in r["steps"] if s["type"] == "job"] for r in solution["routes"]}


def checked(problem: RoutingProblem, routes: dict[str, list[str]], travel: MatrixTravel) -> tuple[float, int, bool]:
    """Distance, vehicles, and whether the routes pass the checker with every customer served."""
    plan = schedule_routes(problem, routes, travel)
    ok = bool(routes) and not check(problem, plan, travel) and not plan.dropped
    return plan.totals.km, sum(1 for r in plan.routes if r.stops), ok


def solomon(instances: list[str], seconds: float, seed: int) -> None:
    """Part (a): print the table and the median gaps to PyVRP."""
    print(f"\n(a) Solomon, {seconds:g} s each, seed {seed}; dist/veh, gap to BKS distance; * = failed the checker")
    head = f"{'inst':<6} {'BKS':>12} | {'ours':>19} | {'OR-Tools alone':>19} | {'PyVRP':>19} | {'VROOM':>19} {'s':>5}"
    print(head)
    gaps: dict[str, list[float]] = {"ours": [], "ortools": []}
    for name in instances:
        inst = read_solomon(DATA / f"{name}.txt")
        problem = to_problem(inst)
        travel = independent_travel(problem)
        bks_veh, bks_dist = bks(name)
        cells, dists = [], {}
        for key in ("ours", "ortools", "pyvrp", "vroom"):
            started = time.monotonic()
            if key in ("ours", "ortools"):
                _, plan = solve_instance(inst, seconds, seed, "pyvrp+ortools" if key == "ours" else "ortools")
                routes = {r.technician_id: [s.visit_id for s in r.stops] for r in plan.routes}
            elif key == "pyvrp":
                routes = run_pyvrp(inst, seconds, seed)
            else:
                routes = run_vroom(inst, seconds)
            took = time.monotonic() - started
            dist, veh, ok = checked(problem, routes, travel)
            dists[key] = dist
            gap = 100 * (dist / bks_dist - 1)
            cells.append(f"{dist:8.2f}/{veh:>2} {gap:+5.2f}%{'' if ok else '*'}")
        for key in gaps:
            gaps[key].append(100 * (dists[key] / dists["pyvrp"] - 1))
        print(f"{name:<6} {bks_dist:8.2f}/{bks_veh:>2} | " + " | ".join(cells) + f" {took:5.1f}", flush=True)
    for key, values in gaps.items():
        print(f"median gap to PyVRP, {key}: {statistics.median(values):+.2f}% (max {max(values):+.2f}%)")


CENTRE = Place(55.16, 61.40)
SKILLS = ("electric", "plumbing", "hvac", "gas")


def _offset(rng: random.Random, radius_km: float) -> Place:
    r = radius_km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    return Place(
        CENTRE.lat + r * math.sin(a) / 111.0, CENTRE.lon + r * math.cos(a) / (111.0 * math.cos(math.radians(55.16)))
    )


def _sector(k: int, radius_km: float = 40.0) -> Zone:
    ring = [(CENTRE.lat, CENTRE.lon)]
    for step in range(13):
        a = 2 * math.pi * (k + step / 12) / 3
        ring.append(
            (
                CENTRE.lat + radius_km * math.sin(a) / 111.0,
                CENTRE.lon + radius_km * math.cos(a) / (111.0 * math.cos(math.radians(55.16))),
            )
        )
    return Zone(f"Z{k + 1}", tuple(ring))


def realistic_day(seed: int = 1, visits: int = 300, technicians: int = 25, lunch: bool = False) -> RoutingProblem:
    """300 visits in 2-hour windows 8:00–18:00 (fewer late in the day), durations 15–40 min, a skill on 40% of
    them; 25 technicians with two or three skills, one or two of three zones (every fifth one everywhere), shifts
    8–17 or 9–18 from home."""
    rng = random.Random(seed)
    zones = tuple(_sector(k) for k in range(3))
    vs = []
    for i in range(visits):
        slot = rng.choices(range(5), weights=(25, 25, 20, 20, 10))[0]
        vs.append(
            Visit(
                id=f"J{i + 1}",
                place=_offset(rng, 12.0),
                duration=float(rng.choice((15, 20, 25, 30, 40))),
                window=TimeWindow(480 + 120 * slot, 600 + 120 * slot),
                skills=frozenset({rng.choice(SKILLS)}) if rng.random() < 0.4 else frozenset(),
            )
        )
    ts = []
    for k in range(technicians):
        own = frozenset(rng.sample(SKILLS, rng.choice((2, 3))))
        covered = frozenset() if k % 5 == 0 else frozenset(rng.sample([z.id for z in zones], rng.choice((1, 2))))
        start = 480.0 if k % 2 else 540.0
        brk = (Break(TimeWindow(720, 840), 30.0, "lunch"),) if lunch else ()
        ts.append(
            Technician(
                id=f"T{k + 1}",
                shift=TimeWindow(start, start + 540),
                start=_offset(rng, 10.0),
                skills=own,
                zones=covered,
                breaks=brk,
            )
        )
    return RoutingProblem(visits=tuple(vs), technicians=tuple(ts), zones=zones, name="chelyabinsk-day")


def _first_plan_seconds(problem: RoutingProblem) -> float:
    started = time.monotonic()
    plan = solve(problem, SolveState(), SolveOptions(time_limit=10, first_solution_only=True))
    took = time.monotonic() - started
    assert plan.travel is not None and not check(problem, plan, plan.travel), "first plan fails the checker"
    return took


def day(seconds: float, seed: int, days: int = 3) -> None:
    """Part (b): ``days`` generated days (seeds ``seed``, ``seed + 1``, ...), then the first one with lunch breaks."""
    print(f"\n(b) realistic days: 300 visits, 25 technicians, {seconds:g} s; driving hours / dropped visits")
    print(
        f"{'day':<5} {'first plan s':>12} | {'ours':>13} | {'OR-Tools alone':>14} | {'PyVRP alone':>13} | ours vs PyVRP"
    )
    gaps = []
    for k in range(days):
        problem = realistic_day(seed + k)
        first = max(_first_plan_seconds(problem) for _ in range(3))
        cells = []
        for engine in ("pyvrp+ortools", "ortools"):
            plan = solve(problem, SolveState(), SolveOptions(time_limit=seconds, seed=seed, engine=engine))
            ok = plan.travel is not None and not check(problem, plan, plan.travel)
            cells.append((plan.totals.driving_hours, plan.totals.unassigned, ok))
        hours, _, dropped, ok, _ = _pyvrp_day(problem, seconds, seed)
        cells.append((hours, dropped, ok))
        gaps.append(100 * (cells[0][0] / cells[2][0] - 1))
        text = " | ".join(f"{h:8.2f} / {d:>2}{'' if ok else '*'}" for h, d, ok in cells)
        print(f"{seed + k:<5} {first:12.2f} | {text} | {gaps[-1]:+.2f}%", flush=True)
    print(f"median gap of ours to PyVRP alone: {statistics.median(gaps):+.2f}%")
    lunch = realistic_day(seed, lunch=True)
    print(f"day {seed} with a 30-min lunch break starting 12:00–14:00 for everyone (PyVRP alone cannot model it):")
    for engine in ("pyvrp+ortools", "ortools"):
        plan = solve(lunch, SolveState(), SolveOptions(time_limit=seconds, seed=seed, engine=engine))
        ok = plan.travel is not None and not check(lunch, plan, plan.travel)
        print(
            f"{engine:<14} {plan.totals.driving_hours:9.2f} {plan.totals.km:8.1f} {plan.totals.unassigned:>7} "
            f"{'yes' if ok else 'NO':>7} {plan.seconds:5.1f} {'; '.join(plan.notes)}"
        )


def _pyvrp_day(problem: RoutingProblem, seconds: float, seed: int) -> tuple[float, float, int, bool, float]:
    started = time.monotonic()
    options = SolveOptions(time_limit=seconds, seed=seed)
    points = [v.place for v in problem.visits] + [t.start for t in problem.technicians]
    points += [t.end_place for t in problem.technicians]
    matrix = HaversineProvider().build(points, working_hours(problem))  # type: ignore[arg-type]
    travel = MatrixTravel(tuple(points), matrix)  # type: ignore[arg-type]
    rows = {v.id: i for i, v in enumerate(problem.visits)}
    allowed = eligibility(build_layout(problem, problem.visits, matrix, rows, options)).allowed
    layout = build_layout(problem, [v for v in problem.visits if v.id in allowed], matrix, rows, options)
    core = solve_core(layout, allowed, seconds, SolveState(), lambda _: 0.0)
    routes = {
        t.id: [layout.visits[n].id for n in seq] for t, seq in zip(problem.technicians, core.routes or [], strict=False)
    }
    plan = schedule_routes(problem, routes, travel)
    ok = bool(core.routes) and not check(problem, plan, travel)
    return plan.totals.driving_hours, plan.totals.km, plan.totals.unassigned, ok, time.monotonic() - started


def main() -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--instances", nargs="*", default=list(DEFAULT_INSTANCES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-solomon", action="store_true")
    parser.add_argument("--no-day", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    if not args.no_solomon:
        solomon(args.instances, args.time_limit, args.seed)
    if not args.no_day:
        day(args.time_limit, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time a given order of visits: each technician leaves at the start of the shift, starts every visit as early
as its window allows, and goes home. Used to check routes that came from elsewhere (another solver, a
dispatcher's drag and drop) with the same checker as our own plans. Breaks are not placed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from routing.matrix import MatrixTravel
from routing.plan import DroppedVisit, DropReason, Route, RoutingPlan, Stop, make_totals
from routing.problem import RoutingProblem


def schedule_routes(
    problem: RoutingProblem,
    sequences: Mapping[str, Sequence[str]],
    travel: MatrixTravel,
    solver: str = "given",
) -> RoutingPlan:
    """A plan following ``sequences`` (technician id → visit ids in order) with earliest start times.

    Visits in no sequence are listed as dropped (reason NO_ROOM); whether the timing keeps every window and
    shift is for the checker to say.
    """
    visits = {v.id: v for v in problem.visits}
    routes = []
    for tech in problem.technicians:
        order = sequences.get(tech.id, ())
        place, clock, stops = tech.start, tech.shift.start, []
        for vid in order:
            visit = visits[vid]
            if visit.place is None:
                continue
            minutes, km = travel.between(place, visit.place)
            arrival = clock + minutes
            start = arrival
            if visit.pinned_start is not None:
                start = max(arrival, visit.pinned_start)
            elif visit.window is not None:
                start = max(arrival, visit.window.start)
            stops.append(Stop(vid, arrival, start, start + visit.duration, minutes, km))
            place, clock = visit.place, start + visit.duration
        back_minutes, back_km = travel.between(place, tech.end_place) if stops else (0.0, 0.0)
        end = clock + back_minutes if stops else tech.shift.start
        routes.append(Route(tech.id, tech.shift.start, end, tuple(stops), (), back_minutes, back_km))
    routed = {vid for seq in sequences.values() for vid in seq}
    dropped = tuple(
        DroppedVisit(v.id, DropReason.NO_ROOM, "not in any route") for v in problem.visits if v.id not in routed
    )
    return RoutingPlan(
        routes=tuple(routes),
        dropped=dropped,
        totals=make_totals(tuple(routes), len(dropped)),
        solver=solver,
        matrix_provider=travel.matrix.provider,
        matrix_note=travel.matrix.note,
        travel=travel,
    )

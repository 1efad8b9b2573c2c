"""Demo orders moving through the pipelines, their stage history, visits and tasks, all consistent in time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import TYPE_CHECKING

from sqlalchemy import text

from models import demo_catalog as cat
from models.demo_schedule import Booking, Shifts, book

if TYPE_CHECKING:
    from models.demo import Demo, PipelineRef, StageRef
    from models.demo_clients import ClientRec, Fleet, People, SiteRec, UnitRec

ORDERS = 3_000
CENT = Decimal("0.01")
UNASSIGNED_SHARE = 0.03
#: How payments arrive, with their shares; some paid orders are paid in two parts (prepayment, then the rest).
PAYMENT_METHODS = {"transfer": 45, "card": 25, "cash": 20, "online": 10}
SPLIT_SHARE = 0.35


@dataclass
class OrderRec:
    """An order as generated: its content first, its times once its visit has been placed."""

    id: int
    number: int
    pipeline: PipelineRef
    path: list[StageRef]  # stages entered, in order; the last one is the current stage
    client: ClientRec
    site: SiteRec
    unit: UnitRec | None
    family: str
    owner_id: int
    visit_at: int | None = None  # index in path of the stage whose visit falls in the window
    visit_day: int | None = None  # wanted day of that visit, relative to today
    booking: Booking | None = None
    visit_id: int | None = None
    times: list[datetime] = field(default_factory=list)

    @property
    def stage(self) -> StageRef:
        return self.path[-1]

    @property
    def is_open(self) -> bool:
        return self.stage.kind == "open"


@dataclass
class Work:
    """What calls and the timeline link to: orders, the stage moves and the visits done."""

    orders: list[OrderRec]
    visits_today: int = 0
    visits_done: list[tuple[int, OrderRec, datetime]] = field(default_factory=list)
    moves: list[tuple[OrderRec, str | None, str, datetime, int, str | None]] = field(default_factory=list)
    payments: list[tuple[OrderRec, Decimal, datetime]] = field(default_factory=list)  # one per payments row


def make_orders(demo: Demo, people: People, fleet: Fleet, shifts: Shifts) -> Work:
    """Write orders, stage history, visits and tasks; return what the calls and timeline refer to."""
    rng = demo.rng("orders")
    w = demo.writer
    units = {family: fleet.of(family) for family in (cat.AC, cat.WATER, cat.MACHINE)}
    persons = [c for c in people.clients if c.kind == "person"]
    zone_owner = {z.id: z.dispatcher_id for z in demo.zones}
    office = demo.office
    orders = []
    for oid, number in zip(w.ids("orders", ORDERS), w.ids("orders", ORDERS, "number"), strict=True):
        code = rng.choices(list(cat.PIPELINE_WEIGHTS), list(cat.PIPELINE_WEIGHTS.values()))[0]
        pipeline = demo.pipelines[code]
        unit = None
        if code == "sales_install":
            family = cat.AC
            client = rng.choice(persons) if rng.random() < 0.85 else rng.choice(people.clients)
            site = rng.choice(client.sites)
        else:
            family = rng.choices(list(cat.FAMILY_WEIGHTS[code]), list(cat.FAMILY_WEIGHTS[code].values()))[0]
            unit = rng.choice(units[family])
            client, site = unit.client, unit.site
        owner = zone_owner.get(site.zone_ids[0]) if code != "sales_install" and rng.random() < 0.6 else None
        order = OrderRec(oid, number, pipeline, _path(rng, pipeline), client, site, unit, family,
                         owner or rng.choice(office))
        _want_visit(rng, order)
        orders.append(order)
    work = Work(orders)
    _place_visits(demo, shifts, orders)
    clock = demo.rng("order-times")  # times depend on where visits landed; content draws stay apart from them
    for order in orders:
        _set_times(demo, clock, order)
    _write(demo, rng, work)
    return work


def _path(rng: Random, pipeline: PipelineRef) -> list[StageRef]:
    open_stages = [s for s in pipeline.stages if s.kind == "open"]
    won = next(s for s in pipeline.stages if s.kind == "won")
    lost = next(s for s in pipeline.stages if s.kind == "lost")
    outcome = rng.random()
    if outcome < 0.45:
        return [*open_stages, won]
    if outcome < 0.57:
        return [*open_stages[: rng.randint(1, len(open_stages) - 1)], lost]
    current = rng.choices(open_stages, [s.weight for s in open_stages])[0]
    return open_stages[: open_stages.index(current) + 1]


def _want_visit(rng: Random, order: OrderRec) -> None:
    """Decide which visit of the order lies in the four-week window, and on which day."""
    visits = [i for i, s in enumerate(order.path) if s.visit]
    if not visits:
        return
    last = visits[-1]
    stage = order.stage
    if stage.kind == "open" and order.path[last] is stage:  # waiting for its visit
        if rng.random() < 0.88:
            near = rng.random() < 0.6
            order.visit_at, order.visit_day = last, min(13, int(rng.expovariate(1 / 3))) if near else rng.randrange(14)
    elif stage.kind == "lost" and last == len(order.path) - 2:  # the client cancelled the booked visit
        if rng.random() < 0.3:
            order.visit_at, order.visit_day = last, rng.randint(-14, 13)
    elif rng.random() < (0.75 if stage.kind == "open" else 0.3 if stage.kind == "won" else 0.0):
        order.visit_at, order.visit_day = last, -rng.randint(1, 14)


def _service(order: OrderRec) -> str:
    return cat.VISIT_SERVICE[(order.path[order.visit_at].visit, order.family)]  # type: ignore[index]


def _place_visits(demo: Demo, shifts: Shifts, orders: list[OrderRec]) -> None:
    rng = demo.rng("planning")
    wanted = sorted((o for o in orders if o.visit_day is not None), key=lambda o: (o.visit_day, o.id))
    for order in wanted:
        service = demo.services[_service(order)]
        future = order.visit_day >= 0  # type: ignore[operator]
        days = shifts.window(future, demo.today)
        want = demo.today + timedelta(days=order.visit_day)  # type: ignore[arg-type]
        days.sort(key=lambda d: (abs((d - want).days), d < want))
        if future and order.visit_day and rng.random() < UNASSIGNED_SHARE:
            order.booking = None
        elif order.stage.kind == "lost":  # a cancelled visit keeps its time but frees the slot
            booking = book(shifts, rng, order.site, service.skill, service.minutes, days[:3])
            order.booking = booking
            if booking is None:
                order.visit_at = order.visit_day = None
            continue
        else:
            order.booking = book(shifts, rng, order.site, service.skill, service.minutes, days[:4])
        if order.booking is None and not future:
            order.visit_at = order.visit_day = None  # no room in the past: that visit happened earlier


def _set_times(demo: Demo, rng: Random, order: OrderRec) -> None:
    """Stage times consistent with the visit: stages up to the booking before it, later ones after it."""
    now = demo.now
    n = len(order.path)
    if order.visit_at is None:
        if order.is_open:
            age = timedelta(days=rng.uniform(0.1, 21) if rng.random() < 0.85 else rng.uniform(21, 120))
            start, end = now - age, now - timedelta(minutes=5)
        else:
            start = now - timedelta(days=rng.uniform(15, 180))
            end = min(start + timedelta(days=rng.uniform(2, 30)), now - timedelta(days=1))
        order.times = [start, *sorted(_between(rng, start, end) for _ in range(n - 1))]
        return
    if order.booking is not None:
        visit_start, visit_end = order.booking.starts_at, order.booking.ends_at
    else:
        visit_start = _unassigned_start(demo, order)
        visit_end = visit_start + timedelta(minutes=demo.services[_service(order)].minutes)
    booked = min(visit_start, now) - timedelta(hours=rng.uniform(2, 96))
    created = booked - timedelta(days=rng.uniform(0.2, 3) * order.visit_at) if order.visit_at else booked
    before = sorted(_between(rng, created, booked) for _ in range(max(0, order.visit_at - 1)))
    head = [created, *before, booked] if order.visit_at else [booked]
    after_count = n - order.visit_at - 1
    if order.stage.kind == "lost":
        tail = [_between(rng, booked, min(visit_start, now))]
    else:
        until = min(now - timedelta(minutes=5), visit_end + timedelta(hours=rng.uniform(1, 240)))
        tail = sorted(_between(rng, visit_end, until) for _ in range(after_count))
    order.times = head + tail


def _unassigned_start(demo: Demo, order: OrderRec) -> datetime:
    """Visits nobody is assigned to yet are wanted in the late morning of a coming day."""
    day = demo.today + timedelta(days=max(1, order.visit_day or 0))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return demo.at(day, 10 * 60)


def _between(rng: Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return (start + (end - start) * rng.random()).replace(microsecond=0)


def _amounts(rng: Random, demo: Demo, order: OrderRec) -> tuple[Decimal, Decimal, str, str, str | None]:
    """Amount, paid, scenario, title and description."""
    prices = {code: s.price for code, s in demo.services.items()}
    names = [s.name for s in order.path]
    on = order.times[0].astimezone(demo.tz).date()
    unit = order.unit
    if order.pipeline.code == "sales_install":
        maker = rng.choice([m for m in cat.MANUFACTURERS if m[2] == cat.AC])
        amount = Decimal(0)
        if "КП/смета" in names:
            amount = Decimal(rng.randrange(280, 950) * 100) + prices["ac_install_std"]
        elif "Замер" in names:
            amount = prices["survey"]
        scenario = "installation" if "Монтаж назначен" in names else "sale"
        title = f"Кондиционер {maker[0]} {rng.choice(maker[6])} с монтажом"
        return amount, _paid(rng, order, amount), scenario, title, None
    assert unit is not None
    warranty = unit.under_warranty(on)
    if order.pipeline.code == "maintenance":
        if unit.family == cat.WATER:
            amount, scenario, title = prices["wm_verify"] * rng.randint(1, 3), "verification", "Поверка счётчиков воды"
        else:
            amount = prices[cat.VISIT_SERVICE[("maintenance", unit.family)]] + _parts(rng, unit.family) / 2
            scenario = "warranty_maintenance" if warranty else "post_warranty_maintenance"
            title = f"ТО: {unit.maker} {unit.model}"
        return amount, _paid(rng, order, amount), scenario, title, None
    complaint = rng.choice(cat.COMPLAINTS[unit.family])
    amount = Decimal(0) if warranty else prices[cat.VISIT_SERVICE[("diagnostics", unit.family)]]
    if not warranty and "Согласование" in names:
        amount += prices[cat.VISIT_SERVICE[("repair", unit.family)]] + _parts(rng, unit.family)
    title = f"{'Гарантийный' if warranty else 'Платный'} ремонт: {unit.maker} {unit.model}"
    scenario = "warranty_repair" if warranty else "post_warranty_repair"
    return amount, _paid(rng, order, amount), scenario, title, complaint


def _parts(rng: Random, family: str) -> Decimal:
    return Decimal(rng.randrange(0, cat.PARTS_MAX[family] // 50 + 1) * 50)


def _paid(rng: Random, order: OrderRec, amount: Decimal) -> Decimal:
    if order.stage.kind == "won":
        return amount
    if order.stage.kind == "open" and (order.stage.name in ("Оплата", "Ввод в эксплуатацию", "Смонтировано",
                                                           "Монтаж назначен") and rng.random() < 0.5):
        return (amount / 2).quantize(CENT)
    return Decimal(0)


def _write(demo: Demo, rng: Random, work: Work) -> None:
    w = demo.writer
    orders, history, tasks, visits = [], [], [], []
    head_id = demo.users["goncharov_v"]
    visit_ids = iter(w.ids("visits", sum(o.visit_at is not None for o in work.orders)))
    visit_rng, task_rng, pay_rng = demo.rng("visits"), demo.rng("tasks"), demo.rng("payments")
    payments: list[tuple] = []
    for order in work.orders:
        amount, paid, scenario, title, description = _amounts(rng, demo, order)
        created, entered = order.times[0], order.times[-1]
        closed = entered if not order.is_open else None
        due = created + timedelta(days={"sales_install": 21, "maintenance": 7, "repair": 10}[order.pipeline.code])
        custom: dict = {}
        if order.unit is not None and order.unit.latest_reading is not None:
            custom = {"engine_hours": float(order.unit.latest_reading)}
        elif rng.random() < 0.3:
            custom = dict(rng.choice(cat.ORDER_EXTRAS))
        source = "dealer" if order.family == cat.MACHINE and rng.random() < 0.3 else rng.choices(
            list(cat.SOURCE_WEIGHTS), list(cat.SOURCE_WEIGHTS.values()))[0]
        orders.append((order.id, order.number, order.pipeline.id, order.stage.id, scenario, order.client.id,
                       order.site.id, order.unit.id if order.unit else None, order.owner_id, source, title,
                       description, amount, custom, due, entered, closed, created))
        previous = None
        for stage, at in zip(order.path, order.times, strict=True):
            user = head_id if stage.name == "Ремонт" else order.owner_id
            comment = rng.choice(cat.LOST_REASONS) if stage.kind == "lost" else None
            history.append((order.id, previous.id if previous else None, stage.id, at, user, comment))
            work.moves.append((order, previous.name if previous else None, stage.name, at, user, comment))
            previous = stage
        if paid:
            payments += _payments(demo, pay_rng, work, order, paid)
        task = _task(demo, task_rng, order)
        if task is not None:
            tasks.append(task)
        if order.visit_at is not None:
            visits.append(_visit(demo, visit_rng, order, next(visit_ids), order.times[order.visit_at]))
    _set_statuses(demo, visit_rng, visits)
    for row in visits:
        order = row[-1]
        if row[6] == "done":
            work.visits_done.append((row[0], order, row[5]))
        if row[4].astimezone(demo.tz).date() == demo.today and row[6] != "cancelled":
            work.visits_today += 1
    w.copy("orders", ("id", "number", "pipeline_id", "stage_id", "scenario", "client_id", "site_id", "equipment_id",
                      "owner_id", "source_channel", "title", "description", "amount", "custom_fields",
                      "due_at", "stage_entered_at", "closed_at", "created_at"), orders)
    _write_payments(demo, payments)
    w.copy("stage_history", ("id", "order_id", "from_stage_id", "to_stage_id", "changed_at", "user_id", "comment"),
           ((i, *row) for i, row in zip(w.ids("stage_history", len(history)), history, strict=True)))
    w.copy("tasks", ("id", "order_id", "client_id", "assignee_id", "title", "kind", "due_at", "status",
                     "origin_rule", "done_at", "created_at"),
           ((i, *row) for i, row in zip(w.ids("tasks", len(tasks)), tasks, strict=True)))
    w.copy("visits", ("id", "order_id", "technician_id", "service_id", "starts_at", "ends_at", "status", "reason",
                      "note", "created_at"), (row[:-1] for row in visits))


def _payments(demo: Demo, rng: Random, work: Work, order: OrderRec, paid: Decimal) -> list[tuple]:
    """The order's payments rows: the whole sum when the last stage was entered, or a prepayment before it first."""
    created, entered = order.times[0], order.times[-1]
    parts = [(paid, entered)]
    if rng.random() < SPLIT_SHARE and entered - created > timedelta(hours=2):
        first = (paid * Decimal(rng.randint(30, 70)) / 100).quantize(CENT)
        if Decimal(0) < first < paid:
            parts = [(first, _between(rng, created, entered)), (paid - first, entered)]
    rows = []
    for amount, at in parts:
        method = rng.choices(list(PAYMENT_METHODS), list(PAYMENT_METHODS.values()))[0]
        work.payments.append((order, amount, at))
        rows.append((order.id, amount, at.astimezone(demo.tz).date(), method, "manual", at, demo.users["lebedeva_n"]))
    return rows


def _write_payments(demo: Demo, payments: list[tuple]) -> None:
    """COPY the payments; ``orders.paid`` is their sum, kept by the payments trigger.

    The large scale loads with the per-row triggers switched off, so there the sum is set once, in bulk, as the
    trigger would have set it.
    """
    w = demo.writer
    w.copy("payments", ("id", "order_id", "amount", "paid_on", "method", "source", "created_at", "created_by"),
           ((i, *row) for i, row in zip(w.ids("payments", len(payments)), payments, strict=True)))
    if w.scalar("SELECT current_setting('session_replication_role')") == "replica":
        w.session.execute(text(
            "UPDATE orders o SET paid = s.total FROM (SELECT order_id, sum(amount) AS total FROM payments "
            "WHERE order_id = ANY(:ids) GROUP BY order_id) s WHERE o.id = s.order_id"),
            {"ids": sorted({row[0] for row in payments})})


def _task(demo: Demo, rng: Random, order: OrderRec) -> tuple | None:
    """The stage's follow-up task: open (a few overdue) for open orders, done for some closed ones."""
    entered = order.times[-1]
    if order.is_open and rng.random() < 0.6 and order.stage.name in cat.TASK_TITLES:
        due = entered + timedelta(hours=order.stage.sla_hours or 24)
        if due < demo.now and rng.random() < 0.75:  # most were moved on; some stay overdue
            due = demo.now + timedelta(hours=rng.uniform(1, 72))
        return (order.id, order.client.id, order.owner_id, cat.TASK_TITLES[order.stage.name], "todo", due, "open",
                "stage_entered", None, entered)
    if not order.is_open and rng.random() < 0.25:
        stage = rng.choice([s for s in order.path if s.name in cat.TASK_TITLES])
        at = order.times[order.path.index(stage)]
        done = at + timedelta(hours=rng.uniform(1, 20))
        return (order.id, order.client.id, order.owner_id, cat.TASK_TITLES[stage.name], "todo",
                at + timedelta(hours=24), "done", "stage_entered", done, at)
    return None


def _visit(demo: Demo, rng: Random, order: OrderRec, visit_id: int, booked: datetime) -> tuple:
    service = demo.services[_service(order)]
    if order.booking is not None:
        tech, start, end = order.booking.tech.id, order.booking.starts_at, order.booking.ends_at
    else:
        tech, start = None, _unassigned_start(demo, order)
        end = start + timedelta(minutes=service.minutes)
    status = "cancelled" if order.stage.kind == "lost" else None
    reason = rng.choice(cat.CANCEL_REASONS) if status else None
    note = rng.choice(cat.ACCESS_NOTES) if rng.random() < 0.1 else None
    order.visit_id = visit_id
    return (visit_id, order.id, tech, service.id, start, end, status, reason, note, booked, order)


def _set_statuses(demo: Demo, rng: Random, visits: list[tuple]) -> None:
    """Done in the past, on site or on the way today as the clock says, planned or confirmed ahead."""
    now, today = demo.now, demo.today
    visits.sort(key=lambda v: (v[2] or 0, v[4]))
    on_the_road: set[int | None] = set()
    for index, v in enumerate(visits):
        if v[6] == "cancelled":
            continue
        day: date = v[4].astimezone(demo.tz).date()
        if v[5] <= now:
            status = "done"
        elif v[4] <= now:
            status = "on_site"
            on_the_road.add(v[2])
        elif day == today and v[2] is not None and v[2] not in on_the_road and v[4] - now <= timedelta(minutes=90):
            status = "en_route"
            on_the_road.add(v[2])
        elif day <= today + timedelta(days=1):
            status = "confirmed" if v[2] is not None else "planned"
        else:
            status = "confirmed" if rng.random() < 0.35 else "planned"
        visits[index] = (*v[:6], status, *v[7:])

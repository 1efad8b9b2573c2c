"""Demo call history of the last month, callback tasks for missed calls, and the timeline of clients and orders."""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from random import Random
from typing import TYPE_CHECKING

from models import demo_catalog as cat
from models.demo_clients import mobile_number

if TYPE_CHECKING:
    from models.demo import Demo
    from models.demo_clients import People
    from models.demo_orders import OrderRec, Work

CALLS = 6_000
CALL_DAYS = 30
UNKNOWN_CALLERS_FROM = 9_500_000  # phone numbers no client has (clients count up from 0)
HOUR_WEIGHTS = {8: 4, 9: 9, 10: 10, 11: 10, 12: 7, 13: 6, 14: 8, 15: 9, 16: 9, 17: 7, 18: 4, 19: 2}
NOTES_COUNT = 1_500


def make_activity(demo: Demo, people: People, work: Work) -> None:
    """Write the calls, the callback tasks of missed calls and the timeline entries."""
    rng = demo.rng("calls")
    calls, callbacks = _calls(demo, rng, people, work)
    entries = _timeline(demo, demo.rng("timeline"), people, work, calls)
    w = demo.writer
    w.copy("calls", ("id", "pbx_call_id", "direction", "from_number", "from_digits", "to_number", "extension",
                     "started_at", "answered_at", "ended_at", "status", "client_id", "order_id", "user_id",
                     "created_at"), (row[:-1] for row in calls))
    w.copy("tasks", ("id", "client_id", "assignee_id", "title", "kind", "due_at", "status", "origin_rule",
                     "done_at", "created_at"),
           ((i, *row) for i, row in zip(w.ids("tasks", len(callbacks)), callbacks, strict=True)))
    entries.sort(key=lambda e: e[3])
    w.copy("timeline_entries", ("id", "client_id", "order_id", "kind", "at", "author_id", "text", "private",
                                "payload"),
           ((i, *row) for i, row in zip(w.ids("timeline_entries", len(entries)), entries, strict=True)))


def _call_times(demo: Demo, rng: Random) -> list[datetime]:
    hours, weights = list(HOUR_WEIGHTS), list(HOUR_WEIGHTS.values())
    times: list[datetime] = []
    while len(times) < CALLS:
        day = demo.today - timedelta(days=rng.randrange(CALL_DAYS))
        if day.weekday() >= 5 and rng.random() < 0.65:
            continue
        minute = rng.choices(hours, weights)[0] * 60 + rng.randrange(60)
        at = demo.at(day, minute) + timedelta(seconds=rng.randrange(60))
        if at < demo.now:
            times.append(at)
    return sorted(times)


def _pbx_form(rng: Random, e164: str) -> str:
    """The number as a PBX sends it: E.164, or 8 / 7 and the national digits."""
    return rng.choice((e164, e164, "8" + e164[2:], e164[1:]))


def _calls(demo: Demo, rng: Random, people: People, work: Work) -> tuple[list[tuple], list[tuple]]:
    orders_of: dict[int, list[OrderRec]] = defaultdict(list)
    for order in work.orders:
        orders_of[order.client.id].append(order)
    dispatchers = demo.dispatchers
    calls, callbacks = [], []
    unknown = UNKNOWN_CALLERS_FROM
    times = _call_times(demo, rng)
    for call_id, started in zip(demo.writer.ids("calls", len(times)), times, strict=True):
        inbound = rng.random() < 0.7
        client = rng.choice(people.clients) if not inbound or rng.random() < 0.78 else None
        if client is not None:
            number = rng.choice(client.phones)
        else:
            number, unknown = mobile_number(demo.seed, unknown), unknown + 1
        user_id, extension = rng.choice(dispatchers)
        answered = rng.random() < (0.88 if inbound else 0.8)
        answered_at = started + timedelta(seconds=rng.randint(3, 25)) if answered else None
        ended = (answered_at + timedelta(seconds=rng.randint(20, 600))) if answered_at else \
            started + timedelta(seconds=rng.randint(8, 45))
        status = "ended" if answered else "missed" if inbound else "failed"
        if inbound:
            from_number, from_digits, to_number = _pbx_form(rng, number), number[1:], cat.COMPANY_LINE
            if not answered:
                user_id, extension = None, None
        else:
            from_number, from_digits, to_number = extension, None, number
        order = None
        if client is not None and rng.random() < 0.5:
            current = [o for o in orders_of.get(client.id, []) if o.times[0] <= started]
            order = max(current, key=lambda o: o.times[0]) if current else None
        calls.append((call_id, f"{int(started.timestamp())}.{call_id}", "inbound" if inbound else "outbound",
                      from_number, from_digits, to_number, extension, started, answered_at, ended, status,
                      client.id if client else None, order.id if order else None, user_id, started, client))
        if inbound and not answered:
            recent = demo.now - started < timedelta(hours=24)
            name = client.name if client else f"+{number[1:]}"
            callbacks.append((client.id if client else None, rng.choice(dispatchers)[0], f"Перезвонить: {name}",
                              "callback", started + timedelta(minutes=30), "open" if recent else "done",
                              "missed_call", None if recent else started + timedelta(minutes=rng.randint(5, 120)),
                              started))
    return calls, callbacks


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",") + " ₽"


def _timeline(demo: Demo, rng: Random, people: People, work: Work, calls: list[tuple]) -> list[tuple]:
    entries: list[tuple] = []
    for call in calls:
        client = call[-1]
        if client is None:
            continue
        inbound, answered = call[2] == "inbound", call[8] is not None
        length = call[9] - call[8] if answered else None
        what = ("Входящий звонок" if inbound else "Исходящий звонок") + (
            f", {length.seconds // 60} мин {length.seconds % 60} с" if length else
            ": пропущен" if inbound else ": нет ответа")
        entries.append((client.id, call[12], "call", call[7], call[13], what, False,
                        {"call_id": call[0], "direction": call[2]}))
    for order, before, after, at, user, comment in work.moves:
        text = f"Заказ № {order.number} создан: «{after}»" if before is None else f"Стадия: «{before}» → «{after}»"
        if comment:
            text += f". Причина: {comment}"
        entries.append((order.client.id, order.id, "status_change", at, user, text, False, {"stage": after}))
    for visit_id, order, ended in work.visits_done:
        tech = order.booking.tech if order.booking else None
        who = tech.name if tech else "мастер не назначен"
        entries.append((order.client.id, order.id, "visit", ended, tech.user_id if tech else None,
                        f"Выезд выполнен: {who}", False, {"visit_id": visit_id}))
    accountant = demo.users["lebedeva_n"]
    for order, paid, at in work.payments:
        entries.append((order.client.id, order.id, "payment", at, accountant,
                        f"Оплата {_money(paid)} по заказу № {order.number} (из 1С, п/п № {rng.randint(100, 9999)})",
                        False, {"amount": str(paid)}))
    office = demo.office
    by_start = sorted(work.orders, key=lambda o: o.times[0])
    starts = [o.times[0] for o in by_start]
    for _ in range(NOTES_COUNT):
        private = rng.random() < 0.1
        text = rng.choice(cat.PRIVATE_NOTES if private else cat.NOTES)
        at = demo.now - timedelta(days=rng.uniform(0, 90))
        candidates = bisect.bisect_right(starts, at)
        if rng.random() < 0.6 and candidates:
            order = by_start[rng.randrange(candidates)]
            entries.append((order.client.id, order.id, "note", at, rng.choice(office), text, private, {}))
        else:
            client = rng.choice(people.clients)
            entries.append((client.id, None, "note", at, rng.choice(office), text, private, {}))
    return entries

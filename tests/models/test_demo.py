"""Demo data: the promised counts, valid phones and places, bookable visits, consistent orders, same seed same data."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from shapely import Point
from shapely.geometry import shape
from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.database import Database
from models.demo import DemoNeedsSuperuser, DemoNotEmpty, load_demo
from models.phones import normalise_phone
from tests.conftest import create_database, drop_database

TZ = ZoneInfo("Asia/Yekaterinburg")
#: A Wednesday morning: technicians are on their rounds, so today's visits are done, under way and ahead.
PINNED_NOW = datetime(2025, 3, 12, 11, 40, tzinfo=TZ)


def rows(db: Database, sql: str, **params: object) -> list:
    with db.session() as session:
        return list(session.execute(text(sql), params).all())


def scalar(db: Database, sql: str, **params: object) -> object:
    with db.session() as session:
        return session.execute(text(sql), params).scalar()


@pytest.fixture(scope="module")
def pinned_database(pg_server_url: str, migrated_template: str) -> Iterator[tuple[Database, str]]:
    """Seed 42 loaded with the clock pinned to a working morning, and the summary load_demo returned."""
    name = f"fd_demo_pinned_{uuid.uuid4().hex[:8]}"
    db = Database(create_database(pg_server_url, name, template=migrated_template))
    summary = load_demo(db, scale="small", seed=42, now=PINNED_NOW)
    yield db, summary
    db.dispose()
    drop_database(pg_server_url, name)


def content_digest(db: Database) -> str:
    """A digest of everything that must depend on the seed only: clients, phones, addresses, equipment."""
    digest = hashlib.sha256()
    queries = (
        "SELECT id, kind, name, coalesce(tax_id, '') FROM clients ORDER BY id",
        "SELECT client_id, e164, kind FROM phones ORDER BY id",
        "SELECT client_id, address, lat, lon FROM sites ORDER BY id",
        "SELECT client_id, site_id, kind, model, serial FROM equipment ORDER BY id",
    )
    for sql in queries:
        for row in rows(db, sql):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_counts_match_the_small_scale(demo_database: Database) -> None:
    counts = {table: scalar(demo_database, f"SELECT count(*) FROM {table}")
              for table in ("clients", "technicians", "equipment", "orders", "zones", "calls", "pipelines")}
    assert counts == {"clients": 5_000, "technicians": 30, "equipment": 8_000, "orders": 3_000, "zones": 3,
                      "calls": 6_000, "pipelines": 3}
    dispatchers = rows(demo_database, "SELECT extension FROM users WHERE role = 'dispatcher' ORDER BY extension")
    assert [e for (e,) in dispatchers] == ["201", "202", "203", "204", "205"]
    assert scalar(demo_database, "SELECT count(*) FROM clients WHERE kind = 'company' AND tax_id IS NULL") == 0
    phones_a_client = rows(demo_database, "SELECT min(n), max(n) FROM (SELECT count(*) n FROM phones GROUP BY "
                                          "client_id) x")
    assert tuple(phones_a_client[0]) == (1, 3)
    assert scalar(demo_database, "SELECT name FROM company") == "УралТехСервис"


def test_every_phone_is_valid_e164_with_matching_digits(demo_database: Database) -> None:
    phones = rows(demo_database, "SELECT e164, digits FROM phones")
    assert len(phones) >= 5_000
    bad = [(e164, digits) for e164, digits in phones
           if normalise_phone(e164).e164 != e164 or digits != normalise_phone(e164).digits]
    assert bad == []


def test_every_site_and_home_base_lies_inside_a_zone(demo_database: Database) -> None:
    zones = {zid: shape(polygon) for zid, polygon in rows(demo_database, "SELECT id, polygon FROM zones")}
    assert all(z.is_valid and 6 <= len(z.exterior.coords) - 1 <= 10 for z in zones.values())
    outside = [(lon, lat) for lon, lat in rows(demo_database, "SELECT lon, lat FROM sites")
               if not any(z.covers(Point(lon, lat)) for z in zones.values())]
    assert outside == []
    homes = rows(demo_database, "SELECT t.home_lon, t.home_lat, array_agg(tz.zone_id) FROM technicians t "
                                "JOIN technician_zones tz ON tz.technician_id = t.id GROUP BY t.id")
    assert all(any(zones[z].covers(Point(lon, lat)) for z in zone_ids) for lon, lat, zone_ids in homes)


def test_visits_fit_their_technicians_shifts_zones_and_skills_without_overlap(demo_database: Database) -> None:
    zones = {zid: shape(polygon) for zid, polygon in rows(demo_database, "SELECT id, polygon FROM zones")}
    shifts = defaultdict(list)
    for tech, starts, ends in rows(demo_database, "SELECT technician_id, starts_at, ends_at FROM shifts"):
        shifts[tech].append((starts, ends))
    techs = {tid: (set(skills), set(zone_ids)) for tid, skills, zone_ids in rows(
        demo_database, "SELECT t.id, t.skills, array_agg(tz.zone_id) FROM technicians t "
                       "JOIN technician_zones tz ON tz.technician_id = t.id GROUP BY t.id")}
    visits = rows(demo_database, """
        SELECT v.technician_id, v.starts_at, v.ends_at, s.lon, s.lat, sv.required_skill FROM visits v
        JOIN orders o ON o.id = v.order_id JOIN sites s ON s.id = o.site_id JOIN services sv ON sv.id = v.service_id
        WHERE v.technician_id IS NOT NULL AND v.status <> 'cancelled' ORDER BY v.technician_id, v.starts_at""")
    assert len(visits) > 500
    for (tech, starts, ends, lon, lat, skill), following in zip(visits, [*visits[1:], None], strict=True):
        assert any(s <= starts and ends <= e for s, e in shifts[tech]), "visit outside the technician's shifts"
        skills, zone_ids = techs[tech]
        assert skill in skills
        assert any(zones[z].covers(Point(lon, lat)) for z in zone_ids), "site outside the technician's zones"
        if following is not None and following[0] == tech:
            assert ends <= following[1], "overlapping visits"
    for tech, periods in shifts.items():
        periods.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(periods)), f"overlapping shifts of {tech}"
    assert scalar(demo_database, "SELECT count(*) FROM visits WHERE technician_id IS NULL") > 0
    assert scalar(demo_database, "SELECT count(*) FROM visits WHERE status = 'cancelled' AND reason IS NULL") == 0


def test_orders_are_consistent_with_their_stages_clients_and_history(demo_database: Database) -> None:
    inconsistent = {
        "last move is not the current stage": """
            SELECT count(*) FROM orders o WHERE o.stage_id IS DISTINCT FROM (
                SELECT h.to_stage_id FROM stage_history h WHERE h.order_id = o.id ORDER BY h.changed_at DESC, h.id DESC
                LIMIT 1)""",
        "won but not fully paid": """
            SELECT count(*) FROM orders o JOIN stages s ON s.id = o.stage_id
            WHERE s.kind = 'won' AND o.paid < o.amount""",
        "closed_at does not match the stage kind": """
            SELECT count(*) FROM orders o JOIN stages s ON s.id = o.stage_id
            WHERE (s.kind = 'open') <> (o.closed_at IS NULL)""",
        "site or equipment of another client": """
            SELECT count(*) FROM orders o JOIN sites s ON s.id = o.site_id
            LEFT JOIN equipment e ON e.id = o.equipment_id
            WHERE s.client_id <> o.client_id OR e.client_id <> o.client_id""",
        "stage of another pipeline": """
            SELECT count(*) FROM orders o JOIN stages s ON s.id = o.stage_id WHERE s.pipeline_id <> o.pipeline_id""",
        "history out of order": """
            SELECT count(*) FROM stage_history h JOIN orders o ON o.id = h.order_id
            WHERE h.changed_at < o.created_at OR h.changed_at > o.stage_entered_at""",
    }
    found = {problem: scalar(demo_database, sql) for problem, sql in inconsistent.items()}
    assert found == dict.fromkeys(inconsistent, 0)
    scenarios = {s for (s,) in rows(demo_database, "SELECT DISTINCT scenario FROM orders")}
    assert {"installation", "warranty_repair", "post_warranty_repair", "verification"} <= scenarios
    assert scalar(demo_database, "SELECT count(*) FROM tasks WHERE status = 'open' AND due_at < now()") > 0


def test_equipment_has_a_mix_of_active_and_expired_warranties(demo_database: Database) -> None:
    by_kind = rows(demo_database, """
        SELECT kind, count(*) FILTER (WHERE warranty_until >= current_date),
               count(*) FILTER (WHERE warranty_until < current_date) FROM equipment GROUP BY kind""")
    assert {kind for kind, *_ in by_kind} >= {"Кондиционер", "Счётчик воды ХВС", "Трактор"}
    assert all(active > 0 and expired > 0 for _kind, active, expired in by_kind)
    usage = rows(demo_database, """
        SELECT bool_or(r.value > e.warranty_usage_limit), bool_or(r.value < e.warranty_usage_limit)
        FROM equipment e JOIN usage_readings r ON r.equipment_id = e.id""")
    assert tuple(usage[0]) == (True, True)
    assert scalar(demo_database, "SELECT count(DISTINCT serial) FROM equipment") == 8_000


def test_calls_link_known_numbers_to_their_clients(demo_database: Database) -> None:
    assert scalar(demo_database, "SELECT count(DISTINCT pbx_call_id) FROM calls") == 6_000
    mislinked = scalar(demo_database, """
        SELECT count(*) FROM calls c WHERE c.direction = 'inbound' AND c.client_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM phones p WHERE p.client_id = c.client_id AND p.digits = c.from_digits)""")
    assert mislinked == 0
    statuses = {s for (s,) in rows(demo_database, "SELECT DISTINCT status FROM calls")}
    assert {"ended", "missed"} <= statuses


def test_same_seed_gives_the_same_content(demo_database: Database, pinned_database: tuple[Database, str]) -> None:
    assert content_digest(pinned_database[0]) == content_digest(demo_database)


def test_today_mixes_finished_running_and_coming_visits(pinned_database: tuple[Database, str]) -> None:
    db, summary = pinned_database
    today = rows(db, """SELECT status, count(*) FROM visits
                        WHERE (starts_at AT TIME ZONE 'Asia/Yekaterinburg')::date = :day GROUP BY status""",
                 day=PINNED_NOW.date())
    statuses = dict(today)
    assert statuses.get("done", 0) > 0 and statuses.get("on_site", 0) > 0 and statuses.get("confirmed", 0) > 0
    assert scalar(db, "SELECT count(*) FROM visits WHERE status IN ('en_route', 'on_site') AND ends_at < :now",
                  now=PINNED_NOW) == 0
    assert "5,000 clients" in summary and "3,000 orders" in summary


def test_a_second_load_is_refused_unless_forced(demo_database: Database) -> None:
    with pytest.raises(DemoNotEmpty, match="already has 5000 clients; use --force"):
        load_demo(demo_database, scale="small", seed=42)
    assert scalar(demo_database, "SELECT count(*) FROM clients") == 5_000


def test_the_large_scale_needs_a_superuser(pg_server_url: str, fresh_database: Database) -> None:
    role = f"fd_plain_{uuid.uuid4().hex[:8]}"
    with fresh_database.engine.connect() as conn:
        if not conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
            pytest.skip("the test server's user cannot create roles")
        conn.execute(text(f"CREATE ROLE {role} LOGIN IN ROLE fielddesk_admin"))
        conn.commit()
    plain = Database(make_url(fresh_database.url).set(username=role, password=None).render_as_string(False))
    try:
        with pytest.raises(DemoNeedsSuperuser, match="superuser"):
            load_demo(plain, scale="large")
    finally:
        plain.dispose()
        with fresh_database.engine.connect() as conn:
            conn.execute(text(f"DROP ROLE {role}"))
            conn.commit()

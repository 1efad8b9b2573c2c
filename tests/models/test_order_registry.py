"""The order registry: filters, index-backed sorts, paging, search across every field, counts and saved views."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

import models.order_registry as registry
import models.order_registry_search as registry_search
from models.company import User
from models.order_registry import (
    RegistrySpec,
    RegistrySpecError,
    count_estimate,
    fetch_page,
    iter_rows,
    registry_options,
)
from models.pipelines import Order, Stage
from models.saved_view_store import SavedViewError, delete_view, list_views, save_view
from models.scheduling import Zone
from tests.factories import add_client, add_equipment, add_order, add_pipeline

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def orders(db):
    """Five orders of one pipeline: one per interesting case, created a day apart."""
    with db.transaction() as session:
        owner = User(login="reg_owner", full_name="Смирнова Анна", role="manager")
        other = User(login="reg_other", full_name="Котов Илья", role="dispatcher")
        session.add_all([owner, other])
        session.flush()
        pipeline, (new, repair, closed) = add_pipeline(session, "reg")
        repair.sla_hours = 48
        ivanov = add_client(session, "Иванов Пётр", "+7 351 123 45 67", address="Челябинск, ул. Ленина, д. 5")
        petrov = add_client(session, "Петрова Ольга", "+7 912 000 11 22", address="Челябинск, пр. Победы, д. 170")
        unit = add_equipment(session, ivanov, serial="DK-2023-004512")
        made = {
            "late": add_order(session, ivanov, new, "Не охлаждает", owner_id=owner.id, amount=Decimal("12500.50"),
                              due_at=NOW - timedelta(days=2), equipment_id=unit.id, source_channel="web",
                              created_at=NOW - timedelta(days=5)),
            "custom": add_order(session, petrov, new, "Монтаж сплит-системы", owner_id=other.id,
                                custom_fields={"room_area_m2": 42, "window": "балконная дверь"},
                                due_at=NOW + timedelta(days=3), created_at=NOW - timedelta(days=4)),
            "held": add_order(session, petrov, repair, "Замена компрессора", owner_id=owner.id,
                              stage_entered_at=NOW - timedelta(hours=50), created_at=NOW - timedelta(days=3)),
            "won": add_order(session, ivanov, closed, "Чистка", owner_id=owner.id, amount=Decimal(3000),
                             paid=Decimal(3000), due_at=NOW - timedelta(days=9), created_at=NOW - timedelta(days=2)),
        }
        request = Order(pipeline_id=pipeline.id, stage_id=new.id, client_id=None, requester_phone="+79120005566",
                        title="Перезвонить: течёт кондиционер", source_channel="callback",
                        created_at=NOW - timedelta(days=1))
        session.add(request)
        session.flush()
        made["request"] = request
        return {"pipeline": pipeline.id, "stages": (new.id, repair.id, closed.id), "owner": owner.id,
                "other": other.id, "ivanov": ivanov.id, "unit": unit.id,
                **{key: (o.id, o.number) for key, o in made.items()}}


def _spec(orders, **kw) -> RegistrySpec:
    return RegistrySpec(pipeline_ids=(orders["pipeline"],), **kw)


def _ids(db, spec) -> list[int]:
    return [row.id for row in fetch_page(db, spec, 0, 100, now=NOW)]


def test_newest_first_by_default_with_names_stage_and_money(db, orders):
    rows = fetch_page(db, _spec(orders), 0, 100, now=NOW)
    assert [r.id for r in rows] == [orders[k][0] for k in ("request", "won", "held", "custom", "late")]
    late = rows[-1]
    assert (late.client, late.phone, late.owner, late.source) == ("Иванов Пётр", "+73511234567",
                                                                  "Смирнова Анна", "web")
    assert (late.stage, late.stage_color, late.stage_kind, late.pipeline) == ("Заявка", "#9e9e9e", "open",
                                                                              "Ремонт reg")
    assert late.amount == Decimal("12500.50") and "ул. Ленина" in late.address
    assert "DK-2023-004512" in late.equipment and late.version == 1
    assert late.created_at.utcoffset() == timedelta(hours=5)  # the company's time zone (Yekaterinburg)


def test_a_request_without_a_client_shows_the_requesters_phone(db, orders):
    row = next(r for r in fetch_page(db, _spec(orders), 0, 100, now=NOW) if r.id == orders["request"][0])
    assert row.client_id is None
    assert (row.client, row.phone) == ("+7 912 000-55-66", "+79120005566")


def test_overdue_means_open_and_past_due_or_held_past_the_stage_sla(db, orders):
    flags = {r.id: r.overdue for r in fetch_page(db, _spec(orders), 0, 100, now=NOW)}
    assert flags[orders["late"][0]] and flags[orders["held"][0]]
    assert not flags[orders["won"][0]] and not flags[orders["custom"][0]] and not flags[orders["request"][0]]
    assert sorted(_ids(db, _spec(orders, overdue_only=True))) == sorted([orders["late"][0], orders["held"][0]])


def test_filters_combine(db, orders):
    new, repair, _closed = orders["stages"]
    assert _ids(db, _spec(orders, stage_ids=(new,), owner_id=orders["owner"])) == [orders["late"][0]]
    assert _ids(db, _spec(orders, stage_ids=(new, repair), source_channel="callback")) == [orders["request"][0]]
    day = (NOW - timedelta(days=3)).astimezone(registry.ZoneInfo("Asia/Yekaterinburg")).date()
    assert _ids(db, _spec(orders, created_from=day, created_to=day)) == [orders["held"][0]]
    assert _ids(db, _spec(orders, created_from=day)) == [orders[k][0] for k in ("request", "won", "held")]
    assert _ids(db, RegistrySpec(pipeline_ids=(orders["pipeline"] + 1000,))) == []


def test_sort_by_number_and_by_due_date_with_undated_orders_last(db, orders):
    numbers = [r.number for r in fetch_page(db, _spec(orders, sort="number", descending=False), 0, 100, now=NOW)]
    assert numbers == sorted(numbers) and len(numbers) == 5
    due = fetch_page(db, _spec(orders, sort="due_at", descending=False), 0, 100, now=NOW)
    assert [r.id for r in due[:3]] == [orders[k][0] for k in ("won", "late", "custom")]
    assert all(r.due_at is None for r in due[3:])


@pytest.mark.parametrize(("typed", "expected"), [
    ("балкон", ["custom"]),          # a custom field's value
    ("42", ["custom"]),              # a custom number
    ("компрессор", ["held"]),        # the title
    ("петрова", ["held", "custom"]),  # the client's name
    ("Ленина 5", ["won", "late"]),   # the site's address
    ("8 351 123-45-67", ["won", "late"]),  # the client's phone in another format
    ("0005566", ["request"]),        # the end of an unknown requester's number
    ("+7 912 000-55-66", ["request"]),
    ("dk-2023-0045", ["late"]),      # a unit's serial
    ("ничего такого", []),
])
def test_search_across_every_field(db, orders, typed, expected):
    assert _ids(db, _spec(orders, text=typed)) == [orders[k][0] for k in expected]


def test_search_by_order_number_is_exact(db, orders):
    number = orders["held"][1]
    assert _ids(db, _spec(orders, text=str(number))) == [orders["held"][0]]
    assert _ids(db, _spec(orders, text=f"№{number}")) == [orders["held"][0]]


def test_zone_filter_keeps_orders_at_sites_inside_the_zone(db, orders):
    square = {"type": "Polygon", "coordinates": [[[61.3, 55.1], [61.5, 55.1], [61.5, 55.2], [61.3, 55.2],
                                                  [61.3, 55.1]]]}
    away = {"type": "Polygon", "coordinates": [[[60.5, 56.8], [60.7, 56.8], [60.7, 56.9], [60.5, 56.8]]]}
    with db.transaction() as session:
        inside, outside = Zone(name="Центр reg", polygon=square), Zone(name="Екб reg", polygon=away)
        session.add_all([inside, outside])
        session.flush()
        zone_ids = inside.id, outside.id
    assert len(_ids(db, _spec(orders, zone_id=zone_ids[0]))) == 4  # not the request: it has no site
    assert _ids(db, _spec(orders, zone_id=zone_ids[1])) == []


def test_paging_covers_every_row_once_and_export_batches_agree(demo_database):
    spec = RegistrySpec(sort="number", descending=True)
    pages = [fetch_page(demo_database, spec, offset, 700, now=NOW) for offset in range(0, 3500, 700)]
    ids = [r.id for page in pages for r in page]
    assert len(ids) == len(set(ids)) == 3000
    exported = [r.id for batch in iter_rows(demo_database, spec, 400, now=NOW) for r in batch]
    assert exported == ids
    with demo_database.session() as session:
        expected = session.execute(select(Order.id).order_by(Order.number.desc())).scalars().all()
    assert ids == expected


def test_demo_filters_match_plain_sql(demo_database):
    with demo_database.session() as session:
        stage_id, owner_id = session.execute(
            select(Order.stage_id, Order.owner_id).group_by(Order.stage_id, Order.owner_id)
            .order_by(func.count().desc()).limit(1)).one()
        expected = session.execute(select(Order.id).where(Order.stage_id == stage_id, Order.owner_id == owner_id)
                                   .order_by(Order.created_at.desc(), Order.id.desc())).scalars().all()
    spec = RegistrySpec(stage_ids=(stage_id,), owner_id=owner_id)
    assert [r.id for r in fetch_page(demo_database, spec, 0, 1000, now=NOW)] == expected
    assert count_estimate(demo_database, spec, now=NOW) == registry.RowCount(len(expected), True)


def test_a_large_count_is_an_estimate(demo_database, monkeypatch):
    monkeypatch.setattr(registry, "EXACT_COUNT_LIMIT", 100)
    counted = count_estimate(demo_database, RegistrySpec(), now=NOW)
    assert not counted.exact and counted.count > 100
    assert count_estimate(demo_database, RegistrySpec(text="балкон"), now=NOW).exact


def test_refreshing_given_ids_returns_only_those_still_matching(db, orders):
    wanted = {orders["late"][0], orders["won"][0]}
    rows = fetch_page(db, _spec(orders, overdue_only=True), 0, 100, ids=wanted, now=NOW)
    assert [r.id for r in rows] == [orders["late"][0]]


def test_bad_specs_are_refused_with_what_to_do():
    with pytest.raises(RegistrySpecError, match="sort by one of"):
        RegistrySpec(sort="client").validate()
    with pytest.raises(RegistrySpecError, match="swap the dates"):
        RegistrySpec(created_from=date(2026, 5, 2), created_to=date(2026, 5, 1)).validate()
    with pytest.raises(RegistrySpecError, match="not a known source"):
        RegistrySpec(source_channel="pigeon").validate()


def test_spec_round_trips_through_a_dict_and_tolerates_junk():
    spec = RegistrySpec(pipeline_ids=(1, 2), stage_ids=(5,), owner_id=3, source_channel="web",
                        created_from=date(2026, 1, 1), created_to=date(2026, 1, 31), overdue_only=True,
                        text="балкон", sort="due_at", descending=False)
    assert RegistrySpec.from_dict(spec.to_dict()) == spec
    junk = RegistrySpec.from_dict({"stage_ids": "x", "owner_id": "nobody", "sort": "client", "extra": 1,
                                   "overdue_only": "yes", "created_from": "31.12.2026"})
    assert junk == RegistrySpec()


def test_options_list_pipelines_stages_owners_and_sources(db, orders):
    options = registry_options(db)
    assert "Ремонт reg" in [p.name for p in options.pipelines]
    assert [s.name for s in options.stages if s.pipeline_id == orders["pipeline"]] == ["Заявка", "Ремонт",
                                                                                       "Закрыто"]
    assert "Смирнова Анна" in [o.name for o in options.owners]
    assert "callback" in options.sources and options.currency == "RUB"


def test_saved_views_per_user_upsert_by_name_and_delete(db, orders):
    spec = _spec(orders, overdue_only=True).to_dict()
    first = save_view(db, orders["owner"], "orders", "  Мои   просроченные ", spec)
    assert save_view(db, orders["owner"], "orders", "Мои просроченные", spec) == first
    save_view(db, orders["owner"], "orders", "Мои просроченные", {**spec, "text": "балкон"})
    save_view(db, orders["owner"], "orders", "Все", {})
    save_view(db, orders["other"], "orders", "Чужой", {})
    views = list_views(db, orders["owner"], "orders")
    assert [(v.name, v.spec.get("text")) for v in views] == [("Все", None), ("Мои просроченные", "балкон")]
    assert RegistrySpec.from_dict(views[1].spec).overdue_only
    assert delete_view(db, orders["owner"], "orders", "Все") is True
    assert delete_view(db, orders["owner"], "orders", "Все") is False
    assert [v.name for v in list_views(db, orders["owner"], "orders")] == ["Мои просроченные"]
    assert list_views(db, orders["owner"], "kanban") == []
    with pytest.raises(SavedViewError, match="Give the view a name"):
        save_view(db, orders["owner"], "orders", "   ", spec)
    with pytest.raises(SavedViewError, match="shorten it"):
        save_view(db, orders["owner"], "orders", "x" * 101, spec)


def test_stage_ids_of_other_pipelines_simply_match_nothing(db, orders):
    with db.session() as session:
        stray = session.execute(select(func.max(Stage.id))).scalar_one() + 1
    assert _ids(db, RegistrySpec(stage_ids=(stray,))) == []


# -- the two ways of reading a page -------------------------------------------------------------------------


def _always(monkeypatch, way: str, budget: int = 10**9) -> None:
    """Make every page walk the sort key's index (within a window of ``budget`` rows), or read every match and
    sort them."""
    monkeypatch.setattr(registry._Filter, "reads_matches", lambda self, wanted: way == "read")
    monkeypatch.setattr(registry, "WALK_BUDGET", budget)


@pytest.mark.parametrize("sort", registry.SORT_KEYS)
@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("budget", [10**9, 3_000])  # a window of every order, or a tenth of them
def test_walking_and_reading_every_match_give_the_same_pages(demo_database, monkeypatch, sort, descending, budget):
    with demo_database.session() as session:
        stage_id, owner_id = session.execute(
            select(Order.stage_id, Order.owner_id).group_by(Order.stage_id, Order.owner_id)
            .order_by(func.count().desc()).limit(1)).one()
        other = session.execute(select(Stage.pipeline_id).where(Stage.pipeline_id != select(Stage.pipeline_id)
                                .where(Stage.id == stage_id).scalar_subquery()).limit(1)).scalar_one()
    specs = {RegistrySpec(stage_ids=(stage_id,)): True, RegistrySpec(owner_id=owner_id): True,
             RegistrySpec(owner_id=owner_id, created_from=date(2026, 1, 1)): True,
             RegistrySpec(text="ремонт"): True, RegistrySpec(text="ремонт", owner_id=owner_id): True,
             RegistrySpec(stage_ids=(stage_id,), pipeline_ids=(other,)): False}  # a stage of another pipeline
    for base, found in specs.items():
        spec = RegistrySpec(**{**base.__dict__, "sort": sort, "descending": descending})
        pages = {}
        for way in ("walk", "read"):
            _always(monkeypatch, way, budget)
            assert registry.explain_page(demo_database, spec, 100, 100, now=NOW).startswith(
                "walks the sort key" if way == "walk" else "reads every match")
            pages[way] = [[r.id for r in fetch_page(demo_database, spec, offset, 100, now=NOW)]
                          for offset in (0, 100)]
        assert pages["walk"] == pages["read"], spec
        assert len(pages["walk"][0]) == (100 if found else 0), spec


def test_the_walk_and_the_full_read_match_plain_sql(demo_database, monkeypatch):
    with demo_database.session() as session:
        stage_id = session.execute(select(Order.stage_id).group_by(Order.stage_id)
                                   .order_by(func.count().desc()).limit(1)).scalar_one()
        expected = session.execute(select(Order.id).where(Order.stage_id == stage_id)
                                   .order_by(Order.due_at.asc(), Order.id.asc())).scalars().all()
    spec = RegistrySpec(stage_ids=(stage_id,), sort="due_at", descending=False)
    for way in ("walk", "read"):
        _always(monkeypatch, way)
        assert [r.id for r in fetch_page(demo_database, spec, 0, 5000, now=NOW)] == expected
        assert [r.id for batch in iter_rows(demo_database, spec, 500, now=NOW) for r in batch] == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("балкон", ["custom"]),
    ("компрессор", ["held"]),
    ("петрова", ["held", "custom"]),
    ("Ленина 5", ["won", "late"]),
    ("8 351 123-45-67", ["won", "late"]),
    ("dk-2023-0045", ["late"]),
    ("ничего такого", []),
])
def test_search_matching_words_on_the_fly_and_through_subqueries_finds_the_same(db, orders, monkeypatch,
                                                                                typed, expected):
    # Every word dense (matched on the fly), every look-up too big for an id list (a subquery).
    monkeypatch.setattr(registry_search, "TEXT_SPARSE_LIMIT", 0)
    monkeypatch.setattr(registry_search, "ID_LIST_LIMIT", 0)
    for way in ("walk", "read"):
        _always(monkeypatch, way)
        assert _ids(db, _spec(orders, text=typed)) == [orders[k][0] for k in expected]
    with db.session() as session:
        found = registry.text_condition(session, typed)
    if typed in ("балкон", "компрессор"):  # words of the orders themselves
        assert found.matches_words
    if expected:  # a client, a site or a unit found by the text
        assert found.subquery or typed in ("балкон", "компрессор")


def test_a_common_word_is_estimated_from_the_word_statistics(db, orders, monkeypatch):
    with db.transaction() as session:
        client = session.get(registry.Client, orders["ivanov"])
        stage = session.get(Stage, orders["stages"][0])
        for n in range(40):
            add_order(session, client, stage, f"Ремонтные работы {n}", created_at=NOW - timedelta(hours=n))
        session.execute(registry.text("ANALYZE orders"))  # rolled back with the test
    with db.session() as session:
        share = registry_search._words_share(session, "ремонт")
        assert share is not None and 0.5 < share <= 1.0  # 40 of the 45 orders (a sample of the table)
        assert registry_search._words_share(session, "ремонт небывалое") is None  # a word it has no statistics of
    monkeypatch.setattr(registry, "EXACT_COUNT_LIMIT", 10)
    monkeypatch.setattr(registry_search, "TEXT_SPARSE_LIMIT", 10)
    counted = count_estimate(db, _spec(orders, text="ремонт"), now=NOW)
    assert not counted.exact and 20 <= counted.count <= 90
    # Matched on the fly, the word still finds exactly its orders, newest first.
    rows = fetch_page(db, _spec(orders, text="ремонт"), 0, 100, now=NOW)
    assert [r.title for r in rows] == [f"Ремонтные работы {n}" for n in range(40)]

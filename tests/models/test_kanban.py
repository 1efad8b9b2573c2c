"""The kanban board's read side: columns, counts and sums, card states, closed columns, filters, the cap."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models.company import User
from models.database import Database
from models.kanban import CLOSED_CARDS_PER_COLUMN, BoardError, BoardFilters, board_options, load_board, short_address
from models.pipelines import Order, Pipeline, Stage, Task
from models.scheduling import Zone
from models.timeline import Attachment
from tests.factories import add_client, add_order

NOW = datetime.now(UTC)
SQUARE = {"type": "Polygon", "coordinates": [[[61.3, 55.1], [61.5, 55.1], [61.5, 55.2], [61.3, 55.2], [61.3, 55.1]]]}
ELSEWHERE = {"type": "Polygon", "coordinates": [[[60.0, 54.0], [60.1, 54.0], [60.1, 54.1], [60.0, 54.0]]]}


def make_pipeline(session) -> tuple[Pipeline, dict[str, Stage]]:
    pipeline = Pipeline(name="Монтаж тест", code="kanban_test")
    session.add(pipeline)
    session.flush()
    specs = [
        ("Заявка", "#90a4ae", "open", 2, {}),
        ("Замер", "#42a5f5", "open", 48, {"required_fields": ["site_id", "amount", "custom:room_area_m2"]}),
        ("Монтаж", "#ffa726", "open", None, {"required_attachments": ["photo"]}),
        ("Закрыто", "#2e7d32", "won", None, {"fully_paid": True}),
        ("Отказ", "#e53935", "lost", None, {}),
    ]
    stages = {}
    for position, (name, color, kind, sla, gate) in enumerate(specs):
        stages[name] = Stage(pipeline_id=pipeline.id, position=position, name=name, color=color, kind=kind,
                             sla_hours=sla, gate_rules=gate)
        session.add(stages[name])
    session.flush()
    return pipeline, stages


def add_user(session, login: str, name: str, role: str = "manager") -> User:
    user = User(login=login, full_name=name, role=role)
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def board_data(db: Database):
    with db.transaction() as session:
        pipeline, stages = make_pipeline(session)
        owner = add_user(session, "kanban_owner", "Белов Артём")
        other = add_user(session, "kanban_other", "Петрова Мария")
        ivanov = add_client(session, "Иванов Пётр", "+79120000001", address="ул. Ленина, д. 5, кв. 12")
        nosite = add_client(session, "ТСЖ «Восход»", "+79120000002")
        fresh = add_order(session, ivanov, stages["Заявка"], "Сплит 3,5 кВт", amount=Decimal(40000), owner_id=owner.id,
                          stage_entered_at=NOW - timedelta(minutes=30), source_channel="web")
        stale = add_order(session, nosite, stages["Заявка"], "Чистка кондиционера", amount=Decimal(4500),
                          owner_id=other.id, stage_entered_at=NOW - timedelta(hours=5))
        unknown = Order(pipeline_id=pipeline.id, stage_id=stages["Заявка"].id, requester_phone="+73512345678",
                        title="Перезвонить", stage_entered_at=NOW - timedelta(minutes=5))
        session.add(unknown)
        survey = add_order(session, ivanov, stages["Замер"], "Замер квартиры", amount=Decimal(0),
                           stage_entered_at=NOW - timedelta(hours=1), waiting_reason="Клиент в отпуске")
        mounting = add_order(session, ivanov, stages["Монтаж"], "Монтаж двух блоков", amount=Decimal(60000),
                             paid=Decimal(10000), stage_entered_at=NOW - timedelta(days=3))
        won_recent = add_order(session, ivanov, stages["Закрыто"], "Монтаж", amount=Decimal(30000),
                               paid=Decimal(30000), closed_at=NOW - timedelta(days=2))
        won_old = add_order(session, ivanov, stages["Закрыто"], "Монтаж старый", amount=Decimal(20000),
                            paid=Decimal(20000), closed_at=NOW - timedelta(days=200))
        session.flush()
        session.add(Task(order_id=survey.id, title="Подтвердить замер", due_at=NOW - timedelta(hours=2)))
        session.add(Task(order_id=fresh.id, title="Перезвонить позже", due_at=NOW + timedelta(hours=2)))
        ids = dict(pipeline=pipeline.id, stages={k: s.id for k, s in stages.items()}, owner=owner.id,
                   fresh=fresh.id, stale=stale.id, unknown=unknown.id, survey=survey.id, mounting=mounting.id,
                   won_recent=won_recent.id, won_old=won_old.id)
    return ids


def column(board, name):
    return next(c for c in board.columns if c.name == name)


def test_columns_in_stage_order_with_counts_and_sums(db: Database, board_data):
    board = load_board(db, board_data["pipeline"], now=NOW)
    assert [c.name for c in board.columns] == ["Заявка", "Замер", "Монтаж", "Закрыто", "Отказ"]
    first = column(board, "Заявка")
    assert (first.count, first.total, first.color, first.sla_hours) == (3, Decimal(44500), "#90a4ae", 2)
    assert [c.id for c in first.cards] == [board_data["stale"], board_data["fresh"], board_data["unknown"]]
    card = board.card(board_data["fresh"])
    assert (card.client, card.address, card.owner, card.amount) == ("Иванов Пётр", "ул. Ленина, д. 5, кв. 12",
                                                                    "Белов Артём", Decimal(40000))
    assert board.card(board_data["unknown"]).client == "+7 351 234-56-78"
    assert board.card_count == 6


def test_card_states_overdue_waiting_blocked(db: Database, board_data):
    board = load_board(db, board_data["pipeline"], now=NOW)
    stale, fresh = board.card(board_data["stale"]), board.card(board_data["fresh"])
    assert stale.overdue and stale.overdue_reason == "sla"  # 5 h in a stage with a 2 h SLA
    assert not fresh.overdue  # its task is due later
    survey = board.card(board_data["survey"])
    assert survey.overdue and survey.overdue_reason == "task"
    assert survey.waiting and survey.waiting_reason == "Клиент в отпуске"
    assert survey.blocked_by == ("attachment:photo",)
    # The order without a site would fail the survey's gate on the site, the amount and the custom field.
    assert set(stale.blocked_by) == {"field:site_id", "field:custom:room_area_m2"}
    assert set(fresh.blocked_by) == {"field:custom:room_area_m2"}
    assert board.card(board_data["mounting"]).blocked_by == ("payment:paid",)
    assert not board.card(board_data["mounting"]).overdue  # no SLA on that stage


def test_blocked_state_clears_once_the_gate_is_met(db: Database, board_data):
    with db.transaction() as session:
        session.add(Attachment(order_id=board_data["survey"], kind="photo", filename="a.jpg", mime_type="image/jpeg",
                               size_bytes=3, content=b"abc"))
        session.get(Order, board_data["fresh"]).custom_fields = {"room_area_m2": 18}
    board = load_board(db, board_data["pipeline"], now=NOW)
    assert not board.card(board_data["survey"]).blocked
    assert not board.card(board_data["fresh"]).blocked


def test_closed_columns_show_recent_orders_and_count_all(db: Database, board_data):
    board = load_board(db, board_data["pipeline"], now=NOW)
    won = column(board, "Закрыто")
    assert [c.id for c in won.cards] == [board_data["won_recent"]]
    assert (won.count, won.all_count, won.total) == (1, 2, Decimal(30000))
    assert column(board, "Отказ").all_count == 0


@pytest.mark.parametrize(("filters", "expected"), [
    (BoardFilters(source_channel="web"), {"fresh"}),
    (BoardFilters(text="сплит"), {"fresh"}),
    (BoardFilters(text="восход"), {"stale"}),
    (BoardFilters(text="ленина"), {"fresh", "survey", "mounting", "won_recent"}),
    (BoardFilters(text="2345678"), {"unknown"}),
    (BoardFilters(created_from=date.today() + timedelta(days=2)), set()),
])
def test_filters_narrow_cards_and_counts(db: Database, board_data, filters, expected):
    board = load_board(db, board_data["pipeline"], filters, now=NOW)
    shown = {c.id for col in board.columns for c in col.cards}
    assert shown == {board_data[k] for k in expected}
    assert sum(c.count for c in board.columns) == len(expected)


def test_owner_filter_and_number_search(db: Database, board_data):
    board = load_board(db, board_data["pipeline"], BoardFilters(owner_id=board_data["owner"]), now=NOW)
    assert [c.id for col in board.columns for c in col.cards] == [board_data["fresh"]]
    number = board.card(board_data["fresh"]).number
    board = load_board(db, board_data["pipeline"], BoardFilters(text=f"№{number}"), now=NOW)
    assert [c.id for col in board.columns for c in col.cards] == [board_data["fresh"]]


def test_zone_filter_keeps_orders_whose_site_is_inside(db: Database, board_data):
    with db.transaction() as session:
        inside = Zone(name="Центр-тест", polygon=SQUARE)
        outside = Zone(name="Далеко-тест", polygon=ELSEWHERE)
        session.add_all([inside, outside])
        session.flush()
        zone_ids = inside.id, outside.id
    board = load_board(db, board_data["pipeline"], BoardFilters(zone_id=zone_ids[0]), now=NOW)
    shown = {c.id for col in board.columns for c in col.cards}
    assert shown == {board_data[k] for k in ("fresh", "survey", "mounting", "won_recent")}
    assert column(board, "Закрыто").all_count == 2
    board = load_board(db, board_data["pipeline"], BoardFilters(zone_id=zone_ids[1]), now=NOW)
    assert board.card_count == 0 and sum(c.count for c in board.columns) == 0


def test_columns_are_capped_but_count_everything(db: Database, board_data):
    board = load_board(db, board_data["pipeline"], now=NOW, cards_per_column=2)
    first = column(board, "Заявка")
    assert (len(first.cards), first.count, first.truncated) == (2, 3, True)
    assert first.total == Decimal(44500)


def test_bad_filters_are_explained(db: Database, board_data):
    with pytest.raises(BoardError, match="does not exist"):
        load_board(db, 999_999)
    with pytest.raises(BoardError, match="swap the dates"):
        load_board(db, board_data["pipeline"], BoardFilters(created_from=date(2025, 5, 2), created_to=date(2025, 5, 1)))
    with pytest.raises(BoardError, match="unknown"):
        load_board(db, board_data["pipeline"], BoardFilters(source_channel="pigeon"))
    with pytest.raises(BoardError, match="Zone"):
        load_board(db, board_data["pipeline"], BoardFilters(zone_id=999_999))


def test_demo_board_counts_every_open_order(demo_database: Database):
    options = board_options(demo_database)
    assert options.pipelines and options.owners and options.zones
    pipeline_id = options.pipelines[0].id
    board = load_board(demo_database, pipeline_id)
    with demo_database.session() as session:
        open_orders = session.execute(
            select(func.count()).select_from(Order).join(Stage, Stage.id == Order.stage_id)
            .where(Order.pipeline_id == pipeline_id, Stage.kind == "open")).scalar_one()
    assert sum(c.count for c in board.columns if not c.closed) == open_orders > 0
    assert all(len(c.cards) == c.count for c in board.columns if not c.closed)
    assert all(len(c.cards) == min(c.count, CLOSED_CARDS_PER_COLUMN) for c in board.columns if c.closed)


def test_short_address_drops_postcode_and_city():
    assert short_address("454091, г. Челябинск, ул. Елькина, д. 45", "Челябинск") == "ул. Елькина, д. 45"
    assert short_address("ул. Ленина, д. 5", "Челябинск") == "ул. Ленина, д. 5"
    assert short_address(None) == ""


def test_cards_carry_the_balance_due(db: Database, board_data):
    board = load_board(db, board_data["pipeline"], now=NOW)
    mounting = board.card(board_data["mounting"])
    assert (mounting.amount, mounting.paid, mounting.balance_due) == (Decimal(60000), Decimal(10000), Decimal(50000))
    assert board.card(board_data["won_recent"]).balance_due == Decimal(0)  # paid in full
    assert board.card(board_data["unknown"]).balance_due == Decimal(0)  # no amount yet


def test_a_lost_order_owes_nothing(db: Database, board_data):
    with db.transaction() as session:
        refused = session.get(Order, board_data["mounting"])
        refused.stage_id, refused.closed_at = board_data["stages"]["Отказ"], NOW - timedelta(hours=1)
    card = load_board(db, board_data["pipeline"], now=NOW).card(board_data["mounting"])
    assert (card.amount - card.paid, card.lost, card.balance_due) == (Decimal(50000), True, Decimal(0))

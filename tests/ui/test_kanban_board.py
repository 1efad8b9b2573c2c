"""The kanban board: columns and headers, moves by drop and keyboard, gate refusals, conflicts, live reloads."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from models.database import Database
from models.kanban import load_board
from models.order_flow import update_order
from models.pipelines import Order
from models.users import UserRef
from tests.factories import add_client, add_order
from tests.models.test_kanban import add_user, make_pipeline
from ui.kanban_board import KanbanBoard
from ui.kanban_models import MIME_TYPE

NOW = datetime.now(UTC)


@pytest.fixture
def scene(db: Database):
    """A pipeline Заявка → Замер (needs a site, an amount and the room area) → Монтаж (needs a photo) → won/lost."""
    with db.transaction() as session:
        pipeline, stages = make_pipeline(session)
        user = add_user(session, "board_dispatcher", "Иванова Анна", "dispatcher")
        with_site = add_client(session, "Иванов Пётр", "+79120000001", address="ул. Ленина, д. 5")
        no_site = add_client(session, "Смирнова Ольга", "+79120000002")
        ready = add_order(session, with_site, stages["Заявка"], "Сплит 3,5 кВт", amount=Decimal(40000),
                          custom_fields={"room_area_m2": 18}, stage_entered_at=NOW - timedelta(minutes=20))
        bare = add_order(session, no_site, stages["Заявка"], "Чистка кондиционера",
                         stage_entered_at=NOW - timedelta(minutes=10))
        survey = add_order(session, with_site, stages["Замер"], "Замер квартиры", amount=Decimal(2000))
        refs = dict(pipeline=pipeline.id, stages={k: s.id for k, s in stages.items()}, ready=ready.id, bare=bare.id,
                    survey=survey.id, numbers={o.id: o.number for o in (ready, bare, survey)})
        user_ref = UserRef(user.id, user.login, user.full_name, user.role, None)
    return refs, user_ref


def make_board(qtbot, db, scene) -> KanbanBoard:
    refs, user = scene
    board = KanbanBoard(db, user)
    qtbot.addWidget(board)
    board.resize(1400, 700)
    board.show()
    board.set_pipeline(refs["pipeline"])
    return board


def column_ids(board: KanbanBoard, name: str) -> list[int]:
    widget = next(c for c in board.columns if c.column.name == name)
    return [card.id for card in widget.model.cards()]


def test_columns_follow_the_stages_with_counts_and_sums(qtbot, db, scene):
    refs, _ = scene
    board = make_board(qtbot, db, scene)
    assert [c.column.name for c in board.columns] == ["Заявка", "Замер", "Монтаж", "Закрыто", "Отказ"]
    first = board.columns[0]
    assert first.facts_label.text() == "2 · 40\u00a0000 ₽"
    assert column_ids(board, "Заявка") == [refs["ready"], refs["bare"]]
    assert board.columns[3].facts_label.text() == "0 in 30 days · 0 in all"
    assert "Next stage needs: address, amount, room area m2" in first.model.index(1).data(Qt.ItemDataRole.ToolTipRole)


def test_drop_refused_by_the_gate_snaps_back_and_names_what_is_missing(qtbot, db, scene):
    refs, _ = scene
    board = make_board(qtbot, db, scene)
    source = board.columns[0].model
    mime = source.mimeData([source.index(source.row_of(refs["bare"]))])
    assert mime.hasFormat(MIME_TYPE)
    target = board.columns[1].model
    target.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, target.index(-1))  # what a drop on the column calls
    assert column_ids(board, "Заявка") == [refs["ready"], refs["bare"]]
    assert refs["bare"] not in column_ids(board, "Замер")
    message = board.message_label.text()
    assert board.message_label.isVisibleTo(board)
    assert f"Order {refs['numbers'][refs['bare']]} cannot move to «Замер»" in message
    assert "site address" in message and "amount" in message and "room_area_m2" in message
    assert board.columns[0].facts_label.text().startswith("2 ·")


def test_allowed_move_is_stored_and_the_board_reloads(qtbot, db, scene):
    refs, _ = scene
    board = make_board(qtbot, db, scene)
    with qtbot.waitSignal(board.card_moved) as moved:
        board.move_card(refs["ready"], refs["stages"]["Замер"])
    assert moved.args == [refs["ready"], refs["stages"]["Замер"]]
    assert refs["ready"] in column_ids(board, "Замер")
    assert not board.message_label.isVisibleTo(board)
    with db.session() as session:
        assert session.get(Order, refs["ready"]).stage_id == refs["stages"]["Замер"]
    assert board.columns[1].facts_label.text() == "2 · 42\u00a0000 ₽"


def test_a_move_that_lost_a_race_says_so_and_reloads(qtbot, db, scene):
    refs, _ = scene
    board = make_board(qtbot, db, scene)
    with db.session() as session:
        version = session.get(Order, refs["ready"]).version
    update_order(db, refs["ready"], {"title": "Сплит 5 кВт"}, user_id=None, expected_version=version)  # another desk
    board.move_card(refs["ready"], refs["stages"]["Замер"])
    assert "another workstation" in board.message_label.text()
    assert refs["ready"] in column_ids(board, "Заявка")
    card = board.board.card(refs["ready"])
    assert card.title == "Сплит 5 кВт" and card.version == version + 1


def test_keyboard_moves_between_cards_and_stages(qtbot, db, scene):
    refs, _ = scene
    board = make_board(qtbot, db, scene)
    assert board.select_order(refs["ready"])
    first = board.columns[0].view
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert board.selected_card().id == refs["survey"]
    qtbot.keyClick(board.columns[1].view, Qt.Key.Key_Left)
    assert board.selected_card().id == refs["ready"]
    with qtbot.waitSignal(board.open_order_requested) as opened:
        qtbot.keyClick(first, Qt.Key.Key_Return)
    assert opened.args == [refs["ready"]]
    with qtbot.waitSignal(board.card_moved):
        qtbot.keyClick(first, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert refs["ready"] in column_ids(board, "Замер")
    assert board.selected_card().id == refs["ready"]
    # Next: Монтаж needs a photo, so the card stays where it is and the message says so.
    qtbot.keyClick(board.columns[1].view, Qt.Key.Key_Right,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert refs["ready"] in column_ids(board, "Замер")
    assert "photo" in board.message_label.text()


def test_live_changes_reload_once_after_the_throttle(qtbot, db, scene):
    refs, _ = scene
    board = make_board(qtbot, db, scene)
    with db.transaction() as session:
        session.get(Order, refs["bare"]).waiting_reason = "Ждём запчасти"
    loads = []
    board.board_loaded.connect(lambda: loads.append(1))
    for _ in range(5):
        board.on_orders_changed({refs["bare"]})
    qtbot.waitUntil(lambda: bool(loads), timeout=3000)
    qtbot.wait(100)
    assert loads == [1]
    assert board.board.card(refs["bare"]).waiting_reason == "Ждём запчасти"


def test_search_narrows_the_board(qtbot, db, scene):
    refs, _ = scene
    board = make_board(qtbot, db, scene)
    board.filter_bar.search_edit.setText("чистка")
    board.filter_bar.emit_filters()
    assert column_ids(board, "Заявка") == [refs["bare"]]
    assert column_ids(board, "Замер") == []
    assert board.summary_label.text() == "1 cards"


def test_cards_paint_in_every_state(qtbot, db, scene):
    refs, _ = scene
    with db.transaction() as session:
        order = session.get(Order, refs["bare"])
        order.waiting_reason = "Ждём запчасти"
        order.stage_entered_at = NOW - timedelta(days=2)
    board = make_board(qtbot, db, scene)
    card = board.board.card(refs["bare"])
    assert card.overdue and card.waiting and card.blocked
    image = board.grab().toImage()
    assert not image.isNull()
    tooltip = board.columns[0].model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Overdue by 1 d: stage SLA exceeded" in tooltip and "Waiting: Ждём запчасти" in tooltip
    assert load_board(db, refs["pipeline"]).card_count == board.board.card_count


def test_a_card_with_a_balance_shows_what_is_due(qtbot, db, scene):
    refs, _ = scene
    with db.transaction() as session:
        session.get(Order, refs["ready"]).paid = Decimal(27500)
    board = make_board(qtbot, db, scene)
    card = board.board.card(refs["ready"])
    with db.transaction() as session:
        session.get(Order, refs["survey"]).paid = Decimal(2000)
    paid_up = load_board(db, refs["pipeline"]).card(refs["survey"])
    words = [text for _color, text, _lock in board.delegate.badges(card, NOW, "RUB")]
    assert "owes 12\u00a0500 ₽" in words
    assert not any(w.startswith(("owes", "unpaid")) for _c, w, _l in board.delegate.badges(paid_up, NOW, "RUB"))
    with db.transaction() as session:
        session.get(Order, refs["ready"]).paid = Decimal(0)
    unpaid = load_board(db, refs["pipeline"]).card(refs["ready"])
    assert (unpaid.amount, unpaid.paid) == (Decimal(40000), Decimal(0))
    assert "unpaid" in [w for _c, w, _l in board.delegate.badges(unpaid, NOW, "RUB")]
    tooltip = board.columns[0].model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "40\u00a0000 ₽ · balance due 12\u00a0500 ₽" in tooltip

    # The words are painted on the card: its pixels differ from the same card paid in full.
    def painted(paid: Decimal):
        model = board.columns[0].model
        model.set_cards([replace(card, paid=paid)])
        view = board.columns[0].view
        return view.viewport().grab(view.visualRect(model.index(0))).toImage()

    assert painted(Decimal(27500)) != painted(Decimal(40000))

"""The new-order form: the warranty proposal with its reason, overriding it, Ctrl+Enter, errors under fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.calls import Call
from models.database import Database
from models.pipelines import Order
from models.users import UserRef
from tests.models.test_order_create import NOW, World, count_orders
from tests.ui.keys import type_text
from ui.new_order_dialog import NewOrderDialog

WARRANTY_REASON = ("Warranty repair: Under warranty until 12.05.2027 and 340 of 500 engine hours used "
                   "(reading of 03.11.2026)")


def make_world(db: Database) -> World:
    with db.transaction() as session:
        return World(session)


def user_of(world: World) -> UserRef:
    return UserRef(world.user.id, world.user.login, world.user.full_name, "dispatcher", "201")


def open_dialog(qtbot, db: Database, world: World, **kw) -> NewOrderDialog:
    dialog = NewOrderDialog(db, user_of(world), world.client.id, now=NOW, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # Ctrl+Enter needs the active window
    return dialog


def ctrl_enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_the_units_warranty_proposes_the_scenario_and_pipeline_with_the_reason(qtbot, db):
    world = make_world(db)
    dialog = open_dialog(qtbot, db, world)
    assert dialog.focusWidget() is dialog.kind_combo  # the cursor starts in the first field
    assert dialog.unit_combo.currentData() == world.unit.id  # the client's only unit
    assert dialog.site_combo.currentData() == world.site_id  # where the unit stands
    assert dialog.scenario_combo.currentData() == "warranty_repair"
    assert dialog.pipeline_combo.currentData() == world.pipelines["repair"]
    assert dialog.reason_label.text() == WARRANTY_REASON
    assert dialog.title_edit.text() == "Repair: Трактор Беларус 1221, SN BL-1221-77"
    assert "Ctrl+Enter" in dialog.create_button.toolTip()


def test_ctrl_enter_creates_the_order_from_the_call_and_announces_it(qtbot, db):
    world = make_world(db)
    dialog = open_dialog(qtbot, db, world, call_id=world.call.id)
    dialog.description_edit.setFocus()
    type_text(dialog.description_edit, "Не заводится после зимы")
    with qtbot.waitSignal(dialog.order_created) as created:
        ctrl_enter(qtbot, dialog.description_edit)
    with db.session() as session:
        order = session.get(Order, created.args[0])
        assert (order.client_id, order.equipment_id, order.site_id) == (world.client.id, world.unit.id, world.site_id)
        assert (order.scenario, order.pipeline_id) == ("warranty_repair", world.pipelines["repair"])
        assert order.description == "Не заводится после зимы" and order.owner_id == world.user.id
        assert session.execute(select(Call.order_id).where(Call.id == world.call.id)).scalar_one() == order.id
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.created.id == created.args[0]


def test_the_proposal_can_be_overridden_and_the_choice_is_kept(qtbot, db):
    world = make_world(db)
    dialog = open_dialog(qtbot, db, world)
    index = dialog.scenario_combo.findData("post_warranty_repair")
    dialog.scenario_combo.setCurrentIndex(index)
    dialog.scenario_combo.activated.emit(index)  # as a user's pick from the list
    assert dialog.reason_label.text().startswith(WARRANTY_REASON)
    assert "you chose otherwise" in dialog.reason_label.text()
    with qtbot.waitSignal(dialog.order_created) as created:
        ctrl_enter(qtbot, dialog.title_edit)
    with db.session() as session:
        assert session.get(Order, created.args[0]).scenario == "post_warranty_repair"


def test_without_a_unit_nothing_is_proposed_and_the_form_says_so(qtbot, db):
    world = make_world(db)
    dialog = open_dialog(qtbot, db, world)
    dialog.unit_combo.setCurrentIndex(0)  # "no unit"
    assert dialog.scenario_combo.currentData() is None
    assert dialog.reason_label.text().startswith("No unit chosen")
    assert dialog.title_edit.text() == "Repair"  # the title follows until the dispatcher types one


def test_another_kind_proposes_its_pipeline_and_a_typed_title_stays(qtbot, db):
    world = make_world(db)
    dialog = open_dialog(qtbot, db, world)
    dialog.title_edit.clear()
    type_text(dialog.title_edit, "Второй трактор")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("sale_installation"))
    assert dialog.pipeline_combo.currentData() == world.pipelines["sales_install"]
    assert dialog.scenario_combo.currentData() == "sale"
    assert dialog.title_edit.text() == "Второй трактор"


def test_wrong_fields_show_their_own_messages_and_nothing_is_created(qtbot, db):
    world = make_world(db)
    dialog = open_dialog(qtbot, db, world)
    dialog.pipeline_combo.setCurrentIndex(0)  # "choose"
    dialog.title_edit.selectAll()
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Delete)
    ctrl_enter(qtbot, dialog.title_edit)
    errors = dialog.errors()
    assert set(errors) == {"pipeline", "title"}
    assert errors["pipeline"] == "Choose the pipeline the order goes through."
    assert "Enter a title" in errors["title"]
    assert dialog.focusWidget() is dialog.pipeline_combo  # the first wrong field
    assert dialog.isVisible() and count_orders(db) == 0


def test_a_call_already_tied_to_an_order_is_refused_under_the_form(qtbot, db):
    world = make_world(db)
    first = open_dialog(qtbot, db, world, call_id=world.call.id)
    with qtbot.waitSignal(first.order_created):
        ctrl_enter(qtbot, first.title_edit)
    second = open_dialog(qtbot, db, world, call_id=world.call.id)
    ctrl_enter(qtbot, second.title_edit)
    assert "already tied to order #" in second.errors()["form"]
    assert count_orders(db) == 1


def test_a_demo_clients_units_are_offered(qtbot, demo_database, client_with_equipment):
    dialog = NewOrderDialog(demo_database, None, client_with_equipment.id)
    qtbot.addWidget(dialog)
    offered = [dialog.unit_combo.itemText(i) for i in range(dialog.unit_combo.count())]
    assert all(any(model in text for text in offered) for model in client_with_equipment.units)
    assert dialog.reason_label.text()  # a proposal or the reason there is none

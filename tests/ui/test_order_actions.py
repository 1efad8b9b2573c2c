"""The order card's Print menu makes a document from a template and attaches it to the order."""

from sqlalchemy import select

from models.company import User
from models.timeline import Attachment
from models.users import UserRef
from reports.documents import ensure_default_templates
from tests.factories import add_client, add_order, add_pipeline
from ui.order_actions import OrderActions


def test_print_menu_lists_the_templates_and_attaches_the_document(qtbot, db):
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+73511234567", address="ул. Кирова, 10")
        _pipeline, stages = add_pipeline(s)
        order_id = add_order(s, client, stages[0], title="Не охлаждает").id
        manager = User(login="manager_p", full_name="Менеджер Печатающий", role="manager")
        s.add(manager)
        s.flush()
        me = UserRef(manager.id, manager.login, manager.full_name, "manager", None)
    ensure_default_templates(db)
    actions = OrderActions(db, me)
    qtbot.addWidget(actions)
    messages: list[str] = []
    changed: list[int] = []
    actions.status_message_requested.connect(messages.append)
    actions.order_changed.connect(changed.append)
    actions.set_order(order_id, has_unit=False)
    assert not actions.claim_button.isEnabled()
    titles = [a.text() for a in actions.menu.actions()]
    assert any(t.startswith("Work order") for t in titles) and any(t.startswith("Completion act") for t in titles)
    work_order = next(a for a in actions.menu.actions() if a.text().startswith("Work order"))
    work_order.trigger()
    assert changed == [order_id] and "attached" in messages[-1]
    with db.session() as s:
        kinds = s.execute(select(Attachment.kind, Attachment.mime_type).where(Attachment.order_id == order_id)).all()
    assert [tuple(k) for k in kinds] == [("work_order", "application/pdf")]

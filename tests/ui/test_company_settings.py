"""Settings → Company and the status bar's PBX indicator."""

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.callbacks import escalate_overdue_callbacks
from models.company import Company
from models.service_status import PBX_DUTY, publish_status
from models.users import UserRef
from tests.models.test_callbacks import T0, add_user, missed_call
from ui.callback_alerts import CallbackAlerts
from ui.company_settings import CompanySettingsForm
from ui.pbx_status import PbxStatusLabel

ADMIN = UserRef(1, "admin", "Администратор", "admin", None)
DISPATCHER = UserRef(2, "disp", "Диспетчер", "dispatcher", "201")


def test_an_admin_changes_the_callback_deadline_for_every_workstation(qtbot, db):
    form = CompanySettingsForm(db, ADMIN)
    qtbot.addWidget(form)
    assert form.sla.value() == 15 and form.sla.isEnabled()
    form.sla.setValue(30)
    form.country.setCurrentIndex(form.country.findData("KZ"))
    form.buffer.setValue(20)
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with db.session() as s:
        row = s.execute(select(Company.callback_sla_minutes, Company.holiday_country,
                               Company.urgent_buffer_percent)).one()
    assert tuple(row) == (30, "KZ", 20)
    assert "saved" in form.result_label.text()


def test_a_dispatcher_sees_the_settings_but_cannot_change_them(qtbot, db):
    form = CompanySettingsForm(db, DISPATCHER)
    qtbot.addWidget(form)
    assert form.sla.value() == 15
    assert not form.sla.isEnabled() and not form.save_button.isEnabled()
    assert "administrator" in form.result_label.text()


def test_the_status_bar_says_whether_the_pbx_is_online(qtbot, db):
    label = PbxStatusLabel(db)
    qtbot.addWidget(label)
    assert "not running" in label.text()
    assert "python main.py service" in label.toolTip()
    publish_status(db, PBX_DUTY, "offline", "PBX 10.0.0.5:5038 unreachable: connection refused",
                   now=datetime.now(UTC))
    label.on_data_changed({"service_status"})
    assert "PBX offline" in label.text()
    assert "connection refused" in label.toolTip()
    publish_status(db, PBX_DUTY, "online", "PBX 10.0.0.5:5038 connected as fielddesk", now=datetime.now(UTC))
    label.on_data_changed({"calls"})  # other tables leave it alone
    assert "PBX offline" in label.text()
    label.on_data_changed({"service_status"})
    assert "PBX online" in label.text()


def test_a_reminder_and_an_escalation_reach_only_the_user_they_are_for(qtbot, db):
    dispatcher = add_user(db, "disp1", "dispatcher", "201")
    head = add_user(db, "head1", "service_head")
    mine, theirs = CallbackAlerts(db, dispatcher), CallbackAlerts(db, head)
    said: list[tuple[str, str]] = []
    mine.alerted.connect(lambda text, alert: said.append(("dispatcher", text)))
    theirs.alerted.connect(lambda text, alert: said.append(("head", text)))
    missed_call(db, 1)
    escalate_overdue_callbacks(db, T0 + timedelta(minutes=12))  # due at +15: a reminder for the dispatcher
    for alerts in (mine, theirs):
        alerts.on_tasks_changed()
    escalate_overdue_callbacks(db, T0 + timedelta(minutes=16))  # overdue: escalated to the service head
    for alerts in (mine, theirs):
        alerts.on_tasks_changed()
        alerts.on_tasks_changed()  # said once, however often the table changes
    assert [who for who, _ in said] == ["dispatcher", "head"]
    assert said[0][1].startswith("Reminder: Callback due in 3 min")
    assert said[1][1].startswith("Escalated to you: Callback overdue by 1 min")

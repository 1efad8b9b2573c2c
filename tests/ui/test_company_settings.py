"""Settings → Company and the status bar's PBX indicator."""

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.company import Company
from models.service_status import PBX_DUTY, publish_status
from models.users import UserRef
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

"""Click-to-call: a phone clicked in the card, the pane or the log asks the PBX to ring this desk first."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication

from telephony.config import AmiConfig
from telephony.simulator import AmiSimulator
from tests.factories import add_client
from tests.telephony.helpers import closed_port
from ui.click_to_call import ClickToCall, PbxNotConfigured, configured_ami
from ui.main_window import MainWindow
from ui.phone_link import PhoneLink
from ui.settings import Settings


@pytest.fixture
def pbx() -> Iterator[AmiSimulator]:
    """The AMI simulator on 127.0.0.1, served from its own thread and event loop."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-pbx", daemon=True)
    thread.start()
    sim = AmiSimulator(speed=50)
    asyncio.run_coroutine_threadsafe(sim.start(), loop).result(5)
    yield sim
    asyncio.run_coroutine_threadsafe(sim.close(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def ami(port: int) -> AmiConfig:
    return AmiConfig(port=port, secret="secret", connect_timeout=2.0, fully_booted_timeout=1.0, login_timeout=2.0)


def desk(qtbot, db, tmp_path, extension: str, loader) -> MainWindow:
    store = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    Settings(store).set(Settings.PHONE_EXTENSION, extension)
    window = MainWindow(db, settings=Settings(store), ami_config=loader)
    qtbot.addWidget(window)
    window.show()
    return window


def originates(sim: AmiSimulator) -> list[tuple[str, str]]:
    return [(f.text("Channel"), f.text("Exten")) for f in sim.actions if f.text("Action") == "Originate"]


def test_clicking_a_phone_in_the_card_rings_this_desk_and_dials_it(qtbot, db, tmp_path, pbx):
    with db.transaction() as s:
        client = add_client(s, "Иванов Пётр", "+7 351 123 45 67")
    window = desk(qtbot, db, tmp_path, "201", lambda: ami(pbx.port))
    window.clients_page.open_client(client.id)
    (link,) = [b for b in window.clients_page.card_view.phones.findChildren(PhoneLink)]
    assert link.text() == "+7 351 123-45-67" and "right-click to copy" in link.toolTip()
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)

    assert originates(pbx) == [("PJSIP/201", "+73511234567")]
    message = window.statusBar().currentMessage()
    assert message.startswith("Calling +7 351 123-45-67") and "extension 201" in message


def test_a_number_in_the_call_log_is_a_link_that_calls(qtbot, db, tmp_path, pbx):
    from datetime import UTC, datetime

    from models.calls import record_call
    from tests.ui.test_call_pane import call
    from ui.call_models import CallLogTableModel

    record_call(db, call("log", "+79995550000", "missed", started=datetime.now(UTC)))
    window = desk(qtbot, db, tmp_path, "202", lambda: ami(pbx.port))
    window.show_page("calls")
    view = window.calls_page.log_view
    view.clicked.emit(window.calls_page.log_model.index(0, CallLogTableModel.COL_NUMBER))
    assert originates(pbx) == [("PJSIP/202", "+79995550000")]


def test_an_unreachable_pbx_is_said_plainly(qtbot, db, tmp_path):
    port = closed_port()
    window = desk(qtbot, db, tmp_path, "201", lambda: ami(port))
    window.click_to_call.call("+73511234567")
    assert window.statusBar().currentMessage() == f"PBX unreachable: 127.0.0.1:{port}: connection refused"


def test_without_an_ami_section_the_pbx_is_not_configured(qtbot, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[database]\nurl = "postgresql://x@y/z"\n', encoding="utf-8")
    with pytest.raises(PbxNotConfigured) as info:
        configured_ami(path=path, environ={"FIELDDESK_AMI_SECRET": "s"})
    assert info.value.section_missing
    clicker = ClickToCall(lambda: "201", lambda: configured_ami(path=path, environ={}))
    with qtbot.waitSignal(clicker.call_failed) as failed:
        clicker.call("+73511234567")
    assert failed.args == [f"PBX not configured: set [ami] in config.toml ({path})"]
    path.write_text('[ami]\nhost = "192.0.2.5"\nport = 5038\n', encoding="utf-8")
    assert configured_ami(path=path, environ={"FIELDDESK_AMI_SECRET": "s"}).address == "192.0.2.5:5038"


def test_without_an_extension_nothing_is_dialled(qtbot, db, tmp_path, pbx):
    window = desk(qtbot, db, tmp_path, "", lambda: ami(pbx.port))
    window.click_to_call.call("+73511234567")
    assert originates(pbx) == []
    assert window.statusBar().currentMessage() == "Set your phone extension in Settings to place calls."


def test_copy_number_stays_available(qtbot):
    link = PhoneLink("+7 351 123-45-67")
    qtbot.addWidget(link)
    menu = link.context_menu()
    assert [a.text() for a in menu.actions()] == ["Call", "Copy number"]
    with qtbot.waitSignal(link.phone_copied):
        menu.actions()[1].trigger()
    assert QGuiApplication.clipboard().text() == "+7 351 123-45-67"
    assert link.number == "+73511234567"

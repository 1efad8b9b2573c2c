"""Start-up: a reachable database becomes ready; failures are explained with the database named, never a traceback."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from models import __version__
from models.bootstrap import DatabaseTooNew
from models.config import ENV_DATABASE_URL
from models.database import Database
from ui.startup import StartupController

UNREACHABLE = "postgresql://dispatcher@127.0.0.1:1/fielddesk"


@pytest.fixture
def controller(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("FIELDDESK_DATA_DIR", str(tmp_path / "data"))
    controller = StartupController()
    yield controller
    for box in (controller.failure_box, controller.connecting):
        if box is not None:
            box.close()


def button_texts(box: QMessageBox) -> list[str]:
    return [button.text() for button in box.buttons()]


def test_an_unreachable_server_is_named_with_the_reason(controller, monkeypatch):
    monkeypatch.setenv(ENV_DATABASE_URL, UNREACHABLE)
    controller.start()
    box = controller.failure_box
    assert box is not None and box.isVisible()
    assert box.text() == "FieldDesk cannot open its database."
    details = box.informativeText()
    assert "127.0.0.1:1/fielddesk" in details
    assert "Traceback" not in details and len(details.splitlines()) < 12
    assert sorted(button_texts(box)) == ["Quit", "Retry", "Settings…"]
    assert not controller.connecting.isVisible()


def test_quit_on_the_failure_cancels_start_up(qtbot, controller, monkeypatch):
    monkeypatch.setenv(ENV_DATABASE_URL, UNREACHABLE)
    controller.start()
    box = controller.failure_box
    quit_button = next(b for b in box.buttons() if b.text() == "Quit")
    with qtbot.waitSignal(controller.startup_cancelled, timeout=2000):
        quit_button.click()


def test_a_broken_config_file_is_named(controller, tmp_path):
    config = tmp_path / "config" / "FieldDesk" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[database\nurl = ", encoding="utf-8")
    controller.start()
    assert str(config) in controller.failure_box.informativeText()


def test_a_newer_database_names_both_versions_and_only_offers_quit(controller):
    controller.on_open_failed(DatabaseTooNew("0042_future", "2.3.0", "0001_foundation"))
    box = controller.failure_box
    assert "FieldDesk 2.3.0" in box.text() and "0042_future" in box.text()
    assert f"FieldDesk {__version__}" in box.text() and "0001_foundation" in box.text()
    assert button_texts(box) == ["Quit"]


def test_a_database_with_clients_is_ready_without_demo_loading(qtbot, controller, monkeypatch,
                                                              demo_database: Database):
    monkeypatch.setenv(ENV_DATABASE_URL, demo_database.url)
    with qtbot.waitSignal(controller.database_ready, timeout=10000) as ready:
        controller.start()
    connection = ready.args[0]
    try:
        assert connection.db.display_url == demo_database.display_url
        assert controller.demo_dialog is None
        assert controller.failure_box is None
    finally:
        connection.close()

"""The status bar's PBX indicator: online, offline with the reason, or no call service running."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from models.database import Database
from models.service_status import HEARTBEAT_SECONDS, ServiceHealth, load_service_health
from ui.status_palette import AMBER, GREEN, GREY, RED
from ui.tasks import run_in_background

COLOURS = {"online": GREEN, "connecting": AMBER, "offline": RED, "not_running": GREY}


class PbxStatusLabel(QLabel):
    """Reads the state the call service publishes; refreshed when it changes and every heartbeat."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.health: ServiceHealth | None = None
        self.setText(self.tr("PBX: …"))
        self.timer = QTimer(self)
        self.timer.setInterval(HEARTBEAT_SECONDS * 1000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        run_in_background(load_service_health, self.db, on_done=self.show_health, on_error=self.on_error)

    def on_data_changed(self, tables: set[str]) -> None:
        if "service_status" in tables:
            self.refresh()

    def on_error(self, exc: BaseException) -> None:
        self.setToolTip(str(exc))

    def show_health(self, health: ServiceHealth) -> None:
        self.health = health
        text = {
            "online": self.tr("PBX online"),
            "connecting": self.tr("PBX connecting…"),
            "offline": self.tr("PBX offline"),
            "not_running": self.tr("PBX: call service not running"),
        }.get(health.state, health.state)
        self.setText(f"<span style='color:{COLOURS.get(health.state, GREY)}'>●</span> {text}")
        hint = {
            "offline": self.tr("Calls still ring on the phones, but FieldDesk does not see them: no call pane, no "
                               "missed-call tasks until the PBX is back."),
            "not_running": self.tr("Start it on the server with: python main.py service"),
        }.get(health.state, "")
        self.setToolTip("\n".join(part for part in (health.detail, hint) if part))

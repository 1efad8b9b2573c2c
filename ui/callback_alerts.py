"""Announces the service's callback reminders and escalations to the user they are addressed to."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from models.callbacks import ESCALATION_KIND, CallbackAlert, alerts_for, latest_alert_id
from models.database import Database
from ui.tasks import run_in_background


class CallbackAlerts(QObject):
    """Watches the tasks table for reminders and escalations of this desk's user; ``alerted`` says them."""

    alerted = Signal(str, object)  # the sentence to show, the alert

    def __init__(self, db: Database, user_id: int | None, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.user_id = user_id
        self.after_id: int | None = None
        if user_id is not None:
            run_in_background(latest_alert_id, db, on_done=self._start_after, on_error=lambda exc: None)

    def _start_after(self, marker_id: int) -> None:
        self.after_id = marker_id

    def on_tasks_changed(self) -> None:
        if self.user_id is None or self.after_id is None:
            return
        run_in_background(alerts_for, self.db, self.user_id, self.after_id, on_done=self._announce,
                          on_error=lambda exc: None)

    def _announce(self, alerts: list[CallbackAlert]) -> None:
        for alert in alerts:
            if self.after_id is not None and alert.id <= self.after_id:
                continue
            self.after_id = alert.id
            if alert.kind == ESCALATION_KIND:
                text = self.tr("Escalated to you: %1").replace("%1", alert.title)
            else:
                text = self.tr("Reminder: %1").replace("%1", alert.title)
            self.alerted.emit(text, alert)

"""Settings → Company: the callback deadline of missed calls, the public-holiday calendar, the urgent buffer."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from models.company_settings import (
    EDITOR_ROLES,
    CompanySettings,
    holiday_countries,
    load_company_settings,
    save_company_settings,
)
from models.database import Database
from models.users import UserRef
from ui.tasks import run_in_background


def country_name(code: str) -> str:
    """The country's name in the interface language, else its code."""
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return code
    return QLocale.territoryToString(territory)


class CompanySettingsForm(QWidget):
    """The company-wide settings; editable by an administrator, read-only for everyone else."""

    status_message_requested = Signal(str)
    saved = Signal(object)  # CompanySettings

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.role = user.role if user else None
        self.sla = QSpinBox()
        self.sla.setRange(1, 1440)
        self.sla.setSuffix(self.tr(" min"))
        self.sla.setToolTip(self.tr("A missed call must be called back within this time; the service reminds the "
                                    "dispatcher before it and escalates to a supervisor after it."))
        self.country = QComboBox()
        for code in sorted(holiday_countries(), key=country_name):
            self.country.addItem(country_name(code), code)
        self.country.setToolTip(self.tr("Public holidays of this country are not offered for booking."))
        self.buffer = QSpinBox()
        self.buffer.setRange(0, 90)
        self.buffer.setSuffix(" %")
        self.buffer.setToolTip(self.tr("Share of each technician's day kept free for urgent calls when slots are "
                                       "offered."))
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Callback deadline for a missed call:"), self.sla)
        form.addRow(self.tr("Public holidays of:"), self.country)
        form.addRow(self.tr("Kept free for urgent calls:"), self.buffer)
        self.save_button = QPushButton(self.tr("Save company settings"))
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.result_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.editable = self.role in EDITOR_ROLES
        for widget in (self.sla, self.country, self.buffer, self.save_button):
            widget.setEnabled(False)
        if not self.editable:
            self.result_label.setText(self.tr("Only an administrator may change these."))
        self.reload()

    def reload(self) -> None:
        run_in_background(load_company_settings, self.db, on_done=self.on_loaded,
                          on_error=lambda exc: self.result_label.setText(str(exc)))

    def on_loaded(self, settings: CompanySettings) -> None:
        self.sla.setValue(settings.callback_sla_minutes)
        index = self.country.findData(settings.holiday_country)
        self.country.setCurrentIndex(max(index, 0))
        self.buffer.setValue(settings.urgent_buffer_percent)
        for widget in (self.sla, self.country, self.buffer, self.save_button):
            widget.setEnabled(self.editable)

    def current(self) -> CompanySettings:
        return CompanySettings(self.sla.value(), self.country.currentData(), self.buffer.value())

    def on_save_button_clicked(self) -> None:
        self.result_label.clear()
        self.save_button.setEnabled(False)
        run_in_background(partial(save_company_settings, role=self.role), self.db, self.current(),
                          on_done=self.on_saved, on_error=self.on_save_failed)

    def on_saved(self, settings: CompanySettings) -> None:
        self.save_button.setEnabled(True)
        text = self.tr("Company settings saved; every workstation and the call service use them from now on.")
        self.result_label.setText(text)
        self.status_message_requested.emit(text)
        self.saved.emit(settings)

    def on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.result_label.setText(str(exc))

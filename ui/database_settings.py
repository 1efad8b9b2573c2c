"""Choosing the database: the embedded one on this computer or a shared server (takes effect on restart)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.config import ENV_DATABASE_URL, ConfigError, DatabaseConfig, data_dir, masked_url, save_database_url
from ui.widgets import error_label


def describe_source(config: DatabaseConfig) -> str:
    """Where the database comes from, in words: "the embedded database in …" or the URL and its origin."""
    if config.url is None:
        text = QCoreApplication.translate("DatabaseSettings", "the embedded database on this computer (%1)")
        return text.replace("%1", str(data_dir()))
    if config.source == "environment":
        origin = QCoreApplication.translate("DatabaseSettings", "from the environment variable %1")
        origin = origin.replace("%1", ENV_DATABASE_URL)
    else:
        origin = QCoreApplication.translate("DatabaseSettings", "from %1")
        origin = origin.replace("%1", config.source.removeprefix("config file "))
    return f"{masked_url(config.url)} ({origin})"


class DatabaseSettingsForm(QWidget):
    """The embedded/shared choice and the server URL; ``save`` writes it to the user's config file."""

    saved = Signal(str)  # a sentence saying what was saved

    def __init__(self, config: DatabaseConfig | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.config = config
        self.current_label = QLabel()
        self.current_label.setWordWrap(True)
        self.embedded_radio = QRadioButton(self.tr("Embedded database on this computer (one workstation)"))
        self.shared_radio = QRadioButton(self.tr("Shared database server (every workstation of the company)"))
        group = QButtonGroup(self)
        group.addButton(self.embedded_radio)
        group.addButton(self.shared_radio)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("postgresql://dispatcher@server:5432/fielddesk")
        self.url_edit.setToolTip(self.tr("The password is asked for at sign-in and kept in the system keyring."))
        self.error_label = error_label()
        self.env_label = QLabel(self.tr("The environment variable %1 is set and takes precedence over this setting.")
                                .replace("%1", ENV_DATABASE_URL))
        self.env_label.setObjectName("secondaryText")
        self.env_label.setWordWrap(True)
        self.restart_label = QLabel(self.tr("Changes take effect the next time FieldDesk starts."))
        self.restart_label.setObjectName("secondaryText")
        self.restart_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.current_label)
        layout.addWidget(self.embedded_radio)
        layout.addWidget(self.shared_radio)
        layout.addWidget(self.url_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.env_label)
        layout.addWidget(self.restart_label)
        self.shared_radio.toggled.connect(self.on_shared_radio_toggled)
        self.set_config(config)

    def set_config(self, config: DatabaseConfig | None) -> None:
        self.config = config
        if config is None:
            self.current_label.setText(self.tr("The database settings could not be read."))
        else:
            self.current_label.setText(self.tr("Now using %1.").replace("%1", describe_source(config)))
        shared = bool(config and config.url)
        self.shared_radio.setChecked(shared)
        self.embedded_radio.setChecked(not shared)
        if config and config.url and config.source != "environment":
            # A URL holding a password is not shown back: saving the masked form would lose the password.
            self.url_edit.setText(config.url if masked_url(config.url) == config.url else "")
        self.url_edit.setEnabled(shared)
        self.env_label.setVisible(bool(config and config.source == "environment"))

    def on_shared_radio_toggled(self, checked: bool) -> None:
        self.url_edit.setEnabled(checked)
        if checked:
            self.url_edit.setFocus()

    def chosen_url(self) -> str | None:
        return self.url_edit.text().strip() if self.shared_radio.isChecked() else None

    def save(self) -> bool:
        """Write the choice; on a malformed URL show why under the field and return False."""
        self.error_label.hide()
        url = self.chosen_url()
        if url is not None and not url:
            return self._fail(self.tr("Enter the server's URL, e.g. postgresql://dispatcher@server:5432/fielddesk."))
        try:
            save_database_url(url)
        except (ConfigError, OSError) as exc:
            return self._fail(str(exc))
        if url is None:
            self.saved.emit(self.tr("Saved: the embedded database on this computer."))
        else:
            self.saved.emit(self.tr("Saved: %1.").replace("%1", masked_url(url)))
        return True

    def _fail(self, message: str) -> bool:
        self.error_label.setText(message)
        self.error_label.show()
        self.url_edit.setFocus()
        return False


class DatabaseSettingsDialog(QDialog):
    """The database choice as a dialog (offered when the database cannot be opened at start)."""

    def __init__(self, config: DatabaseConfig | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database settings"))
        self.setMinimumWidth(560)
        self.form = DatabaseSettingsForm(config)
        self.form.restart_label.hide()  # the app retries right away
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def on_buttons_accepted(self) -> None:
        if self.form.save():
            self.accept()

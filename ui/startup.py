"""Getting to a usable database at start: connect off the UI thread, explain failures, fill an empty one.

Failures are shown as sentences with the database named, never as tracebacks: Retry, Settings (choose a
shared server or the embedded database) or Quit. A database newer than this FieldDesk can only be left.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QProgressDialog, QVBoxLayout, QWidget

from models import __version__
from models.bootstrap import DatabaseTooNew
from models.config import ConfigError, DatabaseConfig, config_file, data_dir, load_database_config, masked_url
from models.connect import Connection, open_database
from models.database import Database, DatabaseUnavailable
from models.demo import DemoNotEmpty, load_demo
from models.search import count_clients
from ui.database_settings import DatabaseSettingsDialog, describe_source
from ui.tasks import run_in_background

log = logging.getLogger(__name__)

DEMO_SCALE = "small"
DEMO_SEED = 42
# Message boxes size themselves too narrow for a URL and a driver's reason.
MESSAGE_WIDTH = "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 460px; }"


def load_demo_data(db: Database, progress: Callable[[str], None] | None = None) -> str:
    """Load the small demo data set (seed 42) into an empty database; return the summary."""
    return load_demo(db, scale=DEMO_SCALE, seed=DEMO_SEED, progress=progress)


class ConnectingWindow(QWidget):
    """A small window saying where FieldDesk is connecting while the database opens."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Dialog)
        self.setWindowTitle(self.tr("FieldDesk"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(420)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(bar)

    def show_source(self, source: str) -> None:
        self.label.setText(self.tr("Connecting to %1…").replace("%1", source))
        self.adjustSize()
        self.show()


class StartupController(QObject):
    """Opens the configured database and, when it has no clients, loads the small demo data set."""

    database_ready = Signal(object)  # models.connect.Connection
    startup_cancelled = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.config: DatabaseConfig | None = None
        self.connection: Connection | None = None
        self.connecting = ConnectingWindow()
        self.demo_dialog: QProgressDialog | None = None
        self.failure_box: QMessageBox | None = None

    def start(self) -> None:
        """Read the configuration and open the database in the background."""
        try:
            self.config = load_database_config()
        except ConfigError as exc:
            self.config = None
            self.show_failure(str(config_file()), str(exc))
            return
        self.connecting.show_source(describe_source(self.config))
        run_in_background(open_database, self.config, on_done=self.on_open_done, on_error=self.on_open_failed)

    def target_name(self) -> str:
        """The database being opened, for messages: its URL (password hidden) or the embedded folder."""
        if self.config is None or self.config.url is None:
            return self.tr("the embedded database in %1").replace("%1", str(data_dir() / "pgdata"))
        return masked_url(self.config.url)

    def on_open_done(self, connection: Connection) -> None:
        self.connection = connection
        run_in_background(count_clients, connection.db, on_done=self.on_count_done, on_error=self.on_open_failed)

    def on_open_failed(self, exc: BaseException) -> None:
        self.connecting.hide()
        log.warning("database not opened: %s", exc)
        if isinstance(exc, DatabaseTooNew):
            self.show_too_new(exc)
            return
        if isinstance(exc, DatabaseUnavailable):
            self.show_failure(exc.url, exc.reason)
        else:
            self.show_failure(self.target_name(), str(exc) or type(exc).__name__)

    def on_count_done(self, clients: int) -> None:
        if clients:
            self.finish()
            return
        self.connecting.hide()
        dialog = QProgressDialog(self.tr("The database is empty: loading demo data so that there is something to "
                                         "look at…"), "", 0, 0)
        dialog.setWindowTitle(self.tr("FieldDesk"))
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(480)
        dialog.show()
        self.demo_dialog = dialog
        run_in_background(load_demo_data, self.connection.db, on_done=self.on_demo_done,
                          on_error=self.on_demo_failed, progress=self.on_demo_progress)

    def on_demo_progress(self, message: object) -> None:
        if self.demo_dialog is not None:
            self.demo_dialog.setLabelText(self.tr("Loading demo data: %1").replace("%1", str(message)))

    def on_demo_done(self, _summary: object) -> None:
        self.finish()

    def on_demo_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DemoNotEmpty):
            self.finish()  # another workstation filled the database meanwhile
            return
        log.warning("demo data not loaded: %s", exc)
        if self.demo_dialog is not None:
            self.demo_dialog.hide()
        QMessageBox.warning(None, self.tr("FieldDesk"),
                            self.tr("The demo data could not be loaded: %1\n\nFieldDesk opens with an empty "
                                    "database.").replace("%1", str(exc)))
        self.finish()

    def finish(self) -> None:
        self.connecting.hide()
        if self.demo_dialog is not None:
            self.demo_dialog.hide()
            self.demo_dialog.deleteLater()
            self.demo_dialog = None
        self.database_ready.emit(self.connection)

    # failures

    def show_failure(self, where: str, message: str) -> None:
        """Name the database and the reason; offer Retry, Settings and Quit."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("FieldDesk: database not available"),
                          self.tr("FieldDesk cannot open its database."))
        reason = "\n".join(line.strip() for line in message.splitlines() if line.strip())  # drivers indent with tabs
        box.setInformativeText(self.tr("Database: %1\n\n%2").replace("%1", where).replace("%2", reason))
        box.setStyleSheet(MESSAGE_WIDTH)
        self.retry_button = box.addButton(self.tr("Retry"), QMessageBox.ButtonRole.AcceptRole)
        self.settings_button = box.addButton(self.tr("Settings…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.retry_button)
        box.finished.connect(self.on_failure_box_finished)
        self.failure_box = box
        box.open()

    def on_failure_box_finished(self, _result: int) -> None:
        clicked = self.failure_box.clickedButton() if self.failure_box else None
        self.failure_box = None
        if clicked is self.retry_button:
            self.start()
        elif clicked is self.settings_button:
            dialog = DatabaseSettingsDialog(self.config)
            dialog.finished.connect(self.on_settings_dialog_finished)
            self.settings_dialog = dialog
            dialog.open()
        else:
            self.startup_cancelled.emit()

    def on_settings_dialog_finished(self, _result: int) -> None:
        self.start()  # saved or not, try again: Cancel there means "try what I have"

    def show_too_new(self, exc: DatabaseTooNew) -> None:
        by = (self.tr("FieldDesk %1").replace("%1", exc.db_app_version) if exc.db_app_version
              else self.tr("a newer FieldDesk"))
        text = (self.tr("This database was migrated by %1 (schema %2); this is FieldDesk %3 (schema %4). "
                        "Update FieldDesk on this computer before connecting to it.")
                .replace("%1", by).replace("%2", exc.db_revision).replace("%3", __version__)
                .replace("%4", exc.our_head))
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("FieldDesk: update needed"), text)
        box.setStyleSheet(MESSAGE_WIDTH)
        box.setInformativeText(self.tr("FieldDesk will not change a database made by a newer version."))
        box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(self.startup_cancelled)
        self.failure_box = box
        box.open()

"""The desktop application: QApplication, language and style, then the start-up flow and the main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from models import __version__
from models.connect import Connection
from resources import STYLE_SHEET
from ui.i18n import choose_language, install_translations
from ui.live_sync import LiveSync
from ui.main_window import MainWindow
from ui.platform_check import explain_missing_libraries
from ui.settings import Settings
from ui.startup import StartupController
from ui.tasks import wait_for_tasks

log = logging.getLogger(__name__)

APP_NAME = "FieldDesk"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with FieldDesk's names, translation (system locale or FIELDDESK_LANG) and style."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_NAME)
    install_translations(app, choose_language())  # the translators are children of the app
    apply_style(app)
    return app


def apply_style(app: QApplication) -> None:
    """The shared style sheet on top of the platform's own style and font."""
    try:
        app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
    except OSError as exc:
        log.warning("style sheet not loaded: %s", exc)


class Application(QObject):
    """Holds the open database and the main window for the life of the process."""

    def __init__(self, app: QApplication):
        super().__init__()
        self.app = app
        self.connection: Connection | None = None
        self.window: MainWindow | None = None
        self.live_sync: LiveSync | None = None
        self.startup = StartupController(self)
        self.startup.database_ready.connect(self.on_startup_database_ready)
        self.startup.startup_cancelled.connect(self.on_startup_startup_cancelled)

    def start(self) -> None:
        # No window is open between the connecting window and the main one; don't quit in that gap.
        self.app.setQuitOnLastWindowClosed(False)
        self.startup.start()

    def on_startup_database_ready(self, connection: Connection) -> None:
        self.connection = connection
        self.window = MainWindow(connection.db, connection.config, settings=Settings(), user=connection.user)
        self.live_sync = LiveSync(connection.db.url, parent=self)
        self.window.attach_live_sync(self.live_sync)
        self.live_sync.start()
        self.window.show()
        self.app.setQuitOnLastWindowClosed(True)

    def on_startup_startup_cancelled(self) -> None:
        self.app.exit(1)

    def close(self) -> None:
        if self.live_sync is not None:
            self.live_sync.stop()
        wait_for_tasks()
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def run_app() -> int:
    """Run the desktop app until its main window closes; the exit code for the process."""
    problem = explain_missing_libraries()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    app = create_application()
    application = Application(app)
    QTimer.singleShot(0, application.start)
    try:
        return app.exec()
    finally:
        application.close()

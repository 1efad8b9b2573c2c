"""The simple pages of the main window: placeholders for areas not built yet, and Settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models import __version__
from models.config import DatabaseConfig
from ui.database_settings import DatabaseSettingsForm


def page_title(text: str) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName("pageTitle")
    widget.setWordWrap(True)
    return widget


class PlaceholderPage(QWidget):
    """A page whose area is not built yet: its title and one sentence saying what will be there."""

    def __init__(self, title: str, sentence: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.sentence_label = QLabel(sentence)
        self.sentence_label.setObjectName("placeholderText")
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setMaximumWidth(720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(page_title(title))
        layout.addWidget(self.sentence_label)
        layout.addStretch(1)


class PhoneExtensionForm(QWidget):
    """This desk's phone extension: calls ringing it open the call pane, click-to-call rings it first."""

    extension_changed = Signal(str)

    def __init__(self, extension: str = "", user_extension: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.user_extension = user_extension or ""
        self.edit = QLineEdit(extension)
        self.edit.setPlaceholderText(self.user_extension or self.tr("e.g. 201"))
        self.edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000000") + 24)
        self.edit.setToolTip(self.tr("The extension of the phone on this desk; Enter applies it"))
        self.edit.editingFinished.connect(self.on_edit_editing_finished)
        caption = QLabel(self.tr("Phone extension of this desk:"))
        caption.setBuddy(self.edit)
        if self.user_extension:
            hint = self.tr("Leave empty to use your own extension, %1.").replace("%1", self.user_extension)
        else:
            hint = self.tr("Your user has no extension; type the one of the phone on this desk.")
        self.hint = QLabel(hint)
        self.hint.setObjectName("secondaryText")
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.edit)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)

    def effective(self) -> str:
        """The extension in use: the one typed, else the user's own."""
        return self.edit.text().strip() or self.user_extension

    def on_edit_editing_finished(self) -> None:
        if self.edit.text().strip() != self.edit.text():
            self.edit.setText(self.edit.text().strip())
        self.extension_changed.emit(self.edit.text().strip())


class SettingsPage(QWidget):
    """Settings: the database this workstation uses (changed here, used after a restart), the phone extension,
    language, version."""

    status_message_requested = Signal(str)

    def __init__(self, config: DatabaseConfig | None, parent: QWidget | None = None, *, extension: str = "",
                 user_extension: str | None = None):
        super().__init__(parent)
        self.phone_form = PhoneExtensionForm(extension, user_extension)
        self.form = DatabaseSettingsForm(config)
        self.form.saved.connect(self.on_form_saved)
        self.save_button = QPushButton(self.tr("Save database setting"))
        self.save_button.setToolTip(self.tr("Save the database choice; FieldDesk uses it after a restart (Ctrl+S)"))
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.result_label, 1)

        language = QLabel(self.tr("Language: English. FieldDesk follows the system language; set FIELDDESK_LANG "
                                  "to ru or en to choose."))
        language.setWordWrap(True)
        version = QLabel(self.tr("FieldDesk %1").replace("%1", __version__))
        version.setObjectName("secondaryText")

        content = QWidget()
        content.setMaximumWidth(1120)  # the pipeline editor's three columns and gate check boxes need the room
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(page_title(self.tr("Settings")))
        column.addSpacing(8)
        column.addWidget(section_title(self.tr("Database")))
        column.addWidget(self.form)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(section_title(self.tr("Telephony")))
        column.addWidget(self.phone_form)
        column.addSpacing(16)
        self.column = column
        self.sections_end = column.count()
        column.addWidget(section_title(self.tr("Language")))
        column.addWidget(language)
        column.addSpacing(16)
        column.addWidget(version)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(24, 16, 24, 16)
        holder_layout.addWidget(content, 1)
        holder_layout.addStretch(0)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def add_section(self, title: str, widget: QWidget) -> None:
        """Add a section (its title, then ``widget``) after the ones already there, before Language."""
        for item in (section_title(title), widget):
            self.column.insertWidget(self.sections_end, item)
            self.sections_end += 1
        self.column.insertSpacing(self.sections_end, 16)
        self.sections_end += 1

    def on_save_button_clicked(self) -> None:
        self.result_label.clear()
        self.form.save()

    def on_form_saved(self, message: str) -> None:
        text = message + " " + self.tr("Restart FieldDesk to use it.")
        self.result_label.setText(text)
        self.status_message_requested.emit(text)


def section_title(text: str) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName("sectionTitle")
    return widget

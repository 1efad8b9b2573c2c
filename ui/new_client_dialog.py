"""The new-client form: kind, name, phones, e-mail, address and a note; each field shows its own error."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from models.clients import ClientDraft, ClientValidationError, create_client
from models.database import Database
from ui.domain_labels import CLIENT_KINDS, label
from ui.tasks import run_in_background
from ui.widgets import error_label

FIELDS = ("kind", "name", "phones", "email", "address", "note")

# The domain's fixed messages, so that they can be shown translated; messages that quote what was typed
# come through as they are.
KNOWN_MESSAGES = (
    QT_TRANSLATE_NOOP("ClientValidation", "Enter the client's name: a person's full name or the company's name."),
    QT_TRANSLATE_NOOP("ClientValidation", "The name is longer than 300 characters; shorten it."),
)


def split_phones(text: str) -> tuple[str, ...]:
    """Phones typed on one line, separated by commas, semicolons or new lines."""
    return tuple(part.strip() for part in re.split(r"[,;\n]+", text) if part.strip())


def field_message(field: str, message: str, draft: ClientDraft) -> str:
    """The domain's message in the user's language.

    Fixed messages have translations; the ones quoting what was typed are rebuilt here from the draft
    when the interface is not in English (the domain writes them in English).
    """
    translated = QCoreApplication.translate("ClientValidation", message)
    if translated != message or QLocale().language() in (QLocale.Language.English, QLocale.Language.C):
        return translated
    if field == "email":
        text = QCoreApplication.translate(
            "ClientValidation", "“%1” is not an e-mail address; use the form name@example.ru or leave it empty."
        )
        return text.replace("%1", draft.email)
    if field == "phones":
        text = QCoreApplication.translate(
            "ClientValidation", "Check the phone numbers (%1): type them with the code, e.g. +7 351 123-45-67."
        )
        return text.replace("%1", ", ".join(draft.phones))
    return message


class NewClientDialog(QDialog):
    """Creates a client; Save runs in the background, Esc cancels, the cursor starts in the name field.

    ``phone`` prefills the phones field (a new client for the number that is calling).
    """

    client_created = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *, phone: str = ""):
        super().__init__(parent)
        self.db = db
        self.client_id: int | None = None
        self._submitted = ClientDraft()
        self.setWindowTitle(self.tr("New client"))
        self.setMinimumWidth(520)

        self.kind_combo = QComboBox()
        for code in CLIENT_KINDS:
            self.kind_combo.addItem(label(CLIENT_KINDS, code), code)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Full name or company name"))
        self.phones_edit = QLineEdit()
        self.phones_edit.setPlaceholderText(self.tr("+7 351 123-45-67, 8 912 000-00-00"))
        self.phones_edit.setText(phone)  # a caller's number when the form is opened from the call pane
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText(self.tr("name@example.ru"))
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText(self.tr("City, street, building, flat"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.editors: dict[str, QWidget] = {
            "kind": self.kind_combo,
            "name": self.name_edit,
            "phones": self.phones_edit,
            "email": self.email_edit,
            "address": self.address_edit,
            "note": self.note_edit,
        }
        self.error_labels: dict[str, QLabel] = {}

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        captions = {
            "kind": self.tr("Kind"),
            "name": self.tr("Name"),
            "phones": self.tr("Phones"),
            "email": self.tr("E-mail"),
            "address": self.tr("Address"),
            "note": self.tr("Note"),
        }
        for field in FIELDS:
            form.addRow(captions[field], self._with_error(field))
        self.form_error = error_label()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_text = self.save_button.text()
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setToolTip(self.tr("Save the client (Enter or Ctrl+S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(self.tr("Close without saving (Esc)"))
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.name_edit, self.phones_edit)
        self.name_edit.setFocus()

    def _with_error(self, field: str) -> QWidget:
        """The field's editor with its (hidden) error line under it."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.editors[field])
        error = error_label()
        column.addWidget(error)
        self.error_labels[field] = error
        return holder

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.name_edit.setFocus()

    def draft(self) -> ClientDraft:
        """What has been typed, as the domain's draft."""
        return ClientDraft(
            kind=self.kind_combo.currentData() or "person",
            name=self.name_edit.text(),
            phones=split_phones(self.phones_edit.text()),
            email=self.email_edit.text().strip(),
            address=self.address_edit.text(),
            note=self.note_edit.toPlainText(),
        )

    def errors(self) -> dict[str, str]:
        """The error text each field shows now (empty when none)."""
        return {field: lbl.text() for field, lbl in self.error_labels.items() if not lbl.isHidden()}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message under its field and move the cursor to the first wrong field."""
        self.clear_errors()
        first: QWidget | None = None
        for field in FIELDS:
            if field in errors:
                self.error_labels[field].setText(field_message(field, errors[field], self._submitted))
                self.error_labels[field].show()
                first = first or self.editors[field]
        unplaced = [field_message(field, text, self._submitted) for field, text in errors.items()
                    if field not in self.error_labels]
        if unplaced:
            self.form_error.setText(" ".join(unplaced))
            self.form_error.show()
        if first is not None:
            first.setFocus()
            if isinstance(first, QLineEdit):
                first.selectAll()

    def clear_errors(self) -> None:
        for lbl in self.error_labels.values():
            lbl.clear()
            lbl.hide()
        self.form_error.hide()

    def on_buttons_accepted(self) -> None:
        self.clear_errors()
        self.save_button.setEnabled(False)
        self._save_text = self.save_button.text()
        self.save_button.setText(self.tr("Saving…"))
        self._submitted = self.draft()
        run_in_background(create_client, self.db, self._submitted, on_done=self.on_task_done,
                          on_error=self.on_task_failed)

    def _restore_save_button(self) -> None:
        self.save_button.setEnabled(True)
        self.save_button.setText(self._save_text)

    def on_task_done(self, client_id: int) -> None:
        self._restore_save_button()
        self.client_id = client_id
        self.client_created.emit(client_id)
        self.accept()

    def on_task_failed(self, exc: BaseException) -> None:
        self._restore_save_button()
        if isinstance(exc, ClientValidationError):
            self.show_errors(exc.errors)
            return
        self.form_error.setText(self.tr("The client was not saved: %1").replace("%1", str(exc)))
        self.form_error.show()

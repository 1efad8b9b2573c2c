"""The "New unit…" / "Edit unit…" form: owner, site, manufacturer and model from the catalogue, serial, dates,
warranty. The serial is checked as it is typed (in the background, after a pause) and a serial already on another
client's unit is shown under the field before Save; the domain's refusals are listed when Save is refused.

Editing may give the unit another owner (a unit sold on): "Find another owner" searches clients as the global search
does; the site list follows the chosen owner.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from decimal import Decimal
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.equipment_edit import (
    SerialOwner,
    UnitDraft,
    UnitFormOptions,
    UnitRefused,
    add_months,
    create_unit,
    parse_decimal,
    serial_owners,
    unit_draft,
    unit_form_options,
    update_unit,
)
from models.search import search
from models.views import SearchHit
from ui.formatting import format_date
from ui.tasks import run_in_background
from ui.widgets import error_label

SERIAL_DEBOUNCE_MS = 350
OWNER_DEBOUNCE_MS = 300
DATE_FIELDS = ("sold_on", "installed_on", "commissioned_on", "warranty_until")
_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\s*$")


def parse_date(text: str) -> date | None:
    """"12.04.2025", "1.4.25" → a date; empty → None; ValueError when it is not a date."""
    if not text.strip():
        return None
    match = _DATE.match(text)
    if match is None:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return date(year + 2000 if year < 100 else year, month, day)


def decimal_text(value: Decimal | None) -> str:
    """2000.0 → "2000", 1500.5 → "1500.5", None → ""."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def describe_owner(owner: SerialOwner) -> str:
    """"ООО Ромашка (unit #45, Daikin FTXB35)", translated."""
    maker = f"{owner.manufacturer} " if owner.manufacturer and owner.manufacturer not in owner.model else ""
    return (QCoreApplication.translate("EquipmentDialog", "%1 (unit #%2, %3)").replace("%1", owner.client_name)
            .replace("%2", str(owner.unit_id)).replace("%3", f"{maker}{owner.model}"))


def conflict_sentence(serial: str, owner: SerialOwner, client_id: int | None) -> str:
    """Why the serial cannot be saved, and what to do."""
    if owner.client_id == client_id:
        text = QCoreApplication.translate(
            "EquipmentDialog", "Serial %1 is already registered to this client as %2. Open that unit to change it "
                               "instead of adding it again.")
    else:
        text = QCoreApplication.translate(
            "EquipmentDialog", "Serial %1 is already registered to %2. If the unit changed hands, open that unit "
                               "and change its owner there.")
    return text.replace("%1", serial.strip()).replace("%2", describe_owner(owner))


class EquipmentDialog(QDialog):
    """Registers a unit for ``client_id`` or edits unit ``unit_id``; ``unit_saved(unit_id)`` once stored."""

    unit_saved = Signal(int)

    def __init__(self, db: Database, *, client_id: int | None = None, unit_id: int | None = None,
                 user_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if (client_id is None) == (unit_id is None):
            raise ValueError("Give either the client of a new unit or the unit to edit.")
        self.db = db
        self.unit_id = unit_id
        self.user_id = user_id
        self.client_id = client_id
        self.version: int | None = None
        self.options: UnitFormOptions | None = None
        self.conflicts: list[SerialOwner] = []
        self._pending_site: int | None = None
        self._owner_hits: list[SearchHit] = []
        self.setWindowTitle(self.tr("Edit unit") if unit_id else self.tr("New unit"))
        self.setMinimumWidth(560)
        self._build()
        self.setEnabled(False)
        if unit_id is not None:
            run_in_background(unit_draft, db, unit_id, on_done=self.on_draft_loaded, on_error=self.on_load_failed)
        else:
            self._load_options(client_id)

    # building

    def _build(self) -> None:
        self.owner_label = QLabel()
        self.owner_label.setObjectName("cardTitle")
        self.owner_search = QLineEdit()
        self.owner_search.setPlaceholderText(self.tr("Find another owner: name, phone or address"))
        self.owner_search.setToolTip(self.tr("A unit sold on moves to its new owner here"))
        self.owner_results = QComboBox()
        self.owner_results.setMinimumContentsLength(24)
        self.owner_results.setEnabled(False)
        self.owner_results.activated.connect(self.on_owner_results_activated)
        self._owner_timer = QTimer(self, singleShot=True, interval=OWNER_DEBOUNCE_MS)
        self._owner_timer.timeout.connect(self.find_owner)
        self.owner_search.textEdited.connect(lambda _text: self._owner_timer.start())
        self.site_combo = QComboBox()
        self.manufacturer_combo = self._editable_combo(self.tr("e.g. Daikin"))
        self.model_combo = self._editable_combo(self.tr("As on the nameplate, e.g. FTXB35C"))
        self.kind_combo = self._editable_combo(self.tr("Air conditioner, water meter, tractor…"))
        self.manufacturer_combo.currentTextChanged.connect(self.on_manufacturer_combo_text_changed)
        self.model_combo.currentTextChanged.connect(self.on_model_combo_text_changed)
        self.serial_edit = QLineEdit()
        self.serial_edit.setPlaceholderText(self.tr("As on the nameplate; empty when unknown"))
        self.serial_edit.textChanged.connect(self.on_serial_edit_text_changed)
        self.serial_note = error_label()
        self._serial_timer = QTimer(self, singleShot=True, interval=SERIAL_DEBOUNCE_MS)
        self._serial_timer.timeout.connect(self.check_serial)
        self.date_edits: dict[str, QLineEdit] = {}
        for field in DATE_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("dd.mm.yyyy"))
            edit.setMaxLength(10)
            self.date_edits[field] = edit
        self.months_spin = QSpinBox()
        self.months_spin.setRange(-1, 600)
        self.months_spin.setSpecialValueText(self.tr("by end date"))
        self.months_spin.setSuffix(self.tr(" months"))
        self.months_spin.setValue(-1)
        self.months_spin.setToolTip(self.tr("Counted from commissioning (else installation, else sale)"))
        self.months_spin.valueChanged.connect(self.on_warranty_inputs_changed)
        for field in ("sold_on", "installed_on", "commissioned_on"):
            self.date_edits[field].textChanged.connect(self.on_warranty_inputs_changed)
        self.usage_edit = QLineEdit()
        self.usage_edit.setPlaceholderText(self.tr("empty: no usage limit"))
        self.usage_unit_combo = QComboBox()
        for code, text in ((None, self.tr("no counter")), ("engine_hours", self.tr("engine hours")),
                           ("km", self.tr("km"))):
            self.usage_unit_combo.addItem(text, code)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        owner_row = QHBoxLayout()
        owner_row.addWidget(self.owner_label, 1)
        self.owner_box = QWidget()
        owner_search_row = QHBoxLayout(self.owner_box)
        owner_search_row.setContentsMargins(0, 0, 0, 0)
        owner_search_row.addWidget(self.owner_search, 1)
        owner_search_row.addWidget(self.owner_results, 1)
        owner_column = QVBoxLayout()
        owner_column.addLayout(owner_row)
        owner_column.addWidget(self.owner_box)
        self.owner_box.setVisible(self.unit_id is not None)
        form.addRow(self.tr("Owner"), owner_column)
        form.addRow(self.tr("Address"), self.site_combo)
        form.addRow(self.tr("Manufacturer"), self.manufacturer_combo)
        form.addRow(self.tr("Model"), self.model_combo)
        form.addRow(self.tr("Kind"), self.kind_combo)
        serial_column = QVBoxLayout()
        serial_column.setSpacing(2)
        serial_column.addWidget(self.serial_edit)
        serial_column.addWidget(self.serial_note)
        form.addRow(self.tr("Serial"), serial_column)
        dates = QHBoxLayout()
        for field, caption in (("sold_on", self.tr("Sold")), ("installed_on", self.tr("Installed")),
                               ("commissioned_on", self.tr("Commissioned"))):
            dates.addWidget(QLabel(caption))
            dates.addWidget(self.date_edits[field])
        form.addRow(self.tr("Dates"), dates)
        warranty = QHBoxLayout()
        warranty.addWidget(self.months_spin)
        warranty.addWidget(QLabel(self.tr("until")))
        warranty.addWidget(self.date_edits["warranty_until"])
        form.addRow(self.tr("Warranty"), warranty)
        usage = QHBoxLayout()
        usage.addWidget(self.usage_edit, 1)
        usage.addWidget(self.usage_unit_combo)
        form.addRow(self.tr("Warranty usage limit"), usage)
        form.addRow(self.tr("Note"), self.note_edit)
        self.form_error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_text = self.save_button.text()
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setToolTip(self.tr("Save the unit (Ctrl+S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(self.tr("Close without saving (Esc)"))
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)
        order = [self.owner_search, self.owner_results, self.site_combo, self.manufacturer_combo, self.model_combo,
                 self.kind_combo, self.serial_edit, *(self.date_edits[f] for f in DATE_FIELDS[:3]), self.months_spin,
                 self.date_edits["warranty_until"], self.usage_edit, self.usage_unit_combo, self.note_edit]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.editors: dict[str, QWidget] = {
            "client_id": self.owner_search, "site_id": self.site_combo, "manufacturer": self.manufacturer_combo,
            "model": self.model_combo, "kind": self.kind_combo, "serial": self.serial_edit,
            **self.date_edits, "warranty_months": self.months_spin, "warranty_usage_limit": self.usage_edit,
            "usage_unit": self.usage_unit_combo,
        }

    @staticmethod
    def _editable_combo(placeholder: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.lineEdit().setPlaceholderText(placeholder)
        combo.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        return combo

    # loading

    def _load_options(self, client_id: int) -> None:
        run_in_background(unit_form_options, self.db, client_id, on_done=self.on_options_loaded,
                          on_error=self.on_load_failed)

    def on_draft_loaded(self, draft: UnitDraft) -> None:
        self.client_id = draft.client_id
        self.version = draft.version
        self._pending_site = draft.site_id
        self.manufacturer_combo.setEditText(draft.manufacturer)
        self.model_combo.setEditText(draft.model)
        self.kind_combo.setEditText(draft.kind)
        self.serial_edit.setText(draft.serial)
        for field in DATE_FIELDS:
            value = getattr(draft, field)
            self.date_edits[field].setText(format_date(value) if value else "")
        self.usage_edit.setText(decimal_text(draft.warranty_usage_limit))
        self.usage_unit_combo.setCurrentIndex(max(0, self.usage_unit_combo.findData(draft.usage_unit)))
        self.note_edit.setPlainText(draft.note)
        self._load_options(draft.client_id)

    def on_options_loaded(self, options: UnitFormOptions) -> None:
        first_load = self.options is None
        self.options = options
        self.client_id = options.client_id
        self.owner_label.setText(options.client_name)
        self.site_combo.clear()
        self.site_combo.addItem(self.tr("No address"), None)
        for site in options.sites:
            self.site_combo.addItem(site.address, site.id)
        wanted = self._pending_site if self._pending_site is not None else (
            options.sites[0].id if len(options.sites) == 1 else None)
        self._pending_site = None
        self.site_combo.setCurrentIndex(max(0, self.site_combo.findData(wanted)))
        if first_load:
            for combo, items in ((self.manufacturer_combo, options.manufacturers), (self.kind_combo, options.kinds)):
                text = combo.currentText()
                combo.addItems(list(items))
                combo.setEditText(text)
            self._fill_models()
        self.setEnabled(True)
        if first_load:
            self._focus_first()
        self.check_serial()

    def _focus_first(self) -> None:
        """The cursor starts in the model (a new unit) or the serial (an edit)."""
        (self.model_combo if self.unit_id is None else self.serial_edit).setFocus()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.options is not None:
            self._focus_first()

    def on_load_failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        for widget in (*self.editors.values(), self.save_button):
            widget.setEnabled(False)
        self.show_problems([self.tr("The form could not be filled: %1").replace("%1", str(exc))])

    def _fill_models(self) -> None:
        """The catalogue's models of the manufacturer typed (all of them while it is empty)."""
        if self.options is None:
            return
        maker = self.manufacturer_combo.currentText().strip().lower()
        text = self.model_combo.currentText()
        models = sorted({m.model for m in self.options.models if not maker or (m.manufacturer or "").lower() == maker})
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItems(models)
        self.model_combo.setEditText(text)
        self.model_combo.blockSignals(False)

    def on_manufacturer_combo_text_changed(self, _text: str) -> None:
        self._fill_models()

    def on_model_combo_text_changed(self, text: str) -> None:
        """A model from the catalogue brings its kind when none is typed yet."""
        if self.options is None or self.kind_combo.currentText().strip():
            return
        for known in self.options.models:
            if known.model == text.strip():
                self.kind_combo.setEditText(known.kind)
                if not self.manufacturer_combo.currentText().strip() and known.manufacturer:
                    self.manufacturer_combo.setEditText(known.manufacturer)
                return

    # the owner

    def find_owner(self) -> None:
        query = self.owner_search.text().strip()
        if len(query) < 2:
            self.on_owner_found([], query)
            return
        run_in_background(search, self.db, query, 20, on_done=lambda hits: self.on_owner_found(hits, query),
                          on_error=lambda exc: self.on_owner_found([], query))

    def on_owner_found(self, hits: list[SearchHit], query: str) -> None:
        if query != self.owner_search.text().strip():
            return  # typed on meanwhile
        seen: set[int] = set()
        self._owner_hits = [h for h in hits if h.client_id not in seen and not seen.add(h.client_id)]
        self.owner_results.clear()
        for hit in self._owner_hits:
            self.owner_results.addItem(" · ".join(p for p in (hit.title, hit.subtitle) if p), hit.client_id)
        self.owner_results.setEnabled(bool(self._owner_hits))
        if query and not self._owner_hits:
            self.owner_results.addItem(self.tr("Nobody found"))

    def on_owner_results_activated(self, row: int) -> None:
        client_id = self.owner_results.itemData(row)
        if client_id is not None and client_id != self.client_id:
            self.choose_owner(int(client_id))

    def choose_owner(self, client_id: int) -> None:
        """Make ``client_id`` the unit's owner in the form (saved with the rest); its sites replace the list."""
        self.client_id = client_id
        self._load_options(client_id)

    # the serial

    def on_serial_edit_text_changed(self, _text: str) -> None:
        self._serial_timer.start()

    def check_serial(self) -> None:
        """Look the serial up in the background; the answer is shown only if it is still the serial typed."""
        self._serial_timer.stop()
        serial = self.serial_edit.text().strip()
        if not serial or self.client_id is None:
            self.on_serial_checked([], serial)
            return
        run_in_background(partial(serial_owners, exclude_unit_id=self.unit_id), self.db, serial,
                          on_done=lambda owners: self.on_serial_checked(owners, serial),
                          on_error=lambda exc: None)

    def on_serial_checked(self, owners: list[SerialOwner], serial: str) -> None:
        if serial != self.serial_edit.text().strip():
            return
        self.conflicts = list(owners)
        self.serial_note.setText("\n".join(conflict_sentence(serial, o, self.client_id) for o in owners[:3]))
        self.serial_note.setVisible(bool(owners))

    # warranty

    def on_warranty_inputs_changed(self, *_args) -> None:
        """With months given, the end date is computed (and shown) instead of typed."""
        until = self.date_edits["warranty_until"]
        months = self.months_spin.value()
        until.setReadOnly(months >= 0)
        if months < 0:
            return
        start = None
        for field in ("commissioned_on", "installed_on", "sold_on"):
            try:
                start = parse_date(self.date_edits[field].text())
            except ValueError:
                start = None
            if start is not None:
                break
        until.setText(format_date(add_months(start, months)) if start else "")

    # saving

    def draft(self) -> UnitDraft:
        """What the form holds; ValueError (field, message) for a date or number that cannot be read."""
        dates = {}
        for field, edit in self.date_edits.items():
            try:
                dates[field] = parse_date(edit.text())
            except ValueError:
                raise ValueError(field, self.tr("“%1” is not a date; type it as dd.mm.yyyy, or leave it empty.")
                                 .replace("%1", edit.text().strip())) from None
        try:
            limit = parse_decimal(self.usage_edit.text())
        except ValueError:
            raise ValueError("warranty_usage_limit", self.tr("“%1” is not a number; enter the limit, e.g. 2000, or "
                                                             "leave it empty.").replace("%1", self.usage_edit.text())
                             ) from None
        months = self.months_spin.value()
        return UnitDraft(
            client_id=self.client_id or 0, model=self.model_combo.currentText(), kind=self.kind_combo.currentText(),
            manufacturer=self.manufacturer_combo.currentText(), site_id=self.site_combo.currentData(),
            serial=self.serial_edit.text(), sold_on=dates["sold_on"], installed_on=dates["installed_on"],
            commissioned_on=dates["commissioned_on"], warranty_months=months if months >= 0 else None,
            warranty_until=dates["warranty_until"] if months < 0 else None, warranty_usage_limit=limit,
            usage_unit=self.usage_unit_combo.currentData(), note=self.note_edit.toPlainText(), version=self.version,
        )

    def on_buttons_accepted(self) -> None:
        self.form_error.hide()
        try:
            draft = self.draft()
        except ValueError as exc:
            field, message = exc.args
            self.show_problems([message], [field])
            return
        self.save_button.setEnabled(False)
        self.save_button.setText(self.tr("Saving…"))
        if self.unit_id is None:
            run_in_background(partial(create_unit, user_id=self.user_id), self.db, draft, on_done=self.on_task_done,
                              on_error=self.on_task_failed)
        else:
            run_in_background(partial(update_unit, user_id=self.user_id), self.db, self.unit_id, draft,
                              on_done=lambda _none: self.on_task_done(self.unit_id), on_error=self.on_task_failed)

    def _restore_save_button(self) -> None:
        self.save_button.setEnabled(True)
        self.save_button.setText(self._save_text)

    def on_task_done(self, unit_id: int) -> None:
        self._restore_save_button()
        self.unit_id = unit_id
        self.unit_saved.emit(unit_id)
        self.accept()

    def on_task_failed(self, exc: BaseException) -> None:
        self._restore_save_button()
        if not isinstance(exc, UnitRefused):
            self.show_problems([self.tr("The unit was not saved: %1").replace("%1", str(exc))])
            return
        serial = self.serial_edit.text()
        problems, conflicts = [], list(exc.conflicts)
        for field, problem in zip(exc.fields, exc.problems, strict=True):
            if field == "serial" and conflicts and problem.startswith("Serial "):
                problems.append(conflict_sentence(serial, conflicts.pop(0), self.client_id))  # the same, translated
            else:
                problems.append(QCoreApplication.translate("UnitRefusal", problem))
        if exc.conflicts:
            self.on_serial_checked(list(exc.conflicts), serial.strip())
        self.show_problems(problems, list(exc.fields))

    def show_problems(self, problems: list[str], fields: list[str] | None = None) -> None:
        """List the sentences under the form and put the cursor in the first field they concern."""
        self.form_error.setText("\n".join(f"• {p}" for p in problems) if len(problems) > 1 else "".join(problems))
        self.form_error.show()
        for field in fields or ():
            editor = self.editors.get(field)
            if editor is not None and editor.isEnabled():
                editor.setFocus()
                if isinstance(editor, QLineEdit):
                    editor.selectAll()
                break

    def problems(self) -> list[str]:
        """The sentences shown now (for tests and screen readers)."""
        if self.form_error.isHidden():
            return []
        return [line.removeprefix("• ") for line in self.form_error.text().splitlines()]



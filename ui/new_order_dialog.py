"""The new-order form: what the request is about, the unit and the address, the proposed scenario and pipeline.

The scenario and the pipeline are proposed from the kind of request and the unit's warranty on today's date, with
the reason shown under them; the dispatcher can choose others. Ctrl+Enter creates the order (in the background);
each wrong field shows its own message under it.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.order_create import (
    ORDER_KINDS,
    CreatedOrder,
    OrderDraft,
    OrderDraftError,
    OrderForm,
    OrderProposal,
    create_order,
    order_form,
    proposal_for,
)
from models.pipelines import SCENARIOS
from models.users import UserRef
from ui.kanban_models import SCENARIOS as SCENARIO_LABELS
from ui.kanban_models import SOURCE_CHANNELS, order_label
from ui.tasks import run_in_background
from ui.widgets import error_label

CONTEXT = "NewOrderDialog"
KIND_LABELS = {
    "repair": QT_TRANSLATE_NOOP("NewOrderDialog", "Repair"),
    "maintenance": QT_TRANSLATE_NOOP("NewOrderDialog", "Maintenance"),
    "sale_installation": QT_TRANSLATE_NOOP("NewOrderDialog", "Sale & installation"),
    "other": QT_TRANSLATE_NOOP("NewOrderDialog", "Other"),
}
#: The form's fields, in tab order; errors of other fields (client, owner, call) go under the form.
FIELDS = ("kind", "equipment", "site", "scenario", "pipeline", "source_channel", "title", "description")


def kind_label(kind: str) -> str:
    return QCoreApplication.translate(CONTEXT, KIND_LABELS[kind])


class NewOrderDialog(QDialog):
    """Creates an order for a client, from the call pane (``call_id``) or the client card; emits order_created."""

    order_created = Signal(int)

    def __init__(self, db: Database, user: UserRef | None, client_id: int, *, call_id: int | None = None,
                 equipment_id: int | None = None, now: datetime | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.client_id = client_id
        self.call_id = call_id
        self.now = now  # None: the clock; tests pass a fixed moment
        self.form: OrderForm | None = None
        self.proposal: OrderProposal | None = None
        self.created: CreatedOrder | None = None
        self._wanted_unit = equipment_id
        self._generation = 0
        self._title_auto = True  # the title follows the kind and unit until the dispatcher types one
        self.setWindowTitle(self.tr("New order"))
        self.setMinimumWidth(560)

        self.kind_combo = QComboBox()
        for kind in ORDER_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.unit_combo = QComboBox()
        self.site_combo = QComboBox()
        self.scenario_combo = QComboBox()
        self.scenario_combo.addItem(self.tr("— not set —"), None)
        for code in SCENARIOS:
            self.scenario_combo.addItem(order_label(SCENARIO_LABELS, code), code)
        self.pipeline_combo = QComboBox()
        self.source_combo = QComboBox()
        for code in SOURCE_CHANNELS:
            self.source_combo.addItem(order_label(SOURCE_CHANNELS, code), code)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("secondaryText")
        self.reason_label.setWordWrap(True)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("What is wrong or what is wanted, in a few words"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(self.tr("Details: symptoms, error codes, when it started"))
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.editors: dict[str, QWidget] = {
            "kind": self.kind_combo, "equipment": self.unit_combo, "site": self.site_combo,
            "scenario": self.scenario_combo, "pipeline": self.pipeline_combo, "source_channel": self.source_combo,
            "title": self.title_edit, "description": self.description_edit,
        }
        self.error_labels: dict[str, QLabel] = {}
        self._build_layout()
        self._connect()
        self.set_busy(self.tr("Loading the client's units and addresses…"))
        run_in_background(partial(order_form, now=now), db, client_id, on_done=self.on_form_loaded,
                          on_error=self.on_form_failed)

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        captions = {"kind": self.tr("Request"), "equipment": self.tr("Unit"), "site": self.tr("Address"),
                    "scenario": self.tr("Scenario"), "pipeline": self.tr("Pipeline"),
                    "source_channel": self.tr("Source"), "title": self.tr("Title"),
                    "description": self.tr("Description")}
        for field in FIELDS:
            form.addRow(captions[field], self._with_error(field))
            if field == "pipeline":
                form.addRow("", self.reason_label)
        self.form_error = error_label()
        self.status_label = QLabel()
        self.status_label.setObjectName("secondaryText")
        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton(self.tr("Create order"))
        self.create_button.setToolTip(self.tr("Create the order (Ctrl+Enter)"))
        self.create_button.setAutoDefault(False)  # Enter in a field does not create an order by accident
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        cancel.setToolTip(self.tr("Close without creating (Esc)"))
        self.create_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

    def _with_error(self, field: str) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.editors[field])
        error = error_label()
        column.addWidget(error)
        self.error_labels[field] = error
        return holder

    def _connect(self) -> None:
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.submit)
        self.kind_combo.currentIndexChanged.connect(self.on_kind_combo_current_index_changed)
        self.unit_combo.currentIndexChanged.connect(self.on_unit_combo_current_index_changed)
        self.scenario_combo.activated.connect(self.on_choice_overridden)
        self.pipeline_combo.activated.connect(self.on_choice_overridden)
        self.title_edit.textEdited.connect(self.on_title_edit_text_edited)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.kind_combo.setFocus()

    # loading and proposing

    def set_busy(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        self.create_button.setEnabled(not text and self.form is not None)

    def on_form_loaded(self, form: OrderForm) -> None:
        self.form = form
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItem(self.tr("— no unit —"), None)
        for unit in form.units:
            self.unit_combo.addItem(unit.label, unit.id)
        wanted = self.unit_combo.findData(self._wanted_unit) if self._wanted_unit is not None else -1
        self.unit_combo.setCurrentIndex(wanted if wanted >= 0 else (1 if len(form.units) == 1 else 0))
        self.unit_combo.blockSignals(False)
        self.site_combo.clear()
        self.site_combo.addItem(self.tr("— no address —"), None)
        for site in form.sites:
            self.site_combo.addItem(site.address, site.id)
        if len(form.sites) == 1:
            self.site_combo.setCurrentIndex(1)
        self.pipeline_combo.clear()
        self.pipeline_combo.addItem(self.tr("— choose —"), None)
        for pipeline in form.pipelines:
            self.pipeline_combo.addItem(pipeline.name, pipeline.id)
        self.set_busy("")
        self._follow_unit_site()
        self._suggest_title()
        self.request_proposal()

    def on_form_failed(self, exc: BaseException) -> None:
        self.set_busy("")
        self.show_errors(exc.errors if isinstance(exc, OrderDraftError) else {
            "form": self.tr("The client's data could not be read: %1").replace("%1", str(exc))})

    def on_kind_combo_current_index_changed(self, _index: int) -> None:
        self._suggest_title()
        self.request_proposal()

    def on_unit_combo_current_index_changed(self, _index: int) -> None:
        self._follow_unit_site()
        self._suggest_title()
        self.request_proposal()

    def _follow_unit_site(self) -> None:
        """The unit's address is where the work is: choose it when the unit has one."""
        unit_id = self.unit_combo.currentData()
        unit = next((u for u in self.form.units if u.id == unit_id), None) if self.form else None
        if unit is not None and unit.site_id is not None:
            index = self.site_combo.findData(unit.site_id)
            if index >= 0:
                self.site_combo.setCurrentIndex(index)

    def request_proposal(self) -> None:
        """Ask (in the background) for the scenario and pipeline of the current kind and unit."""
        if self.form is None:
            return
        self._generation += 1
        self.reason_label.setText(self.tr("Checking the unit's warranty…"))
        run_in_background(partial(proposal_for, now=self.now), self.db, self.client_id,
                          self.unit_combo.currentData(), self.kind_combo.currentData(), self.form.today,
                          on_done=partial(self.on_proposal_ready, self._generation),
                          on_error=partial(self.on_proposal_failed, self._generation))

    def on_proposal_ready(self, generation: int, proposal: OrderProposal) -> None:
        if generation != self._generation:
            return  # the kind or unit changed meanwhile; a newer proposal is on its way
        self.proposal = proposal
        self.scenario_combo.setCurrentIndex(max(self.scenario_combo.findData(proposal.scenario), 0))
        self.pipeline_combo.setCurrentIndex(max(self.pipeline_combo.findData(proposal.pipeline_id), 0))
        self.reason_label.setText(self.reason_text(proposal))

    def on_proposal_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.proposal = None
        message = " ".join(exc.errors.values()) if isinstance(exc, OrderDraftError) else str(exc)
        self.reason_label.setText(self.tr("No proposal: %1").replace("%1", message))

    def reason_text(self, proposal: OrderProposal) -> str:
        """"Warranty repair: Under warranty until 12.05.2027 and 340 of 500 engine hours used …"."""
        if proposal.scenario and proposal.from_warranty:
            return f"{order_label(SCENARIO_LABELS, proposal.scenario)}: {proposal.reason}"
        return proposal.reason

    def on_choice_overridden(self, _index: int) -> None:
        """The dispatcher chose another scenario or pipeline than proposed: say so, keep the reason visible."""
        if self.proposal is None:
            return
        changed = (self.scenario_combo.currentData() != self.proposal.scenario
                   or self.pipeline_combo.currentData() != self.proposal.pipeline_id)
        text = self.reason_text(self.proposal)
        if changed:
            text += " " + self.tr("(Proposed: %1; you chose otherwise.)").replace(
                "%1", order_label(SCENARIO_LABELS, self.proposal.scenario) or self.tr("no scenario"))
        self.reason_label.setText(text)

    def on_title_edit_text_edited(self, text: str) -> None:
        self._title_auto = not text.strip()

    def _suggest_title(self) -> None:
        if not self._title_auto:
            return
        title = kind_label(self.kind_combo.currentData())
        if self.unit_combo.currentData() is not None:
            title += ": " + self.unit_combo.currentText()
        self.title_edit.setText(title)

    # creating

    def draft(self) -> OrderDraft:
        """What the form holds, as the domain's draft."""
        return OrderDraft(
            client_id=self.client_id, site_id=self.site_combo.currentData(),
            equipment_id=self.unit_combo.currentData(), pipeline_id=self.pipeline_combo.currentData(),
            scenario=self.scenario_combo.currentData(), title=self.title_edit.text(),
            description=self.description_edit.toPlainText(), source_channel=self.source_combo.currentData(),
            owner_id=None, call_id=self.call_id,
        )

    def submit(self) -> None:
        """Create the order in the background (Ctrl+Enter)."""
        if self.form is None or not self.create_button.isEnabled():
            return
        self.clear_errors()
        self.set_busy(self.tr("Creating the order…"))
        user_id = self.user.id if self.user else None
        role = self.user.role if self.user else "dispatcher"
        run_in_background(partial(create_order, user_id=user_id, role=role, now=self.now), self.db, self.draft(),
                          on_done=self.on_order_created, on_error=self.on_create_failed)

    def on_order_created(self, created: CreatedOrder) -> None:
        self.set_busy("")
        self.created = created
        self.order_created.emit(created.id)
        self.accept()

    def on_create_failed(self, exc: BaseException) -> None:
        self.set_busy("")
        if isinstance(exc, OrderDraftError):
            self.show_errors(exc.errors)
        else:
            self.show_errors({"form": self.tr("The order was not created: %1").replace("%1", str(exc))})

    # errors

    def errors(self) -> dict[str, str]:
        """The error each field shows now; ``form`` for the line under the form."""
        shown = {field: lbl.text() for field, lbl in self.error_labels.items() if not lbl.isHidden()}
        if not self.form_error.isHidden():
            shown["form"] = self.form_error.text()
        return shown

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; the cursor goes to the first wrong field."""
        self.clear_errors()
        first: QWidget | None = None
        for field in FIELDS:
            if field in errors:
                self.error_labels[field].setText(errors[field])
                self.error_labels[field].show()
                first = first or self.editors[field]
        rest = [text for field, text in errors.items() if field not in self.error_labels]
        if rest:
            self.form_error.setText(" ".join(rest))
            self.form_error.show()
        if first is not None:
            first.setFocus()

    def clear_errors(self) -> None:
        for lbl in self.error_labels.values():
            lbl.clear()
            lbl.hide()
        self.form_error.hide()

"""The equipment card's maintenance section: a unit's plans (add, end) and its occurrences with status chips."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.maintenance_due import EquipmentMaintenance, equipment_maintenance
from models.maintenance_plans import (
    HORIZON_MONTHS,
    GenerateReport,
    OccurrenceRow,
    PlanRefused,
    PlanRow,
    add_months,
    add_plan,
    deactivate_plan,
    generate,
)
from models.users import UserRef
from ui.chips import STATUS_ROLE
from ui.client_card_models import DISPLAY, RowsTableModel
from ui.formatting import format_date
from ui.status_palette import AMBER, BLUE, GREEN, GREY, RED, Status
from ui.tables import CompactTableView
from ui.tasks import run_in_background

#: States of an occurrence as chips; "overdue" and "due soon" are planned ones seen from today.
OCCURRENCE_STATES: dict[str, Status] = {
    "planned": Status("planned", GREY, QT_TRANSLATE_NOOP("StatusPalette", "planned")),
    "due_soon": Status("due_soon", AMBER, QT_TRANSLATE_NOOP("StatusPalette", "due soon")),
    "overdue": Status("overdue", RED, QT_TRANSLATE_NOOP("StatusPalette", "overdue")),
    "booked": Status("booked", BLUE, QT_TRANSLATE_NOOP("StatusPalette", "booked")),
    "done": Status("done", GREEN, QT_TRANSLATE_NOOP("StatusPalette", "done")),
    "skipped": Status("skipped", GREY, QT_TRANSLATE_NOOP("StatusPalette", "skipped"), struck=True),
}
PLAN_STATES: dict[str, Status] = {
    "active": Status("active", GREEN, QT_TRANSLATE_NOOP("StatusPalette", "active")),
    "needs_readings": Status("needs_readings", AMBER, QT_TRANSLATE_NOOP("StatusPalette", "needs readings")),
    "ended": Status("ended", GREY, QT_TRANSLATE_NOOP("StatusPalette", "ended"), struck=True),
}
CONTEXT = "MaintenanceSection"
EDITING_ROLES = ("dispatcher", "manager", "service_head", "admin")


def interval_text(every_months: int | None, every_usage: Decimal | None, usage_unit: str | None) -> str:
    """ "every 6 months", "every 250 engine hours", "every 12 months or 500 km"."""
    usage = None
    if every_usage is not None:
        amount = f"{Decimal(every_usage).normalize():f}"
        usage = (QCoreApplication.translate("MaintenanceSection", "%1 km") if usage_unit == "km"
                 else QCoreApplication.translate("MaintenanceSection", "%1 engine hours")).replace("%1", amount)
    if every_months:
        months = (QCoreApplication.translate("MaintenanceSection", "every month") if every_months == 1
                  else QCoreApplication.translate("MaintenanceSection", "every %n months", None, every_months))
        return months if usage is None else (QCoreApplication.translate("MaintenanceSection", "%1 or %2")
                                             .replace("%1", months).replace("%2", usage))
    return QCoreApplication.translate("MaintenanceSection", "every %1").replace("%1", usage or "")


def plan_state(plan: PlanRow) -> str:
    if not plan.active:
        return "ended"
    return "needs_readings" if plan.needs_readings else "active"


class PlansTableModel(RowsTableModel[PlanRow]):
    """A unit's maintenance plans: interval, start, next due date, contract and state."""

    COL_INTERVAL = 0
    COL_STARTS = 1
    COL_NEXT = 2
    COL_CONTRACT = 3
    COL_STATE = 4
    COLUMN_COUNT = 5
    STRETCH_COLUMN = COL_INTERVAL

    def headers(self) -> list[str]:
        return [self.tr("Interval"), self.tr("Counts from"), self.tr("Next due"), self.tr("Contract"),
                self.tr("State")]

    def cell(self, row: PlanRow, column: int, role: int) -> Any:
        if column == self.COL_STATE and role in (DISPLAY, STATUS_ROLE):
            status = PLAN_STATES[plan_state(row)]
            return status.label if role == DISPLAY else status
        if role != DISPLAY:
            return None
        if column == self.COL_INTERVAL:
            return interval_text(row.every_months, row.every_usage, row.usage_unit)
        if column == self.COL_STARTS:
            return format_date(row.starts_on)
        if column == self.COL_NEXT:
            return format_date(row.next_due_on)
        if column == self.COL_CONTRACT:
            return row.contract or ""
        return None


class OccurrencesTableModel(RowsTableModel[OccurrenceRow]):
    """Occurrences by due date: date, usage due, plan, state chip and the order booked for it."""

    COL_DUE = 0
    COL_USAGE = 1
    COL_PLAN = 2
    COL_STATE = 3
    COL_ORDER = 4
    COLUMN_COUNT = 5
    STRETCH_COLUMN = COL_PLAN

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan_texts: dict[int, str] = {}

    def headers(self) -> list[str]:
        return [self.tr("Due"), self.tr("At usage"), self.tr("Plan"), self.tr("Status"), self.tr("Order")]

    def cell(self, row: OccurrenceRow, column: int, role: int) -> Any:
        if column == self.COL_STATE and role in (DISPLAY, STATUS_ROLE):
            status = OCCURRENCE_STATES.get(row.state) or Status(row.state, GREY, row.state)
            return status.label if role == DISPLAY else status
        if role != DISPLAY:
            return None
        if column == self.COL_DUE:
            return format_date(row.due_on)
        if column == self.COL_USAGE:
            return f"{row.due_usage.normalize():f}" if row.due_usage is not None else ""
        if column == self.COL_PLAN:
            return self.plan_texts.get(row.plan_id, "")
        if column == self.COL_ORDER:
            return f"№ {row.order_number}" if row.order_number is not None else ""
        return None


def add_and_plan(db: Database, equipment_id: int, every_months: int | None, every_usage: Decimal | None,
                 starts_on: date, contract: str | None, today: date) -> tuple[PlanRow, GenerateReport]:
    """Add the plan, then generate its occurrences for the usual horizon so they show at once."""
    plan = add_plan(db, equipment_id, every_months=every_months, every_usage=every_usage, starts_on=starts_on,
                    contract=contract)
    return plan, generate(db, add_months(today, HORIZON_MONTHS), plan_ids=[plan.id], today=today)


class MaintenanceSection(QWidget):
    """For one unit (``set_equipment``): its plans with add and end, and its upcoming, overdue and recent
    occurrences. Emits ``plans_changed(equipment_id)`` after a change, ``open_order_requested(order_id)`` on a
    double click of a booked occurrence."""

    plans_changed = Signal(int)
    open_order_requested = Signal(int)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None, *,
                 today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self._today = today
        # Plans are office data: the database lets only these roles change them, so the others see no form.
        self.can_edit = user is None or user.role in EDITING_ROLES
        self.equipment_id: int | None = None
        self.view: EquipmentMaintenance | None = None
        self._build()

    def _build(self) -> None:
        self.title_label = QLabel(self.tr("Maintenance"))
        self.title_label.setObjectName("sectionTitle")
        self.plans_model = PlansTableModel(self)
        self.plans_table = CompactTableView(fit_rows=True)
        self.plans_table.setModel(self.plans_model)
        self.plans_table.selectionModel().selectionChanged.connect(self.on_plans_selection_changed)
        self.deactivate_button = QPushButton(self.tr("End plan"))
        self.deactivate_button.setToolTip(self.tr("Stop planning maintenance by the selected plan"))
        self.deactivate_button.setEnabled(False)
        self.deactivate_button.clicked.connect(self.on_deactivate_button_clicked)

        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, 120)
        self.every_spin.setValue(6)
        self.every_spin.setAccessibleName(self.tr("Interval"))
        self.unit_combo = QComboBox()
        self.unit_combo.currentIndexChanged.connect(self.on_unit_combo_changed)
        self.starts_edit = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        self.starts_edit.setCalendarPopup(True)
        self.starts_edit.setDisplayFormat("dd.MM.yyyy")
        self.starts_edit.setToolTip(self.tr("The date the interval counts from: commissioning or the last service"))
        self.contract_edit = QLineEdit()
        self.contract_edit.setPlaceholderText(self.tr("Contract (optional)"))
        self.contract_edit.setMaxLength(100)
        self.add_button = QPushButton(self.tr("Add plan"))
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.contract_edit.returnPressed.connect(self.add_button.click)

        self.occurrences_model = OccurrencesTableModel(self)
        self.occurrences_table = CompactTableView(fit_rows=True)
        self.occurrences_table.setModel(self.occurrences_model)
        self.occurrences_table.doubleClicked.connect(self.on_occurrences_table_double_clicked)
        self.empty_label = QLabel(self.tr("No maintenance planned."))
        self.empty_label.setObjectName("secondaryText")
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        form = QHBoxLayout()
        form.addWidget(QLabel(self.tr("Every")))
        form.addWidget(self.every_spin)
        form.addWidget(self.unit_combo)
        form.addWidget(QLabel(self.tr("from")))
        form.addWidget(self.starts_edit)
        form.addWidget(self.contract_edit, 1)
        form.addWidget(self.add_button)
        plan_buttons = QHBoxLayout()
        plan_buttons.addStretch(1)
        plan_buttons.addWidget(self.deactivate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.plans_table)
        layout.addLayout(plan_buttons)
        layout.addLayout(form)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.occurrences_table)
        layout.addWidget(self.message_label)
        self.setTabOrder(self.every_spin, self.unit_combo)
        self.setTabOrder(self.unit_combo, self.starts_edit)
        self.setTabOrder(self.starts_edit, self.contract_edit)
        self.setTabOrder(self.contract_edit, self.add_button)
        for widget in (self.every_spin, self.unit_combo, self.starts_edit, self.contract_edit, self.add_button,
                       self.deactivate_button):
            widget.setVisible(self.can_edit)
        for i in range(form.count()):
            if (label := form.itemAt(i).widget()) is not None:
                label.setVisible(self.can_edit)
        self._fill_units(None)
        self._set_enabled(False)

    @property
    def today(self) -> date:
        return self._today or date.today()

    # --- loading --------------------------------------------------------------------------------------------

    def set_equipment(self, equipment_id: int | None) -> None:
        """Show the maintenance of unit ``equipment_id`` (None clears the section)."""
        self.equipment_id = equipment_id
        self.message_label.hide()
        if equipment_id is None:
            self.view = None
            self.plans_model.set_rows(())
            self.occurrences_model.set_rows(())
            self._set_enabled(False)
            return
        self.reload()

    def reload(self) -> None:
        if self.equipment_id is None:
            return
        run_in_background(equipment_maintenance, self.db, self.equipment_id, self.today,
                          on_done=self.on_loaded, on_error=self.on_failed)

    def on_loaded(self, view: EquipmentMaintenance) -> None:
        if view.equipment_id != self.equipment_id:
            return  # an answer for a unit no longer shown
        self.view = view
        self._fill_units(view.usage_unit)
        self.plans_model.set_rows(view.plans)
        self.occurrences_model.plan_texts = {
            p.id: interval_text(p.every_months, p.every_usage, p.usage_unit) for p in view.plans}
        self.occurrences_model.set_rows(view.occurrences)
        self.occurrences_table.setVisible(bool(view.occurrences))
        self.empty_label.setVisible(not view.occurrences)
        overdue = sum(1 for o in view.occurrences if o.state == "overdue")
        title = self.tr("Maintenance")
        if overdue:
            title += " · " + QCoreApplication.translate("MaintenanceSection", "%n overdue", None, overdue)
        self.title_label.setText(title)
        self._set_enabled(True)
        self.on_plans_selection_changed()
        waiting = [p for p in view.plans if p.active and p.needs_readings]
        if waiting:
            self._say(self.tr("Plans by usage need at least two readings a day apart to be dated; "
                              "enter the unit's readings on its visits."))

    def on_failed(self, exc: BaseException) -> None:
        self._set_enabled(self.equipment_id is not None)
        if isinstance(exc, PlanRefused):
            self._say(str(exc), error=True)
        else:
            self._say(self.tr("Could not load or change maintenance: %1").replace("%1", str(exc)), error=True)

    # --- actions --------------------------------------------------------------------------------------------

    def on_add_button_clicked(self) -> None:
        if self.equipment_id is None:
            return
        by_usage = self.unit_combo.currentData() != "months"
        every = self.every_spin.value()
        starts = self.starts_edit.date().toPython()
        self._set_enabled(False)
        run_in_background(add_and_plan, self.db, self.equipment_id, None if by_usage else every,
                          Decimal(every) if by_usage else None, starts, self.contract_edit.text(), self.today,
                          on_done=self.on_plan_added, on_error=self.on_failed)

    def on_plan_added(self, result: tuple[PlanRow, GenerateReport]) -> None:
        plan, report = result
        self.contract_edit.clear()
        if report.needs_readings:
            text = self.tr("Plan added. It needs usage readings before visits can be dated.")
        else:
            text = self.tr("Plan added. Visits planned up to %1: %2").replace(
                "%1", format_date(report.horizon_end)).replace("%2", str(report.created))
        self.reload()
        self._say(text)
        self.plans_changed.emit(plan.equipment_id)

    def on_deactivate_button_clicked(self) -> None:
        plan = self.selected_plan()
        if plan is None or not plan.active:
            return
        self._set_enabled(False)
        run_in_background(deactivate_plan, self.db, plan.id, on_done=self.on_plan_deactivated,
                          on_error=self.on_failed)

    def on_plan_deactivated(self, plan: PlanRow) -> None:
        self.reload()
        self._say(self.tr("Plan ended; its visits not yet booked are skipped."))
        self.plans_changed.emit(plan.equipment_id)

    def on_occurrences_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.occurrences_model.row_at(index.row())
        if row.order_id is not None:
            self.open_order_requested.emit(row.order_id)

    def on_plans_selection_changed(self, *args: object) -> None:
        plan = self.selected_plan()
        self.deactivate_button.setEnabled(plan is not None and plan.active and self.add_button.isEnabled())

    def on_unit_combo_changed(self, _index: int) -> None:
        by_months = self.unit_combo.currentData() == "months"
        self.every_spin.setRange(1, 120 if by_months else 100_000)
        self.every_spin.setSingleStep(1 if by_months else 50)
        if not by_months and self.every_spin.value() < 50:
            self.every_spin.setValue(250 if self.unit_combo.currentData() == "engine_hours" else 10_000)
        elif by_months and self.every_spin.value() > 120:
            self.every_spin.setValue(6)

    def selected_plan(self) -> PlanRow | None:
        rows = self.plans_table.selectionModel().selectedRows()
        return self.plans_model.row_at(rows[0].row()) if rows else None

    # --- helpers --------------------------------------------------------------------------------------------

    def _fill_units(self, usage_unit: str | None) -> None:
        wanted = [("months", self.tr("months"))]
        if usage_unit == "engine_hours":
            wanted.append(("engine_hours", self.tr("engine hours")))
        elif usage_unit == "km":
            wanted.append(("km", self.tr("km")))
        current = [(self.unit_combo.itemData(i), self.unit_combo.itemText(i)) for i in range(self.unit_combo.count())]
        if current == wanted:
            return
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        for key, text in wanted:
            self.unit_combo.addItem(text, key)
        self.unit_combo.blockSignals(False)
        self.on_unit_combo_changed(0)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.every_spin, self.unit_combo, self.starts_edit, self.contract_edit, self.add_button):
            widget.setEnabled(enabled)
        self.deactivate_button.setEnabled(enabled and (p := self.selected_plan()) is not None and p.active)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message_label.setObjectName("errorText" if error else "secondaryText")
        self.message_label.setText(text)
        self.message_label.show()

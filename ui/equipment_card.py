"""The equipment card: one unit's model, serial, owner, dates and warranty (a chip with the reason), its whole
history in one list (orders, visits, calls, parts, claims), readings, parts replaced and the model's frequent
problems; a slot for the maintenance section. A serial also registered on another client's unit is flagged with
links to that client and unit. "Edit…" (Ctrl+E) opens the unit form, which also moves a unit to a new owner;
"Add reading…" (Ctrl+Shift+R) and "Record part…" (Ctrl+Shift+P) enter a counter reading or a replaced part, after
which the card re-reads itself (a reading past the usage limit ends the warranty at once).
Opens in a window of its own from the call pane, the client card and the search (:class:`EquipmentWindows`).
Everything touching the database runs in the background.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.equipment_card import (
    EquipmentCardData,
    HistoryItem,
    PartRow,
    ProblemRow,
    ReadingRow,
    describe_part,
    load_equipment_card,
)
from models.equipment_edit import SerialOwner
from models.users import UserRef
from ui.card_window import CardWindow, OneWindowEach
from ui.chips import STATUS_ROLE, StatusChip
from ui.client_card_models import DISPLAY, RowsTableModel
from ui.client_card_sections import clear_layout
from ui.equipment_dialog import EquipmentDialog
from ui.equipment_entries import PartReplacementDialog, ReadingDialog, source_word
from ui.formatting import format_date, format_datetime
from ui.icons import glyph_icon
from ui.kanban_models import SCENARIOS, order_label
from ui.status_palette import BLUE, GREEN, GREY, RED, Status, stage_status, visit_status, warranty_view
from ui.tables import CompactTableView
from ui.tasks import run_in_background
from ui.widgets import local_shortcut, placeholder_label

CONTEXT = "EquipmentCard"
KIND_GLYPHS = {"order": "▦", "visit": "⚑", "call": "☎", "part": "⚙", "claim": "✉"}
KIND_LABELS = {
    "order": QT_TRANSLATE_NOOP("EquipmentCard", "Order"),
    "visit": QT_TRANSLATE_NOOP("EquipmentCard", "Visit"),
    "call": QT_TRANSLATE_NOOP("EquipmentCard", "Call"),
    "part": QT_TRANSLATE_NOOP("EquipmentCard", "Part"),
    "claim": QT_TRANSLATE_NOOP("EquipmentCard", "Claim"),
}
CLAIM_STATUSES = {
    "draft": Status("claim:draft", GREY, QT_TRANSLATE_NOOP("StatusPalette", "claim drafted")),
    "sent": Status("claim:sent", BLUE, QT_TRANSLATE_NOOP("StatusPalette", "claim sent")),
    "confirmed": Status("claim:confirmed", GREEN, QT_TRANSLATE_NOOP("StatusPalette", "claim confirmed")),
    "rejected": Status("claim:rejected", RED, QT_TRANSLATE_NOOP("StatusPalette", "claim rejected")),
}
CALL_WORDS = {"inbound": QT_TRANSLATE_NOOP("EquipmentCard", "Incoming call"),
              "outbound": QT_TRANSLATE_NOOP("EquipmentCard", "Outgoing call"),
              "internal": QT_TRANSLATE_NOOP("EquipmentCard", "Internal call")}
SERIAL_SHARED = Status("serial:shared", RED, QT_TRANSLATE_NOOP("EquipmentCard", "serial on another client"))
UNIT_WORDS = {"engine_hours": QT_TRANSLATE_NOOP("EquipmentCard", "engine hours"),
              "km": QT_TRANSLATE_NOOP("EquipmentCard", "km")}


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _unit(code: str | None) -> str:
    return _t(UNIT_WORDS[code]) if code in UNIT_WORDS else ""


def _number(value: Decimal) -> str:
    return f"{value:,.1f}".replace(",", "\u00a0").removesuffix(".0")


class HistoryTableModel(RowsTableModel[HistoryItem]):
    """The unit's history, newest first: when, what kind (with an icon), which order, what happened, its state."""

    COL_WHEN, COL_KIND, COL_ORDER, COL_WHAT, COL_DETAIL, COL_STATUS = range(6)
    COLUMN_COUNT = 6
    STRETCH_COLUMN = COL_DETAIL

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Kind"), self.tr("Order"), self.tr("What"), self.tr("Details"),
                self.tr("Status")]

    def data(self, index: QModelIndex, role: int = DISPLAY) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == self.COL_KIND:
            return glyph_icon(KIND_GLYPHS.get(self.row_at(index.row()).kind, "•"))
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == self.COL_WHEN:
            return format_datetime(self.row_at(index.row()).at)  # the cell shows the date only
        return super().data(index, role)

    def status_of(self, item: HistoryItem) -> Status | None:
        if item.kind == "order" and item.stage:
            return stage_status(item.stage, item.stage_color, item.stage_kind or "open")
        if item.kind == "visit" and item.status:
            return visit_status(item.status)
        if item.kind == "claim" and item.status in CLAIM_STATUSES:
            return CLAIM_STATUSES[item.status]
        if item.kind == "call" and item.status:
            return Status(f"call:{item.status}", RED if item.status == "missed" else GREY, item.status)
        return None

    def cell(self, row: HistoryItem, column: int, role: int) -> Any:
        if column == self.COL_STATUS and role in (DISPLAY, STATUS_ROLE):
            status = self.status_of(row)
            if status is None:
                return None
            return status if role == STATUS_ROLE else status.label
        if role != DISPLAY:
            return None
        if column == self.COL_WHEN:
            return format_date(row.at.date())
        if column == self.COL_KIND:
            return _t(KIND_LABELS[row.kind]) if row.kind in KIND_LABELS else row.kind
        if column == self.COL_ORDER:
            return f"№ {row.order_number}" if row.order_number else ""
        if column == self.COL_WHAT:
            if row.kind == "call":
                return _t(CALL_WORDS.get(row.title, row.title))
            return row.title
        if column == self.COL_DETAIL:
            if row.kind == "order" and row.scenario:
                return " · ".join(p for p in (order_label(SCENARIOS, row.scenario), row.detail) if p)
            return row.detail
        return None


class ReadingsTableModel(RowsTableModel[ReadingRow]):
    COL_WHEN, COL_VALUE, COL_SOURCE = range(3)
    COLUMN_COUNT = 3
    STRETCH_COLUMN = COL_SOURCE

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.unit = ""

    def headers(self) -> list[str]:
        return [self.tr("Read on"), self.tr("Value"), self.tr("Source")]

    def cell(self, row: ReadingRow, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        return (format_datetime(row.read_at), f"{_number(row.value)} {self.unit}".strip(),
                source_word(row.source))[column]


class PartsTableModel(RowsTableModel[PartRow]):
    COL_WHEN, COL_PART, COL_SERIALS, COL_ORDER, COL_REASON = range(5)
    COLUMN_COUNT = 5
    STRETCH_COLUMN = COL_REASON

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Part"), self.tr("Old → new serial"), self.tr("Order"), self.tr("Reason")]

    def cell(self, row: PartRow, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        return (format_date(row.at.date()), row.part_name, describe_part(row),
                f"№ {row.order_number}" if row.order_number else "", row.reason or "")[column]


class ProblemsTableModel(RowsTableModel[ProblemRow]):
    COL_KIND, COL_TEXT, COL_COUNT, COL_UNITS = range(4)
    COLUMN_COUNT = 4
    STRETCH_COLUMN = COL_TEXT

    def headers(self) -> list[str]:
        return [self.tr("Kind"), self.tr("Problem"), self.tr("Times"), self.tr("Units")]

    def cell(self, row: ProblemRow, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        kind = self.tr("Complaint") if row.kind == "complaint" else self.tr("Part replaced")
        return (kind, row.text, str(row.count), str(row.units))[column]


def warranty_reason(card: EquipmentCardData) -> str:
    """Why the unit is or is not under warranty, in words: the date, the usage limit and the latest reading."""
    state = card.warranty
    if not state.known:
        return QCoreApplication.translate("EquipmentCard", "No warranty date or usage limit is recorded for this unit.")
    parts = []
    if card.warranty_until is not None:
        text = (QCoreApplication.translate("EquipmentCard", "warranty by date ends %1")
                if card.today <= card.warranty_until
                else QCoreApplication.translate("EquipmentCard", "warranty by date ended %1"))
        parts.append(text.replace("%1", format_date(card.warranty_until)))
    if card.warranty_usage_limit is not None:
        unit = _unit(card.usage_unit)
        read = (_number(card.latest_reading) if card.latest_reading is not None
                else QCoreApplication.translate("EquipmentCard", "no reading yet"))
        parts.append(QCoreApplication.translate("EquipmentCard", "usage limit %1 %2, latest reading %3")
                     .replace("%1", _number(card.warranty_usage_limit)).replace("%2", unit).replace("%3", read))
        if card.latest_reading is not None and card.latest_reading >= card.warranty_usage_limit:
            parts.append(QCoreApplication.translate("EquipmentCard", "the usage limit is reached"))
    return "; ".join(parts).capitalize() + "."


def serial_conflict_html(serial: str | None, owners: tuple[SerialOwner, ...]) -> str:
    """"Serial X is also registered to <client> (<unit #45>, Daikin FTXB35)…", the names being links
    ("client:ID", "equipment:ID")."""
    units = []
    for owner in owners:
        maker = f"{owner.manufacturer} " if owner.manufacturer and owner.manufacturer not in owner.model else ""
        unit = _t("unit #%1").replace("%1", str(owner.unit_id))
        units.append(f'<a href="client:{owner.client_id}">{escape(owner.client_name)}</a> '
                     f'(<a href="equipment:{owner.unit_id}">{escape(unit)}</a>, {escape(maker + owner.model)})')
    return escape(_t("⚠ Serial %1 is also registered to %2. One of the two is wrong: check the nameplate; if the "
                     "unit changed hands, open the other unit and change its owner.")
                  .replace("%1", serial or "")).replace("%2", ", ".join(units))


class EquipmentCard(QWidget):
    """Shows one unit; ``show_equipment`` reads it off the UI thread."""

    open_client_requested = Signal(int)
    open_equipment_requested = Signal(int)  # another unit (one carrying the same serial)
    open_order_requested = Signal(int)
    unit_saved = Signal(int)
    card_loaded = Signal(int)
    status_message_requested = Signal(str)

    PAGE_MESSAGE, PAGE_CARD = range(2)
    TAB_HISTORY, TAB_READINGS, TAB_PARTS, TAB_PROBLEMS = range(4)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.card: EquipmentCardData | None = None
        self._requested: int | None = None
        self.pages = QStackedWidget()
        self.message_label = placeholder_label()
        self.pages.addWidget(self.message_label)
        self.pages.addWidget(self._build_card())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        for keys, slot in ((Qt.Key.Key_F5, self.reload), ("Ctrl+E", self.edit_unit), ("Ctrl+Shift+R", self.add_reading),
                           ("Ctrl+Shift+P", self.record_part)):
            local_shortcut(self, keys, slot)

    def _build_card(self) -> QWidget:
        self.title_label = QLabel()
        self.title_label.setObjectName("cardTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chip_holder = QHBoxLayout()
        self.chip_holder.setContentsMargins(0, 0, 0, 0)
        self.serial_label = QLabel()
        self.serial_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.owner_button = QPushButton()
        self.owner_button.setObjectName("phoneLink")
        self.owner_button.setFlat(True)
        self.owner_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.owner_button.setToolTip(self.tr("Open the owner's card"))
        self.owner_button.clicked.connect(self.on_owner_button_clicked)
        self.site_label = QLabel()
        self.site_label.setWordWrap(True)
        self.site_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dates_label = QLabel()
        self.dates_label.setObjectName("secondaryText")
        self.dates_label.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("fieldError")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setTextFormat(Qt.TextFormat.RichText)
        self.conflict_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.conflict_label.linkActivated.connect(self.on_conflict_label_link_activated)
        self.conflict_label.hide()
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setToolTip(self.tr("Edit the unit: model, serial, dates, warranty, owner (Ctrl+E)"))
        self.edit_button.clicked.connect(self.edit_unit)

        self.history_model = HistoryTableModel(self)
        self.readings_model = ReadingsTableModel(self)
        self.parts_model = PartsTableModel(self)
        self.problems_model = ProblemsTableModel(self)
        self.history_view = self._table(self.history_model)
        self.history_view.setToolTip(self.tr("Double-click a line to open its order"))
        self.history_view.doubleClicked.connect(self.on_history_view_double_clicked)
        self.readings_view = self._table(self.readings_model)
        self.parts_view = self._table(self.parts_model)
        self.parts_view.doubleClicked.connect(self.on_parts_view_double_clicked)
        self.problems_view = self._table(self.problems_model)
        self.problems_hint = QLabel()
        self.problems_hint.setObjectName("secondaryText")
        self.problems_hint.setWordWrap(True)
        problems = QWidget()
        problems_layout = QVBoxLayout(problems)
        problems_layout.setContentsMargins(0, 4, 0, 0)
        problems_layout.addWidget(self.problems_hint)
        problems_layout.addWidget(self.problems_view, 1)
        self.add_reading_button = QPushButton(self.tr("Add reading…"))
        self.add_reading_button.setToolTip(self.tr("Enter the counter's engine hours or km (Ctrl+Shift+R)"))
        self.add_reading_button.clicked.connect(self.add_reading)
        self.record_part_button = QPushButton(self.tr("Record part…"))
        self.record_part_button.setToolTip(self.tr("A part replaced on the unit, with the old and new serials "
                                                   "(Ctrl+Shift+P)"))
        self.record_part_button.clicked.connect(self.record_part)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for widget, title in ((self.history_view, self.tr("History")),
                              (self._with_button(self.readings_view, self.add_reading_button), self.tr("Readings")),
                              (self._with_button(self.parts_view, self.record_part_button), self.tr("Parts")),
                              (problems, self.tr("Frequent problems"))):
            self.tabs.addTab(widget, title)

        # The maintenance section (plans and upcoming visits) is put here by whoever builds the window.
        self.maintenance_host = QWidget()
        self.maintenance_container = QVBoxLayout(self.maintenance_host)
        self.maintenance_container.setContentsMargins(0, 0, 0, 0)

        card = QWidget()
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 8, 12, 8)
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addLayout(self.chip_holder)
        head.addWidget(self.edit_button)
        layout.addLayout(head)
        layout.addWidget(self.conflict_label)
        owner_row = QHBoxLayout()
        owner_row.addWidget(self.serial_label)
        owner_row.addSpacing(12)
        owner_row.addWidget(QLabel(self.tr("Owner:")))
        owner_row.addWidget(self.owner_button)
        owner_row.addStretch(1)
        layout.addLayout(owner_row)
        layout.addWidget(self.site_label)
        layout.addWidget(self.dates_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.maintenance_host)
        return card

    @staticmethod
    def _with_button(table: QWidget, button: QPushButton) -> QWidget:
        """A tab's table with its action button above it."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(table, 1)
        return page

    def _table(self, model) -> CompactTableView:
        table = CompactTableView()
        table.setModel(model)
        return table

    # loading

    def show_equipment(self, equipment_id: int) -> None:
        """Read and show a unit's card."""
        if self.card is None or self.card.id != equipment_id:
            self.message_label.setText(self.tr("Loading…"))
            self.pages.setCurrentIndex(self.PAGE_MESSAGE)
        self._requested = equipment_id
        run_in_background(load_equipment_card, self.db, equipment_id, on_done=self._on_card_loaded,
                          on_error=self._on_card_failed)

    def reload(self) -> None:
        if self.card is not None:
            self.show_equipment(self.card.id)

    def on_data_changed(self, ids: set[int] | None = None) -> None:
        """Live changes: re-read when this unit (or anything, when ``ids`` is empty) changed."""
        if self.card is not None and (not ids or self.card.id in ids):
            self.reload()

    def _on_card_loaded(self, card: EquipmentCardData) -> None:
        if card.id == self._requested:
            self.set_card(card)

    def _on_card_failed(self, exc: BaseException) -> None:
        self.message_label.setText(self.tr("The unit could not be read: %1").replace("%1", str(exc)))
        self.pages.setCurrentIndex(self.PAGE_MESSAGE)

    def set_card(self, card: EquipmentCardData) -> None:
        """Show ``card`` (also used directly with hand-built data)."""
        self.card = card
        self._requested = card.id
        maker = f"{card.manufacturer} " if card.manufacturer and card.manufacturer not in card.model else ""
        self.title_label.setText(f"{card.kind}: {maker}{card.model}")
        clear_layout(self.chip_holder)
        view = warranty_view(card.row, card.today)
        self.warranty_chip = StatusChip(view.status, view.text)
        self.warranty_chip.setToolTip(warranty_reason(card))
        self.chip_holder.addWidget(self.warranty_chip)
        if card.serial_conflicts:
            self.serial_chip = StatusChip(SERIAL_SHARED, _t(SERIAL_SHARED.source_label))
            self.chip_holder.addWidget(self.serial_chip)
        self.conflict_label.setText(serial_conflict_html(card.serial, card.serial_conflicts))
        self.conflict_label.setVisible(bool(card.serial_conflicts))
        self.serial_label.setText(self.tr("Serial %1").replace("%1", card.serial) if card.serial
                                  else self.tr("No serial number"))
        self.owner_button.setText(card.client_name)
        site = card.site_address or self.tr("No site recorded")
        self.site_label.setText(site + (f" · {card.site_access}" if card.site_access else ""))
        self.dates_label.setText(" · ".join(self._dates(card)))
        self.reason_label.setText(warranty_reason(card))
        self.readings_model.unit = _unit(card.usage_unit)
        for model, index, rows, title in (
            (self.history_model, self.TAB_HISTORY, card.history, self.tr("History")),
            (self.readings_model, self.TAB_READINGS, card.readings, self.tr("Readings")),
            (self.parts_model, self.TAB_PARTS, card.parts, self.tr("Parts")),
            (self.problems_model, self.TAB_PROBLEMS, card.problems, self.tr("Frequent problems")),
        ):
            model.set_rows(rows)
            self.tabs.setTabText(index, f"{title} ({len(rows)})" if rows else title)
        self.problems_hint.setText(self.tr("Complaints and parts replaced on every %1 %2 of all clients.")
                                   .replace("%1", card.manufacturer or "").replace("%2", card.model))
        self.pages.setCurrentIndex(self.PAGE_CARD)
        self.card_loaded.emit(card.id)

    def _dates(self, card: EquipmentCardData) -> list[str]:
        facts = []
        for text, value in ((self.tr("sold %1"), card.sold_on), (self.tr("installed %1"), card.installed_on),
                            (self.tr("commissioned %1"), card.commissioned_on)):
            if value is not None:
                facts.append(text.replace("%1", format_date(value)))
        if card.latest_reading is not None and card.readings:
            facts.append(self.tr("latest reading %1 %2 on %3").replace("%1", _number(card.latest_reading))
                         .replace("%2", _unit(card.usage_unit)).replace("%3", format_date(card.readings[0].read_at)))
        facts.append(self.tr("%n order(s)", None, card.order_count))
        return facts

    # editing

    def edit_unit(self) -> EquipmentDialog | None:
        """Open the unit form for this unit; the card re-reads itself once the unit is saved."""
        if self.card is None or self.db is None:
            return None
        dialog = EquipmentDialog(self.db, unit_id=self.card.id, user_id=self.user.id if self.user else None,
                                 parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unit_saved.connect(self.on_dialog_unit_saved)
        dialog.open()
        return dialog

    def on_dialog_unit_saved(self, unit_id: int) -> None:
        self.status_message_requested.emit(self.tr("Unit saved."))
        self.unit_saved.emit(unit_id)
        self.show_equipment(unit_id)

    def add_reading(self) -> ReadingDialog | None:
        """Open the reading form for this unit; the card re-reads itself once the reading is stored."""
        if self.card is None or self.db is None:
            return None
        self.tabs.setCurrentIndex(self.TAB_READINGS)
        dialog = ReadingDialog(self.db, self.card.id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reading_added.connect(self.on_dialog_reading_added)
        dialog.open()
        return dialog

    def record_part(self) -> PartReplacementDialog | None:
        """Open the replaced-part form for this unit; the card re-reads itself once the part is recorded."""
        if self.card is None or self.db is None:
            return None
        self.tabs.setCurrentIndex(self.TAB_PARTS)
        dialog = PartReplacementDialog(self.db, self.card.id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.part_recorded.connect(self.on_dialog_part_recorded)
        dialog.open()
        return dialog

    def on_dialog_reading_added(self, unit_id: int) -> None:
        self.status_message_requested.emit(self.tr("Reading saved."))
        self.show_equipment(unit_id)

    def on_dialog_part_recorded(self, _part_id: int) -> None:
        self.status_message_requested.emit(self.tr("Part recorded."))
        self.reload()

    # navigation

    def on_conflict_label_link_activated(self, link: str) -> None:
        kind, _, ident = link.partition(":")
        if kind == "client":
            self.open_client_requested.emit(int(ident))
        elif kind == "equipment":
            self.open_equipment_requested.emit(int(ident))

    def on_owner_button_clicked(self) -> None:
        if self.card is not None:
            self.open_client_requested.emit(self.card.client_id)

    def on_history_view_double_clicked(self, index: QModelIndex) -> None:
        item = self.history_model.row_at(index.row())
        if item.order_id is not None:
            self.open_order_requested.emit(item.order_id)

    def on_parts_view_double_clicked(self, index: QModelIndex) -> None:
        part = self.parts_model.row_at(index.row())
        if part.order_id is not None:
            self.open_order_requested.emit(part.order_id)


class EquipmentCardWindow(CardWindow):
    """An equipment card in a window of its own (Esc closes it)."""

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(EquipmentCard(db, user), (1000, 680), parent)

    def window_title(self) -> str:
        card = self.card.card
        serial = f" № {card.serial}" if card.serial else ""
        return self.tr("%1%2 — %3").replace("%1", card.model).replace("%2", serial).replace("%3", card.client_name)


class EquipmentWindows(QObject):
    """Opens equipment cards in windows, one per unit (asking again raises it); connect its signals once to the
    order windows and the client card."""

    open_client_requested = Signal(int)
    open_order_requested = Signal(int)
    window_opened = Signal(object)  # the EquipmentCardWindow, e.g. to put the maintenance section in
    status_message_requested = Signal(str)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.parent_widget = parent
        self.windows: OneWindowEach[EquipmentCardWindow] = OneWindowEach()

    def open_equipment(self, equipment_id: int) -> EquipmentCardWindow:
        window, created = self.windows.show(
            equipment_id, lambda: EquipmentCardWindow(self.db, self.user, self.parent_widget))
        if created:
            card = window.card
            card.open_client_requested.connect(self.open_client_requested)
            card.open_equipment_requested.connect(self.open_equipment)
            card.open_order_requested.connect(self.open_order_requested)
            card.status_message_requested.connect(self.status_message_requested)
            self.window_opened.emit(window)
            card.show_equipment(equipment_id)
        return window

    def on_data_changed(self, ids: set[int] | None = None) -> None:
        """Re-read the open cards (``ids`` are equipment ids; empty means all)."""
        for window in self.windows.values():
            window.card.on_data_changed(ids)

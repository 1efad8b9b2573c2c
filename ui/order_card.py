"""The order card: number, title and stage; the client with phone links; editable fields by pipeline and scenario;
tasks, visits, files, comments, the timeline and the stage history.

Two columns: the fields on the left (required ones marked with the stages that need them), the history on the
right with the comment box under it. Saving sends only the changed fields with the version read; an edit that
lost a race opens the conflict dialog. Everything touching the database runs in the background.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.order_card import (
    OrderCardData,
    add_comment,
    load_order_card,
)
from models.order_flow import GateRefused, OrderConflict, complete_task, move_order, update_order
from models.users import UserRef
from ui.card_window import CardWindow, OneWindowEach
from ui.chips import StatusChip
from ui.client_card_models import TimelineTableModel, VisitsTableModel
from ui.client_card_sections import clear_layout
from ui.conflict_dialog import APPLY_MINE, KEEP_THEIRS, ConflictDialog
from ui.formatting import format_date, format_datetime, format_money
from ui.kanban_models import SCENARIOS, SOURCE_CHANNELS, order_label
from ui.order_actions import OrderActions
from ui.order_card_sections import (
    NO_VALUE,
    CommentBox,
    FieldsForm,
    FilesSection,
    HistoryTableModel,
    TasksTableModel,
)
from ui.payments_section import PaymentsSection
from ui.phone_link import PhoneLink
from ui.status_palette import stage_status, warranty_view
from ui.tables import CompactTableView
from ui.tasks import run_in_background
from ui.timeline_delegate import TimelineDelegate
from ui.widgets import error_label, local_shortcut, placeholder_label


class OrderCard(QWidget):
    """Shows one order; ``show_order`` reads it off the UI thread."""

    open_client_requested = Signal(int)
    call_requested = Signal(str)
    phone_copied = Signal(str)
    card_loaded = Signal(int)
    order_changed = Signal(int)  # saved, moved, a task done, a comment or a file added here
    status_message_requested = Signal(str)

    PAGE_MESSAGE, PAGE_CARD = range(2)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.card: OrderCardData | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self._requested: int | None = None
        self._keep_edits: dict[str, object] = {}
        self.pages = QStackedWidget()
        self.message_label = placeholder_label()
        self.pages.addWidget(self.message_label)
        self.pages.addWidget(self._build_card())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        local_shortcut(self, QKeySequence.StandardKey.Save, self.save)
        local_shortcut(self, Qt.Key.Key_F5, self.reload)

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    @property
    def role(self) -> str:
        return self.user.role if self.user else "dispatcher"

    # building

    def _build_card(self) -> QWidget:
        self.title_label = QLabel()
        self.title_label.setObjectName("cardTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chip_holder = QHBoxLayout()
        self.chip_holder.setContentsMargins(0, 0, 0, 0)
        self.facts_label = QLabel()
        self.facts_label.setObjectName("secondaryText")
        self.facts_label.setWordWrap(True)
        self.client_button = QPushButton()
        self.client_button.setObjectName("phoneLink")
        self.client_button.setFlat(True)
        self.client_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.client_button.setToolTip(self.tr("Open the client's card"))
        self.client_button.clicked.connect(self.on_client_button_clicked)
        self.phones_row = QHBoxLayout()
        self.phones_row.setContentsMargins(0, 0, 0, 0)
        self.site_label = QLabel()
        self.site_label.setWordWrap(True)
        self.site_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unit_label = QLabel()
        self.unit_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warranty_holder = QHBoxLayout()
        self.warranty_holder.setContentsMargins(0, 0, 0, 0)

        self.actions = OrderActions(self.db, self.user)
        self.actions.status_message_requested.connect(self.status_message_requested)
        self.actions.order_changed.connect(lambda _order_id: self.reload())
        self.stage_combo = QComboBox()
        self.stage_combo.setToolTip(self.tr("Move the order to another stage; the stage's gate checks what it needs"))
        self.stage_combo.activated.connect(self.on_stage_combo_activated)
        self.gate_label = error_label()

        self.fields = FieldsForm()
        self.fields.edited.connect(self.on_fields_edited)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save the changed fields (Ctrl+S)"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Undo changes"))
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self.revert)
        self.save_error = error_label()

        client_box = QVBoxLayout()
        client_box.setSpacing(2)
        client_row = QHBoxLayout()
        client_row.addWidget(self.client_button)
        client_row.addLayout(self.phones_row)
        client_row.addStretch(1)
        client_box.addLayout(client_row)
        client_box.addWidget(self.site_label)
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit_label)
        unit_row.addLayout(self.warranty_holder)
        unit_row.addStretch(1)
        client_box.addLayout(unit_row)
        stage_row = QHBoxLayout()
        stage_caption = QLabel(self.tr("Stage:"))
        stage_caption.setBuddy(self.stage_combo)
        stage_row.addWidget(stage_caption)
        stage_row.addWidget(self.stage_combo)
        stage_row.addStretch(1)
        stage_row.addWidget(self.actions)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)

        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 12, 0)
        column.addLayout(client_box)
        column.addSpacing(6)
        column.addLayout(stage_row)
        column.addWidget(self.gate_label)
        column.addSpacing(6)
        column.addWidget(self.fields)
        column.addWidget(self.save_error)
        column.addLayout(buttons)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(details)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self._build_tabs())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 520])
        self.splitter.setChildrenCollapsible(False)

        card = QWidget()
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 8, 12, 8)
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addLayout(self.chip_holder)
        layout.addLayout(head)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.splitter, 1)
        return card

    def _build_tabs(self) -> QWidget:
        self.timeline_model = TimelineTableModel(self)
        self.comments_model = TimelineTableModel(self)
        self.tasks_model = TasksTableModel(self)
        self.tasks_model.done_requested.connect(self.complete_task)
        self.visits_model = VisitsTableModel(self)
        self.history_model = HistoryTableModel(self)
        self.timeline_view = self._timeline_table(self.timeline_model)
        self.comments_view = self._timeline_table(self.comments_model)
        self.tasks_view = self._table(self.tasks_model)
        self.visits_view = self._table(self.visits_model)
        self.visits_view.setColumnHidden(VisitsTableModel.COL_ORDER, True)
        self.files = FilesSection(self.db, self.user_id)
        self.files.files_changed.connect(self._on_file_attached)
        self.attachments_model = self.files.model
        self.history_view = self._table(self.history_model)
        self.payments = PaymentsSection(self.db, self.user)
        self.payments.changed.connect(self.reload)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for widget, title in ((self.timeline_view, self.tr("Timeline")), (self.comments_view, self.tr("Comments")),
                              (self.tasks_view, self.tr("Tasks")), (self.visits_view, self.tr("Visits")),
                              (self.files, self.tr("Files")), (self.history_view, self.tr("Stage history")),
                              (self.payments, self.tr("Payments"))):
            self.tabs.addTab(widget, title)
        self.comment_box = CommentBox()
        self.comment_box.comment_submitted.connect(self.add_comment)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.comment_box)
        return right

    def _table(self, model) -> CompactTableView:
        table = CompactTableView()
        table.setModel(model)
        return table

    def _timeline_table(self, model: TimelineTableModel) -> CompactTableView:
        table = CompactTableView(wrap=True)
        table.setItemDelegateForColumn(
            TimelineTableModel.COL_TEXT, TimelineDelegate(TimelineTableModel.HEADING_ROLE,
                                                          TimelineTableModel.BODY_ROLE, table))
        table.setModel(model)
        return table

    # loading

    def show_order(self, order_id: int) -> None:
        """Read and show an order's card."""
        if self.card is None or self.card.id != order_id:
            self._keep_edits = {}
            self.message_label.setText(self.tr("Loading…"))
            self.pages.setCurrentIndex(self.PAGE_MESSAGE)
        self._requested = order_id
        run_in_background(partial(load_order_card, role=self.role), self.db, order_id,
                          on_done=self._on_card_loaded, on_error=self._on_card_failed)

    def reload(self, *, keep_edits: bool = True) -> None:
        """Read the order again; unsaved edits stay in their fields unless ``keep_edits`` is False."""
        if self.card is None:
            return
        self._keep_edits = self.fields.changes() if keep_edits else {}
        self.show_order(self.card.id)

    def on_orders_changed(self, ids: set[int] | None = None) -> None:
        """Live changes: re-read the card when its order changed (unsaved edits are kept)."""
        if self.card is not None and (not ids or self.card.id in ids):
            self.reload()

    def _on_card_loaded(self, card: OrderCardData) -> None:
        if card.id != self._requested:
            return
        self.set_card(card)

    def _on_card_failed(self, exc: BaseException) -> None:
        self.message_label.setText(self.tr("The order could not be read: %1").replace("%1", str(exc)))
        self.pages.setCurrentIndex(self.PAGE_MESSAGE)

    def set_card(self, card: OrderCardData) -> None:
        """Show ``card`` (also used directly with hand-built data)."""
        self.card = card
        self._requested = card.id
        self.title_label.setText(self.tr("№ %1 · %2").replace("%1", str(card.number)).replace("%2", card.title))
        clear_layout(self.chip_holder)
        stage = card.stage
        self.chip_holder.addWidget(StatusChip(stage_status(stage.name, stage.color, stage.kind)))
        facts = [card.pipeline_name]
        if card.scenario:
            facts.append(order_label(SCENARIOS, card.scenario))
        facts.append(self.tr("created %1").replace("%1", format_date(card.created_at.date())))
        facts.append(self.tr("in this stage since %1").replace("%1", format_datetime(card.stage_entered_at)))
        if card.owner_name:
            facts.append(card.owner_name)
        self.facts_label.setText(" · ".join(facts))
        self._set_client(card)
        self.stage_combo.clear()
        for option in card.stages:
            self.stage_combo.addItem(option.name, option.id)
        self.stage_combo.setCurrentIndex(self.stage_combo.findData(card.stage_id))
        self.fields.set_card(card)
        if self._keep_edits:
            self.fields.restore(self._keep_edits)
            self._keep_edits = {}
        self.on_fields_edited()
        self.tasks_model.now = datetime.now(card.stage_entered_at.tzinfo)
        for model, index, rows, title in (
            (self.timeline_model, 0, card.timeline, self.tr("Timeline")),
            (self.comments_model, 1, card.comments, self.tr("Comments")),
            (self.tasks_model, 2, card.tasks, self.tr("Tasks")),
            (self.visits_model, 3, card.visits, self.tr("Visits")),
            (self.attachments_model, 4, card.attachments, self.tr("Files")),
            (self.history_model, 5, card.stage_history, self.tr("Stage history")),
        ):
            model.set_rows(rows)
            self.tabs.setTabText(index, f"{title} ({len(rows)})" if rows else title)
        self.files.set_card(card)
        self.payments.set_order(card.id)
        self.actions.set_order(card.id, has_unit=card.equipment is not None)
        self.comment_box.set_private_allowed(card.can_see_private)
        self.pages.setCurrentIndex(self.PAGE_CARD)
        self.card_loaded.emit(card.id)

    def _set_client(self, card: OrderCardData) -> None:
        clear_layout(self.phones_row)
        self.client_button.setVisible(card.client_id is not None)
        self.client_button.setText(card.client_name or "")
        phones = card.client_phones or ((card.requester_phone,) if card.requester_phone else ())
        if card.client_id is None:
            self.phones_row.addWidget(QLabel(self.tr("Unknown caller:")))
        for phone in phones:
            link = PhoneLink(phone.display, phone.e164)
            link.call_requested.connect(self.call_requested)
            link.phone_copied.connect(self.phone_copied)
            self.phones_row.addWidget(link)
        address = card.site_address or self.tr("No address yet")
        self.site_label.setText(address + (f" · {card.site_access}" if card.site_access else ""))
        clear_layout(self.warranty_holder)
        unit = card.equipment
        self.unit_label.setVisible(unit is not None)
        if unit is not None:
            maker = f"{unit.manufacturer} " if unit.manufacturer and unit.manufacturer not in unit.model else ""
            serial = self.tr(", serial %1").replace("%1", unit.serial) if unit.serial else ""
            self.unit_label.setText(f"{unit.kind}: {maker}{unit.model}{serial}")
            view = warranty_view(unit, date.today())
            self.warranty_holder.addWidget(StatusChip(view.status, view.text))

    def on_client_button_clicked(self) -> None:
        if self.card is not None and self.card.client_id is not None:
            self.open_client_requested.emit(self.card.client_id)

    # editing

    def on_fields_edited(self) -> None:
        dirty = bool(self.card is not None and self.fields.changes())
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def revert(self) -> None:
        if self.card is not None:
            self.save_error.hide()
            self.set_card(self.card)

    def save(self) -> None:
        """Save the changed fields against the version this card was read at."""
        if self.card is None:
            return
        changes = self.fields.changes()
        if not changes:
            self.status_message_requested.emit(self.tr("Nothing to save: no field was changed."))
            return
        self._submit(changes, self.card.version)

    def _submit(self, changes: dict[str, object], version: int) -> None:
        self.save_error.hide()
        self.save_button.setEnabled(False)
        run_in_background(partial(update_order, user_id=self.user_id, expected_version=version), self.db,
                          self.card.id, changes, on_done=self._on_saved, on_error=self._on_save_failed)

    def _on_saved(self, _version: int) -> None:
        self.status_message_requested.emit(self.tr("Order %1 saved.").replace("%1", str(self.card.number)))
        self.order_changed.emit(self.card.id)
        self.reload(keep_edits=False)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.on_fields_edited()
        if isinstance(exc, OrderConflict):
            self.show_conflict(exc)
            return
        self.save_error.setText(str(exc) if isinstance(exc, ValueError) else
                                self.tr("Not saved: %1").replace("%1", str(exc)))
        self.save_error.show()

    def show_conflict(self, exc: OrderConflict) -> None:
        """Both versions side by side; the person keeps theirs or applies theirs plus mine."""
        dialog = ConflictDialog(exc.ours, exc.theirs, label=self.label_of, describe=self.describe,
                                subject=self.tr("Order %1").replace("%1", str(self.card.number)), parent=self)
        self.conflict_dialog = dialog
        dialog.finished.connect(partial(self._on_conflict_finished, dialog, exc))
        dialog.open()

    def _on_conflict_finished(self, dialog: ConflictDialog, exc: OrderConflict, _result: int) -> None:
        self.conflict_dialog = None
        dialog.deleteLater()
        if dialog.choice == APPLY_MINE:
            self._submit(dict(exc.ours), exc.current_version)
        elif dialog.choice == KEEP_THEIRS:
            self.reload(keep_edits=False)

    def label_of(self, key: str) -> str:
        return self.tr("Stage") if key == "stage_id" else self.fields.label_of(key)

    def describe(self, key: str, value: object) -> str:
        """A stored value as the card shows it (names for ids, money, dates, yes/no)."""
        card = self.card
        if value is None or value == "":
            return NO_VALUE
        options = {"owner_id": card.owner_options, "site_id": card.site_options,
                   "equipment_id": card.equipment_options}.get(key)
        if options is not None:
            return next((o.label for o in options if o.id == value), str(value))
        if key == "stage_id":
            return next((s.name for s in card.stages if s.id == value), str(value))
        if key == "scenario":
            return order_label(SCENARIOS, str(value))
        if key == "source_channel":
            return order_label(SOURCE_CHANNELS, str(value))
        if key in ("amount", "paid"):
            return format_money(Decimal(str(value)), card.currency)
        if isinstance(value, datetime):
            return format_datetime(value.astimezone(card.due_at.tzinfo if card.due_at else None))
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, str) and key.startswith("custom:") and len(value) == 10 and value[4] == "-":
            try:
                return date.fromisoformat(value).strftime("%d.%m.%Y")
            except ValueError:
                return value
        return str(value)

    # moving

    def on_stage_combo_activated(self, _index: int) -> None:
        stage_id = self.stage_combo.currentData()
        if self.card is not None and stage_id is not None and stage_id != self.card.stage_id:
            self.move_to_stage(stage_id)

    def move_to_stage(self, stage_id: int) -> None:
        """Move the order; a gate's refusal is shown under the stage selector, naming what is missing."""
        self.gate_label.hide()
        self.stage_combo.setEnabled(False)
        run_in_background(partial(move_order, user_id=self.user_id, role=self.role, expected_version=self.card.version),
                          self.db, self.card.id, stage_id, on_done=self._on_moved, on_error=self._on_move_failed)

    def _on_moved(self, result) -> None:
        self.stage_combo.setEnabled(True)
        name = next((s.name for s in self.card.stages if s.id == result.to_stage_id), "")
        self.status_message_requested.emit(self.tr("Order %1 moved to «%2».").replace("%1", str(self.card.number))
                                           .replace("%2", name))
        self.order_changed.emit(self.card.id)
        self.reload()

    def _on_move_failed(self, exc: BaseException) -> None:
        self.stage_combo.setEnabled(True)
        self.stage_combo.setCurrentIndex(self.stage_combo.findData(self.card.stage_id))
        if isinstance(exc, GateRefused):
            text = self.tr("Cannot move to «%1»:").replace("%1", exc.stage_name) + "\n" + "\n".join(
                f"• {f.message}" for f in exc.failures)
        elif isinstance(exc, OrderConflict):
            text = self.tr("The order was changed at another workstation; the card has been read again. Check the "
                           "stage and try again.")
            self.reload()
        else:
            text = self.tr("Not moved: %1").replace("%1", str(exc))
        self.gate_label.setText(text)
        self.gate_label.show()

    # tasks, comments, files

    def complete_task(self, task_id: int) -> None:
        run_in_background(partial(complete_task, user_id=self.user_id), self.db, task_id,
                          on_done=self._on_task_completed, on_error=self._on_action_failed)

    def _on_task_completed(self, moved_to: int | None) -> None:
        if moved_to is not None and self.card is not None:
            name = next((s.name for s in self.card.stages if s.id == moved_to), "")
            self.status_message_requested.emit(self.tr("Task done; the order moved on to «%1».").replace("%1", name))
        self.order_changed.emit(self.card.id)
        self.reload()

    def add_comment(self, text: str, private: bool) -> None:
        run_in_background(partial(add_comment, user_id=self.user_id, private=private), self.db, self.card.id, text,
                          on_done=self._on_comment_added, on_error=lambda exc: self.comment_box.show_error(str(exc)))

    def _on_comment_added(self, _entry_id: int) -> None:
        self.comment_box.clear()
        self.order_changed.emit(self.card.id)
        self.reload()

    def attach_file(self, path: str, kind: str) -> None:
        self.files.attach_file(path, kind)

    def open_attachment(self, attachment_id: int) -> None:
        self.files.open_attachment(attachment_id)

    def _on_file_attached(self) -> None:
        self.order_changed.emit(self.card.id)
        self.reload()

    def _on_action_failed(self, exc: BaseException) -> None:
        self.status_message_requested.emit(str(exc))
        self.reload()


class OrderCardWindow(CardWindow):
    """An order card in a window of its own, so an order opens from anywhere (Esc closes it)."""

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(OrderCard(db, user), (1100, 720), parent)

    def window_title(self) -> str:
        card = self.card.card
        return self.tr("Order %1 — %2").replace("%1", str(card.number)).replace("%2", card.title)


class OrderWindows(QObject):
    """Opens order cards in windows, one window per order (asking again raises it)."""

    open_client_requested = Signal(int)
    call_requested = Signal(str)
    order_changed = Signal(int)
    status_message_requested = Signal(str)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.parent_widget = parent
        self.windows: OneWindowEach[OrderCardWindow] = OneWindowEach()

    def open_order(self, order_id: int) -> OrderCardWindow:
        window, created = self.windows.show(order_id, lambda: OrderCardWindow(self.db, self.user, self.parent_widget))
        if created:
            card = window.card
            card.open_client_requested.connect(self.open_client_requested)
            card.call_requested.connect(self.call_requested)
            card.order_changed.connect(self.order_changed)
            card.status_message_requested.connect(self.status_message_requested)
            card.show_order(order_id)
        return window

    def on_orders_changed(self, ids: set[int] | None = None) -> None:
        for window in self.windows.values():
            window.card.on_orders_changed(ids)


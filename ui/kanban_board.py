"""The kanban board of a pipeline: stages as columns, cards dragged (or moved with Ctrl+Shift+←/→) between them.

A move goes through the domain's gates in the background; the card moves at once and snaps back with the
gate's reasons when the move is refused. The board reads itself in the background and follows live changes
from other workstations (``on_orders_changed``, throttled).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.kanban import Board, BoardColumn, BoardFilters, BoardOptions, KanbanCard, board_options, load_board
from models.order_flow import GateRefused, OrderConflict, move_order
from models.users import UserRef
from ui.formatting import format_money
from ui.kanban_delegate import KanbanCardDelegate
from ui.kanban_models import SOURCE_CHANNELS, KanbanColumnModel, order_label
from ui.status_palette import RED
from ui.tasks import run_in_background
from ui.widgets import local_shortcut

COLUMN_WIDTH = 250
RELOAD_THROTTLE_MS = 700
TEXT_DEBOUNCE_MS = 300


class BoardFilterBar(QWidget):
    """Pipeline, owner, zone, source, creation period and search; ``filters_changed`` carries BoardFilters."""

    filters_changed = Signal(object)
    pipeline_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pipeline_combo = QComboBox()
        self.pipeline_combo.setToolTip(self.tr("Pipeline shown on the board"))
        self.owner_combo = QComboBox()
        self.owner_combo.setToolTip(self.tr("Responsible person (Alt+O)"))
        self.zone_combo = QComboBox()
        self.zone_combo.setToolTip(self.tr("Orders whose address lies in the zone"))
        self.source_combo = QComboBox()
        self.source_combo.setToolTip(self.tr("Where the request came from"))
        self.source_combo.addItem(self.tr("Any source"), None)
        for code in SOURCE_CHANNELS:
            self.source_combo.addItem(order_label(SOURCE_CHANNELS, code), code)
        self.period_combo = QComboBox()
        self.period_combo.setToolTip(self.tr("When the order was created"))
        for key, text in (("all", self.tr("Created any time")), ("today", self.tr("Created today")),
                          ("week", self.tr("Created in 7 days")), ("month", self.tr("Created in 30 days")),
                          ("quarter", self.tr("Created in 90 days")), ("custom", self.tr("Created between…"))):
            self.period_combo.addItem(text, key)
        self.since_edit = QDateEdit(QDate.currentDate().addDays(-29))
        self.until_edit = QDateEdit(QDate.currentDate())
        self.dash_label = QLabel("–")
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.dateChanged.connect(self.emit_filters)
        for widget in (self.since_edit, self.dash_label, self.until_edit):
            widget.hide()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Number, title, client, address"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(self.tr("Show only the cards that match (Alt+F)"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(TEXT_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.emit_filters)
        self.search_edit.textEdited.connect(lambda _t: self._debounce.start())
        self.search_edit.returnPressed.connect(self.emit_filters)
        self.pipeline_combo.activated.connect(self.on_pipeline_combo_activated)
        for combo in (self.owner_combo, self.zone_combo, self.source_combo):
            combo.activated.connect(self.emit_filters)
        self.period_combo.activated.connect(self.on_period_combo_activated)
        for keys, target in (("Alt+O", self.owner_combo), ("Alt+F", self.search_edit)):
            local_shortcut(self, keys, lambda w=target: w.setFocus(Qt.FocusReason.ShortcutFocusReason))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.pipeline_combo, self.owner_combo, self.zone_combo, self.source_combo, self.period_combo,
                       self.since_edit, self.dash_label, self.until_edit):
            row.addWidget(widget)
        row.addWidget(self.search_edit, 1)
        self.set_options(BoardOptions((), (), ()))

    def set_options(self, options: BoardOptions, pipeline_id: int | None = None, me: int | None = None) -> None:
        """Fill the lists, keeping what is chosen."""
        owner, zone = self.owner_combo.currentData(), self.zone_combo.currentData()
        self.pipeline_combo.clear()
        for choice in options.pipelines:
            self.pipeline_combo.addItem(choice.name, choice.id)
        self.set_pipeline(pipeline_id)
        self.owner_combo.clear()
        self.owner_combo.addItem(self.tr("Any owner"), None)
        if me is not None:
            self.owner_combo.addItem(self.tr("My orders"), me)
        for choice in options.owners:
            self.owner_combo.addItem(choice.name, choice.id)
        self.zone_combo.clear()
        self.zone_combo.addItem(self.tr("Any zone"), None)
        for choice in options.zones:
            self.zone_combo.addItem(choice.name, choice.id)
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(owner)))
        self.zone_combo.setCurrentIndex(max(0, self.zone_combo.findData(zone)))

    def set_pipeline(self, pipeline_id: int | None) -> None:
        index = self.pipeline_combo.findData(pipeline_id)
        if index >= 0:
            self.pipeline_combo.setCurrentIndex(index)

    def filters(self, today: date | None = None) -> BoardFilters:
        today = today or date.today()
        period = self.period_combo.currentData()
        days = {"today": 0, "week": 6, "month": 29, "quarter": 89}
        if period in days:
            since, until = today - timedelta(days=days[period]), None
        elif period == "custom":
            since, until = self.since_edit.date().toPython(), self.until_edit.date().toPython()
        else:
            since = until = None
        return BoardFilters(owner_id=self.owner_combo.currentData(), zone_id=self.zone_combo.currentData(),
                            source_channel=self.source_combo.currentData(), created_from=since, created_to=until,
                            text=self.search_edit.text().strip())

    def set_filters(self, filters: BoardFilters) -> None:
        """Show ``filters`` in the controls (a period becomes "Created between…"); no signal is emitted."""
        for combo, value in ((self.owner_combo, filters.owner_id), (self.zone_combo, filters.zone_id),
                             (self.source_combo, filters.source_channel)):
            index = combo.findData(value)
            if index < 0 and value is not None:
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(max(0, index))
        custom = filters.created_from is not None or filters.created_to is not None
        self.period_combo.setCurrentIndex(self.period_combo.findData("custom" if custom else "all"))
        for edit, value in ((self.since_edit, filters.created_from), (self.until_edit, filters.created_to)):
            edit.blockSignals(True)
            edit.setDate(QDate(value) if value else QDate.currentDate())
            edit.blockSignals(False)
        for widget in (self.since_edit, self.dash_label, self.until_edit):
            widget.setVisible(custom)
        self.search_edit.setText(filters.text)

    def on_pipeline_combo_activated(self, _index: int) -> None:
        if self.pipeline_combo.currentData() is not None:
            self.pipeline_chosen.emit(self.pipeline_combo.currentData())

    def on_period_combo_activated(self, _index: int) -> None:
        custom = self.period_combo.currentData() == "custom"
        for widget in (self.since_edit, self.dash_label, self.until_edit):
            widget.setVisible(custom)
        self.emit_filters()

    def emit_filters(self, *_: object) -> None:
        self._debounce.stop()
        self.filters_changed.emit(self.filters())


class CardListView(QListView):
    """A column's list: arrows and Enter for the keyboard, drag and drop of cards between columns."""

    neighbour_requested = Signal(int)  # -1 left, +1 right
    move_requested = Signal(int)  # -1 previous stage, +1 next stage
    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformItemSizes(True)  # one card height: thousands lay out at once
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.activated.connect(self.on_self_activated)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(key)
        shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if step is not None and mods & shift_ctrl == shift_ctrl:
            self.move_requested.emit(step)
            return
        if step is not None and not mods & (shift_ctrl | Qt.KeyboardModifier.AltModifier):
            self.neighbour_requested.emit(step)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().data(KanbanColumnModel.ORDER_ID_ROLE))
            return
        super().keyPressEvent(event)

    def on_self_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(KanbanColumnModel.ORDER_ID_ROLE))


class KanbanColumn(QFrame):
    """A stage: a header in the stage's colour with the count and sum, over the list of cards."""

    def __init__(self, column: BoardColumn, currency: str, delegate: KanbanCardDelegate,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.stage_id = column.stage_id
        self.column = column
        self.currency = currency
        self.setObjectName("kanbanColumn")
        self.setFixedWidth(COLUMN_WIDTH)
        self.title_label = QLabel()
        self.title_label.setObjectName("kanbanColumnTitle")
        self.title_label.setWordWrap(True)
        self.facts_label = QLabel()
        self.facts_label.setObjectName("secondaryText")
        self.more_label = QLabel()
        self.more_label.setObjectName("secondaryText")
        self.more_label.setWordWrap(True)
        self.more_label.hide()
        self.model = KanbanColumnModel(column.stage_id, currency, self)
        self.view = CardListView()
        self.view.setObjectName("kanbanCards")
        self.view.setItemDelegate(delegate)
        self.view.setModel(self.model)
        self.view.setAccessibleName(column.name)
        header = QWidget()
        header.setObjectName("kanbanColumnHeader")
        head = QVBoxLayout(header)
        head.setContentsMargins(8, 6, 8, 6)
        head.setSpacing(0)
        head.addWidget(self.title_label)
        head.addWidget(self.facts_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.more_label)
        self.count = column.count
        self.total = column.total
        self.set_column(column)

    def set_column(self, column: BoardColumn, now=None) -> None:
        self.column = column
        self.count, self.total = column.count, column.total
        self.setStyleSheet(f"QFrame#kanbanColumn {{ border-top: 3px solid {column.color}; }}")
        self.title_label.setText(column.name)
        self.model.set_cards(column.cards, now)
        self.update_header()

    def update_header(self) -> None:
        column = self.column
        facts = [str(self.count)]
        if self.total:
            facts.append(format_money(self.total, self.currency))
        if column.closed:
            facts = [self.tr("%1 in 30 days").replace("%1", str(self.count)), *facts[1:]]
            facts.append(self.tr("%1 in all").replace("%1", str(column.all_count)))
        self.facts_label.setText(" · ".join(facts))
        tip = [column.name]
        if column.sla_hours:
            tip.append(self.tr("Expected within %1 h in this stage").replace("%1", str(column.sla_hours)))
        self.title_label.setToolTip("\n".join(tip))
        hidden = self.count - self.model.rowCount()
        self.more_label.setText(self.tr("%1 more not shown: narrow the filters").replace("%1", str(hidden)))
        self.more_label.setVisible(hidden > 0 and not column.closed)

    def adjust(self, count: int, amount: Decimal) -> None:
        """Change the header's figures while a move is under way (the reload brings the true ones)."""
        self.count += count
        self.total += amount * count
        self.update_header()


class KanbanBoard(QWidget):
    """The board of one pipeline. ``set_pipeline`` reads it; ``move_card`` is what a drop or a shortcut calls."""

    open_order_requested = Signal(int)
    board_loaded = Signal()
    card_moved = Signal(int, int)  # order id, stage id: the move was stored
    status_message_requested = Signal(str)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.pipeline_id: int | None = None
        self.board: Board | None = None
        self.columns: list[KanbanColumn] = []
        self._generation = 0
        self._loading = False
        self._reload_wanted = False
        self._pending: dict[int, tuple[int, int, KanbanCard]] = {}  # order id -> (from stage, from row, card)
        self._options_loaded = False
        self.delegate = KanbanCardDelegate(self)

        self.filter_bar = BoardFilterBar()
        self.filter_bar.filters_changed.connect(self.on_filter_bar_filters_changed)
        self.filter_bar.pipeline_chosen.connect(self.set_pipeline)
        self.message_label = QLabel()
        self.message_label.setObjectName("boardMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.hide()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("secondaryText")
        self.strip = QWidget()
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.strip_layout.setSpacing(8)
        self.strip_layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # columns scroll, never squeeze
        self.strip_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.strip)
        self.reload_throttle = QTimer(self)
        self.reload_throttle.setSingleShot(True)
        self.reload_throttle.setInterval(RELOAD_THROTTLE_MS)
        self.reload_throttle.timeout.connect(self.reload)
        local_shortcut(self, Qt.Key.Key_F5, self.reload)
        local_shortcut(self, Qt.Key.Key_Escape, self.hide_message)
        self.message_label.setToolTip(self.tr("Esc hides this message"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.summary_label)
        self.setStyleSheet(
            "QFrame#kanbanColumn { background: palette(window); border: 1px solid palette(midlight);"
            " border-radius: 4px; }"
            " QLabel#kanbanColumnTitle { font-weight: 600; }"
            f" QLabel#boardMessage {{ color: {RED}; background: #fdecea; border: 1px solid #f5c6c4;"
            " border-radius: 4px; padding: 6px 8px; }"
            " QListView#kanbanCards { background: palette(window); border: none; }"
        )

    @property
    def role(self) -> str:
        return self.user.role if self.user is not None else "dispatcher"

    # loading

    def set_pipeline(self, pipeline_id: int) -> None:
        """Show the board of a pipeline (read in the background)."""
        if not self._options_loaded:
            self._options_loaded = True
            run_in_background(board_options, self.db, on_done=self._on_options_loaded, on_error=self.on_task_failed)
        if pipeline_id != self.pipeline_id:
            self.pipeline_id = pipeline_id
            self.board = None
            self.filter_bar.set_pipeline(pipeline_id)
        self.reload()

    def _on_options_loaded(self, options: BoardOptions) -> None:
        self.filter_bar.set_options(options, self.pipeline_id, self.user.id if self.user else None)

    def reload(self) -> None:
        """Read the board again now (a reload under way is followed by one more)."""
        if self.pipeline_id is None:
            return
        if self._loading or self._pending:
            self._reload_wanted = True
            return
        self.reload_throttle.stop()
        self._loading = True
        self._generation += 1
        run_in_background(load_board, self.db, self.pipeline_id, self.filter_bar.filters(),
                          on_done=partial(self._on_board_loaded, self._generation), on_error=self._on_load_failed)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.show_message(self.tr("The board could not be read: %1").replace("%1", str(exc)))

    def _on_board_loaded(self, generation: int, board: Board) -> None:
        self._loading = False
        if generation == self._generation and board.pipeline_id == self.pipeline_id:
            self.set_board(board)
        if self._reload_wanted:
            self._reload_wanted = False
            self.reload()

    def set_board(self, board: Board) -> None:
        """Show a board, keeping the selected card and where each column was scrolled."""
        selected = self.selected_card()
        scrolled = {c.stage_id: c.view.verticalScrollBar().value() for c in self.columns}
        had_focus = any(c.view.hasFocus() for c in self.columns)
        same_stages = [c.stage_id for c in board.columns] == [c.stage_id for c in self.columns]
        self.board = board
        if same_stages:
            for widget, column in zip(self.columns, board.columns, strict=True):
                widget.model.field_labels = board.field_labels
                widget.set_column(column, board.loaded_at)
        else:
            self._rebuild_columns(board)
        for widget in self.columns:
            if widget.stage_id in scrolled:
                widget.view.verticalScrollBar().setValue(scrolled[widget.stage_id])
        if selected is not None:
            self.select_order(selected.id, focus=had_focus)
        shown = board.card_count
        # Won/lost columns show their latest cards on purpose; only capped open columns hide work.
        total = shown + sum(c.count - len(c.cards) for c in board.columns if not c.closed)
        self.summary_label.setText(
            self.tr("%1 cards").replace("%1", str(shown)) if shown == total else
            self.tr("%1 of %2 cards shown; narrow the filters to see the rest").replace("%1", str(shown))
            .replace("%2", str(total)))
        self.board_loaded.emit()

    def _rebuild_columns(self, board: Board) -> None:
        for widget in self.columns:
            self.strip_layout.removeWidget(widget)
            widget.deleteLater()
        self.columns = []
        for column in board.columns:
            widget = KanbanColumn(column, board.currency, self.delegate)
            widget.model.now = board.loaded_at
            widget.model.field_labels = board.field_labels
            widget.model.card_dropped.connect(self.move_card)
            widget.view.neighbour_requested.connect(partial(self.on_column_neighbour_requested, widget))
            widget.view.move_requested.connect(partial(self.on_column_move_requested, widget))
            widget.view.open_requested.connect(self.open_order_requested)
            self.strip_layout.insertWidget(self.strip_layout.count() - 1, widget)
            self.columns.append(widget)

    def on_filter_bar_filters_changed(self, _filters: BoardFilters) -> None:
        self.reload()

    def on_orders_changed(self, ids: set[int] | None = None) -> None:
        """Orders changed somewhere (here or at another desk): read the board again, at most every 0.7 s."""
        if self.pipeline_id is not None and not self.reload_throttle.isActive():
            self.reload_throttle.start()

    def on_task_failed(self, exc: BaseException) -> None:
        self.status_message_requested.emit(str(exc))

    # selection and keyboard

    def column_of_stage(self, stage_id: int) -> KanbanColumn | None:
        return next((c for c in self.columns if c.stage_id == stage_id), None)

    def column_of_order(self, order_id: int) -> KanbanColumn | None:
        return next((c for c in self.columns if c.model.row_of(order_id) >= 0), None)

    def selected_card(self) -> KanbanCard | None:
        focused = next((c for c in self.columns if c.view.hasFocus()), None)
        for widget in [focused, *self.columns] if focused else self.columns:
            index = widget.view.currentIndex()
            if index.isValid() and widget.view.selectionModel().isSelected(index):
                return widget.model.card_at(index.row())
        return None

    def select_order(self, order_id: int, *, focus: bool = True) -> bool:
        widget = self.column_of_order(order_id)
        if widget is None:
            return False
        for other in self.columns:
            if other is not widget:
                other.view.selectionModel().clearSelection()
        index = widget.model.index(widget.model.row_of(order_id))
        widget.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        widget.view.scrollTo(index)
        if focus:
            widget.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(widget, 0, 0)
        return True

    def on_column_neighbour_requested(self, widget: KanbanColumn, step: int) -> None:
        """Arrow left/right: the card at the same height in the nearest column that has cards."""
        start = self.columns.index(widget)
        current = widget.view.currentIndex()
        y = widget.view.visualRect(current).center().y() if current.isValid() else 0
        position = start + step
        while 0 <= position < len(self.columns):
            target = self.columns[position]
            if target.model.rowCount():
                index = target.view.indexAt(QPoint(10, max(0, y)))
                if not index.isValid():
                    index = target.model.index(target.model.rowCount() - 1 if y > 0 else 0)
                self.select_order(index.data(KanbanColumnModel.ORDER_ID_ROLE))
                return
            position += step

    def on_column_move_requested(self, widget: KanbanColumn, step: int) -> None:
        index = widget.view.currentIndex()
        position = self.columns.index(widget) + step
        if not index.isValid() or not 0 <= position < len(self.columns):
            return
        self.move_card(index.data(KanbanColumnModel.ORDER_ID_ROLE), self.columns[position].stage_id)

    # moving

    def move_card(self, order_id: int, to_stage_id: int) -> None:
        """Move a card to a stage: at once on screen, then through the gates; it snaps back when refused."""
        source = self.column_of_order(order_id)
        target = self.column_of_stage(to_stage_id)
        if source is None or target is None or source is target or order_id in self._pending:
            return
        self.hide_message()
        card, row = source.model.take_card(order_id)
        source.adjust(-1, card.amount)
        target.model.put_card(card, 0)
        target.adjust(1, card.amount)
        self._pending[order_id] = (source.stage_id, row, card)
        self.select_order(order_id)
        run_in_background(
            partial(move_order, user_id=self.user.id if self.user else None, role=self.role,
                    expected_version=card.version),
            self.db, order_id, to_stage_id,
            on_done=partial(self._on_move_done, order_id, to_stage_id),
            on_error=partial(self._on_move_failed, order_id, to_stage_id),
        )

    def _on_move_done(self, order_id: int, to_stage_id: int, _result: object) -> None:
        _from_stage, _row, card = self._pending.pop(order_id, (None, None, None))
        stage = self.column_of_stage(to_stage_id)
        if card is not None and stage is not None:
            self.status_message_requested.emit(self.tr("Order %1 moved to «%2».").replace("%1", str(card.number))
                                               .replace("%2", stage.column.name))
        self.card_moved.emit(order_id, to_stage_id)
        self.reload()

    def _on_move_failed(self, order_id: int, to_stage_id: int, exc: BaseException) -> None:
        pending = self._pending.pop(order_id, None)
        if pending is None:
            return
        from_stage, row, card = pending
        self._snap_back(card, from_stage, to_stage_id, row)
        if isinstance(exc, GateRefused):
            reasons = "\n".join(f"• {f.message}" for f in exc.failures)
            self.show_message(self.tr("Order %1 cannot move to «%2»:").replace("%1", str(card.number))
                              .replace("%2", exc.stage_name) + "\n" + reasons)
        elif isinstance(exc, OrderConflict):
            self.show_message(self.tr("Order %1 was moved or changed at another workstation meanwhile; the board "
                                      "has been reloaded. Check where it is now and move it again if needed.")
                              .replace("%1", str(card.number)))
            self._reload_wanted = False
            self.reload()
        else:
            self.show_message(self.tr("Order %1 was not moved: %2").replace("%1", str(card.number))
                              .replace("%2", str(exc)))
        if self._reload_wanted and not self._pending:
            self._reload_wanted = False
            self.reload()

    def _snap_back(self, card: KanbanCard, from_stage: int, to_stage: int, row: int) -> None:
        target, source = self.column_of_stage(to_stage), self.column_of_stage(from_stage)
        if target is not None and target.model.take_card(card.id) is not None:
            target.adjust(-1, card.amount)
        if source is not None:
            source.model.put_card(card, row)
            source.adjust(1, card.amount)
            self.select_order(card.id)

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()
        self.status_message_requested.emit(text.replace("\n", " "))

    def hide_message(self) -> None:
        self.message_label.hide()

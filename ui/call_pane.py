"""The call pane: docked on the right, it shows who is calling this desk while the phone rings.

It follows the calls table through live sync: on every change it asks (off the UI thread) which calls are
ringing this desk's extension, and shows the newest with the caller's client. It stays through the call,
offers a note once the call is over, and can be pinned open or closed with Esc.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QWidget

from models.call_log import add_call_note, caller_summary, ringing_calls_for_extension
from models.call_views import CallerSummary, RingingCall
from models.database import Database
from ui.call_labels import format_duration
from ui.call_pane_view import CallerView
from ui.tasks import run_in_background
from ui.widgets import local_shortcut

MIN_WIDTH = 380  # Russian labels are long; the pane's tables need the room


@dataclass(frozen=True)
class PaneUpdate:
    """What a look at the calls found: the call to show (when it is new or changed) and other calls ringing."""

    summary: CallerSummary | None
    others: tuple[RingingCall, ...]


def poll_calls(db: Database, extension: str, shown_id: int | None, refresh_shown: bool) -> PaneUpdate:
    """Which call the pane should show now (blocking; run in the background).

    The call shown stays while it still rings this desk or is talked on here; otherwise the newest call
    ringing this desk takes its place. Calls answered at another extension do not count as this desk's.
    """
    ringing = ringing_calls_for_extension(db, extension)
    mine = [c for c in ringing if c.status == "ringing" or c.extension in (None, extension)]
    ids = [c.id for c in mine]
    target = shown_id if shown_id in ids else (ids[0] if ids else shown_id)
    others = tuple(c for c in mine if c.id != target)
    if target is None or (target == shown_id and not refresh_shown):
        return PaneUpdate(None, others)
    return PaneUpdate(caller_summary(db, target), others)


class CallPane(QDockWidget):
    """The docked pane; ``set_extension`` says which desk this is, ``on_calls_changed`` feeds it live changes."""

    client_open_requested = Signal(int)
    new_client_requested = Signal(str, int)  # number, call id
    new_order_requested = Signal(int, int)  # client id, call id
    book_visit_requested = Signal(int)  # client id
    equipment_open_requested = Signal(int)
    order_open_requested = Signal(int)
    call_requested = Signal(str)
    phone_copied = Signal(str)
    status_message_requested = Signal(str)
    summary_shown = Signal(int)  # call id, once the pane shows it filled
    note_saved = Signal(int)  # client id

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(self.tr("Call"), parent)
        self.setObjectName("callPane")
        self.db = db
        self.extension = ""
        self.user_id: int | None = None
        self.summary: CallerSummary | None = None
        self._generation = 0
        self._refresh_wanted = False
        self.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setMinimumWidth(MIN_WIDTH)

        self.view = CallerView()
        self.view.client_open_requested.connect(self.client_open_requested)
        self.view.new_order_requested.connect(self.on_view_new_order_requested)
        self.view.equipment_open_requested.connect(self.equipment_open_requested)
        self.view.order_open_requested.connect(self.order_open_requested)
        self.view.book_visit_requested.connect(self.on_view_book_visit_requested)
        self.view.call_requested.connect(self.call_requested)
        self.view.phone_copied.connect(self.phone_copied)
        self.view.new_client_requested.connect(self.on_view_new_client_requested)
        self.view.switch_requested.connect(self.show_call)
        self.view.note_save_requested.connect(self.save_note)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.view)
        self.setWidget(scroll)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.update_timer)
        self._build_shortcuts()
        self.hide()

    def _build_shortcuts(self) -> None:
        local_shortcut(self, Qt.Key.Key_Escape, self.close_pane)
        save = QShortcut(QKeySequence("Ctrl+Return"), self.view.note_edit,
                         context=Qt.ShortcutContext.WidgetShortcut)
        save.activated.connect(self.save_note)
        for keys, slot in (("Ctrl+Shift+O", self.view.on_open_card_clicked),
                           ("Ctrl+Shift+N", self.on_view_new_client_requested),
                           ("Ctrl+Shift+R", self.on_view_new_order_requested),
                           ("Ctrl+Shift+B", self.on_view_book_visit_requested),
                           ("Ctrl+Shift+P", self.view.pin_button.toggle)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # only while the pane is shown
            action.triggered.connect(slot)
            self.addAction(action)

    @property
    def pinned(self) -> bool:
        return self.view.pin_button.isChecked()

    def set_pinned(self, pinned: bool) -> None:
        self.view.pin_button.setChecked(pinned)

    def set_extension(self, extension: str) -> None:
        """This desk's phone extension; the pane only opens for calls that ring it."""
        self.extension = (extension or "").strip()

    # following the calls

    def on_calls_changed(self, ids: set[int | None] | None = None) -> None:
        """Calls changed somewhere: look (in the background) for a call ringing this desk."""
        if not self.extension:
            return
        shown = self.summary.call.id if self.summary is not None else None
        self._refresh_wanted |= shown is not None and (ids is None or None in ids or shown in ids)
        self._generation += 1
        run_in_background(poll_calls, self.db, self.extension, shown, self._refresh_wanted,
                          on_done=partial(self._on_polled, self._generation), on_error=self.on_task_failed)

    def show_call(self, call_id: int) -> None:
        """Show a given call (another ringing call chosen by the dispatcher)."""
        self._generation += 1
        run_in_background(caller_summary, self.db, call_id,
                          on_done=partial(self._on_loaded, self._generation), on_error=self.on_task_failed)

    def reload(self) -> None:
        if self.summary is not None:
            self.show_call(self.summary.call.id)

    def _on_polled(self, generation: int, update: PaneUpdate) -> None:
        if generation != self._generation:
            return  # a newer look is on its way
        self.view.set_others(update.others)
        if update.summary is not None:
            self._refresh_wanted = False
            self._on_loaded(generation, update.summary)

    def _on_loaded(self, generation: int, summary: CallerSummary) -> None:
        if generation != self._generation:
            return
        switching = self.summary is None or self.summary.call.id != summary.call.id
        if switching:
            self._keep_draft()
            self.view.note_edit.clear()
        self.set_summary(summary)
        if switching and summary.call.active and not self.view.taken_elsewhere(self.extension):
            self.show()
            self.raise_()
        elif self.view.taken_elsewhere(self.extension) and not self.pinned:
            self.hide()  # a colleague answered: nothing to do here
        self.summary_shown.emit(summary.call.id)

    def set_summary(self, summary: CallerSummary) -> None:
        """Fill the pane with ``summary`` (also used directly with hand-built data)."""
        self.summary = summary
        self.view.set_summary(summary, self.extension)
        self.update_timer()
        if summary.call.active:
            self.timer.start()
        else:
            self.timer.stop()

    def update_timer(self) -> None:
        """Time since the call started while it lasts; the talk time (or the outcome) once it is over."""
        if self.summary is None:
            return
        call = self.summary.call
        if call.active:
            seconds = (datetime.now(UTC) - call.started_at).total_seconds()
            self.view.timer_label.setText(format_duration(int(seconds)))
        else:
            self.view.timer_label.setText(format_duration(call.talk_seconds) if call.talk_seconds else "")

    def on_task_failed(self, exc: BaseException) -> None:
        self.status_message_requested.emit(self.tr("The call pane could not read the call: %1").replace("%1",
                                                                                                      str(exc)))

    # the dispatcher's actions

    def on_view_new_client_requested(self) -> None:
        if self.summary is not None and self.summary.client is None and self.summary.call.e164:
            self.new_client_requested.emit(self.summary.call.e164, self.summary.call.id)

    def on_view_new_order_requested(self) -> None:
        if self.summary is not None and self.summary.client is not None:
            self.new_order_requested.emit(self.summary.client.id, self.summary.call.id)

    def on_view_book_visit_requested(self) -> None:
        if self.summary is not None and self.summary.client is not None:
            self.book_visit_requested.emit(self.summary.client.id)

    def save_note(self) -> None:
        """Save the note to the client's timeline in the background; the pane closes afterwards unless pinned."""
        if not self._note_savable():
            return
        self._save(self.view.note_edit.toPlainText(), close=not self.pinned)

    def _note_savable(self) -> bool:
        return (self.summary is not None and self.summary.client is not None
                and bool(self.view.note_edit.toPlainText().strip()))

    def _save(self, text: str, *, close: bool) -> None:
        call, client = self.summary.call, self.summary.client
        self.view.save_note_button.setEnabled(False)
        run_in_background(partial(add_call_note, user_id=self.user_id), self.db, call.id, client.id, text,
                          on_done=lambda _id, c=client, cid=call.id: self._on_note_saved(c.id, c.name, cid, close),
                          on_error=self.on_note_failed)

    def _on_note_saved(self, client_id: int, name: str, call_id: int, close: bool) -> None:
        if self.summary is not None and self.summary.call.id == call_id:
            self.view.note_edit.clear()
            self.view.save_note_button.setEnabled(True)
            if close:
                self.hide()
        self.status_message_requested.emit(self.tr("Note saved to %1's timeline.").replace("%1", name))
        self.note_saved.emit(client_id)

    def on_note_failed(self, exc: BaseException) -> None:
        self.view.save_note_button.setEnabled(True)
        self.status_message_requested.emit(self.tr("The note was not saved: %1").replace("%1", str(exc)))

    def _keep_draft(self) -> None:
        """A note typed but not saved is saved before the pane moves on: nothing typed is lost."""
        if self._note_savable():
            self._save(self.view.note_edit.toPlainText(), close=False)

    def close_pane(self) -> None:
        """Esc: close the pane (a typed note is saved first)."""
        self._keep_draft()
        self.hide()

    def closeEvent(self, event) -> None:
        self._keep_draft()
        super().closeEvent(event)

"""The order card's document actions: print a document from a template (attached to the order) and the warranty
claim to the manufacturer."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from models.database import Database
from models.document_context import TemplateRow, templates_for_order
from models.users import UserRef
from reports.documents import generate_document
from ui.claim_dialog import ClaimDialog
from ui.document_templates import kind_label
from ui.tasks import run_in_background


class OrderActions(QWidget):
    """Print ▾ (one entry per template that applies to the order) and Warranty claim…"""

    status_message_requested = Signal(str)
    order_changed = Signal(int)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.order_id: int | None = None
        self.claim_dialog: ClaimDialog | None = None
        self.print_button = QToolButton()
        self.print_button.setText(self.tr("Print"))
        self.print_button.setToolTip(self.tr("Make a document from a template; it is attached to the order"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self)
        self.print_button.setMenu(self.menu)
        self.claim_button = QPushButton(self.tr("Warranty claim…"))
        self.claim_button.setToolTip(self.tr("Write to the manufacturer about this unit and follow the claim"))
        self.claim_button.clicked.connect(self.open_claim_dialog)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.print_button)
        row.addWidget(self.claim_button)

    def set_order(self, order_id: int, *, has_unit: bool) -> None:
        self.order_id = order_id
        self.claim_button.setEnabled(has_unit)
        self.claim_button.setToolTip(self.tr("Write to the manufacturer about this unit and follow the claim")
                                     if has_unit else self.tr("The order has no unit to claim for"))
        run_in_background(templates_for_order, self.db, order_id, on_done=partial(self._fill_menu, order_id),
                          on_error=lambda exc: self.status_message_requested.emit(str(exc)))

    def _fill_menu(self, order_id: int, templates: list[TemplateRow]) -> None:
        if order_id != self.order_id:
            return
        self.menu.clear()
        for template in templates:
            action = self.menu.addAction(f"{kind_label(template.kind)}: {template.name}")
            action.triggered.connect(partial(self.print_document, template.id))
        self.print_button.setEnabled(bool(templates))

    def print_document(self, template_id: int) -> None:
        if self.order_id is None:
            return
        order_id = self.order_id
        user_id = self.user.id if self.user else None
        run_in_background(partial(generate_document, user_id=user_id), self.db, order_id, template_id,
                          on_done=lambda _attachment: self._printed(order_id),
                          on_error=lambda exc: self.status_message_requested.emit(str(exc)))

    def _printed(self, order_id: int) -> None:
        self.status_message_requested.emit(self.tr("Document made and attached to the order (Files tab)"))
        self.order_changed.emit(order_id)

    def open_claim_dialog(self) -> ClaimDialog | None:
        if self.order_id is None:
            return None
        self.claim_dialog = ClaimDialog(self.db, self.user, self.order_id, self)
        self.claim_dialog.claim_changed.connect(self.order_changed)
        self.claim_dialog.status_message_requested.connect(self.status_message_requested)
        self.claim_dialog.show()
        return self.claim_dialog

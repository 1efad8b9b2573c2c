"""The warranty claim of an order (cases 003, 004): the defect, the enclosures (a checkable list of the order's
photos and documents; the letter lists the checked ones and binds the photos and PDFs into its PDF; the files not
bound in are named under the list, with the reason), "Preview letter" (the letter's PDF, to print or save), "Generate
letter" (the claim_letter template, attached to the order), then Sent, Confirmed (the manufacturer's act number and
file) or Rejected (the reason). Every step runs in the background and is version-checked; a step someone
else already took is shown, never overwritten."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.claims import TEMPLATE_KINDS
from models.claims_book import (
    ClaimConflict,
    ClaimRow,
    EnclosureRow,
    claim_enclosures,
    claims_of,
    create_claim,
    mark_confirmed,
    mark_rejected,
    mark_sent,
    update_defect,
)
from models.database import Database
from models.document_context import templates_for_order
from models.order_card import load_order_card
from models.users import UserRef
from reports.documents import AttachedDocument, NotEmbedded, PrintedDocument, attach_document, document_pdf
from ui.chips import StatusChip
from ui.document_templates import kind_label
from ui.equipment_card import CLAIM_STATUSES
from ui.kanban_models import GATE_SUBJECTS, order_label
from ui.pdf_view import PdfPreviewDialog
from ui.status_palette import GREY, Status
from ui.tasks import run_in_background
from ui.widgets import error_label

NO_CLAIM = Status("claim:none", GREY, QT_TRANSLATE_NOOP("StatusPalette", "no claim yet"))
COL_FILE, COL_KIND, COL_SIZE = range(3)
ID_ROLE = Qt.ItemDataRole.UserRole


def attachment_kind_label(kind: str) -> str:
    """The translated word for an attachment's kind: a printed document's kind, or a photo, act, scan…"""
    return kind_label(kind) if kind in TEMPLATE_KINDS else order_label(GATE_SUBJECTS, kind)


@dataclass(frozen=True)
class ClaimScreen:
    """What the dialog shows: the order, its latest claim, the files that may go with the letter and the
    claim-letter template to print."""

    order_id: int
    order_number: int
    unit: str
    manufacturer: str | None
    description: str
    claim: ClaimRow | None
    enclosures: tuple[EnclosureRow, ...]
    letter_template_id: int | None


def load_claim_screen(db: Database, order_id: int, role: str | None) -> ClaimScreen:
    card = load_order_card(db, order_id, role=role)
    claims = claims_of(db, order_id)
    letters = templates_for_order(db, order_id, "claim_letter")
    unit = card.equipment
    label = f"{unit.kind}: {unit.model}" + (f", № {unit.serial}" if unit.serial else "") if unit else ""
    claim = claims[-1] if claims else None
    enclosures = claim_enclosures(db, order_id, claim.id if claim is not None and claim.status != "rejected" else None)
    return ClaimScreen(order_id, card.number, label, unit.manufacturer if unit else None, card.description or "",
                       claim, tuple(enclosures), letters[0].id if letters else None)


class ClaimDialog(QDialog):
    """The claim of one order; ``claim_changed(order_id)`` after every step that changed something."""

    claim_changed = Signal(int)
    status_message_requested = Signal(str)

    def __init__(self, db: Database, user: UserRef | None, order_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.order_id = order_id
        self.screen_data: ClaimScreen | None = None
        self.act_file_path: str | None = None
        self.preview_dialog: PdfPreviewDialog | None = None
        self.setWindowTitle(self.tr("Warranty claim"))
        self.resize(640, 560)
        self._build()
        self.reload()

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("cardTitle")
        self.heading.setWordWrap(True)
        self.status_holder = QHBoxLayout()
        self.status_holder.setContentsMargins(0, 0, 0, 0)
        self.status_text = QLabel()
        self.status_text.setObjectName("secondaryText")
        self.status_text.setWordWrap(True)
        self.defect_edit = QPlainTextEdit()
        self.defect_edit.setPlaceholderText(self.tr("What fails, when and how it shows; left empty, the order's "
                                                    "description is taken"))
        self.enclosures_list = QTreeWidget()
        self.enclosures_list.setRootIsDecorated(False)
        self.enclosures_list.setHeaderLabels([self.tr("File"), self.tr("Kind"), self.tr("Size")])
        self.enclosures_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.enclosures_list.setToolTip(self.tr("The order's photos and documents; the letter lists the checked ones "
                                                "as enclosures (Space checks). Attach more on the order card."))
        self.preview_button = QPushButton(self.tr("Preview letter…"))
        self.preview_button.setToolTip(self.tr("Show the letter with the defect and the checked enclosures, to print "
                                               "or save (Ctrl+P)"))
        self.preview_button.setShortcut(QKeySequence.StandardKey.Print)
        self.preview_button.clicked.connect(self.preview_letter)
        self.save_button = QPushButton(self.tr("Save draft"))
        self.save_button.clicked.connect(self.save_draft)
        self.letter_button = QPushButton(self.tr("Generate letter"))
        self.letter_button.setToolTip(self.tr("Print the claim letter and attach it to the order"))
        self.letter_button.clicked.connect(self.generate_letter)
        self.sent_button = QPushButton(self.tr("Mark sent"))
        self.sent_button.clicked.connect(self.mark_sent)
        self.act_edit = QLineEdit()
        self.act_edit.setPlaceholderText(self.tr("Manufacturer's claim act number"))
        self.act_file_button = QPushButton(self.tr("Choose act file…"))
        self.act_file_button.clicked.connect(self.choose_act_file)
        self.confirm_button = QPushButton(self.tr("Confirmed"))
        self.confirm_button.clicked.connect(self.mark_confirmed)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("The manufacturer's reason"))
        self.reject_button = QPushButton(self.tr("Rejected"))
        self.reject_button.clicked.connect(self.mark_rejected)
        self.enclosure_notice = QLabel()
        self.enclosure_notice.setWordWrap(True)
        self.enclosure_notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enclosure_notice.hide()
        self.error_label = error_label()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)

        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addLayout(self.status_holder)
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.save_button)
        draft_row.addWidget(self.preview_button)
        draft_row.addWidget(self.letter_button)
        draft_row.addWidget(self.sent_button)
        draft_row.addStretch(1)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.act_edit, 1)
        confirm_row.addWidget(self.act_file_button)
        confirm_row.addWidget(self.confirm_button)
        reject_row = QHBoxLayout()
        reject_row.addWidget(self.reason_edit, 1)
        reject_row.addWidget(self.reject_button)
        form = QFormLayout()
        form.addRow(self.tr("Defect:"), self.defect_edit)
        form.addRow(self.tr("Enclosures:"), self.enclosures_list)
        form.addRow("", self.enclosure_notice)
        form.addRow("", draft_row)
        form.addRow(self.tr("Confirmed by act:"), confirm_row)
        form.addRow(self.tr("Rejected:"), reject_row)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.status_text)
        layout.addLayout(form, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)

    # loading

    def reload(self) -> None:
        run_in_background(load_claim_screen, self.db, self.order_id, self.user.role if self.user else None,
                          on_done=self.set_screen, on_error=self.show_error)

    def set_screen(self, screen: ClaimScreen) -> None:
        self.screen_data = screen
        maker = screen.manufacturer or self.tr("no manufacturer")
        self.heading.setText(self.tr("Order %1 · %2 · %3").replace("%1", str(screen.order_number))
                             .replace("%2", screen.unit or self.tr("no unit")).replace("%3", maker))
        claim = screen.claim
        while self.status_holder.count():
            self.status_holder.takeAt(0).widget().deleteLater()
        status = CLAIM_STATUSES.get(claim.status, NO_CLAIM) if claim else NO_CLAIM
        self.status_chip = StatusChip(status)
        self.status_holder.addWidget(self.status_chip)
        self.status_text.setText(self._describe(claim))
        if claim is not None:
            self.defect_edit.setPlainText(claim.defect)
        self.show_enclosures(screen.enclosures)
        state = claim.status if claim else None
        open_ = state in (None, "draft", "rejected")  # after a rejection a new claim may be drafted
        self.defect_edit.setReadOnly(not open_)
        self.save_button.setEnabled(open_)
        self.save_button.setText(self.tr("New claim") if state == "rejected" else self.tr("Save draft"))
        self.letter_button.setEnabled(state in (None, "draft", "sent") and screen.letter_template_id is not None)
        self.preview_button.setEnabled(screen.letter_template_id is not None)
        self.enclosures_list.setEnabled(state in (None, "draft", "sent", "rejected"))
        self.sent_button.setEnabled(state == "draft")
        for widget in (self.act_edit, self.act_file_button, self.confirm_button, self.reason_edit,
                       self.reject_button):
            widget.setEnabled(state == "sent")

    def show_enclosures(self, rows: tuple[EnclosureRow, ...]) -> None:
        """List the files, keeping what the person checked or unchecked in this dialog across reloads."""
        kept = {i: c for i, c in ((self.enclosures_list.topLevelItem(n).data(COL_FILE, ID_ROLE),
                                   self.enclosures_list.topLevelItem(n).checkState(COL_FILE))
                                  for n in range(self.enclosures_list.topLevelItemCount()))}
        self.enclosures_list.clear()
        locale = QLocale()
        for row in rows:
            item = QTreeWidgetItem([row.filename, attachment_kind_label(row.kind),
                                    locale.formattedDataSize(row.size_bytes, 1)])
            item.setData(COL_FILE, ID_ROLE, row.attachment_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            default = Qt.CheckState.Checked if row.chosen else Qt.CheckState.Unchecked
            item.setCheckState(COL_FILE, kept.get(row.attachment_id, default))
            item.setTextAlignment(COL_SIZE, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.enclosures_list.addTopLevelItem(item)
        for column in (COL_FILE, COL_KIND, COL_SIZE):
            self.enclosures_list.resizeColumnToContents(column)

    def chosen_enclosures(self) -> list[int]:
        """The ids of the checked files, in the list's order."""
        items = (self.enclosures_list.topLevelItem(n) for n in range(self.enclosures_list.topLevelItemCount()))
        return [item.data(COL_FILE, ID_ROLE) for item in items if item.checkState(COL_FILE) == Qt.CheckState.Checked]

    def set_enclosure_checked(self, attachment_id: int, checked: bool) -> None:
        for n in range(self.enclosures_list.topLevelItemCount()):
            item = self.enclosures_list.topLevelItem(n)
            if item.data(COL_FILE, ID_ROLE) == attachment_id:
                item.setCheckState(COL_FILE, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _describe(self, claim: ClaimRow | None) -> str:
        if claim is None:
            return self.tr("Describe the defect and save the draft or generate the letter.")
        if claim.status == "confirmed":
            return self.tr("Confirmed by act %1 (%2).").replace("%1", claim.manufacturer_ref or "") \
                .replace("%2", claim.attachment_name or "")
        if claim.status == "rejected":
            return self.tr("Rejected: %1").replace("%1", claim.rejection_reason or "")
        if claim.status == "sent":
            return self.tr("Sent on %1; waiting for the manufacturer's answer.").replace(
                "%1", claim.sent_at.strftime("%d.%m.%Y") if claim.sent_at else "")
        return self.tr("Draft: generate the letter, send it, then mark it sent.")

    # steps

    def _run(self, fn, *args, done_message: str) -> None:
        self.error_label.hide()
        run_in_background(fn, *args, on_done=partial(self._on_step_done, done_message), on_error=self._on_step_failed)

    def _on_step_done(self, message: str, _result: object) -> None:
        self.status_message_requested.emit(message)
        self.claim_changed.emit(self.order_id)
        self.reload()

    def _on_step_failed(self, exc: BaseException) -> None:
        self.show_error(exc)
        if isinstance(exc, ClaimConflict):
            self.reload()

    def show_error(self, exc: BaseException | str) -> None:
        self.error_label.setText(str(exc))
        self.error_label.show()

    def show_not_embedded(self, files: tuple[NotEmbedded, ...]) -> None:
        """Say which enclosures the last printed letter could not bind into its PDF (damaged: in red, with the
        reason) and which go separately by their kind (a .docx and the like)."""
        damaged = [f for f in files if f.damaged]
        separate = [f.filename for f in files if not f.damaged]
        parts = []
        if damaged:
            parts.append(self.tr("Not bound into the letter's PDF (the letter lists them as sent separately): %1")
                         .replace("%1", "; ".join(f"{f.filename} — {f.reason}" for f in damaged)))
        if separate:
            parts.append(self.tr("Send separately (the letter says so): %1").replace("%1", ", ".join(separate)))
        self.enclosure_notice.setObjectName("fieldError" if damaged else "secondaryText")
        self.enclosure_notice.style().unpolish(self.enclosure_notice)
        self.enclosure_notice.style().polish(self.enclosure_notice)
        self.enclosure_notice.setText("\n".join(parts))
        self.enclosure_notice.setVisible(bool(parts))

    def save_draft(self) -> None:
        claim = self.screen_data.claim if self.screen_data else None
        defect = self.defect_edit.toPlainText()
        if claim is not None and claim.status == "draft":
            self._run(partial(update_defect, version=claim.version, user_id=self.user_id), self.db, claim.id, defect,
                      done_message=self.tr("Claim saved."))
        else:
            self._run(partial(create_claim, defect=defect, user_id=self.user_id), self.db, self.order_id,
                      done_message=self.tr("Claim drafted."))

    def generate_letter(self) -> None:
        """Draft the claim if there is none yet, then print the letter and attach it to the order."""
        if self.screen_data is None or self.screen_data.letter_template_id is None:
            self.show_error(self.tr("There is no claim letter template for this order; add one in Settings."))
            return
        claim = self.screen_data.claim
        usable = claim if claim is not None and claim.status in ("draft", "sent") else None
        self.error_label.hide()
        self.enclosure_notice.hide()
        run_in_background(partial(_draft_and_print, template_id=self.screen_data.letter_template_id,
                                  user_id=self.user_id, defect=self.defect_edit.toPlainText(), claim=usable,
                                  enclosure_ids=self.chosen_enclosures()), self.db, self.order_id,
                          on_done=self._on_letter_generated, on_error=self._on_step_failed)

    def _on_letter_generated(self, attached: AttachedDocument) -> None:
        self.show_not_embedded(attached.not_embedded)
        self._on_step_done(self.tr("The claim letter is attached to the order."), attached)

    def preview_letter(self) -> None:
        """The letter as it would print now (the defect typed, the checked enclosures), nothing stored."""
        if self.screen_data is None or self.screen_data.letter_template_id is None:
            self.show_error(self.tr("There is no claim letter template for this order; add one in Settings."))
            return
        claim = self.screen_data.claim
        usable = claim if claim is not None and claim.status != "rejected" else None
        self.error_label.hide()
        self.enclosure_notice.hide()
        self.preview_button.setEnabled(False)
        run_in_background(partial(document_pdf, user_id=self.user_id, claim_id=usable.id if usable else None,
                                  enclosure_ids=self.chosen_enclosures(), defect=self.defect_edit.toPlainText()),
                          self.db, self.order_id, self.screen_data.letter_template_id,
                          on_done=self._on_letter_rendered, on_error=self._on_letter_failed)

    def _on_letter_rendered(self, printed: PrintedDocument) -> None:
        self.preview_button.setEnabled(True)
        self.show_not_embedded(printed.not_embedded)
        if self.preview_dialog is not None:
            self.preview_dialog.close()
        self.preview_dialog = PdfPreviewDialog(printed.content, printed.filename.removesuffix(".pdf"),
                                               printed.filename, self)
        self.preview_dialog.open()

    def _on_letter_failed(self, exc: BaseException) -> None:
        self.preview_button.setEnabled(True)
        self.show_error(exc)

    def mark_sent(self) -> None:
        claim = self.screen_data.claim
        self._run(partial(mark_sent, version=claim.version, user_id=self.user_id), self.db, claim.id,
                  done_message=self.tr("Claim marked sent."))

    def choose_act_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The manufacturer's claim act"), "",
                                              self.tr("Documents and scans (*.pdf *.jpg *.jpeg *.png);;All files (*)"))
        if path:
            self.act_file_path = path
            self.act_file_button.setText(Path(path).name)

    def mark_confirmed(self) -> None:
        claim = self.screen_data.claim
        if not self.act_file_path:
            self.show_error(self.tr("Choose the file of the manufacturer's claim act (its scan or PDF)."))
            return
        try:
            content = Path(self.act_file_path).read_bytes()
        except OSError as exc:
            self.show_error(self.tr("The file cannot be read: %1").replace("%1", str(exc)))
            return
        mime = mimetypes.guess_type(self.act_file_path)[0] or "application/octet-stream"
        self._run(partial(mark_confirmed, version=claim.version, manufacturer_ref=self.act_edit.text(),
                          user_id=self.user_id, act_filename=Path(self.act_file_path).name, act_content=content,
                          act_mime_type=mime), self.db, claim.id, done_message=self.tr("Claim confirmed."))

    def mark_rejected(self) -> None:
        claim = self.screen_data.claim
        self._run(partial(mark_rejected, version=claim.version, reason=self.reason_edit.text(), user_id=self.user_id),
                  self.db, claim.id, done_message=self.tr("Claim marked rejected."))


def _draft_and_print(db: Database, order_id: int, *, template_id: int, user_id: int | None, defect: str,
                     claim: ClaimRow | None, enclosure_ids: list[int]) -> AttachedDocument:
    """Save the defect (a new draft, or the draft's new text), then print the letter with the chosen enclosures
    bound in and attach it to the order."""
    if claim is None:
        claim = create_claim(db, order_id, defect=defect, user_id=user_id)
    elif claim.status == "draft" and defect.strip() and defect.strip() != claim.defect:
        claim = update_defect(db, claim.id, defect, version=claim.version, user_id=user_id)
    return attach_document(db, order_id, template_id, user_id=user_id, claim_id=claim.id,
                           enclosure_ids=enclosure_ids)



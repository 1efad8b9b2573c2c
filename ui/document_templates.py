"""Settings → Document templates: the list of templates, a body editor with the variables to insert, and a live
preview: the printed PDF itself, filled with sample values or with a chosen order's, re-rendered a moment after the
text stops changing. Unknown variables are named (with their lines) under the editor and in place of the preview,
before anyone prints. Only a manager or an administrator saves (the database grants say so too)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QIntValidator, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.claims import TEMPLATE_KINDS
from models.database import Database
from models.document_context import (
    VARIABLES,
    DocumentContext,
    TemplateRow,
    build_order_context,
    list_templates,
    save_template,
    scope_options,
)
from models.search import search
from models.users import UserRef
from reports.documents import TemplateError, render_document, sample_context, template_problems
from ui.client_card_models import DISPLAY, RowsTableModel
from ui.pdf_view import PdfView
from ui.tables import CompactTableView
from ui.tasks import run_in_background
from ui.widgets import error_label, local_shortcut

EDITOR_ROLES = ("manager", "admin")
PREVIEW_DELAY_MS = 400
KIND_LABELS = {
    "work_order": QT_TRANSLATE_NOOP("DocumentTemplates", "Work order"),
    "completion_act": QT_TRANSLATE_NOOP("DocumentTemplates", "Completion act"),
    "quote": QT_TRANSLATE_NOOP("DocumentTemplates", "Quote / estimate"),
    "claim_letter": QT_TRANSLATE_NOOP("DocumentTemplates", "Warranty claim letter"),
    "visit_sheet": QT_TRANSLATE_NOOP("DocumentTemplates", "Visit sheet"),
}


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("DocumentTemplates", KIND_LABELS.get(kind, kind))


class TemplatesTableModel(RowsTableModel[TemplateRow]):
    COL_KIND, COL_NAME, COL_SCOPE = range(3)
    COLUMN_COUNT = 3
    STRETCH_COLUMN = COL_NAME

    def headers(self) -> list[str]:
        return [self.tr("Kind"), self.tr("Name"), self.tr("For")]

    def cell(self, row: TemplateRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return Qt.GlobalColor.gray
        if role != DISPLAY:
            return None
        if column == self.COL_KIND:
            return kind_label(row.kind)
        if column == self.COL_NAME:
            return row.name if row.active else self.tr("%1 (off)").replace("%1", row.name)
        scope = [s for s in (row.manufacturer, row.pipeline) if s]
        return " · ".join(scope) or self.tr("every order")


class DocumentTemplatesEditor(QWidget):
    """Edit document templates; ``templates_changed`` after a save."""

    templates_changed = Signal()
    status_message_requested = Signal(str)

    def __init__(self, db: Database, user: UserRef | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user
        self.current: TemplateRow | None = None
        self.rows: list[TemplateRow] = []
        self._select_after_load: int | None = None
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self._build()
        local_shortcut(self, QKeySequence.StandardKey.Save, self.save)
        self.reload()

    @property
    def can_edit(self) -> bool:
        return bool(self.user and self.user.role in EDITOR_ROLES)

    def _build(self) -> None:
        self.model = TemplatesTableModel(self)
        self.table = CompactTableView()
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_row_changed)
        self.new_button = QPushButton(self.tr("New template"))
        self.new_button.clicked.connect(self.new_template)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.new_button)

        self.kind_combo = QComboBox()
        for kind in TEMPLATE_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.name_edit = QLineEdit()
        self.maker_combo = QComboBox()
        self.pipeline_combo = QComboBox()
        self.active_check = QCheckBox(self.tr("In use"))
        self.active_check.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Kind:"), self.kind_combo)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Manufacturer:"), self.maker_combo)
        form.addRow(self.tr("Pipeline:"), self.pipeline_combo)
        form.addRow("", self.active_check)
        self.body_edit = QPlainTextEdit()
        self.body_edit.setFont(QFont("DejaVu Sans Mono", 9))
        self.body_edit.setPlaceholderText(self.tr("# Title\n\nText with {client.name} and other variables…"))
        self.body_edit.textChanged.connect(self.on_body_edit_text_changed)
        self.variables = QListWidget()
        self.variables.setToolTip(self.tr("Double-click a variable to insert it at the cursor"))
        for name, description in VARIABLES.items():
            item = QListWidgetItem(f"{{{name}}} — {QCoreApplication.translate('DocumentVariables', description)}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.variables.addItem(item)
        self.variables.itemDoubleClicked.connect(self.on_variables_item_double_clicked)
        self.help_label = QLabel(self.tr("“# ” a title, “## ” a heading, “> ” a line on the right, {services} on its "
                                         "own line the table of services; a blank line ends a paragraph."))
        self.help_label.setObjectName("secondaryText")
        self.help_label.setWordWrap(True)
        self.error_label = error_label()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setEnabled(self.can_edit)
        if not self.can_edit:
            self.save_button.setToolTip(self.tr("Only a manager or an administrator may change templates"))
        self.save_button.clicked.connect(self.save)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(form)
        body_row = QSplitter(Qt.Orientation.Horizontal)
        body_row.addWidget(self.body_edit)
        body_row.addWidget(self.variables)
        body_row.setSizes([420, 220])
        editor_layout.addWidget(body_row, 1)
        editor_layout.addWidget(self.help_label)
        editor_layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        editor_layout.addLayout(buttons)

        self.preview = PdfView()
        self.preview_pdf: bytes | None = None  # what the preview shows
        self.preview_title = QLabel(self.tr("Preview"))
        self.preview_title.setObjectName("sectionTitle")
        self.order_edit = QLineEdit()
        self.order_edit.setValidator(QIntValidator(1, 999_999_999, self.order_edit))
        self.order_edit.setPlaceholderText(self.tr("sample values"))
        self.order_edit.setToolTip(self.tr("Preview with the values of this order; empty: made-up sample values"))
        self.order_edit.setClearButtonEnabled(True)
        self.order_edit.editingFinished.connect(self.refresh_preview)
        self.order_edit.textChanged.connect(self.on_order_edit_text_changed)
        preview_with = QHBoxLayout()
        preview_with.addWidget(self.preview_title, 1)
        preview_with.addWidget(QLabel(self.tr("Order №:")))
        preview_with.addWidget(self.order_edit)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(preview_with)
        right_layout.addWidget(self.preview, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, editor, right):
            splitter.addWidget(widget)
        splitter.setSizes([260, 620, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

    # loading

    def reload(self) -> None:
        run_in_background(_load, self.db, on_done=self._on_loaded, on_error=self._on_failed)

    def _on_loaded(self, loaded: tuple[list[TemplateRow], list, list]) -> None:
        rows, makers, pipelines = loaded
        self.rows = rows
        for combo, options, anyone in ((self.maker_combo, makers, self.tr("Any manufacturer")),
                                       (self.pipeline_combo, pipelines, self.tr("Any pipeline"))):
            combo.clear()
            combo.addItem(anyone, None)
            for option_id, name in options:
                combo.addItem(name, option_id)
        self.model.set_rows(rows)
        wanted = self._select_after_load or (self.current.id if self.current else None)
        self._select_after_load = None
        index = next((i for i, r in enumerate(rows) if r.id == wanted), 0 if rows else None)
        if index is not None:
            self.select_row(index)
        else:
            self.new_template()

    def _on_failed(self, exc: BaseException) -> None:
        self.show_error(self.tr("The templates could not be read: %1").replace("%1", str(exc)))

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.show_template(self.model.row_at(row))

    def on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_template(self.model.row_at(current.row()))

    def show_template(self, row: TemplateRow | None) -> None:
        self.current = row
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(row.kind if row else "work_order")))
        self.name_edit.setText(row.name if row else "")
        self.maker_combo.setCurrentIndex(max(0, self.maker_combo.findData(row.manufacturer_id if row else None)))
        self.pipeline_combo.setCurrentIndex(max(0, self.pipeline_combo.findData(row.pipeline_id if row else None)))
        self.active_check.setChecked(row.active if row else True)
        self.body_edit.setPlainText(row.body if row else "")
        self.refresh_preview()

    def new_template(self) -> None:
        self.table.clearSelection()
        self.show_template(None)
        self.name_edit.setFocus()

    # editing and preview

    def on_variables_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.body_edit.insertPlainText("{" + item.data(Qt.ItemDataRole.UserRole) + "}")
        self.body_edit.setFocus()

    def on_body_edit_text_changed(self) -> None:
        problems = template_problems(self.body_edit.toPlainText())
        self.show_error("\n".join(problems) if problems else "")
        self.preview_timer.start()

    def on_order_edit_text_changed(self, text: str) -> None:
        if not text:  # cleared: back to the sample values
            self.preview_timer.start()

    def preview_key(self) -> tuple[str, int | None]:
        """What the preview is rendered from: the body and the order number (None: sample values)."""
        number = self.order_edit.text().strip()
        return self.body_edit.toPlainText(), int(number) if number.isdigit() else None

    def refresh_preview(self) -> None:
        """Render the body as a PDF (sample values or the chosen order's) off the UI thread and show it."""
        self.preview_timer.stop()
        body, number = key = self.preview_key()
        if not body.strip():
            self.preview_pdf = None
            self.preview.show_message(self.tr("Write the template's text to see it printed here."))
            return
        run_in_background(_preview_pdf, self.db, body, number, self.user.id if self.user else None,
                          on_done=partial(self._on_preview, key), on_error=partial(self._on_preview_failed, key))

    def _on_preview(self, key: tuple[str, int | None], pdf: bytes) -> None:
        if key == self.preview_key():  # the text changed meanwhile: a newer preview is on its way
            self.preview_pdf = pdf
            self.preview.set_pdf(pdf)

    def _on_preview_failed(self, key: tuple[str, int | None], exc: BaseException) -> None:
        if key != self.preview_key():
            return
        self.preview_pdf = None
        if isinstance(exc, TemplateError):
            self.show_error("\n".join(exc.problems))
            self.preview.show_message(self.tr("Cannot print this template:") + "\n" + "\n".join(exc.problems))
        else:
            self.preview.show_message(str(exc))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def save(self) -> None:
        if not self.can_edit:
            self.show_error(self.tr("Only a manager or an administrator may change templates."))
            return
        self.save_button.setEnabled(False)
        run_in_background(
            partial(save_template, kind=self.kind_combo.currentData(), name=self.name_edit.text(),
                    body=self.body_edit.toPlainText(), manufacturer_id=self.maker_combo.currentData(),
                    pipeline_id=self.pipeline_combo.currentData(), active=self.active_check.isChecked(),
                    role=self.user.role if self.user else None),
            self.db, self.current.id if self.current else None, on_done=self._on_saved, on_error=self._on_save_failed)

    def _on_saved(self, template_id: int) -> None:
        self.save_button.setEnabled(True)
        self.show_error("")
        self._select_after_load = template_id
        self.status_message_requested.emit(self.tr("Template «%1» saved.").replace("%1", self.name_edit.text()))
        self.templates_changed.emit()
        self.reload()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        problems = exc.problems if isinstance(exc, TemplateError) else [str(exc)]
        self.show_error(self.tr("Not saved:") + " " + "\n".join(problems))


def _preview_pdf(db: Database, body: str, order_number: int | None, user_id: int | None) -> bytes:
    """The template printed with sample values, or with the values of the order numbered ``order_number``."""
    context: DocumentContext = sample_context()
    if order_number is not None:
        found = next((hit.order_id for hit in search(db, str(order_number)) if hit.kind == "order"), None)
        if found is None:
            raise LookupError(f"There is no order № {order_number}; type the number of an existing order, or clear "
                              f"the field to preview with sample values.")
        context = build_order_context(db, found, user_id=user_id)
    return render_document(body, context, title="Preview")


def _load(db: Database) -> tuple[list[TemplateRow], list, list]:
    makers, pipelines = scope_options(db)
    return list_templates(db), makers, pipelines

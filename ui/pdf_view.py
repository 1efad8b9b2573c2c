"""Show and print PDF documents (bytes) without Qt PDF: pages are rasterised with PDFium (pypdfium2).

- :class:`PdfView` — the pages one under another in a scroll area, rendered off the UI thread as they come into
  view, with zoom (fit width, Ctrl+plus / Ctrl+minus, Ctrl+0 back to fit width) and "page N of M".
- :func:`print_pdf` — paint the pages onto a ``QPrinter`` (the range and copies chosen in the print dialog), each
  page rendered at the printer's resolution, fitted to the sheet with its aspect kept, one page a sheet.
- :class:`PdfPreviewDialog` — the view with Print… (Ctrl+P), Save… (Ctrl+S) and Close.

PDFium is not thread-safe, so every call into it holds one process-wide lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPalette, QPixmap, QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import run_in_background

POINTS_PER_INCH = 72.0
MAX_PRINT_DPI = 300  # finer rasters only cost memory; text at 300 dpi prints sharp
PAGE_GAP = 12  # pixels between pages and around them
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
KEEP_AROUND = 4  # rendered pages kept beyond the visible ones; farther pages give their memory back

_PDFIUM = threading.Lock()

PageSize = tuple[float, float]  # width, height in points


class PdfError(ValueError):
    """The bytes are not a PDF that can be shown or printed."""


def _open(pdf: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PdfError(f"The document is not a readable PDF ({exc}); make it again.") from exc


def pdf_page_sizes(pdf: bytes) -> tuple[PageSize, ...]:
    """The size of every page in points (1/72 inch); PdfError when the bytes are not a readable PDF."""
    with _PDFIUM:
        document = _open(pdf)
        try:
            return tuple(tuple(document[i].get_size()) for i in range(len(document)))
        finally:
            document.close()


def render_page(pdf: bytes, index: int, width_px: int, *, rotate: bool = False) -> QImage:
    """Page ``index`` (from 0) rasterised ``width_px`` pixels wide (turned a quarter clockwise when ``rotate``)."""
    with _PDFIUM:
        document = _open(pdf)
        try:
            page = document[index]
            width_pt, height_pt = page.get_size()
            scale = max(width_px, 1) / (height_pt if rotate else width_pt)
            bitmap = page.render(scale=scale, rotation=90 if rotate else 0, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBX8888).copy()  # a copy owns its pixels; PDFium's go now
            bitmap.close()
            return image
        finally:
            document.close()


def _fit(page: PageSize, sheet: QRect, rotate: bool) -> QRect:
    """The largest rectangle of the page's aspect (turned when ``rotate``) centred on the sheet."""
    width, height = (page[1], page[0]) if rotate else page
    scale = min(sheet.width() / width, sheet.height() / height)
    w, h = round(width * scale), round(height * scale)
    return QRect(sheet.left() + (sheet.width() - w) // 2, sheet.top() + (sheet.height() - h) // 2, w, h)


def print_order(page_count: int, printer: QPrinter) -> list[int]:
    """The page indexes (from 0) to print, in order: the printer's page range (all when none) and, when the
    printer cannot make copies itself, the copies (collated or page by page as the printer says)."""
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() != QPrinter.PrintRange.PageRange or first <= 0:
        first, last = 1, page_count
    last = min(last or page_count, page_count)
    pages = list(range(first - 1, last))
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    if printer.collateCopies():
        return pages * copies
    return [p for p in pages for _ in range(copies)]


def print_pdf(pdf: bytes, printer: QPrinter, progress: Callable[[tuple[int, int]], None] | None = None) -> int:
    """Print the PDF on ``printer`` and return the number of sheets. Each page is rendered at the printer's
    resolution (up to MAX_PRINT_DPI), turned when its orientation differs from the sheet's, and fitted to the
    printable area with its aspect kept. Raises PdfError for a bad PDF, OSError when the printer cannot start.
    May run off the UI thread (QPainter paints on a QPrinter in any thread)."""
    sizes = pdf_page_sizes(pdf)
    order = print_order(len(sizes), printer)
    if not order:
        raise PdfError("The page range chosen holds no page of this document; choose pages that exist.")
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not start the job; check that it is on and connected, then try again.")
    try:
        sheet = painter.viewport()
        sheet_landscape = sheet.width() > sheet.height()
        for done, index in enumerate(order):
            if done:
                printer.newPage()
            width, height = sizes[index]
            rotate = (width > height) != sheet_landscape and width != height
            target = _fit(sizes[index], sheet, rotate)
            raster_scale = min(1.0, MAX_PRINT_DPI / max(printer.resolution(), 1))
            image = render_page(pdf, index, max(1, round(target.width() * raster_scale)), rotate=rotate)
            painter.drawImage(target, image)
            if progress is not None:
                progress((done + 1, len(order)))
    finally:
        painter.end()
    return len(order)


class PdfView(QWidget):
    """A PDF's pages one under another; ``set_pdf(bytes)`` shows a document, ``show_message(text)`` a message
    in its place (nothing to show, or why it cannot be shown)."""

    pages_changed = Signal(int)  # the page count of the document shown
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf: bytes | None = None
        self.page_sizes: tuple[PageSize, ...] = ()
        self.fit_width = True
        self.zoom = 1.0
        self._generation = 0  # bumps with every new document or zoom; older renders are dropped
        self._rendered: set[int] = set()
        self._pending: set[tuple[int, int]] = set()
        self._labels: list[QLabel] = []
        self._build()
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self.render_visible)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(120)  # re-render once a window drag pauses; meanwhile pages are stretched
        self._resize_timer.timeout.connect(self.render_visible)

    def _build(self) -> None:
        self.page_label = QLabel()
        self.page_label.setObjectName("secondaryText")
        self.zoom_out_button = self._tool("−", self.tr("Zoom out (Ctrl+minus)"), self.zoom_out)
        self.zoom_in_button = self._tool("+", self.tr("Zoom in (Ctrl+plus)"), self.zoom_in)
        self.fit_button = self._tool(self.tr("Fit width"), self.tr("Fit the page width to the window (Ctrl+0)"),
                                     self.set_fit_width)
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.page_label, 1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(widget)

        self.pages = QWidget()
        self.pages.setBackgroundRole(QPalette.ColorRole.Dark)
        self.pages.setAutoFillBackground(True)
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(16)
        self.pages_layout.addWidget(self.message)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.pages)  # sized by _fit_container, so the scroll range is right at once
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll.verticalScrollBar().valueChanged.connect(self.on_scroll_value_changed)
        self.scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, self.zoom_in), (QKeySequence("Ctrl+="), self.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out), (QKeySequence("Ctrl+0"),
                                                                               self.set_fit_width)):
            QShortcut(keys, self, context=context).activated.connect(slot)
        self._update_labels()

    def _tool(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # the document

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    def set_pdf(self, pdf: bytes) -> None:
        """Show ``pdf``; its pages are measured and rendered in the background."""
        self._generation += 1
        run_in_background(pdf_page_sizes, pdf, on_done=partial(self._on_measured, self._generation, pdf),
                          on_error=partial(self._on_measure_failed, self._generation))

    def _on_measured(self, generation: int, pdf: bytes, sizes: tuple[PageSize, ...]) -> None:
        if generation != self._generation:
            return
        keep = self.scroll.verticalScrollBar().value() if sizes == self.page_sizes else 0
        self.pdf, self.page_sizes = pdf, sizes
        self.message.hide()
        self._relayout(keep_scroll=keep)
        self.pages_changed.emit(len(sizes))

    def _on_measure_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.show_message(str(exc))
            self.failed.emit(str(exc))

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of pages (the document is dropped)."""
        self._generation += 1
        self.pdf, self.page_sizes = None, ()
        self._clear_pages()
        self.message.setText(text)
        self.message.show()
        self._fit_container()
        self._update_labels()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def _clear_pages(self) -> None:
        for label in self._labels:
            self.pages_layout.removeWidget(label)
            label.deleteLater()
        self._labels.clear()
        self._rendered.clear()
        self._pending.clear()

    # zoom and layout

    def _dpi_scale(self) -> float:
        return self.logicalDpiX() / POINTS_PER_INCH

    def _fit_zoom(self) -> float:
        widest = max((w for w, _h in self.page_sizes), default=595.0)
        bar = self.scroll.verticalScrollBar()  # room for it, unless it is already out of the viewport
        room = self.scroll.viewport().width() - 2 * PAGE_GAP - (0 if bar.isVisible() else bar.sizeHint().width())
        return min(max(room / (widest * self._dpi_scale()), ZOOM_STEPS[0]), ZOOM_STEPS[-1])

    def page_pixel_size(self, index: int) -> QSize:
        width, height = self.page_sizes[index]
        scale = self.zoom * self._dpi_scale()
        return QSize(max(1, round(width * scale)), max(1, round(height * scale)))

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom + 0.001), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom - 0.001), ZOOM_STEPS[0]))

    def set_zoom(self, zoom: float) -> None:
        """A fixed zoom (1.0 = the page's real size on screen); leaves fit-width mode."""
        self.fit_width = False
        self.fit_button.setChecked(False)
        self.zoom = min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        self._relayout()

    def set_fit_width(self) -> None:
        self.fit_width = True
        self.fit_button.setChecked(True)
        self._relayout()

    def _relayout(self, keep_scroll: int | None = None, *, render: bool = True) -> None:
        """Size a placeholder for every page at the current zoom, then render the visible ones (at once, or when
        resizing pauses). A page keeps its old image, stretched, until the new one arrives."""
        bar = self.scroll.verticalScrollBar()
        share = bar.value() / bar.maximum() if keep_scroll is None and bar.maximum() else None
        if self.fit_width:
            self.zoom = self._fit_zoom()
        self._generation += 1
        self._rendered.clear()
        self._pending.clear()
        while len(self._labels) > self.page_count:
            label = self._labels.pop()
            self.pages_layout.removeWidget(label)
            label.deleteLater()
        while len(self._labels) < self.page_count:
            label = QLabel()
            label.setAutoFillBackground(True)
            label.setBackgroundRole(QPalette.ColorRole.Base)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setScaledContents(True)
            self._labels.append(label)
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            label.show()  # at once, not on the next event loop turn: the layout counts shown widgets only
        for index, label in enumerate(self._labels):
            label.setFixedSize(self.page_pixel_size(index))
        self._fit_container()
        if keep_scroll is not None:
            bar.setValue(keep_scroll)
        elif share is not None:
            bar.setValue(round(share * bar.maximum()))
        self._update_labels()
        if render:
            self.render_visible()
        else:
            self._resize_timer.start()

    def _fit_container(self) -> None:
        """Size the pages' container to its content, at least the viewport (pages centred in it)."""
        self.pages_layout.activate()
        hint, room = self.pages_layout.sizeHint(), self.scroll.viewport().size()
        self.pages.resize(max(hint.width(), room.width()), max(hint.height(), room.height()))

    def _page_tops(self) -> list[int]:
        tops, y = [], PAGE_GAP
        for index in range(self.page_count):
            tops.append(y)
            y += self.page_pixel_size(index).height() + PAGE_GAP
        return tops

    def visible_pages(self) -> list[int]:
        """The pages at least partly inside the viewport (the first page when nothing is laid out yet)."""
        if not self.page_count:
            return []
        top = self.scroll.verticalScrollBar().value()
        bottom = top + max(self.scroll.viewport().height(), 1)
        seen = [i for i, y in enumerate(self._page_tops()) if y < bottom and y + self.page_pixel_size(i).height() > top]
        return seen or [0]

    def current_page(self) -> int:
        """The page (from 1) under the middle of the viewport."""
        if not self.page_count:
            return 0
        middle = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 2
        tops = self._page_tops()
        return next((i + 1 for i in reversed(range(len(tops))) if tops[i] <= middle), 1)

    def _update_labels(self) -> None:
        count = self.page_count
        if count:
            self.page_label.setText(self.tr("Page %1 of %2").replace("%1", str(self.current_page()))
                                    .replace("%2", str(count)))
        else:
            self.page_label.setText(self.tr("No pages"))
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(bool(count))

    # rendering

    def on_scroll_value_changed(self, _value: int) -> None:
        self._update_labels()
        self._render_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The viewport's size decides the fit-width zoom, so follow its resizes (not the view's: the viewport
        gets its new size after the view does)."""
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            if self.fit_width and self.page_count:
                self._relayout(render=False)
            else:
                self._fit_container()
                self._render_timer.start()
        return super().eventFilter(watched, event)

    def render_visible(self) -> None:
        """Render the pages in view (and the next one) that are not drawn yet; forget far-away ones."""
        if self.pdf is None:
            return
        visible = self.visible_pages()
        wanted = sorted(set(visible) | {min(visible[-1] + 1, self.page_count - 1)})
        near = set(range(max(0, visible[0] - KEEP_AROUND), min(self.page_count, visible[-1] + KEEP_AROUND + 1)))
        for index in self._rendered - near:
            self._labels[index].clear()
        self._rendered &= near
        generation, ratio = self._generation, self.devicePixelRatioF()
        for index in wanted:
            if index in self._rendered or (generation, index) in self._pending:
                continue
            self._pending.add((generation, index))
            width = round(self.page_pixel_size(index).width() * ratio)
            run_in_background(render_page, self.pdf, index, width,
                              on_done=partial(self._on_page_rendered, generation, index),
                              on_error=partial(self._on_page_failed, generation, index))

    def _on_page_rendered(self, generation: int, index: int, image: QImage) -> None:
        self._pending.discard((generation, index))
        if generation != self._generation or index >= len(self._labels):
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self._labels[index].setPixmap(pixmap)
        self._rendered.add(index)

    def _on_page_failed(self, generation: int, index: int, exc: BaseException) -> None:
        self._pending.discard((generation, index))
        if generation == self._generation and index < len(self._labels):
            self._labels[index].setText(self.tr("This page cannot be shown: %1").replace("%1", str(exc)))
            self.failed.emit(str(exc))

    def rendered_pages(self) -> set[int]:
        """The pages (from 0) drawn at the current zoom."""
        return set(self._rendered)


class PdfPreviewDialog(QDialog):
    """A PDF with Print… (Ctrl+P), Save… (Ctrl+S) and Close. ``printed(sheets)`` after a print job is done,
    ``saved(path)`` after a save; ``last_destination`` is the last of them ("printer" or the file)."""

    printed = Signal(int)
    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, pdf: bytes, title: str, suggested_filename: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_filename = suggested_filename
        self.last_destination = ""
        self._printer: QPrinter | None = None  # kept alive while its job runs
        self.setWindowTitle(title)
        self.resize(820, 940)
        self.view = PdfView()
        self.status_label = QLabel()
        self.status_label.setObjectName("secondaryText")
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setToolTip(self.tr("Choose the printer, the pages and the copies (Ctrl+P)"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setToolTip(self.tr("Save the document as a PDF file (Ctrl+S)"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self.choose_file)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.setDefault(True)
        self.view.set_pdf(pdf)
        self.view.scroll.setFocus()

    # printing

    def choose_printer(self) -> None:
        """The print dialog (printer, copies, page range), then the job."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        dialog.setMinMax(1, max(self.view.page_count, 1))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Print the document on ``printer`` in the background, with progress under the pages."""
        self._printer = printer
        self.print_button.setEnabled(False)
        self.status_label.setText(self.tr("Printing…"))
        run_in_background(print_pdf, self.pdf, printer, on_done=self._on_printed, on_error=self._on_print_failed,
                          progress=self._on_print_progress)

    def _on_print_progress(self, done_total: tuple[int, int]) -> None:
        done, total = done_total
        self.status_label.setText(self.tr("Printing page %1 of %2…").replace("%1", str(done))
                                  .replace("%2", str(total)))

    def _on_printed(self, sheets: int) -> None:
        self._printer = None
        self.print_button.setEnabled(True)
        self.status_label.setText(self.tr("Sent to the printer: %n sheet(s).", "", sheets))
        self.last_destination = "printer"
        self.printed.emit(sheets)

    def _on_print_failed(self, exc: BaseException) -> None:
        self._printer = None
        self.print_button.setEnabled(True)
        self.status_label.setText("")
        self._report(self.tr("The document could not be printed:") + f" {exc}")

    # saving

    def choose_file(self) -> None:
        """Ask where to save the PDF, then save it there."""
        suggested = str(Path.home() / self.suggested_filename)
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), suggested,
                                                      self.tr("PDF document (*.pdf)"))
        if target:
            self.save_to(target)

    def save_to(self, target: str) -> None:
        """Write the PDF to ``target`` (".pdf" added when missing) in the background."""
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        self.save_button.setEnabled(False)
        run_in_background(_write, target, self.pdf, on_done=self._on_saved, on_error=self._on_save_failed)

    def _on_saved(self, target: str) -> None:
        self.save_button.setEnabled(True)
        self.status_label.setText(self.tr("Saved to %1").replace("%1", target))
        self.last_destination = target
        self.saved.emit(target)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._report(self.tr("The PDF could not be saved:") + f" {exc}. "
                     + self.tr("Choose another folder or file name."))

    def _report(self, message: str) -> None:
        QMessageBox.warning(self, self.windowTitle(), message)
        self.failed.emit(message)


def _write(target: str, pdf: bytes) -> str:
    Path(target).write_bytes(pdf)
    return target

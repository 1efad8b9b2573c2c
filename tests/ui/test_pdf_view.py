"""The PDF view and printing: pages rendered with PDFium as they come into view, zoom, a bad PDF named; printing
paints one PDF page a sheet (range and copies as chosen) onto a real QPrinter whose PDF output is read back."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from ui.pdf_view import PdfError, PdfPreviewDialog, PdfView, pdf_page_sizes, print_pdf, render_page


def make_pdf(pages: int, *, landscape_pages: tuple[int, ...] = ()) -> bytes:
    """A PDF whose page i carries "Page i+1" and a black box in its top-left corner."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    for index in range(pages):
        size = landscape(A4) if index in landscape_pages else A4
        sheet.setPageSize(size)
        sheet.rect(20, size[1] - 120, 100, 100, fill=1)
        sheet.drawString(200, size[1] / 2, f"Page {index + 1}")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def dark_share(image: QImage) -> float:
    """The share of sampled pixels that are dark (drawn ink)."""
    samples = [(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
    return sum(QColor(image.pixel(x, y)).lightness() < 80 for x, y in samples) / len(samples)


def test_pages_are_measured_and_rendered_to_the_width_asked():
    pdf = make_pdf(2, landscape_pages=(1,))
    sizes = pdf_page_sizes(pdf)
    assert [tuple(round(v) for v in size) for size in sizes] == [(595, 842), (842, 595)]
    image = render_page(pdf, 0, 300)
    assert image.width() == 300 and abs(image.height() - 300 * 842 / 595) <= 1
    corner = image.copy(0, 0, image.width() // 4, image.height() // 7)
    assert dark_share(corner) > 0.2 and dark_share(image) < 0.1  # the box is drawn where the PDF has it
    turned = render_page(pdf, 1, 300, rotate=True)
    assert turned.width() == 300 and turned.height() > turned.width()


def test_a_broken_pdf_is_named():
    with pytest.raises(PdfError, match="not a readable PDF"):
        pdf_page_sizes(b"%PDF-1.4 nothing here")


def test_view_shows_the_page_count_renders_what_is_in_view_and_zooms(qtbot):
    view = PdfView()
    qtbot.addWidget(view)
    view.resize(500, 700)
    view.show()
    counts = []
    view.pages_changed.connect(counts.append)
    view.set_pdf(make_pdf(12))
    assert counts == [12] and view.page_count == 12
    assert view.page_label.text() == "Page 1 of 12"
    rendered = view.rendered_pages()
    assert 0 in rendered and 11 not in rendered  # the last page is far below the viewport
    fitted = view.page_pixel_size(0).width()
    assert fitted <= view.scroll.viewport().width()
    view.zoom_in_button.click()
    assert not view.fit_width and view.page_pixel_size(0).width() > fitted
    assert view.zoom_label.text() == f"{round(view.zoom * 100)}%"
    view.scroll.verticalScrollBar().setValue(view.scroll.verticalScrollBar().maximum())
    view.render_visible()
    assert 11 in view.rendered_pages() and 0 not in view.rendered_pages()  # far pages give their memory back
    assert view.page_label.text() == "Page 12 of 12"
    view.fit_button.click()
    assert view.fit_width and view.page_pixel_size(0).width() == fitted


def test_view_shows_a_message_for_a_bad_pdf(qtbot):
    view = PdfView()
    qtbot.addWidget(view)
    failures = []
    view.failed.connect(failures.append)
    view.set_pdf(b"not a pdf")
    assert "not a readable PDF" in view.message_text() and failures
    assert view.page_count == 0 and view.page_label.text() == "No pages"
    view.set_pdf(make_pdf(1))
    assert view.message_text() == "" and view.page_count == 1


def test_printing_puts_one_pdf_page_on_each_sheet(tmp_path):
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    progress = []
    assert print_pdf(make_pdf(3, landscape_pages=(2,)), printer, progress.append) == 3
    assert progress[-1] == (3, 3)
    pages = pypdf.PdfReader(out).pages
    assert len(pages) == 3
    assert all(float(p.mediabox.height) > float(p.mediabox.width) for p in pages)  # landscape page turned, not cut


def test_printing_a_page_range_and_copies(tmp_path):
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    printer.setCopyCount(2)
    assert print_pdf(make_pdf(4), printer) == 4
    assert len(pypdf.PdfReader(out).pages) == 4


def test_printing_a_range_past_the_end_is_refused(tmp_path):
    printer = pdf_printer(tmp_path / "none.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(5, 6)
    with pytest.raises(PdfError, match="page range"):
        print_pdf(make_pdf(2), printer)


def test_preview_dialog_prints_and_saves(qtbot, tmp_path, monkeypatch):
    pdf = make_pdf(2)
    dialog = PdfPreviewDialog(pdf, "Letter", "letter.pdf")
    qtbot.addWidget(dialog)
    assert dialog.view.page_count == 2
    printed = []
    dialog.printed.connect(printed.append)
    dialog.print_to(pdf_printer(tmp_path / "out.pdf"))
    assert printed == [2] and len(pypdf.PdfReader(tmp_path / "out.pdf").pages) == 2
    assert dialog.last_destination == "printer" and dialog.print_button.isEnabled()

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, suggested, filters: asked.append(Path(suggested).name)
                        or (str(tmp_path / "копия"), filters))
    dialog.save_button.click()
    assert asked == ["letter.pdf"]
    assert (tmp_path / "копия.pdf").read_bytes() == pdf and dialog.last_destination == str(tmp_path / "копия.pdf")


def test_preview_dialog_says_when_the_file_cannot_be_written(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    dialog = PdfPreviewDialog(make_pdf(1), "Letter", "letter.pdf")
    qtbot.addWidget(dialog)
    dialog.save_to(str(tmp_path / "missing" / "letter.pdf"))
    assert len(shown) == 1 and shown[0].startswith("The PDF could not be saved:")
    assert "Choose another folder" in shown[0] and dialog.last_destination == ""

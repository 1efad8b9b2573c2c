"""The 1C import dialog: a preview with what will be taken and what not, then the import and its report."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from models.database import Database
from models.payment_book import balance
from tests.factories import add_client, add_order, add_pipeline
from ui.import_1c_dialog import Import1cDialog, MatchedTableModel, RejectedTableModel

NB = "\u00a0"  # amounts on screen group digits with a no-break space
DAY = (date.today() - timedelta(days=5)).strftime("%d.%m.%Y")


@pytest.fixture
def order(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        client = add_client(session, "ООО «Колос»", "+79120000021", address="с. Мирный", kind="company")
        _pipeline, stages = add_pipeline(session, "repair_1c_ui")
        order = add_order(session, client, stages[1], amount=Decimal("15000"))
        return order.id, order.number


def payments_file(tmp_path: Path, number: int) -> Path:
    text = (f"Дата;Номер;Сумма;Назначение платежа;Плательщик;ИНН плательщика;Ответственный\r\n"
            f"{DAY};41;15 000,00;Оплата по заказу № {number} от {DAY};ООО «Колос»;7451000001;Лебедева\r\n"
            f"{DAY};42;700,00;Оплата за услуги;ООО «Колос»;7451000001;Лебедева\r\n"
            f"{DAY};41;15 000,00;Оплата по заказу № {number} от {DAY};ООО «Колос»;7451000001;Лебедева\r\n")
    path = tmp_path / "1c.csv"
    path.write_bytes(text.encode("cp1251"))
    return path


def test_preview_then_import_then_nothing_more(qtbot, db: Database, order: tuple[int, int], tmp_path: Path) -> None:
    order_id, number = order
    dialog = Import1cDialog(db, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_file(payments_file(tmp_path, number))

    assert dialog.matched_model.rowCount() == 1
    assert dialog.matched_model.index(0, MatchedTableModel.COL_ORDER).data() == f"№ {number} · ООО «Колос»"
    assert dialog.rejected_model.index(0, RejectedTableModel.COL_REASON).data() == \
        "no order number in the purpose text"
    assert dialog.duplicates_model.rowCount() == 1
    assert [dialog.tabs.tabText(i) for i in range(4)] == [
        "To import (1)", "Not taken (1)", "Imported before (0)", "Duplicates (1)"]
    assert "Encoding: Windows-1251" in dialog.details_label.text()
    assert "«Ответственный»" in dialog.details_label.text()
    assert dialog.import_button.isEnabled() and f"15{NB}000 ₽ will be imported" in dialog.status_label.text()

    with qtbot.waitSignal(dialog.imported, timeout=2000) as signal:
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(signal.args[0].taken) == 1
    assert dialog.status_label.text().startswith(f"Imported 1 payment(s), 15{NB}000 ₽, onto 1 order(s)")
    assert not dialog.import_button.isEnabled()
    assert balance(db, order_id).due == 0

    dialog.load_file(payments_file(tmp_path, number))
    assert dialog.matched_model.rowCount() == 0 and dialog.already_model.rowCount() == 1
    assert not dialog.import_button.isEnabled() and dialog.status_label.text() == "Nothing to import from this file."


def test_a_file_that_cannot_be_read_says_why(qtbot, db: Database, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("Клиент;Телефон\nИванов;+79120000000\n", encoding="utf-8")
    dialog = Import1cDialog(db, None)
    qtbot.addWidget(dialog)
    dialog.load_file(path)
    assert "no header row with the 1C column names" in dialog.status_label.text()
    assert not dialog.import_button.isEnabled() and dialog.matched_model.rowCount() == 0

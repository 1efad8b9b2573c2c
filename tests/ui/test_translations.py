"""The Russian translation ships compiled, loads, and translates what the user sees."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from resources import TRANSLATIONS_DIR
from ui.i18n import choose_language, install_translations, remove_translations
from ui.main_window import NavigationRail


@pytest.fixture
def russian(qapp):
    translators = install_translations(qapp, "ru")
    yield translators
    remove_translations(qapp, translators)


def test_compiled_russian_translation_is_shipped():
    assert (TRANSLATIONS_DIR / "fielddesk_ru.qm").stat().st_size > 1000
    assert (TRANSLATIONS_DIR / "fielddesk_ru.ts").exists()


def test_russian_rail_labels(qtbot, russian):
    assert russian, "the Russian translation did not load"
    rail = NavigationRail()
    qtbot.addWidget(rail)
    labels = [rail.item(row).text() for row in range(rail.count())]
    assert labels == ["Звонки", "Заказы", "Планирование", "Клиенты и оборудование", "Просрочено", "Дашборды",
                      "Настройки"]
    assert rail.width() > rail.fontMetrics().horizontalAdvance("Клиенты и оборудование")


def test_palette_and_search_strings_are_translated(russian):
    assert QCoreApplication.translate("StatusPalette", "en route") == "в пути"
    assert QCoreApplication.translate("SearchBox", "Search: phone, name, address, serial, order №").startswith(
        "Поиск"
    )


def test_english_needs_no_translator(qapp):
    assert install_translations(qapp, "en") == []
    assert QCoreApplication.translate("NavigationRail", "Clients & equipment") == "Clients & equipment"


def test_language_comes_from_the_locale_unless_overridden():
    assert choose_language({}, QLocale(QLocale.Language.Russian)) == "ru"
    assert choose_language({}, QLocale(QLocale.Language.German)) == "en"
    assert choose_language({"FIELDDESK_LANG": "en"}, QLocale(QLocale.Language.Russian)) == "en"
    assert choose_language({"FIELDDESK_LANG": "ru_RU.UTF-8"}, QLocale(QLocale.Language.English)) == "ru"


def test_russian_new_client_form_explains_the_missing_name(qtbot, russian, db):
    from PySide6.QtCore import Qt

    from models.search import count_clients
    from ui.new_client_dialog import NewClientDialog

    dialog = NewClientDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Новый клиент"
    qtbot.keyClicks(dialog.email_edit, "petrov@")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors()["name"] == "Введите имя клиента: ФИО человека или название организации."
    assert dialog.errors()["email"].startswith("«petrov@» — не адрес эл. почты")
    assert count_clients(db) == 0


def test_russian_warranty_words_use_plural_forms(russian):
    from decimal import Decimal

    from models.views import EquipmentRow
    from ui.status_palette import warranty_view

    def hours_left(left: int) -> str:
        unit = EquipmentRow(1, "Генератор", "DHY8000", None, None, None, None, True, True, None, Decimal(left),
                            "engine_hours", None)
        return warranty_view(unit, date.today()).text

    assert hours_left(1) == "остался 1 моточас"
    assert hours_left(3) == "осталось 3 моточаса"
    assert hours_left(120) == "осталось 120 моточасов"

"""Window layout and the last page survive a restart."""

from PySide6.QtCore import QSettings

from ui.main_window import MainWindow
from ui.settings import Settings


def test_layout_and_page_are_restored(qtbot, tmp_path, db):
    store = QSettings(str(tmp_path / "fielddesk.ini"), QSettings.Format.IniFormat)
    first = MainWindow(db, settings=Settings(store))
    qtbot.addWidget(first)
    first.resize(760, 560)  # within the off-screen platform's 800×800 screen
    first.show()
    first.clients_page.splitter.setSizes([200, 500])
    first.show_page("settings")
    sizes = first.clients_page.splitter.sizes()
    first.close()

    second = MainWindow(db, settings=Settings(store))
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.current_page_key() == "settings"
    restored = second.clients_page.splitter.sizes()
    assert second.size().width() == 760, second.size()
    assert abs(restored[0] / sum(restored) - sizes[0] / sum(sizes)) < 0.02, (restored, sizes)


def test_unknown_values_fall_back_to_defaults(tmp_path):
    store = QSettings(str(tmp_path / "fielddesk.ini"), QSettings.Format.IniFormat)
    store.setValue("ui/last_page", "nonsense")
    settings = Settings(store)
    assert settings.get(Settings.LANGUAGE) == ""
    assert settings.layout_state("main_window") is None

"""The Orders page opens on the first pipeline's board, and its list shows the same orders."""

from models.users import UserRef
from ui.orders_page import OrdersPage


def test_the_page_opens_on_the_first_pipeline_and_lists_its_orders(qtbot, demo_database):
    page = OrdersPage(demo_database, UserRef(1, "disp", "Диспетчер", "dispatcher", "201"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.board.board is not None)
    assert page.board.pipeline_id is not None
    assert page.board.filter_bar.pipeline_combo.currentData() == page.board.pipeline_id
    assert sum(len(column.cards) for column in page.board.board.columns) > 0
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.registry.model.rowCount() > 0)
    assert not page.import_button.isVisible()  # booking payments is for the accountant and managers

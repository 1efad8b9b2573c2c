"""What people may do under their own database role: a technician ticks the survey task, and the automation it
triggers (moving the order on, creating the next stage's task) runs with the technician's grants."""

import uuid
from decimal import Decimal

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from models.database import Database
from models.order_flow import complete_task, move_order
from models.pipelines import Order
from models.users import create_user
from tests.models.test_automation import FURNITURE, NOW, survey_rules
from tests.models.test_order_flow import add_board, add_order


def test_a_technician_signed_in_as_themselves_ticks_a_task_that_moves_the_order_on(fresh_database):
    db = fresh_database
    with db.transaction() as session:
        board = add_board(session, FURNITURE)
        survey_rules(session, board)
        order_id = add_order(session, board, "Оформление заказа", amount=Decimal(90000))
    moved = move_order(db, order_id, board.stages["Замер"], user_id=None, role="manager", expected_version=1,
                       now=NOW)
    login = f"tech_{uuid.uuid4().hex[:6]}"
    ref = create_user(db, login=login, full_name="Сидоров Иван", role="technician", password="pw-123")
    person = Database(make_url(db.url).set(username=login, password="pw-123").render_as_string(hide_password=False))
    try:
        assert complete_task(person, moved.task_ids[0], user_id=ref.id, now=NOW) == board.stages["Заключение сделки"]
        with db.session() as session:
            assert session.execute(select(Order.stage_id).where(Order.id == order_id)).scalar_one() == \
                board.stages["Заключение сделки"]
    finally:
        person.dispose()
        with db.engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{login}"'))
            conn.execute(text(f'DROP ROLE "{login}"'))

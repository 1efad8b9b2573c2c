"""The dispatcher's proposals panel: the visit now beside the proposed change, Approve or Reject with a note."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from models.database import Database
from models.field_work import VisitProposal
from models.scheduling import Visit
from models.users import UserRef
from models.visit_proposals import pending_proposals, propose_change
from tests.models.test_visit_proposals import T0, Day, make_day
from ui.proposals_panel import ProposalsPanel

MIN = timedelta(minutes=1)


@pytest.fixture
def day(db: Database) -> Day:
    return make_day(db)


def _panel(qtbot, db: Database, day: Day, role: str = "dispatcher") -> ProposalsPanel:
    panel = ProposalsPanel(db, UserRef(day.dispatcher, "disp_prop", "Анна Диспетчер", role, None))
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _propose(db: Database, day: Day, **changes) -> int:
    return propose_change(db, day.visit, technician_id=day.petrov, changes=changes, reason="Один счётчик лишний")


def _visit(db: Database, visit_id: int) -> SimpleNamespace:
    """The visit's columns as stored now."""
    with db.session() as s:
        visit = s.get(Visit, visit_id)
        return SimpleNamespace(**{c.key: getattr(visit, c.key) for c in Visit.__table__.columns})


def test_the_visit_now_and_the_proposed_change_side_by_side_then_approved(qtbot, db, day):
    _propose(db, day, ends_at=T0 + 40 * MIN, quantity=2, service_id=day.installation)
    panel = _panel(qtbot, db, day)
    assert panel.list.count() == 1
    assert panel.list.item(0).text() == f"№{day.order_number} 24.11 10:00 — Петров Сергей"
    assert panel.rows() == [("Service", "Поверка счётчика", "Установка счётчика"),
                            ("Duration", "until 11:00 (60 min)", "until 10:40 (40 min)"),
                            ("Quantity", "3", "2")]
    assert panel.reason_label.text() == "Why: Один счётчик лишний"
    assert panel.stale_label.isHidden() and panel.approve_button.isEnabled()

    with qtbot.waitSignal(panel.status_message_requested) as message:
        panel.approve_button.click()
    assert message.args == [f"Approved: the visit of order №{day.order_number} is changed."]
    visit = _visit(db, day.visit)
    assert (visit.ends_at, visit.service_id, visit.note) == (T0 + 40 * MIN, day.installation, "Quantity: 2")
    assert panel.list.count() == 0 and not panel.empty_label.isHidden()


def test_approving_a_proposal_on_a_visit_changed_meanwhile_is_refused_with_the_reason(qtbot, db, day):
    _propose(db, day, quantity=2)
    panel = _panel(qtbot, db, day)
    with db.transaction() as s:  # another dispatcher moves the visit while the panel shows the proposal
        visit = s.get(Visit, day.visit)
        visit.starts_at, visit.ends_at = T0 + 30 * MIN, T0 + 90 * MIN
    panel.approve_button.click()
    assert not panel.message_label.isHidden()
    assert f"Visit №{day.order_number} was changed after the technician proposed this" in panel.message_label.text()
    assert _visit(db, day.visit).note == "Quantity: 3"

    panel.reload()  # read again, the proposal shows as stale and cannot be approved
    assert not panel.stale_label.isHidden() and not panel.approve_button.isEnabled()


def test_a_clash_is_shown_naming_the_visit_that_holds_the_time(qtbot, db, day):
    _propose(db, day, ends_at=T0 + 150 * MIN)
    panel = _panel(qtbot, db, day)
    panel.approve_button.click()
    assert f"(visit {day.later})" in panel.message_label.text()
    assert "Петров Сергей is already booked 24.11 12:00–13:00" in panel.message_label.text()
    assert len(pending_proposals(db)) == 1


def test_rejecting_needs_a_note_which_the_technician_then_sees(qtbot, db, day):
    proposal = _propose(db, day, quantity=2)
    panel = _panel(qtbot, db, day)
    panel.reject_button.click()
    assert panel.message_label.text() == "Write why it is rejected first; the technician sees the note."
    panel.note_edit.setText("Все три счётчика по договору")
    with qtbot.waitSignal(panel.decided) as decided:
        panel.reject_button.click()
    assert decided.args == [proposal]
    with db.session() as s:
        row = s.get(VisitProposal, proposal)
        assert (row.status, row.decision_note, row.decided_by) == ("rejected", "Все три счётчика по договору",
                                                                   day.dispatcher)
    assert _visit(db, day.visit).note == "Quantity: 3"


def test_a_role_that_may_not_decide_is_told_so(qtbot, db, day):
    _propose(db, day, quantity=2)
    panel = _panel(qtbot, db, day, role="accountant")
    panel.approve_button.click()
    assert panel.message_label.text().startswith("Only a dispatcher, the service head or an administrator")


def test_live_changes_to_proposals_reread_the_list(qtbot, db, day):
    panel = _panel(qtbot, db, day)
    assert panel.list.count() == 0
    _propose(db, day, quantity=2)
    panel.on_data_changed({"visit_proposals": {1}})
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=3000)

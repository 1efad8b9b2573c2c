"""The scenario of a request follows the warranty on the request date: by date, by engine hours, by both."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from models.database import Database
from models.equipment import Equipment, UsageReading
from models.usage_readings import ReadingError, add_reading, readings_of
from models.warranty_decision import WarrantyDecisionError, propose_scenario
from tests.factories import add_client, add_equipment

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)  # 11:00 in Yekaterinburg


def unit(db: Database, serial: str, *, until: date | None = None, limit: int | None = None,
         readings: tuple[tuple[date, int], ...] = (), sold_on: date | None = date(2025, 5, 12)) -> int:
    with db.transaction() as session:
        client = add_client(session, f"Агрохолдинг {serial}", "+79120000002", address="с. Кременкуль")
        eq = add_equipment(session, client, serial=serial, kind="Трактор", model="Беларус 1221",
                           warranty_until=until, usage_limit=Decimal(limit) if limit else None,
                           usage_unit="engine_hours" if limit else None,
                           readings=tuple((at(d), Decimal(v)) for d, v in readings))
        eq.sold_on = sold_on
        session.flush()
        return eq.id


def test_by_date(db: Database) -> None:
    eq = unit(db, "WD-DATE", until=date(2026, 6, 30))
    inside = propose_scenario(db, eq, date(2026, 6, 30), kind="repair", now=NOW)
    assert (inside.scenario, inside.pipeline_code) == ("warranty_repair", "repair")
    assert inside.reason == "Under warranty until 30.06.2026"
    after = propose_scenario(db, eq, date(2026, 7, 1), kind="maintenance", now=NOW)
    assert after.scenario == "post_warranty_maintenance"
    assert after.reason == "Post-warranty: the warranty ended on 30.06.2026 (request of 01.07.2026)"


def test_by_hours_counts_only_readings_up_to_the_request_date(db: Database) -> None:
    eq = unit(db, "WD-HOURS", limit=500, readings=((date(2026, 3, 1), 340), (date(2026, 9, 1), 520)))
    spring = propose_scenario(db, eq, date(2026, 5, 4), kind="maintenance", now=NOW)
    assert spring.scenario == "warranty_maintenance"
    assert spring.reason == "Under warranty: 340 of 500 engine hours used (reading of 01.03.2026)"
    same_day = propose_scenario(db, eq, date(2026, 9, 1), kind="repair", now=NOW)
    assert same_day.scenario == "post_warranty_repair" and same_day.reading == Decimal(520)
    assert "520 of 500 engine hours used (reading of 01.09.2026), the limit is reached" in same_day.reason
    before_any = propose_scenario(db, eq, date(2026, 2, 1), kind="repair", now=NOW)
    assert before_any.scenario == "warranty_repair" and "no reading on or before 01.02.2026" in before_any.reason


def test_by_both_whichever_ends_first(db: Database) -> None:
    eq = unit(db, "WD-BOTH", until=date(2027, 5, 12), limit=500,
              readings=((date(2026, 11, 3), 340), (date(2026, 11, 18), 510)))
    proposal = propose_scenario(db, eq, date(2026, 11, 10), kind="repair", now=NOW)
    assert proposal.scenario == "warranty_repair"
    assert proposal.reason == "Under warranty until 12.05.2027 and 340 of 500 engine hours used (reading of 03.11.2026)"
    hours_out = propose_scenario(db, eq, date(2026, 11, 19), kind="repair", now=NOW)
    assert hours_out.scenario == "post_warranty_repair" and "12.05.2027" not in hours_out.reason
    date_out = unit(db, "WD-BOTH-2", until=date(2026, 1, 31), limit=500, readings=((date(2026, 1, 10), 100),))
    late = propose_scenario(db, date_out, date(2026, 2, 2), kind="maintenance", now=NOW)
    assert late.scenario == "post_warranty_maintenance"
    assert late.reason.startswith("Post-warranty: the warranty ended on 31.01.2026")


def test_no_warranty_terms_means_post_warranty_with_a_hint(db: Database) -> None:
    eq = unit(db, "WD-NONE")
    proposal = propose_scenario(db, eq, date(2026, 11, 1), kind="repair", now=NOW)
    assert proposal.scenario == "post_warranty_repair" and "enter the warranty terms" in proposal.reason


def test_bad_dates_are_refused_with_the_reason(db: Database) -> None:
    eq = unit(db, "WD-BAD", until=date(2027, 5, 12), sold_on=date(2025, 5, 12))
    with pytest.raises(WarrantyDecisionError, match=re.escape("before the sale date 12.05.2025")):
        propose_scenario(db, eq, date(2025, 5, 11), kind="repair", now=NOW)
    with pytest.raises(WarrantyDecisionError, match="in the future"):
        propose_scenario(db, eq, date(2026, 11, 21), kind="repair", now=NOW)
    with pytest.raises(WarrantyDecisionError, match="repair or maintenance"):
        propose_scenario(db, eq, date(2026, 11, 1), kind="sale", now=NOW)


def test_a_stored_reading_from_the_future_stops_the_decision(db: Database) -> None:
    eq = unit(db, "WD-FUTURE", until=date(2027, 5, 12), limit=500)
    with db.transaction() as session:
        session.add(UsageReading(equipment_id=eq, read_at=at(date(2026, 12, 1)), value=Decimal(200)))
    future = re.escape("reading 200 engine hours of 01.12.2026 is dated in the future")
    with pytest.raises(WarrantyDecisionError, match=future):
        propose_scenario(db, eq, date(2026, 11, 10), kind="repair", now=NOW)


def test_readings_go_forward_only_and_never_from_the_future(db: Database) -> None:
    eq = unit(db, "WD-READ", limit=500, readings=((date(2026, 11, 3), 340),))
    with pytest.raises(ReadingError, match="in the future"):
        add_reading(db, eq, 350, at(date(2026, 11, 21)), source="visit", now=NOW)
    with pytest.raises(ReadingError, match=re.escape("less than the previous reading 340 engine hours of 03.11.2026")):
        add_reading(db, eq, 300, at(date(2026, 11, 10)), source="visit", now=NOW)
    with pytest.raises(ReadingError, match=re.escape("more than the later reading 340 engine hours of 03.11.2026")):
        add_reading(db, eq, 400, at(date(2026, 10, 1)), source="visit", now=NOW)
    add_reading(db, eq, "355,5", at(date(2026, 11, 10)), source="visit", now=NOW)
    add_reading(db, eq, 200, at(date(2026, 10, 1)), source="call", now=NOW)
    assert [r.value for r in readings_of(db, eq)] == [Decimal(200), Decimal(340), Decimal("355.5")]


def test_a_unit_without_a_counter_takes_no_readings(db: Database) -> None:
    eq = unit(db, "WD-NOCOUNTER", until=date(2027, 5, 12))
    with pytest.raises(ReadingError, match="has no usage counter"):
        add_reading(db, eq, 10, at(date(2026, 11, 3)), source="visit", now=NOW)
    with db.session() as session:
        assert session.get(Equipment, eq) is not None


def test_a_reading_names_only_a_visit_about_its_unit(db: Database) -> None:
    eq = unit(db, "WD-VISIT", limit=500)
    with pytest.raises(ReadingError, match="is not about this unit"):
        add_reading(db, eq, 10, at(date(2026, 11, 3)), source="visit", visit_id=987654321, now=NOW)
    assert readings_of(db, eq) == []

"""Which of the four service scenarios of case 004 a request on a unit falls into, and why.

The warranty is judged as of the request date: by the warranty end date and by the usage counter read on or before
that day (a reading taken later does not count, and one taken on the day of the request does). All four scenarios
belong to the shipped ``repair`` pipeline (warranty and post-warranty repair and maintenance of machinery), whose
stages and per-scenario fields carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from models.company import Company
from models.database import Database
from models.equipment import Equipment, UsageReading, WarrantyState, warranty_state
from models.pipelines import Pipeline
from models.usage_readings import format_usage

KINDS = ("repair", "maintenance")
#: The pipeline each scenario is handled in.
SCENARIO_PIPELINES = {"warranty_repair": "repair", "post_warranty_repair": "repair",
                      "warranty_maintenance": "repair", "post_warranty_maintenance": "repair"}


class WarrantyDecisionError(ValueError):
    """The scenario cannot be proposed from the data given; the message says what to correct."""


@dataclass(frozen=True)
class ScenarioProposal:
    """The proposed scenario, the sentence that justifies it and the pipeline the order goes to."""

    scenario: str
    reason: str
    pipeline_code: str
    pipeline_id: int | None
    warranty: WarrantyState
    reading: Decimal | None = None
    reading_on: date | None = None

    @property
    def under_warranty(self) -> bool:
        return self.warranty.active


def propose_scenario(db: Database, equipment_id: int, request_date: date, *, kind: str,
                     now: datetime | None = None) -> ScenarioProposal:
    """Propose warranty or post-warranty ``kind`` (repair or maintenance) for a request on the unit."""
    if kind not in KINDS:
        raise WarrantyDecisionError(f"Unknown kind of request {kind!r}; expected repair or maintenance.")
    with db.session() as session:
        tz = ZoneInfo(session.execute(select(Company.time_zone)).scalar_one_or_none() or "UTC")
        today = (now or datetime.now(UTC)).astimezone(tz).date()
        unit = session.get(Equipment, equipment_id)
        if unit is None:
            raise WarrantyDecisionError("The unit no longer exists; it may have been deleted on another workstation.")
        if request_date > today:
            raise WarrantyDecisionError(f"The request date {request_date:%d.%m.%Y} is in the future (today is "
                                        f"{today:%d.%m.%Y}); enter the day the client asked.")
        start, start_word = _start(unit)
        if start is not None and request_date < start:
            raise WarrantyDecisionError(f"The request date {request_date:%d.%m.%Y} is before the {start_word} "
                                        f"{start:%d.%m.%Y} of {unit.model}; check the request date or the unit's "
                                        f"dates.")
        future = session.execute(select(UsageReading).where(
            UsageReading.equipment_id == equipment_id,
            UsageReading.read_at >= datetime.combine(today + timedelta(days=1), time(), tz))
            .order_by(UsageReading.read_at).limit(1)).scalar()
        if future is not None:
            raise WarrantyDecisionError(
                f"The reading {format_usage(future.value, unit.usage_unit)} of {future.read_at.astimezone(tz):%d.%m.%Y}"
                f" is dated in the future; correct or delete it in the equipment card, then decide the warranty.")
        reading = session.execute(select(UsageReading).where(
            UsageReading.equipment_id == equipment_id,
            UsageReading.read_at < datetime.combine(request_date + timedelta(days=1), time(), tz))
            .order_by(UsageReading.read_at.desc(), UsageReading.id.desc()).limit(1)).scalar()
        value = Decimal(reading.value) if reading is not None else None
        reading_on = reading.read_at.astimezone(tz).date() if reading is not None else None
        state = warranty_state(request_date, warranty_until=unit.warranty_until,
                               usage_limit=unit.warranty_usage_limit, usage_unit=unit.usage_unit,
                               latest_reading=value)
        scenario = f"{'warranty' if state.active else 'post_warranty'}_{kind}"
        code = SCENARIO_PIPELINES[scenario]
        pipeline_id = session.execute(select(Pipeline.id).where(Pipeline.code == code,
                                                                Pipeline.archived.is_(False))).scalar_one_or_none()
        reason = explain(state, request_date, unit.warranty_until, unit.warranty_usage_limit, unit.usage_unit,
                         value, reading_on)
        return ScenarioProposal(scenario, reason, code, pipeline_id, state, value, reading_on)


def _start(unit: Equipment) -> tuple[date | None, str]:
    """Where the unit's service life begins: its sale, else its installation or commissioning."""
    for value, word in ((unit.sold_on, "sale date"), (unit.installed_on, "installation date"),
                        (unit.commissioned_on, "commissioning date")):
        if value is not None:
            return value, word
    return None, ""


def explain(state: WarrantyState, on: date, until: date | None, limit: Decimal | None, unit: str | None,
            reading: Decimal | None, reading_on: date | None) -> str:
    """One sentence with the dates and counters behind the decision."""
    if not state.known:
        return ("No warranty end date or usage limit is recorded for this unit, so the request is post-warranty; "
                "enter the warranty terms in the equipment card if it has any.")
    usage = ""
    if limit is not None:
        used = reading if reading is not None else Decimal(0)
        usage = f"{format_usage(used, None)} of {format_usage(limit, unit)} used"
        usage += f" (reading of {reading_on:%d.%m.%Y})" if reading_on else f" (no reading on or before {on:%d.%m.%Y})"
    date_over = until is not None and on > until
    usage_over = limit is not None and (reading or Decimal(0)) >= limit
    if state.active:
        if until is None:
            return f"Under warranty: {usage}"
        return f"Under warranty until {until:%d.%m.%Y}" + (f" and {usage}" if usage else "")
    reasons = []
    if date_over:
        reasons.append(f"the warranty ended on {until:%d.%m.%Y}")
    if usage_over:
        reasons.append(f"{usage}, the limit is reached")
    text = " and ".join(reasons)
    return f"Post-warranty: {text} (request of {on:%d.%m.%Y})"

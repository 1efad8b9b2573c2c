"""The pipelines FieldDesk ships: stages with colours, SLAs and gates, automation rules and custom fields.

- ``sales_install`` — sales & installation of air conditioners (case 000): request → survey → quote → approval →
  installation booked → installed (photo) → commissioning (act) → closed (fully paid) / refused.
- ``maintenance`` — planned maintenance: request → date agreed → visit booked → done (photo, act) → payment → closed.
- ``repair`` — warranty and post-warranty repair and maintenance of machinery (case 004, four scenarios): only the
  service head moves an order into repair; an order closes only when fully paid.
- ``furniture`` — made-to-order furniture and doors, 9 stages (case 002): the done survey task moves the order to
  the contract on its own; installers' photos are required before rework and closing.
- ``service_center`` — a service centre's repair flow (case 003): incomplete requests are returned for rework; after
  the visit the partner is asked for the claim and completion acts and reminded every 3 days until attached.

:func:`ensure_shipped_pipelines` creates the pipelines a database lacks (by code) and never touches one that
exists, so whatever a company changed in Settings stays as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models.database import Database
from models.pipeline_rules import CustomFieldDef, StageRule
from models.pipelines import Pipeline, Stage

#: Serialises catalog installs when several workstations start at once.
CATALOG_LOCK_KEY = 0x46440004


@dataclass(frozen=True)
class RuleSpec:
    """A rule of a stage; a ``create_task`` rule with a ``key`` can be watched by a ``move_on_task_done`` rule."""

    kind: str
    params: dict
    key: str | None = None  # create_task: a name to watch it by
    after: str | None = None  # move_on_task_done: the key of the create_task rule it watches
    to: str | None = None  # move_on_task_done: the name of the stage to move to


@dataclass(frozen=True)
class StageSpec:
    name: str
    color: str
    kind: str = "open"
    sla_hours: int | None = None
    gates: dict = field(default_factory=dict)
    rules: tuple[RuleSpec, ...] = ()


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str = "text"
    scenario: str | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class PipelineSpec:
    code: str
    name: str
    stages: tuple[StageSpec, ...]
    fields: tuple[FieldSpec, ...] = ()


def task(title: str, owner: str = "order_owner", hours: int = 24, *, key: str | None = None,
         kind: str | None = None) -> RuleSpec:
    """A task created on entering the stage, for ``owner``, due ``hours`` later."""
    params: dict = {"title": title, "owner": owner, "due_hours": hours}
    if kind:
        params["task_kind"] = kind
    return RuleSpec("create_task", params, key=key)


def move_when_done(after: str, to: str) -> RuleSpec:
    """Move the order to stage ``to`` when the task of rule ``after`` (a key) is done."""
    return RuleSpec("move_on_task_done", {}, after=after, to=to)


def remind(documents: list[str], every_days: int, owner: str, title: str, reminder_title: str,
           hours: int = 24) -> RuleSpec:
    """After the last visit, ask for ``documents`` and remind every ``every_days`` days until attached."""
    return RuleSpec("remind_documents", {"documents": documents, "every_days": every_days, "owner": owner,
                                         "due_hours": hours, "title": title, "reminder_title": reminder_title,
                                         "task_kind": "documents"})


CLOSED = "#2e7d32"
REFUSED = "#e53935"
NEW = "#90a4ae"

SALES_INSTALL = PipelineSpec("sales_install", "Продажа и монтаж", (
    StageSpec("Заявка", NEW, sla_hours=2, rules=(task("Перезвонить и квалифицировать заявку", hours=2),)),
    StageSpec("Замер", "#42a5f5", sla_hours=48, gates={"required_fields": ["site_id"]}, rules=(
        task("Подтвердить клиенту время замера", hours=4),
        task("Провести замер и заполнить параметры объекта", "role:technician", 48, key="survey", kind="survey"),
        move_when_done("survey", "КП/смета"),
    )),
    StageSpec("КП/смета", "#5c6bc0", sla_hours=24, rules=(task("Подготовить КП и смету", hours=24),)),
    StageSpec("Согласование", "#7e57c2", sla_hours=72, rules=(task("Получить согласие клиента на КП", hours=48),)),
    StageSpec("Монтаж назначен", "#ffa726", sla_hours=168,
              gates={"required_fields": ["site_id", "amount", "custom:room_area_m2"]}, rules=(
        task("Назначить бригаду на монтаж", "role:service_head", 24),
        task("Подтвердить клиенту окно визита бригады", hours=24),
        task("Проверить комплектацию и материалы для монтажа", "role:service_head", 48),
    )),
    StageSpec("Смонтировано", "#26a69a", sla_hours=24, gates={"required_attachments": ["photo"]}, rules=(
        task("Назначить ввод в эксплуатацию", hours=24),
    )),
    StageSpec("Ввод в эксплуатацию", "#66bb6a", sla_hours=48, gates={"required_attachments": ["act"]}, rules=(
        task("Зарегистрировать гарантию", hours=72),
        task("Поставить клиента на плановое ТО", hours=72),
        task("Выставить счёт за монтаж", "role:accountant", 24),
    )),
    StageSpec("Закрыто", CLOSED, "won", gates={"fully_paid": True}),
    StageSpec("Отказ", REFUSED, "lost"),
), (
    FieldSpec("system_type", "Тип системы", "choice", choices=("Сплит", "Мульти-сплит", "Канальная", "Кассетная",
                                                              "Напольно-потолочная")),
    FieldSpec("power_kw", "Мощность, кВт", "number"),
    FieldSpec("room_area_m2", "Площадь помещения, м²", "number"),
    FieldSpec("wall", "Материал стен", "choice", choices=("кирпич", "панель", "бетон", "газобетон", "дерево")),
    FieldSpec("route_length_m", "Длина трассы, м", "number"),
    FieldSpec("floor", "Этаж", "number"),
    FieldSpec("need_lift", "Нужна вышка", "bool"),
    FieldSpec("preferred_time", "Удобное время визита"),
    FieldSpec("installment", "Рассрочка", "bool"),
))

MAINTENANCE = PipelineSpec("maintenance", "Техническое обслуживание", (
    StageSpec("Заявка", NEW, sla_hours=4, rules=(task("Уточнить оборудование и адрес", hours=4),)),
    StageSpec("Согласование даты", "#5c6bc0", sla_hours=24, rules=(task("Согласовать дату выезда", hours=24),)),
    StageSpec("Выезд назначен", "#ffa726", sla_hours=72, gates={"required_fields": ["site_id", "equipment_id"]},
              rules=(task("Напомнить клиенту о выезде", hours=24),
                     task("Подготовить расходники к выезду", "role:service_head", 24))),
    StageSpec("Выполнено", "#26a69a", sla_hours=24, gates={"required_attachments": ["photo", "act"]}, rules=(
        task("Выставить счёт за ТО", "role:accountant", 24),
    )),
    StageSpec("Оплата", "#fdd835", sla_hours=72, rules=(task("Проконтролировать оплату", "role:accountant", 72),)),
    StageSpec("Закрыто", CLOSED, "won", gates={"fully_paid": True}),
    StageSpec("Отказ", REFUSED, "lost"),
), (
    FieldSpec("maintenance_kind", "Вид ТО", "choice", choices=("Сезонное", "ТО-1", "ТО-2", "ТО-3", "Поверка")),
    FieldSpec("engine_hours", "Моточасы", "number"),
    FieldSpec("next_maintenance", "Следующее ТО", "date"),
    FieldSpec("preferred_time", "Удобное время визита"),
))

REPAIR = PipelineSpec("repair", "Гарантийный и постгарантийный ремонт", (
    StageSpec("Заявка", NEW, sla_hours=2, rules=(task("Уточнить неисправность, технику и местонахождение", hours=2),)),
    StageSpec("Диагностика", "#42a5f5", sla_hours=48, gates={"required_fields": ["site_id", "equipment_id"]},
              rules=(task("Провести выездную диагностику", "role:technician", 48, kind="diagnostics"),
                     task("Подготовить расходники по предполагаемой неисправности", "role:service_head", 24))),
    StageSpec("Согласование", "#7e57c2", sla_hours=48, gates={"required_fields": ["scenario"]}, rules=(
        task("Гарантия: отправить письмо заводу; постгарантия: согласовать смету с клиентом", hours=48),
    )),
    StageSpec("Ремонт", "#ffa726", sla_hours=120, gates={"roles": ["service_head"]}, rules=(
        task("Назначить свободного механика и указать ячейку с инструментом", "role:service_head", 8),
        task("Указать дату привоза запчастей", "role:service_head", 24),
    )),
    StageSpec("Оплата", "#fdd835", sla_hours=72, gates={"required_attachments": ["act"]}, rules=(
        task("Выставить счёт и проконтролировать оплату", "role:accountant", 72),
    )),
    StageSpec("Закрыто", CLOSED, "won", gates={"fully_paid": True}),
    StageSpec("Отказ", REFUSED, "lost"),
), (
    FieldSpec("engine_hours", "Моточасы", "number"),
    FieldSpec("mileage_km", "Пробег, км", "number"),
    FieldSpec("tool_cell", "Ячейка с инструментом и запчастями"),
    FieldSpec("parts_arrival", "Дата привоза запчастей", "date"),
    FieldSpec("maintenance_kind", "Вид ТО", "choice", choices=("ТО-1", "ТО-2", "ТО-3", "Сезонное")),
    FieldSpec("claim_letter_sent", "Письмо заводу отправлено", "date", scenario="warranty_repair"),
    FieldSpec("claim_number", "Номер акта рекламации", scenario="warranty_repair"),
    FieldSpec("service_book", "Номер сервисной книжки", scenario="warranty_maintenance"),
    FieldSpec("estimate_agreed", "Смета согласована с клиентом", "bool", scenario="post_warranty_repair"),
    FieldSpec("contract_number", "Номер договора на обслуживание", scenario="post_warranty_maintenance"),
))

FURNITURE = PipelineSpec("furniture", "Мебель и двери на заказ", (
    StageSpec("Оформление заказа", NEW, sla_hours=24, rules=(
        task("Приложить проект договора, требования покупателя и расчёты", hours=24),
    )),
    StageSpec("Замер", "#42a5f5", sla_hours=72, gates={"required_fields": ["site_id"]}, rules=(
        task("Согласовать с покупателем дату и время замера", hours=4),
        task("Выполнить замер и загрузить результаты", "role:technician", 72, key="survey", kind="survey"),
        move_when_done("survey", "Заключение сделки"),
    )),
    StageSpec("Заключение сделки", "#5c6bc0", sla_hours=72, rules=(
        task("Согласовать декор, обработку, доп. работы и условия оплаты", hours=48),
    )),
    StageSpec("Производство", "#8d6e63", sla_hours=336, gates={"required_fields": ["amount", "custom:product_type"]},
              rules=(task("Передать заказ в производство", hours=24),)),
    StageSpec("Подготовка к отгрузке", "#ffca28", sla_hours=48, rules=(
        task("Упаковать и подготовить заказ к отгрузке", hours=24),
    )),
    StageSpec("Доставка", "#ffa726", sla_hours=48, gates={"required_fields": ["site_id"]}, rules=(
        task("Организовать доставку и согласовать время с покупателем", hours=24),
    )),
    StageSpec("Монтаж", "#26a69a", sla_hours=48, rules=(
        task("Смонтировать и загрузить фото результата", "role:technician", 48, kind="installation"),
    )),
    StageSpec("Доработка", "#ef6c00", sla_hours=72, gates={"required_attachments": ["photo"]}, rules=(
        task("Устранить замечания покупателя", "role:technician", 72),
    )),
    StageSpec("Закрыто", CLOSED, "won", gates={"required_attachments": ["photo"], "fully_paid": True}),
    StageSpec("Отказ", REFUSED, "lost"),
), (
    FieldSpec("product_type", "Изделие", "choice", choices=("Кухня", "Шкаф-купе", "Гардеробная",
                                                           "Межкомнатные двери", "Входная дверь", "Другое")),
    FieldSpec("material", "Материал", "choice", choices=("ЛДСП", "МДФ", "Массив", "Шпон", "Металл")),
    FieldSpec("decor", "Декор и обработка"),
    FieldSpec("measurements", "Результаты замера"),
    FieldSpec("payment_terms", "Условия оплаты", "choice", choices=("100% предоплата", "50/50", "Рассрочка")),
    FieldSpec("production_ready", "Готовность на производстве", "date"),
))

SERVICE_CENTER = PipelineSpec("service_center", "Сервисный центр: ремонт оборудования", (
    StageSpec("Новая заявка", NEW, sla_hours=8, rules=(task("Проверить полноту заявки", "role:manager", 8),)),
    StageSpec("Возврат на доработку", "#ff7043", sla_hours=72, rules=(
        task("Получить от дилера или клиента недостающие данные", hours=72),
    )),
    StageSpec("Ремонт назначен", "#42a5f5", sla_hours=24,
              gates={"required_fields": ["equipment_id", "custom:purchase_date", "custom:defect"]}, rules=(
        task("Назначить АСЦ и согласовать дату выезда", hours=24),
    )),
    StageSpec("Выезд", "#ffa726", sla_hours=120, gates={"required_fields": ["site_id", "custom:service_partner"]},
              rules=(remind(["claim_act", "completion_act"], 3, "order_owner",
                            "Приложить акт рекламации и акт выполненных работ",
                            "Напоминание: приложить акт рекламации и акт выполненных работ"),)),
    StageSpec("Экспертиза", "#7e57c2", sla_hours=72, gates={"required_documents": ["claim_act", "completion_act"]},
              rules=(task("Проверить акты и решить по дефектным запчастям", "role:service_head", 72),)),
    StageSpec("Заказ запчастей", "#fdd835", sla_hours=240, rules=(
        task("Заказать запчасти у поставщика и указать номер отправления", hours=48),
    )),
    StageSpec("Закрыто", CLOSED, "won", gates={"required_documents": ["claim_act", "completion_act"]}),
    StageSpec("Отказ", REFUSED, "lost"),
), (
    FieldSpec("dealer", "Дилер"),
    FieldSpec("claim_number", "Номер рекламации"),
    FieldSpec("purchase_date", "Дата продажи", "date"),
    FieldSpec("defect", "Описание неисправности"),
    FieldSpec("service_partner", "АСЦ"),
    FieldSpec("tech_expert", "Технический эксперт"),
    FieldSpec("shipment_number", "Номер отправления СДЭК"),
    FieldSpec("rework_reason", "Что дозаполнить"),
))

SHIPPED: tuple[PipelineSpec, ...] = (SALES_INSTALL, MAINTENANCE, REPAIR, FURNITURE, SERVICE_CENTER)


def shipped(code: str) -> PipelineSpec:
    """The shipped pipeline of ``code``."""
    for spec in SHIPPED:
        if spec.code == code:
            return spec
    raise KeyError(f"No shipped pipeline has code {code!r}; known: {', '.join(s.code for s in SHIPPED)}.")


def ensure_shipped_pipelines(db: Database) -> dict[str, int]:
    """Create the shipped pipelines this database lacks (by code); return code → pipeline id of all of them.

    An existing pipeline is left exactly as the company keeps it: stages, gates, rules and fields are not touched.
    """
    with db.transaction() as session:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CATALOG_LOCK_KEY})
        return install_pipelines(session)


def install_pipelines(session: Session, codes: Iterable[str] | None = None) -> dict[str, int]:
    """Within the caller's transaction: create the listed shipped pipelines (all by default) that are missing."""
    wanted = [shipped(code) for code in codes] if codes is not None else list(SHIPPED)
    existing = dict(session.execute(select(Pipeline.code, Pipeline.id)
                                    .where(Pipeline.code.in_([s.code for s in wanted]))).all())
    result = {}
    for spec in wanted:
        result[spec.code] = existing.get(spec.code) or _create(session, spec)
    return result


def _create(session: Session, spec: PipelineSpec) -> int:
    names = set(session.execute(select(Pipeline.name)).scalars())
    name = spec.name if spec.name not in names else f"{spec.name} ({spec.code})"
    position = session.execute(select(func.coalesce(func.max(Pipeline.position) + 1, 0))).scalar_one()
    pipeline = Pipeline(name=name, code=spec.code, position=position)
    session.add(pipeline)
    session.flush()
    stages = [Stage(pipeline_id=pipeline.id, position=i, name=s.name, color=s.color, kind=s.kind,
                    sla_hours=s.sla_hours, gate_rules=dict(s.gates)) for i, s in enumerate(spec.stages)]
    session.add_all(stages)
    session.flush()
    stage_ids = {s.name: s.id for s in stages}
    keyed: dict[str, int] = {}
    for stage_spec, stage in zip(spec.stages, stages, strict=True):
        for position, rule_spec in enumerate(stage_spec.rules):
            params = dict(rule_spec.params)
            if rule_spec.kind == "move_on_task_done":
                params = {"after_rule_id": keyed[rule_spec.after or ""], "to_stage_id": stage_ids[rule_spec.to or ""]}
            rule = StageRule(stage_id=stage.id, kind=rule_spec.kind, position=position, params=params)
            session.add(rule)
            session.flush()
            if rule_spec.key:
                keyed[rule_spec.key] = rule.id
    session.add_all([CustomFieldDef(pipeline_id=pipeline.id, scenario=f.scenario, key=f.key, label=f.label,
                                    type=f.type, choices=list(f.choices), position=i)
                     for i, f in enumerate(spec.fields)])
    session.flush()
    return pipeline.id

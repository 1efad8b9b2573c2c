"""Demo clients with their phones, e-mails, contact people and sites, and the equipment installed there."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from random import Random
from typing import TYPE_CHECKING

import shapely
from shapely import Polygon

from models import demo_catalog as cat
from models.equipment import warranty_state

if TYPE_CHECKING:
    from models.demo import Demo

CLIENTS = 5_000
EQUIPMENT = 8_000
COMPANY_SHARE = 0.15
AGRO_SHARE = 0.25  # of the companies: farms that own the tractors and combines
FAMILY_WEIGHTS = {cat.AC: 55, cat.WATER: 35, cat.MACHINE: 10}
MAKER_WEIGHTS = {"Daikin": 25, "Mitsubishi Electric": 20, "Haier": 30, "Ballu": 25, "Бетар": 60, "Пульсар": 40,
                 "Ростсельмаш": 30, "Беларус/МТЗ": 35, "John Deere": 15, "Кировец": 20}


def sample_point(rng: Random, shape: Polygon) -> tuple[float, float]:
    """A random (lon, lat) inside ``shape``, rounded to about a metre."""
    west, south, east, north = shape.bounds
    while True:
        lon, lat = round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6)
        if shapely.contains_xy(shape, lon, lat):
            return lon, lat


@cache
def phone_permutation(seed: int, landline: bool) -> tuple[int, int, int, tuple[str, ...], int]:
    """(a, b, space, codes, width): number k is ``v = (a*k + b) % space``, code ``codes[v % len]``, rest ``v // len``.

    A bijection on the number space, so distinct k give distinct numbers that still look random.
    """
    codes, width = (cat.LANDLINE_CODES, 6) if landline else (cat.MOBILE_CODES, 7)
    space = len(codes) * 10**width
    rng = Random(f"{seed}:phones:{landline}")
    while True:
        a = rng.randrange(space // 3, space)
        if math.gcd(a, space) == 1:
            return a, rng.randrange(space), space, codes, width


def _number(seed: int, k: int, landline: bool) -> str:
    a, b, space, codes, width = phone_permutation(seed, landline)
    v = (a * k + b) % space
    return f"+7{codes[v % len(codes)]}{v // len(codes):0{width}d}"


def mobile_number(seed: int, k: int) -> str:
    """The k-th mobile number of the demo (+7 9xx xxx xx xx); distinct k, distinct numbers."""
    return _number(seed, k, landline=False)


def landline_number(seed: int, k: int) -> str:
    """The k-th Chelyabinsk landline (+7 351 xxx xx xx)."""
    return _number(seed, k, landline=True)


@dataclass
class SiteRec:
    id: int
    client_id: int
    lat: float
    lon: float
    zone_ids: tuple[int, ...]
    apartment: bool


@dataclass
class ClientRec:
    id: int
    kind: str
    name: str
    created_at: datetime
    tax_id: str | None = None
    phones: list[str] = field(default_factory=list)
    sites: list[SiteRec] = field(default_factory=list)
    agro: bool = False


@dataclass
class People:
    """The clients of this load and the phone counters the bulk part continues from."""

    clients: list[ClientRec]
    next_phone: tuple[int, int]  # next mobile k, next landline k

    @property
    def companies(self) -> int:
        return sum(c.kind == "company" for c in self.clients)


@dataclass
class UnitRec:
    id: int
    client: ClientRec
    site: SiteRec
    family: str
    maker: str
    model: str
    installed_on: date
    warranty_until: date
    usage_limit: Decimal | None
    latest_reading: Decimal | None

    def under_warranty(self, on: date) -> bool:
        return warranty_state(on, warranty_until=self.warranty_until, usage_limit=self.usage_limit,
                              usage_unit="engine_hours" if self.usage_limit else None,
                              latest_reading=self.latest_reading).active


@dataclass
class Fleet:
    units: list[UnitRec]

    def of(self, family: str) -> list[UnitRec]:
        return [u for u in self.units if u.family == family]


def _company_name(rng: Random, agro: bool) -> tuple[str, str]:
    """Display name and a Latin stem for its e-mail domain."""
    if agro:
        form, word = rng.choice(("ООО", "СПК", "КФХ", "АО")), rng.choice(cat.AGRO_NAMES)
    else:
        form = rng.choice(cat.COMPANY_FORMS)
        if form == "ТСЖ":
            word = rng.choice(cat.STREETS[rng.randrange(len(cat.STREETS))]).split(" ", 1)[1] + f" {rng.randint(1, 99)}"
        else:
            word = rng.choice(cat.COMPANY_STEMS) + rng.choice(cat.COMPANY_TAILS)
            word = word[0] + word[1:].lower()
    stem = "".join(ch for ch in cat.translit(word) if ch.isalnum())
    return f"{form} «{word}»", stem


def make_clients(demo: Demo) -> People:
    """Write the clients with their contacts, phones, e-mails and sites; return what later steps link to."""
    rng = demo.rng("clients")
    weights = [z[3] for z in cat.ZONES]
    client_ids = demo.writer.ids("clients", CLIENTS)
    clients: list[ClientRec] = []
    contacts, phones, emails, sites = [], [], [], []
    mobile_k = landline_k = 0
    for cid in client_ids:
        created = demo.now - timedelta(days=rng.uniform(190, 1500))
        company = rng.random() < COMPANY_SHARE
        agro = company and rng.random() < AGRO_SHARE
        client_phones: list[tuple[str, str, int | None]] = []  # mobile or landline, kind, contact index
        if not company:
            name, surname, first = cat.person_name(rng)
            client = ClientRec(cid, "person", name, created)
            tax_id = None
            client_phones.append(("m", "mobile", None))
            if rng.random() < 0.35:
                client_phones.append(("l", "home", None) if rng.random() < 0.4 else ("m", "mobile", None))
            if rng.random() < 0.08:
                client_phones.append(("m", "mobile", None))
            if rng.random() < 0.3:
                emails.append((cid, f"{cat.translit(surname)}.{cat.translit(first)[0]}{rng.randint(1, 99)}@"
                                    f"{rng.choice(cat.EMAIL_DOMAINS)}"))
        elif rng.random() < 0.12 and not agro:  # a sole trader
            person, surname, first = cat.person_name(rng)
            parts = person.split()
            name = f"ИП {parts[0]} {parts[1][0]}. {parts[2][0]}."
            client = ClientRec(cid, "company", name, created)
            tax_id = cat.inn_check("74" + f"{rng.randrange(10**8):08d}")
            client_phones.append(("m", "mobile", None))
        else:
            name, stem = _company_name(rng, agro)
            client = ClientRec(cid, "company", name, created, agro=agro)
            tax_id = cat.inn_check("74" + f"{rng.randrange(10**7):07d}")
            client_phones.append(("l", "work", None))
            for n in range(rng.choice((1, 1, 2))):
                position = "Главный механик" if agro and n == 0 else rng.choice(cat.CONTACT_POSITIONS)
                contacts.append((cid, cat.person_name(rng)[0], position))
                if len(client_phones) < 3:
                    client_phones.append(("m", "mobile", len(contacts) - 1))
            if rng.random() < 0.8:
                emails.append((cid, f"info@{stem}.example"))
        for source, kind, contact in client_phones:
            if source == "m":
                number, mobile_k = mobile_number(demo.seed, mobile_k), mobile_k + 1
            else:
                number, landline_k = landline_number(demo.seed, landline_k), landline_k + 1
            client.phones.append(number)
            phones.append([cid, contact, number, number[1:], kind])
        sites += _sites(demo, rng, client, weights)
        client.tax_id = tax_id
        clients.append(client)
    w = demo.writer
    w.copy("clients", ("id", "kind", "name", "tax_id", "created_at"),
           ((c.id, c.kind, c.name, c.tax_id, c.created_at) for c in clients))
    contact_ids = w.ids("contacts", len(contacts))
    w.copy("contacts", ("id", "client_id", "full_name", "position"),
           ((i, *row) for i, row in zip(contact_ids, contacts, strict=True)))
    for row in phones:
        row[1] = None if row[1] is None else contact_ids[row[1]]
    w.copy("phones", ("id", "client_id", "contact_id", "e164", "digits", "kind"),
           ((i, *row) for i, row in zip(w.ids("phones", len(phones)), phones, strict=True)))
    w.copy("emails", ("id", "client_id", "email"), ((i, *row) for i, row in zip(w.ids("emails", len(emails)),
                                                                                   emails, strict=True)))
    w.copy("sites", ("id", "client_id", "address", "city", "lat", "lon", "entrance", "floor", "apartment",
                     "intercom", "parking", "access_notes"), sites)
    return People(clients, (mobile_k, landline_k))


def _sites(demo: Demo, rng: Random, client: ClientRec, weights: list[float]) -> list[tuple]:
    """One or two addresses in the zones, with access details for some; rows for COPY."""
    count = 2 if rng.random() < (0.35 if client.kind == "company" else 0.18) else 1
    out = []
    for site_id in demo.writer.ids("sites", count):
        zone = rng.choices(range(len(demo.zones)), weights)[0]
        lon, lat = sample_point(rng, demo.zones[zone].shape)
        inside = tuple(z.id for z in demo.zones if shapely.contains_xy(z.shape, lon, lat))
        street = rng.choice(cat.STREETS[zone])
        house = str(rng.randint(1, 140)) + rng.choice(("",) * 12 + ("А", "Б", " к1"))
        apartment = client.kind == "person" and rng.random() < 0.8
        entrance = floor = apt = intercom = parking = None
        address = f"{street}, д. {house}"
        if apartment:
            apt = str(rng.randint(1, 280))
            address += f", кв. {apt}"
            if rng.random() < 0.6:
                entrance, floor = str(rng.randint(1, 8)), str(rng.randint(1, 16))
                intercom = str(rng.randint(1000, 9999))
        elif client.kind == "company":
            address += rng.choice(("", f", оф. {rng.randint(1, 420)}", f", стр. {rng.randint(1, 6)}"))
            parking = rng.choice(cat.PARKING) if rng.random() < 0.5 else None
        elif rng.random() < 0.5:
            parking = "Во дворе"
        notes = rng.choice(cat.ACCESS_NOTES) if rng.random() < 0.15 else None
        site = SiteRec(site_id, client.id, lat, lon, inside, apartment)
        client.sites.append(site)
        out.append((site_id, client.id, address, cat.CITY, lat, lon, entrance, floor, apt, intercom, parking, notes))
    return out


def _series(rng: Random) -> str:
    """A production series code such as "K7"."""
    return rng.choice("ABCEHKMPTX") + str(rng.randint(1, 9))


def make_equipment(demo: Demo, people: People) -> Fleet:
    """Write the equipment and its usage readings: air conditioners, water meters, tractors and combines."""
    rng = demo.rng("equipment")
    persons = [c for c in people.clients if c.kind == "person"]
    agro = [c for c in people.clients if c.agro] or [c for c in people.clients if c.kind == "company"]
    makers = {family: [m for m in cat.MANUFACTURERS if m[2] == family] for family in FAMILY_WEIGHTS}
    serials = {m[1]: rng.randint(100, 5000) for m in cat.MANUFACTURERS}
    units, rows, readings = [], [], []
    for unit_id in demo.writer.ids("equipment", EQUIPMENT):
        family = rng.choices(list(FAMILY_WEIGHTS), list(FAMILY_WEIGHTS.values()))[0]
        maker = rng.choices(makers[family], [MAKER_WEIGHTS[m[0]] for m in makers[family]])[0]
        name, prefix, _f, _a, _c, _p, models = maker
        model = rng.choice(models)
        if family == cat.MACHINE:
            client = rng.choice(agro)
            site = client.sites[0]
        else:
            client = rng.choice(persons) if family == cat.WATER or rng.random() < 0.85 else rng.choice(people.clients)
            site = next((s for s in client.sites if s.apartment), client.sites[0]) if family == cat.WATER \
                else rng.choice(client.sites)
        age = {cat.AC: (7, 6 * 365), cat.WATER: (30, 8 * 365), cat.MACHINE: (60, 5 * 365)}[family]
        installed = demo.today - timedelta(days=rng.randint(*age))
        sold = installed - timedelta(days=rng.randint(0, 20))
        years = {cat.AC: rng.randint(1, 3), cat.WATER: rng.randint(2, 5), cat.MACHINE: rng.randint(1, 2)}[family]
        until = installed + timedelta(days=365 * years)
        limit = latest = None
        note = kind = None
        if family == cat.AC:
            kind = cat.KIND_NAMES[cat.AC]
        elif family == cat.WATER:
            marked = "ГВ" in model or model.endswith("Г") or "ХВ" in model or model.endswith("Х")
            hot = "ГВ" in model or model.endswith("Г") if marked else rng.random() < 0.5
            kind = cat.WATER_KINDS[1 if hot else 0]
            interval = 4 if hot else 6
            due = installed + timedelta(days=365 * interval)
            note = f"Межповерочный интервал {interval} {'года' if hot else 'лет'}, поверка до {due:%d.%m.%Y}"
        else:
            kind = cat.COMBINE_KIND if model in cat.COMBINES else cat.KIND_NAMES[cat.MACHINE]
            limit = rng.choice(cat.USAGE_LIMITS)
            rate = rng.uniform(200, 1100) / 365
            days = sorted(rng.randint(30, max(31, (demo.today - installed).days - 1)) for _ in range(rng.randint(1, 5)))
            value = Decimal(0)
            for day in days:
                value = max(value + Decimal("0.5"), Decimal(str(round(rate * day * rng.uniform(0.9, 1.1), 1))))
                readings.append((unit_id, demo.at(installed + timedelta(days=day), 600),
                                 value, rng.choice(("visit", "client", "telematics"))))
            latest = value
        serials[prefix] += rng.randint(1, 37)
        serial = f"{prefix}-{_series(rng)}-{serials[prefix]:06d}"  # from the seed alone, never from the date
        created = max(client.created_at, demo.at(installed, 660))
        rows.append((unit_id, client.id, site.id, demo.manufacturers[name], kind, model, serial, sold,
                     installed, until, limit, "engine_hours" if limit else None, note, created))
        units.append(UnitRec(unit_id, client, site, family, name, model, installed, until, limit, latest))
    w = demo.writer
    w.copy("equipment", ("id", "client_id", "site_id", "manufacturer_id", "kind", "model", "serial", "sold_on",
                         "installed_on", "warranty_until", "warranty_usage_limit", "usage_unit", "note",
                         "created_at"), rows)
    w.copy("usage_readings", ("id", "equipment_id", "read_at", "value", "source"),
           ((i, *r) for i, r in zip(w.ids("usage_readings", len(readings)), readings, strict=True)))
    return Fleet(units)

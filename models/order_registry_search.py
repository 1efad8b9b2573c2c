"""The registry's search box: one typed text becomes conditions on ``orders`` with an estimate of how many match.

The text is tried as an order number, a phone (whole or its last digits), a client's name, an address, a unit's
serial or model, and the words of the order's own text (title, description, custom fields). Look-ups into other
tables come back as id lists when they are short enough, else as subqueries; the words of the order's text are
either a condition checked row by row (when common) or a list of ids from the text index (when rare). Each part
carries the number of orders it is expected to match, so the registry can choose how to read a page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ARRAY, ColumnElement, Integer, Select, and_, any_, bindparam, false, or_, select, text
from sqlalchemy.orm import Session

from models.clients import Client, ClientPhone, Site
from models.equipment import Equipment
from models.phones import DEFAULT_REGION, looks_like_phone, phone_search_keys
from models.pipelines import ORDER_TEXT_FTS, Order
from models.search import fold, prefix_tsquery

#: A look-up (clients by name, sites by address...) with more hits than this stays a subquery, not an id list.
ID_LIST_LIMIT = 20_000
ESTIMATE_SAMPLE = 100
MIN_SUFFIX_DIGITS = 5
#: Words of a search found in at most this many orders come in as those orders' ids (see _words_part).
TEXT_SPARSE_LIMIT = 20_000
#: The index holding the words of orders; its statistics say how common a searched word is.
ORDER_TEXT_INDEX = "ix_orders_text_fts"
_NOTHING = false()
_NUMBER = re.compile(r"^\s*[#№]?\s*(\d{1,15})\s*$")
_WORDS = re.compile(r"\w+")  # the words prefix_tsquery() makes a query of


def in_ids(column, ids: Sequence[int]) -> ColumnElement[bool]:
    """``column = ANY(:ids)``: one array parameter however long the list is."""
    return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))


@dataclass(frozen=True)
class _Part:
    """One way a search text matches orders: the condition, the orders it is expected to match, whether it is a
    subquery (a look-up too big for an id list) and whether it matches the order's words on the fly."""

    condition: ColumnElement[bool]
    rows: float
    subquery: bool = False
    matches_words: bool = False


def _part(session: Session, condition: ColumnElement[bool]) -> _Part:
    return _Part(condition, float(planner_rows(session, select(Order.id).where(condition))))


def _ids_or_subquery(session: Session, query: Select, column) -> _Part | None:
    """``column = ANY(ids)`` with the ids fetched now (an index look-up the planner can OR with others), or the
    subquery itself when it finds too many; None when it finds none. The orders expected are the planner's for
    the first ESTIMATE_SAMPLE ids, scaled (planning an estimate over thousands of ids takes longer than the
    page)."""
    ids = session.execute(query.limit(ID_LIST_LIMIT + 1)).scalars().all()
    if not ids:
        return None
    sample = ids[:ESTIMATE_SAMPLE]
    rows = planner_rows(session, select(Order.id).where(in_ids(column, sample))) * len(ids) / len(sample)
    if len(ids) > ID_LIST_LIMIT:
        return _Part(column.in_(query), rows, subquery=True)
    return _Part(in_ids(column, ids), rows)


def _like_prefix(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class TextMatch:
    """The orders a search text matches: the condition, how many orders it is expected to match, whether
    checking it on a row means matching the order's words on the fly (a common word, too many orders to list),
    and whether it holds a look-up too big for an id list (a subquery: the planner walks the sort key's index)."""

    condition: ColumnElement[bool]
    rows: float
    matches_words: bool
    subquery: bool = False


def text_condition(session: Session, typed: str, region: str = DEFAULT_REGION, *,
                   total: float | None = None) -> TextMatch:
    """Orders matching the search text anywhere, with the number of them expected.

    Clients, phones, sites and units are looked up through their indexes first and come in as id lists, so each
    part of the condition is an index of ``orders`` and the planner can estimate it. The order's own words are
    an id list too unless they are common (see _words_part): the planner has no estimate for a prefix search, so
    theirs comes from the statistics of the words index. ``total`` is the planner's count of all orders.
    """
    typed = typed.strip()
    total = total if total is not None else planner_rows(session, select(Order.id))
    parts = _text_parts(session, typed, region)
    words: _Part | None = None
    query = prefix_tsquery(typed)
    if query and not (looks_like_phone(typed) and len(re.sub(r"\D", "", typed)) >= 7):
        words = _words_part(session, query, typed, total)
    if words is not None:
        parts.append(words)
    if not parts:
        return TextMatch(_NOTHING, 0.0, False)
    return TextMatch(or_(*(p.condition for p in parts)), min(float(total), sum(p.rows for p in parts)),
                     any(p.matches_words for p in parts), any(p.subquery for p in parts))


def _text_parts(session: Session, typed: str, region: str) -> list[_Part]:
    """The id-list conditions of one search text (all but the order's own words), the most selective first."""
    parts: list[_Part | None] = []
    number = _NUMBER.match(typed)
    if number and len(number.group(1)) <= 12:
        parts.append(_part(session, Order.number == int(number.group(1))))
    digits = re.sub(r"\D", "", typed)
    phone_like = looks_like_phone(typed) and not typed.lstrip().startswith(("#", "№"))
    if phone_like:
        parts += _phone_conditions(session, typed, digits, region)
    if " " not in typed and any(c.isdigit() for c in typed) and len(typed) >= 3 and not number:
        parts.append(_ids_or_subquery(session, select(Equipment.id).where(
            text("upper(equipment.serial) LIKE :registry_serial ESCAPE '\\'")
            .bindparams(registry_serial=_like_prefix(typed.upper()))), Order.equipment_id))
    query = prefix_tsquery(typed)
    if query and not (phone_like and len(digits) >= 7):
        parts.append(_ids_or_subquery(session, select(Client.id).where(
            text("to_tsvector('simple', fd_fold(clients.name)) @@ to_tsquery('simple', :registry_cq)")
            .bindparams(registry_cq=query)), Order.client_id))
        parts.append(_ids_or_subquery(session, select(Site.id).where(
            text("to_tsvector('simple', fd_fold(sites.address)) @@ to_tsquery('simple', :registry_sq)")
            .bindparams(registry_sq=query)), Order.site_id))
    return [p for p in parts if p is not None]


def _words_part(session: Session, query: str, typed: str, total: float) -> _Part | None:
    """Orders whose title, description or custom fields hold the words, and how many are expected.

    A word the statistics of the words index count in more than TEXT_SPARSE_LIMIT orders stays a condition on the
    words (it is dense: walking the sort key's index meets a page of them soon). Any other is looked up now
    through the index (bitmap scans only: a rare word must not send the planner through the whole table) and comes
    in as an id list, or as nothing, so a walk does not match words on the fly for an address or a name.
    """
    condition = text(f"{ORDER_TEXT_FTS} @@ to_tsquery('simple', :registry_q)").bindparams(registry_q=query)
    share = _words_share(session, typed)
    if share is not None and share * total > TEXT_SPARSE_LIMIT:
        return _Part(condition, share * total, matches_words=True)
    session.execute(text("SET LOCAL enable_seqscan = off"))
    session.execute(text("SET LOCAL enable_indexscan = off"))
    ids = session.execute(select(Order.id).where(condition).limit(TEXT_SPARSE_LIMIT + 1)).scalars().all()
    session.execute(text("RESET enable_seqscan"))
    session.execute(text("RESET enable_indexscan"))
    if len(ids) > TEXT_SPARSE_LIMIT:
        return _Part(condition, max(share or 0.0, len(ids) / max(total, 1.0)) * total, matches_words=True)
    return _Part(in_ids(Order.id, ids), float(len(ids))) if ids else None


def _words_share(session: Session, typed: str) -> float | None:
    """The share of orders holding every word of ``typed`` as a prefix, from the most common elements ANALYZE
    keeps for the words index; None when a word is not among them (then it is rare, or the table is unanalysed)."""
    row = session.execute(text(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
        "WHERE schemaname = current_schema() AND tablename = :registry_index"
    ).bindparams(registry_index=ORDER_TEXT_INDEX)).first()
    if row is None or not row[0]:
        return None
    elements, frequencies = row
    share = 1.0
    for word in _WORDS.findall(fold(typed))[:8]:
        found = sum(f for e, f in zip(elements, frequencies, strict=False) if e.startswith(word))
        if not found:
            return None
        share *= min(found, 1.0)  # words independent: a sound guess for deciding how to read
    return share


def _phone_conditions(session: Session, typed: str, digits: str, region: str) -> list[_Part | None]:
    keys = phone_search_keys(typed, region)
    parts: list[_Part | None] = []
    if keys:
        parts.append(_ids_or_subquery(session, select(ClientPhone.client_id).where(ClientPhone.digits.in_(keys)),
                                      Order.client_id))
        parts.append(_part(session, Order.requester_phone.in_(["+" + k for k in keys])))
    elif len(digits) >= MIN_SUFFIX_DIGITS:
        # A partial number: the end of stored numbers, through the reversed-digits index.
        suffix = _like_prefix(digits[::-1])
        parts.append(_ids_or_subquery(session, select(ClientPhone.client_id).where(
            text("reverse(phones.digits) LIKE :registry_suffix ESCAPE '\\'").bindparams(registry_suffix=suffix)),
            Order.client_id))
        parts.append(_part(session, and_(Order.requester_phone.is_not(None),
                                         Order.requester_phone.like("%" + digits))))
    return parts


def planner_rows(session: Session, query: Select) -> int:
    """The planner's estimate of the rows ``query`` returns (EXPLAIN without running it)."""
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])

"""Translated words for the domain's stored codes (client kinds, phone kinds, timeline kinds, hit kinds)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "DomainLabels"

CLIENT_KINDS = {
    "person": QT_TRANSLATE_NOOP("DomainLabels", "person"),
    "company": QT_TRANSLATE_NOOP("DomainLabels", "company"),
}

PHONE_KINDS = {
    "mobile": QT_TRANSLATE_NOOP("DomainLabels", "mobile"),
    "work": QT_TRANSLATE_NOOP("DomainLabels", "work"),
    "home": QT_TRANSLATE_NOOP("DomainLabels", "home"),
    "fax": QT_TRANSLATE_NOOP("DomainLabels", "fax"),
    "other": QT_TRANSLATE_NOOP("DomainLabels", "other"),
}

TIMELINE_KINDS = {
    "note": QT_TRANSLATE_NOOP("DomainLabels", "Note"),
    "call": QT_TRANSLATE_NOOP("DomainLabels", "Call"),
    "status_change": QT_TRANSLATE_NOOP("DomainLabels", "Stage change"),
    "document": QT_TRANSLATE_NOOP("DomainLabels", "Document"),
    "task": QT_TRANSLATE_NOOP("DomainLabels", "Task"),
    "visit": QT_TRANSLATE_NOOP("DomainLabels", "Visit"),
    "payment": QT_TRANSLATE_NOOP("DomainLabels", "Payment"),
}

#: Short labels for what a search hit matched.
HIT_KINDS = {
    "client": QT_TRANSLATE_NOOP("DomainLabels", "Client"),
    "phone": QT_TRANSLATE_NOOP("DomainLabels", "Phone"),
    "contact": QT_TRANSLATE_NOOP("DomainLabels", "Contact"),
    "site": QT_TRANSLATE_NOOP("DomainLabels", "Address"),
    "equipment": QT_TRANSLATE_NOOP("DomainLabels", "Unit"),
    "order": QT_TRANSLATE_NOOP("DomainLabels", "Order"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of ``code`` in ``table``; an unknown code is shown as it is stored."""
    if not code:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(CONTEXT, source) if source else code.replace("_", " ")

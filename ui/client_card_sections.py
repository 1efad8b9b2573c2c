"""The client card's detail sections: a titled block each for phones, e-mails, contacts, sites and the lists."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from models.views import ContactRow, PhoneRow, SiteRow
from ui.domain_labels import PHONE_KINDS, label
from ui.phone_link import PhoneLink


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget and nested layout in ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


def text_label(text: str, *, secondary: bool = False, selectable: bool = True) -> QLabel:
    """A wrapping label; secondary ones are greyed (access notes, positions)."""
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if secondary:
        widget.setObjectName("secondaryText")
    return widget


class Section(QWidget):
    """A titled block of the card: "Equipment (3)" over its content, or a line saying there is none."""

    def __init__(self, title: str, empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._title = title
        self.title_label = QLabel(title)
        self.title_label.setObjectName("sectionTitle")
        self.empty_label = text_label(empty_text, secondary=True)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(4)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addWidget(self.title_label, 1)
        layout.addLayout(self.header)
        layout.addWidget(self.empty_label)
        layout.addLayout(self.body)

    def add_button(self, text: str, tooltip: str = "") -> QPushButton:
        """A small button at the right of the section's title ("Add unit…")."""
        button = QPushButton(text)
        button.setToolTip(tooltip)
        self.header.addWidget(button)
        return button

    def set_count(self, count: int) -> None:
        self.title_label.setText(f"{self._title} ({count})" if count else self._title)
        self.empty_label.setVisible(count == 0)


class PhonesSection(Section):
    """The client's phones in display form, each a link: a click calls, the context menu copies."""

    call_requested = Signal(str)
    phone_copied = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Phones"), self.tr("No phone numbers."), parent)

    def set_phones(self, phones: Sequence[PhoneRow]) -> None:
        clear_layout(self.body)
        for phone in phones:
            row = QHBoxLayout()
            row.setSpacing(8)
            row.addWidget(self.phone_link(phone.display, phone.e164))
            details = [label(PHONE_KINDS, phone.kind)]
            if phone.contact_name:
                details.append(phone.contact_name)
            row.addWidget(text_label(" · ".join(d for d in details if d), secondary=True), 1)
            self.body.addLayout(row)
        self.set_count(len(phones))

    def phone_link(self, display: str, number: str | None = None) -> PhoneLink:
        """A number as a link whose clicks and copies come out of this section's signals."""
        link = PhoneLink(display, number)
        link.call_requested.connect(self.call_requested)
        link.phone_copied.connect(self.phone_copied)
        return link


class EmailsSection(Section):
    """The client's e-mail addresses, selectable."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("E-mail"), self.tr("No e-mail addresses."), parent)

    def set_emails(self, emails: Sequence[str]) -> None:
        clear_layout(self.body)
        for email in emails:
            self.body.addWidget(text_label(email))
        self.set_count(len(emails))


class ContactsSection(Section):
    """Contact people: name and position, then their phones (links) and e-mails."""

    call_requested = Signal(str)
    phone_copied = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Contacts"), self.tr("No contact people."), parent)

    def set_contacts(self, contacts: Sequence[ContactRow]) -> None:
        clear_layout(self.body)
        for contact in contacts:
            name = contact.full_name + (f", {contact.position}" if contact.position else "")
            self.body.addWidget(text_label(name))
            if not (contact.phones or contact.emails):
                continue
            row = QHBoxLayout()
            row.setSpacing(8)
            for phone in contact.phones:
                link = PhoneLink(phone)
                link.call_requested.connect(self.call_requested)
                link.phone_copied.connect(self.phone_copied)
                row.addWidget(link)
            if contact.emails:
                row.addWidget(text_label(", ".join(contact.emails), secondary=True))
            row.addStretch(1)
            self.body.addLayout(row)
        self.set_count(len(contacts))


class SitesSection(Section):
    """Addresses where work is done, each with what a technician needs to get in."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Sites"), self.tr("No addresses yet."), parent)

    def set_sites(self, sites: Sequence[SiteRow]) -> None:
        clear_layout(self.body)
        for site in sites:
            self.body.addWidget(text_label(site.address))
            if site.access:
                self.body.addWidget(text_label(self.tr("Access: %1").replace("%1", site.access), secondary=True))
        self.set_count(len(sites))


class TableSection(Section):
    """A section holding one table (equipment, orders, visits, the timeline), hidden while it has no rows."""

    def __init__(self, title: str, empty_text: str, table: QWidget, parent: QWidget | None = None):
        super().__init__(title, empty_text, parent)
        self.table = table
        self.body.addWidget(table)

    def set_count(self, count: int) -> None:
        super().set_count(count)
        self.table.setVisible(count > 0)

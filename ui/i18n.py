"""Choosing and installing the translation: Russian from the system locale, FIELDDESK_LANG to override."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import TRANSLATIONS_DIR

ENV_LANG = "FIELDDESK_LANG"
SUPPORTED = ("en", "ru")


def choose_language(environ: dict[str, str] | None = None, locale: QLocale | None = None) -> str:
    """"ru" or "en": FIELDDESK_LANG when it names a supported language, else the system locale's language."""
    environ = os.environ if environ is None else environ
    override = environ.get(ENV_LANG, "").strip().lower()[:2]
    if override in SUPPORTED:
        return override
    locale = locale or QLocale.system()
    return "ru" if locale.language() == QLocale.Language.Russian else "en"


def install_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install FieldDesk's and Qt's own translators for ``language``; return them (keep them alive).

    English is the source language, so it installs nothing.
    """
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"fielddesk_{language}", str(TRANSLATIONS_DIR)), (f"qtbase_{language}", qt_dir)):
        translator = QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            installed.append(translator)
    QLocale.setDefault(QLocale(language))
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo ``install_translations`` (tests switch languages back and forth)."""
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale.system())

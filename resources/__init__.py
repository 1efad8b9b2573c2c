"""Icons, translations, style sheets and templates shipped with FieldDesk."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
STYLE_SHEET = RESOURCES_DIR / "fielddesk.qss"

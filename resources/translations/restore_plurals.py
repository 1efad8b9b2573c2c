"""Put back the plural forms pyside6-lupdate drops from a .ts file.

pyside6-lupdate extracts ``QCoreApplication.translate(ctx, "… %n …", None, n)``
as a singular message, so every run loses ``numerus="yes"`` and the
``<numerusform>`` translations of such messages.  Run this right after lupdate:

    python resources/translations/restore_plurals.py NEW.ts PREVIOUS.ts

Every message of NEW.ts whose source contains ``%n`` but is not numerus is
marked ``numerus="yes"``; its plural forms are copied from the same message
(context, source, comment) of PREVIOUS.ts, the copy taken before lupdate, when
that copy has them, else the message is left unfinished with empty forms.
NEW.ts is edited in place as text, so its DOCTYPE and layout stay as lupdate
wrote them.  PREVIOUS.ts may be omitted or missing (then all forms are empty).
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, unescape

DEFAULT_FORMS = 3  # Russian: one / few / many

_ENTITIES = {"&quot;": '"', "&apos;": "'"}
_ESCAPES = {'"': "&quot;", "'": "&apos;"}

CONTEXT_RE = re.compile(r"(<context>\s*<name>)(.*?)(</name>)(.*?)(</context>)", re.S)
MESSAGE_RE = re.compile(r"<message(?P<attrs>[^>]*)>(?P<body>.*?)</message>", re.S)
SOURCE_RE = re.compile(r"<source>(.*?)</source>", re.S)
COMMENT_RE = re.compile(r"<comment>(.*?)</comment>", re.S)
TRANSLATION_RE = re.compile(
    r"(?P<indent>[ \t]*)<translation(?P<tattrs>[^>]*?)(?:/>|>(?P<text>.*?)</translation>)", re.S
)


def _text(raw: str | None) -> str:
    return unescape(raw or "", _ENTITIES)


def load_previous(path: str | None) -> tuple[dict, dict]:
    """Numerus translations of PREVIOUS.ts: by (context, source, comment) and by source alone."""
    by_key: dict = {}
    by_source: dict = {}
    if not path or not os.path.exists(path):
        return by_key, by_source
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            if message.get("numerus") != "yes":
                continue
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("obsolete", "vanished"):
                continue
            forms = [form.text or "" for form in translation.findall("numerusform")]
            if not any(forms):
                continue
            entry = (tuple(forms), translation.get("type") == "unfinished")
            source = message.findtext("source") or ""
            by_key[(name, source, message.findtext("comment") or "")] = entry
            by_source.setdefault(source, set()).add(entry)
    return by_key, by_source


def restore(text: str, by_key: dict, by_source: dict) -> tuple[str, int, int]:
    restored = filled = 0

    def fix_context(cm: re.Match) -> str:
        nonlocal restored, filled
        context = _text(cm.group(2))

        def fix_message(mm: re.Match) -> str:
            nonlocal restored, filled
            attrs, body = mm.group("attrs"), mm.group("body")
            source_match = SOURCE_RE.search(body)
            if 'numerus="yes"' in attrs or not source_match:
                return mm.group(0)
            source = _text(source_match.group(1))
            if "%n" not in source:
                return mm.group(0)
            tm = TRANSLATION_RE.search(body)
            if tm is None or any(t in tm.group("tattrs") for t in ("obsolete", "vanished")):
                return mm.group(0)
            comment_match = COMMENT_RE.search(body)
            comment = _text(comment_match.group(1)) if comment_match else ""
            entry = by_key.get((context, source, comment))
            if entry is None and len(by_source.get(source, ())) == 1:
                entry = next(iter(by_source[source]))  # message moved to another context
            if entry is None:
                forms, unfinished = ("",) * DEFAULT_FORMS, True
            else:
                (forms, unfinished), filled = entry, filled + 1
            indent = tm.group("indent")
            type_attr = ' type="unfinished"' if unfinished else ""
            lines = [f"{indent}<translation{type_attr}>"]
            lines += [f"{indent}    <numerusform>{escape(f, _ESCAPES)}</numerusform>" for f in forms]
            lines.append(f"{indent}</translation>")
            body = body[: tm.start()] + "\n".join(lines) + body[tm.end():]
            restored += 1
            return f'<message{attrs} numerus="yes">{body}</message>'

        inner = MESSAGE_RE.sub(fix_message, cm.group(4))
        return cm.group(1) + cm.group(2) + cm.group(3) + inner + cm.group(5)

    return CONTEXT_RE.sub(fix_context, text), restored, filled


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print("usage: restore_plurals.py NEW.ts [PREVIOUS.ts]", file=sys.stderr)
        return 2
    new_path = argv[1]
    by_key, by_source = load_previous(argv[2] if len(argv) == 3 else None)
    with open(new_path, encoding="utf-8", newline="") as f:
        text = f.read()
    text, restored, filled = restore(text, by_key, by_source)
    if restored:
        with open(new_path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print(f"{new_path}: {restored} plural message(s) restored, "
          f"{filled} filled from the previous copy, {restored - filled} left unfinished")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

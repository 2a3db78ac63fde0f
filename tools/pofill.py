"""Fill msgstr entries of an app's .po files from a YAML file of translations.

    .venv/bin/python tools/pofill.py madoguchi/core/locale/translations.yaml

The YAML maps each Japanese msgid to {en: ..., easy: ...}; the .po files beside it
(locale/en and locale/easy) get those msgstr values. Entries not in the YAML are left alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import yaml


def main(path: str) -> None:
    source = Path(path)
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    for lang in ("en", "easy"):
        po_path = source.parent / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(po_path))
        filled = 0
        for entry in po:
            text = (data.get(entry.msgid) or {}).get(lang)
            if text:
                entry.msgstr = text
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                filled += 1
        missing = [e.msgid for e in po if not e.msgstr and not e.obsolete]
        po.save()
        print(f"{po_path}: {filled} filled, {len(missing)} still untranslated")
        for msgid in missing:
            print(f"  missing: {msgid}")


if __name__ == "__main__":
    main(sys.argv[1])

"""Every booking text has English and やさしい日本語; calendar files are valid RFC 5545 lines."""

import ast
from datetime import datetime
from pathlib import Path

import pytest

from madoguchi.booking.ics import event_ics, fold
from madoguchi.core.calendar import TOKYO

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def entries(po: Path):
    """(msgid, [msgstr...], flags) for every entry of a .po file."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        current, values = None, {}
        for line in lines:
            if line.startswith(("msgid", "msgstr")):
                key, _, rest = line.partition(" ")
                current = key
                values[key] = ast.literal_eval(rest)
            elif line.startswith('"') and current:
                values[current] += ast.literal_eval(line)
        if values.get("msgid"):
            yield values["msgid"], [v for k, v in values.items() if k.startswith("msgstr")], flags


@pytest.mark.parametrize("lang", ["en", "easy"])
def test_every_booking_text_is_translated(lang):
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    rows = list(entries(po))
    assert len(rows) > 100
    untranslated = [msgid for msgid, strs, flags in rows if not all(strs) or "fuzzy" in flags]
    assert untranslated == []


def test_long_japanese_lines_fold_at_75_octets_without_breaking_characters():
    line = "SUMMARY:" + "電子証明書の更新（マイナンバーカードセンター）" * 3
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(parts) == line


def test_event_ics_has_utc_times_and_escaped_text():
    text = event_ics(
        uid="ABCD2345@madoguchi",
        start=datetime(2027, 1, 14, 9, 0, tzinfo=TOKYO),
        end=datetime(2027, 1, 14, 9, 15, tzinfo=TOKYO),
        summary="更新, 受取り; 窓口",
        location="桜浜市",
        description="予約番号: ABCD-2345",
        stamp=datetime(2027, 1, 12, 1, 0, tzinfo=TOKYO),
    )
    assert "DTSTART:20270114T000000Z\r\n" in text
    assert "DTEND:20270114T001500Z\r\n" in text
    assert "SUMMARY:更新\\, 受取り\\; 窓口\r\n" in text
    assert text.endswith("END:VCALENDAR\r\n")

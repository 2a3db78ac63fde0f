"""Readable opening hours: '月～金 8:45–17:00', '第2・第4土 9:00–12:00'."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from madoguchi.core.i18n import current_lang

_DAY_NAMES = {
    "ja": ["月", "火", "水", "木", "金", "土", "日"],
    "easy": ["げつ", "か", "すい", "もく", "きん", "ど", "にち"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}


@dataclass(frozen=True)
class HoursLine:
    days: str
    times: str
    note: dict


def _nth(weeks: list[int], lang: str) -> str:
    if lang == "en":
        ords = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th"}
        return " & ".join(ords[w] for w in weeks) + " "
    if lang == "easy":
        return "・".join(f"だい{w}" for w in weeks)
    return "・".join(f"第{w}" for w in weeks)


def _day_range(days: list[int], lang: str) -> str:
    names = _DAY_NAMES[lang]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        sep = "–" if lang == "en" else "～"
        return f"{names[days[0]]}{sep}{names[days[-1]]}"
    return ("/" if lang == "en" else "・").join(names[d] for d in days)


def summarise(hours: Iterable, lang: str | None = None) -> list[HoursLine]:
    """Group weekdays that share the same times, weeks of month and note."""
    lang = lang or current_lang()
    groups: dict[tuple, list[int]] = {}
    for h in hours:
        key = (
            h.opens,
            h.closes,
            tuple(h.weeks_of_month or ()),
            tuple(sorted((h.note or {}).items())),
        )
        groups.setdefault(key, []).append(h.weekday)
    lines = []
    for (opens, closes, weeks, note), days in sorted(groups.items(), key=lambda kv: min(kv[1])):
        label = _day_range(sorted(days), lang)
        if weeks:
            label = f"{_nth(list(weeks), lang)}{label}"
        lines.append(HoursLine(label, f"{opens:%H:%M}–{closes:%H:%M}", dict(note)))
    return lines

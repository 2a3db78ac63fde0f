"""Dates and times for booking pages in the reader's language (Tokyo time)."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from madoguchi.core.calendar import TOKYO
from madoguchi.core.i18n import current_lang

register = template.Library()

JA_WEEKDAYS = "月火水木金土日"
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.astimezone(TOKYO).date()
    return value


@register.filter
def day_label(value: date | datetime | None) -> str:
    """'1月14日（木）', 'Thu 14 Jan 2027', '1がつ14にち（もく）'."""
    if value is None:
        return ""
    day = _as_date(value)
    lang = current_lang()
    if lang == "en":
        return f"{EN_WEEKDAYS[day.weekday()]} {day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    if lang == "easy":
        easy = ("げつ", "か", "すい", "もく", "きん", "ど", "にち")[day.weekday()] + "ようび"
        return f"{day.month}がつ{day.day}にち（{easy}）"
    return f"{day.year}年{day.month}月{day.day}日（{JA_WEEKDAYS[day.weekday()]}）"


@register.filter
def hm(value: datetime | None) -> str:
    return value.astimezone(TOKYO).strftime("%H:%M") if value else ""


@register.filter
def when(value: datetime | None) -> str:
    """Day and time: '2027年1月14日（木） 09:00'."""
    return f"{day_label(value)} {hm(value)}" if value else ""


@register.filter
def local_iso(value: datetime) -> str:
    return value.astimezone(TOKYO).isoformat()


@register.filter
def get(mapping: dict, key: str):
    return (mapping or {}).get(key, "")


@register.filter
def by_period(slots) -> list[tuple[str, list]]:
    """Slots grouped as 午前 / 午後 / 夜間 (from 17:00), in order, with their counter index."""
    from django.utils.translation import gettext as _

    groups: list[tuple[str, list]] = []
    for index, slot in enumerate(slots):
        hour = slot.start.astimezone(TOKYO).hour
        label = _("午前") if hour < 12 else _("午後") if hour < 17 else _("夜間")
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append((index, slot))
    return groups

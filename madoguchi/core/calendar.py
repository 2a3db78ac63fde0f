"""When an office is open: weekly hours, n-th-week openings, closures, holidays, maintenance.

Pure functions over the city models. They read only ``office.hours.all()``,
``office.closures.all()``, ``office.city.closures.all()`` and ``office.city.rules``, so a caller
that looks at many days prefetches those once (see :func:`prefetch_calendar`) and no further
queries are made.

Times in the city data are local (Asia/Tokyo); the windows returned are aware datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jpholiday

TOKYO = ZoneInfo("Asia/Tokyo")
SATURDAY, SUNDAY = 5, 6


def week_of_month(day: date) -> int:
    """1 for days 1–7, 2 for days 8–14, …: 'the 2nd Saturday' is the Saturday in week 2."""
    return (day.day - 1) // 7 + 1


def sunday_after_third_saturday(year: int, month: int) -> date:
    """The J-LIS maintenance day: the Sunday right after the month's third Saturday."""
    first = date(year, month, 1)
    first_saturday = first + timedelta(days=(SATURDAY - first.weekday()) % 7)
    return first_saturday + timedelta(days=14 + 1)


MAINTENANCE_RULES = {"sunday_after_third_saturday": sunday_after_third_saturday}


def is_national_maintenance_day(day: date, rules: dict | None) -> bool:
    """True on the national card-system maintenance day named in ``City.rules``."""
    rule = ((rules or {}).get("national_maintenance") or {}).get("rule")
    if not rule:
        return False
    try:
        maintenance_day = MAINTENANCE_RULES[rule]
    except KeyError:
        raise ValueError(f"unknown national_maintenance rule {rule!r}") from None
    return maintenance_day(day.year, day.month) == day


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


def closure_covers(closure, day: date) -> bool:
    """A fixed range (start..end inclusive) or a yearly MM-DD range, which may wrap New Year."""
    if closure.yearly_start and closure.yearly_end:
        start, end, today = (
            _month_day(closure.yearly_start),
            _month_day(closure.yearly_end),
            (day.month, day.day),
        )
        if start <= end:
            return start <= today <= end
        return today >= start or today <= end  # e.g. 12-29 .. 01-03
    if closure.start and closure.end:
        return closure.start <= day <= closure.end
    return False


def is_public_holiday(day: date) -> bool:
    return jpholiday.is_holiday(day)


def closed_reason(office, day: date) -> str | None:
    """Why the office takes no bookings on ``day`` ('holiday', 'closure', 'maintenance'), or None."""
    if is_public_holiday(day):
        return "holiday"
    closures: Iterable = list(office.city.closures.all())
    for closure in closures:
        if (closure.office_id is None or closure.office_id == office.pk) and closure_covers(
            closure, day
        ):
            return "closure"
    if is_national_maintenance_day(day, office.city.rules):
        return "maintenance"
    return None


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=TOKYO)


def opening_windows(office, day: date) -> list[tuple[datetime, datetime]]:
    """The office's open periods on ``day`` as aware (Asia/Tokyo) datetimes, sorted and merged.

    Empty on public holidays, city or office closures and the national maintenance day.
    """
    if closed_reason(office, day):
        return []
    week = week_of_month(day)
    spans = sorted(
        (h.opens, h.closes)
        for h in office.hours.all()
        if h.weekday == day.weekday() and (not h.weeks_of_month or week in h.weeks_of_month)
    )
    merged: list[list[time]] = []
    for opens, closes in spans:
        if merged and opens <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], closes)
        else:
            merged.append([opens, closes])
    return [(_aware(day, opens), _aware(day, closes)) for opens, closes in merged]


def prefetch_calendar(offices):
    """A queryset of offices with everything :func:`opening_windows` reads, in a few queries."""
    return offices.select_related("city").prefetch_related("hours", "city__closures")

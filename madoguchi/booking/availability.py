"""Which start times are bookable, and how many places each has left.

Counters × opening hours − bookings, computed from the capacity ledger in one query per office
and date range. A start time is offered on a 15-minute grid from opening; the booking then takes
only the minutes its procedure needs (in 5-minute units), so short procedures leave room.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from madoguchi.booking.models import UNIT_MINUTES, CapacityUnit
from madoguchi.core.calendar import TOKYO, opening_windows

GRID_MINUTES = 15
UNIT = timedelta(minutes=UNIT_MINUTES)


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    remaining: int


def unit_starts(start: datetime, end: datetime) -> list[datetime]:
    """The 5-minute units a booking from ``start`` to ``end`` covers."""
    units = []
    at = start
    while at < end:
        units.append(at)
        at += UNIT
    return units


def last_bookable_day(office, now: datetime) -> date:
    """Booking opens ``booking_days_ahead`` days ahead, released each day at the release time."""
    local = now.astimezone(TOKYO)
    days = office.booking_days_ahead
    if local.time() < office.booking_release_time:
        days -= 1
    return local.date() + timedelta(days=days)


def candidate_starts(office, minutes: int, day: date) -> list[tuple[datetime, datetime]]:
    """Grid start times on ``day`` where a booking of ``minutes`` fits inside an open window."""
    length = timedelta(minutes=minutes)
    step = timedelta(minutes=GRID_MINUTES)
    out = []
    for opens, closes in opening_windows(office, day):
        at = opens
        while at + length <= closes:
            out.append((at, at + length))
            at += step
    return out


def _free_by_unit(office, start: datetime, end: datetime) -> dict[int, int]:
    """Places left per unit (keyed by UNIX seconds); units without a row are wholly free."""
    rows = CapacityUnit.objects.filter(
        office_id=office.pk, start__gte=start, start__lt=end
    ).values_list("start", "capacity", "used")
    return {int(s.timestamp()): capacity - used for s, capacity, used in rows}


def available_slots(
    office,
    minutes: int,
    date_from: date,
    date_to: date,
    now: datetime,
    *,
    include_full: bool = False,
) -> list[Slot]:
    """Bookable slots between two dates (inclusive), after ``now`` and inside the horizon."""
    date_to = min(date_to, last_bookable_day(office, now))
    date_from = max(date_from, now.astimezone(TOKYO).date())
    if date_from > date_to:
        return []
    candidates: list[tuple[datetime, datetime]] = []
    day = date_from
    while day <= date_to:
        candidates.extend(c for c in candidate_starts(office, minutes, day) if c[0] > now)
        day += timedelta(days=1)
    if not candidates:
        return []
    free_by_unit = _free_by_unit(office, candidates[0][0], candidates[-1][1])
    capacity = office.counters
    unit_seconds = UNIT_MINUTES * 60
    slots = []
    for start, end in candidates:
        first = int(start.timestamp())
        remaining = min(
            free_by_unit.get(t, capacity) for t in range(first, int(end.timestamp()), unit_seconds)
        )
        if remaining > 0 or include_full:
            slots.append(Slot(start, end, max(remaining, 0)))
    return slots


def earliest_slot(
    office, minutes: int, now: datetime, *, not_before: date | None = None, chunk_days: int = 7
) -> Slot | None:
    """The first free slot in the booking horizon (not before ``not_before``), a week at a
    time."""
    day = now.astimezone(TOKYO).date()
    if not_before is not None:
        day = max(day, not_before)
    last = last_bookable_day(office, now)
    while day <= last:
        slots = available_slots(office, minutes, day, day + timedelta(days=chunk_days - 1), now)
        if slots:
            return slots[0]
        day += timedelta(days=chunk_days)
    return None


def is_offered_start(office, minutes: int, start: datetime) -> bool:
    """True when ``start`` is on the grid inside an open window (ignoring capacity)."""
    day = start.astimezone(TOKYO).date()
    return any(s == start for s, _ in candidate_starts(office, minutes, day))

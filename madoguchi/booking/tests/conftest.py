from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.db import connection

from madoguchi.core.calendar import TOKYO

# A fixed clock: Tuesday 12 January 2027, 10:00 in Tokyo (booking horizon reaches 12 February).
NOW = datetime(2027, 1, 12, 10, 0, tzinfo=TOKYO)
THURSDAY = date(2027, 1, 14)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=TOKYO)


# Module mark for the race tests: real row locks and concurrent writers need PostgreSQL.
CONCURRENT_POSTGRES = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real row locks and concurrent writers need PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


def free_slots(office, procedure):
    """Open times from two to twenty-five days after today (by the current clock)."""
    from django.utils import timezone

    from madoguchi.booking.availability import available_slots

    now = timezone.now()
    today = now.astimezone(TOKYO).date()
    return available_slots(
        office, procedure.minutes, today + timedelta(days=2), today + timedelta(days=25), now
    )


@pytest.fixture
def notices(db):
    from django.conf import settings

    from madoguchi.booking.notices import load_notices

    load_notices(settings.CONTENT_DIR / "city" / "demo-notices.yaml")


@pytest.fixture
def office(city):
    from madoguchi.core.calendar import prefetch_calendar
    from madoguchi.core.models import Office

    return prefetch_calendar(Office.objects.filter(slug="center")).get()


@pytest.fixture
def procedure(city):
    from madoguchi.core.models import Procedure

    return Procedure.objects.get(code="ecert_renew")


@pytest.fixture
def fixed_clock():
    """Fix ``timezone.now`` at NOW; background tasks (run at once in tests) read the clock too.
    Modules opt in with ``pytest.mark.usefixtures("fixed_clock")``."""
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def no_rate_limits(settings):
    settings.MADOGUCHI_RATE_LIMITS = False


@pytest.fixture
def booking(office, procedure):
    """One web booking at the center, Thursday 09:00, by contact(1)."""
    from madoguchi.booking.services import book_slot

    return book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(1), now=NOW
    )


def contact(n: int = 1, **extra):
    from madoguchi.booking.services import Contact

    return Contact(name_kana="ヤマダ　タロウ", email=f"person{n}@example.jp", **extra)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the (process-wide) cache: start every test from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

from datetime import date, datetime, time

import pytest

from madoguchi.core.calendar import TOKYO

# A fixed clock: Tuesday 12 January 2027, 10:00 in Tokyo (booking horizon reaches 12 February).
NOW = datetime(2027, 1, 12, 10, 0, tzinfo=TOKYO)
THURSDAY = date(2027, 1, 14)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=TOKYO)


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

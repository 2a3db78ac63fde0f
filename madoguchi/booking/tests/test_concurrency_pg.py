"""No double booking under real concurrency, on PostgreSQL (skipped on SQLite).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/madoguchi_booking .venv/bin/pytest madoguchi/booking
"""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models import Max, Sum
from django.utils import timezone

from madoguchi.booking.models import Booking, CapacityUnit
from madoguchi.booking.services import Contact, SlotTaken, book_slot, send_reminders
from madoguchi.booking.tests.conftest import CONCURRENT_POSTGRES, free_slots
from madoguchi.core.calendar import TOKYO, prefetch_calendar
from madoguchi.core.models import Office, Procedure

pytestmark = CONCURRENT_POSTGRES


def first_free_slot(office, procedure):
    return free_slots(office, procedure)[0]


@pytest.fixture
def center(city):
    Office.objects.filter(slug="center").update(counters=25)
    return prefetch_calendar(Office.objects.filter(slug="center")).get()


def test_200_concurrent_http_requests_for_20_places_give_20_bookings_and_180_conflicts(center):
    from madoguchi.booking.serve import free_port, gunicorn

    procedure = Procedure.objects.get(code="ecert_renew")
    slot = first_free_slot(center, procedure)
    for n in range(5):  # 25 counters, 5 already booked: 20 places remain
        book_slot(
            office=center,
            procedure=procedure,
            start=slot.start,
            contact=Contact(name_kana="マエ", email=f"before{n}@example.jp"),
        )
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    barrier = threading.Barrier(200)

    def attempt(n: int) -> int:
        body = json.dumps(
            {
                "office": "center",
                "service": "ecert_renew",
                "start": slot.start.isoformat(),
                "name_kana": "タナカ　ハナコ",
                "email": f"storm{n}@example.jp",
            }
        ).encode()
        request = urllib.request.Request(
            base + "/api/v1/bookings", data=body, headers={"Content-Type": "application/json"}
        )
        barrier.wait(timeout=30)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    server = gunicorn(url, workers=2, threads=8, extra_env={"EMAIL_PORT": str(free_port())})
    with server as base, ThreadPoolExecutor(max_workers=200) as pool:
        statuses = Counter(pool.map(attempt, range(200)))

    assert statuses == Counter({201: 20, 409: 180}), statuses
    assert Booking.objects.filter(start=slot.start, status="confirmed").count() == 25
    units = CapacityUnit.objects.filter(office=center, start__gte=slot.start, start__lt=slot.end)
    assert units.aggregate(m=Max("used"))["m"] == 25
    assert all(u.used <= u.capacity for u in units)


def test_threads_with_their_own_connections_never_overbook(center):
    procedure = Procedure.objects.get(code="ecert_renew_proxy")  # 25 minutes: overlapping units
    slot = first_free_slot(center, procedure)
    starts = [slot.start, slot.start + timedelta(minutes=15)]  # overlapping bookings compete too
    barrier = threading.Barrier(60)

    def attempt(n: int) -> str:
        try:
            barrier.wait(timeout=30)
            book_slot(
                office=center,
                procedure=procedure,
                start=starts[n % 2],
                contact=Contact(name_kana="スズキ", email=f"t{n}@example.jp"),
            )
            return "ok"
        except SlotTaken:
            return "taken"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=60) as pool:
        results = Counter(pool.map(attempt, range(60)))
    assert set(results) <= {"ok", "taken"}
    assert CapacityUnit.objects.filter(office=center).aggregate(m=Max("used"))["m"] == 25
    # the shared units (slot+15 … slot+25) carry at most 25 bookings from both starts together
    total = Booking.objects.filter(status="confirmed").count()
    assert total == results["ok"] and 25 <= total <= 50
    used = CapacityUnit.objects.filter(office=center).aggregate(s=Sum("used"))["s"]
    assert used == sum(len(range(0, 25, 5)) for _ in range(total))


def test_two_workers_sending_reminders_at_once_send_each_reminder_once(center, smtp_server):
    procedure = Procedure.objects.get(code="ecert_renew")
    now = timezone.now()
    slot = first_free_slot(center, procedure)
    for n in range(6):
        book_slot(
            office=center,
            procedure=procedure,
            start=slot.start,
            contact=Contact(name_kana="サトウ", email=f"r{n}@example.jp"),
        )
    smtp_server.clear()
    day_before = slot.start.astimezone(TOKYO) - timedelta(days=1)
    barrier = threading.Barrier(4)

    def worker(_):
        barrier.wait(timeout=30)
        try:
            return send_reminders(now=max(day_before, now))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        sent = sum(pool.map(worker, range(4)))
    assert sent == 6
    assert len(smtp_server) == 6
    assert sorted(m["To"] for m in smtp_server) == sorted(f"r{n}@example.jp" for n in range(6))
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

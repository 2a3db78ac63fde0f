"""Races from the review, on PostgreSQL with real concurrent connections (skipped on SQLite):
a waitlist offer accepted twice at once, one 交付通知書 booked twice at once, one
Idempotency-Key sent twice at once, and an over-long e-mail that used to be a DataError.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/madoguchi_bfix .venv/bin/pytest madoguchi/booking
"""

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from django.db import connections
from django.db.models import Sum

from madoguchi.booking.models import Booking, CapacityUnit, Hold
from madoguchi.booking.notices import load_notices
from madoguchi.booking.services import (
    AlreadyBooked,
    BookingError,
    Contact,
    accept_offer,
    book_slot,
    cancel_booking,
    join_waitlist,
    offer_to_waitlist,
)
from madoguchi.booking.tests.conftest import CONCURRENT_POSTGRES, free_slots
from madoguchi.core.calendar import prefetch_calendar
from madoguchi.core.models import Office, Procedure

pytestmark = CONCURRENT_POSTGRES


def race(n: int, fn):
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait(timeout=30)
            return fn(i)
        except BookingError as exc:
            return exc.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return Counter(pool.map(run, range(n)))


def ledger_matches(office) -> bool:
    used = CapacityUnit.objects.filter(office=office).aggregate(s=Sum("used"))["s"] or 0
    live = [*Booking.objects.filter(office=office, status="confirmed")]
    live += [*Hold.objects.filter(office=office, status="active")]
    return used == sum((x.end - x.start).seconds // 300 for x in live)


def test_an_offer_accepted_twice_at_once_moves_the_booking_once(city):
    Office.objects.filter(slug="center").update(counters=1)
    office = prefetch_calendar(Office.objects.filter(slug="center")).get()
    procedure = Procedure.objects.get(code="ecert_renew")
    slots = free_slots(office, procedure)
    early, late = slots[0], slots[-1]
    first = book_slot(
        office=office, procedure=procedure, start=early.start, contact=Contact("イチ", "1@x.jp")
    )
    waiting = book_slot(
        office=office, procedure=procedure, start=late.start, contact=Contact("ニ", "2@x.jp")
    )
    join_waitlist(waiting)
    cancel_booking(first)
    hold = Hold.objects.filter(purpose="offer", status="active").first() or offer_to_waitlist(
        office, early.start, early.end
    )
    copies = [Hold.objects.get(pk=hold.pk) for _ in range(8)]

    results = race(8, lambda i: accept_offer(copies[i]) and "ok")

    assert results == Counter({"ok": 1, "not_found": 7}), results
    assert Booking.objects.get(pk=waiting.pk).start == early.start
    assert ledger_matches(office)


def test_one_notice_booked_at_once_through_two_pickup_variants_gives_one_booking(city):
    from django.conf import settings

    load_notices(settings.CONTENT_DIR / "city" / "demo-notices.yaml")
    pickup = Procedure.objects.get(code="card_pickup")
    proxy = Procedure.objects.get(code="card_pickup_proxy")
    office = prefetch_calendar(
        Office.objects.filter(procedures=pickup).filter(procedures=proxy)
    ).first()
    slot = free_slots(office, proxy)[0]
    procedures = [pickup, proxy]

    def attempt(i):
        book_slot(
            office=office,
            procedure=procedures[i % 2],
            start=slot.start,
            contact=Contact("ヤマダ", f"n{i}@x.jp", notice_number="101000003"),
        )
        return "ok"

    results = race(10, attempt)
    assert results == Counter({"ok": 1, AlreadyBooked.code: 9}), results
    assert Booking.objects.filter(notice_number="101000003", status="confirmed").count() == 1
    assert ledger_matches(office)


def test_one_idempotency_key_sent_at_once_gives_one_booking(city):
    office = prefetch_calendar(Office.objects.filter(slug="center")).get()
    procedure = Procedure.objects.get(code="ecert_renew")
    slot = free_slots(office, procedure)[0]
    references = []

    def attempt(i):
        booking = book_slot(
            office=office,
            procedure=procedure,
            start=slot.start,
            contact=Contact("サトウ", "same@x.jp"),
            idempotency_key="api:k",
            request_hash="h",
        )
        references.append(booking.reference)
        return "ok"

    results = race(10, attempt)
    assert results == Counter({"ok": 10}), results
    assert len(set(references)) == 1
    assert Booking.objects.count() == 1
    assert ledger_matches(office)


def test_an_over_long_email_is_a_400_not_a_database_error(client, city, settings):
    settings.MADOGUCHI_RATE_LIMITS = False
    procedure = Procedure.objects.get(code="ecert_renew")
    office = prefetch_calendar(Office.objects.filter(slug="center")).get()
    body = {
        "office": "center",
        "service": "ecert_renew",
        "start": free_slots(office, procedure)[0].start.isoformat(),
        "name_kana": "ヤマダ",
        "email": "y" * 300 + "@example.jp",
    }
    response = client.post("/api/v1/bookings", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]
    assert Booking.objects.count() == 0

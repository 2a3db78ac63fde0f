"""Property: whatever mix of holds, bookings, changes, cancellations and expiries happens, the
capacity ledger equals what the bookings and live holds cover, and never exceeds capacity."""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madoguchi.booking.availability import unit_starts
from madoguchi.booking.models import Booking, CapacityUnit, Hold
from madoguchi.booking.services import (
    BookingError,
    accept_offer,
    book_slot,
    cancel_booking,
    change_booking,
    hold_slot,
    join_waitlist,
    offer_to_waitlist,
    release_expired_holds,
)
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact
from madoguchi.core.models import Procedure

STARTS = [at(THURSDAY, 9, m) for m in (0, 15, 30, 45)] + [at(THURSDAY, 10, 0)]
CODES = ["ecert_renew", "ecert_renew_proxy", "card_apply_counter", "ecert_proxy_inquiry"]

operation = st.one_of(
    st.tuples(st.just("book"), st.integers(0, 4), st.sampled_from(CODES), st.integers(0, 5)),
    st.tuples(st.just("hold"), st.integers(0, 4), st.sampled_from(CODES), st.integers(0, 5)),
    st.tuples(st.just("confirm"), st.integers(0, 20), st.just(""), st.integers(0, 5)),
    st.tuples(st.just("cancel"), st.integers(0, 20), st.just(""), st.integers(0, 0)),
    st.tuples(st.just("change"), st.integers(0, 20), st.just(""), st.integers(0, 4)),
    st.tuples(st.just("expire"), st.integers(0, 0), st.just(""), st.integers(0, 0)),
    st.tuples(st.just("waitlist"), st.integers(0, 20), st.just(""), st.integers(0, 0)),
    st.tuples(st.just("offer"), st.integers(0, 4), st.just(""), st.integers(0, 0)),
    # accept any offer, used or not, from a copy read earlier (a double click, a second tab)
    st.tuples(st.just("accept"), st.integers(0, 20), st.just(""), st.integers(0, 0)),
)


def check_ledger(office):
    expected: dict = {}
    live = [(b.start, b.end) for b in Booking.objects.filter(status="confirmed")]
    live += [(h.start, h.end) for h in Hold.objects.filter(status="active")]
    for start, end in live:
        for unit in unit_starts(start, end):
            expected[unit] = expected.get(unit, 0) + 1
    actual = {u.start: u.used for u in CapacityUnit.objects.filter(office=office) if u.used}
    assert actual == expected
    assert all(v <= office.counters for v in actual.values())


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_ledger_matches_bookings_and_holds(office, ops):
    Booking.objects.all().delete()
    Hold.objects.all().delete()
    CapacityUnit.objects.all().delete()
    office.counters = 2
    office.save()
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=CODES)}
    now = NOW
    stale_offers: dict[int, list[Hold]] = {}
    for kind, index, code, n in ops:
        try:
            if kind == "book":
                book_slot(
                    office=office,
                    procedure=procedures[code],
                    start=STARTS[index],
                    contact=contact(n),
                    now=now,
                )
            elif kind == "hold":
                hold_slot(office, procedures[code], STARTS[index], now=now)
            elif kind == "confirm":
                holds = list(Hold.objects.filter(status="active").order_by("pk"))
                if holds:
                    hold = holds[index % len(holds)]
                    book_slot(
                        office=office, procedure=hold.procedure, start=hold.start,
                        contact=contact(n), now=now, hold_token=hold.token,
                    )  # fmt: skip
            elif kind in ("cancel", "change"):
                bookings = list(Booking.objects.filter(status="confirmed").order_by("pk"))
                if bookings:
                    booking = bookings[index % len(bookings)]
                    if kind == "cancel":
                        cancel_booking(booking, now=now)
                    else:
                        change_booking(booking, STARTS[n], now=now)
            elif kind == "waitlist":
                bookings = list(Booking.objects.filter(status="confirmed").order_by("pk"))
                if bookings:
                    join_waitlist(bookings[index % len(bookings)], now=now)
            elif kind == "offer":
                start = STARTS[index]
                offer_to_waitlist(office, start, start + timedelta(minutes=15), now=now)
            elif kind == "accept":
                offers = stale_offers.get(index % 3)
                if offers:
                    accept_offer(offers[0], now=now)
                stale_offers[index % 3] = list(Hold.objects.filter(purpose="offer").order_by("-pk"))
            elif kind == "expire":
                now += timedelta(minutes=11)
                release_expired_holds(now=now)
        except BookingError:
            pass
        check_ledger(office)

"""Booking a place: sized to the procedure, capacity from the database, idempotent, whole."""

from datetime import timedelta

import pytest
from django.db.models import Sum

from madoguchi.booking.models import Booking, CapacityUnit, Hold
from madoguchi.booking.services import (
    AlreadyBooked,
    SlotTaken,
    book_slot,
    cancel_booking,
    hold_slot,
)
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact
from madoguchi.core.models import Procedure

pytestmark = pytest.mark.django_db


def used_total(office) -> int:
    return CapacityUnit.objects.filter(office=office).aggregate(s=Sum("used"))["s"] or 0


def test_booking_takes_exactly_the_minutes_of_its_procedure(office, procedure):
    booking = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(), now=NOW
    )
    assert booking.end - booking.start == timedelta(minutes=15)
    assert len(booking.reference) == 8
    units = CapacityUnit.objects.filter(office=office, used=1).order_by("start")
    assert [u.start for u in units] == [at(THURSDAY, 9, m) for m in (0, 5, 10)]


def test_a_short_procedure_leaves_the_next_quarter_free(office, procedure):
    office.counters = 1
    office.save()
    book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(1), now=NOW
    )
    book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9, 15), contact=contact(2), now=NOW
    )
    with pytest.raises(SlotTaken):
        book_slot(
            office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(3), now=NOW
        )


def test_a_long_booking_blocks_the_overlapping_start(office):
    office.counters = 1
    office.save()
    pickup_proxy = Procedure.objects.get(code="ecert_renew_proxy")  # 25 minutes: 9:00–9:25
    book_slot(
        office=office, procedure=pickup_proxy, start=at(THURSDAY, 9), contact=contact(1), now=NOW
    )
    short = Procedure.objects.get(code="ecert_renew")
    with pytest.raises(SlotTaken):
        book_slot(
            office=office, procedure=short, start=at(THURSDAY, 9, 15), contact=contact(2), now=NOW
        )
    book_slot(
        office=office, procedure=short, start=at(THURSDAY, 9, 30), contact=contact(3), now=NOW
    )


def test_never_more_bookings_than_counters(office, procedure):
    for n in range(office.counters):
        book_slot(
            office=office, procedure=procedure, start=at(THURSDAY, 10), contact=contact(n), now=NOW
        )
    with pytest.raises(SlotTaken):
        book_slot(
            office=office, procedure=procedure, start=at(THURSDAY, 10), contact=contact(99), now=NOW
        )
    assert Booking.objects.count() == office.counters
    assert CapacityUnit.objects.filter(office=office, used__gt=office.counters).count() == 0


def test_one_active_booking_per_holder_and_procedure(office, procedure):
    first = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(), now=NOW
    )
    with pytest.raises(AlreadyBooked):
        book_slot(
            office=office, procedure=procedure, start=at(THURSDAY, 11), contact=contact(), now=NOW
        )
    assert Booking.objects.count() == 1
    assert used_total(office) == 3  # the failed attempt gave its places back
    cancel_booking(first, now=NOW)
    book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 11), contact=contact(), now=NOW
    )


def test_the_same_idempotency_key_gives_one_booking(office, procedure):
    kwargs = dict(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(), now=NOW
    )
    first = book_slot(**kwargs, idempotency_key="abc")
    second = book_slot(**kwargs, idempotency_key="abc")
    assert first.pk == second.pk
    assert Booking.objects.count() == 1
    assert used_total(office) == 3


def test_a_hold_keeps_the_place_and_submitting_twice_books_once(office, procedure):
    office.counters = 1
    office.save()
    hold = hold_slot(office, procedure, at(THURSDAY, 9), now=NOW)
    with pytest.raises(SlotTaken):  # someone else cannot take it meanwhile
        book_slot(
            office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(2), now=NOW
        )
    kwargs = dict(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(1), now=NOW
    )
    first = book_slot(**kwargs, hold_token=hold.token)
    second = book_slot(**kwargs, hold_token=hold.token)
    assert first.pk == second.pk
    assert Hold.objects.get().status == Hold.Status.USED
    assert used_total(office) == 3


def test_an_expired_hold_is_released_for_the_next_person(office, procedure):
    office.counters = 1
    office.save()
    hold_slot(office, procedure, at(THURSDAY, 9), now=NOW)
    later = NOW + timedelta(minutes=11)
    booking = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(2), now=later
    )
    assert booking.pk
    assert Hold.objects.get().status == Hold.Status.RELEASED
    assert used_total(office) == 3


def test_a_late_confirm_still_uses_its_own_unreleased_hold(office, procedure):
    office.counters = 1
    office.save()
    hold = hold_slot(office, procedure, at(THURSDAY, 9), now=NOW)
    booking = book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 9),
        contact=contact(),
        now=NOW + timedelta(minutes=30),
        hold_token=hold.token,
    )
    assert booking.pk and used_total(office) == 3


def test_messages_are_sent_only_after_commit(
    office, procedure, django_capture_on_commit_callbacks, smtp_server
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        book_slot(
            office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(), now=NOW
        )
        assert smtp_server == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert len(smtp_server) == 1

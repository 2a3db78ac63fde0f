"""Change (new first, then release old), cancel, cut-off, and offering freed times to the waitlist."""

from datetime import timedelta

import pytest
from django.db.models import Sum

from madoguchi.booking import links
from madoguchi.booking.models import Booking, CapacityUnit, Hold
from madoguchi.booking.services import (
    SlotTaken,
    StaleLink,
    TooLate,
    accept_offer,
    book_slot,
    cancel_booking,
    change_booking,
    decline_offer,
    join_waitlist,
    offer_to_waitlist,
    release_expired_holds,
)
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]
FRIDAY = THURSDAY + timedelta(days=1)


def used(office, start, end) -> int:
    rows = CapacityUnit.objects.filter(office=office, start__gte=start, start__lt=end)
    return rows.aggregate(s=Sum("used"))["s"] or 0


def book(office, procedure, start, n=1):
    return book_slot(office=office, procedure=procedure, start=start, contact=contact(n), now=NOW)


def offer_a_freed_nine_oclock(office, procedure):
    """One counter: Thursday 09:00 is cancelled while a Friday 16:00 booking waits for an earlier
    time, and the freed place is offered. Returns (the waiting booking, the offer hold)."""
    office.counters = 1
    office.save()
    early = book(office, procedure, at(THURSDAY, 9), n=1)
    waiting = book(office, procedure, at(FRIDAY, 16), n=2)
    join_waitlist(waiting, now=NOW)
    cancel_booking(early, now=NOW)
    hold = offer_to_waitlist(office, at(THURSDAY, 9), at(THURSDAY, 9, 15), now=NOW)
    return waiting, hold


def test_change_moves_the_places_and_invalidates_the_old_link(office, procedure):
    booking = book(office, procedure, at(THURSDAY, 9))
    old_token = links.manage_token(booking)
    changed = change_booking(booking, at(FRIDAY, 10), now=NOW, token_version=1)
    assert changed.start == at(FRIDAY, 10) and changed.token_version == 2
    assert used(office, at(THURSDAY, 9), at(THURSDAY, 9, 15)) == 0
    assert used(office, at(FRIDAY, 10), at(FRIDAY, 10, 15)) == 3
    assert links.booking_from_token(old_token) is None
    assert links.booking_from_token(links.manage_token(changed))[0].pk == booking.pk


def test_a_failed_change_keeps_the_old_booking_untouched(office, procedure):
    office.counters = 1
    office.save()
    booking = book(office, procedure, at(THURSDAY, 9))
    book(office, procedure, at(FRIDAY, 10), n=2)
    with pytest.raises(SlotTaken):
        change_booking(booking, at(FRIDAY, 10), now=NOW)
    booking.refresh_from_db()
    assert booking.start == at(THURSDAY, 9) and booking.token_version == 1
    assert used(office, at(THURSDAY, 9), at(THURSDAY, 9, 15)) == 3


def test_an_old_link_cannot_change_or_cancel(office, procedure):
    booking = book(office, procedure, at(THURSDAY, 9))
    change_booking(booking, at(FRIDAY, 10), now=NOW, token_version=1)
    booking.refresh_from_db()
    with pytest.raises(StaleLink):
        cancel_booking(booking, now=NOW, token_version=1)
    assert Booking.objects.get().is_active


def test_cancel_frees_the_places_at_once(office, procedure):
    booking = book(office, procedure, at(THURSDAY, 9))
    cancel_booking(booking, now=NOW)
    assert Booking.objects.get().status == "cancelled"
    assert used(office, at(THURSDAY, 9), at(THURSDAY, 10)) == 0


def test_no_web_change_after_17_00_the_day_before(office, procedure):
    booking = book(office, procedure, at(THURSDAY, 9))
    late = at(THURSDAY - timedelta(days=1), 17, 1)
    with pytest.raises(TooLate):
        change_booking(booking, at(FRIDAY, 10), now=late)
    change_booking(booking, at(FRIDAY, 10), now=late, staff=True)  # staff may still move it


def test_web_cancel_stays_open_until_the_visit_starts(office, procedure):
    booking = book(office, procedure, at(THURSDAY, 9))
    cancel_booking(booking, now=at(THURSDAY, 8, 59))
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"


def test_no_web_cancel_once_the_visit_has_started(office, procedure):
    booking = book(office, procedure, at(THURSDAY, 9))
    with pytest.raises(TooLate):
        cancel_booking(booking, now=at(THURSDAY, 9))
    cancel_booking(booking, now=at(THURSDAY, 9), staff=True)  # staff may still cancel


def test_a_freed_time_is_offered_to_the_waitlist_first(office, procedure):
    waiting, hold = offer_a_freed_nine_oclock(office, procedure)
    # The freed place is held for the waitlisted citizen, not open to everyone.
    assert hold is not None and hold.waitlist_entry.booking == waiting
    with pytest.raises(SlotTaken):
        book(office, procedure, at(THURSDAY, 9), n=3)
    moved = accept_offer(hold, now=NOW)
    assert moved.pk == waiting.pk and moved.start == at(THURSDAY, 9)
    assert used(office, at(FRIDAY, 16), at(FRIDAY, 16, 15)) == 0
    assert used(office, at(THURSDAY, 9), at(THURSDAY, 9, 15)) == 3
    assert not Booking.objects.get(pk=waiting.pk).waitlist.active


def test_a_declined_offer_goes_to_the_next_person(
    office, procedure, django_capture_on_commit_callbacks
):
    office.counters = 1
    office.save()
    early = book(office, procedure, at(THURSDAY, 9), n=1)
    first = book(office, procedure, at(FRIDAY, 15), n=2)
    second = book(office, procedure, at(FRIDAY, 16), n=3)
    join_waitlist(first, now=NOW)
    join_waitlist(second, now=NOW + timedelta(seconds=1))
    cancel_booking(early, now=NOW)
    hold = offer_to_waitlist(office, at(THURSDAY, 9), at(THURSDAY, 9, 15), now=NOW)
    assert hold.waitlist_entry.booking == first
    with django_capture_on_commit_callbacks(execute=True):
        decline_offer(hold, now=NOW)
    offers = Hold.objects.filter(purpose="offer", status="active")
    assert [h.waitlist_entry.booking for h in offers] == [second]


def test_an_unanswered_offer_expires_and_frees_its_place(office, procedure):
    _, hold = offer_a_freed_nine_oclock(office, procedure)
    assert release_expired_holds(now=hold.expires_at + timedelta(seconds=1)) == 1
    assert used(office, at(THURSDAY, 9), at(THURSDAY, 9, 15)) == 0
    with pytest.raises(StaleLink):
        accept_offer(Hold.objects.get(pk=hold.pk), now=hold.expires_at + timedelta(seconds=2))


def test_no_offer_for_a_later_time_than_the_citizen_already_has(office, procedure):
    waiting = book(office, procedure, at(THURSDAY, 9), n=2)
    join_waitlist(waiting, now=NOW)
    assert offer_to_waitlist(office, at(FRIDAY, 9), at(FRIDAY, 9, 15), now=NOW) is None


def test_cancel_through_the_tasks_offers_and_mails_the_waitlist(
    office, procedure, smtp_server, django_capture_on_commit_callbacks
):
    office.counters = 1
    office.save()
    early = book(office, procedure, at(THURSDAY, 9), n=1)
    waiting = book(office, procedure, at(FRIDAY, 16), n=2)
    join_waitlist(waiting, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(early, now=NOW)
    subjects = [m["Subject"] for m in smtp_server]
    assert any("取り消し" in s for s in subjects)
    assert any("空き" in s for s in subjects)  # the offer to the waitlisted citizen
    offer = Hold.objects.get(purpose="offer")
    assert offer.waitlist_entry.booking == waiting
    offer_mail = next(m for m in smtp_server if "空き" in m["Subject"])
    assert f"/booking/offer/{offer.token}/" in offer_mail.get_body().get_content()

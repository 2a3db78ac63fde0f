"""A waitlisted citizen who gave only a phone number gets the offer by SMS; nobody is held a
place they cannot hear about."""

from datetime import timedelta

import pytest
from django.core import mail

from madoguchi.booking import sms
from madoguchi.booking.models import Booking, Hold
from madoguchi.booking.services import (
    Contact,
    book_slot,
    cancel_booking,
    join_waitlist,
    offer_to_waitlist,
)
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]
FRIDAY = THURSDAY + timedelta(days=1)


@pytest.fixture
def console_sms(settings):
    settings.MADOGUCHI_SMS_BACKEND = "madoguchi.booking.sms.ConsoleSmsBackend"
    sms.ConsoleSmsBackend.outbox.clear()
    return sms.ConsoleSmsBackend.outbox


def test_a_phone_only_waitlister_gets_the_offer_by_sms(
    office, procedure, console_sms, django_capture_on_commit_callbacks
):
    office.counters = 1
    office.save()
    early = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(1), now=NOW
    )
    waiting = book_slot(
        office=office,
        procedure=procedure,
        start=at(FRIDAY, 16),
        contact=Contact(name_kana="デンワ　ノミ", phone="090-1111-2222"),
        now=NOW,
    )
    join_waitlist(waiting, now=NOW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(early, now=NOW)  # the tasks run at once in tests and send the offer
    offer = Hold.objects.get(purpose="offer", status="active")
    assert [m.to for m in console_sms] == ["+819011112222"]
    assert offer.token in console_sms[0].body
    assert not [m for m in mail.outbox if "空き" in m.subject]


def test_a_waitlister_without_any_contact_is_skipped(office, procedure):
    office.counters = 1
    office.save()
    waiting = book_slot(
        office=office, procedure=procedure, start=at(FRIDAY, 16), contact=contact(2), now=NOW
    )
    join_waitlist(waiting, now=NOW)
    Booking.objects.filter(pk=waiting.pk).update(email="", phone="")
    assert offer_to_waitlist(office, at(THURSDAY, 9), at(THURSDAY, 9, 15), now=NOW) is None
    assert not Hold.objects.filter(purpose="offer").exists()


def test_a_phone_only_booking_is_told_the_waitlist_answer_comes_by_sms(client, office, procedure):
    from madoguchi.booking import links

    booking = book_slot(
        office=office,
        procedure=procedure,
        start=at(FRIDAY, 16),
        contact=Contact(name_kana="デンワ　ノミ", phone="090-1111-2222"),
        now=NOW,
    )
    response = client.post(f"/booking/b/{links.manage_token(booking)}/", {"action": "waitlist"})
    page = client.get(response["Location"]).content.decode()
    assert "SMS" in page and "メールでお知らせします" not in page

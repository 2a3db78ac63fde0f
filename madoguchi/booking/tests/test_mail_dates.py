"""E-mails write dates as people read them in each language."""

from unittest import mock

import pytest
from django.core import mail

from madoguchi.booking.messages import send_booking_email
from madoguchi.booking.models import Booking
from madoguchi.booking.services import book_slot
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("ja", "2027年1月14日（木） 09:00"),
        ("en", "Thu 14 Jan 2027 09:00"),
        ("easy", "1がつ14にち（もくようび） 09:00"),
    ],
)
def test_the_confirmation_mail_writes_the_date_in_the_readers_language(
    office, procedure, lang, expected
):
    booking = book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 9),
        contact=contact(1),
        now=NOW,
        lang=lang,
    )
    mail.outbox.clear()
    send_booking_email(Booking.objects.get(pk=booking.pk), "confirmed")
    body = mail.outbox[0].body
    assert expected in body
    assert "2027-01-14" not in body


def test_english_mail_greets_by_name_without_a_japanese_honorific(office, procedure):
    booking = book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 9),
        contact=contact(1),
        now=NOW,
        lang="en",
    )
    mail.outbox.clear()
    send_booking_email(Booking.objects.get(pk=booking.pk), "confirmed")
    first_line = mail.outbox[0].body.splitlines()[0]
    assert first_line.startswith("Hello ") and "様" not in first_line and "Dear" not in first_line

"""E-mails write dates as people read them in each language."""

import pytest
from django.core import mail

from madoguchi.booking.messages import send_booking_email
from madoguchi.booking.models import Booking
from madoguchi.booking.services import book_slot
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]


def confirmation_mail(office, procedure, lang: str) -> str:
    """The body of the confirmation mail for a Thursday 09:00 booking made in ``lang``."""
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
    return mail.outbox[0].body


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
    body = confirmation_mail(office, procedure, lang)
    assert expected in body
    assert "2027-01-14" not in body


def test_english_mail_greets_by_name_without_a_japanese_honorific(office, procedure):
    first_line = confirmation_mail(office, procedure, "en").splitlines()[0]
    assert first_line.startswith("Hello ") and "様" not in first_line and "Dear" not in first_line

"""Review section 3: wording and layout that confused citizens and staff."""

from datetime import datetime

import pytest
from django.core import mail

from madoguchi.booking import links
from madoguchi.booking.messages import send_booking_email
from madoguchi.booking.models import Booking
from madoguchi.booking.services import (
    Contact,
    InvalidBooking,
    book_slot,
    cancel_booking,
    clean_contact,
    offer_clock_start,
    offer_send_time,
)
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at
from madoguchi.core.calendar import TOKYO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]


def hold_thursday_nine(client, lang_prefix: str = "") -> str:
    """Pick 電子証明書の更新 at the center, Thursday 09:00; the URL of the details page."""
    return client.post(
        f"{lang_prefix}/booking/time/",
        {
            "service": "ecert_renew",
            "office": "center",
            "day": THURSDAY.isoformat(),
            "start": at(THURSDAY, 9).isoformat(),
        },
    )["Location"]


def book_for_a_caller(staff_client, office, procedure, email):
    """A clerk books Thursday 09:00 for ヤマダ　タロウ through the staff form."""
    return staff_client.post(
        "/booking/staff/",
        {
            "service": procedure.code,
            "office": office.slug,
            "day": THURSDAY.isoformat(),
            "start": at(THURSDAY, 9).isoformat(),
            "name_kana": "ヤマダ　タロウ",
            "email": email,
        },
    )


def test_offers_made_at_night_are_sent_at_8_and_answered_from_9():
    night = datetime(2027, 1, 12, 23, 30, tzinfo=TOKYO)
    assert offer_send_time(night) == datetime(2027, 1, 13, 8, 0, tzinfo=TOKYO)
    assert offer_clock_start(night) == datetime(2027, 1, 13, 9, 0, tzinfo=TOKYO)
    early = datetime(2027, 1, 13, 6, 0, tzinfo=TOKYO)
    assert offer_send_time(early) == datetime(2027, 1, 13, 8, 0, tzinfo=TOKYO)
    day = datetime(2027, 1, 13, 14, 0, tzinfo=TOKYO)
    assert offer_send_time(day) is None and offer_clock_start(day) == day


@pytest.mark.parametrize(
    "typed", ["101ー000003", "101－000003", "101‐000003", "１０１-０００００３"]
)
def test_notice_numbers_with_any_kind_of_dash_are_understood(city, notices, typed):
    from madoguchi.core.models import Procedure

    found = clean_contact(
        {"name_kana": "ヤマダ", "email": "a@example.jp", "notice_number": typed,
         "birth_date": "1975-02-28"},
        Procedure.objects.get(code="card_pickup"),
        NOW.date(),
    )  # fmt: skip
    assert found.notice_number == "101000003"


def test_a_too_long_name_gets_a_length_message(procedure):
    with pytest.raises(InvalidBooking) as caught:
        clean_contact({"name_kana": "ア" * 61, "email": "a@example.jp"}, procedure, NOW.date())
    assert "60文字" in caught.value.fields["name_kana"]


def test_the_check_page_shows_the_details_as_they_will_be_kept(client, city):
    hold = hold_thursday_nine(client)
    confirm = client.post(hold, {"name_kana": "ﾔﾏﾀﾞ ﾀﾛｳ", "phone": "０９０１２３４５６７８"})
    page = client.get(confirm["Location"]).content.decode()
    assert "ヤマダ" in page and "ﾔﾏﾀﾞ" not in page
    assert "０９０" not in page and "090" in page


def test_the_cancellation_mail_links_to_the_booking_page(booking):
    cancel_booking(booking, now=NOW)
    mail.outbox.clear()
    send_booking_email(Booking.objects.get(pk=booking.pk), "cancelled")
    assert "/booking/" in mail.outbox[0].body


def test_the_reminder_says_until_when_it_can_be_cancelled(booking):
    mail.outbox.clear()
    send_booking_email(booking, "reminder")
    assert "取り消しは予約の時間までできます" in mail.outbox[0].body


def test_the_attend_button_appears_only_after_the_reminder(client, booking):
    url = f"/booking/b/{links.manage_token(booking)}/"
    assert "予約の日時に来庁します" not in client.get(url).content.decode()
    Booking.objects.filter(pk=booking.pk).update(reminder_claimed_at=NOW)
    assert "予約の日時に来庁します" in client.get(url).content.decode()


def test_the_manage_page_shows_the_offices_phone_number(client, booking):
    page = client.get(f"/booking/b/{links.manage_token(booking)}/").content.decode()
    assert f'href="tel:{booking.office.phone}"' in page


def test_cancel_confirmation_shows_only_the_cancel_question(client, booking):
    page = client.get(f"/booking/b/{links.manage_token(booking)}/?action=cancel").content.decode()
    assert "この予約を取り消しますか" in page
    assert 'value="waitlist"' not in page and 'value="attend"' not in page


def test_staff_see_durations_in_minutes(clerk_client, city):
    page = clerk_client.get("/booking/staff/").content.decode()
    assert "（15分）" in page


def test_staff_see_the_existing_reference_of_a_duplicate(clerk_client, office, procedure):
    first = book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 10),
        contact=Contact("ヤマダ　タロウ", "dup@example.jp"),
        now=NOW,
    )
    response = book_for_a_caller(clerk_client, office, procedure, "dup@example.jp")
    assert response.status_code == 400
    assert f"{first.reference[:4]}-{first.reference[4:]}" in response.content.decode()
    assert f"/booking/staff/find/?reference={first.reference}" in response.content.decode()


def test_staff_see_what_to_bring_after_booking_for_a_caller(clerk_client, office, procedure):
    response = book_for_a_caller(clerk_client, office, procedure, "caller@example.jp")
    assert response.status_code == 200
    assert 'class="bring-list"' in response.content.decode()


def test_english_pages_use_ascii_brackets_and_explain_katakana(client, city):
    hold = hold_thursday_nine(client, "/en")
    page = client.get(hold).content.decode()
    assert "(about 15 min)" in page and "（about" not in page
    assert "katakana" in page and "スミス" in page


def test_the_details_page_says_email_or_phone_is_needed(client, city):
    hold = hold_thursday_nine(client)
    assert "どちらか1つは必ず入力" in client.get(hold).content.decode()


def test_the_proxy_pickup_choice_says_it_is_only_for_accepted_reasons(client, city):
    page = client.get("/booking/").content.decode()
    assert "代理で受け取れるか確かめる" in page

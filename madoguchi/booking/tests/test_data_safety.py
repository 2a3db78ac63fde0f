"""Data safety (review section 2 and contract items): offers, idempotency keys, rejected
personal numbers, messages for changed bookings, the done page, one booking per holder."""

import json
from datetime import date

import pytest
from django.core import mail
from django.db.models import Sum

from madoguchi.booking import links, tasks
from madoguchi.booking.models import Booking, CapacityUnit, Hold
from madoguchi.booking.services import (
    AlreadyBooked,
    Contact,
    InvalidBooking,
    StaleLink,
    accept_offer,
    book_slot,
    cancel_booking,
    clean_contact,
    join_waitlist,
    offer_to_waitlist,
)
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact
from madoguchi.core.models import Office, Procedure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]
FRIDAY = date(2027, 1, 15)
MY_NUMBER = "123456789018"  # passes the 個人番号 check digit


def used_total(office) -> int:
    return CapacityUnit.objects.filter(office=office).aggregate(s=Sum("used"))["s"] or 0


def booked_units(office) -> int:
    live = Booking.objects.filter(office=office, status="confirmed")
    held = Hold.objects.filter(office=office, status="active")
    return sum((x.end - x.start).seconds // 300 for x in [*live, *held])


def waitlisted_offer(office, procedure):
    office.counters = 1
    office.save()
    early = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(1), now=NOW
    )
    waiting = book_slot(
        office=office, procedure=procedure, start=at(FRIDAY, 16), contact=contact(2), now=NOW
    )
    join_waitlist(waiting, now=NOW)
    cancel_booking(early, now=NOW)
    hold = Hold.objects.filter(purpose="offer", status="active").first() or offer_to_waitlist(
        office, at(THURSDAY, 9), at(THURSDAY, 9, 15), now=NOW
    )
    return waiting, hold


def test_accepting_an_offer_twice_moves_the_booking_once_and_keeps_the_ledger(office, procedure):
    waiting, hold = waitlisted_offer(office, procedure)
    stale_copy = Hold.objects.get(pk=hold.pk)
    moved = accept_offer(hold, now=NOW)
    assert moved.start == at(THURSDAY, 9)
    with pytest.raises(StaleLink):
        accept_offer(stale_copy, now=NOW)
    assert Booking.objects.get(pk=waiting.pk).start == at(THURSDAY, 9)
    assert used_total(office) == booked_units(office) == 3


def test_two_offer_posts_give_one_move_and_the_second_shows_the_result(client, office, procedure):
    waiting, hold = waitlisted_offer(office, procedure)
    first = client.post(f"/booking/offer/{hold.token}/", {"action": "accept"})
    second = client.post(f"/booking/offer/{hold.token}/", {"action": "accept"})
    assert first.status_code == second.status_code == 302
    assert "/booking/done/" in second["Location"]
    assert client.get(second["Location"]).status_code == 200
    assert used_total(office) == booked_units(office) == 3


def api_post(client, body, key, ip="10.0.0.1"):
    return client.post(
        "/api/v1/bookings",
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": key},
        REMOTE_ADDR=ip,
    )


def api_body(n=1, **over):
    return {
        "office": "center",
        "service": "ecert_renew",
        "start": at(THURSDAY, 9).isoformat(),
        "name_kana": "ヤマダ　タロウ",
        "email": f"key{n}@example.jp",
    } | over


def test_an_idempotency_key_reused_with_another_body_is_refused(client, city, settings):
    settings.MADOGUCHI_RATE_LIMITS = False
    first = api_post(client, api_body(1), "same-key")
    again = api_post(client, api_body(1), "same-key")
    other = api_post(client, api_body(2), "same-key")
    assert first.status_code == again.status_code == 201
    assert again.json()["reference"] == first.json()["reference"]
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert "manage_url" not in other.content.decode()
    assert Booking.objects.count() == 1


def test_an_idempotency_key_from_another_client_never_returns_their_booking(client, city, settings):
    settings.MADOGUCHI_RATE_LIMITS = False
    mine = api_post(client, api_body(1), "guessable", ip="10.0.0.1")
    theirs = api_post(client, api_body(1, email="other@example.jp"), "guessable", ip="10.0.0.2")
    assert theirs.status_code == 201
    assert theirs.json()["reference"] != mine.json()["reference"]


def hold_for(client, procedure="ecert_renew"):
    response = client.post(
        "/booking/time/",
        {
            "service": procedure,
            "office": "center",
            "day": THURSDAY.isoformat(),
            "start": at(THURSDAY, 9).isoformat(),
        },
    )
    assert response.status_code == 302
    return response["Location"]


def test_a_rejected_my_number_is_not_printed_back_into_the_details_form(client, city):
    details = hold_for(client)
    response = client.post(
        details, {"name_kana": "ヤマダ　タロウ", "email": "", "phone": MY_NUMBER}
    )
    assert response.status_code == 400
    assert MY_NUMBER not in response.content.decode()


def test_a_rejected_my_number_is_not_printed_back_into_the_find_form(client, city):
    response = client.post("/booking/find/", {"reference": "ACDE-FG34", "secret": MY_NUMBER})
    assert response.status_code == 400
    assert MY_NUMBER not in response.content.decode()


def test_a_rejected_my_number_is_not_printed_back_into_the_staff_form(clerk_client, city):
    response = clerk_client.post(
        "/booking/staff/",
        {
            "service": "ecert_renew",
            "office": "center",
            "day": THURSDAY.isoformat(),
            "start": at(THURSDAY, 9).isoformat(),
            "name_kana": "ヤマダ　タロウ",
            "phone": MY_NUMBER,
        },
    )
    assert response.status_code == 400
    assert MY_NUMBER not in response.content.decode()


def test_no_confirmation_mail_for_a_booking_cancelled_before_the_worker_ran(office, procedure):
    booking = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(1), now=NOW
    )
    cancel_booking(booking, now=NOW)
    mail.outbox.clear()
    assert tasks.notify_booking.call(booking.pk, "confirmed", 1) is False
    assert mail.outbox == []


def test_a_confirmation_queued_before_a_change_is_not_sent_after_it(office, procedure):
    from madoguchi.booking.services import change_booking

    booking = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(1), now=NOW
    )
    change_booking(booking, at(FRIDAY, 10), now=NOW)
    mail.outbox.clear()
    assert tasks.notify_booking.call(booking.pk, "confirmed", 1) is False
    assert tasks.notify_booking.call(booking.pk, "changed", 2) is True
    assert len(mail.outbox) == 1 and booking.reference[:4] in mail.outbox[0].subject


def test_the_done_page_needs_the_browser_that_booked(client, city):
    details = hold_for(client)
    client.post(details, {"name_kana": "ヤマダ　タロウ", "email": "a@example.jp"})
    done_url = client.post(details.replace("details", "confirm"))["Location"]
    assert client.get(done_url).status_code == 200
    client.logout()  # a new session: someone who only has the link
    response = client.get(done_url)
    assert response.status_code == 302 and "/booking/b/" in response["Location"]


def pickup_contact(number="101-000003"):
    return Contact(
        name_kana="ヤマダ　タロウ", email="p@example.jp", notice_number=number.replace("-", "")
    )


def test_one_notice_cannot_be_booked_twice_through_different_pickup_variants(city, notices):
    pickup = Procedure.objects.get(code="card_pickup")
    proxy = Procedure.objects.get(code="card_pickup_proxy")
    office = Office.objects.filter(procedures=pickup).filter(procedures=proxy).first()
    book_slot(office=office, procedure=pickup, start=at(THURSDAY, 9), contact=pickup_contact())
    with pytest.raises(AlreadyBooked):
        book_slot(office=office, procedure=proxy, start=at(FRIDAY, 9), contact=pickup_contact())
    assert Booking.objects.filter(notice_number="101000003").count() == 1


def test_family_members_sharing_an_address_can_each_book(office, procedure):
    for name in ("ヤマダ　タロウ", "ヤマダ　ハナコ"):
        book_slot(
            office=office,
            procedure=procedure,
            start=at(THURSDAY, 9),
            contact=Contact(name_kana=name, email="family@example.jp"),
            now=NOW,
        )
    with pytest.raises(AlreadyBooked):
        book_slot(
            office=office,
            procedure=procedure,
            start=at(FRIDAY, 9),
            contact=Contact(name_kana="ヤマダ タロウ", email="family@example.jp"),
            now=NOW,
        )


def test_a_second_booking_for_the_same_person_is_caught_at_the_details_step(client, office):
    book_slot(
        office=office,
        procedure=Procedure.objects.get(code="ecert_renew"),
        start=at(FRIDAY, 9),
        contact=Contact(name_kana="ヤマダ　タロウ", email="twice@example.jp"),
        now=NOW,
    )
    details = hold_for(client)
    response = client.post(details, {"name_kana": "やまだ たろう", "email": "twice@example.jp"})
    assert response.status_code == 400
    assert "すでに予約があります" in response.content.decode()


@pytest.mark.parametrize(
    "email",
    ["a" * 65 + "@example.jp", "taro@" + "b" * 250 + ".jp"],
    ids=["local-part-over-64", "over-254"],
)
def test_an_over_long_email_is_refused_with_a_message(procedure, email):
    with pytest.raises(InvalidBooking) as caught:
        clean_contact({"name_kana": "ヤマダ", "email": email}, procedure, NOW.date())
    assert "email" in caught.value.fields


def test_an_over_long_email_through_the_api_is_a_400_and_nothing_is_written(client, city, settings):
    settings.MADOGUCHI_RATE_LIMITS = False
    response = api_post(client, api_body(1, email="x" * 300 + "@example.jp"), "k1")
    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]
    assert Booking.objects.count() == 0


def test_manage_links_stop_working_after_an_accepted_offer(office, procedure):
    waiting, hold = waitlisted_offer(office, procedure)
    old = links.manage_token(waiting)
    accept_offer(hold, now=NOW)
    assert links.booking_from_token(old) is None

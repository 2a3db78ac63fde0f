"""The citizen's booking pages, without JavaScript: choose, hold, details, confirm, manage."""

import re

import pytest

from madoguchi.booking import links
from madoguchi.booking.models import Booking, Hold
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]


def hold_time(client, start=None, service="ecert_renew", office="center"):
    start = start or at(THURSDAY, 9)
    response = client.post(
        "/booking/time/",
        {
            "service": service,
            "office": office,
            "day": start.date().isoformat(),
            "start": start.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


DETAILS = {"name_kana": "さとう はなこ", "email": "hanako@example.jp", "phone": "090-1234-5678"}


def book_through_pages(client, start=None, details=None):
    details_url = hold_time(client, start)
    response = client.post(details_url, details or DETAILS)
    assert response.status_code == 302
    confirm_url = response["Location"]
    response = client.post(confirm_url)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return confirm_url, response["Location"]


def test_navigator_link_with_service_skips_the_first_question(client, city):
    response = client.get("/booking/?service=card_pickup")
    assert response.status_code == 302
    assert response["Location"] == "/booking/office/?service=card_pickup"


def test_start_page_lists_procedures_with_minutes(client, city):
    html = client.get("/booking/").content.decode()
    assert "電子証明書の更新" in html and "約15分" in html


def test_office_list_shows_the_earliest_free_time_per_office(client, city):
    html = client.get("/booking/office/?service=ecert_renew").content.decode()
    assert "いちばん早い空き" in html
    assert "2027年1月12日（火） 10:15" in html  # the centre, right after "now"
    assert html.index("マイナンバーカードセンター") < html.index("北区役所")


def test_office_list_puts_the_chosen_ward_first(client, city):
    html = client.get("/booking/office/?service=ecert_renew&ward=北区").content.decode()
    assert html.index("北区役所") < html.index("マイナンバーカードセンター")


def test_card_apply_is_offered_only_at_the_centre(client, city):
    html = client.get("/booking/office/?service=card_apply_counter").content.decode()
    assert "マイナンバーカードセンター" in html and "北区役所" not in html


def test_day_page_skips_holidays_and_maintenance_sunday(client, city):
    html = client.get("/booking/day/?service=ecert_renew&office=center").content.decode()
    assert 'value="2027-01-14"' in html
    assert 'value="2027-01-17"' not in html  # maintenance Sunday
    assert 'value="2027-01-24"' in html  # ordinary Sunday
    assert 'value="2027-02-13"' not in html  # city system upgrade


def test_time_page_lists_slots_sized_to_the_procedure(client, city):
    html = client.get(
        "/booking/time/?service=ecert_renew_pin_reset&office=center&day=2027-01-14"
    ).content.decode()
    assert "09:00–09:25" in html and "約25分" in html


def test_full_flow_books_once_and_sends_the_email_with_ics(
    client, city, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        confirm_url, done_url = book_through_pages(client)
    booking = Booking.objects.get()
    assert booking.name_kana == "サトウ　ハナコ" and booking.phone == "09012345678"
    html = client.get(done_url).content.decode()
    assert f"{booking.reference[:4]}-{booking.reference[4:]}" in html
    assert 'src="data:image/svg+xml' in html  # QR code
    assert "calendar.ics" in html and "/guide/" in html and "電子証明書の更新" in html
    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "hanako@example.jp"
    assert booking.reference[:4] in message["Subject"]
    attachments = [p for p in message.iter_attachments()]
    assert attachments[0].get_content_type() == "text/calendar"
    assert "DTSTART:20270114T000000Z" in attachments[0].get_content()
    # Submitting the confirmation again gives the same booking, not a second one.
    # (The signed token carries a timestamp, so compare the booking behind it, not the URL.)
    again = client.post(confirm_url)
    assert again.status_code == 302
    token = again["Location"].removeprefix("/booking/done/").rstrip("/")
    assert links.booking_from_token(token)[0] == booking
    assert Booking.objects.count() == 1


def test_details_errors_show_a_summary_and_keep_nothing(client, city):
    details_url = hold_time(client)
    response = client.post(
        details_url, {"name_kana": "Taro", "email": "bad", "phone": "123456789018"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r"<title>\s*エラー：", html)
    assert "error-summary" in html and 'href="#id_name_kana"' in html
    assert "マイナンバー" in html  # the 12-digit number is refused politely
    assert Booking.objects.count() == 0


def test_card_pickup_asks_for_the_notice_and_birth_date(client, city, notices):
    details_url = hold_time(client, service="card_pickup")
    html = client.get(details_url).content.decode()
    assert 'name="notice_number"' in html and 'name="birth_date"' in html
    response = client.post(
        details_url, DETAILS | {"notice_number": "101000004", "birth_date": "1981-07-07"}
    )
    assert response.status_code == 302
    client.post(response["Location"])
    assert Booking.objects.get().holder_key == "notice:101000004"


def test_a_taken_time_gives_a_polite_conflict(client, city):
    from madoguchi.core.models import Office

    Office.objects.filter(slug="center").update(counters=1)
    hold_time(client)
    response = client.__class__().post(
        "/booking/time/",
        {
            "service": "ecert_renew",
            "office": "center",
            "day": "2027-01-14",
            "start": at(THURSDAY, 9).isoformat(),
        },
    )
    assert response.status_code == 409
    assert "満員" in response.content.decode()


def test_manage_link_cancels_and_then_stops_working(
    client, city, smtp_server, django_capture_on_commit_callbacks
):
    _, done_url = book_through_pages(client)
    token = done_url.rstrip("/").rsplit("/", 1)[-1]
    manage = f"/booking/b/{token}/"
    assert "この予約を取り消しますか" in client.get(manage + "?action=cancel").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage, {"action": "cancel"})
    assert "予約を取り消しました" in response.content.decode()
    assert Booking.objects.get().status == "cancelled"
    again = client.get(manage)  # the old link says what became of the booking
    assert again.status_code == 200 and "取り消し済み" in again.content.decode()
    assert "?action=cancel" not in again.content.decode()
    assert "取り消し" in smtp_server[-1]["Subject"]


def test_change_books_the_new_time_and_kills_the_old_link(client, city):
    _, done_url = book_through_pages(client)
    old_token = done_url.rstrip("/").rsplit("/", 1)[-1]
    page = client.get(f"/booking/b/{old_token}/change/?day=2027-01-15").content.decode()
    assert "11:00" in page
    response = client.post(
        f"/booking/b/{old_token}/change/",
        {"day": "2027-01-15", "start": at(THURSDAY.replace(day=15), 11).isoformat()},
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.start == at(THURSDAY.replace(day=15), 11)
    assert client.get(response["Location"]).status_code == 200
    client.logout()  # in another browser the old link is dead
    assert client.get(f"/booking/b/{old_token}/").status_code == 404


def test_find_by_reference_and_email_or_birth_date(client, city):
    book_through_pages(client)
    booking = Booking.objects.get()
    ref = f"{booking.reference[:4]}-{booking.reference[4:]}".lower()
    wrong = client.post("/booking/find/", {"reference": ref, "secret": "other@example.jp"})
    assert wrong.status_code == 400
    right = client.post("/booking/find/", {"reference": ref, "secret": "HANAKO@example.jp"})
    assert right.status_code == 302 and "/booking/b/" in right["Location"]
    by_phone = client.post("/booking/find/", {"reference": ref, "secret": "090 1234 5678"})
    assert by_phone.status_code == 302


def test_ics_download(client, city):
    _, done_url = book_through_pages(client)
    token = done_url.rstrip("/").rsplit("/", 1)[-1]
    response = client.get(f"/booking/b/{token}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "END:VEVENT" in body


def test_english_pages(client, city):
    html = client.get("/en/booking/").content.decode()
    assert 'lang="en"' in html
    assert "Renew the electronic certificates" in html
    assert re.search(r"Which procedure", html)


def test_easy_japanese_pages(client, city):
    html = client.get("/easy/booking/").content.decode()
    assert "でんししょうめいしょの こうしん" in html


def test_operator_books_on_behalf_of_a_caller(operator_client, operator, city):
    page = operator_client.get("/booking/staff/?service=ecert_renew&office=chuo&day=2027-01-14")
    assert page.status_code == 200 and "08:45" in page.content.decode()
    response = operator_client.post(
        "/booking/staff/",
        {
            "service": "ecert_renew",
            "office": "chuo",
            "day": "2027-01-14",
            "start": at(THURSDAY, 8, 45).isoformat(),
            "name_kana": "タカハシ",
            "phone": "045-000-9999",
            "channel": "phone",
        },
    )
    assert response.status_code == 200, response.content.decode()[:800]
    booking = Booking.objects.get()
    assert booking.channel == "phone" and booking.booked_by == operator
    from madoguchi.accounts.models import AuditLog

    log = AuditLog.objects.get(action="booking.book_on_behalf")
    assert log.user == operator and log.object_id == str(booking.pk)
    assert booking.reference[:4] in response.content.decode()


def test_staff_booking_needs_the_role(stranger_client, client, city):
    assert stranger_client.get("/booking/staff/").status_code == 403
    assert client.get("/booking/staff/").status_code == 302
    assert Hold.objects.count() == 0


def test_waitlist_offer_page_moves_the_booking(client, city, smtp_server):
    from madoguchi.booking import links
    from madoguchi.booking.services import Contact, book_slot, cancel_booking, offer_to_waitlist
    from madoguchi.core.calendar import prefetch_calendar
    from madoguchi.core.models import Office, Procedure

    Office.objects.filter(slug="center").update(counters=1)
    office = prefetch_calendar(Office.objects.filter(slug="center")).get()
    procedure = Procedure.objects.get(code="ecert_renew")
    early = book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 9),
        contact=Contact("ア", "a@example.jp"),
        now=NOW,
    )
    later = book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 15),
        contact=Contact("イ", "i@example.jp"),
        now=NOW,
    )
    token = links.manage_token(later)
    client.post(f"/booking/b/{token}/", {"action": "waitlist"})
    assert later.waitlist.active
    cancel_booking(early, now=NOW)
    hold = offer_to_waitlist(office, at(THURSDAY, 9), at(THURSDAY, 9, 15), now=NOW)
    page = client.get(f"/booking/offer/{hold.token}/").content.decode()
    assert "早い時間に空きが出ました" in page and "09:00" in page
    response = client.post(f"/booking/offer/{hold.token}/", {"action": "accept"})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.start == at(THURSDAY, 9)
    used = client.get(f"/booking/offer/{hold.token}/")  # used: shows the result, no error
    assert used.status_code == 302 and "/booking/done/" in used["Location"]
    client.logout()  # another browser: the old manage link is dead
    assert client.get(f"/booking/b/{token}/").status_code == 404


def test_choosing_another_time_frees_the_first_hold(client, city):
    from madoguchi.core.models import Office

    Office.objects.filter(slug="center").update(counters=1)
    hold_time(client, at(THURSDAY, 9))
    hold_time(client, at(THURSDAY, 10))
    assert list(Hold.objects.order_by("pk").values_list("status", flat=True)) == [
        "released",
        "active",
    ]
    other = client.__class__()
    assert (
        other.post(
            "/booking/time/",
            {
                "service": "ecert_renew",
                "office": "center",
                "day": "2027-01-14",
                "start": at(THURSDAY, 9).isoformat(),
            },
        ).status_code
        == 302
    )  # 09:00 is free again for someone else

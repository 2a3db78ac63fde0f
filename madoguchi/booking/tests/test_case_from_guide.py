"""One case carried end to end: the navigator's facts and ``not_before`` travel through every
booking step, are kept with the booking and give "what to bring" on the pages and in e-mails."""

import json
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils.html import escape

from madoguchi.booking import case
from madoguchi.booking.models import Booking, Hold
from madoguchi.booking.services import InvalidBooking, book_slot, change_booking, hold_slot
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact
from madoguchi.guide.checklist import build_checklist
from madoguchi.guide.facts import parse_facts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock", "no_rate_limits")]

NOT_BEFORE = date(2027, 1, 20)  # a Wednesday, a week after the fixed clock
PIN_RESET = {"renewal": "ecert", "visitor": "self", "pins": "forgot_all"}
PLAIN = {"renewal": "ecert", "visitor": "self", "pins": "known"}
FROM_GUIDE = {"service": "ecert_renew_pin_reset", "from": "guide", **PIN_RESET}
DETAILS = {"name_kana": "さとう はなこ", "email": "hanako@example.jp", "phone": ""}


@pytest.fixture
def booking_after_not_before(city, office, procedure):
    """A booking for Thursday 21 January that keeps the navigator's NOT_BEFORE (20 January)."""
    return book_slot(
        office=office,
        procedure=procedure,
        start=at(date(2027, 1, 21), 9),
        contact=contact(),
        now=NOW,
        not_before=NOT_BEFORE,
    )


def bring_text(facts: dict, item_id: str, lang: str = "ja") -> str:
    """The navigator's own text for one item (so the tests do not copy the wording)."""
    result = build_checklist(parse_facts(facts), lang, today=THURSDAY)
    return next(e.text for e in result.bring if e.id == item_id)


def bring_list(html: str) -> str:
    """The "what to bring" list of a page ('' when the page shows none)."""
    found = re.search(r'<ul class="bring-list">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def bring_section(body: str) -> str:
    """The "what to bring" lines of a Japanese e-mail ('' when it lists none)."""
    found = re.search(
        r"持ち物:\r?\n(.*?)\r?\n(?:案内の結果をすべて見る|持ち物を詳しく確認する)", body, re.S
    )
    return found.group(1) if found else ""


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def book_through_pages(client, params: dict, start=None, prefix="", details=None):
    start = start or at(THURSDAY, 9)
    response = client.post(
        f"{prefix}/booking/time/",
        {"office": "center", "day": start.date().isoformat(), "start": start.isoformat()} | params,
    )
    assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(response["Location"], details or DETAILS)
    assert response.status_code == 302
    response = client.post(response["Location"])
    assert response.status_code == 302
    return response["Location"]


# --- carried through the steps ---------------------------------------------------------------


def test_navigator_link_carries_from_guide_facts_and_not_before_to_the_office_step(client, city):
    params = FROM_GUIDE | {"not_before": NOT_BEFORE.isoformat()}
    response = client.get("/booking/", params)
    assert response.status_code == 302
    carried = query(response["Location"])
    assert carried["service"] == ["ecert_renew_pin_reset"]
    assert carried["from"] == ["guide"]
    assert carried["pins"] == ["forgot_all"] and carried["renewal"] == ["ecert"]
    assert carried["not_before"] == ["2027-01-20"]


def test_first_step_links_back_to_the_navigator_result_when_coming_from_it(client, city):
    html = client.get("/booking/office/", FROM_GUIDE).content.decode()
    back = re.search(r'class="back-link" href="([^"]+)"', html).group(1)
    back = back.replace("&amp;", "&")
    assert back.startswith("/guide/result/?")
    assert query(back) == {k: [v] for k, v in PIN_RESET.items()}
    assert "案内の結果に戻る" in html


def test_first_step_links_back_to_booking_when_started_directly(client, city):
    html = client.get("/booking/office/?service=ecert_renew").content.decode()
    back = re.search(r'class="back-link" href="([^"]+)"', html).group(1)
    assert back == "/booking/" and "/guide/result/" not in html


def test_every_step_keeps_the_journey_in_its_forms_and_back_links(client, city):
    params = FROM_GUIDE | {"not_before": NOT_BEFORE.isoformat()}
    office_html = client.get("/booking/office/", params).content.decode()
    day_html = client.get("/booking/day/", params | {"office": "center"}).content.decode()
    time_html = client.get(
        "/booking/time/", params | {"office": "center", "day": "2027-01-21"}
    ).content.decode()
    for html in (office_html, day_html, time_html):
        assert '<input type="hidden" name="from" value="guide">' in html
        assert '<input type="hidden" name="pins" value="forgot_all">' in html
        assert '<input type="hidden" name="not_before" value="2027-01-20">' in html
    assert "from=guide" in re.search(r'class="back-link" href="([^"]+)"', day_html).group(1)


def test_details_and_confirm_steps_lead_back_with_the_journey_from_the_hold(client, city):
    params = FROM_GUIDE | {"not_before": NOT_BEFORE.isoformat()}
    start = at(date(2027, 1, 21), 9)
    response = client.post(
        "/booking/time/",
        params | {"office": "center", "day": "2027-01-21", "start": start.isoformat()},
    )
    details_url = response["Location"]
    hold = Hold.objects.get()
    assert hold.facts == PIN_RESET and hold.from_guide and hold.not_before == NOT_BEFORE
    html = client.get(details_url).content.decode()
    back = re.search(r'class="back-link" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert query(back)["not_before"] == ["2027-01-20"] and query(back)["from"] == ["guide"]
    confirm_url = client.post(details_url, DETAILS)["Location"]
    html = client.get(confirm_url).content.decode()
    assert escape("pins=forgot_all") in html and escape("not_before=2027-01-20") in html
    assert "hanako" not in re.search(r'href="([^"]*/booking/time/[^"]*)"', html).group(1)


def test_bad_facts_in_the_link_are_dropped_not_an_error(client, city):
    response = client.get("/booking/office/?service=ecert_renew&from=guide&renewal=bogus")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="renewal"' not in html
    assert 'href="/guide/"' in html  # back to the navigator's start, facts unknown


# --- not_before --------------------------------------------------------------------------------


def test_not_before_hides_earlier_days_and_says_why(client, city):
    base = {"service": "ecert_renew", "office": "center"}
    without = client.get("/booking/day/", base).content.decode()
    assert 'value="2027-01-14"' in without
    html = client.get("/booking/day/", base | {"not_before": "2027-01-20"}).content.decode()
    offered = re.findall(r'name="day"\s+value="(\d{4}-\d\d-\d\d)"', html)
    assert offered and min(offered) >= "2027-01-20"
    assert 'value="2027-01-14"' not in html
    assert "更新できるのは2027年1月20日（水）からです。" in html


def test_not_before_is_explained_in_english_and_easy_japanese(client, city):
    base = {"service": "ecert_renew", "office": "center", "not_before": "2027-01-20"}
    english = client.get("/en/booking/day/", base).content.decode()
    easy = client.get("/easy/booking/day/", base).content.decode()
    assert "You can renew from Wed 20 Jan 2027." in english
    assert "1がつ20にち（すいようび）から こうしん できます。" in easy


def test_office_list_earliest_free_time_is_not_before_not_before(client, city):
    html = client.get("/booking/office/?service=ecert_renew&not_before=2027-01-20").content.decode()
    earliest = re.findall(r"いちばん早い空き: <strong>(\d{4})年(\d+)月(\d+)日", html)
    assert earliest
    assert all(date(int(y), int(m), int(d)) >= NOT_BEFORE for y, m, d in earliest)
    assert "2027年1月12日" not in html


def test_a_time_before_not_before_cannot_be_held(client, city):
    response = client.post(
        "/booking/time/",
        {
            "service": "ecert_renew",
            "office": "center",
            "day": THURSDAY.isoformat(),
            "start": at(THURSDAY, 9).isoformat(),
            "not_before": "2027-01-20",
        },
    )
    assert response.status_code == 400  # a time that cannot be booked is bad input, not taken
    assert "更新できるのは2027年1月20日（水）からです。" in response.content.decode()
    assert not Hold.objects.exists()


def test_a_past_not_before_changes_nothing_and_says_nothing(client, city):
    html = client.get(
        "/booking/day/?service=ecert_renew&office=center&not_before=2027-01-01"
    ).content.decode()
    assert 'value="2027-01-14"' in html and "更新できるのは" not in html


def test_a_booking_keeps_not_before_when_it_is_changed(booking_after_not_before):
    booking = booking_after_not_before
    assert booking.not_before == NOT_BEFORE
    with pytest.raises(InvalidBooking) as exc:
        change_booking(booking, at(THURSDAY, 9), now=NOW)
    assert exc.value.code == "too_early"
    moved = change_booking(booking, at(date(2027, 1, 22), 9), now=NOW)
    assert moved.start == at(date(2027, 1, 22), 9)


def test_hold_refuses_a_day_before_not_before(city, office, procedure):
    with pytest.raises(InvalidBooking):
        hold_slot(
            office, procedure, at(THURSDAY, 9), now=NOW, journey=case.Journey(not_before=NOT_BEFORE)
        )


# --- facts kept with the booking ---------------------------------------------------------------


def test_facts_from_the_navigator_survive_to_the_booking_row(client, city):
    params = FROM_GUIDE | {"not_before": NOT_BEFORE.isoformat()}
    book_through_pages(client, params, start=at(date(2027, 1, 21), 9))
    booking = Booking.objects.get()
    assert booking.facts == PIN_RESET
    assert booking.not_before == NOT_BEFORE
    assert booking.procedure.code == "ecert_renew_pin_reset"


def test_a_booking_started_directly_gets_default_facts_for_its_procedure(client, city):
    book_through_pages(client, {"service": "ecert_renew"})
    assert Booking.objects.get().facts == PLAIN


def test_facts_that_lead_to_another_procedure_give_way_to_the_defaults(city, office, procedure):
    pickup = {"renewal": "card", "stage": "pickup", "visitor": "self"}
    booking = book_slot(
        office=office,
        procedure=procedure,  # ecert_renew
        start=at(THURSDAY, 9),
        contact=contact(),
        now=NOW,
        facts=parse_facts(pickup),
    )
    assert booking.facts == case.DEFAULT_FACTS["ecert_renew"]


def test_today_is_not_kept_as_a_fact(city, office, procedure):
    booking = book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 9),
        contact=contact(),
        now=NOW,
        facts=parse_facts(PLAIN | {"today": "2027-01-12"}),
    )
    assert "today" not in booking.facts


@pytest.mark.parametrize("code", sorted(case.DEFAULT_FACTS))
def test_default_facts_lead_the_navigator_back_to_the_same_procedure_or_to_none(code):
    facts = case.default_facts(code)
    service = build_checklist(facts, "ja", today=THURSDAY).outcome.booking_service
    # A proxy pickup's reason cannot be guessed: the navigator then books nothing.
    assert service == (None if code == "card_pickup_proxy" else code)


def test_api_booking_without_facts_still_works_and_keeps_the_defaults(client, city):
    body = {
        "office": "center",
        "service": "ecert_renew",
        "start": at(THURSDAY, 9).isoformat(),
        "name_kana": "やまだ たろう",
        "email": "taro@example.jp",
    }
    response = client.post("/api/v1/bookings", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Booking.objects.get().facts == PLAIN


def test_api_booking_keeps_the_facts_it_is_given_and_names_a_bad_one(client, city):
    body = {
        "office": "center",
        "service": "ecert_renew_pin_reset",
        "start": at(THURSDAY, 9).isoformat(),
        "name_kana": "やまだ たろう",
        "email": "taro@example.jp",
    }
    bad = client.post(
        "/api/v1/bookings",
        json.dumps(body | {"facts": {"pins": "maybe"}}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "facts.pins" in bad.json()["error"]["fields"]
    assert not Booking.objects.exists()
    good = client.post(
        "/api/v1/bookings",
        json.dumps(body | {"facts": PIN_RESET}),
        content_type="application/json",
    )
    assert good.status_code == 201
    assert Booking.objects.get().facts == PIN_RESET


# --- what to bring -----------------------------------------------------------------------------


def test_confirmation_page_and_email_list_the_extra_id_for_a_pin_reset(
    client, city, smtp_server, django_capture_on_commit_callbacks
):
    extra_id = bring_text(PIN_RESET, "bring_extra_id_for_pin_reset")
    card = bring_text(PIN_RESET, "bring_card")
    with django_capture_on_commit_callbacks(execute=True):
        done_url = book_through_pages(client, FROM_GUIDE)
    html = client.get(done_url).content.decode()
    assert escape(extra_id) in bring_list(html) and escape(card) in bring_list(html)
    assert escape("/guide/result/?renewal=ecert&visitor=self&pins=forgot_all") in html
    body = smtp_server[0].get_body(preferencelist=("plain",)).get_content()
    assert extra_id in bring_section(body) and card in bring_section(body)
    assert "/guide/result/?renewal=ecert&visitor=self&pins=forgot_all" in body


def test_plain_renewal_lists_no_extra_id_on_the_page_or_in_the_email(
    client, city, smtp_server, django_capture_on_commit_callbacks
):
    extra_id = bring_text(PIN_RESET, "bring_extra_id_for_pin_reset")
    card = bring_text(PLAIN, "bring_card")
    with django_capture_on_commit_callbacks(execute=True):
        done_url = book_through_pages(client, {"service": "ecert_renew", "from": "guide", **PLAIN})
    html = client.get(done_url).content.decode()
    body = smtp_server[0].get_body(preferencelist=("plain",)).get_content()
    assert escape(card) in bring_list(html) and card in bring_section(body)
    assert escape(extra_id) not in html and extra_id not in body


def test_manage_page_lists_what_to_bring_in_its_language(client, city):
    done_url = book_through_pages(client, FROM_GUIDE, prefix="/en")
    booking = Booking.objects.get()
    assert booking.lang == "en"
    manage_html = client.get(done_url.replace("/done/", "/b/")).content.decode()
    extra_id = bring_text(PIN_RESET, "bring_extra_id_for_pin_reset", "en")
    assert escape(extra_id) in bring_list(manage_html)
    assert "/en/guide/result/?" in manage_html


def test_easy_email_lists_what_to_bring_in_easy_japanese(
    client, city, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book_through_pages(client, FROM_GUIDE, prefix="/easy")
    body = smtp_server[0].get_body(preferencelist=("plain",)).get_content()
    assert bring_text(PIN_RESET, "bring_extra_id_for_pin_reset", "easy") in body
    assert "/easy/guide/result/?" in body


def test_procedure_the_navigator_does_not_book_links_to_the_navigator_instead(client, city):
    done_url = book_through_pages(client, {"service": "pin_reset"})
    booking = Booking.objects.get()
    assert booking.facts == {}
    html = client.get(done_url).content.decode()
    assert 'class="bring-list"' not in html and 'href="/guide/"' in html


def test_procedure_page_links_back_to_the_navigator_when_its_code_is_unknown(client, city):
    html = client.get("/booking/?service=nope&from=guide&renewal=ecert").content.decode()
    assert 'class="back-link" href="/guide/result/?renewal=ecert"' in html
    assert '<input type="hidden" name="renewal" value="ecert">' in html


def test_the_navigators_own_booking_link_opens_booking_with_the_case(client, city):
    from madoguchi.guide import services as guide_services

    facts = parse_facts(PIN_RESET | {"expiry": "2027-04-19"})
    url = guide_services.booking_url("ecert_renew_pin_reset", facts, date(2027, 1, 20))
    office_url = client.get(url)["Location"]
    html = client.get(office_url).content.decode()
    assert "更新できるのは2027年1月20日（水）からです。" in html
    assert '<input type="hidden" name="expiry" value="2027-04-19">' in html
    back = re.search(r'class="back-link" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert query(back)["expiry"] == ["2027-04-19"] and back.startswith("/guide/result/")


def test_operator_booking_from_the_navigator_keeps_the_case_and_not_before(operator_client, city):
    params = {"service": "ecert_renew_pin_reset", "office": "chuo", **PIN_RESET}
    params["not_before"] = "2027-01-20"
    page = operator_client.get("/booking/staff/", params).content.decode()
    offered = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', page)
    assert offered and min(offered) >= "2027-01-20"
    assert '<input type="hidden" name="pins" value="forgot_all">' in page
    day = date(2027, 1, 21)
    form = operator_client.get("/booking/staff/", params | {"day": day.isoformat()})
    start = re.search(r'name="start"\s+value="([^"]+)"', form.content.decode()).group(1)
    response = operator_client.post(
        "/booking/staff/",
        params
        | {
            "day": day.isoformat(),
            "start": start,
            "name_kana": "タカハシ",
            "phone": "045-000-9999",
        },
    )
    assert response.status_code == 200, response.content.decode()[:800]
    booking = Booking.objects.get()
    assert booking.facts == PIN_RESET and booking.not_before == NOT_BEFORE


def test_change_page_offers_no_day_before_the_bookings_not_before(client, booking_after_not_before):
    from madoguchi.booking import links

    booking = booking_after_not_before
    html = client.get(f"/booking/b/{links.manage_token(booking)}/change/").content.decode()
    offered = re.findall(r'name="day"\s+value="(\d{4}-\d\d-\d\d)"', html)
    assert offered and min(offered) >= "2027-01-20"
    assert "更新できるのは2027年1月20日（水）からです。" in html

"""The time page says why a day has no times (closed, past, not yet released — and when it
opens); a time that cannot be booked is a 400 (bad input), a full one a 409."""

from datetime import date

import pytest

from madoguchi.booking.services import day_unavailable_reason
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]
HOLIDAY = date(2027, 2, 11)  # 建国記念の日
PAST = date(2027, 1, 11)
NOT_YET = date(2027, 2, 20)  # released 31 days ahead at 09:00: from 2027-01-20


@pytest.mark.parametrize(
    "day, expected",
    [
        (HOLIDAY, "閉庁日・祝日"),
        (PAST, "過ぎた日"),
        (NOT_YET, "2027年1月20日（水） 09:00 から受け付けます"),
    ],
    ids=["holiday", "past", "not-yet-released"],
)
def test_the_time_page_says_why_a_day_has_no_times(client, city, day, expected):
    response = client.get(
        "/booking/time/", {"service": "ecert_renew", "office": "center", "day": day.isoformat()}
    )
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_an_open_day_has_no_reason(office):
    assert day_unavailable_reason(office, THURSDAY, NOW) == ""


def test_posting_a_time_on_a_closed_day_is_a_400(client, city):
    response = client.post(
        "/booking/time/",
        {
            "service": "ecert_renew",
            "office": "center",
            "day": HOLIDAY.isoformat(),
            "start": at(HOLIDAY, 10).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "閉庁日・祝日" in response.content.decode()


def test_posting_without_a_time_is_a_400(client, city):
    response = client.post(
        "/booking/time/",
        {"service": "ecert_renew", "office": "center", "day": THURSDAY.isoformat()},
    )
    assert response.status_code == 400


def test_a_bad_day_shows_the_day_page_with_a_message(client, city):
    response = client.get(
        "/booking/time/", {"service": "ecert_renew", "office": "center", "day": "2027-13-45"}
    )
    assert response.status_code == 400
    assert "日にちを選んでください" in response.content.decode()


def test_the_day_page_says_when_the_next_day_opens(client, city):
    html = client.get("/booking/day/", {"service": "ecert_renew", "office": "center"}).content
    # 10:00 on 12 January: today's release (09:00) is past; 13 February opens tomorrow 09:00
    assert (
        "2027年2月13日（土） の予約は 2027年1月13日（水） 09:00 から受け付けます。" in html.decode()
    )


def test_the_time_page_groups_times_into_morning_and_afternoon(client, city):
    html = client.get(
        "/booking/time/",
        {"service": "ecert_renew", "office": "center", "day": THURSDAY.isoformat()},
    ).content.decode()
    assert html.index(">午前<") < html.index(">午後<")

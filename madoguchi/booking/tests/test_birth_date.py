"""Dates of birth as people write them (western and 和暦, full-width too), on every form."""

from datetime import date

import pytest

from madoguchi.booking.services import InvalidBooking, clean_contact, parse_date_of_birth
from madoguchi.booking.tests.conftest import NOW


@pytest.mark.parametrize(
    "text",
    [
        "1975-02-28",
        "1975/2/28",
        "1975年2月28日",
        "昭和50年2月28日",
        "昭和５０年２月２８日",
        "S50.2.28",
        "19750228",
        " 1975 / 2 / 28 ",
    ],
)
def test_common_ways_of_writing_a_birth_date_are_understood(text):
    assert parse_date_of_birth(text) == date(1975, 2, 28)


def test_the_first_year_of_an_era_can_be_written_gannen():
    assert parse_date_of_birth("平成元年1月8日") == date(1989, 1, 8)


@pytest.mark.parametrize("text", ["1975-02-30", "昭和50年13月1日", "2月28日", "abc", ""])
def test_non_dates_are_not_understood(text):
    assert parse_date_of_birth(text) is None


def test_a_pickup_booking_accepts_a_wareki_birth_date(city, notices):
    from madoguchi.core.models import Procedure

    contact = clean_contact(
        {"name_kana": "ヤマダ", "email": "a@example.jp", "notice_number": "101-000003",
         "birth_date": "昭和50年2月28日"},
        Procedure.objects.get(code="card_pickup"),
        NOW.date(),
    )  # fmt: skip
    assert contact.birth_date == date(1975, 2, 28)


def test_an_unreadable_birth_date_says_how_to_write_it(city, notices):
    from madoguchi.core.models import Procedure

    with pytest.raises(InvalidBooking) as caught:
        clean_contact(
            {"name_kana": "ヤマダ", "email": "a@example.jp", "notice_number": "101-000003",
             "birth_date": "2月28日"},
            Procedure.objects.get(code="card_pickup"),
            NOW.date(),
        )  # fmt: skip
    assert "昭和55年4月1日" in caught.value.fields["birth_date"]


def test_the_details_page_asks_for_the_birth_date_as_text_with_a_hint(client, city):
    from unittest import mock

    from madoguchi.booking.tests.conftest import THURSDAY, at

    with mock.patch("django.utils.timezone.now", return_value=NOW):
        response = client.post(
            "/booking/time/",
            {
                "service": "card_pickup",
                "office": "center",
                "day": THURSDAY.isoformat(),
                "start": at(THURSDAY, 9).isoformat(),
            },
        )
        html = client.get(response["Location"]).content.decode()
    assert 'type="date"' not in html
    assert "昭和55年4月1日" in html

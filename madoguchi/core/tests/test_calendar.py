"""Opening windows: weekly hours, n-th week openings, closures, holidays, maintenance Sunday."""

from datetime import date, datetime, time

import pytest

from madoguchi.core.calendar import (
    TOKYO,
    closed_reason,
    closure_covers,
    is_national_maintenance_day,
    opening_windows,
    sunday_after_third_saturday,
    week_of_month,
)
from madoguchi.core.models import Closure, Office

RULES = {"national_maintenance": {"rule": "sunday_after_third_saturday"}}


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=TOKYO)


def test_week_of_month_counts_sevens_from_the_first():
    assert [week_of_month(date(2027, 3, d)) for d in (1, 7, 8, 14, 15, 28, 29)] == [
        1, 1, 2, 2, 3, 4, 5,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 12, date(2026, 12, 20)),  # 3rd Saturday 19th
        (2027, 1, date(2027, 1, 17)),  # 3rd Saturday 16th
        (2027, 5, date(2027, 5, 16)),  # month starting on a Saturday: 1, 8, 15 → 16th
        (2027, 2, date(2027, 2, 21)),  # 3rd Saturday 20th
    ],
)
def test_maintenance_day_is_the_sunday_after_the_third_saturday(year, month, expected):
    assert sunday_after_third_saturday(year, month) == expected
    assert expected.weekday() == 6


def test_maintenance_day_needs_the_rule_in_city_data():
    assert is_national_maintenance_day(date(2026, 12, 20), RULES)
    assert not is_national_maintenance_day(date(2026, 12, 13), RULES)
    assert not is_national_maintenance_day(date(2026, 12, 20), {})


def test_unknown_maintenance_rule_is_an_error_not_a_silent_open_day():
    with pytest.raises(ValueError, match="unknown"):
        is_national_maintenance_day(date(2026, 12, 20), {"national_maintenance": {"rule": "x"}})


def test_yearly_closure_wraps_the_year_end():
    closure = Closure(yearly_start="12-29", yearly_end="01-03")
    assert closure_covers(closure, date(2026, 12, 29))
    assert closure_covers(closure, date(2026, 12, 31))
    assert closure_covers(closure, date(2027, 1, 3))
    assert not closure_covers(closure, date(2027, 1, 4))
    assert not closure_covers(closure, date(2026, 12, 28))


def test_yearly_closure_within_one_year_and_fixed_range():
    assert closure_covers(Closure(yearly_start="08-13", yearly_end="08-15"), date(2027, 8, 14))
    assert not closure_covers(Closure(yearly_start="08-13", yearly_end="08-15"), date(2027, 8, 16))
    fixed = Closure(start=date(2027, 2, 13), end=date(2027, 2, 14))
    assert closure_covers(fixed, date(2027, 2, 14))
    assert not closure_covers(fixed, date(2027, 2, 15))


@pytest.mark.django_db
def test_center_weekday_and_weekend_hours(city):
    center = Office.objects.get(slug="center")
    assert opening_windows(center, date(2027, 1, 14)) == [  # Thursday
        (at(date(2027, 1, 14), 9), at(date(2027, 1, 14), 19))
    ]
    assert opening_windows(center, date(2027, 1, 9)) == [  # Saturday
        (at(date(2027, 1, 9), 9), at(date(2027, 1, 9), 17))
    ]


@pytest.mark.django_db
def test_windows_are_aware_tokyo_times(city):
    start, end = opening_windows(Office.objects.get(slug="nishi"), date(2027, 1, 14))[0]
    assert start.utcoffset().total_seconds() == 9 * 3600
    assert start.astimezone(TOKYO).time() == time(8, 45) and end.time() == time(17, 0)


@pytest.mark.django_db
def test_second_and_fourth_saturday_only(city):
    chuo = Office.objects.get(slug="chuo")
    # January 2027: Saturdays 2, 9, 16, 23, 30 → weeks 1, 2, 3, 4, 5
    assert opening_windows(chuo, date(2027, 1, 2)) == []
    assert opening_windows(chuo, date(2027, 1, 9)) == [
        (at(date(2027, 1, 9), 9), at(date(2027, 1, 9), 12))
    ]
    assert opening_windows(chuo, date(2027, 1, 16)) == []
    assert opening_windows(chuo, date(2027, 1, 23)) != []
    assert opening_windows(chuo, date(2027, 1, 30)) == []


@pytest.mark.django_db
def test_thursday_evening_counter_joins_the_day_window(city):
    kita = Office.objects.get(slug="kita")
    assert opening_windows(kita, date(2027, 1, 14)) == [
        (at(date(2027, 1, 14), 8, 45), at(date(2027, 1, 14), 19))
    ]
    assert opening_windows(kita, date(2027, 1, 13)) == [
        (at(date(2027, 1, 13), 8, 45), at(date(2027, 1, 13), 17))
    ]


@pytest.mark.django_db
def test_closed_on_new_year_holidays_public_holidays_and_city_closure(city):
    center = Office.objects.get(slug="center")
    assert opening_windows(center, date(2026, 12, 30)) == []
    assert closed_reason(center, date(2027, 1, 2)) == "closure"
    assert closed_reason(center, date(2027, 1, 11)) == "holiday"  # 成人の日
    assert opening_windows(center, date(2027, 1, 11)) == []
    assert closed_reason(center, date(2027, 2, 13)) == "closure"  # city system upgrade
    assert closed_reason(center, date(2027, 2, 12)) is None


@pytest.mark.django_db
def test_center_is_closed_on_the_national_maintenance_sunday_only(city):
    center = Office.objects.get(slug="center")
    assert closed_reason(center, date(2027, 1, 17)) == "maintenance"
    assert opening_windows(center, date(2027, 1, 17)) == []
    assert opening_windows(center, date(2027, 1, 24)) != []  # an ordinary Sunday


@pytest.mark.django_db
def test_office_closure_closes_only_that_office(city):
    nishi = Office.objects.get(slug="nishi")
    Closure.objects.create(
        city=city, office=nishi, name={"ja": "工事"}, start=date(2027, 1, 14), end=date(2027, 1, 14)
    )
    assert opening_windows(nishi, date(2027, 1, 14)) == []
    assert opening_windows(Office.objects.get(slug="minami"), date(2027, 1, 14)) != []


@pytest.mark.django_db
def test_prefetched_offices_need_no_more_queries(city, django_assert_num_queries):
    from madoguchi.core.calendar import prefetch_calendar

    offices = list(prefetch_calendar(Office.objects.all()))
    with django_assert_num_queries(0):
        for office in offices:
            for d in range(1, 29):
                opening_windows(office, date(2027, 2, d))

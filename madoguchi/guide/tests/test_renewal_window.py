"""The renewal window: the day after the date three months before expiry (§2, §9.1)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.guide.rules import renewal_window_opens


@pytest.mark.parametrize(
    ("expiry", "opens"),
    [
        ("2023-07-07", "2023-04-08"),  # 練馬区
        ("2023-05-28", "2023-03-01"),  # 練馬区: 2023-02-28 + 1 day
        ("2023-11-20", "2023-08-21"),  # 茨木市
        ("2023-05-30", "2023-03-01"),  # 2023-02-30 does not exist → 1st of next month
        ("2024-05-30", "2024-03-01"),  # leap year: 02-29 exists? 02-30 does not
        ("2024-05-29", "2024-03-01"),  # 2024-02-29 exists → the day after
        ("2023-12-31", "2023-10-01"),  # 2023-09-31 does not exist
        ("2027-01-15", "2026-10-16"),  # across the year end
        ("2027-03-31", "2027-01-01"),  # 2026-12-31 + 1 day
    ],
)
def test_window_opens_on_the_documented_day(expiry, opens):
    assert renewal_window_opens(dt.date.fromisoformat(expiry)) == dt.date.fromisoformat(opens)


@given(st.dates(dt.date(2016, 1, 1), dt.date(2060, 12, 31)))
def test_window_is_a_little_under_three_months(expiry):
    opens = renewal_window_opens(expiry)
    assert 88 <= (expiry - opens).days <= 92

from __future__ import annotations

import pytest

from madoguchi.faq import render

pytestmark = pytest.mark.django_db


def test_placeholders_come_from_the_city_data_in_each_language(city):
    ja, en = render.city_facts("ja"), render.city_facts("en")
    assert render.fill("{{ city.name }}の予約 {{ phone.reservation.number }}", ja) == (
        "桜浜市の予約 0120-000-178"
    )
    assert render.fill("{{ city.name }}", en) == "Sakurahama City"
    assert ja["booking.days_ahead"] == "31"
    assert ja["booking.release_time"] == "9:00"
    assert "桜浜駅前ビル" in ja["center.address"]


def test_the_office_list_has_every_office_with_hours(city):
    from madoguchi.core.models import Office

    text = render.city_facts("ja")["offices.list"]
    assert text.count("- **") == Office.objects.count() > 1
    assert "月〜金 8:45〜17:00" in text
    assert "第2・4土 9:00〜12:00" in text


def test_without_a_city_placeholders_are_empty(db):
    assert render.fill("[{{ city.name }}]", render.city_facts("ja")) == "[]"


def test_markdown_is_escaped_and_links_follow_the_language():
    html = render.markdown_html("- **大事** <script>x</script>\n- 予約は /booking/ で", "en")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>大事</strong>" in html
    assert '<a href="/en/booking/">' in html


def test_plain_strips_markdown():
    assert render.plain("- **無料**です") == "無料です"

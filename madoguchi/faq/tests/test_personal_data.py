"""A query holding a 個人番号 is refused everywhere and never repeated back."""

from __future__ import annotations

import re

import pytest

from madoguchi.faq.models import SearchLog

pytestmark = pytest.mark.django_db

QUERIES = [
    "マイナンバーは123456789012です",
    "番号 1234 5678 9012 忘れた",
    "１２３４－５６７８－９０１２",
]


def digits_in(text: str) -> bool:
    return bool(re.search(r"1234\D{0,3}5678\D{0,3}9012|123456789012|１２３４", text))


@pytest.mark.parametrize("q", QUERIES)
def test_the_search_page_moves_to_an_address_without_the_number(client, faq_entries, q):
    response = client.get("/faq/search", {"q": q})
    assert response.status_code == 302
    assert not digits_in(response["Location"])
    assert "q=" not in response["Location"]


@pytest.mark.parametrize("q", QUERIES)
def test_the_number_is_not_echoed_in_title_heading_input_or_language_links(client, faq_entries, q):
    response = client.get("/faq/search", {"q": q}, follow=True)
    html = response.content.decode()
    assert not digits_in(html)
    assert "個人番号（マイナンバー）のような12桁の数字" in html
    assert re.search(r"<title>\s*エラー：", html)
    assert 'value=""' in html
    assert not SearchLog.objects.exists()


def test_as_you_type_fragment_refuses_without_echo(client, faq_entries):
    html = client.get("/faq/search", {"q": QUERIES[0], "partial": "1"}).content.decode()
    assert "data-query-rejected" in html
    assert not digits_in(html)


def test_language_links_drop_a_query_that_looks_like_a_my_number(rf):
    from django.template import Context, Template

    request = rf.get("/faq/search", {"q": "123456789012", "x": "1"})
    rendered = Template("{% url_in_language 'en' %}").render(Context({"request": request}))
    assert "123456789012" not in rendered
    assert rendered == "/en/faq/search?x=1"
    plain = rf.get("/faq/search", {"q": "更新"})
    rendered = Template("{% url_in_language 'en' %}").render(Context({"request": plain}))
    assert rendered.startswith("/en/faq/search?q=")


@pytest.mark.parametrize("q", QUERIES)
def test_the_api_refuses_politely_without_echoing(client, faq_entries, q):
    response = client.get("/api/v1/faq/search", {"q": q})
    assert response.status_code == 400
    body = response.content.decode()
    assert not digits_in(body)
    assert response.json()["error"]["code"] == "personal_data"
    assert not SearchLog.objects.exists()

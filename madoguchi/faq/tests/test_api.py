from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

URL = "/api/v1/faq/search"


def test_search_returns_the_contract_shape(client, faq_entries):
    response = client.get(URL, {"q": "暗証番号を忘れた"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"query", "results", "suggestion"}
    assert data["query"] == "暗証番号を忘れた"
    first = data["results"][0]
    assert set(first) == {"id", "question", "answer", "url", "score"}
    assert first["id"] == "t-pin-forgot"
    assert first["url"] == "/faq/t-pin-forgot/"
    assert "桜浜市" in first["answer"]  # city facts filled in


def test_lang_picks_the_texts_and_url(client, faq_entries):
    data = client.get(URL, {"q": "I lost my card", "lang": "en"}).json()
    assert data["results"][0]["question"] == "What should I do if I lose my card?"
    assert data["results"][0]["url"] == "/en/faq/t-lost-card/"
    easy = client.get(URL, {"q": "カードを落とした", "lang": "easy"}).json()
    assert easy["results"][0]["url"] == "/easy/faq/t-lost-card/"


def test_limit_caps_the_results(client, faq_entries):
    data = client.get(URL, {"q": "マイナンバーカード 更新", "limit": 1}).json()
    assert len(data["results"]) == 1


def test_a_typo_returns_a_suggestion(client, faq_entries):
    assert client.get(URL, {"q": "暗正番号"}).json()["suggestion"] == "暗証番号"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "あ" * 201},
        {"q": "更新", "lang": "fr"},
        {"q": "更新", "limit": 0},
        {"q": "更新", "limit": 500},
        {"q": "更新", "limit": "many"},
        {"q": "番号は 1234 5678 9018 です"},  # looks like a 個人番号
    ],
)
def test_bad_input_is_a_400_with_a_message(client, faq_entries, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] and error["message"]


def test_200_characters_is_allowed(client, faq_entries):
    assert client.get(URL, {"q": "更" * 200}).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=220), lang=st.sampled_from(["ja", "en", "easy", "xx", ""]))
def test_random_unicode_never_causes_a_server_error(client, faq_entries, q, lang):
    response = client.get(URL, {"q": q, "lang": lang})
    assert response.status_code in (200, 400)
    assert "error" in response.json() or "results" in response.json()


def test_a_non_numeric_limit_gets_our_own_japanese_message(client, faq_entries):
    error = client.get(URL, {"q": "更新", "limit": "abc"}).json()["error"]
    assert error["message"] == "limit には 1 から 20 までの数を指定してください。"
    assert "pydantic" not in str(error).lower() and "integer" not in str(error).lower()


def test_error_messages_are_english_when_lang_is_en(client, faq_entries):
    error = client.get(URL, {"q": "renew", "lang": "en", "limit": "abc"}).json()["error"]
    assert error["message"].startswith("limit must be")
    error = client.get(URL, {"q": "", "lang": "en"}).json()["error"]
    assert error["message"] == "Enter what you want to search for."


def test_an_unknown_lang_is_explained_in_japanese(client, faq_entries):
    error = client.get(URL, {"q": "更新", "lang": "fr"}).json()["error"]
    assert "ja、en、easy" in error["message"]

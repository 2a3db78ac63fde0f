"""GET /api/v1/guide/checklist follows the contract; bad query strings never give a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madoguchi.core.models import Procedure
from madoguchi.guide.facts import KEYS

URL = "/api/v1/guide/checklist"
CONTRACT_KEYS = {
    "renewal",
    "stage",
    "can_proceed_now",
    "window_opens_on",
    "visits",
    "bring",
    "steps",
    "warnings",
    "booking_service",
    "counter_minutes",
    "sources",
    "share_url",
}
PROXY = {
    "renewal": "ecert",
    "expiry": "2027-01-20",
    "visitor": "proxy",
    "shokaisho": "false",
    "today": "2026-12-03",
}


@pytest.mark.django_db
def test_it_answers_with_exactly_the_contract_fields(client, city):
    body = client.get(URL, PROXY).json()
    assert set(body) == CONTRACT_KEYS
    assert body["renewal"] == "ecert"
    assert body["stage"] is None
    assert body["can_proceed_now"] is True
    assert body["window_opens_on"] == "2026-10-21"
    assert body["visits"] == 2
    assert body["booking_service"] == "ecert_proxy_inquiry"
    assert body["counter_minutes"] == 10
    assert all(set(b) == {"text", "note"} for b in body["bring"])
    assert all(isinstance(s, str) and s for s in body["steps"] + body["warnings"])
    assert body["sources"] and all(u.startswith("http") for u in body["sources"])


@pytest.mark.django_db
def test_counter_minutes_come_from_the_city_data(client, city):
    Procedure.objects.filter(code="ecert_renew_pin_reset").update(minutes=40)
    body = client.get(URL, {"renewal": "ecert", "visitor": "self", "pins": "forgot_all"}).json()
    assert (body["booking_service"], body["counter_minutes"]) == ("ecert_renew_pin_reset", 40)


@pytest.mark.django_db
def test_no_booking_means_no_minutes(client, city):
    body = client.get(URL, {"renewal": "card", "stage": "apply", "changed_info": "false"}).json()
    assert body["booking_service"] is None
    assert body["counter_minutes"] is None


@pytest.mark.django_db
def test_text_comes_in_the_language_asked(client, city):
    ja = client.get(URL, PROXY).json()
    en = client.get(URL, {**PROXY, "lang": "en"}).json()
    easy = client.get(URL, {**PROXY, "lang": "easy"}).json()
    assert len(ja["steps"]) == len(en["steps"]) == len(easy["steps"])
    assert ja["steps"] != en["steps"] != easy["steps"]
    assert en["steps"][0].isascii() or "Electronic" in en["steps"][0]
    assert "/en/guide/result/" in en["share_url"]
    assert "/easy/guide/result/" in easy["share_url"]
    assert "/guide/result/?" in ja["share_url"] and "/en/" not in ja["share_url"]


@pytest.mark.django_db
def test_work_proxy_is_blocked_and_the_holder_books_their_own_pickup(client, city):
    """§5: work is never a reason; the holder collects in person (review 2.1)."""
    body = client.get(
        URL, {"renewal": "card", "stage": "pickup", "visitor": "proxy", "proxy_reason": "work"}
    ).json()
    assert body["can_proceed_now"] is False
    assert body["booking_service"] == "card_pickup"
    assert body["counter_minutes"] == 20
    assert len(body["warnings"]) > 3  # why, plus the three general warnings


@pytest.mark.django_db
def test_blocked_visitor_gets_a_warning_and_no_booking(client, city):
    """§4: under-15s go through their 法定代理人, never a 任意代理人 (review 1.5)."""
    body = client.get(
        URL,
        {
            "renewal": "ecert",
            "age": "12",
            "visitor": "proxy",
            "shokaisho": "true",
            "expiry": "2027-01-20",
            "today": "2026-12-03",
        },
    ).json()
    assert body["can_proceed_now"] is False
    assert body["booking_service"] is None
    assert len(body["warnings"]) > 3


@pytest.mark.django_db
def test_new_query_keys_are_accepted_and_bad_values_name_the_key(client, city):
    ok = client.get(
        URL,
        {
            "renewal": "ecert",
            "expiry": "2027-01-20",
            "card_same_expiry": "true",
            "today": "2026-12-03",
        },
    )
    assert ok.status_code == 200
    assert ok.json()["can_proceed_now"] is False
    assert ok.json()["booking_service"] is None
    bad = client.get(URL, {"renewal": "ecert", "card_same_expiry": "maybe"})
    assert bad.status_code == 400
    assert "card_same_expiry" in bad.json()["error"]["fields"]
    bad = client.get(URL, {"renewal": "card", "stage": "pickup", "preschool": "x"})
    assert bad.status_code == 400
    assert "preschool" in bad.json()["error"]["fields"]


@pytest.mark.django_db
def test_steps_come_before_notes_in_the_api(client, city):
    """Review 3.9: the contract keeps `steps`; real steps first, notes after."""
    body = client.get(
        URL,
        {
            "renewal": "ecert",
            "expiry": "2027-01-20",
            "today": "2026-12-03",
            "visitor": "self",
            "card_same_expiry": "false",
            "pins": "forgot_one",
            "lang": "en",
        },
    ).json()
    steps = body["steps"]
    counter = next(i for i, t in enumerate(steps) if "fill in an application" in t)
    store = next(i for i, t in enumerate(steps) if "JPKI" in t)
    assert counter < store


@pytest.mark.django_db
def test_window_not_open_says_when(client, city):
    body = client.get(
        URL, {"renewal": "ecert", "expiry": "2027-07-07", "today": "2027-04-07", "lang": "en"}
    ).json()
    assert body["can_proceed_now"] is False
    assert body["window_opens_on"] == "2027-04-08"
    assert any("8 April 2027" in w for w in body["warnings"])


@pytest.mark.django_db
def test_share_url_reproduces_the_checklist_without_fixing_today(client, city):
    body = client.get(URL, PROXY).json()
    assert "today=" not in body["share_url"]
    assert body["share_url"].endswith(
        "?renewal=ecert&expiry=2027-01-20&visitor=proxy&shokaisho=false"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({"renewal": "ecert", "colour": "blue"}, "colour"),
        ({"renewal": "boat"}, "renewal"),
        ({"renewal": "ecert", "expiry": "2027-13-01"}, "expiry"),
        ({"renewal": "ecert", "age": "old"}, "age"),
        ({"renewal": "ecert", "lang": "fr"}, "lang"),
        ({}, "renewal"),
        ({"renewal": "card"}, "stage"),
    ],
)
def test_bad_facts_give_400_naming_the_key(client, city, query, key):
    response = client.get(URL, query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert key in error["fields"]
    assert key in error["message"]
    assert error["code"]


values = st.one_of(
    st.sampled_from(
        [
            "ecert",
            "card",
            "apply",
            "pickup",
            "self",
            "proxy",
            "legal_rep",
            "true",
            "false",
            "known",
            "forgot_one",
            "lost",
            "has",
            "work",
            "2027-01-20",
            "2027-02-30",
            "15",
            "-3",
            "",
            "ja",
            "en",
            "easy",
        ]
    ),
    st.text(max_size=15),
)


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from([*KEYS, "lang", "x", "renewal[]"]), values), max_size=7))
def test_any_query_string_gives_200_or_400_never_500(client, city, pairs):
    response = client.get(f"{URL}?{urlencode(pairs)}")
    assert response.status_code in (200, 400), response.content
    body = response.json()
    if response.status_code == 200:
        assert set(body) == CONTRACT_KEYS
    else:
        assert set(body["error"]) == {"code", "message", "fields"}


@pytest.mark.django_db
def test_the_endpoint_is_described_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/guide/checklist" in paths

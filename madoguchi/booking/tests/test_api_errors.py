"""API errors list every problem at once, in the client's language, and 429 says when to retry."""

import json

import pytest

from madoguchi.booking.models import Booking

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]


def post(client, body):
    return client.post("/api/v1/bookings", json.dumps(body), content_type="application/json")


def test_all_problems_are_reported_at_once(client, city, settings):
    settings.MADOGUCHI_RATE_LIMITS = False
    response = post(client, {"office": "center"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert {"service", "start", "name_kana", "email"} <= set(fields)
    assert Booking.objects.count() == 0


def test_an_empty_body_lists_every_missing_field(client, city, settings):
    settings.MADOGUCHI_RATE_LIMITS = False
    fields = post(client, {}).json()["error"]["fields"]
    assert {"office", "service", "start", "name_kana"} <= set(fields)


def test_wrong_types_get_a_japanese_message_per_field(client, city, settings):
    settings.MADOGUCHI_RATE_LIMITS = False
    response = post(client, {"office": 1, "service": ["ecert_renew"], "name_kana": {"a": 1}})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    for name in ("office", "service", "name_kana"):
        assert fields[name] == "文字列で指定してください。"


def test_errors_are_in_english_when_asked(client, city, settings):
    settings.MADOGUCHI_RATE_LIMITS = False
    body = post(client, {"office": "nowhere", "lang": "en"}).json()["error"]
    assert body["fields"]["office"] and all(ord(c) < 0x3000 for c in body["fields"]["office"])
    assert all(ord(c) < 0x3000 for c in body["message"])


def test_429_carries_retry_after(client, city, settings):
    from madoguchi.booking import ratelimit

    settings.MADOGUCHI_RATE_LIMITS = True
    for _ in range(ratelimit.PER_IP[0]):
        post(client, {})
    response = post(client, {})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= ratelimit.PER_IP[1]

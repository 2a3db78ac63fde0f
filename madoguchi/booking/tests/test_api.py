"""The /api/v1/ booking endpoints: shapes, status codes, validation with nothing written."""

import json

import pytest
from django.db.models import Sum

from madoguchi.booking.models import Booking, CapacityUnit
from madoguchi.booking.tests.conftest import THURSDAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock", "no_rate_limits")]


def post(client, payload, **headers):
    return client.post(
        "/api/v1/bookings", json.dumps(payload), content_type="application/json", headers=headers
    )


def good(**over):
    body = {
        "office": "center",
        "service": "ecert_renew",
        "start": at(THURSDAY, 9).isoformat(),
        "name_kana": "やまだ たろう",
        "email": "taro@example.jp",
        "phone": "",
    }
    return body | over


def nothing_written():
    used = CapacityUnit.objects.aggregate(s=Sum("used"))["s"] or 0
    return Booking.objects.count() == 0 and used == 0


def test_offices_lists_id_name_ward_address(client, city):
    rows = client.get("/api/v1/offices").json()
    assert rows[0] == {
        "id": "center",
        "name": "マイナンバーカードセンター",
        "ward": "中央区",
        "address": "桜浜市中央区本町1-2-3 桜浜駅前ビル4階",
    }
    assert client.get("/api/v1/offices?lang=en").json()[0]["name"] == "My Number Card Center"


def test_services_carry_minutes_and_needs_notice(client, city):
    rows = {r["code"]: r for r in client.get("/api/v1/services").json()}
    assert rows["card_pickup"] == {
        "code": "card_pickup",
        "name": "マイナンバーカードの受取り",
        "minutes": 20,
        "needs_notice": True,
    }
    assert rows["ecert_renew"]["minutes"] == 15 and rows["ecert_renew"]["needs_notice"] is False


def test_availability_gives_tokyo_times_and_remaining_places(client, city):
    response = client.get(
        "/api/v1/availability",
        {"office": "center", "service": "ecert_renew", "from": "2027-01-14", "to": "2027-01-14"},
    )
    assert response.status_code == 200
    slots = response.json()["slots"]
    assert slots[0] == {
        "start": "2027-01-14T09:00:00+09:00",
        "end": "2027-01-14T09:15:00+09:00",
        "remaining": 8,
    }
    assert slots[-1]["end"] == "2027-01-14T19:00:00+09:00"


def test_availability_counts_down_after_a_booking(client, city):
    assert post(client, good()).status_code == 201
    slots = client.get(
        "/api/v1/availability",
        {"office": "center", "service": "ecert_renew", "from": "2027-01-14", "to": "2027-01-14"},
    ).json()["slots"]
    assert slots[0]["remaining"] == 7 and slots[1]["remaining"] == 8


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"office": "nowhere"}, "office"),
        ({"service": "nothing"}, "service"),
        ({"from": "2027-13-01"}, "from"),
        ({"to": "2027-01-01"}, "to"),
        ({"office": "chuo", "service": "card_apply_counter"}, "service"),
    ],
)
def test_availability_rejects_bad_queries_with_400(client, city, params, field):
    query = {"office": "center", "service": "ecert_renew", "from": "2027-01-14", "to": "2027-01-20"}
    response = client.get("/api/v1/availability", query | params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_post_booking_returns_201_with_reference_and_manage_url(client, city):
    response = post(client, good())
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"reference", "start", "end", "office", "manage_url"}
    assert body["start"] == "2027-01-14T09:00:00+09:00"
    assert body["end"] == "2027-01-14T09:15:00+09:00"
    assert body["office"] == "center"
    assert "/booking/b/" in body["manage_url"]
    booking = Booking.objects.get(reference=body["reference"])
    assert booking.name_kana == "ヤマダ　タロウ" and booking.channel == "api"


def test_post_booking_409_when_the_time_is_full(client, city):
    from madoguchi.core.models import Office

    Office.objects.filter(slug="center").update(counters=1)
    assert post(client, good()).status_code == 201
    response = post(client, good(email="other@example.jp"))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "slot_taken"


def test_post_booking_409_for_a_second_booking_of_the_same_holder(client, city):
    assert post(client, good()).status_code == 201
    response = post(client, good(start=at(THURSDAY, 10).isoformat()))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_booked"


def test_idempotency_key_header_makes_a_retry_safe(client, city):
    first = post(client, good(), **{"Idempotency-Key": "k-1"})
    second = post(client, good(), **{"Idempotency-Key": "k-1"})
    assert first.status_code == second.status_code == 201
    assert first.json()["reference"] == second.json()["reference"]
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"start": "2027-01-14 09:00"}, "start"),  # no time zone
        ({"start": "yesterday"}, "start"),
        ({"start": at(THURSDAY, 9, 7).isoformat()}, "start"),  # not on the grid
        ({"start": at(THURSDAY, 19).isoformat()}, "start"),  # after closing
        ({"start": "2027-01-11T09:00:00+09:00"}, "start"),  # past (and a holiday)
        ({"start": "2027-01-17T09:00:00+09:00"}, "start"),  # maintenance Sunday
        ({"start": "2027-01-18T09:00:00+09:00"}, None),  # ordinary Monday: fine (control)
        ({"start": "2027-03-01T09:00:00+09:00"}, "start"),  # beyond the booking horizon
        ({"office": "atlantis"}, "office"),
        ({"name_kana": "山田太郎"}, "name_kana"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "12345", "email": ""}, "phone"),
        ({"email": "", "phone": ""}, "email"),
        ({"name_kana": "ヤマダ 123456789018"}, "name_kana"),  # a 12-digit My Number look-alike
        ({"email": "1234 5678 9018@example.jp"}, "email"),
        ({"phone": "1234-5678-9018"}, "phone"),
    ],
)
def test_bad_input_gives_400_with_a_field_message_and_writes_nothing(client, city, over, field):
    response = post(client, good(**over))
    if field is None:
        assert response.status_code == 201
        return
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    assert error["message"]
    assert nothing_written()


def test_my_number_message_is_polite_and_in_english_when_asked(client, city):
    response = post(client, good(name_kana="123456789018", lang="en"))
    assert response.status_code == 400
    assert (
        "My Number" in response.json()["error"]["fields"]["name_kana"]
        or response.json()["error"]["fields"]["name_kana"]
    )


def test_card_pickup_needs_a_matching_notice_number_and_birth_date(client, city, notices):
    pickup = good(service="card_pickup", notice_number="101-000003", birth_date="1975-02-28")
    wrong = post(client, pickup | {"birth_date": "1975-02-27"})
    assert wrong.status_code == 400 and "notice_number" in wrong.json()["error"]["fields"]
    missing = post(client, pickup | {"notice_number": ""})
    assert missing.status_code == 400 and "notice_number" in missing.json()["error"]["fields"]
    assert nothing_written()
    ok = post(client, pickup)
    assert ok.status_code == 201
    again = post(
        client, pickup | {"email": "someone-else@example.jp", "start": at(THURSDAY, 11).isoformat()}
    )
    assert again.status_code == 409  # one active pickup booking per notice


def test_non_json_body_is_a_400_not_a_500(client, city):
    response = client.post("/api/v1/bookings", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_delete_through_the_manage_link_returns_204_and_frees_the_place(client, city):
    body = post(client, good()).json()
    token = body["manage_url"].rstrip("/").rsplit("/", 1)[-1]
    response = client.delete(f"/api/v1/bookings/{token}")
    assert response.status_code == 204
    assert Booking.objects.get().status == "cancelled"
    assert (CapacityUnit.objects.aggregate(s=Sum("used"))["s"] or 0) == 0
    assert client.delete(f"/api/v1/bookings/{token}").status_code == 204  # twice is harmless
    assert (CapacityUnit.objects.aggregate(s=Sum("used"))["s"] or 0) == 0


def test_delete_on_the_manage_url_itself_returns_204(client, city):
    body = post(client, good()).json()
    path = "/" + body["manage_url"].split("/", 3)[3]
    assert client.delete(path).status_code == 204
    assert Booking.objects.get().status == "cancelled"


def test_rate_limit_per_ip_answers_429(client, city, settings):
    from django.core.cache import cache

    from madoguchi.booking import ratelimit

    cache.clear()
    settings.MADOGUCHI_RATE_LIMITS = True
    statuses = [
        post(
            client, good(email=f"p{n}@example.jp", start=at(THURSDAY, 9 + n % 8).isoformat())
        ).status_code
        for n in range(ratelimit.PER_IP[0] + 2)
    ]
    assert statuses[-1] == 429
    assert 429 not in statuses[: ratelimit.PER_IP[0]]
    assert post(client, good(email="late@example.jp")).json()["error"]["code"] == "rate_limited"


def test_rate_limit_per_contact_answers_429(client, city, settings):
    from django.core.cache import cache

    from madoguchi.booking import ratelimit

    cache.clear()
    settings.MADOGUCHI_RATE_LIMITS = True
    statuses = [post(client, good()).status_code for _ in range(ratelimit.PER_CONTACT[0] + 1)]
    assert statuses[0] == 201
    assert statuses[-1] == 429

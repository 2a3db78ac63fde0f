"""The HTML navigator: one question per page, answers in the URL, result, print, short URL."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madoguchi.guide.facts import KEYS

pytestmark = pytest.mark.django_db

ECERT_SELF = "renewal=ecert&expiry=2027-01-20&visitor=self&pins=known"


def follow_answers(client, answers):
    """Answer questions in order through the forms' target URLs; return the final URL."""
    url = reverse("guide:question", args=["renewal"])
    for key, params in answers:
        query = parse_qs(urlsplit(url).query)
        flat = {k: v[0] for k, v in query.items()}
        response = client.get(reverse("guide:answer", args=[key]), {**flat, **params})
        assert response.status_code == 302, response.content[:500]
        url = response["Location"]
    return url


def test_start_page_links_to_the_first_question_and_the_lost_card_path(client, city):
    html = client.get("/guide/").content.decode()
    assert reverse("guide:question", args=["renewal"]) in html
    assert "old_card=lost" in html


def test_each_answer_leads_to_the_next_question_and_finally_the_result(client, city):
    url = follow_answers(
        client,
        [
            ("renewal", {"renewal": "ecert"}),
            ("expiry", {"expiry_year": "2027", "expiry_month": "1", "expiry_day": "20"}),
            ("visitor", {"visitor": "self"}),
            ("pins", {"pins": "known"}),
        ],
    )
    assert url == f"/guide/result/?{ECERT_SELF}"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-item="bring_card"' in html
    assert 'data-item="warn_scam"' in html


def test_full_width_digits_are_accepted_in_the_date(client, city):
    url = follow_answers(
        client,
        [
            ("renewal", {"renewal": "card"}),
            ("stage", {"stage": "apply"}),
            ("expiry", {"expiry_year": "２０２７", "expiry_month": "３", "expiry_day": "１"}),
        ],
    )
    assert "expiry=2027-03-01" in url


def test_a_missing_answer_shows_the_error_summary_and_keeps_the_page(client, city):
    response = client.get(
        reverse("guide:answer", args=["visitor"]), {"renewal": "ecert", "expiry": "2027-01-20"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>" in html and "エラー：" in html.split("</title>")[0]
    assert 'class="error-summary"' in html
    assert 'href="#visitor-0"' in html


def test_an_impossible_date_is_an_error_and_the_typed_values_stay(client, city):
    response = client.get(
        reverse("guide:answer", args=["expiry"]),
        {"renewal": "ecert", "expiry_year": "2027", "expiry_month": "2", "expiry_day": "30"},
    )
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'value="30"' in html and 'value="2027"' in html


def test_back_link_keeps_the_previous_answer(client, city):
    # pins is not on a proxy's path: redirected to the right question instead
    response = client.get("/guide/q/pins/?renewal=ecert&expiry=2027-01-20&visitor=proxy")
    assert response.status_code == 302
    assert response["Location"].startswith("/guide/q/shokaisho/")
    html = client.get(
        "/guide/q/pins/?renewal=ecert&expiry=2027-01-20&visitor=self"
    ).content.decode()
    back = "/guide/q/visitor/?renewal=ecert&amp;expiry=2027-01-20&amp;visitor=self"
    assert back in html
    previous = client.get("/guide/q/visitor/?renewal=ecert&expiry=2027-01-20&visitor=self")
    assert re.search(r'value="self"\s+checked', previous.content.decode())


def test_changing_an_earlier_answer_drops_answers_that_no_longer_apply(client, city):
    response = client.get(
        reverse("guide:answer", args=["visitor"]),
        {"renewal": "ecert", "expiry": "2027-01-20", "shokaisho": "true", "visitor": "self"},
    )
    assert response["Location"] == "/guide/q/pins/?renewal=ecert&expiry=2027-01-20&visitor=self"


def test_result_with_missing_answers_redirects_to_the_next_question(client, city):
    response = client.get("/guide/result/?renewal=ecert&expiry=2027-01-20")
    assert response.status_code == 302
    assert response["Location"].startswith("/guide/q/visitor/")


def test_bad_links_get_a_400_page_with_start_again(client, city):
    response = client.get("/guide/result/?renewal=ecert&pin=1234")
    assert response.status_code == 400
    assert reverse("guide:start") in response.content.decode()
    assert client.get("/guide/q/nonsense/").status_code == 404


def test_result_lists_offices_hours_booking_link_and_qr(client, city):
    html = client.get(
        "/guide/result/?renewal=card&stage=pickup&visitor=self&old_card=has"
    ).content.decode()
    assert 'data-office="center"' in html and 'data-office="chuo"' in html
    assert 'class="hours"' in html
    assert "/booking/?service=card_pickup&amp;from=guide&amp;renewal=card" in html
    assert 'src="data:image/svg+xml' in html
    assert "/guide/r/r1s1v0o0/" in html
    assert "0120-000-178" in html  # the city's reservation line


def test_reissue_is_offered_only_at_the_center(client, city):
    html = client.get("/guide/result/?renewal=card&old_card=lost").content.decode()
    assert 'data-office="center"' in html
    assert 'data-office="chuo"' not in html


def test_result_without_a_booking_says_so(client, city):
    html = client.get(
        "/guide/result/?renewal=card&stage=apply&expiry=2027-01-20&changed_info=false"
    ).content.decode()
    assert "/booking/?service=" not in html
    assert "data-office=" not in html


def test_print_view_has_no_navigation_and_carries_the_qr(client, city):
    html = client.get(f"/guide/result/print/?{ECERT_SELF}").content.decode()
    assert "lang-switch" not in html and "site-header" not in html
    assert 'src="data:image/svg+xml' in html
    assert 'data-item="bring_card"' in html


def test_short_url_opens_the_same_result(client, city):
    response = client.get("/guide/r/r0x20270120v0p0/")
    assert response["Location"] == f"/guide/result/?{ECERT_SELF}"
    assert client.get("/guide/r/zz9/").status_code == 400


@pytest.mark.parametrize(
    ("prefix", "lang", "snippet"),
    [
        ("", "ja", "マイナンバーカード"),
        ("/en", "en", "My Number Card"),
        ("/easy", "ja", "マイナンバーカード"),
    ],
)
def test_result_in_each_language(client, city, prefix, lang, snippet):
    response = client.get(f"{prefix}/guide/result/?{ECERT_SELF}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert snippet in html
    assert f"{prefix}/guide/r/" in html


def test_easy_japanese_uses_its_own_texts(client, city):
    ja = client.get(f"/guide/result/?{ECERT_SELF}").content.decode()
    easy = client.get(f"/easy/guide/result/?{ECERT_SELF}").content.decode()
    assert "あんしょうばんごうは だれにも おしえないで ください。" in easy
    assert "あんしょうばんごうは だれにも おしえないで ください。" not in ja


def test_start_again_clears_everything(client, city):
    html = client.get(f"/guide/result/?{ECERT_SELF}").content.decode()
    assert f'href="{reverse("guide:start")}"' in html


page_values = st.one_of(
    st.sampled_from(["ecert", "card", "pickup", "self", "proxy", "true", "2027-01-20", "13", ""]),
    st.text(max_size=10),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(
        [
            "/guide/result/",
            "/guide/result/print/",
            "/en/guide/q/visitor/",
            "/guide/q/expiry/answer/",
            "/easy/guide/q/age/answer/",
            "/guide/q/renewal/answer/",
        ]
    ),
    pairs=st.lists(
        st.tuples(
            st.sampled_from([*KEYS, "expiry_year", "expiry_month", "expiry_day", "zz"]), page_values
        ),
        max_size=6,
    ),
)
def test_pages_never_fail_with_a_500(client, city, path, pairs):
    response = client.get(f"{path}?{urlencode(pairs)}")
    assert response.status_code in (200, 302, 400)


def test_an_answer_that_contradicts_an_earlier_one_is_an_error(client, city):
    response = client.get(
        reverse("guide:answer", args=["guardianship"]),
        {"renewal": "ecert", "visitor": "legal_rep", "age": "12", "guardianship": "true"},
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_result_names_the_procedure_from_the_city_data(client, city):
    html = client.get(f"/en/guide/result/?{ECERT_SELF}").content.decode()
    assert 'data-procedure="ecert_renew"' in html
    assert "Renew the electronic certificates" in html


def test_result_lists_one_off_closures_coming_soon(client, city):
    from madoguchi.core.models import Closure

    today = timezone.localdate()
    Closure.objects.create(
        city=city,
        name={"ja": "臨時休業テスト", "en": "Test closure", "easy": "やすみ"},
        start=today + dt.timedelta(days=10),
        end=today + dt.timedelta(days=11),
    )
    Closure.objects.create(
        city=city,
        name={"ja": "遠い休み", "en": "Far closure", "easy": "とおい"},
        start=today + dt.timedelta(days=300),
        end=today + dt.timedelta(days=301),
    )
    html = client.get(f"/en/guide/result/?{ECERT_SELF}").content.decode()
    assert "Test closure" in html
    assert "Far closure" not in html


def test_interface_words_are_translated(client, city):
    """Needs the compiled catalogues (`make test` compiles them)."""
    en = client.get("/en/guide/q/renewal/").content.decode()
    assert "Continue" in en and "Start again" in en
    easy = client.get("/easy/guide/q/renewal/").content.decode()
    assert "つぎへ" in easy

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

ECERT_SELF = "renewal=ecert&expiry=2027-01-20&card_same_expiry=false&visitor=self&pins=known"


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
            ("card_same_expiry", {"card_same_expiry": "false"}),
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
    # pins comes after the form on a proxy's path: redirected to the right question instead
    response = client.get(
        "/guide/q/pins/?renewal=ecert&expiry=2027-01-20&card_same_expiry=false&visitor=proxy"
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/guide/q/shokaisho/")
    html = client.get(
        "/guide/q/pins/?renewal=ecert&expiry=2027-01-20&card_same_expiry=false&visitor=self"
    ).content.decode()
    back = (
        "/guide/q/card_same_expiry/?renewal=ecert&amp;expiry=2027-01-20"
        "&amp;card_same_expiry=false&amp;visitor=self"
    )
    assert back in html
    previous = client.get("/guide/q/visitor/?renewal=ecert&expiry=2027-01-20&visitor=self")
    assert re.search(r'value="self"\s+checked', previous.content.decode())


def test_changing_an_earlier_answer_drops_answers_that_no_longer_apply(client, city):
    response = client.get(
        reverse("guide:answer", args=["visitor"]),
        {"renewal": "ecert", "expiry": "2027-01-20", "shokaisho": "true", "visitor": "self"},
    )
    assert response["Location"] == (
        "/guide/q/card_same_expiry/?renewal=ecert&expiry=2027-01-20&visitor=self"
    )


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
    response = client.get("/guide/r/r0x20270120e0v0p0/")
    assert response["Location"] == f"/guide/result/?{ECERT_SELF}"
    bad = client.get("/guide/r/zz9/")
    assert bad.status_code == 404
    assert "code" not in bad.content.decode().split("<main")[1]


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
    assert "暗証番号（あんしょうばんごう）は だれにも おしえないで ください" in easy
    assert "暗証番号（あんしょうばんごう）は だれにも おしえないで ください" not in ja


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


# --- fixes from the citizen review (guide-review.md §2, §3) -------------------------------------


def test_work_proxy_page_lists_evening_and_weekend_offices_and_the_holders_booking(client, city):
    """Review 2.1: no "nothing to book"; offices open evenings/weekends; holder books."""
    html = client.get(
        "/guide/result/?renewal=card&stage=pickup&visitor=proxy&proxy_reason=work"
    ).content.decode()
    assert 'data-office="center"' in html  # weekday evenings and weekends
    assert 'data-office="kita"' in html  # Thursday evening
    assert 'data-office="nishi"' not in html  # weekdays until 17:00 only
    assert 'data-booking="holder"' in html
    link = re.search(r'href="([^"]*service=card_pickup&[^"]*)"', html).group(1)
    params = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert params["visitor"] == ["self"]  # the holder's own pickup, not the refused proxy
    assert "proxy_reason" not in params
    assert "今は予約する手続きはありません" not in html
    assert "今は窓口に行く必要はありません" not in html
    assert "窓口に行く回数" not in html  # review 2.6


def test_booking_before_the_window_opens_is_not_the_main_action_and_waits(client, city):
    """Review 2.2: not_before=<window_opens_on>, from=guide and the facts in the link."""
    expiry = timezone.localdate() + dt.timedelta(days=200)
    query = f"renewal=ecert&expiry={expiry.isoformat()}&visitor=self&pins=known"
    html = client.get(f"/guide/result/?{query}").content.decode()
    from madoguchi.guide.rules import renewal_window_opens

    opens = renewal_window_opens(expiry).isoformat()
    link = re.search(r'<a class="button button-secondary"\s+href="([^"]+)"', html)
    assert link, "the booking link is a secondary button"
    params = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)
    assert params["not_before"] == [opens]
    assert params["from"] == ["guide"]
    assert params["service"] == ["ecert_renew"]
    assert params["expiry"] == [expiry.isoformat()]
    assert 'data-booking="later"' in html


def test_booking_inside_the_window_is_the_main_action_without_not_before(client, city):
    html = client.get(f"/guide/result/?{ECERT_SELF}").content.decode()
    assert 'data-booking="now"' in html
    assert "not_before" not in html


@pytest.mark.parametrize("prefix", ["", "/en", "/easy"])
def test_card_application_result_and_print_have_a_title(client, city, prefix):
    """Review 2.3: the outcome name is always the h1 (and the page title)."""
    query = "renewal=card&stage=apply&expiry=2027-02-01&changed_info=false"
    for path in ("/guide/result/", "/guide/result/print/"):
        html = client.get(f"{prefix}{path}?{query}").content.decode()
        h1 = re.search(r"<h1>\s*(.*?)\s*</h1>", html, re.S)
        assert h1 and h1.group(1).strip(), path
        title = re.search(r"<title>\s*(.*?)\s*</title>", html, re.S).group(1)
        assert h1.group(1).strip() in title


def test_work_refusal_page_has_a_title(client, city):
    html = client.get(
        "/en/guide/result/?renewal=card&stage=pickup&visitor=proxy&proxy_reason=work"
    ).content.decode()
    assert re.search(r"<h1>\s*\S", html)


@pytest.mark.parametrize("prefix", ["", "/easy"])
def test_bad_link_page_uses_plain_words_not_developer_messages(client, city, prefix):
    """Review 2.4."""
    response = client.get(f"{prefix}/guide/result/?renewal=foo")
    html = response.content.decode()
    assert response.status_code == 400
    assert "must be one of" not in html
    assert "<code>" not in html
    assert "どちら" in html  # names the question whose answer could not be read


def test_print_view_carries_title_answers_notes_print_date_and_window(client, city):
    """Review 2.5."""
    html = client.get(f"/guide/result/print/?{ECERT_SELF}").content.decode()
    assert "あなたの答え" in html
    assert "知っておくこと" in html
    assert 'data-item="note_ecert_in_window"' in html
    assert "data-printed-on" in html
    assert 'data-window-opens-on="2026-10-21"' in html
    assert "変更" not in html  # no change links on paper


def test_blocked_visitor_page_hides_the_visit_count_and_links_to_the_visitor_question(client, city):
    """Review 2.6 and 3.2: choose who goes again, with the answers kept."""
    query = f"renewal=ecert&expiry={(timezone.localdate() + dt.timedelta(days=30)).isoformat()}"
    html = client.get(f"/guide/result/?{query}&visitor=legal_rep&age=16").content.decode()
    assert "窓口に行く回数" not in html
    assert "今は予約する手続きはありません" not in html
    assert 'data-next="visitor"' in html
    assert "/guide/q/visitor/?renewal=ecert&amp;expiry=" in html


def test_ecert_with_a_card_expiring_too_links_to_the_card_application(client, city):
    """Review 1.1/1.2 on the page: a link into the card journey."""
    html = client.get(
        "/guide/result/?renewal=ecert&expiry=2027-01-20&visitor=self&card_same_expiry=true"
    ).content.decode()
    assert 'data-item="warn_ecert_needs_new_card"' in html
    assert 'data-next="new-card"' in html
    assert "/guide/q/expiry/?renewal=card&amp;stage=apply" in html
    assert "窓口に行く回数" not in html


@pytest.mark.parametrize("year", ["2015", "2099", "1990"])
def test_implausible_expiry_years_are_questioned(client, city, year):
    """Review 3.8: before 2016 or more than 10 years ahead."""
    response = client.get(
        reverse("guide:answer", args=["expiry"]),
        {"renewal": "ecert", "expiry_year": year, "expiry_month": "3", "expiry_day": "15"},
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_english_pages_use_ascii_punctuation(client, city):
    """Review 3.6: no full-width "：" in English interface text."""
    html = client.get(f"/en/guide/result/?{ECERT_SELF}").content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert "：" not in main


def test_expiry_question_explains_where_to_find_the_date(client, city):
    """Review 3.1: no dead end when the date is not known."""
    html = client.get("/guide/q/expiry/?renewal=ecert").content.decode()
    assert 'data-help="expiry"' in html
    assert "電子証明書の写し" in html

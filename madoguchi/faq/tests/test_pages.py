from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madoguchi.faq.models import Feedback, SearchLog

pytestmark = pytest.mark.django_db


def title(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


def test_the_index_lists_entries_by_topic_with_a_search_box(client, faq_entries):
    html = client.get("/faq/").content.decode()
    assert 'role="search"' in html
    assert "暗証番号" in html and "手数料" in html
    assert "/faq/t-fees/" in html
    assert "t-staff-only" not in html


def test_search_page_works_without_javascript(client, faq_entries):
    response = client.get("/faq/search", {"q": "パスワード忘れた"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("/faq/t-pin-forgot/") < html.index("</ol>")
    assert title(html).startswith("「パスワード忘れた」の検索結果")


def test_partial_results_for_the_enhancement_script(client, faq_entries):
    html = client.get("/faq/search", {"q": "手数料", "partial": "1"}).content.decode()
    assert "<html" not in html
    assert "/faq/t-fees/" in html


def test_as_you_type_requests_are_not_logged(client, faq_entries):
    client.get("/faq/search", {"q": "ゴルフ場の予", "partial": "1"})
    assert not SearchLog.objects.exists()
    client.get("/faq/search", {"q": "ゴルフ場の予約"})
    assert SearchLog.objects.get().query == "ゴルフ場の予約"


def test_an_empty_search_shows_an_error_summary(client, faq_entries):
    html = client.get("/faq/search", {"q": ""}).content.decode()
    assert title(html).startswith("エラー：")
    assert 'class="error-summary"' in html


def test_search_in_english_links_to_english_pages(client, faq_entries):
    html = client.get("/en/faq/search", {"q": "lost card"}).content.decode()
    assert "/en/faq/t-lost-card/" in html


def test_a_suggestion_is_shown_as_a_link(client, faq_entries):
    html = client.get("/faq/search", {"q": "暗正番号"}).content.decode()
    assert "もしかして" in html
    assert "?q=%E6%9A%97%E8%A8%BC%E7%95%AA%E5%8F%B7" in html


def test_queries_with_nothing_good_are_logged_and_counted(client, faq_entries):
    for _ in range(3):
        client.get("/api/v1/faq/search", {"q": "ゴルフ場の予約"})
    client.get("/api/v1/faq/search", {"q": "暗証番号を忘れた"})
    log = SearchLog.objects.get(query="ゴルフ場の予約")
    assert log.count == 3
    assert not SearchLog.objects.filter(query__contains="暗証番号を忘れた").exists()


def test_queries_holding_a_pin_are_not_logged(client, faq_entries):
    client.get("/api/v1/faq/search", {"q": "暗証番号は 4821 です ゴルフ"})
    assert not SearchLog.objects.exists()


def test_malformed_query_strings_are_not_server_errors(client, faq_entries):
    assert client.get("/api/v1/faq/search?q=%ff%fe%00").status_code in (200, 400)
    assert client.get("/faq/search?q=%ff%fe").status_code == 200


def test_the_entry_page_shows_answer_details_and_city_facts(client, faq_entries):
    html = client.get("/faq/t-pin-forgot/").content.decode()
    assert "<h1>暗証番号を忘れたときはどうすればいいですか？</h1>" in html
    assert "0120-000-178" in html
    assert "https://www.example.lg.jp/faq/t-pin-forgot" in html
    assert "役に立った" in html


def test_the_entry_page_in_easy_japanese(client, faq_entries):
    html = client.get("/easy/faq/t-pin-forgot/").content.decode()
    assert "あんしょうばんごうを わすれたら" in html


def test_staff_entries_are_not_public(client, faq_entries):
    assert client.get("/faq/t-staff-only/").status_code == 404
    assert client.get("/faq/no-such-entry/").status_code == 404


def test_staff_notes_are_shown_to_staff_only(supervisor_client, client, faq_entries):
    assert "端末で再発行" in supervisor_client.get("/faq/t-staff-only/").content.decode()


def test_a_vote_is_recorded_and_thanked(client, faq_entries):
    response = client.post("/faq/t-fees/", {"helpful": "no"})
    assert response.status_code == 302
    assert response["Location"].endswith("?voted=no#feedback")
    vote = Feedback.objects.get()
    assert (vote.entry_id, vote.helpful, vote.lang) == ("t-fees", False, "ja")
    assert "ありがとう" in client.get(response["Location"]).content.decode()


def test_a_visitor_votes_once_per_answer(client, faq_entries):
    client.post("/faq/t-fees/", {"helpful": "no"})
    client.post("/faq/t-fees/", {"helpful": "no"})
    client.post("/faq/t-pin-forgot/", {"helpful": "yes"})
    assert Feedback.objects.filter(entry_id="t-fees").count() == 1
    assert Feedback.objects.filter(entry_id="t-pin-forgot").count() == 1


def test_a_vote_without_a_choice_records_nothing(client, faq_entries):
    client.post("/faq/t-fees/", {})
    assert not Feedback.objects.exists()


def test_the_report_needs_a_login(client, faq_entries):
    response = client.get("/faq/staff/report/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_report_is_forbidden_without_the_role(stranger_client, faq_entries):
    assert stranger_client.get("/faq/staff/report/").status_code == 403


def test_the_report_lists_most_frequent_first(supervisor_client, client, faq_entries):
    for q, n in (("ゴルフ場", 1), ("図書館の本", 4)):
        for _ in range(n):
            client.get("/api/v1/faq/search", {"q": q})
    client.post("/faq/t-fees/", {"helpful": "no"})
    html = supervisor_client.get("/faq/staff/report/").content.decode()
    assert html.index("図書館の本") < html.index("ゴルフ場")
    assert "電子証明書の更新に手数料はかかりますか？" in html


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=220))
def test_the_search_page_never_fails_on_random_unicode(client, faq_entries, q):
    assert client.get("/faq/search", {"q": q}).status_code == 200


def test_a_not_helpful_vote_offers_related_questions_and_the_phone_line(client, faq_entries):
    response = client.post("/faq/t-pin-forgot/", {"helpful": "no"}, follow=True)
    html = response.content.decode()
    assert "ほかの答えを探す" in html
    assert re.search(r'class="faq-related".*?href="/faq/t-[a-z-]+/"', html, re.S)
    assert "/faq/t-pin-forgot/" not in html.split('class="faq-related"')[1].split("</ul>")[0]
    assert "045-000-0178" in html  # the card center line, from the city data


def test_a_helpful_vote_just_thanks(client, faq_entries):
    html = client.post("/faq/t-fees/", {"helpful": "yes"}, follow=True).content.decode()
    assert "ありがとう" in html
    assert "ほかの答えを探す" not in html


def test_an_out_of_scope_search_says_so_with_phone_navigator_and_topics(client, faq_entries):
    html = client.get("/faq/search", {"q": "駐車場はありますか"}).content.decode()
    assert "お答えできる質問は見つかりませんでした" in html
    assert "045-000-0178" in html
    assert 'href="/guide/"' in html
    assert 'href="/faq/#topic-pin"' in html
    assert 'class="faq-results"' not in html


def test_the_error_is_shown_twice_at_most_on_the_search_page(client, faq_entries):
    html = client.get("/faq/search", {"q": ""}).content.decode()
    assert html.count("検索することばを入力してください。") == 2  # summary + under the label


def test_easy_pages_suggest_in_hiragana(client, faq_entries):
    data = client.get("/api/v1/faq/search", {"q": "暗正番号", "lang": "easy"}).json()
    assert data["suggestion"] == "あんしょうばんごう"


def test_the_index_has_jump_links_to_each_topic(client, faq_entries):
    html = client.get("/faq/").content.decode()
    assert 'class="faq-jump"' in html
    assert 'href="#topic-pin"' in html and 'id="topic-pin"' in html

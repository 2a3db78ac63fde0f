"""The search engine on the test entries, without a database."""

from __future__ import annotations

import pytest

from madoguchi.faq.search.engine import SearchIndex
from madoguchi.faq.search.synonyms import SynonymTable


def top(engine, query: str) -> str | None:
    result = engine.search(query, limit=3)
    return result.hits[0].id if result.hits else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("暗証番号を忘れた", "t-pin-forgot"),
        ("あんしょうばんごう わすれた", "t-pin-forgot"),  # kana only
        ("パスワードわすれたんだけど更新できる？", "t-pin-forgot"),  # colloquial + synonym
        ("ＰＩＮを忘れました", "t-pin-forgot"),  # full width
        ("I forgot my PIN", "t-pin-forgot"),  # English
        ("カードを落とした", "t-lost-card"),
        ("I lost my card", "t-lost-card"),
        ("更新お金かかる？", "t-fees"),
        ("ｺｳｼﾝ ﾃｽｳﾘｮｳ", "t-fees"),  # half-width kana
        ("はがきの受取期限すぎちゃった", "t-notice-deadline"),
        ("入院してる父のカードを代わりに受け取りたい", "t-proxy-pickup"),
        ("でんししょうめいしょ こうしん いつから", "t-renew-when"),  # kana only
        ("電子証明署の更新はいつから", "t-renew-when"),  # typo 署
        ("When can I renew?", "t-renew-when"),
    ],
)
def test_questions_find_the_expected_entry(engine, query, expected):
    assert top(engine, query) == expected


def test_a_typo_gets_a_did_you_mean_suggestion(engine):
    result = engine.search("暗正番号")
    assert result.suggestion == "暗証番号"
    assert result.hits[0].id == "t-pin-forgot"


def test_a_correct_query_gets_no_suggestion(engine):
    assert engine.search("暗証番号を忘れた").suggestion is None


def test_nonsense_finds_nothing_good(engine):
    result = engine.search("きょうの天気")
    assert not result.good
    assert all(h.id != "t-fees" or h.score < 0.3 for h in result.hits)


def test_staff_only_entries_are_hidden_from_the_public(engine):
    assert "t-staff-only" not in [h.id for h in engine.search("照会書兼回答書の再発行").hits]
    staff = engine.search("照会書兼回答書の再発行", include_staff=True)
    assert staff.hits[0].id == "t-staff-only"


def test_scores_are_between_zero_and_one_and_sorted(engine):
    hits = engine.search("暗証番号 更新 手数料", limit=10).hits
    assert hits
    assert all(0 < h.score <= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_limit_is_respected(engine):
    assert len(engine.search("マイナンバーカード", limit=2).hits) <= 2


def test_the_synonym_table_is_applied(engine):
    result = engine.search("パスワード")
    assert "暗証番号" in result.expanded
    assert result.hits[0].id == "t-pin-forgot"


def test_without_the_synonym_table_the_variant_is_not_expanded(engine):
    bare = SearchIndex(engine.docs, SynonymTable())
    assert bare.search("パスワード").expanded == []


def test_an_empty_index_finds_nothing():
    result = SearchIndex([]).search("暗証番号")
    assert result.hits == []
    assert not result.good


def test_a_kana_typo_gets_a_katakana_suggestion(engine):
    result = engine.search("ますなんばーかーど")
    assert result.suggestion == "マイナンバーカード"

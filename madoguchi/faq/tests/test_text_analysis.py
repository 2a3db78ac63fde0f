from __future__ import annotations

import pytest

from madoguchi.faq.search import analyzer
from madoguchi.faq.search.ngrams import edit_distance
from madoguchi.faq.search.synonyms import SynonymTable, SynonymTableError
from madoguchi.faq.search.text import fold, normalize


def test_normalize_folds_width_and_case():
    assert normalize("ＰＩＮ　ｶｰﾄﾞ") == "pin カード"


def test_fold_turns_hiragana_into_katakana():
    assert fold("ぱすわーど") == "パスワード"


def test_hiragana_query_shares_reading_terms_with_kanji_text():
    doc = set(analyzer.terms("暗証番号を更新する"))
    query = analyzer.query_terms("あんしょうばんごう こうしん")
    assert {"r:アンショウ", "r:バンゴウ", "r:コウシン"} <= doc & query


def test_long_and_short_units_are_both_indexed():
    terms = set(analyzer.terms("電子証明書"))
    assert {"w:電子証明書", "w:電子", "w:証明"} <= terms


def test_particles_are_not_terms():
    assert not any(t in ("w:を", "w:は") for t in analyzer.terms("暗証番号を忘れたのは"))


@pytest.mark.parametrize(
    ("word", "stem"),
    [("renewal", "renew"), ("renewing", "renew"), ("certificates", "certificat"), ("fees", "fee")],
)
def test_english_words_are_stemmed(word, stem):
    assert analyzer.en_stem(word) == stem


def test_edit_distance():
    assert edit_distance("暗証番号", "暗正番号") == 1
    assert edit_distance("abc", "xyz", limit=1) == 2


def test_synonym_variants_match_across_width_and_kana():
    table = SynonymTable.from_mapping({"暗証番号": ["パスワード", "PIN"]})
    assert table.expand("ぱすわーど忘れた") == ["暗証番号"]
    assert table.expand("ＰＩＮを忘れた") == ["暗証番号"]
    assert table.expand("SPINNING") == []  # ASCII variants match whole words only


def test_a_canonical_already_in_the_query_is_not_added_again():
    table = SynonymTable.from_mapping({"暗証番号": ["暗証"]})
    assert table.expand("暗証番号を忘れた") == []


def test_a_malformed_synonym_table_is_rejected():
    with pytest.raises(SynonymTableError):
        SynonymTable.from_mapping({"暗証番号": "パスワード"})


def test_the_project_synonym_table_loads():
    from .conftest import SYNONYMS

    table = SynonymTable.from_file(SYNONYMS)
    assert "交付通知書" in table.expand("はがきが届いた")

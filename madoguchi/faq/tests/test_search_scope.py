"""Out-of-scope questions get "we can't answer this", "did you mean" only helps, and the
reviewer's real questions find the right first answer (search over the real content)."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.faq.search.synonyms import OutOfScopeTable, SynonymTable
from madoguchi.faq.tests.files_index import index_from_files

CONTENT = Path(__file__).resolve().parents[3] / "content" / "faq"


@pytest.fixture(scope="session")
def real_engine():
    """The search index over content/faq with its synonym and out-of-scope tables."""
    return index_from_files(CONTENT, CONTENT / "synonyms.yaml", CONTENT / "out-of-scope.yaml")


@pytest.mark.parametrize(
    "query",
    [
        "パスポートの更新",
        "印鑑登録したい",
        "駐車場はありますか",
        "亡くなった父のマイナンバーカードは",
        "ペットの登録",
        "婚姻届を出したい",
    ],
)
def test_out_of_scope_questions_get_no_answers(real_engine, query):
    result = real_engine.search(query)
    assert result.hits == []
    assert not result.good


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("申請書IDどこに書いてある", "a-application-id"),
        ("こうしんはいつから", "a-renew-when-start"),
        ("更新しないとどうなる", "a-ecert-expired-what-stops"),
        ("how much does renewal cost", "b-fees-renewal-free"),
        ("パスポートで受け取れる？", "b-foreign-residence-card-id"),  # passport as ID: in scope
        ("暗証番号わすれたんだけど更新できる？", "b-pin-forgot-or-locked"),
    ],
)
def test_real_questions_find_the_right_first_answer(real_engine, query, expected):
    assert real_engine.search(query, limit=3).hits[0].id == expected


def test_expired_finds_an_expiry_answer_in_the_top_three(real_engine):
    ids = [h.id for h in real_engine.search("期限切れ", limit=3).hits]
    assert {"a-ecert-expired-still", "a-card-expired"} <= set(ids)


def test_a_word_inside_a_known_term_is_not_expanded():
    table = SynonymTable.from_mapping({"申請書ID": ["申請書番号"], "本人確認書類": ["ID"]})
    assert table.expand("申請書IDどこ") == []
    assert table.expand("IDは何がいい") == ["本人確認書類"]


def test_the_out_of_scope_table_needs_every_word_of_a_group():
    table = OutOfScopeTable.from_data([["パスポート", "更新"], "印鑑"])
    assert table.matches("ぱすぽーとを更新したい")
    assert table.matches("印鑑証明")
    assert not table.matches("パスポートで受け取れる？")


@pytest.mark.parametrize(
    "query", ["顔写真のサイズは？", "いつから", "パスポートの更新", "暗証番号を忘れた"]
)
def test_no_nonsense_did_you_mean(real_engine, query):
    result = real_engine.search(query)
    assert result.suggestion is None


def test_a_real_typo_still_gets_a_suggestion(real_engine):
    result = real_engine.search("暗正番号")
    assert result.suggestion == "暗証番号"
    assert result.suggestion_kana == "あんしょうばんごう"

"""The evaluation script's pieces, and the search quality on the real content."""

from __future__ import annotations

import pytest

from madoguchi.faq import bench


def test_a_hit_needs_every_must_term_after_nfkc():
    assert bench.is_hit(["3か月前", "窓口"], "有効期限の３か月前から窓口で")
    assert not bench.is_hit(["3か月前", "窓口"], "有効期限の3か月前から")


def test_evaluate_counts_hit_at_1_and_3_per_topic():
    texts = {"a": "無料です", "b": "窓口で3か月前から"}
    questions = [
        {"id": "1", "q": "x", "must": ["無料"], "topic": "fees"},
        {"id": "2", "q": "y", "must": ["3か月前"], "topic": "deadline"},
    ]
    result = bench.evaluate(questions, texts, lambda q: ["a", "b"])
    assert result["hit1"] == 0.5
    assert result["hit3"] == 1.0
    assert result["topics"]["fees"] == (1, 1.0, 1.0)


def test_the_baselines_search_the_same_texts():
    docs = {"fee": "電子証明書の更新は無料です", "pin": "暗証番号の再設定"}
    assert bench.LikeBaseline(docs).search("更新 無料")[0] == "fee"
    assert bench.TrigramBaseline(docs).search("暗証番号を忘れた")[0] == "pin"
    assert bench.LikeBaseline(docs).search("天気") == []
    assert bench.PlainTrigramBaseline(docs).search("暗証番号 再設定")[0] == "pin"
    assert bench.PlainTrigramBaseline(docs).search("暗証番号を忘れた") == []  # no such phrase


def test_kana_variant_reads_every_word():
    assert bench.kana_variant("更新は無料") == "こうしんはむりょう"


def test_percentile():
    assert bench.percentile([1, 2, 3, 4, 5], 0.5) == 3
    assert bench.percentile([1, 2, 3, 4, 5], 0.95) == pytest.approx(4.8)


@pytest.mark.django_db
def test_the_real_content_answers_the_dev_questions(city, settings):
    """A regression guard on the shipped content: hit@3 ≥ 0.90 and hit@1 ≥ 0.75."""
    from madoguchi.faq.services import load_faq_dir

    path = bench.questions_path()
    if not path.exists():
        pytest.skip(f"no dev questions at {path}")
    load_faq_dir(settings.BASE_DIR / "content" / "faq")
    questions = bench.load_questions(path)
    judge, _ = bench._entry_texts()

    def engine(q):
        from madoguchi.faq import index

        return [r.id for r in index.search(q, "ja", limit=3)[1]]

    result = bench.evaluate(questions, judge, engine)
    assert result["hit3"] >= 0.90
    assert result["hit1"] >= 0.75


def test_the_heldout_set_is_sixty_well_formed_questions_apart_from_the_dev_set():
    questions = bench.load_questions(bench.heldout_path())
    assert [q["id"] for q in questions] == [f"h{n:03d}" for n in range(1, 61)]
    for q in questions:
        assert q["q_type"] == "heldout"
        assert q["q"].strip() and q["a"].strip() and q["source"].startswith("http")
        assert 1 <= len(q["must"]) <= 3 and all(term.strip() for term in q["must"])
    dev = bench.questions_path()
    if dev.exists():
        assert not {q["q"] for q in questions} & {q["q"] for q in bench.load_questions(dev)}


def test_heldout_measure_scores_ours_and_both_baselines_on_the_judge_texts(monkeypatch, capsys):
    judge = {"fee": "更新は無料です", "pin": "暗証番号は窓口で再設定"}
    monkeypatch.setattr(bench, "_entry_texts", lambda: (judge, judge))
    monkeypatch.setattr(bench, "engine_search", lambda q: ["fee", "pin"])
    questions = [
        {"id": "h1", "q": "更新 無料", "must": ["無料"], "topic": "fees"},
        {"id": "h2", "q": "暗証番号 窓口", "must": ["窓口"], "topic": "pin"},
        {"id": "h3", "q": "引っ越し", "must": ["転送不要"], "topic": "other"},
    ]
    figures = bench.measure_heldout(questions, verbose=True)
    assert figures["hit1"] == pytest.approx(1 / 3)
    assert figures["hit3"] == pytest.approx(2 / 3)
    assert figures["like.hit3"] == pytest.approx(2 / 3)
    assert figures["questions"] == 3
    out = capsys.readouterr().out
    assert "MISS@3 h3" in out and "h2" not in out

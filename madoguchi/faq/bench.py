"""FAQ search evaluation: hit@1/hit@3 over the dev questions (per topic and overall), two
baselines on the same content in the same process (substring LIKE, SQLite FTS5 trigram),
API latency after warm-up and the process memory with the model loaded.

The dev questions were in view while the FAQ content was written, so their figures are
optimistic. ``faq.heldout.*`` repeats the evaluation on ``tests/heldout-questions.jsonl``:
questions written from the facts file only, without looking at the content. Do not tune the
content or the engine on them; they are for measuring.

A hit: every ``must`` term of the question appears in the result's question + short answer +
Japanese details (city facts filled in, NFKC on both sides).

Run: ``make bench`` or ``.venv/bin/python -m madoguchi.faq.bench``. It uses a throwaway test
database on the configured engine (SQLite by default; PostgreSQL with DATABASE_URL).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import statistics
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

TOPK = 3


def questions_path() -> Path:
    from django.conf import settings

    env = os.environ.get("FAQ_DEV_QUESTIONS")
    if env:
        return Path(env)
    base = Path(settings.BASE_DIR)
    for candidate in (
        base / "shared" / "domain" / "faq-dev-questions.jsonl",
        base.parent / "shared" / "domain" / "faq-dev-questions.jsonl",
    ):
        if candidate.exists():
            return candidate
    return base.parent / "shared" / "domain" / "faq-dev-questions.jsonl"


def heldout_path() -> Path:
    """The held-out questions (written without looking at the FAQ content)."""
    env = os.environ.get("FAQ_HELDOUT_QUESTIONS")
    return Path(env) if env else Path(__file__).parent / "tests" / "heldout-questions.jsonl"


def load_questions(path: Path) -> list[dict]:
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: no question file. The dev questions live in shared/domain/ beside the "
            "checkout; point FAQ_DEV_QUESTIONS at the file to run the bench elsewhere."
        )
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def is_hit(must: list[str], text: str) -> bool:
    text = _nfkc(text)
    return all(_nfkc(term) in text for term in must)


def evaluate(
    questions: list[dict], texts: dict[str, str], search: Callable[[str], list[str]]
) -> dict:
    """hit@1, hit@3 overall and per topic; ``search`` returns entry ids best first."""
    per_topic: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    misses = []
    for q in questions:
        ids = search(q["q"])[:TOPK]
        hits = [is_hit(q["must"], texts.get(i, "")) for i in ids]
        h1 = bool(hits[:1] and hits[0])
        h3 = any(hits)
        per_topic[q.get("topic", "other")].append((h1, h3))
        if not h1:
            misses.append((q["id"], q["q"], q["must"], ids, h3))
    all_rows = [r for rows in per_topic.values() for r in rows]

    def rate(rows, k):
        return sum(r[k] for r in rows) / len(rows) if rows else 0.0

    return {
        "hit1": rate(all_rows, 0),
        "hit3": rate(all_rows, 1),
        "topics": {t: (len(rows), rate(rows, 0), rate(rows, 1)) for t, rows in per_topic.items()},
        "misses": misses,
    }


def kana_variant(question: str) -> str:
    """The question as someone typing only ひらがな would: every word by its reading."""
    from madoguchi.faq.search import analyzer

    out = []
    for token in analyzer.tokens(question, "C"):
        if token.surface.isascii() or not token.reading or token.reading == "キゴウ":
            out.append(token.surface)
        else:
            out.append(
                "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in token.reading)
            )
    return "".join(out)


# --- baselines: the same texts, plain SQLite ------------------------------------------------

_SPLIT = re.compile(r"[\s、。,.!?！？「」『』（）()・/]+")


def _chunks(query: str) -> list[str]:
    return [c for c in _SPLIT.split(_nfkc(query)) if c]


class LikeBaseline:
    """Substring search: the whole query, else any of its space/punctuation-separated parts
    (ranked by how many parts match), as a LIKE query would do it."""

    def __init__(self, docs: dict[str, str]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE TABLE faq (id TEXT PRIMARY KEY, body TEXT)")
        self.db.executemany(
            "INSERT INTO faq VALUES (?, ?)", [(i, _nfkc(t)) for i, t in docs.items()]
        )

    def search(self, query: str) -> list[str]:
        parts = _chunks(query) or [query]
        scores = " + ".join("(body LIKE ?)" for _ in parts)
        rows = self.db.execute(
            f"SELECT id, {scores} AS s FROM faq WHERE s > 0 ORDER BY s DESC, id",  # noqa: S608
            [f"%{p}%" for p in parts],
        ).fetchall()
        return [r[0] for r in rows]


class TrigramBaseline:
    """SQLite FTS5 with the trigram tokenizer, generous form: OR of every trigram of the query,
    ranked by bm25 (this is what ``faq.trigram.*`` reports)."""

    def __init__(self, docs: dict[str, str]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE faq USING fts5(id UNINDEXED, body, tokenize='trigram')"
        )
        self.db.executemany(
            "INSERT INTO faq VALUES (?, ?)", [(i, _nfkc(t)) for i, t in docs.items()]
        )

    def search(self, query: str) -> list[str]:
        grams = {c[i : i + 3] for c in _chunks(query) for i in range(max(0, len(c) - 2))}
        grams = {g for g in grams if len(g) == 3}
        if not grams:
            return []
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))
        try:
            rows = self.db.execute(
                "SELECT id FROM faq WHERE faq MATCH ? ORDER BY bm25(faq) LIMIT 10", [match]
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [r[0] for r in rows]


class PlainTrigramBaseline(TrigramBaseline):
    """FTS5 trigram as a search box usually uses it: the typed words (split at spaces and
    punctuation) as phrases, any of them (OR), ranked by bm25; words under 3 characters
    cannot match a trigram index and are dropped."""

    def search(self, query: str) -> list[str]:
        words = [c for c in _chunks(query) if len(c) >= 3]
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        try:
            rows = self.db.execute(
                "SELECT id FROM faq WHERE faq MATCH ? ORDER BY bm25(faq) LIMIT 10", [match]
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [r[0] for r in rows]


# --- measurement ------------------------------------------------------------------------------


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _entry_texts() -> tuple[dict[str, str], dict[str, str]]:
    """(judge texts: ja question + answer + details, baseline texts: all languages)."""
    from madoguchi.faq import render
    from madoguchi.faq.models import Entry

    facts = {lang: render.city_facts(lang) for lang in ("ja", "en", "easy")}
    judge, full = {}, {}
    for e in Entry.objects.filter(audience="public"):
        ja = [e.question.get("ja", ""), e.answer.get("ja", ""), e.body.get("ja", "")]
        judge[e.id] = render.plain(render.fill("\n".join(ja), facts["ja"]))
        parts = []
        for lang in ("ja", "en", "easy"):
            parts += [e.question.get(lang, ""), e.answer.get(lang, ""), e.body.get(lang, "")]
        full[e.id] = render.plain(render.fill("\n".join(parts + e.tags + e.synonyms), facts["ja"]))
    return judge, full


def engine_search(query: str) -> list[str]:
    """Our search (the same call the API makes), entry ids best first."""
    from madoguchi.faq import index

    _result, rows = index.search(query, "ja", limit=TOPK)
    return [r.id for r in rows]


def measure_heldout(questions: list[dict], *, verbose: bool = False) -> dict[str, float]:
    """hit@1/hit@3 of our search and the two baselines on the held-out questions; with
    ``verbose`` also every question missed at 3 and what ranked first instead."""
    judge, full = _entry_texts()
    ours = evaluate(questions, judge, engine_search)
    like = evaluate(questions, judge, LikeBaseline(full).search)
    trigram = evaluate(questions, judge, TrigramBaseline(full).search)
    if verbose:
        for qid, text, must, ids, h3 in ours["misses"]:
            if not h3:
                first = judge.get(ids[0], "").split("\n", 1)[0] if ids else "(nothing)"
                print(f"  heldout MISS@3 {qid} {text} must={must} got={ids} first={first}")
    return {
        "hit1": ours["hit1"],
        "hit3": ours["hit3"],
        "like.hit1": like["hit1"],
        "like.hit3": like["hit3"],
        "trigram.hit1": trigram["hit1"],
        "trigram.hit3": trigram["hit3"],
        "questions": float(len(questions)),
    }


def measure(questions: list[dict], *, verbose: bool = False) -> dict[str, float]:
    from django.test import Client

    from madoguchi.faq import index

    judge, full = _entry_texts()
    engine = engine_search

    like_search, trigram_search = LikeBaseline(full).search, TrigramBaseline(full).search
    ours = evaluate(questions, judge, engine)
    like = evaluate(questions, judge, like_search)
    trigram = evaluate(questions, judge, trigram_search)
    trigram_plain = evaluate(questions, judge, PlainTrigramBaseline(full).search)
    colloquial_questions = [q for q in questions if q.get("style") == "colloquial"]
    colloquial = {
        name: evaluate(colloquial_questions, judge, fn)
        for name, fn in (("ours", engine), ("like", like_search), ("trigram", trigram_search))
    }
    kana_questions = [{**q, "q": kana_variant(q["q"])} for q in questions]
    kana = {
        name: evaluate(kana_questions, judge, fn)["hit3"]
        for name, fn in (("ours", engine), ("like", like_search), ("trigram", trigram_search))
    }

    # Ablations on the same index: each signal alone.
    import dataclasses

    from madoguchi.faq.search.engine import SearchIndex

    base = index.get_index().engine
    ablations = {}
    for name, change in (
        ("lexical_only", {"semantic": 0.0, "ngram": 0.0}),
        ("semantic_only", {"lexical": 0.0, "ngram": 0.0}),
    ):
        variant = SearchIndex(base.docs, base.synonyms, dataclasses.replace(base.w, **change))
        ablations[name] = evaluate(
            questions, judge, lambda q, v=variant: [h.id for h in v.search(q, limit=TOPK).hits]
        )

    client = Client()
    urls = [f"/api/v1/faq/search?q={q['q']}&lang=ja&limit=5" for q in questions]
    for url in urls:  # warm-up: model, dictionary, index, code paths
        client.get(url, secure=True)
    timings = []
    for _ in range(3):
        for url in urls:
            start = time.perf_counter()
            response = client.get(url, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.content
    figures = {
        "hit1": ours["hit1"],
        "hit3": ours["hit3"],
        "like.hit1": like["hit1"],
        "like.hit3": like["hit3"],
        "trigram.hit1": trigram["hit1"],
        "trigram.hit3": trigram["hit3"],
        "trigram_plain.hit3": trigram_plain["hit3"],
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 0.95),
        "rss_mb": rss_mb(),
        "lexical_only.hit1": ablations["lexical_only"]["hit1"],
        "lexical_only.hit3": ablations["lexical_only"]["hit3"],
        "semantic_only.hit1": ablations["semantic_only"]["hit1"],
        "semantic_only.hit3": ablations["semantic_only"]["hit3"],
        "colloquial.hit1": colloquial["ours"]["hit1"],
        "colloquial.hit3": colloquial["ours"]["hit3"],
        "colloquial.like.hit3": colloquial["like"]["hit3"],
        "colloquial.trigram.hit1": colloquial["trigram"]["hit1"],
        "colloquial.trigram.hit3": colloquial["trigram"]["hit3"],
        "kana.hit3": kana["ours"],
        "kana.like.hit3": kana["like"],
        "kana.trigram.hit3": kana["trigram"],
        "entries": float(len(judge)),
        "questions": float(len(questions)),
    }
    for topic, (n, h1, h3) in sorted(ours["topics"].items()):
        lh3 = like["topics"].get(topic, (0, 0, 0))[2]
        th3 = trigram["topics"].get(topic, (0, 0, 0))[2]
        print(
            f"faq topic {topic:<20} n={n:<3} hit1={h1:.2f} hit3={h3:.2f} "
            f"like.hit3={lh3:.2f} trigram.hit3={th3:.2f}"
        )
    if verbose:
        for q in kana_questions[:5]:
            print(f"  kana variant: {q['q']}")
        for qid, text, must, ids, h3 in ours["misses"]:
            print(f"  miss@1 {qid} {'(hit@3)' if h3 else '(MISS@3)'} {text} must={must} got={ids}")
    return figures


def _with_test_database(fn: Callable[[], None]) -> None:
    """Run ``fn`` against a fresh test database (created and destroyed here)."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":  # never collide with a test run's database
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_faq_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        fn()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def run() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.test_settings")
    django.setup()

    def body() -> None:
        from madoguchi.core.loader import load_city
        from madoguchi.faq import index
        from madoguchi.faq.services import load_faq_dir

        base = Path(settings.BASE_DIR)
        load_city(Path(settings.MADOGUCHI_CITY))
        load_faq_dir(base / "content" / "faq")
        index.clear()
        figures = measure(
            load_questions(questions_path()), verbose=bool(os.environ.get("FAQ_BENCH_VERBOSE"))
        )
        print(f"faq entries={figures['entries']:.0f} questions={figures['questions']:.0f}")
        for name in (
            "hit1",
            "hit3",
            "like.hit1",
            "like.hit3",
            "trigram.hit1",
            "trigram.hit3",
            "trigram_plain.hit3",
            "lexical_only.hit1",
            "lexical_only.hit3",
            "semantic_only.hit1",
            "semantic_only.hit3",
            "colloquial.hit1",
            "colloquial.hit3",
            "colloquial.like.hit3",
            "colloquial.trigram.hit1",
            "colloquial.trigram.hit3",
            "kana.hit3",
            "kana.like.hit3",
            "kana.trigram.hit3",
        ):
            print(f"BENCH faq.{name}={figures[name]:.3f}")
        print(f"BENCH faq.p50_ms={figures['p50_ms']:.1f}")
        print(f"BENCH faq.p95_ms={figures['p95_ms']:.1f}")
        print(f"BENCH faq.rss_mb={figures['rss_mb']:.0f}")

        path = heldout_path()
        if not path.exists():
            print(f"faq heldout: no questions at {path}")
            return
        heldout = measure_heldout(
            load_questions(path), verbose=bool(os.environ.get("FAQ_BENCH_VERBOSE"))
        )
        print(f"faq heldout questions={heldout['questions']:.0f}")
        for name in ("hit1", "hit3", "like.hit3", "trigram.hit3"):
            print(f"BENCH faq.heldout.{name}={heldout[name]:.3f}")

    _with_test_database(body)


if __name__ == "__main__":
    run()

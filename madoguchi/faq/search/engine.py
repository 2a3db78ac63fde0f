"""One ranking from lexical (BM25 over Sudachi terms), semantic (sentence vectors) and
character n-gram (typo) evidence, plus a "did you mean" suggestion.

Build a :class:`SearchIndex` once from :class:`IndexDoc` values (vectors precomputed), then call
:meth:`SearchIndex.search` per query: one Sudachi pass and one sentence vector per query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from madoguchi.faq.search import analyzer, ngrams, semantic
from madoguchi.faq.search.bm25 import Bm25
from madoguchi.faq.search.synonyms import OutOfScopeTable, SynonymTable
from madoguchi.faq.search.text import fold, normalize, to_hiragana

LANGS = ("ja", "en", "easy")
_KANA_RUNS = re.compile(r"[\u3041-\u3096\u30fc]{3,}")  # hiragana runs
_RUNS = re.compile(r"[\u4e00-\u9fff\u30a1-\u30fa\u30fc]{3,}")  # kanji/katakana runs


@dataclass(frozen=True)
class Weights:
    """Tuned on the dev questions (``madoguchi.faq.bench``); see README for the figures."""

    # Lexical field weights.
    question: float = 3.0
    keywords: float = 2.5
    answer: float = 1.5
    details: float = 0.6
    # Query term weights.
    word: float = 1.0
    reading: float = 0.5
    english: float = 1.0
    synonym: float = 1.0
    typo: float = 0.6
    kana_run: float = 0.6  # readings found inside hiragana runs
    typo_max_query: int = 60  # characters; longer queries are not typo-corrected
    typo_max_words: int = 6
    # Combination.
    lexical: float = 0.5
    lexical_confidence: float = 8.0  # a top BM25 score at or above this counts in full
    semantic: float = 0.4
    semantic_floor: float = 0.2  # cosine at or below: no semantic evidence
    semantic_span: float = 0.6  # cosine at floor + span: full semantic evidence
    ngram: float = 0.1
    # Thresholds (on the combined score, 0..1).
    min_score: float = 0.2  # results below are dropped
    good_score: float = 0.3  # a best result below this is "nothing good"
    # "We can't answer this" (calibrated on the dev questions; see README): when the best
    # result is below ``min_relevance``, or the query names a thing (a noun) the FAQ never
    # mentions and the best result is below ``unknown_noun_relevance``, nothing is returned.
    min_relevance: float = 0.4
    unknown_noun_relevance: float = 0.7
    typo_min_length: int = 4  # shorter words are not typo-corrected (サイズ is not サイト)
    kana_typo_min_length: int = 6  # ひらがな typed without word breaks
    # An entry's own colloquial wording (its synonyms, 4+ characters) found whole in the query
    # counts as full lexical evidence for that entry: 「更新しないとどうなる」.
    phrase_min_length: int = 4
    suggest_margin: float = 0.15  # a correction must beat the query as typed by this much


@dataclass
class IndexDoc:
    id: str
    topic: str
    audience: str
    question: dict[str, str]
    answer: dict[str, str]
    details: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    vectors: np.ndarray | None = None  # (k, 512), see vector_texts()


def vector_texts(question: dict[str, str], answer: dict[str, str]) -> list[str]:
    """The texts embedded for an entry, in a fixed order (stored together as one blob)."""
    texts = [question.get(lang, "") for lang in LANGS]
    texts.append(f"{question.get('ja', '')} {answer.get('ja', '')}")
    return [t for t in texts if t.strip()]


_PHRASE_DROP = re.compile(r"[\s、。,.!?！？・「」]")


def _phrase_key(text: str) -> str:
    """Folded text without spaces and punctuation, for whole-phrase comparison."""
    return _PHRASE_DROP.sub("", fold(text))


@dataclass
class Hit:
    id: str
    score: float
    lexical: float = 0.0
    semantic: float = 0.0
    ngram: float = 0.0


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    suggestion: str | None
    expanded: list[str] = field(default_factory=list)  # canonical words added by synonyms
    good: bool = False
    suggestion_kana: str | None = None  # the suggestion with corrected words in ひらがな
    out_of_scope: bool = False  # results were found but none is relevant enough
    unknown: list[str] = field(default_factory=list)  # nouns the FAQ never uses


class SearchIndex:
    def __init__(
        self,
        docs: list[IndexDoc],
        synonyms: SynonymTable | None = None,
        weights: Weights | None = None,
        out_of_scope: OutOfScopeTable | None = None,
    ) -> None:
        self.docs = docs
        self.synonyms = synonyms or SynonymTable()
        self.w = weights or Weights()
        self.out_of_scope = out_of_scope or OutOfScopeTable()
        w = self.w
        field_terms = []
        self.doc_grams: list[set[str]] = []
        self.doc_phrases: list[tuple[str, ...]] = []
        self.doc_phrase_readings: list[tuple[str, ...]] = []
        self.doc_reading_grams: list[set[str]] = []
        vocab: dict[str, str] = {}
        for doc in docs:
            keywords = " ".join(doc.tags + doc.synonyms)
            field_terms.append(
                {
                    "question": [
                        t for lang in LANGS for t in analyzer.terms(doc.question.get(lang, ""))
                    ],
                    "keywords": analyzer.terms(keywords),
                    "answer": [
                        t for lang in LANGS for t in analyzer.terms(doc.answer.get(lang, ""))
                    ],
                    "details": analyzer.terms(
                        doc.details.get("ja", "") + "\n" + doc.details.get("en", "")
                    ),
                }
            )
            self.doc_phrases.append(
                tuple(
                    p
                    for p in dict.fromkeys(_phrase_key(s) for s in doc.synonyms)
                    if len(p) >= w.phrase_min_length and not p.isascii()
                )
            )
            self.doc_phrase_readings.append(
                tuple(
                    r
                    for r in dict.fromkeys(
                        f" {analyzer.reading_string(s)} " for s in doc.synonyms if not s.isascii()
                    )
                    if r.strip().count(" ") >= 1  # two or more words read alike: こうしん いつから
                )
            )
            surface = " ".join([doc.question.get("ja", ""), doc.question.get("easy", ""), keywords])
            self.doc_grams.append(ngrams.grams(fold(surface)))
            self.doc_reading_grams.append(
                ngrams.grams(analyzer.reading_string(doc.question.get("ja", "") + " " + keywords))
            )
            for text in (doc.question.get("ja", ""), keywords):
                for word in analyzer.content_words(text):
                    if len(word) >= 2 and not word.isascii():
                        vocab.setdefault(fold(word), word)
        for canonical in self.synonyms.canonicals:
            vocab.setdefault(fold(canonical), canonical)
        for variant, _canonical in self.synonyms.pairs:
            vocab.setdefault(variant, variant)
        self.vocab = vocab
        self.vocab_by_length: dict[int, list[str]] = {}
        for key in vocab:
            self.vocab_by_length.setdefault(len(key), []).append(key)
        self.bm25 = Bm25(
            field_terms,
            {
                "question": w.question,
                "keywords": w.keywords,
                "answer": w.answer,
                "details": w.details,
            },
        )
        # Readings long enough to be found inside a ひらがな query without word boundaries.
        self.readings = sorted(
            (t for t in self.bm25.postings if t.startswith("r:") and len(t) >= 5),
            key=len,
            reverse=True,
        )
        blocks = [
            d.vectors if d.vectors is not None else np.zeros((0, semantic.DIM), np.float32)
            for d in docs
        ]
        self.vec_counts = np.array([len(b) for b in blocks], dtype=np.int64)
        self.matrix = (
            np.vstack(blocks).astype(np.float32)
            if blocks and self.vec_counts.sum()
            else np.zeros((0, semantic.DIM), np.float32)
        )
        self.vec_offsets = np.concatenate([[0], np.cumsum(self.vec_counts)[:-1]]) if docs else None

    # -- query side ---------------------------------------------------------------------------

    def _typo_fixes(self, query: str) -> dict[str, str]:
        """Query words the content never uses, mapped to the closest word it does use.

        Bounded work: typos are looked for in short queries only, for a few words."""
        fixes: dict[str, str] = {}
        if len(query) > self.w.typo_max_query:
            return fixes
        # Runs of kanji/katakana as written, and long ひらがな runs (ますなんばーかーど); a
        # short one such as いつから is one letter away from 見つから and is left alone.
        words = (
            analyzer.content_words(query)
            + _RUNS.findall(query)
            + [r for r in _RUNS.findall(fold(query)) if len(r) >= self.w.kana_typo_min_length]
        )
        candidates = []
        for word in dict.fromkeys(words):
            key = fold(word)
            if len(key) < self.w.typo_min_length or word.isascii() or key in self.vocab:
                continue
            if self.bm25.df("r:" + key):
                continue  # written in kana, but the content has a word read like this
            if len(analyzer.tokens(word, "A")) == 1 and any(
                self.bm25.df(t) for t in analyzer.terms(word, readings=False)[:1]
            ):
                continue  # a known short word
            candidates.append((word, key))
        for word, key in candidates[: self.w.typo_max_words]:
            limit = 1 if len(key) <= 3 else 2
            qgrams = ngrams.grams(key)
            best, best_score = None, 0.0
            for length in range(len(key) - limit, len(key) + limit + 1):
                for candidate_key in self.vocab_by_length.get(length, ()):
                    if candidate_key in key or key in candidate_key:
                        continue  # a longer/shorter form, not a typo
                    dist = ngrams.edit_distance(key, candidate_key, limit=limit)
                    if dist > limit:
                        continue
                    score = ngrams.dice(qgrams, ngrams.grams(candidate_key)) - 0.1 * dist
                    if score > best_score:
                        best, best_score = self.vocab[candidate_key], score
            if best is not None and best_score > 0.2:
                fixes[word] = best
        return fixes

    def _query_weights(self, query: str, expanded: list[str], fixes: dict[str, str]) -> dict:
        w = self.w
        weights: dict[str, float] = {}

        def add(terms, factor):
            for t in terms:
                base = (
                    w.reading
                    if t.startswith("r:")
                    else (w.english if t.startswith("e:") else w.word)
                )
                weights[t] = max(weights.get(t, 0.0), base * factor)

        add(analyzer.query_terms(query), 1.0)
        runs = [fold(r) for r in _KANA_RUNS.findall(query)]
        if runs:  # the content's words inside ひらがな text without word breaks
            add([t for t in self.readings if any(t[2:] in run for run in runs)], w.kana_run)
        for canonical in expanded:
            add(set(analyzer.terms(canonical)), w.synonym)
        for fixed in fixes.values():
            add(set(analyzer.terms(fixed)), w.typo)
        return weights

    def _unknown_nouns(self, query: str, expanded_from: list[str], fixes: dict[str, str]) -> list:
        """Nouns of the query that no entry, synonym or typo fix accounts for: the query is
        probably about something else (印鑑登録, 駐車場, ペット…)."""
        folded = fold(query)
        covered = [fold(v) for v in expanded_from] + [fold(w) for w in fixes]
        out = []
        for t in analyzer.tokens(query, "A"):
            if not t.content or not t.noun or t.surface.isascii() or len(t.surface) < 2:
                continue
            if self.bm25.df("w:" + t.norm) or (
                len(t.reading) >= 2 and self.bm25.df("r:" + t.reading)
            ):
                continue
            key = fold(t.surface)
            if any(key in c for c in covered) or key not in folded:
                continue
            out.append(t.surface)
        return out

    def _semantic_scores(self, query: str) -> np.ndarray:
        if not len(self.matrix):
            return np.zeros(len(self.docs), np.float32)
        qv = semantic.encode_one(query)
        sims = self.matrix @ qv
        out = np.full(len(self.docs), -1.0, np.float32)
        nonempty = self.vec_counts > 0
        out[nonempty] = np.maximum.reduceat(sims, self.vec_offsets[nonempty])
        return out

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        include_staff: bool = False,
        suggest: bool = True,
        typos: bool = True,
    ) -> SearchResult:
        w = self.w
        query = normalize(query)
        expanded = self.synonyms.expand(query)
        fixes = self._typo_fixes(query) if typos else {}
        qweights = self._query_weights(query, expanded, fixes)
        lex = self.bm25.scores(qweights)
        top_lex = max(lex.values(), default=0.0)
        confidence = min(1.0, top_lex / w.lexical_confidence) if top_lex else 0.0
        sem = self._semantic_scores(" ".join([query, *expanded]))
        qgrams = ngrams.grams(fold(query))
        qreading = ngrams.grams(analyzer.reading_string(query))
        # Few n-grams say little: a two-character query matches by chance.
        gram_trust = min(1.0, max(len(qgrams), len(qreading)) / 4)
        total = w.lexical + w.semantic + w.ngram
        query_key = _phrase_key(query)
        query_reading = f" {analyzer.reading_string(query)} "
        hits: list[Hit] = []
        for i, doc in enumerate(self.docs):
            if doc.audience != "public" and not include_staff:
                continue
            lexical = (lex.get(i, 0.0) / top_lex) * confidence if top_lex else 0.0
            phrase = any(p in query_key for p in self.doc_phrases[i]) or any(
                r in query_reading for r in self.doc_phrase_readings[i]
            )
            if phrase:
                lexical = 1.0
            semantic_score = float(np.clip((sem[i] - w.semantic_floor) / w.semantic_span, 0.0, 1.0))
            gram = max(
                ngrams.containment(qgrams, self.doc_grams[i]),
                ngrams.containment(qreading, self.doc_reading_grams[i]) if qreading else 0.0,
            )
            if not lexical and not semantic_score:
                continue  # n-grams alone are not evidence
            score = (
                w.lexical * lexical + w.semantic * semantic_score + w.ngram * gram * gram_trust
            ) / total
            if score >= w.min_score:
                hits.append(Hit(doc.id, round(score, 4), lexical, semantic_score, gram))
        hits.sort(key=lambda h: (-h.score, h.id))
        unknown = self._unknown_nouns(query, self.synonyms.variants_in(query), fixes)
        best = hits[0].score if hits else 0.0
        out_of_scope = bool(hits) and (
            best < w.min_relevance
            or (bool(unknown) and best < w.unknown_noun_relevance)
            or self.out_of_scope.matches(query)
        )
        if out_of_scope:
            hits = []
        good = bool(hits) and hits[0].score >= w.good_score
        suggestion = suggestion_kana = None
        if fixes and suggest:
            suggestion, suggestion_kana = self._suggest(query, fixes)
        result = SearchResult(query, hits[:limit], suggestion, expanded, good)
        result.suggestion_kana = suggestion_kana
        result.out_of_scope = out_of_scope
        result.unknown = unknown
        return result

    def _suggest(self, query: str, fixes: dict[str, str]) -> tuple[str | None, str | None]:
        """The query with its typos corrected (and a ひらがな form for the easy pages), if
        the corrected query finds something good."""
        suggestion = kana = query
        for word, fixed in fixes.items():
            if word not in suggestion:  # found in the kana-folded form
                suggestion, kana = fold(suggestion), fold(kana)
            suggestion = suggestion.replace(word, fixed)
            kana = kana.replace(word, to_hiragana(analyzer.reading_string(fixed)) or fixed)
        if suggestion == query:
            return None, None
        # Only when the corrected words find something good that the words as typed do not
        # (or find clearly better): never a "did you mean" for its own sake.
        typed = self.search(query, limit=1, suggest=False, typos=False)
        fixed = self.search(suggestion, limit=1, suggest=False)
        if not fixed.good:
            return None, None
        if typed.good and fixed.hits[0].score < typed.hits[0].score + self.w.suggest_margin:
            return None, None
        return suggestion, kana

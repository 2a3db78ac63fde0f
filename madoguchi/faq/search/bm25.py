"""A small BM25F-style lexical scorer over weighted fields (pure Python, no database)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence


class Bm25:
    """BM25 with per-field weights folded into the term frequency (BM25F, one length norm).

    ``docs`` is a sequence of ``{field: [term, ...]}``; ``weights`` gives each field's weight.
    """

    def __init__(
        self,
        docs: Sequence[Mapping[str, Sequence[str]]],
        weights: Mapping[str, float],
        *,
        k1: float = 1.2,
        b: float = 0.5,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.n = len(docs)
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.lengths: list[float] = []
        for i, fields in enumerate(docs):
            tf: Counter[str] = Counter()
            length = 0.0
            for name, terms in fields.items():
                w = weights.get(name, 1.0)
                for term in terms:
                    tf[term] += w
                length += w * len(terms)
            self.lengths.append(length)
            for term, freq in tf.items():
                self.postings[term].append((i, freq))
        self.avg_length = (sum(self.lengths) / self.n) if self.n else 1.0
        self.idf = {
            term: math.log(1 + (self.n - len(p) + 0.5) / (len(p) + 0.5))
            for term, p in self.postings.items()
        }

    def df(self, term: str) -> int:
        return len(self.postings.get(term, ()))

    def scores(self, query: Mapping[str, float]) -> dict[int, float]:
        """Score of every document matching at least one term; ``query`` maps term -> weight."""
        out: dict[int, float] = defaultdict(float)
        k1, b, avg = self.k1, self.b, self.avg_length or 1.0
        for term, qw in query.items():
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf[term]
            for i, tf in postings:
                norm = k1 * (1 - b + b * self.lengths[i] / avg)
                out[i] += qw * idf * tf * (k1 + 1) / (tf + norm)
        return out

    def max_score(self, query: Mapping[str, float]) -> float:
        """An upper bound of a document's score for ``query`` (every term present, saturated)."""
        return sum(qw * self.idf.get(t, 0.0) * (self.k1 + 1) for t, qw in query.items())

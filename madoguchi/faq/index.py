"""The search index of this process: built from the database, cached in memory, rebuilt when
the content changes (``IndexVersion`` bumped by any process) or the synonym file changes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from madoguchi.faq import render
from madoguchi.faq.content import LANGS
from madoguchi.faq.models import Entry, IndexVersion
from madoguchi.faq.search import semantic
from madoguchi.faq.search.engine import IndexDoc, SearchIndex, SearchResult
from madoguchi.faq.search.synonyms import OutOfScopeTable, SynonymTable


def synonyms_path() -> Path:
    return Path(
        getattr(settings, "FAQ_SYNONYMS", settings.BASE_DIR / "content" / "faq" / "synonyms.yaml")
    )


def out_of_scope_path() -> Path:
    """Next to the synonym table: ``out-of-scope.yaml``."""
    return Path(getattr(settings, "FAQ_OUT_OF_SCOPE", synonyms_path().parent / "out-of-scope.yaml"))


@dataclass
class Display:
    """What a result shows, per language: question, short answer (plain text)."""

    question: dict[str, str]
    answer: dict[str, str]


@dataclass
class LoadedIndex:
    stamp: tuple
    engine: SearchIndex
    display: dict[str, Display]


_lock = threading.Lock()
_current: LoadedIndex | None = None


def _stamp() -> tuple:
    version = IndexVersion.objects.filter(key="faq").values_list("version", flat=True).first()
    mtimes = []
    for path in (synonyms_path(), out_of_scope_path()):
        mtimes.append((str(path), path.stat().st_mtime_ns if path.exists() else 0))
    return (version or 0, *mtimes)


def build(
    entries: list[Entry], synonyms: SynonymTable, out_of_scope: OutOfScopeTable | None = None
) -> tuple[SearchIndex, dict[str, Display]]:
    facts = render.all_city_facts()
    docs: list[IndexDoc] = []
    display: dict[str, Display] = {}
    missing = [e for e in entries if e.vector_model != semantic.MODEL_NAME or not e.vectors]
    if missing:  # content loaded by an older model or written directly: embed once, store
        from madoguchi.faq.services import compute_vectors

        compute_vectors(missing)
        for entry in missing:
            Entry.objects.filter(pk=entry.pk).update(
                vectors=entry.vectors, vector_model=entry.vector_model
            )
    for entry in entries:
        question = {lang: render.fill(entry.question.get(lang, ""), facts[lang]) for lang in LANGS}
        answer = {
            lang: render.plain(render.fill(entry.answer.get(lang, ""), facts[lang]))
            for lang in LANGS
        }
        details = {
            lang: render.plain(render.fill(entry.body.get(lang, ""), facts[lang])) for lang in LANGS
        }
        docs.append(
            IndexDoc(
                id=entry.id,
                topic=entry.topic,
                audience=entry.audience,
                question=question,
                answer=answer,
                details=details,
                tags=list(entry.tags),
                synonyms=list(entry.synonyms),
                vectors=semantic.from_bytes(entry.vectors),
            )
        )
        display[entry.id] = Display(question, answer)
    return SearchIndex(docs, synonyms, out_of_scope=out_of_scope), display


def get_index() -> LoadedIndex:
    """The current index; one cheap query per call checks that it is still current."""
    global _current
    stamp = _stamp()
    current = _current
    if current is not None and current.stamp == stamp:
        return current
    with _lock:
        if _current is not None and _current.stamp == stamp:
            return _current
        synonyms = SynonymTable.from_file(synonyms_path())
        out_of_scope = OutOfScopeTable.from_file(out_of_scope_path())
        engine, display = build(list(Entry.objects.all()), synonyms, out_of_scope)
        _current = LoadedIndex(stamp, engine, display)
        return _current


def clear() -> None:
    global _current
    _current = None


@dataclass
class ResultRow:
    id: str
    question: str
    answer: str
    url: str
    score: float


def entry_url(entry_id: str, lang: str) -> str:
    with translation.override(lang):
        return reverse("faq:entry", args=[entry_id])


def search(
    query: str, lang: str = "ja", *, limit: int = 5, include_staff: bool = False
) -> tuple[SearchResult, list[ResultRow]]:
    loaded = get_index()
    result = loaded.engine.search(query, limit=limit, include_staff=include_staff)
    if lang == "easy" and result.suggestion_kana:  # no kanji-only suggestion on easy pages
        result.suggestion = result.suggestion_kana
    rows = []
    for hit in result.hits:
        shown = loaded.display[hit.id]
        rows.append(
            ResultRow(
                id=hit.id,
                question=shown.question[lang],
                answer=shown.answer[lang],
                url=entry_url(hit.id, lang),
                score=round(hit.score, 3),
            )
        )
    return result, rows


def warm_up() -> None:
    """Load the dictionary, the sentence model and the index now rather than on the first
    query (e.g. from a gunicorn ``post_fork`` hook); safe to call when the tables are empty."""
    from madoguchi.faq.search import analyzer, semantic

    analyzer.terms("マイナンバーカードの更新")
    semantic.encode_one("マイナンバーカードの更新")
    get_index()

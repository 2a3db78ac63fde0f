"""A search index built straight from content files, with no database: for engine tests."""

from __future__ import annotations

from pathlib import Path

from madoguchi.faq import render
from madoguchi.faq.content import parse_dir
from madoguchi.faq.search import semantic
from madoguchi.faq.search.engine import IndexDoc, SearchIndex, vector_texts
from madoguchi.faq.search.synonyms import OutOfScopeTable, SynonymTable


def index_from_files(
    content: Path, synonyms: Path, out_of_scope: Path | None = None
) -> SearchIndex:
    entries, errors = parse_dir(content)
    assert not errors
    docs = []
    for e in entries:
        answer = {k: render.plain(v) for k, v in e.answer.items()}
        docs.append(
            IndexDoc(
                id=e.id,
                topic=e.topic,
                audience=e.audience,
                question=e.question,
                answer=answer,
                details={k: render.plain(v) for k, v in e.body.items()},
                tags=e.tags,
                synonyms=e.synonyms,
                vectors=semantic.encode(vector_texts(e.question, answer)),
            )
        )
    return SearchIndex(
        docs,
        SynonymTable.from_file(synonyms),
        out_of_scope=OutOfScopeTable.from_file(out_of_scope) if out_of_scope else None,
    )

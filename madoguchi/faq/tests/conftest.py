from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "content"
SYNONYMS = Path(__file__).resolve().parents[3] / "content" / "faq" / "synonyms.yaml"


@pytest.fixture(autouse=True)
def _fresh_index():
    """Each test database starts again at version 0: never reuse another test's index."""
    from madoguchi.faq import index

    index.clear()
    yield
    index.clear()


@pytest.fixture
def faq_entries(city, settings):
    """The demo city plus the test entries, loaded through load_faq."""
    from madoguchi.faq.services import load_faq_dir

    settings.FAQ_SYNONYMS = SYNONYMS
    load_faq_dir(FIXTURES)
    return city


@pytest.fixture(scope="session")
def engine():
    """A search index over the test entries, built without a database (model loaded once)."""
    from madoguchi.faq import render
    from madoguchi.faq.content import parse_dir
    from madoguchi.faq.search import semantic
    from madoguchi.faq.search.engine import IndexDoc, SearchIndex, vector_texts
    from madoguchi.faq.search.synonyms import SynonymTable

    entries, errors = parse_dir(FIXTURES)
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
    return SearchIndex(docs, SynonymTable.from_file(SYNONYMS))

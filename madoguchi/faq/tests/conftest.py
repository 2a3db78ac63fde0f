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
    from madoguchi.faq.tests.files_index import index_from_files

    return index_from_files(FIXTURES, SYNONYMS)

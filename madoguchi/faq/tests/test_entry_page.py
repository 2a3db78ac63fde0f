"""What an answer page shows: sources by host name (mirrors hidden from citizens), the
verified date in the reader's language, and redirects from merged entries."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from madoguchi.faq.models import Entry
from madoguchi.faq.render import format_date
from madoguchi.faq.services import load_faq_dir

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

MIRROR = "https://132153.y0zzj.group/jumin/kurashi/page.html"


@pytest.fixture
def with_mirror_source(faq_entries):
    Entry.objects.filter(pk="t-fees").update(
        sources=["https://www.example.lg.jp/faq/t-fees", MIRROR]
    )


def test_sources_are_collapsed_and_named_by_host(client, with_mirror_source):
    html = client.get("/easy/faq/t-fees/").content.decode()
    assert "<details>" in html and "しらべた ところ" in html
    assert ">example.lg.jp</a>" in html
    assert ">https://www.example.lg.jp/faq/t-fees</a>" not in html


def test_mirror_sources_are_not_shown_to_citizens(client, with_mirror_source):
    html = client.get("/faq/t-fees/").content.decode()
    assert "y0zzj" not in html


def test_staff_see_mirror_sources_labelled_as_such(supervisor_client, with_mirror_source):
    html = supervisor_client.get("/faq/t-fees/").content.decode()
    assert "参考（ミラー・キャッシュ。職員向け）" in html and "y0zzj" in html


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", "2026年12月1日"), ("/en", "1 December 2026"), ("/easy", "2026ねん 12がつ 1にち")],
)
def test_the_verified_date_is_written_for_the_reader(client, faq_entries, prefix, expected):
    html = client.get(f"{prefix}/faq/t-fees/").content.decode()
    assert expected in html
    assert "（" not in html.split('datetime="2026-12-01">')[1][:30]  # no weekday in brackets


def test_format_date_per_language():
    day = dt.date(2026, 12, 3)
    assert format_date(day, "ja") == "2026年12月3日"
    assert format_date(day, "en") == "3 December 2026"
    assert format_date(day, "easy") == "2026ねん 12がつ 3にち"


def test_a_merged_entry_url_redirects_to_the_kept_entry(client, city, settings, tmp_path):
    content = shutil.copytree(FIXTURES, tmp_path / "c")
    load_faq_dir(content)
    text = (content / "t-fees.md").read_text(encoding="utf-8")
    (content / "t-fees.md").write_text(
        text.replace("verified_on:", "redirect_from: [t-old-fees]\nverified_on:"), encoding="utf-8"
    )
    load_faq_dir(content, prune=True)
    response = client.get("/en/faq/t-old-fees/")
    assert response.status_code == 301
    assert response["Location"] == "/en/faq/t-fees/"
    assert client.get("/faq/t-never-existed/").status_code == 404


def test_redirect_from_may_not_shadow_an_existing_entry(tmp_path):
    from madoguchi.faq.content import parse_dir

    content = shutil.copytree(FIXTURES, tmp_path / "c")
    text = (content / "t-fees.md").read_text(encoding="utf-8")
    (content / "t-fees.md").write_text(
        text.replace("verified_on:", "redirect_from: [t-lost-card]\nverified_on:"), encoding="utf-8"
    )
    _entries, errors = parse_dir(content)
    assert [(e.file, e.field) for e in errors] == [("t-fees.md", "redirect_from")]

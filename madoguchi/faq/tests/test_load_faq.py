from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.faq import index
from madoguchi.faq.content import parse_dir
from madoguchi.faq.models import Entry, IndexVersion
from madoguchi.faq.search import semantic
from madoguchi.faq.services import (
    ContentInvalid,
    export_faq,
    load_faq_dir,
    save_entry_from_admin,
)

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


def copy_fixtures(tmp_path):
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_load_creates_entries_with_stored_vectors(city):
    report = load_faq_dir(FIXTURES)
    assert len(report.created) == 7
    entry = Entry.objects.get(pk="t-fees")
    assert entry.question["en"] == "Is there a fee to renew the certificates?"
    vectors = semantic.from_bytes(entry.vectors)
    assert vectors.shape[1] == semantic.DIM and len(vectors) >= 3
    assert entry.vector_model == semantic.MODEL_NAME


def test_loading_twice_changes_nothing(city):
    load_faq_dir(FIXTURES)
    version = IndexVersion.objects.get(key="faq").version
    report = load_faq_dir(FIXTURES)
    assert report.created == report.updated == []
    assert len(report.unchanged) == 7
    assert IndexVersion.objects.get(key="faq").version == version


def test_a_changed_file_is_updated(city, tmp_path):
    content = copy_fixtures(tmp_path)
    load_faq_dir(content)
    path = content / "t-fees.md"
    path.write_text(path.read_text().replace("無料です", "無料です（令和8年度も）"))
    report = load_faq_dir(content)
    assert report.updated == ["t-fees"]
    assert "令和8年度" in Entry.objects.get(pk="t-fees").answer["ja"]


def test_invalid_content_loads_nothing(city, tmp_path):
    content = copy_fixtures(tmp_path)
    (content / "t-fees.md").write_text("---\nid: t-fees\n---\n")
    with pytest.raises(ContentInvalid) as excinfo:
        load_faq_dir(content)
    assert any(e.file == "t-fees.md" for e in excinfo.value.errors)
    assert Entry.objects.count() == 0


def test_load_faq_command_reports_errors(city, tmp_path):
    content = copy_fixtures(tmp_path)
    (content / "t-fees.md").write_text("no front matter")
    with pytest.raises(CommandError):
        call_command("load_faq", str(content))


def test_admin_edits_are_kept_by_the_next_load(city):
    load_faq_dir(FIXTURES)
    entry = Entry.objects.get(pk="t-fees")
    entry.answer = {**entry.answer, "ja": "管理画面で直した答え"}
    save_entry_from_admin(entry)
    report = load_faq_dir(FIXTURES)
    assert report.kept_admin_edits == ["t-fees"]
    assert Entry.objects.get(pk="t-fees").answer["ja"] == "管理画面で直した答え"


def test_export_writes_admin_edits_back_to_valid_files(city, tmp_path):
    load_faq_dir(FIXTURES)
    entry = Entry.objects.get(pk="t-fees")
    entry.answer = {**entry.answer, "ja": "管理画面で直した答え"}
    save_entry_from_admin(entry)
    written = export_faq(tmp_path, only_edited=True, mark_synced=True)
    assert [p.name for p in written] == ["t-fees.md"]
    entries, errors = parse_dir(tmp_path)
    assert errors == []
    assert entries[0].answer["ja"] == "管理画面で直した答え"
    assert not Entry.objects.get(pk="t-fees").edited_in_admin


def test_prune_removes_entries_whose_file_is_gone(city, tmp_path):
    content = copy_fixtures(tmp_path)
    load_faq_dir(content)
    (content / "t-fees.md").unlink()
    assert load_faq_dir(content).missing_from_files == ["t-fees"]
    assert load_faq_dir(content, prune=True).removed == ["t-fees"]
    assert not Entry.objects.filter(pk="t-fees").exists()


def test_the_index_is_rebuilt_when_another_process_changes_content(faq_entries):
    _, rows = index.search("手数料", "ja")
    assert rows[0].id == "t-fees"
    first = index.get_index()
    entry = Entry.objects.get(pk="t-fees")
    entry.question = {**entry.question, "ja": "更新の費用について（改訂）"}
    save_entry_from_admin(entry)  # bumps the version stamp in the database
    second = index.get_index()
    assert second is not first
    assert second.display["t-fees"].question["ja"] == "更新の費用について（改訂）"
    assert index.get_index() is second  # unchanged content: cached


def test_a_city_data_change_rebuilds_the_index(faq_entries):
    from madoguchi.core.models import PhoneLine

    first = index.get_index()
    line = PhoneLine.objects.get(key="reservation")
    line.number = "0120-999-999"
    line.save()
    _, rows = index.search("暗証番号を忘れた", "ja")
    assert index.get_index() is not first
    assert rows[0].id == "t-pin-forgot"


def test_warm_up_builds_the_index(faq_entries):
    index.warm_up()
    assert "t-fees" in index.get_index().display

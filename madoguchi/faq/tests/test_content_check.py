from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.faq.content import parse_dir, parse_text, render_file

from .conftest import FIXTURES

GOOD = (FIXTURES / "t-fees.md").read_text(encoding="utf-8")


def errors_of(text: str, name: str = "t-fees.md") -> list[str]:
    entry, errors = parse_text(text, name)
    assert (entry is None) == bool(errors)
    return [f"{e.file}: {e.field}" for e in errors]


def test_the_test_entries_are_valid():
    entries, errors = parse_dir(FIXTURES)
    assert errors == []
    assert {e.id for e in entries} >= {"t-fees", "t-pin-forgot", "t-staff-only"}


def test_a_missing_english_answer_is_reported_with_file_and_field():
    text = GOOD.replace('  en: "Renewing the electronic certificates is free."\n', "")
    assert errors_of(text) == ["t-fees.md: answer.en"]


def test_a_missing_easy_section_is_reported():
    text = GOOD.split("## easy")[0]
    assert "t-fees.md: ## easy" in errors_of(text)


def test_an_empty_japanese_question_is_reported():
    text = GOOD.replace('ja: "電子証明書の更新に手数料はかかりますか？"', 'ja: ""')
    assert errors_of(text) == ["t-fees.md: question.ja"]


def test_an_unknown_topic_is_reported():
    assert errors_of(GOOD.replace("topic: fees", "topic: weather")) == ["t-fees.md: topic"]


def test_sources_need_a_url():
    text = GOOD.replace("sources: [https://www.example.lg.jp/faq/t-fees]", "sources: [市のサイト]")
    assert "t-fees.md: sources" in errors_of(text)


def test_the_id_must_be_the_file_name():
    assert errors_of(GOOD, "other-name.md") == ["other-name.md: id"]


def test_unknown_placeholders_are_reported():
    text = GOOD.replace("カードの再交付は有料です。", "{{ city.mayor }}")
    assert errors_of(text) == ["t-fees.md: ## ja"]


def test_missing_front_matter_is_reported():
    assert errors_of("## ja\nこんにちは\n") == ["t-fees.md: front matter"]


def test_a_file_round_trips_through_render_file():
    entry, _ = parse_text(GOOD, "t-fees.md")
    again, errors = parse_text(render_file(entry), "t-fees.md")
    assert errors == []
    assert again == entry


def test_check_faq_content_passes_on_good_content(capsys):
    call_command("check_faq_content", str(FIXTURES))
    assert "7 FAQ entries OK" in capsys.readouterr().out


def test_check_faq_content_fails_on_a_missing_language(tmp_path):
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    bad = tmp_path / "t-fees.md"
    bad.write_text(GOOD.split("## en")[0], encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("check_faq_content", str(tmp_path))


def test_the_real_content_passes_the_check():
    call_command("check_faq_content")

"""Content checks: every `when:` is a rule, everything reachable, three languages, sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from madoguchi.guide.content import CONTENT_DIR, check_content, load_content


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    target = tmp_path / "guide"
    shutil.copytree(CONTENT_DIR, target)
    return target


def edit_items(directory: Path, change) -> None:
    path = directory / "items.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["items"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_shipped_content_has_no_problems():
    assert check_content(load_content()) == []


def test_an_unknown_rule_is_reported(content_dir):
    edit_items(content_dir, lambda items: items[0].update(when="is_a_dragon"))
    problems = check_content(load_content(content_dir))
    assert any("names no rule: is_a_dragon" in p for p in problems)


def test_a_missing_language_is_reported(content_dir):
    edit_items(content_dir, lambda items: items[0]["text"].pop("easy"))
    problems = check_content(load_content(content_dir))
    assert any("easy text is missing" in p for p in problems)


def test_an_item_no_outcome_reaches_is_reported(content_dir):
    def add(items):
        items.append({**items[0], "id": "never", "when": ["is_card_pickup", "is_ecert"]})

    edit_items(content_dir, add)
    problems = check_content(load_content(content_dir))
    assert "item never: applies to no outcome (unreachable)" in problems


def test_an_outcome_without_items_is_reported(content_dir):
    def drop_reissue_items(items):
        items[:] = [i for i in items if "reissue" not in i["id"]]

    edit_items(content_dir, drop_reissue_items)
    problems = check_content(load_content(content_dir))
    assert any(p.startswith("outcome renewal=card&old_card=lost") for p in problems)


def test_a_missing_source_or_date_is_reported(content_dir):
    edit_items(content_dir, lambda items: items[0].update(source="somewhere", verified_on="soon"))
    problems = check_content(load_content(content_dir))
    assert any("`source` must be an http(s) URL" in p for p in problems)
    assert any("`verified_on` must be a date" in p for p in problems)


def test_duplicate_ids_and_unknown_placeholders_are_reported(content_dir):
    def change(items):
        items.append(dict(items[1]))
        items[0]["text"] = {"ja": "{name}", "en": "{name}", "easy": "{name}"}

    edit_items(content_dir, change)
    problems = check_content(load_content(content_dir))
    assert any("duplicate id" in p for p in problems)
    assert any("unknown placeholder(s) name" in p for p in problems)


def test_a_rule_without_a_source_is_reported(content_dir):
    path = content_dir / "rules.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"].pop("proxy_one_visit")
    data["rules"]["made_up"] = {"source": "https://example.jp", "verified_on": "2026-12-03"}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    problems = check_content(load_content(content_dir))
    assert "rule proxy_one_visit: missing from rules.yaml" in problems
    assert any("made_up is not a rule" in p for p in problems)


def test_question_options_must_match_the_facts(content_dir):
    path = content_dir / "questions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"]["pins"]["options"].pop("forgot_all")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = check_content(load_content(content_dir))
    assert any(p.startswith("question pins: options must be exactly") for p in problems)


def test_command_passes_on_the_shipped_content(capsys):
    call_command("check_guide_content")
    assert "guide content OK" in capsys.readouterr().out


def test_command_fails_on_broken_content(content_dir):
    edit_items(content_dir, lambda items: items[0].update(when="nope"))
    with pytest.raises(CommandError):
        call_command("check_guide_content", "--dir", str(content_dir))


def test_an_outcome_without_a_title_is_reported(content_dir):
    """Review 2.3: every outcome names its procedure."""

    def drop_title(items):
        items[:] = [i for i in items if i["id"] != "title_card_apply"]

    edit_items(content_dir, drop_title)
    problems = check_content(load_content(content_dir))
    assert any("no title item applies" in p and "stage=apply" in p for p in problems)


def test_question_help_needs_all_three_languages(content_dir):
    path = content_dir / "questions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"]["expiry"]["help"]["text"].pop("en")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = check_content(load_content(content_dir))
    assert "question expiry help text: the en text is missing" in problems

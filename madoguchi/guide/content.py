"""The navigator's wording, read from ``content/guide/*.yaml``, and the checks run in CI.

Content editors change texts and add checklist items in the YAML files; developers own the
rules they name (``when:``). :func:`check_content` lists every problem (unknown rule, missing
language, unreachable question or item, outcome without items) so that ``make lint`` fails
before a broken text reaches citizens.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from madoguchi.guide import flow
from madoguchi.guide import rules as r
from madoguchi.guide.facts import CHOICES, FactsError, parse_facts

LANGS = ("ja", "en", "easy")
SECTIONS = ("title", "warning", "step", "bring", "proxy", "note")
PLACEHOLDERS = frozenset({"window_opens_on", "expiry"})
CONTENT_DIR = Path(__file__).resolve().parent.parent.parent / "content" / "guide"

Text = dict[str, str]


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    when: tuple[str, ...]
    text: Text
    note: Text | None
    source: str
    verified_on: dt.date | None

    def applies(self, facts: Any) -> bool:
        return all(r.RULES[name](facts) for name in self.when)


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    hint: Text | None


@dataclass(frozen=True)
class QuestionText:
    key: str
    title: Text
    hint: Text | None
    options: tuple[Option, ...]
    variants: tuple[dict[str, Any], ...]
    source: str
    verified_on: dt.date | None
    # Optional "I don't know" help shown under the question: {title: Text, text: Text}.
    help: dict[str, Any] | None = None

    def wording(self, facts: Any) -> tuple[Text, Text | None]:
        """Title and hint, taking the first variant whose rule applies."""
        for variant in self.variants:
            if r.RULES.get(variant.get("when", ""), lambda f: False)(facts):
                return variant["title"], variant.get("hint", self.hint)
        return self.title, self.hint


@dataclass(frozen=True)
class SidePath:
    key: str
    facts: dict[str, str]
    label: Text


@dataclass(frozen=True)
class Content:
    questions: dict[str, QuestionText]
    items: tuple[Item, ...]
    rule_sources: dict[str, dict[str, Any]]
    side_paths: dict[str, SidePath]
    problems: tuple[str, ...] = field(default=())  # problems found while reading the files


def _as_when(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ()


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: the top level must be a mapping")
    return data


def load_content(directory: Path = CONTENT_DIR) -> Content:
    problems: list[str] = []
    questions_data = _read(directory / "questions.yaml")
    items_data = _read(directory / "items.yaml")
    rules_data = _read(directory / "rules.yaml")

    questions: dict[str, QuestionText] = {}
    for key, q in (questions_data.get("questions") or {}).items():
        if not isinstance(q, dict):
            problems.append(f"question {key}: must be a mapping")
            continue
        options = tuple(
            Option(str(value), (opt or {}).get("label") or {}, (opt or {}).get("hint"))
            for value, opt in (q.get("options") or {}).items()
        )
        questions[key] = QuestionText(
            key=key,
            title=q.get("title") or {},
            hint=q.get("hint"),
            options=options,
            variants=tuple(q.get("variants") or ()),
            source=q.get("source") or "",
            verified_on=q.get("verified_on"),
            help=q.get("help"),
        )

    items: list[Item] = []
    for index, raw in enumerate(items_data.get("items") or []):
        if not isinstance(raw, dict):
            problems.append(f"item #{index + 1}: must be a mapping")
            continue
        items.append(
            Item(
                id=str(raw.get("id") or f"#{index + 1}"),
                section=str(raw.get("section") or ""),
                when=_as_when(raw.get("when")),
                text=raw.get("text") or {},
                note=raw.get("note"),
                source=raw.get("source") or "",
                verified_on=raw.get("verified_on"),
            )
        )
        if not _as_when(raw.get("when")):
            problems.append(f"item {raw.get('id')}: `when` must name a rule or a list of rules")

    side_paths = {
        key: SidePath(key, dict(sp.get("facts") or {}), sp.get("label") or {})
        for key, sp in (questions_data.get("side_paths") or {}).items()
    }
    return Content(
        questions=questions,
        items=tuple(items),
        rule_sources=dict(rules_data.get("rules") or {}),
        side_paths=side_paths,
        problems=tuple(problems),
    )


@cache
def get_content() -> Content:
    """The content, read once per process (the files change only with a deploy)."""
    return load_content()


# --- checks ------------------------------------------------------------------------------------


def _check_text(where: str, text: Any, *, required: bool = True) -> list[str]:
    if text is None and not required:
        return []
    if not isinstance(text, dict):
        return [f"{where}: must have ja, en and easy texts"]
    problems = [
        f"{where}: the {lang} text is missing"
        for lang in LANGS
        if not isinstance(text.get(lang), str) or not text[lang].strip()
    ]
    extra = set(text) - set(LANGS)
    if extra:
        problems.append(f"{where}: unknown language(s) {', '.join(sorted(extra))}")
    fields_by_lang = []
    for lang in LANGS:
        value = text.get(lang)
        if not isinstance(value, str):
            continue
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name}
        except ValueError:
            problems.append(f"{where}: the {lang} text has a broken {{placeholder}}")
            continue
        unknown = names - PLACEHOLDERS
        if unknown:
            problems.append(f"{where}: unknown placeholder(s) {', '.join(sorted(unknown))}")
        fields_by_lang.append(names)
    if fields_by_lang and any(names != fields_by_lang[0] for names in fields_by_lang):
        problems.append(f"{where}: the languages use different placeholders")
    return problems


def _check_source(where: str, source: Any, verified_on: Any) -> list[str]:
    problems = []
    if not isinstance(source, str) or not re.match(r"https?://\S+$", source):
        problems.append(f"{where}: `source` must be an http(s) URL")
    if not isinstance(verified_on, dt.date):
        problems.append(f"{where}: `verified_on` must be a date (YYYY-MM-DD)")
    return problems


def check_content(content: Content) -> list[str]:
    problems = list(content.problems)

    # Rules: every registered rule has a source, and every listed rule exists.
    for name in r.RULES:
        meta = content.rule_sources.get(name)
        if not isinstance(meta, dict):
            problems.append(f"rule {name}: missing from rules.yaml")
            continue
        problems += _check_source(f"rule {name}", meta.get("source"), meta.get("verified_on"))
    for name in content.rule_sources:
        if name not in r.RULES:
            problems.append(f"rules.yaml: {name} is not a rule in madoguchi/guide/rules.py")

    # Questions: one text per flow question, options exactly the answers the facts accept.
    for question in flow.QUESTIONS:
        text = content.questions.get(question.key)
        where = f"question {question.key}"
        if text is None:
            problems.append(f"{where}: no wording in questions.yaml")
            continue
        problems += _check_text(f"{where} title", text.title)
        problems += _check_text(f"{where} hint", text.hint, required=False)
        if text.help is not None:
            if not isinstance(text.help, dict):
                problems.append(f"{where} help: must have a title and a text")
            else:
                problems += _check_text(f"{where} help title", text.help.get("title"))
                problems += _check_text(f"{where} help text", text.help.get("text"))
        problems += _check_source(where, text.source, text.verified_on)
        expected: tuple[str, ...] = ()
        if question.kind == "choice":
            expected = CHOICES[question.key]
        elif question.kind == "bool":
            expected = ("true", "false")
        got = tuple(option.value for option in text.options)
        if expected and sorted(got) != sorted(expected):
            problems.append(f"{where}: options must be exactly {', '.join(expected)}")
        for option in text.options:
            problems += _check_text(f"{where} option {option.value}", option.label)
            problems += _check_text(
                f"{where} option {option.value} hint", option.hint, required=False
            )
        for index, variant in enumerate(text.variants):
            vwhere = f"{where} variant {index + 1}"
            if variant.get("when") not in r.RULES:
                problems.append(f"{vwhere}: `when` names no rule: {variant.get('when')}")
            problems += _check_text(f"{vwhere} title", variant.get("title"))
            problems += _check_text(f"{vwhere} hint", variant.get("hint"), required=False)
    for key in content.questions:
        if key not in flow.BY_KEY:
            problems.append(f"question {key}: not a question of the flow")

    # Side paths: their facts parse and lead somewhere.
    for side in content.side_paths.values():
        problems += _check_text(f"side path {side.key} label", side.label)
        try:
            parse_facts(side.facts)
        except FactsError as exc:
            problems.append(f"side path {side.key}: {exc}")

    # Items: unique ids, known sections and rules, three languages, a source.
    seen: set[str] = set()
    for item in content.items:
        where = f"item {item.id}"
        if item.id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(item.id)
        if item.section not in SECTIONS:
            problems.append(f"{where}: section must be one of {', '.join(SECTIONS)}")
        for name in item.when:
            if name not in r.RULES:
                problems.append(f"{where}: `when` names no rule: {name}")
        problems += _check_text(f"{where} text", item.text)
        problems += _check_text(f"{where} note", item.note, required=False)
        problems += _check_source(where, item.source, item.verified_on)

    # Reachability and outcomes: walk every answer combination.
    if not any("names no rule" in p for p in problems):
        problems += _check_graph(content)
    return problems


def _check_graph(content: Content) -> list[str]:
    problems: list[str] = []
    reachable = flow.reachable_questions()
    for question in flow.QUESTIONS:
        if question.key not in reachable:
            problems.append(f"question {question.key}: cannot be reached from the start")
    used: set[str] = set()
    for facts, _count in flow.all_paths(flow.ENTRIES + flow.OPERATOR_ENTRIES):
        applicable = [item for item in content.items if item.applies(facts)]
        used.update(item.id for item in applicable)
        specific = [
            item for item in applicable if item.when != ("always",) and item.section != "title"
        ]
        label = facts.to_query()
        if not specific:
            problems.append(f"outcome {label}: no checklist item applies")
        if not any(item.section == "title" for item in applicable):
            problems.append(f"outcome {label}: no title item applies")
        if r.can_proceed(facts):
            for section in ("step", "bring"):
                if not any(item.section == section for item in applicable):
                    problems.append(f"outcome {label}: no {section} item applies")
        else:
            if not any(
                item.section == "warning" and item.when != ("always",) for item in applicable
            ):
                problems.append(f"outcome {label}: blocked but no warning says why")
    for item in content.items:
        if item.id not in used:
            problems.append(f"item {item.id}: applies to no outcome (unreachable)")
    return problems

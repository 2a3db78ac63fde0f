"""Facts → the checklist a citizen (or an operator) reads: outcome plus texts in one language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from madoguchi.guide import rules as r
from madoguchi.guide.content import Content, Item, Text, get_content
from madoguchi.guide.facts import Facts

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Entry:
    id: str
    text: str
    note: str
    general: bool = False  # shown to everyone (`when: always`)


@dataclass(frozen=True)
class Checklist:
    facts: Facts  # with today filled in
    outcome: r.Outcome
    titles: tuple[Entry, ...]  # the page heading is the first `title` item that applies
    warnings: tuple[Entry, ...]
    steps: tuple[Entry, ...]
    bring: tuple[Entry, ...]
    proxy: tuple[Entry, ...]
    notes: tuple[Entry, ...]
    sources: tuple[str, ...]

    @property
    def specific_warnings(self) -> tuple[Entry, ...]:
        """Warnings about this case (why not now, what to do instead)."""
        return tuple(e for e in self.warnings if not e.general)

    @property
    def general_warnings(self) -> tuple[Entry, ...]:
        """Warnings for everyone (PINs, scams)."""
        return tuple(e for e in self.warnings if e.general)

    @property
    def title(self) -> str:
        return self.titles[0].text if self.titles else ""

    @property
    def item_ids(self) -> set[str]:
        return {
            e.id
            for group in (
                self.titles[:1],
                self.warnings,
                self.steps,
                self.bring,
                self.proxy,
                self.notes,
            )
            for e in group
        }


def format_date(value: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    if lang == "easy":
        return f"{value.year}ねん {value.month}がつ {value.day}にち"
    return f"{value.year}年{value.month}月{value.day}日"


def render(text: Text | None, lang: str, context: dict[str, str]) -> str:
    if not text:
        return ""
    raw = text.get(lang) or text.get("ja") or ""
    return raw.format_map(_Defaulting(context))


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def build_checklist(
    facts: Facts, lang: str, today: dt.date, content: Content | None = None
) -> Checklist:
    """The checklist for ``facts``; raises FactsError when the facts are too incomplete."""
    content = content or get_content()
    facts = r.with_today(facts, today)
    outcome = r.evaluate(facts)
    context = {}
    if outcome.window_opens_on:
        context["window_opens_on"] = format_date(outcome.window_opens_on, lang)
    if facts.expiry:
        context["expiry"] = format_date(facts.expiry, lang)

    applicable = [item for item in content.items if item.applies(facts)]

    def section(name: str) -> tuple[Entry, ...]:
        return tuple(_entry(item, lang, context) for item in applicable if item.section == name)

    # Warnings that say why the visitor cannot proceed come first (they are first in the file).
    sources: list[str] = []
    for item in applicable:
        if item.source not in sources:
            sources.append(item.source)
    return Checklist(
        facts=facts,
        outcome=outcome,
        titles=section("title"),
        warnings=section("warning"),
        steps=section("step"),
        bring=section("bring"),
        proxy=section("proxy"),
        notes=section("note"),
        sources=tuple(sources),
    )


def _entry(item: Item, lang: str, context: dict[str, str]) -> Entry:
    return Entry(
        item.id,
        render(item.text, lang, context),
        render(item.note, lang, context),
        general=item.when == ("always",),
    )

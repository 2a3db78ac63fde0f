"""City facts in FAQ texts, and the small Markdown subset the entries use.

Entries say ``{{ phone.reservation.number }}`` instead of copying the number; the values come from
the city data (``madoguchi.core`` models) in the reader's language. Only the placeholders listed
in :data:`madoguchi.faq.content.PLACEHOLDERS` exist; anything else renders as written.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from django.utils.safestring import SafeString, mark_safe

from madoguchi.core.i18n import tr
from madoguchi.faq.content import LANGS, PLACEHOLDER_RE, PLACEHOLDERS, is_mirror_url

_DAY_NAMES = {
    "ja": "月火水木金土日",
    "easy": "げかすもきどに",
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
_EASY_DAYS = ["げつ", "か", "すい", "もく", "きん", "ど", "にち"]


def _day(weekday: int, lang: str) -> str:
    if lang == "en":
        return _DAY_NAMES["en"][weekday]
    if lang == "easy":
        return _EASY_DAYS[weekday]
    return _DAY_NAMES["ja"][weekday]


def _time(value) -> str:
    return f"{value.hour}:{value.minute:02d}"


def format_hours(hours: list, lang: str) -> str:
    """Opening hours as one line: 月〜金 8:45〜17:00／第2・4土 9:00〜12:00."""
    groups: list[tuple[list[int], str, str, tuple]] = []
    for h in sorted(hours, key=lambda h: (tuple(h.weeks_of_month or ()), h.opens, h.weekday)):
        key = (_time(h.opens), _time(h.closes), tuple(h.weeks_of_month or ()))
        if groups and groups[-1][1:] == key and groups[-1][0][-1] == h.weekday - 1:
            groups[-1][0].append(h.weekday)
        else:
            groups.append(([h.weekday], *key))
    groups.sort(key=lambda g: (g[0][0], g[1]))
    dash = "–" if lang == "en" else "〜"
    parts = []
    for days, opens, closes, weeks in groups:
        if len(days) == 1:
            label = _day(days[0], lang)
        elif len(days) == 2:
            label = ("/" if lang == "en" else "・").join(_day(d, lang) for d in days)
        else:
            label = f"{_day(days[0], lang)}{dash}{_day(days[-1], lang)}"
        if weeks:
            if lang == "en":
                label = f"{label} ({', '.join(_ordinal(w) for w in weeks)})"
            else:
                label = f"第{'・'.join(map(str, weeks))}{label}"
        parts.append(f"{label} {opens}{dash}{closes}")
    return ("; " if lang == "en" else "／").join(parts)


_MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def format_date(value: dt.date, lang: str) -> str:
    """A date as readers of ``lang`` write it: 2026年12月3日 / 3 December 2026 / 2026ねん 12がつ 3にち."""
    if lang == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    if lang == "easy":
        return f"{value.year}ねん {value.month}がつ {value.day}にち"
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass(frozen=True)
class Source:
    url: str
    host: str
    mirror: bool


def source(url: str) -> Source:
    host = (urlparse(url).hostname or url).lower()
    return Source(url, host.removeprefix("www."), is_mirror_url(url))


def sources(urls: list[str]) -> tuple[list[Source], list[Source]]:
    """(official sources shown to everyone, mirror/cache copies shown to staff only)."""
    parsed = [source(u) for u in urls]
    return [s for s in parsed if not s.mirror], [s for s in parsed if s.mirror]


def _ordinal(n: int) -> str:
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n if n < 20 else n % 10, 'th') }"


def city_facts(lang: str) -> dict[str, str]:
    """Placeholder -> text in ``lang``, read from the city data (empty when none is loaded)."""
    from madoguchi.core.city import get_city
    from madoguchi.core.models import Office, PhoneLine

    facts = dict.fromkeys(PLACEHOLDERS, "")
    city = get_city()
    if city is None:
        return facts
    facts["city.name"] = tr(city.name, lang)
    for line in PhoneLine.objects.filter(key__in=["reservation", "card_center"]):
        facts[f"phone.{line.key}.number"] = line.number
        facts[f"phone.{line.key}.hours"] = tr(line.hours, lang)
    offices = list(Office.objects.prefetch_related("hours").order_by("order", "slug"))
    center = next((o for o in offices if o.kind == "center"), offices[0] if offices else None)
    if center is not None:
        facts["center.name"] = tr(center.name, lang)
        facts["center.address"] = tr(center.address, lang)
        facts["booking.days_ahead"] = str(center.booking_days_ahead)
        facts["booking.release_time"] = _time(center.booking_release_time)
    lines = []
    for office in offices:
        hours = format_hours(list(office.hours.all()), lang)
        sep = ": " if lang == "en" else "："
        addr = (
            f" ({tr(office.address, lang)})" if lang == "en" else f"（{tr(office.address, lang)}）"
        )
        lines.append(f"- **{tr(office.name, lang)}**{addr}{sep}{hours}")
    facts["offices.list"] = "\n".join(lines)
    return facts


def all_city_facts() -> dict[str, dict[str, str]]:
    return {lang: city_facts(lang) for lang in LANGS}


def fill(text: str, facts: dict[str, str]) -> str:
    """Replace known placeholders; unknown ones stay as written (the content check flags them)."""

    def sub(match: re.Match) -> str:
        name = match.group(1)
        return facts.get(name, match.group(0)) if name in PLACEHOLDERS else match.group(0)

    return PLACEHOLDER_RE.sub(sub, text or "")


def plain(markdown: str) -> str:
    """Markdown reduced to plain text (for search and for short answers in JSON)."""
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1", markdown or "")
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.|#+)\s+", "", text, flags=re.MULTILINE)
    return text.strip()


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_URL = re.compile(r"(?<![\"'=(])\bhttps?://[^\s<>()（）「」、。]+")
_PATH = re.compile(r"(?<![\w/.:])/(booking|guide|faq)/([a-z0-9/_-]*)")


def _inline(text: str, lang: str) -> str:
    """Escape, then bold, links, bare URLs and site paths (/booking/ → the reader's language)."""
    prefix = "" if lang == "ja" else f"/{lang}"
    out = []
    pos = 0
    for match in _LINK.finditer(text):
        out.append(_inline_plain(text[pos : match.start()], prefix))
        label, url = match.group(1), match.group(2)
        if url.startswith("/") and not url.startswith("//"):
            url = prefix + url
        elif not url.startswith(("http://", "https://")):
            url = "#"
        out.append(f'<a href="{html.escape(url)}">{_inline_plain(label, prefix, links=False)}</a>')
        pos = match.end()
    out.append(_inline_plain(text[pos:], prefix))
    return "".join(out)


def _inline_plain(text: str, prefix: str, links: bool = True) -> str:
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
    if links:
        escaped = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        escaped = _PATH.sub(
            lambda m: f'<a href="{prefix}/{m.group(1)}/{m.group(2)}">/{m.group(1)}/{m.group(2)}</a>',
            escaped,
        )
    return escaped


def markdown_html(markdown: str, lang: str = "ja") -> SafeString:
    """Paragraphs, ``-``/``1.`` lists, ``###`` headings, **bold** and links; everything escaped."""
    blocks: list[str] = []
    para: list[str] = []
    list_kind: str | None = None
    items: list[str] = []

    def flush_para():
        if para:
            blocks.append("<p>" + "<br>".join(_inline(p, lang) for p in para) + "</p>")
            para.clear()

    def flush_list():
        nonlocal list_kind
        if list_kind:
            blocks.append(
                f"<{list_kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{list_kind}>"
            )
            items.clear()
            list_kind = None

    for raw in (markdown or "").splitlines():
        line = raw.strip()
        bullet = re.match(r"^[-*・]\s+(.*)$", line)
        number = re.match(r"^\d+[.)]\s+(.*)$", line)
        heading = re.match(r"^#{3,6}\s+(.*)$", line)
        if not line:
            flush_para()
            flush_list()
        elif heading:
            flush_para()
            flush_list()
            blocks.append(f"<h3>{_inline(heading.group(1), lang)}</h3>")
        elif bullet or number:
            flush_para()
            kind = "ul" if bullet else "ol"
            if list_kind != kind:
                flush_list()
                list_kind = kind
            items.append(_inline((bullet or number).group(1), lang))
        elif list_kind and raw.startswith(("  ", "\t")) and items:
            items[-1] += "<br>" + _inline(line, lang)
        else:
            flush_list()
            para.append(line)
    flush_para()
    flush_list()
    return mark_safe("".join(blocks))  # noqa: S308 - every piece of text was escaped above

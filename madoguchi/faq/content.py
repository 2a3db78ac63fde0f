"""FAQ entries as Markdown files with YAML front matter: parse, validate, write back.

A file ``content/faq/<id>.md`` looks like::

    ---
    id: a-renew-when
    topic: deadline_validity
    tags: [更新, 有効期限]
    synonyms: [いつから]
    audience: public
    sources: [https://example.jp/faq]
    verified_on: 2026-12-03
    question: {ja: ..., en: ..., easy: ...}
    answer: {ja: ..., en: ..., easy: ...}
    ---
    ## ja
    details in Japanese
    ## en
    details in English
    ## easy
    details in やさしい日本語
    ## staff
    optional notes for operators

Nothing here touches the database: :func:`parse_dir` returns plain :class:`FaqEntry` values
and a list of :class:`ContentError` naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

LANGS = ("ja", "en", "easy")
BODY_SECTIONS = (*LANGS, "staff")
AUDIENCES = ("public", "staff")

# Topic code -> display name. Order is the order on the /faq/ page.
TOPICS: dict[str, dict[str, str]] = {
    "deadline_validity": {
        "ja": "有効期限と更新の時期",
        "en": "Validity and when to renew",
        "easy": "きげんと こうしんの じき",
    },
    "how_to_renew": {"ja": "更新のしかた", "en": "How to renew", "easy": "こうしんの しかた"},
    "online_application": {
        "ja": "オンライン・郵便での申請",
        "en": "Applying online or by post",
        "easy": "スマホや ゆうびんで もうしこむ",
    },
    "pickup": {
        "ja": "新しいカードの受取り",
        "en": "Picking up a new card",
        "easy": "あたらしい カードを うけとる",
    },
    "booking": {"ja": "予約", "en": "Booking", "easy": "よやく"},
    "what_to_bring": {"ja": "持ち物", "en": "What to bring", "easy": "もっていく もの"},
    "proxy": {
        "ja": "代理人・法定代理人",
        "en": "Proxies and legal representatives",
        "easy": "だいりの ひと",
    },
    "pin": {"ja": "暗証番号", "en": "PINs", "easy": "あんしょうばんごう"},
    "fees": {"ja": "手数料", "en": "Fees", "easy": "おかね"},
    "health_insurance": {
        "ja": "マイナ保険証",
        "en": "My Number health insurance card",
        "easy": "マイナほけんしょう",
    },
    "smartphone": {
        "ja": "スマホ用電子証明書",
        "en": "Certificates on smartphones",
        "easy": "スマホの でんししょうめいしょ",
    },
    "lost_card": {
        "ja": "紛失・再交付",
        "en": "Lost cards and replacements",
        "easy": "カードを なくした とき",
    },
    "moving": {"ja": "引っ越し", "en": "Moving house", "easy": "ひっこし"},
    "foreign_residents": {
        "ja": "外国人住民の方",
        "en": "Foreign residents",
        "easy": "がいこくじんの ひと",
    },
    "scams": {"ja": "詐欺に注意", "en": "Scams", "easy": "さぎに きを つけて"},
    "city": {
        "ja": "窓口・受付時間・電話",
        "en": "Offices, hours and phone lines",
        "easy": "まどぐち・じかん・でんわ",
    },
    "other": {"ja": "その他", "en": "Other", "easy": "そのほか"},
}

REQUIRED_KEYS = (
    "id",
    "topic",
    "tags",
    "synonyms",
    "audience",
    "sources",
    "verified_on",
    "question",
    "answer",
)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
SECTION_RE = re.compile(r"^##[ \t]+(\S+)[ \t]*$", re.MULTILINE)
PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-z_.]+)\s*\}\}")
PLACEHOLDERS = frozenset(
    {
        "city.name",
        "phone.reservation.number",
        "phone.reservation.hours",
        "phone.card_center.number",
        "phone.card_center.hours",
        "center.name",
        "center.address",
        "offices.list",
        "booking.days_ahead",
        "booking.release_time",
    }
)


@dataclass(frozen=True)
class ContentError:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class FaqEntry:
    id: str
    topic: str
    tags: list[str]
    synonyms: list[str]
    audience: str
    sources: list[str]
    verified_on: dt.date
    question: dict[str, str]
    answer: dict[str, str]
    body: dict[str, str] = field(default_factory=dict)  # ja/en/easy/staff -> Markdown
    # Ids of entries merged into this one: their old URLs redirect here.
    redirect_from: list[str] = field(default_factory=list)


# Copies of municipal pages (mirrors, caches, odd hosts): supporting evidence only (facts §9.13),
# never shown to citizens as a source.
MIRROR_HOST_SUFFIXES = (".group", ".asia", ".cache.yimg.jp", ".onamaeweb.jp")


def is_mirror_url(url: str) -> bool:
    host = (urlparse(url.strip()).hostname or "").lower()
    return any(host.endswith(suffix) for suffix in MIRROR_HOST_SUFFIXES)


def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(front matter YAML, Markdown body), or None when the file has no front matter."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :])
    return None


def split_body(body: str) -> tuple[dict[str, str], list[str]]:
    """Sections ``## ja`` … of the body, and the names of unknown sections."""
    sections: dict[str, str] = {}
    unknown: list[str] = []
    matches = list(SECTION_RE.finditer(body))
    for i, match in enumerate(matches):
        name = match.group(1).strip().lower()
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        text = body[match.end() : end].strip()
        if name in BODY_SECTIONS:
            sections[name] = (sections.get(name, "") + "\n\n" + text).strip()
        else:
            unknown.append(name)
    return sections, unknown


def _check_texts(value: object, name: str, file: str, errors: list[ContentError]) -> dict:
    if not isinstance(value, dict):
        errors.append(ContentError(file, name, "must be a mapping with ja, en and easy"))
        return {}
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            errors.append(ContentError(file, f"{name}.{lang}", "missing or empty"))
    return {lang: str(value.get(lang) or "").strip() for lang in LANGS}


def _check_str_list(value: object, name: str, file: str, errors: list[ContentError]) -> list:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        errors.append(ContentError(file, name, "must be a list of strings"))
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _check_placeholders(text: str, name: str, file: str, errors: list[ContentError]) -> None:
    for match in PLACEHOLDER_RE.finditer(text):
        if match.group(1) not in PLACEHOLDERS:
            errors.append(
                ContentError(file, name, f"unknown placeholder {{{{ {match.group(1)} }}}}")
            )
    if "{%" in text:
        errors.append(ContentError(file, name, "template tags ({% … %}) are not allowed"))


def parse_text(text: str, file_name: str) -> tuple[FaqEntry | None, list[ContentError]]:
    """Parse and validate one file's text; ``file_name`` is e.g. ``a-renew-when.md``."""
    errors: list[ContentError] = []
    parts = split_front_matter(text)
    if parts is None:
        return None, [ContentError(file_name, "front matter", "missing (--- … --- at the top)")]
    head, body = parts
    try:
        meta = yaml.safe_load(head)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        return None, [ContentError(file_name, "front matter", f"invalid YAML{where}")]
    if not isinstance(meta, dict):
        return None, [ContentError(file_name, "front matter", "must be a mapping")]

    for key in REQUIRED_KEYS:
        if key not in meta:
            errors.append(ContentError(file_name, key, "required"))
    stem = Path(file_name).stem
    entry_id = str(meta.get("id") or "")
    if "id" in meta and entry_id != stem:
        errors.append(ContentError(file_name, "id", f"must equal the file name ({stem!r})"))
    if entry_id and not ID_RE.match(entry_id):
        errors.append(ContentError(file_name, "id", "lower-case letters, digits and - only"))
    topic = meta.get("topic")
    if "topic" in meta and topic not in TOPICS:
        errors.append(
            ContentError(file_name, "topic", f"unknown topic {topic!r}; one of {', '.join(TOPICS)}")
        )
    audience = meta.get("audience")
    if "audience" in meta and audience not in AUDIENCES:
        errors.append(ContentError(file_name, "audience", "must be public or staff"))
    tags = _check_str_list(meta.get("tags"), "tags", file_name, errors)
    synonyms = _check_str_list(meta.get("synonyms"), "synonyms", file_name, errors)
    sources = _check_str_list(meta.get("sources"), "sources", file_name, errors)
    if "sources" in meta and not any(_is_url(s) for s in sources):
        errors.append(ContentError(file_name, "sources", "at least one http(s) URL is required"))
    if audience == "public" and sources and all(is_mirror_url(s) for s in sources):
        errors.append(
            ContentError(file_name, "sources", "a public entry needs a source that is not a mirror")
        )
    for i, source in enumerate(sources):
        if not _is_url(source):
            errors.append(ContentError(file_name, f"sources[{i}]", f"not a URL: {source!r}"))
    redirect_from = _check_str_list(meta.get("redirect_from"), "redirect_from", file_name, errors)
    for old_id in redirect_from:
        if not ID_RE.match(old_id) or old_id == entry_id:
            errors.append(
                ContentError(file_name, "redirect_from", f"not another entry id: {old_id!r}")
            )
    verified_on = meta.get("verified_on")
    if isinstance(verified_on, str):
        try:
            verified_on = dt.date.fromisoformat(verified_on)
        except ValueError:
            verified_on = None
    if "verified_on" in meta and not isinstance(verified_on, dt.date):
        errors.append(ContentError(file_name, "verified_on", "must be a date (YYYY-MM-DD)"))
    question = _check_texts(meta.get("question"), "question", file_name, errors)
    answer = _check_texts(meta.get("answer"), "answer", file_name, errors)

    sections, unknown = split_body(body)
    for name in unknown:
        errors.append(
            ContentError(file_name, f"## {name}", "unknown section (ja, en, easy, staff)")
        )
    for lang in LANGS:
        if not sections.get(lang, "").strip():
            errors.append(ContentError(file_name, f"## {lang}", "missing or empty section"))
    for name, texts in (("question", question), ("answer", answer)):
        for lang, value in texts.items():
            _check_placeholders(value, f"{name}.{lang}", file_name, errors)
    for name, value in sections.items():
        _check_placeholders(value, f"## {name}", file_name, errors)

    if errors:
        return None, errors
    entry = FaqEntry(
        id=entry_id,
        topic=str(topic),
        tags=tags,
        synonyms=synonyms,
        audience=str(audience),
        sources=sources,
        verified_on=verified_on,  # type: ignore[arg-type]
        question=question,
        answer=answer,
        body={name: sections.get(name, "") for name in BODY_SECTIONS},
        redirect_from=redirect_from,
    )
    return entry, []


def parse_file(path: Path) -> tuple[FaqEntry | None, list[ContentError]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [ContentError(path.name, "file", f"cannot read: {exc}")]
    return parse_text(text, path.name)


def entry_files(directory: Path) -> list[Path]:
    """The entry files of a directory: ``*.md`` except README-like files starting with ``_``."""
    return sorted(p for p in Path(directory).glob("*.md") if not p.name.startswith(("_", "README")))


def parse_dir(directory: Path) -> tuple[list[FaqEntry], list[ContentError]]:
    entries: list[FaqEntry] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for path in entry_files(directory):
        entry, file_errors = parse_file(path)
        errors.extend(file_errors)
        if entry is None:
            continue
        if entry.id in seen:
            errors.append(ContentError(path.name, "id", f"duplicate of {seen[entry.id]}"))
            continue
        seen[entry.id] = path.name
        entries.append(entry)
    errors.extend(redirect_errors(entries))
    return entries, errors


def redirect_errors(entries: list[FaqEntry]) -> list[ContentError]:
    """An old id may redirect to one entry only, and never shadow an entry that exists."""
    ids = {e.id for e in entries}
    claimed: dict[str, str] = {}
    errors = []
    for entry in entries:
        for old_id in entry.redirect_from:
            if old_id in ids:
                errors.append(
                    ContentError(f"{entry.id}.md", "redirect_from", f"{old_id!r} still exists")
                )
            elif old_id in claimed:
                errors.append(
                    ContentError(
                        f"{entry.id}.md", "redirect_from", f"{old_id!r} also in {claimed[old_id]}"
                    )
                )
            claimed[old_id] = entry.id
    return errors


def _yaml_scalar_dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def render_file(entry: FaqEntry) -> str:
    """The file text for an entry (the inverse of :func:`parse_text`)."""
    meta = {
        "id": entry.id,
        "topic": entry.topic,
        "tags": list(entry.tags),
        "synonyms": list(entry.synonyms),
        "audience": entry.audience,
        "sources": list(entry.sources),
        "verified_on": entry.verified_on,
        "question": {lang: entry.question.get(lang, "") for lang in LANGS},
        "answer": {lang: entry.answer.get(lang, "") for lang in LANGS},
    }
    if entry.redirect_from:
        meta["redirect_from"] = list(entry.redirect_from)
    parts = ["---\n", _yaml_scalar_dump(meta), "---\n"]
    for name in BODY_SECTIONS:
        text = (entry.body.get(name) or "").strip()
        if name == "staff" and not text:
            continue
        parts.append(f"## {name}\n\n{text}\n\n")
    return "".join(parts).rstrip("\n") + "\n"

"""Writes to the FAQ: loading content, admin saves, exports, votes and the poor-result log."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F

from madoguchi.core.jp import looks_like_my_number, looks_like_pin
from madoguchi.faq import render
from madoguchi.faq.content import (
    ContentError,
    FaqEntry,
    entry_files,
    parse_file,
    redirect_errors,
    render_file,
)
from madoguchi.faq.models import Entry, Feedback, IndexVersion, SearchLog
from madoguchi.faq.search import semantic
from madoguchi.faq.search.engine import vector_texts
from madoguchi.faq.search.text import normalize


class ContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_admin_edits: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    missing_from_files: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def bump_index_version() -> None:
    """Tell every process that its in-memory search index is stale."""
    updated = IndexVersion.objects.filter(key="faq").update(version=F("version") + 1)
    if not updated:
        try:
            with transaction.atomic():
                IndexVersion.objects.create(key="faq", version=1)
        except IntegrityError:
            IndexVersion.objects.filter(key="faq").update(version=F("version") + 1)


def compute_vectors(entries: list[Entry]) -> None:
    """Embed the entries' texts (city facts filled in, Japanese facts) in one batch."""
    facts = render.city_facts("ja")
    texts: list[str] = []
    counts: list[int] = []
    for entry in entries:
        question = {k: render.fill(v, facts) for k, v in entry.question.items()}
        answer = {k: render.plain(render.fill(v, facts)) for k, v in entry.answer.items()}
        batch = vector_texts(question, answer)
        texts.extend(batch)
        counts.append(len(batch))
    vectors = semantic.encode(texts)
    start = 0
    for entry, n in zip(entries, counts, strict=True):
        entry.vectors = semantic.to_bytes(vectors[start : start + n])
        entry.vector_model = semantic.MODEL_NAME
        start += n


def _apply(entry: Entry, data: FaqEntry) -> None:
    entry.topic = data.topic
    entry.tags = data.tags
    entry.synonyms = data.synonyms
    entry.audience = data.audience
    entry.sources = data.sources
    entry.verified_on = data.verified_on
    entry.question = data.question
    entry.answer = data.answer
    entry.body = data.body
    entry.redirect_from = data.redirect_from


def entry_to_content(entry: Entry) -> FaqEntry:
    return FaqEntry(
        id=entry.id,
        topic=entry.topic,
        tags=list(entry.tags),
        synonyms=list(entry.synonyms),
        audience=entry.audience,
        sources=list(entry.sources),
        verified_on=entry.verified_on,
        question=dict(entry.question),
        answer=dict(entry.answer),
        body=dict(entry.body),
        redirect_from=list(entry.redirect_from or []),
    )


def load_faq_dir(directory: Path, *, prune: bool = False) -> LoadReport:
    """Validate every file, then create/update entries; unchanged files and entries edited in
    the admin are left alone. With ``prune``, entries whose file is gone (and that were not
    edited in the admin) are deleted. Raises :class:`ContentInvalid` without writing anything
    when any file is invalid."""
    parsed: list[tuple[FaqEntry, str]] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for path in entry_files(directory):
        data, file_errors = parse_file(path)
        errors.extend(file_errors)
        if data is None:
            continue
        if data.id in seen:
            errors.append(ContentError(path.name, "id", f"duplicate of {seen[data.id]}"))
            continue
        seen[data.id] = path.name
        parsed.append((data, hashlib.sha256(path.read_bytes()).hexdigest()))
    errors.extend(redirect_errors([data for data, _ in parsed]))
    if errors:
        raise ContentInvalid(errors)

    report = LoadReport()
    existing = {e.id: e for e in Entry.objects.all()}
    to_save: list[Entry] = []
    for data, file_hash in parsed:
        entry = existing.get(data.id)
        if entry is None:
            entry = Entry(id=data.id)
            report.created.append(data.id)
        elif entry.edited_in_admin:
            report.kept_admin_edits.append(data.id)
            continue
        elif entry.file_hash == file_hash and entry.vector_model == semantic.MODEL_NAME:
            report.unchanged.append(data.id)
            continue
        else:
            report.updated.append(data.id)
        _apply(entry, data)
        entry.file_hash = file_hash
        to_save.append(entry)
    file_ids = {data.id for data, _ in parsed}
    gone = [e for e in existing.values() if e.id not in file_ids and not e.edited_in_admin]
    if prune:
        report.removed = sorted(e.id for e in gone)
    else:
        report.missing_from_files = sorted(e.id for e in gone)
    if to_save:
        compute_vectors(to_save)
    with transaction.atomic():
        for entry in to_save:
            entry.save()
        if report.removed:
            Entry.objects.filter(id__in=report.removed).delete()
        if report.changed:
            bump_index_version()
    return report


def save_entry_from_admin(entry: Entry) -> None:
    """An admin edit: keep it in the database (load_faq will not overwrite it) and reindex."""
    entry.edited_in_admin = True
    compute_vectors([entry])
    with transaction.atomic():
        entry.save()
        bump_index_version()


def delete_entry(entry: Entry) -> None:
    with transaction.atomic():
        entry.delete()
        bump_index_version()


def export_faq(
    directory: Path, *, only_edited: bool = False, mark_synced: bool = False
) -> list[Path]:
    """Write entries back to ``<directory>/<id>.md``. With ``mark_synced``, the written files
    become the source again (``edited_in_admin`` is cleared and the file hash recorded)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    entries = Entry.objects.all()
    if only_edited:
        entries = entries.filter(edited_in_admin=True)
    for entry in entries.order_by("id"):
        path = directory / f"{entry.id}.md"
        text = render_file(entry_to_content(entry))
        path.write_text(text, encoding="utf-8")
        written.append(path)
        if mark_synced:
            Entry.objects.filter(pk=entry.pk).update(
                edited_in_admin=False, file_hash=hashlib.sha256(text.encode()).hexdigest()
            )
    return written


def redirect_target(old_id: str) -> str | None:
    """The id of the entry an old (merged) entry id now points to, if any."""
    for entry_id, old_ids in Entry.objects.values_list("id", "redirect_from"):
        if old_id in (old_ids or []):
            return entry_id
    return None


def record_feedback(entry: Entry, *, helpful: bool, lang: str) -> Feedback:
    """One 役に立った / 役に立たなかった vote."""
    return Feedback.objects.create(entry=entry, helpful=helpful, lang=lang[:5])


_DIGITS = re.compile(r"\d{4,}")


def loggable_query(query: str) -> str | None:
    """The query as it may be stored, or None when it could hold personal data."""
    text = "".join(ch for ch in normalize(query) if ch.isprintable())[:200]
    if not text or looks_like_my_number(text) or looks_like_pin(text):
        return None
    return _DIGITS.sub(lambda m: "#" * len(m.group(0)), text)


def log_poor_query(query: str, lang: str, *, zero: bool, top_entry: str = "") -> None:
    """Count a query that found nothing (``zero``) or nothing good, for the content team."""
    text = loggable_query(query)
    if text is None:
        return
    kind = SearchLog.Kind.ZERO if zero else SearchLog.Kind.POOR
    updated = SearchLog.objects.filter(query=text, lang=lang).update(
        count=F("count") + 1, kind=kind, top_entry=top_entry
    )
    if not updated:
        try:
            with transaction.atomic():
                SearchLog.objects.create(query=text, lang=lang, kind=kind, top_entry=top_entry)
        except IntegrityError:
            SearchLog.objects.filter(query=text, lang=lang).update(count=F("count") + 1)

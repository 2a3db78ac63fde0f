"""FAQ entries (loaded from content/faq/*.md, editable in the admin), the search index stamp,
poor-result queries and answer votes."""

from __future__ import annotations

from django.db import models

from madoguchi.core.i18n import tr
from madoguchi.faq.content import AUDIENCES


class Entry(models.Model):
    id = models.SlugField("ID", max_length=80, primary_key=True)
    # Validated against content.TOPICS (no model choices: a new topic needs no migration).
    topic = models.CharField("トピック", max_length=40)
    tags = models.JSONField("タグ", default=list, blank=True)
    synonyms = models.JSONField("同義語", default=list, blank=True)
    audience = models.CharField(
        "公開範囲", max_length=10, choices=[(a, a) for a in AUDIENCES], default="public"
    )
    sources = models.JSONField("出典URL", default=list)
    verified_on = models.DateField("確認日")
    question = models.JSONField("質問")  # {"ja", "en", "easy"}
    answer = models.JSONField("短い回答")  # {"ja", "en", "easy"}
    body = models.JSONField("詳細", default=dict)  # {"ja", "en", "easy", "staff"} Markdown
    # Ids of entries merged into this one: /faq/<old id>/ redirects here.
    redirect_from = models.JSONField("旧ID（転送元）", default=list, blank=True)
    # Sentence vectors of the entry (float32, 512 per text; see search.engine.vector_texts).
    vectors = models.BinaryField(default=b"", editable=False)
    vector_model = models.CharField(max_length=40, blank=True, editable=False)
    # sha256 of the file as last loaded; unchanged files are skipped by load_faq.
    file_hash = models.CharField(max_length=64, blank=True, editable=False)
    edited_in_admin = models.BooleanField(
        "管理画面で編集済み",
        default=False,
        help_text="load_faq keeps this entry as it is in the database; export_faq writes it back.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "id"]
        verbose_name = "FAQ項目"
        verbose_name_plural = "FAQ項目"
        permissions = [("view_faq_reports", "Can view FAQ search and feedback reports")]

    def __str__(self) -> str:
        return f"{self.id}: {tr(self.question, 'ja')}"


class IndexVersion(models.Model):
    """One row per index; every content change bumps ``version`` so that every app server
    process rebuilds its in-memory search index on its next query."""

    key = models.CharField(max_length=20, primary_key=True, default="faq")
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "検索インデックス版"
        verbose_name_plural = "検索インデックス版"

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class SearchLog(models.Model):
    """A query that found nothing useful, counted (no personal data: see services.log_query)."""

    class Kind(models.TextChoices):
        ZERO = "zero", "結果なし"
        POOR = "poor", "良い結果なし"

    query = models.CharField(max_length=200)
    lang = models.CharField(max_length=5)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    count = models.PositiveIntegerField(default=1)
    top_entry = models.CharField(max_length=80, blank=True)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-count", "-last_seen"]
        constraints = [
            models.UniqueConstraint(fields=["query", "lang"], name="faq_searchlog_query_lang")
        ]
        verbose_name = "検索ログ（結果なし）"
        verbose_name_plural = "検索ログ（結果なし）"

    def __str__(self) -> str:
        return f"{self.query} ({self.count})"


class Feedback(models.Model):
    """A 役に立った / 役に立たなかった vote on one entry."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    lang = models.CharField(max_length=5)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "評価"
        verbose_name_plural = "評価"

    def __str__(self) -> str:
        return f"{self.entry_id} {'👍' if self.helpful else '👎'}"

"""Supervisors edit FAQ entries here; every save is kept in the database (load_faq will not
overwrite it), re-embedded and re-indexed. ``manage.py export_faq`` writes edits back to files."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from madoguchi.core.i18n import tr
from madoguchi.faq.content import LANGS, PLACEHOLDER_RE, PLACEHOLDERS, TOPICS, _is_url
from madoguchi.faq.models import Entry, Feedback, SearchLog
from madoguchi.faq.services import bump_index_version, delete_entry, save_entry_from_admin

LANG_LABELS = {"ja": "日本語", "en": "English", "easy": "やさしい日本語"}


def _lines(value: str) -> list[str]:
    return [
        v.strip() for v in value.replace("、", "\n").replace(",", "\n").splitlines() if v.strip()
    ]


class EntryForm(forms.ModelForm):
    """One text box per language instead of raw JSON."""

    tags_text = forms.CharField(
        label="タグ（1行に1つ）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    synonyms_text = forms.CharField(
        label="同義語（1行に1つ）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    sources_text = forms.CharField(
        label="出典URL（1行に1つ）", widget=forms.Textarea(attrs={"rows": 2})
    )

    topic = forms.ChoiceField(label="トピック", choices=[(k, v["ja"]) for k, v in TOPICS.items()])

    class Meta:
        model = Entry
        fields = ["id", "topic", "audience", "verified_on", "edited_in_admin"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        inst = self.instance
        for lang in LANGS:
            label = LANG_LABELS[lang]
            self.fields[f"question_{lang}"] = forms.CharField(
                label=f"質問（{label}）", initial=(inst.question or {}).get(lang, "")
            )
            self.fields[f"answer_{lang}"] = forms.CharField(
                label=f"短い回答（{label}）",
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=(inst.answer or {}).get(lang, ""),
            )
            self.fields[f"body_{lang}"] = forms.CharField(
                label=f"詳細 Markdown（{label}）",
                widget=forms.Textarea(attrs={"rows": 8}),
                initial=(inst.body or {}).get(lang, ""),
            )
        self.fields["body_staff"] = forms.CharField(
            label="職員向けメモ",
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
            initial=(inst.body or {}).get("staff", ""),
        )
        self.fields["tags_text"].initial = "\n".join(inst.tags or [])
        self.fields["synonyms_text"].initial = "\n".join(inst.synonyms or [])
        self.fields["sources_text"].initial = "\n".join(inst.sources or [])

    def clean_sources_text(self):
        urls = _lines(self.cleaned_data["sources_text"])
        if not urls or not all(_is_url(u) for u in urls):
            raise forms.ValidationError("http(s) のURLを1つ以上、1行に1つずつ入力してください。")
        return urls

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                for match in PLACEHOLDER_RE.finditer(value):
                    if match.group(1) not in PLACEHOLDERS:
                        self.add_error(name, f"使えない差し込み項目です: {match.group(0)}")
        return data

    def save(self, commit=True):
        entry = super().save(commit=False)
        data = self.cleaned_data
        entry.question = {lang: data[f"question_{lang}"].strip() for lang in LANGS}
        entry.answer = {lang: data[f"answer_{lang}"].strip() for lang in LANGS}
        entry.body = {lang: data[f"body_{lang}"].strip() for lang in (*LANGS, "staff")}
        entry.tags = _lines(data.get("tags_text", ""))
        entry.synonyms = _lines(data.get("synonyms_text", ""))
        entry.sources = data["sources_text"]
        if commit:
            save_entry_from_admin(entry)
        return entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    form = EntryForm
    list_display = ["id", "question_ja", "topic", "audience", "verified_on", "edited_in_admin"]
    list_filter = ["topic", "audience", "edited_in_admin"]
    search_fields = ["id"]
    readonly_fields = ["updated_at"]

    @admin.display(description="質問")
    def question_ja(self, obj: Entry) -> str:
        return tr(obj.question, "ja")

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "id"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        save_entry_from_admin(obj)

    def delete_model(self, request, obj):
        delete_entry(obj)

    def delete_queryset(self, request, queryset):
        queryset.delete()
        bump_index_version()


@admin.register(SearchLog)
class SearchLogAdmin(admin.ModelAdmin):
    list_display = ["query", "lang", "kind", "count", "top_entry", "last_seen"]
    list_filter = ["kind", "lang"]
    search_fields = ["query"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["entry", "helpful", "lang", "created_at"]
    list_filter = ["helpful", "lang"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

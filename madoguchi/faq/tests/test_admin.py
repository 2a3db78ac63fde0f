from __future__ import annotations

import pytest

from madoguchi.faq import index
from madoguchi.faq.models import Entry

pytestmark = pytest.mark.django_db


def form_data(entry: Entry, **changes) -> dict:
    data = {
        "topic": entry.topic,
        "audience": entry.audience,
        "verified_on": entry.verified_on.isoformat(),
        "tags_text": "\n".join(entry.tags),
        "synonyms_text": "\n".join(entry.synonyms),
        "sources_text": "\n".join(entry.sources),
    }
    for lang in ("ja", "en", "easy"):
        data[f"question_{lang}"] = entry.question[lang]
        data[f"answer_{lang}"] = entry.answer[lang]
        data[f"body_{lang}"] = entry.body[lang]
    data["body_staff"] = entry.body.get("staff", "")
    data.update(changes)
    return data


def test_a_supervisor_edit_is_kept_and_searchable(supervisor_client, faq_entries):
    entry = Entry.objects.get(pk="t-fees")
    url = f"/staff/admin/faq/entry/{entry.pk}/change/"
    assert supervisor_client.get(url).status_code == 200
    response = supervisor_client.post(
        url,
        form_data(entry, question_ja="更新の手数料とコンビニ交付の料金", synonyms_text="料金表"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.edited_in_admin
    assert entry.synonyms == ["料金表"]
    _, rows = index.search("料金表", "ja")
    assert rows[0].id == "t-fees"
    assert rows[0].question == "更新の手数料とコンビニ交付の料金"


def test_the_admin_rejects_an_unknown_placeholder(supervisor_client, faq_entries):
    entry = Entry.objects.get(pk="t-fees")
    response = supervisor_client.post(
        f"/staff/admin/faq/entry/{entry.pk}/change/",
        form_data(entry, answer_ja="{{ city.mayor }}"),
    )
    assert response.status_code == 200  # form shown again with the error
    assert Entry.objects.get(pk="t-fees").answer["ja"] == "電子証明書の更新は無料です。"

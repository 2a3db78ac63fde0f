"""Staff roles and the audit log of every look at personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditLog(models.Model):
    """Who did what to which record, when, and from where. Never holds the personal data itself."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        permissions = [
            ("view_personal_data", "事前入力などの個人情報を閲覧できる"),
            ("book_on_behalf", "電話・窓口で代理予約できる"),
            ("use_counter_desk", "窓口デスクを使える"),
            ("use_call_console", "オペレーター画面を使える"),
            ("edit_content", "FAQ・案内の内容を編集できる"),
            ("view_reports", "集計・分析を見られる"),
            ("manage_staff", "職員アカウントを管理できる"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}:{self.object_id}"

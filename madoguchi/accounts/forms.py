from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "ユーザー名またはパスワードが正しくありません。",
        "inactive": "このアカウントは使用できません。",
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label="確認コード（6桁）",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
        error_messages={
            "required": "認証アプリに表示されている6桁の確認コードを入力してください。",
            "min_length": "確認コードは6桁です。",
            "max_length": "確認コードは6桁です。",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("確認コードは数字6桁です。")
        return token

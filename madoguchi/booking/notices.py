"""Loading 交付通知書 (card-ready notice) numbers, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from django.db import transaction

from madoguchi.booking.models import CardNotice


class NoticeDataError(Exception):
    pass


def normalise_notice_number(value: str) -> str:
    return "".join(ch for ch in str(value) if ch.isdigit())


@transaction.atomic
def load_notices(path: Path | str) -> int:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rows = data.get("notices")
    if not isinstance(rows, list):
        raise NoticeDataError(f"{path}: expected a list under 'notices'")
    count = 0
    for i, row in enumerate(rows):
        number = normalise_notice_number(row.get("number", ""))
        birth = row.get("birth_date")
        if not 6 <= len(number) <= 10 or not isinstance(birth, date):
            raise NoticeDataError(f"{path}: notices[{i}]: need a number and a birth_date")
        CardNotice.objects.update_or_create(number=number, defaults={"birth_date": birth})
        count += 1
    return count

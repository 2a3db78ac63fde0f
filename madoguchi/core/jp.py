"""Japanese formats and personal-data guards: plain functions, no database.

- ``looks_like_my_number`` / ``reject_my_number``: never accept a 個人番号 (12 digits with a valid
  check digit, in any spacing or width) or a PIN-like value where it does not belong.
- kana names, phone numbers, postcodes: normalise and validate.
- 和暦: dates in the Japanese era format used on forms.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DIGITS_12 = re.compile(r"(?<!\d)(\d[\s\-‐－ー]?){11}\d(?!\d)")
_SEPARATORS = re.compile(r"[\s\-‐－ー―−]")
_INTL_PHONE = re.compile(r"\+81[\s\-‐－ー―−(]*\d[\d\s\-‐－ー―−()]{7,14}\d")


def nfkc(value: str) -> str:
    """Full-width digits/letters to half-width, half-width kana to full-width."""
    return unicodedata.normalize("NFKC", value)


def my_number_check_digit(first11: str) -> int:
    """The check digit of a 個人番号 (総務省令 第五条)."""
    total = 0
    for n, ch in enumerate(reversed(first11), start=1):
        q = n + 1 if n <= 6 else n - 5
        total += int(ch) * q
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def looks_like_my_number(value: str) -> bool:
    """True when the text holds a run of exactly 12 digits (spaces or hyphens allowed between
    them, any width) anywhere: it could be a 個人番号.

    The check digit is not required to match: a mistyped My Number is still a My Number, and no
    form here needs a 12-digit value (申請書ID has 23 digits, phone numbers 10–11).
    """
    # International phone numbers (+81 90 1234 5678) are phone numbers, not My Numbers.
    text = _INTL_PHONE.sub(" ", nfkc(value or ""))
    if re.fullmatch(r"\d{12}", _SEPARATORS.sub("", text)):
        return True
    return any(
        len(_SEPARATORS.sub("", match.group(0))) == 12 for match in _DIGITS_12.finditer(text)
    )


MY_NUMBER_MESSAGE = _(
    "個人番号（マイナンバー）のような12桁の数字は入力しないでください。"
    "この手続きでマイナンバーや暗証番号をお聞きすることはありません。"
)
PIN_MESSAGE = _(
    "暗証番号は入力しないでください。市の職員やこのサイトが暗証番号をお聞きすることはありません。"
)


def reject_my_number(value: str) -> str:
    """Raise a polite ValidationError when ``value`` looks like a 個人番号; return it otherwise."""
    if value and looks_like_my_number(value):
        raise ValidationError(MY_NUMBER_MESSAGE, code="my_number")
    return value


_PIN_WORDS = re.compile(r"(暗証|あんしょう|PIN|ＰＩＮ|パスワード)", re.IGNORECASE)


def looks_like_pin(value: str) -> bool:
    """True when free text mentions a PIN next to a 4-digit or 6–16 character secret."""
    text = nfkc(value or "")
    if not _PIN_WORDS.search(text):
        return False
    return bool(re.search(r"(?<!\d)\d{4}(?!\d)|[A-Z0-9]{6,16}", text))


def reject_pin(value: str) -> str:
    if value and looks_like_pin(value):
        raise ValidationError(PIN_MESSAGE, code="pin")
    return value


def reject_personal_secrets(value: str) -> str:
    """Both guards, for every free-text field."""
    return reject_pin(reject_my_number(value))


# --- kana names -------------------------------------------------------------------------------

_KATAKANA_NAME = re.compile(r"[ァ-ヴー・\u3000 ]+")


def hira_to_kata(value: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in value)


def normalise_kana_name(value: str) -> str:
    """Full-width katakana with single full-width spaces: 'やまだ  たろう' → 'ヤマダ　タロウ'."""
    text = hira_to_kata(nfkc(value or "").strip())
    text = re.sub(r"[ \u3000]+", "\u3000", text)
    return text


def validate_kana_name(value: str) -> str:
    text = normalise_kana_name(value)
    if not text or not _KATAKANA_NAME.fullmatch(text) or len(text) > 60:
        raise ValidationError(
            _("お名前はカタカナ（またはひらがな）で入力してください。例：ヤマダ　タロウ"),
            code="kana",
        )
    return text


# --- phone numbers and postcodes --------------------------------------------------------------


def normalise_phone(value: str) -> str:
    return _SEPARATORS.sub("", nfkc(value or "")).replace("(", "").replace(")", "")


def validate_phone(value: str) -> str:
    """Japanese phone numbers: 10 digits (landline) or 11 (mobile 070/080/090, 050 IP, 0120…)."""
    digits = normalise_phone(value)
    if digits.startswith("+81"):
        digits = "0" + digits[3:]
    if re.match(r"0[5789]0", digits):
        ok = re.fullmatch(r"0[5789]0\d{8}", digits)  # mobile and IP phones: 11 digits
    else:
        ok = re.fullmatch(r"0\d{9}", digits)  # landlines and 0120: 10 digits
    if not ok:
        raise ValidationError(
            _("電話番号は数字10桁または11桁で入力してください。例：090-1234-5678"),
            code="phone",
        )
    return digits


def format_phone(digits: str) -> str:
    """Readable form with hyphens for the common shapes."""
    if re.fullmatch(r"0[5789]0\d{8}", digits):
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if digits.startswith("0120") and len(digits) == 10:
        return f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


def validate_postcode(value: str) -> str:
    digits = _SEPARATORS.sub("", nfkc(value or "").replace("〒", ""))
    if not re.fullmatch(r"\d{7}", digits):
        raise ValidationError(
            _("郵便番号は7桁の数字で入力してください。例：220-0011"), code="postcode"
        )
    return f"{digits[:3]}-{digits[3:]}"


# --- 和暦 --------------------------------------------------------------------------------------

_ERAS = [
    (date(2019, 5, 1), "令和", "R"),
    (date(1989, 1, 8), "平成", "H"),
    (date(1926, 12, 25), "昭和", "S"),
    (date(1912, 7, 30), "大正", "T"),
    (date(1868, 10, 23), "明治", "M"),
]


def wareki(d: date, *, weekday: bool = False) -> str:
    """'令和8年12月3日' (元年 for the first year); falls back to the Western year before 明治."""
    for start, name, _abbr in _ERAS:
        if d >= start:
            year = d.year - start.year + 1
            y = "元" if year == 1 else str(year)
            text = f"{name}{y}年{d.month}月{d.day}日"
            break
    else:
        text = f"{d.year}年{d.month}月{d.day}日"
    if weekday:
        text += f"（{'月火水木金土日'[d.weekday()]}）"
    return text


def ja_date(d: date, *, weekday: bool = True) -> str:
    """'2026年12月3日（木）'."""
    text = f"{d.year}年{d.month}月{d.day}日"
    if weekday:
        text += f"（{'月火水木金土日'[d.weekday()]}）"
    return text

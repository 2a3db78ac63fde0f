from datetime import date

import pytest
from django.core.exceptions import ValidationError

from madoguchi.core import jp


def _valid_my_number(first11: str) -> str:
    return first11 + str(jp.my_number_check_digit(first11))


@pytest.mark.parametrize(
    "text",
    [
        "123456789012",
        "1234 5678 9012",
        "１２３４－５６７８－９０１２",
        f"番号は{_valid_my_number('98765432101')}です",
        "マイナンバーは123456789012です",  # wrong check digit: still refused
        "番号 1234 5678 9012 忘れた",
    ],
)
def test_my_number_like_input_is_detected(text):
    assert jp.looks_like_my_number(text)
    with pytest.raises(ValidationError) as info:
        jp.reject_my_number(text)
    assert info.value.code == "my_number"


@pytest.mark.parametrize(
    "text",
    [
        "090-1234-5678",
        "220-0011",
        "2026年12月3日",
        "ヤマダ",
        "",
        "12345678901234567890123",  # a 23-digit 申請書ID is not a My Number
        "03-1234-5678 と 090-1234-5678",
        "+81 90 1234 5678",  # a mobile number in international format
        "+81-45-000-1111",
    ],
)
def test_ordinary_input_is_not_taken_for_a_my_number(text):
    assert not jp.looks_like_my_number(text)
    assert jp.reject_my_number(text) == text


def test_a_pin_mentioned_in_free_text_is_refused():
    with pytest.raises(ValidationError):
        jp.reject_personal_secrets("暗証番号は1234です")
    assert jp.reject_personal_secrets("12月3日に行きます") == "12月3日に行きます"


def test_kana_names_are_normalised_to_katakana():
    assert jp.validate_kana_name("やまだ  たろう") == "ヤマダ\u3000タロウ"
    assert jp.validate_kana_name("ﾔﾏﾀﾞ ﾀﾛｳ") == "ヤマダ\u3000タロウ"
    with pytest.raises(ValidationError):
        jp.validate_kana_name("山田太郎")


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("090-1234-5678", "09012345678"),
        ("０４５（０００）１１１１", "0450001111"),
        ("+81 90 1234 5678", "09012345678"),
    ],
)
def test_japanese_phone_numbers_are_accepted(raw, digits):
    assert jp.validate_phone(raw) == digits


@pytest.mark.parametrize("raw", ["12345", "090-1234-567", "abc", "1234567890"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        jp.validate_phone(raw)


def test_postcodes_take_any_width_and_hyphen():
    assert jp.validate_postcode("〒２２０００１１") == "220-0011"
    with pytest.raises(ValidationError):
        jp.validate_postcode("22-0011")


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2026, 12, 3), "令和8年12月3日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
    ],
)
def test_wareki(d, text):
    assert jp.wareki(d) == text

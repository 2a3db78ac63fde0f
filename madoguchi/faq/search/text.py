"""Text normalisation shared by indexing and querying."""

from __future__ import annotations

import re
import unicodedata

_HIRA_START, _HIRA_END = ord("ぁ"), ord("ゖ")
_SPACES = re.compile(r"\s+")
_KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb\s]+$")
_HAS_HIRAGANA = re.compile(r"[\u3041-\u3096]")


def normalize(text: str) -> str:
    """NFKC (full/half width), lower case, one space between words, trimmed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("〜", "~").replace("～", "~")
    return _SPACES.sub(" ", text).strip().lower()


def to_katakana(text: str) -> str:
    """Fold hiragana to katakana so that かな and カナ spellings compare equal."""
    return "".join(chr(ord(c) + 0x60) if _HIRA_START <= ord(c) <= _HIRA_END else c for c in text)


def to_hiragana(text: str) -> str:
    """Katakana to hiragana (ー and other marks kept): for readings shown on the easy pages."""
    return "".join(
        chr(ord(c) - 0x60) if _HIRA_START + 0x60 <= ord(c) <= _HIRA_END + 0x60 else c for c in text
    )


def fold(text: str) -> str:
    """Normalise then fold kana: the form used for substring and n-gram comparison."""
    return to_katakana(normalize(text))


def is_kana_only(text: str) -> bool:
    return bool(text.strip()) and bool(_KANA.match(text))


def has_hiragana(text: str) -> bool:
    return bool(_HAS_HIRAGANA.search(text))


def is_ascii_word(text: str) -> bool:
    return text.isascii() and any(c.isalpha() for c in text)

"""Turning text into index terms with SudachiPy.

Every content word yields up to four kinds of term:

- ``w:<normalised form>`` from the long units (mode C, e.g. 電子証明書) and the short units
  (mode A, e.g. 電子, 証明, 書), so a query for either matches;
- ``r:<reading>`` (katakana) of the same words, so that ひらがな queries find kanji;
- ``e:<stem>`` for English words (a light suffix stemmer).

The Sudachi dictionary is loaded once per process, lazily; tokenisers are per thread.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from madoguchi.faq.search.text import fold, has_hiragana, normalize, to_katakana

_SKIP_POS = {"助詞", "助動詞", "補助記号", "空白", "記号", "感動詞", "接続詞"}
_STOP_WORDS = {
    "為る", "する", "有る", "ある", "居る", "いる", "成る", "なる", "れる", "られる", "ます",
    "です", "事", "こと", "物", "もの", "様", "よう", "為", "ため", "の", "ん", "さん",
    "てる", "ちゃう", "しまう", "仕舞う", "下さる", "くださる", "頂く", "いただく", "良い",
    "いい", "よい", "思う", "どう", "何", "なに", "ござる", "御座る", "此れ", "これ", "其れ",
    "それ", "あれ", "ね", "よ", "か", "~", "-",
}  # fmt: skip
_EN_STOP = {
    "a", "an", "the", "i", "my", "me", "is", "are", "am", "be", "to", "of", "for", "in", "on",
    "at", "it", "do", "does", "did", "can", "could", "what", "how", "when", "where", "which",
    "who", "and", "or", "with", "by", "if", "you", "your", "we", "our", "this", "that", "there",
    "have", "has", "need", "should", "will", "would", "about", "from", "get", "any", "s",
}  # fmt: skip
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_local = threading.local()
_dict_lock = threading.Lock()
_dictionary = None


def _tokenizers():
    """(mode C tokenizer, mode A tokenizer) for this thread; the dictionary is shared."""
    global _dictionary
    tok = getattr(_local, "tokenizers", None)
    if tok is None:
        from sudachipy import Dictionary, SplitMode

        with _dict_lock:
            if _dictionary is None:
                _dictionary = Dictionary(dict="core")
        tok = (
            _dictionary.tokenizer(mode=SplitMode.C),
            _dictionary.tokenizer(mode=SplitMode.A),
        )
        _local.tokenizers = tok
    return tok


def en_stem(word: str) -> str:
    """A deliberately small English stemmer: renewal/renewing/renewed/renews -> renew."""
    w = word.lower().removesuffix("'s")
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed", "al", "ation"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


@dataclass(frozen=True)
class Token:
    surface: str  # as written, normalised (NFKC + lower case)
    norm: str  # Sudachi normalized_form, kana-folded
    reading: str  # katakana reading ("" for ASCII words)
    content: bool  # a content word (not a particle, symbol, stop word)
    noun: bool = False  # a common or proper noun (not a suffix, pronoun or number)


def _to_tokens(morphemes) -> list[Token]:
    out: list[Token] = []
    for m in morphemes:
        surface = m.surface()
        if not surface.strip():
            continue
        pos_tags = m.part_of_speech()
        pos = pos_tags[0]
        norm_form = m.normalized_form()
        content = pos not in _SKIP_POS and norm_form not in _STOP_WORDS
        if surface.isascii():
            out.append(Token(surface, surface, "", content and surface not in _EN_STOP))
            continue
        if len(surface) == 1 and "\u3041" <= surface <= "\u3096":
            content = False  # a stray single hiragana is noise
        noun = pos == "名詞" and pos_tags[1] in ("普通名詞", "固有名詞")
        out.append(Token(surface, to_katakana(norm_form), m.reading_form(), content, noun))
    return out


@lru_cache(maxsize=4096)
def tokens(text: str, mode: str = "C") -> tuple[Token, ...]:
    """Sudachi tokens of normalised ``text`` in mode C (long units) or A (short units)."""
    text = normalize(text)
    if not text:
        return ()
    tok_c, tok_a = _tokenizers()
    tokenizer = tok_c if mode == "C" else tok_a
    # Sudachi refuses inputs over ~49 KB; FAQ texts are far below, cut defensively.
    return tuple(_to_tokens(tokenizer.tokenize(text[:15000])))


def _ascii_terms(text: str) -> list[str]:
    return [
        "e:" + en_stem(w)
        for w in _ASCII_WORD.findall(text)
        if w not in _EN_STOP and (len(w) > 1 or w.isdigit())
    ]


def terms(text: str, *, readings: bool = True) -> list[str]:
    """Index terms of ``text``, with repetitions (term frequency matters)."""
    out: list[str] = []
    for t in tokens(text, "C"):
        if not t.content or t.surface.isascii():
            continue
        out.append("w:" + t.norm)
        if readings and len(t.reading) >= 2:
            out.append("r:" + t.reading)
    for t in tokens(text, "A"):
        if not t.content or t.surface.isascii():
            continue
        out.append("w:" + t.norm)
        if readings and len(t.reading) >= 2:
            out.append("r:" + t.reading)
    out.extend(_ascii_terms(normalize(text)))
    return out


def query_terms(text: str) -> set[str]:
    """Distinct terms of a query; ひらがな runs are also read as katakana for reading matches."""
    found = set(terms(text))
    if has_hiragana(normalize(text)):
        for t in terms(to_katakana(normalize(text))):
            if t.startswith("r:"):
                found.add(t)
    return found


def content_words(text: str) -> list[str]:
    """Long-unit content words as written (normalised), for "did you mean"."""
    return [t.surface for t in tokens(text, "C") if t.content]


def reading_string(text: str) -> str:
    """The whole text as katakana reading (ASCII kept), for n-gram comparison."""
    parts = []
    for t in tokens(text, "C"):
        if not t.content:
            continue
        parts.append(t.surface if t.surface.isascii() else (t.reading or fold(t.surface)))
    return " ".join(parts)

"""The synonym table (``content/faq/synonyms.yaml``) and query expansion.

The table maps the word the FAQ uses to the words people type::

    暗証番号: [パスワード, PIN, あんしょうばんごう]
    紛失: [なくした, 落とした]

A query containing a variant (compared after NFKC and kana folding, so ﾊﾟｽﾜｰﾄﾞ and ぱすわーど
count) is expanded with the canonical word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from madoguchi.faq.search.text import fold


class SynonymTableError(ValueError):
    pass


@dataclass(frozen=True)
class SynonymTable:
    # (folded variant, canonical) pairs, longest variant first.
    pairs: tuple[tuple[str, str], ...] = ()
    canonicals: tuple[str, ...] = field(default=())

    @classmethod
    def from_mapping(cls, data: dict) -> SynonymTable:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise SynonymTableError("the synonym table must be a mapping: canonical -> [variants]")
        pairs: dict[str, str] = {}
        for canonical, variants in data.items():
            if not isinstance(canonical, str) or not canonical.strip():
                raise SynonymTableError(f"bad canonical word: {canonical!r}")
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                raise SynonymTableError(f"{canonical}: variants must be a list of strings")
            for variant in variants:
                key = fold(variant)
                if key and key != fold(canonical):
                    pairs.setdefault(key, canonical)
        ordered = tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))
        return cls(pairs=ordered, canonicals=tuple(data))

    @classmethod
    def from_file(cls, path: Path) -> SynonymTable:
        if not Path(path).exists():
            return cls()
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise SynonymTableError(f"{path}: invalid YAML: {exc}") from exc
        return cls.from_mapping(data)

    def variants_in(self, query: str) -> list[str]:
        """The table's variants (folded) that occur in ``query``."""
        text = fold(query)
        return [variant for variant, _canonical in self.pairs if variant in text]

    def expand(self, query: str) -> list[str]:
        """Canonical words whose variants occur in ``query`` (in table order, no repeats).

        A canonical word written in the query hides the variants inside it: 「申請書ID」 is not
        the 「ID」 of 本人確認書類."""
        text = fold(query)
        for canonical in sorted(self.canonicals, key=len, reverse=True):
            key = fold(canonical)
            if len(key) >= 3 and key in text:
                text = text.replace(key, "\x00" * len(key))
        found: list[str] = []
        for variant, canonical in self.pairs:
            if variant.isascii():
                if not re.search(rf"(?<![a-z0-9]){re.escape(variant)}(?![a-z0-9])", text):
                    continue
            elif variant not in text:
                continue
            if canonical not in found and fold(canonical) not in fold(query):
                found.append(canonical)
        return found


@dataclass(frozen=True)
class OutOfScopeTable:
    """Questions the FAQ does not answer although their words occur in it (``パスポートの更新``:
    the FAQ speaks of passports only as ID). Version-controlled in
    ``content/faq/out-of-scope.yaml`` as a list of word groups; a query containing every word
    of one group (after NFKC and kana folding) is out of scope."""

    groups: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_data(cls, data: object) -> OutOfScopeTable:
        if data is None:
            return cls()
        if not isinstance(data, list):
            raise SynonymTableError("the out-of-scope table must be a list of word lists")
        groups = []
        for item in data:
            words = [item] if isinstance(item, str) else item
            if (
                not isinstance(words, list)
                or not words
                or not all(isinstance(w, str) for w in words)
            ):
                raise SynonymTableError(f"bad out-of-scope entry: {item!r}")
            groups.append(tuple(fold(w) for w in words if fold(w)))
        return cls(tuple(g for g in groups if g))

    @classmethod
    def from_file(cls, path: Path) -> OutOfScopeTable:
        if not Path(path).exists():
            return cls()
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise SynonymTableError(f"{path}: invalid YAML: {exc}") from exc
        return cls.from_data(data)

    def matches(self, query: str) -> bool:
        text = fold(query)
        return any(all(word in text for word in group) for group in self.groups)

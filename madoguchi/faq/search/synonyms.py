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

    def expand(self, query: str) -> list[str]:
        """Canonical words whose variants occur in ``query`` (in table order, no repeats)."""
        text = fold(query)
        found: list[str] = []
        for variant, canonical in self.pairs:
            if variant.isascii():
                if not re.search(rf"(?<![a-z0-9]){re.escape(variant)}(?![a-z0-9])", text):
                    continue
            elif variant not in text:
                continue
            if canonical not in found and fold(canonical) not in text:
                found.append(canonical)
        return found

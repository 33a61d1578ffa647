"""The programme vocabulary: segmenter dictionary and query synonyms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.text import normalize

DEFAULT_LEXICON = Path(__file__).parent / "data" / "lexicon.yaml"


@dataclass(frozen=True)
class Lexicon:
    words: tuple[str, ...]
    synonyms: dict[str, str]

    @classmethod
    def load(cls, path: Path = DEFAULT_LEXICON) -> Lexicon:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        words = tuple(normalize(str(w)) for w in data.get("dictionary", []))
        synonyms = {normalize(str(k)): normalize(str(v)) for k, v in (data.get("synonyms") or {}).items()}
        return cls(words=words, synonyms=synonyms)

    def expand(self, normalized_query: str) -> str:
        """Append the programme terms for any colloquial, English or misspelt word in the query."""
        extra = [target for variant, target in self.synonyms.items() if variant in normalized_query]
        return normalized_query if not extra else normalized_query + " " + " ".join(extra)

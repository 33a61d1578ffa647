"""The programme vocabulary: segmenter dictionary and query synonyms."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.text import normalize

DEFAULT_LEXICON = Path(__file__).parent / "data" / "lexicon.yaml"


@dataclass(frozen=True)
class Lexicon:
    words: tuple[str, ...]
    synonyms: dict[str, str]

    @property
    def signature(self) -> str:
        """Changes whenever the vocabulary does (a saved index built with another one is stale)."""
        h = hashlib.sha256("\n".join(self.words).encode())
        h.update(json.dumps(self.synonyms, ensure_ascii=False, sort_keys=True).encode())
        return h.hexdigest()[:12]

    @classmethod
    def load(cls, path: Path = DEFAULT_LEXICON) -> Lexicon:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        words = tuple(normalize(str(w)) for w in data.get("dictionary", []))
        synonyms = {normalize(str(k)): normalize(str(v)) for k, v in (data.get("synonyms") or {}).items()}
        return cls(words=words, synonyms=synonyms)

    def additions(self, normalized_query: str) -> list[str]:
        """The programme terms for any colloquial, English or misspelt word in the query."""
        return [target for variant, target in self.synonyms.items() if variant in normalized_query]

    def expand(self, normalized_query: str) -> str:
        """The query with its `additions` appended."""
        extra = self.additions(normalized_query)
        return normalized_query if not extra else normalized_query + " " + " ".join(extra)

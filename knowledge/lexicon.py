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
    subjects: tuple[tuple[str, ...], ...] = ()
    """Stages of the programme and schemes, each as the words that name it: a passage that names
    none of a subject's words is not about the subject the question names (bot/answer/gaps.py)."""

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
        subjects = tuple(tuple(normalize(str(w)) for w in group) for group in data.get("subjects") or ())
        return cls(words=words, synonyms=synonyms, subjects=subjects)

    def subjects_named(self, normalized_query: str) -> list[tuple[str, ...]]:
        """The subjects the query names in so many words."""
        return [group for group in self.subjects if any(w in normalized_query for w in group)]

    def additions(self, normalized_query: str) -> list[str]:
        """The programme terms for any colloquial, English or misspelt word in the query."""
        return [target for variant, target in self.synonyms.items() if variant in normalized_query]

    def expand(self, normalized_query: str) -> str:
        """The query with its `additions` appended."""
        extra = self.additions(normalized_query)
        return normalized_query if not extra else normalized_query + " " + " ".join(extra)

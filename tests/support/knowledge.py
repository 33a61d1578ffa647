"""Knowledge over a private store, built the way the service builds it (without api/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from knowledge.assembly import KnowledgeResources, build_knowledge

KnowledgeFactory = Callable[[], KnowledgeResources]


def knowledge_at(models_dir: Path, data_dir: Path, *, chroma_url: str | None = None) -> KnowledgeResources:
    """Knowledge with the default model over an embedded Chroma in `data_dir` (or a Chroma server)."""
    return build_knowledge(embedding_model="use-multilingual", models_dir=models_dir, cache_dir=data_dir,
                           chroma_url=chroma_url, chroma_path=data_dir / "chroma", refresh_seconds=0.0)

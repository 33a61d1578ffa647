"""A fresh knowledge store in a temporary directory, so a benchmark never touches the service's index."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from knowledge.assembly import KnowledgeResources, build_knowledge


def configured_model() -> tuple[str, Path]:
    """EMBEDDING_MODEL and the models directory, read the way the service reads them (environment,
    .env): the model fetched by `tcloud setup`, not a copy per run."""
    from api.settings import Settings

    settings = Settings()
    return settings.embedding_model, settings.resolved_models_dir


@contextmanager
def temporary_knowledge(*, embedding_model: str, models_dir: Path) -> Iterator[KnowledgeResources]:
    """An empty store (embedded Chroma) removed afterwards; the caller ingests into it."""
    with tempfile.TemporaryDirectory() as tmp:
        yield build_knowledge(embedding_model=embedding_model, models_dir=models_dir, cache_dir=Path(tmp),
                              chroma_path=Path(tmp) / "chroma", refresh_seconds=0.0)


def serve_like_the_service(knowledge: KnowledgeResources) -> None:
    """After ingesting: as in the service, no version check of the collection on every query."""
    knowledge.store.refresh_interval = 2.0

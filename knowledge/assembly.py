"""Assembling the knowledge store and its searcher from plain values (no settings object).

The service, the command line, the benchmarks and the tests all build knowledge through this one
function; each reads its own configuration and passes the values in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.embeddings import load_embeddings
from knowledge.lexicon import Lexicon
from knowledge.search import HybridSearcher
from knowledge.store import KnowledgeStore
from knowledge.tokenize import Tokenizer
from knowledge.vectorstore import chroma_client


@dataclass(frozen=True)
class KnowledgeResources:
    store: KnowledgeStore
    searcher: HybridSearcher


def build_knowledge(*, embedding_model: str, models_dir: Path, cache_dir: Path, chroma_url: str | None = None,
                    chroma_path: Path | None = None, refresh_seconds: float = 2.0) -> KnowledgeResources:
    """The store over a Chroma server at `chroma_url`, or over an embedded Chroma at `chroma_path`
    (created if missing); `cache_dir` keeps the saved lexical index."""
    model = load_embeddings(embedding_model, models_dir)
    reopen: Callable[[], Any] | None = None
    if chroma_url:
        client = chroma_client(url=chroma_url)
    elif chroma_path is not None:
        chroma_path.mkdir(parents=True, exist_ok=True)
        client = chroma_client(path=str(chroma_path))
        path = str(chroma_path)
        reopen = lambda: chroma_client(path=path, fresh=True)  # noqa: E731  (other processes write here too)
    else:
        raise ValueError("build_knowledge needs chroma_url or chroma_path")
    store = KnowledgeStore(client=client, model=model, tokenizer=Tokenizer(Lexicon.load()),
                           cache_dir=cache_dir, refresh_interval=refresh_seconds, reopen=reopen,
                           shared_dir=chroma_path if reopen else None)
    return KnowledgeResources(store=store, searcher=HybridSearcher(store))

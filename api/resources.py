"""Builds the expensive shared objects once: embedding model, Chroma client, store, searcher."""

from __future__ import annotations

from dataclasses import dataclass

from api.settings import Settings
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


def build_knowledge(settings: Settings) -> KnowledgeResources:
    model = load_embeddings(settings.embedding_model, settings.resolved_models_dir)
    if settings.chroma_url:
        client = chroma_client(url=settings.chroma_url)
    else:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        client = chroma_client(path=str(settings.chroma_path))
    store = KnowledgeStore(client=client, model=model, tokenizer=Tokenizer(Lexicon.load()),
                           cache_dir=settings.data_dir, refresh_interval=settings.knowledge_refresh_seconds)
    return KnowledgeResources(store=store, searcher=HybridSearcher(store))

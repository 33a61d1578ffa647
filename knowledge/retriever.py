"""The hybrid searcher as a langchain-core retriever."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from knowledge.search import HybridSearcher
from knowledge.types import Passage, SearchFilters


def passage_document(passage: Passage) -> Document:
    chunk = passage.chunk
    return Document(
        id=chunk.chunk_id,
        page_content=chunk.text,
        metadata={
            "chunk_id": chunk.chunk_id, "title": chunk.title, "source": chunk.source,
            "section": chunk.section, "heading_path": chunk.heading_path, "kind": chunk.kind,
            "audience": chunk.audience, "hall": chunk.hall, "year": chunk.year, "answer": chunk.answer,
            "score": passage.score, "rank": passage.rank,
        },
    )


class KnowledgeRetriever(BaseRetriever):
    """`invoke(question)` returns the top passages as Documents, best first."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    k: int = 5
    filters: SearchFilters | None = None
    min_score: float = 0.0

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                **kwargs: Any) -> list[Document]:
        passages = self.searcher.search(query, k=self.k, filters=self.filters)
        return [passage_document(p) for p in passages if p.score >= self.min_score]

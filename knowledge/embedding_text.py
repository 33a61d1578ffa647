"""What the dense side embeds for a chunk (one place, versioned: a change re-embeds on the next ingest).

An FAQ entry is found by what users ask *and* by what it says: its vector blends the embedding
of its question with that of its answer, so a heading-style entry (「遴選作業?」) is still found
by a question about its substance. A guide passage is embedded with its heading.
"""

from __future__ import annotations

import numpy as np

from knowledge.types import Chunk

# Bump knowledge.types.EMBEDDING_RECIPE when the texts or the blend below change.
ANSWER_WEIGHT = 0.5
"""Share of the answer's direction in an FAQ entry's vector (the rest is the question's)."""


def texts_to_embed(chunk: Chunk) -> list[str]:
    """The texts whose embeddings make the chunk's vector (blended by `blend`)."""
    if chunk.kind == "faq":
        return [chunk.title, chunk.answer or chunk.text]
    heading = chunk.heading_path.split(" > ")[-1] if chunk.heading_path else ""
    return [f"{heading}：{chunk.text}" if heading else chunk.text]


def blend(vectors: list[np.ndarray]) -> np.ndarray:
    """One unit vector from a chunk's text embeddings (question first, then answer)."""
    if len(vectors) == 1:
        out = vectors[0]
    else:
        out = (1 - ANSWER_WEIGHT) * vectors[0] + ANSWER_WEIGHT * vectors[1]
    norm = float(np.linalg.norm(out))
    return out / norm if norm > 0 else out

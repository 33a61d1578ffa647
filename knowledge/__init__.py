"""The shipped knowledge base and the retrieval library over it."""

from pathlib import Path

CONTENT_DIR = Path(__file__).parent / "content"
"""Where the shipped knowledge base (FAQ YAML and guide pages) lives."""

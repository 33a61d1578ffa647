"""The ingest report as stored with a job or a document and shown to staff."""

from __future__ import annotations

from typing import Any

from ingest.pipeline import IngestReport


def report_dict(report: IngestReport) -> dict[str, Any]:
    return {"added": report.added, "updated": report.updated, "removed": report.removed,
            "unchanged": report.unchanged, "chunks": report.chunks, "seconds": round(report.seconds, 2),
            "errors": [{"file": p.file, "line": p.line, "reason": p.reason} for p in report.problems]}


def failure(reason: str) -> dict[str, Any]:
    """The report of a job that could not run (the index is unchanged)."""
    return {"added": 0, "updated": 0, "removed": 0, "unchanged": 0, "chunks": 0, "seconds": 0.0,
            "errors": [{"file": "", "line": None, "reason": reason}]}

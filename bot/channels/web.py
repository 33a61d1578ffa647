"""Neutral reply -> the web chat JSON (the stable `POST /api/chat` contract in README.md).

`answer`, `sources[title, source, snippet, score]`, `confidence`, `actions[type, label, ...]`
and `handoff` are the contract; `intent`, `form` and each source's `year`/`hall` are extra keys
a client may use and others ignore.
"""

from __future__ import annotations

from typing import Any

from bot.sources import source_url
from bot.types import Reply


def render_web(reply: Reply) -> dict[str, Any]:
    form = reply.form
    return {
        "answer": reply.text,
        "sources": [{"title": s.title, "source": s.source, "snippet": s.snippet, "score": s.score,
                     "year": s.year or None, "hall": s.hall or None, "url": source_url(s.chunk_id) or None}
                    for s in reply.sources],
        "confidence": round(reply.confidence, 3),
        "actions": [a.to_dict() for a in reply.actions],
        "handoff": reply.handoff.to_dict() if reply.handoff else None,
        "intent": reply.intent,
        "rateable": reply.rateable,
        "form": None if form is None else {
            "flow": form.flow, "step": form.step, "index": form.index, "total": form.total,
            "prompt": form.prompt, "error": form.error or None, "confirming": form.confirming,
            "values": form.values,
        },
    }

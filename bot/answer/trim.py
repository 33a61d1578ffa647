"""Cut a passage to what a phone screen holds, at a sentence boundary."""

from __future__ import annotations

import re

_SENTENCE_END = "。！？；!?;\n"
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def plain(text: str) -> str:
    """Markdown to chat text: headings lose their '#', table rows become 「a：b；c」 lines."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _TABLE_RULE.match(line):
            continue
        line = line.lstrip("#").strip()
        if line.startswith("|") and line.endswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            line = f"{cells[0]}：{'；'.join(cells[1:])}" if len(cells) > 1 else cells[0]
        lines.append(line)
    return "\n".join(lines)


def trim(text: str, limit: int) -> str:
    """At most `limit` characters, ending at the last sentence end that fits (or with '…')."""
    text = plain(text)
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(ch) for ch in _SENTENCE_END)
    if cut >= limit // 3:
        return head[: cut + 1].rstrip() + ("…" if head[cut] == "\n" else "")
    return head[: limit - 1].rstrip() + "…"

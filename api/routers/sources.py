"""Sources a person can open: the whole FAQ entry or guide section a reply cited, with its year,
館, source document and section (linked from the web chat and from LINE)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import ResourcesDep
from bot.sources import SOURCE_PAGE, source_title, year_label

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))


@router.get(SOURCE_PAGE + "{chunk_id:path}", response_class=HTMLResponse)
def source_page(chunk_id: str, request: Request, resources: ResourcesDep) -> HTMLResponse:
    chunks = resources.knowledge.store.snapshot().chunks
    chunk = next((c for c in chunks if c.chunk_id == chunk_id), None)
    if chunk is None:
        return HTMLResponse('<!doctype html><html lang="zh-Hant-TW"><meta charset="utf-8"><title>找不到資料</title>'
                            '<p>找不到這份資料，可能已更新或下架。</p><p><a href="/">回到雲市集助理</a></p></html>',
                            status_code=404)
    if chunk.kind == "faq":
        parts = [chunk.answer or chunk.text]
    else:  # the whole section the passage belongs to, in the order it was stored
        parts = [c.text for c in chunks if c.doc_id == chunk.doc_id and c.heading_path == chunk.heading_path]
    return templates.TemplateResponse(request, "source.html", {
        "chunk": chunk, "parts": parts, "year": year_label(chunk.year, "zh"),
        "document": source_title(chunk.source, "zh"), "file": chunk.source})

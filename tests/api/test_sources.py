"""Each cited source opens a page with the whole entry, its year, 館 and source document."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient


def test_a_cited_source_opens_the_whole_entry(client: TestClient) -> None:
    body = client.post("/api/chat", json={"session_id": f"src-{uuid.uuid4().hex[:8]}",
                                          "message": "110年工業館最多補助幾點？"}).json()
    source = body["sources"][0]
    assert source["url"].startswith("/sources/")
    page = client.get(source["url"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert source["title"] in page.text
    assert "110年度" in page.text and "20萬" in page.text
    assert source["source"] in page.text


def test_a_source_that_is_gone_is_a_page_not_an_error_body(client: TestClient) -> None:
    page = client.get("/sources/faq:no-such-entry")
    assert page.status_code == 404 and "找不到這份資料" in page.text

"""Small real files of every supported format, made by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest


def write_pdf(path: Path, lines: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    c = canvas.Canvas(str(path))
    c.setTitle("測試PDF")
    c.setFont("MSung-Light", 12)
    y = 760
    for line in lines:
        c.drawString(72, y, line)
        y -= 20
    c.showPage()
    c.save()


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "請款說明"
    document.add_heading("請款流程", level=1)
    document.add_paragraph("資服業者完成服務後，檢附發票與驗收文件申請請款。")
    document.add_heading("應備文件", level=2)
    document.add_paragraph("發票、驗收紀錄、系統流量紀錄、合約。")
    document.save(str(path))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "faq").mkdir(parents=True)
    (root / "faq" / "halls.yaml").write_text(
        "- id: t-commercial-cap\n"
        "  question: 商業館補助上限多少？\n"
        "  answer: 商業館以零售、餐飲為主，補助上限3萬點，自籌比例1:1。\n"
        "  audience: sme\n  hall: 商業館\n  year: 110\n  source: seed.txt\n  section: 二、館別\n"
        "- id: t-industrial-cap\n"
        "  question: 工業館補助上限多少？\n"
        "  answer: 工業館以中小製造業為主，補助上限20萬點。\n"
        "  audience: sme\n  hall: 工業館\n  year: 110\n  source: seed.txt\n",
        encoding="utf-8",
    )
    (root / "faq" / "vendor.csv").write_text(
        "id,question,answer,audience,year\n"
        "t-vendor-listing,資服業者怎麼上架？,須先通過遴選才能上架方案。,vendor,111\n",
        encoding="utf-8",
    )
    (root / "faq" / "misc.jsonl").write_text(
        '{"id": "t-contact", "question": "要找誰問？", "answer": "請洽專案辦公室。", "audience": "general"}\n',
        encoding="utf-8",
    )
    (root / "guide.md").write_text(
        "---\ntitle: 農業館指南\naudience: sme\nhall: 農業館\nyear: 110\nsource: seed.txt\n---\n"
        "## 對象\n\n農業館以農漁業個體戶、農民團體與農企業為主。\n\n## 上限\n\n補助上限3萬點，自籌比例1:1。\n",
        encoding="utf-8",
    )
    (root / "notes.txt").write_text("# 中小館\n\n小微企業以員工數9人以下為主。\n", encoding="utf-8")
    (root / "page.html").write_text(
        "<html><head><title>資安說明</title><script>var x=1;</script></head><body>"
        "<h1>資安規劃</h1><p>應啟用資料加密並定期備份。</p><ul><li>存取控制</li></ul></body></html>",
        encoding="utf-8",
    )
    write_pdf(root / "brief.pdf", ["主題式研發補助", "補助上限為計畫總經費百分之五十"])
    write_docx(root / "claim.docx")
    return root

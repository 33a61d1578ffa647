"""The funded-companies registry: CSV import by staff with a per-row report; entries block an
application when a rule excludes that programme, and are flagged for staff otherwise."""

from __future__ import annotations

from typing import Any

from api.applications import messages as msg
from bot.ubn import check_ubn
from tests.api.applications.conftest import PointsApp, application, new_ubn


def upload(points_app: PointsApp, staff: dict[str, str], text: str | bytes, **params: Any) -> Any:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return points_app.client.post("/api/admin/funded-companies/import", content=data, params=params,
                                  headers={**staff, "Content-Type": "text/csv"})


def test_import_reports_each_bad_row_and_keeps_the_good_ones(points_app: PointsApp, staff: dict[str, str]) -> None:
    a, b, c = new_ubn(), new_ubn(), new_ubn()
    csv = (f"統一編號,計畫名稱,年度,備註\n{a},攻頂計畫,110,\n{b},中小企業數位共好計畫,2021,西元年\n"
           f"12345678,攻頂計畫,110,\n{c},,110,\n{c},某縣市數位補助,去年,\n{a},攻頂計畫,110,重複\n"
           f"{c},某縣市數位補助,112,\n")
    preview = upload(points_app, staff, csv, dry_run="true")
    assert preview.status_code == 200 and preview.json()["added"] == 3 and preview.json()["dry_run"]
    assert points_app.client.get("/api/admin/funded-companies", params={"ubn": a}, headers=staff).json() == []

    report = upload(points_app, staff, csv).json()
    assert (report["rows"], report["added"], report["duplicates"]) == (7, 3, 1)
    assert report["errors"] == [
        {"line": 4, "ubn": "12345678", "problems": [msg.ubn_invalid("12345678", check_ubn("12345678").reason_zh)]},
        {"line": 5, "ubn": c, "problems": [msg.PROGRAMME_BLANK]},
        {"line": 6, "ubn": c, "problems": [msg.year_unreadable("去年")]},
    ]
    assert report["warnings"] == [{"line": 8, "ubn": c, "problems": [msg.unknown_programme("某縣市數位補助")]}]
    rows = points_app.client.get("/api/admin/funded-companies", params={"ubn": b}, headers=staff).json()
    assert [(r["programme"], r["year"], r["imported_by"], r["source"]) for r in rows] == [
        ("中小企業數位共好計畫", 110, "admin", "csv")]
    again = upload(points_app, staff, csv).json()
    assert (again["added"], again["duplicates"]) == (0, 4), "re-importing the same file adds nothing"


def test_excel_big5_files_and_english_headers(points_app: PointsApp, staff: dict[str, str]) -> None:
    ubn = new_ubn()
    big5 = f"統一編號,計畫名稱,年度\r\n{ubn},雲世代農業數位轉型業界參與計畫,111\r\n".encode("cp950")
    assert upload(points_app, staff, big5).json()["added"] == 1
    english = upload(points_app, staff, f"ubn,programme,year\n{new_ubn()},C2M計畫,110\n").json()
    assert english["added"] == 1 and english["warnings"] == []


def test_files_that_cannot_be_imported(points_app: PointsApp, staff: dict[str, str]) -> None:
    no_header = upload(points_app, staff, "公司,計畫\n04595257,攻頂計畫\n")
    assert no_header.status_code == 400
    assert no_header.json()["error"]["code"] == "invalid_input"
    assert no_header.json()["error"]["message"] == msg.header_missing([("統一編號", "ubn"), ("年度", "year")])[0]
    empty = upload(points_app, staff, "統一編號,計畫名稱,年度\n")
    assert empty.status_code == 400 and empty.json()["error"]["message"] == msg.NO_DATA_ROWS[0]
    binary = upload(points_app, staff, b"\xff\xfe\x00\x81\x00\xff")
    assert binary.status_code == 400 and binary.json()["error"]["message"] == msg.UNREADABLE_ENCODING[0]
    assert points_app.client.post("/api/admin/funded-companies/import", content=b"x").status_code == 401
    utf16 = upload(points_app, staff, "ubn,programme,year\n04595257,x,109\n".encode("utf-16-le"))  # reads as UTF-8
    assert utf16.status_code == 400 and utf16.json()["error"]["message"] == msg.NUL_IN_FILE[0]
    nul = upload(points_app, staff, "統一編號,計畫名稱,年度,備註\n04595257,攻頂計畫,109,a\x00b\n")
    assert nul.status_code == 400 and nul.json()["error"]["message"] == msg.NUL_IN_FILE[0]


def test_the_import_keeps_its_own_size_limit(points_app: PointsApp, staff: dict[str, str]) -> None:
    """Larger than MAX_BODY_BYTES is fine for a CSV (up to 5 MB); larger than that is refused unread."""
    rows = "".join(f"{new_ubn()},攻頂計畫,109,{'備' * 100}\n" for _ in range(8000))  # 2.5 MB
    over_default = upload(points_app, staff, "統一編號,計畫名稱,年度,備註\n" + rows, dry_run="true")
    assert len(rows.encode()) > 1_000_000 and over_default.status_code == 200, over_default.text
    assert over_default.json()["rows"] == 8000
    long_cell = upload(points_app, staff, "統一編號,計畫名稱,年度\n04595257,攻頂計畫,109\n" + "x" * 200_000)
    assert long_cell.status_code == 400 and long_cell.json()["error"]["message"] == msg.unreadable_line(3)[0]
    too_big = upload(points_app, staff, "統一編號,計畫名稱,年度\n" + "x" * 5_000_001)
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "body_too_large"
    assert "5 MB" in too_big.json()["error"]["message"]


def test_an_excluded_programme_blocks_and_another_is_flagged(points_app: PointsApp, staff: dict[str, str]) -> None:
    blocked, flagged = new_ubn(), new_ubn()
    upload(points_app, staff, f"統一編號,計畫名稱,年度\n{blocked},攻頂計畫,109\n{flagged},某縣市數位補助,109\n")
    refused = points_app.client.post("/api/applications", json=application(blocked))
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == (
        "不符合110年度工業館的申請條件：不符合：未曾獲雲世代產業數位轉型相關計畫補助（登錄曾獲「攻頂計畫」（109年）補助）")
    # the 商業館 has no such exclusion: the same company may apply there
    retail = points_app.client.post("/api/applications", json=application(blocked, industry="retail", hall="商業館"))
    assert retail.status_code == 201

    accepted = points_app.client.post("/api/applications", json=application(flagged))
    assert accepted.status_code == 201
    detail = points_app.client.get(f"/api/admin/applications/{accepted.json()['reference']}", headers=staff).json()
    assert detail["flags"] == ["登錄曾獲「某縣市數位補助」補助（109年），將由專人確認是否重複補助"]


def test_the_registry_shows_in_the_eligibility_check(points_app: PointsApp, staff: dict[str, str]) -> None:
    ubn = new_ubn()
    upload(points_app, staff, f"統一編號,計畫名稱,年度\n{ubn},臺灣雲市集,110\n")
    result = points_app.client.post("/api/points/eligibility", json={"ubn": ubn, "industry": "retail"}).json()
    commercial = next(h for h in result["halls"] if h["hall"] == "商業館")
    assert "不符合：同一年度未曾在雲市集任一館領過點數（登錄曾獲「臺灣雲市集」（110年）補助）" in \
        [c["text"] for c in commercial["clauses"]]

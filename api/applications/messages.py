"""What the applications feature tells people (zh-TW): status notices and record summaries."""

from __future__ import annotations

from api.applications.rules.transitions import label
from api.applications.tables import APPROVED, REJECTED, PointsApplication
from bot.points.amounts import format_amount


def summary(app: PointsApplication) -> str:
    """「110年度工業館，核給30萬點」: the year, the 館 and what was decided."""
    text = f"{app.year}年度{app.hall}"
    if app.status == APPROVED and app.points_granted:
        text += f"，核給{format_amount(app.points_granted)}點"
    if app.status == REJECTED and app.reason:
        text += f"，原因：{app.reason}"
    return text


def status_changed(app: PointsApplication) -> str:
    return f"您的數位點數申請 {app.reference} 狀態更新：{label(app.status)}（{summary(app)}）。"


def resubmitted(app: PointsApplication, previous: str) -> str:
    return (f"您的數位點數申請已重新送出（原編號 {previous}），新編號 {app.reference}："
            f"{label(app.status)}（{summary(app)}）。")

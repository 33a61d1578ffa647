"""What readiness and /metrics say to people (zh-TW, English)."""

from __future__ import annotations

Pair = tuple[str, str]

READY: Pair = ("服務正常，可以接受請求。", "Ready.")
NOT_READY: dict[str, Pair] = {
    "database": ("資料庫無法連線或尚未更新到最新版本，暫時無法提供服務。",
                 "The database is unreachable or not at the newest schema."),
    "index": ("知識庫索引正在更新，稍後即可提供服務。", "The knowledge index is being rebuilt."),
    "model": ("語意模型尚未載入，暫時無法提供服務。", "The embedding model is not loaded."),
}
METRICS_TOKEN_NEEDED: Pair = ("需要監控權杖（METRICS_TOKEN）才能讀取 /metrics。",
                              "A valid METRICS_TOKEN bearer token is required for /metrics.")
METRICS_CLOSED: Pair = ("正式環境未設定 METRICS_TOKEN，/metrics 不開放。",
                        "/metrics is closed in production until METRICS_TOKEN is set.")

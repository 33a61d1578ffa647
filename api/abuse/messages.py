"""What people are told when a limit refuses them (zh-TW, English), always with when to try again.

Conventions (the same as every feature's catalogue): a text said in either language is a `Pair`,
(zh-TW, English); templates are functions of their variable parts.
"""

from __future__ import annotations

import math

Pair = tuple[str, str]
"""(zh-TW, English)."""


def wait_words(seconds: float) -> Pair:
    """「30 秒」「5 分鐘」「2 小時」 / "30 seconds", rounded up (nobody is told to come back too early)."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} 秒", f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{minutes} 分鐘", f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} 小時", f"{hours} hour{'s' if hours != 1 else ''}"


def too_many_requests(seconds: float) -> Pair:
    zh, en = wait_words(seconds)
    return (f"操作太頻繁了，請在 {zh}後再試。",
            f"Too many requests. Please try again in {en}.")


def locked_out(seconds: float) -> Pair:
    zh, en = wait_words(seconds)
    return (f"嘗試錯誤次數過多，已暫時鎖定，請在 {zh}後再試。",
            f"Too many failed attempts; locked for now. Please try again in {en}.")


def slow_down_line(seconds: float) -> Pair:
    """The one notice a LINE user sending too fast gets (then silence until the window passes)."""
    zh, en = wait_words(seconds)
    return (f"您傳訊息的速度有點快，我來不及一一回覆 🙏 請稍候約 {zh}再傳，我會繼續為您服務。",
            f"You are sending messages faster than I can answer 🙏 Please wait about {en} and send it again.")

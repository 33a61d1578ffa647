"""統一編號 (Taiwan business ID) checksum, Ministry of Finance rule.

Each of the 8 digits is multiplied by 1,2,1,2,1,2,4,1; the digits of each product are added
(28 -> 2+8 = 10) and the results summed. The number is valid when the sum is divisible by 10
(the rule before April 2023) or by 5 (the rule since, which doubled the number space). When the
7th digit is 7 its product 28 may count as 10 or as 1 (1+0), so the sum plus one also counts.
Numbers valid under the old rule are valid under the new one too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)
_SEPARATORS = re.compile(r"[\s\-－—]")

Rule = Literal["old_and_new", "new_only"]


@dataclass(frozen=True)
class UbnCheck:
    value: str
    """The number as 8 digits (separators removed), or the text as typed when it is not 8 digits."""
    valid: bool
    rule: Rule | None = None
    """Which rule it passes: 'old_and_new' (divisible by 10) or 'new_only' (by 5, not by 10)."""
    problem: Literal["", "format", "checksum"] = ""

    @property
    def reason_zh(self) -> str:
        if self.problem == "format":
            return "統一編號是8位數字，請再輸入一次。"
        if self.problem == "checksum":
            return "這個統一編號的檢查碼不正確，請確認後再輸入。"
        return "統一編號符合新制與舊制檢查規則。" if self.rule == "old_and_new" else "統一編號符合112年新制檢查規則。"

    @property
    def reason_en(self) -> str:
        if self.problem == "format":
            return "A tax ID (統一編號) is 8 digits."
        if self.problem == "checksum":
            return "That tax ID fails its checksum; please check it."
        return "Valid under both the old and the new rule." if self.rule == "old_and_new" else \
            "Valid under the new (2023) rule only."


def checksum_total(digits: str) -> int:
    """The sum of the digit sums of the weighted digits (8 digits expected)."""
    return sum(p // 10 + p % 10 for p in (int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)))


def _passes(total: int, seventh_is_7: bool, divisor: int) -> bool:
    return total % divisor == 0 or (seventh_is_7 and (total + 1) % divisor == 0)


def check_ubn(raw: str) -> UbnCheck:
    """Check a 統一編號 as a user typed it (full-width digits, spaces and dashes are tolerated)."""
    value = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw).strip())
    if not re.fullmatch(r"[0-9]{8}", value):
        return UbnCheck(raw.strip(), False, problem="format")
    total, seventh_is_7 = checksum_total(value), value[6] == "7"
    if _passes(total, seventh_is_7, 10):
        return UbnCheck(value, True, "old_and_new")
    if _passes(total, seventh_is_7, 5):
        return UbnCheck(value, True, "new_only")
    return UbnCheck(value, False, problem="checksum")

"""What the contact feature tells people who leave their details for staff.

Conventions (the same in every feature's catalogue): a text said in either language is a `Pair`,
(zh-TW, English), a constant for fixed text or a function of the variable parts returning the pair;
it is unpacked where (zh, en) is taken (`CommitResult(reference, *msg.RECEIVED)`), and
`CommitError`, whose English is keyword-only, takes `zh, message_en=en`.
"""

from __future__ import annotations

Pair = tuple[str, str]
"""(zh-TW, English)."""

RECEIVED: Pair = ("專人會在兩個工作天內與您聯絡。", "Staff will contact you within two working days.")
SAVE_FAILED: Pair = ("系統暫時無法儲存，請稍後再試。", "Could not save; please try again.")

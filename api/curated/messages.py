"""What the curated-answers feature tells staff (zh-TW, en). Convention as in the other catalogues:
a (zh, en) pair, unpacked into the domain error."""

from __future__ import annotations

Pair = tuple[str, str]

NOT_FOUND: Pair = ("找不到這則人工答覆。", "No such curated answer.")
BLANK: Pair = ("問題與答覆都不能空白。", "The question and the answer must not be blank.")
BAD_HALL: Pair = ("館別只能是工業館、商業館、中小館或農業館。", "The hall must be one of the four halls.")
BAD_AUDIENCE: Pair = ("對象只能是 sme、vendor、expert 或 general。", "Audience: sme, vendor, expert or general.")

FIELD_LABELS = {"question": "問題", "answer": "答覆", "year": "年度", "hall": "館別", "audience": "對象",
                "source": "依據", "retired": "含已停用", "curated_id": "人工答覆編號"}
"""How zh-TW validation messages name the request fields (`Feature.field_labels`)."""

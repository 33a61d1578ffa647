"""What the knowledge-management feature tells staff (zh-TW, en), as (zh, en) pairs."""

from __future__ import annotations

Pair = tuple[str, str]

NOT_FOUND: Pair = ("找不到這份文件。", "No such document.")
JOB_NOT_FOUND: Pair = ("找不到這個匯入工作。", "No such ingest job.")
NO_FILE: Pair = ("請選擇要上傳的檔案。", "Choose a file to upload.")
EMPTY_FILE: Pair = ("檔案是空的。", "The file is empty.")
BAD_NAME: Pair = ("檔名不可用，請改名後再上傳。", "The file name cannot be used; rename the file and upload again.")
BAD_TYPE: Pair = ("不支援這種檔案。可上傳 md、txt、html、pdf、docx，或 FAQ 的 yaml、csv、jsonl。",
                  "Unsupported file type. Upload md, txt, html, pdf or docx, or an FAQ yaml, csv or jsonl.")
BAD_HALL: Pair = ("館別只能是工業館、商業館、中小館或農業館。", "The hall must be one of the four halls.")
BAD_AUDIENCE: Pair = ("對象只能是 sme、vendor、expert 或 general。", "Audience: sme, vendor, expert or general.")
BAD_YEAR: Pair = ("年度請填民國年（例如 115）或西元年。", "The year: an ROC year (e.g. 115) or a Gregorian one.")
RETIRED: Pair = ("這份文件已停用；請上傳新文件。", "The document is retired; upload a new one.")
ALREADY_RETIRED: Pair = ("這份文件已經停用。", "The document is already retired.")
BLANK_QUESTION: Pair = ("請輸入問題。", "Type a question.")

FIELD_LABELS = {"file": "檔案", "audience": "對象", "hall": "館別", "year": "年度", "source": "依據文件",
                "document_id": "文件編號", "job_id": "工作編號", "question": "問題", "retired": "含已停用"}
"""How zh-TW validation messages name the request fields (`Feature.field_labels`)."""

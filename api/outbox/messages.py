"""What the outbox feature says to people: how zh-TW validation messages name its request fields
(the e-mails themselves are worded by the features whose change they report)."""

from __future__ import annotations

FIELD_LABELS = {"channel": "管道"}

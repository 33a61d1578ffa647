"""An application's answers checked field by field with the chat flow's own validators, so the
API and the chat accept and refuse exactly the same input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.applications import messages as msg
from api.errors import InvalidInput
from bot.flows.spec import Invalid
from bot.points.application_flow import AGREE
from bot.points.fields import FIELD_LABELS, application_validators
from bot.points.model import RuleBook


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return AGREE if value else ""
    return "" if value is None else str(value)


def validate_values(rules: RuleBook, values: Mapping[str, Any]) -> dict[str, str]:
    """Normalised answers (flow value names), or InvalidInput naming every field that is wrong."""
    clean: dict[str, str] = {}
    problems: list[tuple[str, str, str]] = []
    for name, check in application_validators(rules).items():
        raw = _as_text(values.get(name)).strip()
        if not raw:
            problems.append((name, *msg.REQUIRED))
            continue
        result = check(raw)
        if isinstance(result, Invalid):
            problems.append((name, result.zh, result.en or result.zh))
        else:
            clean[name] = result.value
    if _as_text(values.get("consent")) not in (AGREE, "同意"):
        problems.append(("consent", *msg.CONSENT_REQUIRED))
    else:
        clean["consent"] = AGREE
    if problems:
        raise InvalidInput(*msg.fix_answers([(FIELD_LABELS[f], (zh, en)) for f, zh, en in problems]),
                           [{"field": f, "problem": zh, "problem_en": en} for f, zh, en in problems])
    return clean

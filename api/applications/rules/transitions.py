"""An application's lifecycle as a state machine, and how each status reads to people.

submitted → under_review → approved (points granted) / rejected (reason); submitted or
under_review → withdrawn (by the applicant); a withdrawn application is resubmitted as a new one.
Pure: no database, no FastAPI.
"""

from __future__ import annotations

from api.applications.tables import APPROVED, REJECTED, SUBMITTED, UNDER_REVIEW, WITHDRAWN

STATUS_LABELS = {SUBMITTED: ("已送出，待審核", "submitted, awaiting review"), UNDER_REVIEW: ("審核中", "under review"),
                 APPROVED: ("已核准", "approved"), REJECTED: ("未通過", "not approved"),
                 WITHDRAWN: ("已撤回", "withdrawn")}
TRANSITIONS = {SUBMITTED: {UNDER_REVIEW, REJECTED, WITHDRAWN}, UNDER_REVIEW: {APPROVED, REJECTED, WITHDRAWN},
               APPROVED: set(), REJECTED: set(), WITHDRAWN: set()}


def label(status: str, lang: str = "zh") -> str:
    zh, en = STATUS_LABELS.get(status, (status, status))
    return en if lang == "en" else zh


def may_move(frm: str, to: str) -> bool:
    return to in TRANSITIONS.get(frm, set())

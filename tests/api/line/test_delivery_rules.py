"""The delivery rules (api/line/rules/delivery.py), without I/O: what to do given what an earlier
attempt may have sent, and what a refused reply token means."""

from __future__ import annotations

import pytest

from api.line.rules.delivery import PUSH, REPLY, TOKEN_GUARANTEED_SECONDS, after_invalid_token, first_step

YOUNG, OLD, ANCIENT = 5.0, TOKEN_GUARANTEED_SECONDS + 5, 3600.0


@pytest.mark.parametrize(("previous", "has_token", "age", "expected"), [
    ("", True, YOUNG, REPLY),  # nothing sent yet: reply while the token is young
    ("", True, ANCIENT, PUSH),  # ... past the reply window, push (with the event's retry key)
    ("", False, YOUNG, PUSH),  # no token (e.g. a postback replayed by staff without one)
    (PUSH, True, YOUNG, PUSH),  # a push may have been accepted: the same key again, never a reply
    (PUSH, False, ANCIENT, PUSH),
    (REPLY, True, YOUNG, REPLY),  # a reply may have been accepted: the single-use token decides
    (REPLY, True, ANCIENT, REPLY),  # ... even late: a 200 still means it was not accepted before
    (REPLY, False, YOUNG, "uncertain"),
])
def test_the_first_step(previous: str, has_token: bool, age: float, expected: str) -> None:
    assert first_step(previous=previous, has_token=has_token, age_seconds=age, reply_seconds=60.0) == expected


@pytest.mark.parametrize(("previous", "age", "expected"), [
    ("", YOUNG, PUSH),  # we never used it: it expired (or LINE lost it), nobody has the answer
    ("", ANCIENT, PUSH),
    (REPLY, YOUNG, "delivered"),  # it cannot have expired, so our earlier reply used it
    (REPLY, TOKEN_GUARANTEED_SECONDS, "delivered"),
    (REPLY, OLD, "uncertain"),  # used or expired: LINE cannot tell us which
])
def test_a_refused_reply_token(previous: str, age: float, expected: str) -> None:
    assert after_invalid_token(previous=previous, age_seconds=age) == expected

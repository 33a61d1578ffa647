"""How to deliver a stored reply so that LINE shows it once, whatever happened to earlier attempts.

Pure rules (no I/O). Before any call that may reach LINE the event records which call it starts
(`delivery`: reply or push, committed), so a worker that picks the event up after a crash, a
timeout or a lost lease knows what may already have been delivered:

- A push always carries the event's X-Line-Retry-Key: LINE accepts one push per key (for 24 h) and
  answers 409 to the rest, so pushing again is safe whatever happened before.
- A reply carries no retry key, but its token is single-use: replying again is always safe. 200
  means the earlier attempt was not accepted (the user gets the answer now, once). "Invalid reply
  token" means it was used, or it expired; LINE guarantees an unused token for a minute after the
  webhook, so while the token is younger than that the earlier reply was accepted (the user
  already has it).
- An older token refused as invalid may have expired unused or been used by a reply cut off
  mid-call; LINE has no API that tells which, and neither resending (the user may get it twice)
  nor dropping (the user may get nothing) is safe: the event ends `uncertain`, a dead letter staff
  see and can replay.

So a crash never answers twice. It loses nothing while the event is taken over within
`TOKEN_GUARANTEED_SECONDS` of the message (claims are short leases, renewed while their worker
lives); past that, only an event whose reply was cut off mid-call can lose its answer, and that one
is handed to staff, never guessed.
"""

from __future__ import annotations

from typing import Final, Literal

REPLY: Final = "reply"
PUSH: Final = "push"
"""Values of `LineEvent.delivery` ('' before any call that may reach LINE)."""

TOKEN_GUARANTEED_SECONDS = 50.0
"""LINE accepts an unused reply token for one minute after the webhook; the age is measured from
the event's timestamp (LINE's clock), less 10 s for clock skew and the time LINE takes to judge
the request. A younger token refused as invalid was used."""

Step = Literal["reply", "push", "uncertain"]
AfterInvalidToken = Literal["delivered", "push", "uncertain"]


def first_step(*, previous: str, has_token: bool, age_seconds: float, reply_seconds: float) -> Step:
    """How to deliver now, given the call an earlier attempt started (`previous`: '', reply, push)
    and the age of the event; `reply_seconds` is how long the service replies before it pushes."""
    if previous == PUSH:
        return PUSH  # the same retry key: a push LINE accepted before is refused with 409
    if previous == REPLY:
        return REPLY if has_token else "uncertain"  # the single-use token decides (after_invalid_token)
    return REPLY if has_token and age_seconds <= reply_seconds else PUSH


def after_invalid_token(*, previous: str, age_seconds: float) -> AfterInvalidToken:
    """A reply refused for its token: used by an earlier attempt of ours (delivered), expired (push
    instead: nobody has the answer), or, when both are possible, uncertain."""
    if previous != REPLY:
        return PUSH  # no earlier reply of ours can have used it: it expired
    return "delivered" if age_seconds <= TOKEN_GUARANTEED_SECONDS else "uncertain"

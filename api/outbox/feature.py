"""The outbox as a feature: its background sender (the table and the writing side are used by
every feature that tells people something)."""

from __future__ import annotations

from api.contract import Feature
from api.outbox import tables  # noqa: F401  (registers the table)
from api.outbox.jobs import run_forever

FEATURE = Feature(name="outbox", background=run_forever)

"""The LINE channel as one `Feature`: the webhook and staff routes, the processing loop, and the
push notifier every other feature's outbox sends through (when LINE is configured)."""

from __future__ import annotations

from sqlalchemy.engine import Engine as DbEngine

from api.contract import Feature, Provided
from api.line import messages as texts
from api.line.adapters.notifier import LineNotifier
from api.line.http.routes import staff, webhook
from api.line.jobs import run_line_worker
from api.line.runtime import LineRuntime
from api.line.services.gauges import line_gauges
from api.settings import Settings

NAME = "line"


def provide(settings: Settings, db: DbEngine) -> Provided:
    if not settings.line_enabled:
        return Provided()
    runtime = LineRuntime(settings, db)
    return Provided(notifier=LineNotifier(runtime, db), runtime=runtime)


FEATURE = Feature(name=NAME, routers=(webhook, staff), provide=provide, background=run_line_worker,
                  field_labels=texts.FIELD_LABELS, gauges=line_gauges)

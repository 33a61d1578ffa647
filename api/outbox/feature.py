"""The outbox as a feature: its background sender (the table and the writing side are used by
every feature that tells people something), the e-mail channel it provides, and staff's view of
undelivered messages."""

from __future__ import annotations

from sqlalchemy.engine import Engine as DbEngine

from api.contract import Feature, Provided
from api.outbox import messages, tables  # noqa: F401  (tables: registers the table)
from api.outbox.adapters.smtp import SmtpMailer
from api.outbox.gauges import outbox_gauges
from api.outbox.http.routes import router
from api.outbox.jobs import run_forever
from api.outbox.mail import Retry
from api.outbox.runtime import OutboxRuntime
from api.outbox.sealed import Sealer
from api.settings import Settings

NAME = "outbox"


def provide(settings: Settings, db: DbEngine) -> Provided:
    retry = Retry(settings.email_max_attempts, settings.email_retry_base_seconds, settings.email_retry_max_seconds)
    mailer = SmtpMailer(settings) if settings.email_enabled else None
    return Provided(runtime=OutboxRuntime(mailer=mailer, sender=settings.smtp_from, retry=retry,
                                          sealer=Sealer(settings.user_hash_salt.get_secret_value())))


FEATURE = Feature(name=NAME, routers=(router,), provide=provide, background=run_forever,
                  field_labels=messages.FIELD_LABELS, gauges=outbox_gauges)

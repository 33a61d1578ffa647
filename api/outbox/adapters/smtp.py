"""Sending e-mail over SMTP with aiosmtplib: one connection per batch, one result per message."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from email.message import EmailMessage

import aiosmtplib

from api.outbox.mail import Failure
from api.settings import Settings

log = logging.getLogger(__name__)


def _failure(exc: BaseException) -> Failure:
    code = getattr(exc, "code", None)
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        code = exc.recipients[0].code
    text = f"{type(exc).__name__}: {exc}"[:300]
    return Failure(text, permanent=isinstance(code, int) and 500 <= code < 600)


class SmtpMailer:
    """`api.outbox.mail.Mailer` over the SMTP server from the settings: STARTTLS required unless
    SMTP_STARTTLS=false, implicit TLS on port 465, a login when SMTP_USERNAME is set."""

    def __init__(self, settings: Settings) -> None:
        assert settings.smtp_host
        self.host, self.port = settings.smtp_host, settings.smtp_port
        self.username, self.password = settings.smtp_username, settings.smtp_password.get_secret_value()
        self.implicit_tls = settings.smtp_port == 465
        self.starttls = settings.smtp_starttls and not self.implicit_tls
        self.timeout = settings.smtp_timeout_seconds

    async def send(self, messages: Sequence[EmailMessage]) -> list[Failure | None]:
        if not messages:
            return []
        client = aiosmtplib.SMTP(hostname=self.host, port=self.port, timeout=self.timeout,
                                 use_tls=self.implicit_tls, start_tls=self.starttls)
        try:
            await client.connect()
            if self.username:
                await client.login(self.username, self.password)
        except (aiosmtplib.SMTPException, OSError) as exc:
            log.warning("SMTP server %s:%s unreachable: %s", self.host, self.port, exc)
            failure = _failure(exc)
            return [Failure(failure.reason) for _ in messages]  # not the message's fault: retried
        results: list[Failure | None] = []
        try:
            for message in messages:
                try:
                    await client.send_message(message)
                    results.append(None)
                except (aiosmtplib.SMTPException, OSError) as exc:
                    log.warning("SMTP refused a message: %s", exc)
                    results.append(_failure(exc))
                    if not client.is_connected:
                        break
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()
        lost = Failure("aiosmtplib: the connection was lost before this message")
        return results + [lost] * (len(messages) - len(results))

"""Secrets an e-mail carries (a confirmation code) are stored sealed and opened only while the
e-mail is composed; once the row is final (sent, undeliverable, failed) the sealed part is scrubbed.

A sealed part is a marker in the row's text, `[[sealed:<token>]]`, where the token is Fernet
(AES-128-CBC with an HMAC-SHA256 tag, from `cryptography`) under a key derived from the service's
secret (`USER_HASH_SALT`). The database therefore never holds the secret in the clear: before the
e-mail goes out it holds ciphertext that the database alone cannot open, afterwards not even that.
Only e-mail rows may carry sealed parts (the chat sender pushes `text` as it is)."""

from __future__ import annotations

import hashlib
import hmac
import re
from base64 import urlsafe_b64encode

from cryptography.fernet import Fernet, InvalidToken

SCRUBBED = "••••••"
"""What a sealed part reads as once the e-mail is final (and in exports, staff views)."""
MARK = "[[sealed:"
_SEALED = re.compile(r"\[\[sealed:([A-Za-z0-9_=-]+)\]\]")
_LABEL = b"tcloud outbox sealed parts v1"


class Sealer:
    def __init__(self, secret: str) -> None:
        key = hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()
        self._fernet = Fernet(urlsafe_b64encode(key))

    def seal(self, value: str) -> str:
        """The marker standing for `value` in a stored text."""
        return f"{MARK}{self._fernet.encrypt(value.encode()).decode()}]]"

    def open(self, text: str) -> str:
        """`text` with its sealed parts in the clear (for the e-mail being composed only).
        ValueError when a part cannot be opened (sealed under another secret, tampered with)."""
        def clear(match: re.Match[str]) -> str:
            try:
                return self._fernet.decrypt(match.group(1).encode()).decode()
            except InvalidToken as exc:
                raise ValueError("a sealed part cannot be opened (was USER_HASH_SALT changed?)") from exc
        return _SEALED.sub(clear, text)


def scrub(text: str) -> str:
    """`text` with every sealed part replaced by SCRUBBED."""
    return _SEALED.sub(SCRUBBED, text)


def has_sealed(text: str) -> bool:
    return MARK in text

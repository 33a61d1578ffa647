"""Where a company's code goes, and how that address is shown. Pure.

The rule (README, "Company identity"): a company (統一編號) with a contact e-mail on file gets the
code there, whatever address the form gives; only a company with nothing on file gets it at the
form's address, and that confirmation is a first contact (staff can list them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    address: str
    first_contact: bool
    """Nothing was on file: the code went to the address the form gave."""


def same_address(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()


def recipient(*, on_file: str | None, form_address: str) -> Recipient:
    if on_file:
        return Recipient(on_file, first_contact=False)
    return Recipient(form_address, first_contact=True)


def mask(address: str) -> str:
    """`chen@example.com` -> `c***@example.com`: enough for the owner to recognise, not to learn."""
    local, at, domain = address.strip().partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"

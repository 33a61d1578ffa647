"""The one outbox every feature tells people through: a message is a row written in the same
transaction as the change it reports, and a background loop sends it once (claim, push with the
row's key as the platform's dedupe key, record the result), surviving restarts."""

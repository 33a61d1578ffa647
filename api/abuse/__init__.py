"""Abuse limits shared by every worker and instance: per-client rate limits and sign-in lockouts
with back-off, counted in Redis (REDIS_URL) or in the database. Not a feature: any feature (and
the staff sign-in) uses `RateLimits` and `Lockout`, built once at start-up and injected."""

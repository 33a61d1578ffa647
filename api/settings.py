"""All configuration, from the environment (or a .env file), validated once at start-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from limits import parse_many
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PLACEHOLDER = "changethis"
PLACEHOLDERS = frozenset({"", _PLACEHOLDER, "change-this", "changeme", "change-me", "change_me", "secret",
                          "password", "admin", "token", "test", "xxx", "todo", "example", "dummy", "placeholder",
                          "please-change", "your-token", "your-secret", "1234", "12345678"})
"""Secrets nobody may run production with (compared case-insensitively)."""
MIN_ADMIN_TOKEN_CHARS = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Embedded Chroma, lexical index, models.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL; embedded when unset.")
    embedding_model: str = Field(
        default="auto",
        description="'auto' (multilingual USE, falling back to all-MiniLM-L6-v2), 'use-multilingual', "
                    "or 'st:<sentence-transformers model name or path>'.",
    )
    models_dir: Path | None = Field(default=None, description="Where model files live; DATA_DIR/models.")
    knowledge_refresh_seconds: float = Field(default=2.0, ge=0.0)
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint; no LLM when unset.")
    llm_model: str = Field(default="gpt-4o-mini", description="Chat model name at that endpoint.")
    llm_api_key: SecretStr = Field(default=SecretStr(""), description="API key for the LLM endpoint.")
    llm_timeout_seconds: float = Field(default=8.0, gt=0.0, description="After this, answer without the LLM.")

    environment: Literal["development", "production"] = Field(
        default="development", description="In production, placeholder secrets stop the service.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db; SQLite in DATA_DIR.")
    auto_migrate: bool = Field(default=True, description="Apply database migrations at start-up.")
    ingest_on_start: bool = Field(default=True, description="Ingest the shipped knowledge base if the index is empty.")
    user_hash_salt: SecretStr = Field(default=SecretStr(_PLACEHOLDER),
                                      description="Salt for hashing user ids in logs and analytics.")
    admin_token: SecretStr = Field(default=SecretStr(_PLACEHOLDER),
                                   description="Bearer token for the staff endpoints under /api/admin.")
    max_message_chars: int = Field(default=1000, ge=1, description="Longer chat messages are refused.")
    max_body_bytes: int = Field(default=1_000_000, ge=1_000,
                                description="Larger request bodies are refused (413) before they are read; the LINE "
                                            "webhook and the CSV import keep their own limits.")

    # Digital-point applications (api/applications; rules in bot/points/rules.yaml)
    points_year: int | None = Field(default=None, ge=100, le=150,
                                    description="Programme year (ROC) applications are taken for; when unset, the "
                                                "newest year already begun with a 館 still open.")
    points_as_of: date | None = Field(default=None, description="Judge application deadlines as of this date "
                                                                "(rehearsals, tests); today in Taiwan when unset.")
    points_rules_file: Path | None = Field(default=None,
                                           description="The points rule book to use instead of the shipped "
                                                       "bot/points/rules.yaml (e.g. with a new year's windows).")

    # Expert consultations (api/experts)
    public_base_url: str = Field(default="http://127.0.0.1:8000",
                                 description="Where users reach this service (links in surveys and messages).")
    experts_max_open_per_company: int = Field(default=3, ge=1,
                                              description="Upcoming consultations one company (統一編號) may hold.")
    experts_hold_hours: float = Field(default=48.0, gt=0,
                                      description="A booking the expert has not confirmed is released after this.")
    experts_session_hours: float = Field(default=12.0, gt=0, description="Console sign-in lifetime.")
    staff_session_hours: float = Field(default=8.0, gt=0, description="Staff console sign-in lifetime.")
    experts_job_seconds: float = Field(default=30.0, gt=0,
                                       description="How often reminders and releases are processed.")
    curated_min_similarity: float = Field(default=0.8, gt=0, le=1,
                                          description="A question this similar to a curated one is answered from it.")
    curated_refresh_seconds: float = Field(default=2.0, ge=0,
                                           description="How often each worker re-reads the curated answers.")
    outbox_poll_seconds: float = Field(default=5.0, gt=0,
                                       description="How often the outbox sends queued messages (api/outbox).")
    web_poll_seconds: float = Field(default=10.0, gt=0, le=300,
                                    description="How often an open web chat page asks for messages that arrived "
                                                "(an expert's decision, an application's status; every 3 s at "
                                                "most while a person handles the chat).")

    # E-mail (the outbox's "email" channel, api/outbox): on when SMTP_HOST is set.
    smtp_host: str | None = Field(default=None, description="SMTP server; no e-mail is sent (or promised) when unset.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP port (587 submission with STARTTLS).")
    smtp_username: str = Field(default="", description="SMTP login; no login when empty.")
    smtp_password: SecretStr = Field(default=SecretStr(""), description="SMTP password.")
    smtp_starttls: bool = Field(default=True, description="Require STARTTLS (turn off only for a local relay).")
    smtp_from: str = Field(default="", description="The From address, e.g. '雲市集助理 <noreply@example.tw>'.")
    smtp_timeout_seconds: float = Field(default=10.0, gt=0.0, description="Timeout of every SMTP operation.")
    # Company identity (api/identity): a booking or application counts against a 統一編號 only once
    # the contact confirms it with the code e-mailed to the address in the form.
    identity_confirmation: Literal["email", "off"] = Field(
        default="email", description="'email': bookings and applications wait for the e-mailed code; 'off': they "
        "count at once (anyone can then book or apply under any 統一編號). Production with 'email' needs SMTP_HOST.")
    identity_code_minutes: int = Field(default=30, ge=1, le=1440,
                                       description="An unconfirmed booking or application expires after this.")
    email_max_attempts: int = Field(default=5, ge=1, description="Tries per e-mail before it is marked failed.")
    email_retry_base_seconds: float = Field(default=60.0, ge=0.0, description="First retry delay; doubles each try.")
    email_retry_max_seconds: float = Field(default=3600.0, ge=0.0, description="Longest delay between retries.")

    # LINE channel (api/line): enabled when both the secret and the token are set.
    line_channel_secret: SecretStr = Field(default=SecretStr(""), description="LINE channel secret (signatures).")
    line_channel_access_token: SecretStr = Field(default=SecretStr(""), description="LINE channel access token.")
    line_api_host: str | None = Field(default=None, description="Overrides https://api.line.me (tests, proxies).")
    line_timeout_seconds: float = Field(default=5.0, gt=0.0, description="Timeout of every LINE API call.")
    line_max_attempts: int = Field(default=5, ge=1, description="Tries per event before it is dead-lettered.")
    line_retry_base_seconds: float = Field(default=2.0, ge=0.0, description="First retry delay; doubles each try.")
    line_retry_max_seconds: float = Field(default=120.0, ge=0.0, description="Longest delay between retries.")
    line_reply_token_seconds: float = Field(default=60.0, ge=0.0,
                                            description="Older events are answered by push, not reply.")
    line_workers: int = Field(default=4, ge=1, description="Events processed at once per process.")
    line_poll_seconds: float = Field(default=1.0, gt=0.0, description="How often to look for events to process.")
    line_claim_seconds: float = Field(default=15.0, gt=0.0,
                                      description="A claim's lease: renewed while its worker lives, so an event "
                                                  "whose worker died is taken over after at most this long.")
    line_loading_after_seconds: float = Field(default=1.0, ge=0.0,
                                              description="Show LINE's loading animation when an answer takes longer.")
    line_quiet_ms: float = Field(default=20.0, ge=0.0,
                                 description="Answers start once no webhook arrived for this long (acks first)...")
    line_defer_max_seconds: float = Field(default=2.0, ge=0.0, description="...but never wait longer than this.")
    line_keep_days: float = Field(default=30.0, gt=0.0, description="Answered LINE events are deleted after this.")
    line_fault_after_reply: int = Field(default=0, ge=0,
                                        description="TEST ONLY: the process kills itself (SIGKILL) after this many "
                                                    "accepted LINE replies, before recording them (crash tests); "
                                                    "0 is off; refused in production.")
    line_basic_id: str = Field(default="", pattern=r"^(@?[A-Za-z0-9._-]{1,40})?$",
                               description="The account's basic ID (@123abcde): 「請私訊我」 in groups links to "
                                           "https://line.me/R/ti/p/<id>; no link when empty.")

    # Personal data (api/privacy): how long conversation records are kept (Taiwan PDPA).
    exchange_retention_days: float = Field(
        default=365.0, gt=0.0, description="Logged chat exchanges (and their feedback) are deleted after this.")
    state_retention_days: float = Field(
        default=90.0, gt=0.0, description="A conversation's dialogue state is deleted this long after its last turn.")
    draft_retention_days: float = Field(default=30.0, gt=0.0,
                                        description="Unfinished application drafts are deleted after this.")
    handoff_retention_days: float = Field(
        default=365.0, gt=0.0, description="Staff messages of the handoff inbox are deleted after this, and a handed-"
        "over conversation (with what the user asked) this long after its last message.")
    contact_retention_days: float = Field(default=180.0, gt=0.0,
                                          description="Call-back requests (name, phone) are deleted after this.")
    outbox_retention_days: float = Field(
        default=90.0, gt=0.0, description="Messages sent (or given up on) are deleted this long after they were "
        "written; queued ones stay until sent.")
    identity_retention_days: float = Field(
        default=365.0, gt=0.0, description="Confirmations of bookings and applications (with the address each code "
        "went to) are deleted after this; unconfirmed ones a day after they lapse.")
    company_contact_retention_days: float = Field(
        default=730.0, gt=0.0, description="A company contact learnt from a confirmation is forgotten this long after "
        "a code sent to it was last entered (staff-set contacts stay until staff change them).")
    line_dead_letter_retention_days: float = Field(
        default=90.0, gt=0.0, description="LINE events that could not be answered (dead letters, with the user's "
        "message) are deleted after this.")
    privacy_purge_seconds: float = Field(default=3600.0, gt=0.0, description="How often the retention purge runs.")

    # Abuse limits (api/abuse): rate limits and sign-in lockouts, shared by every worker and instance.
    redis_url: str | None = Field(default=None, description="Keep rate limits and lockouts in Redis "
                                                             "(redis://host:6379/0); in the database when unset.")
    trusted_proxies: str = Field(default="", description="Comma-separated proxy addresses or networks (CIDR) whose "
                                                          "X-Forwarded-For names the client; none by default.")
    rate_limit_namespace: str = Field(default="tcloud", min_length=1, max_length=40,
                                      description="Prefix of every limit's key (several deployments on one Redis).")
    rate_limit_strategy: Literal["fixed-window", "moving-window"] = Field(
        default="fixed-window", description="How requests are counted; moving-window needs REDIS_URL.")
    rate_limit_chat: str = Field(default="30/minute", description="Chat turns per web session ('N/period', "
                                                                   "several joined by ';', e.g. '30/minute;300/hour').")
    rate_limit_chat_ip: str = Field(default="120/minute", description="Chat turns per client address.")
    rate_limit_feedback: str = Field(default="30/minute", description="Feedback votes per web session.")
    rate_limit_feedback_ip: str = Field(default="120/minute", description="Feedback votes per client address.")
    rate_limit_applications_ip: str = Field(default="10/minute;60/hour",
                                            description="Application submissions, withdrawals and resubmissions "
                                                        "per client address.")
    rate_limit_line: str = Field(default="20/minute", description="Messages answered per LINE user (or group); "
                                                                  "past it one notice, then silence.")
    lockout_max_failures: int = Field(default=5, ge=1, description="Wrong passwords (or phone numbers) per account "
                                                                   "before it is locked for a while.")
    lockout_ip_max_failures: int = Field(default=20, ge=1, description="Wrong tries per client address before it is "
                                                                       "locked for a while.")
    lockout_window_seconds: int = Field(default=900, ge=1, description="Failures older than this are forgotten.")
    lockout_base_seconds: int = Field(default=60, ge=1, description="The first lock; each further lock doubles it...")
    lockout_max_seconds: int = Field(default=3600, ge=1, description="...up to this.")

    # Operations (api/observability): metrics, logs, readiness.
    metrics_token: SecretStr = Field(default=SecretStr(""),
                                     description="Bearer token Prometheus sends to GET /metrics. Unset: /metrics is "
                                                 "open in development and closed (401) in production.")
    prometheus_multiproc_dir: Path | None = Field(
        default=None, description="A directory where every worker process writes its metrics, so /metrics sums "
        "all workers (prometheus_client's multiprocess mode; it must be in the process environment, not only in "
        ".env). `tcloud serve --workers N` (N > 1) uses a temporary one when unset; emptied at start.")
    log_format: Literal["json", "text"] | None = Field(
        default=None, description="'json': one JSON object a line, with request_id, channel and the hashed user; "
                                  "'text': for people. Unset: json in production, text in development.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = Field(
        default=None, description="INFO adds a line per request; unset: WARNING (INFO with `tcloud -v`).")

    @field_validator("rate_limit_chat", "rate_limit_chat_ip", "rate_limit_feedback", "rate_limit_feedback_ip",
                     "rate_limit_applications_ip", "rate_limit_line")
    @classmethod
    def _a_rate_limit(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a rate limit such as '30/minute' or '30/minute;300/hour'") from exc
        return value

    @model_validator(mode="after")
    def _moving_window_needs_redis(self) -> Settings:
        if self.rate_limit_strategy == "moving-window" and not self.redis_url:
            raise ValueError("RATE_LIMIT_STRATEGY=moving-window needs REDIS_URL (the database storage counts in "
                             "fixed windows)")
        return self

    @model_validator(mode="after")
    def _no_placeholder_secrets_in_production(self) -> Settings:
        if self.environment == "production":
            for name in ("user_hash_salt", "admin_token"):
                if getattr(self, name).get_secret_value().strip().lower() in PLACEHOLDERS:
                    raise ValueError(f"{name.upper()} must be set to a real secret when ENVIRONMENT=production")
            if len(self.admin_token.get_secret_value()) < MIN_ADMIN_TOKEN_CHARS:
                raise ValueError(f"ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN_CHARS} characters when "
                                 "ENVIRONMENT=production (e.g. python -c 'import secrets; "
                                 "print(secrets.token_urlsafe(32))')")
            if self.line_fault_after_reply:
                raise ValueError("LINE_FAULT_AFTER_REPLY is a crash-test hook and cannot be set when "
                                 "ENVIRONMENT=production")
            metrics = self.metrics_token.get_secret_value()
            if metrics and (metrics.strip().lower() in PLACEHOLDERS or len(metrics) < MIN_ADMIN_TOKEN_CHARS):
                raise ValueError(f"METRICS_TOKEN must be a real secret of at least {MIN_ADMIN_TOKEN_CHARS} characters "
                                 "when ENVIRONMENT=production (or leave it unset: /metrics is then closed)")
            line = {n: getattr(self, n).get_secret_value()
                    for n in ("line_channel_secret", "line_channel_access_token")}
            for name, value in line.items():
                if (value and value.strip().lower() in PLACEHOLDERS) or (any(line.values()) and not value):
                    raise ValueError(f"{name.upper()} must be set to a real secret when ENVIRONMENT=production "
                                     "(or leave both LINE settings empty to run without LINE)")
        return self

    @model_validator(mode="after")
    def _identity_codes_need_email_in_production(self) -> Settings:
        if self.environment == "production" and self.identity_confirmation == "email" and not self.smtp_host:
            raise ValueError("IDENTITY_CONFIRMATION=email needs SMTP_HOST when ENVIRONMENT=production (the codes "
                             "that confirm bookings and applications are e-mailed; set IDENTITY_CONFIRMATION=off "
                             "only if you accept that anyone can book or apply under any 統一編號)")
        return self

    @model_validator(mode="after")
    def _email_needs_a_sender(self) -> Settings:
        if self.smtp_host and "@" not in self.smtp_from:
            raise ValueError("SMTP_FROM must be set to the sender address when SMTP_HOST is set")
        return self

    @model_validator(mode="after")
    def _metrics_directory_exists(self) -> Settings:
        directory = self.prometheus_multiproc_dir
        if directory is not None and not directory.is_dir():
            raise ValueError(f"PROMETHEUS_MULTIPROC_DIR={directory} is not a directory (create it, or unset it)")
        return self

    @property
    def resolved_log_format(self) -> Literal["json", "text"]:
        return self.log_format or ("json" if self.environment == "production" else "text")

    @property
    def metrics_open(self) -> bool:
        """/metrics without a token: only in development, and only when no METRICS_TOKEN is set."""
        return not self.metrics_token.get_secret_value() and self.environment != "production"

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [part.strip() for part in self.trusted_proxies.split(",") if part.strip()]

    @property
    def line_chat_url(self) -> str:
        """The one-to-one chat with the account (empty without LINE_BASIC_ID)."""
        basic_id = self.line_basic_id
        return f"https://line.me/R/ti/p/{basic_id if basic_id.startswith('@') else '@' + basic_id}" if basic_id else ""

    @property
    def line_enabled(self) -> bool:
        return bool(self.line_channel_secret.get_secret_value() and self.line_channel_access_token.get_secret_value())

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'tcloud.db'}"

    @property
    def uploads_dir(self) -> Path:
        """Where documents staff upload are kept (api/knowledge_admin)."""
        return self.data_dir / "uploads"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def resolved_models_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"

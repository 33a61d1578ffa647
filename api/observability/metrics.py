"""Prometheus metrics: request latency by route template (prometheus-fastapi-instrumentator), chat
turns by outcome, rate-limit refusals, and the gauges read from the database at scrape time.

Each app owns its registry (tests build several apps in one process). With several worker
processes, prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR in the environment when
the library is imported; `tcloud serve` sets it) has every worker write its counters to files in
that directory, and a scrape on any worker sums them; the database gauges are read once per scrape.
"""

from __future__ import annotations

import logging
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest, multiprocess, values
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from prometheus_fastapi_instrumentator import Instrumentator

from api.dashboard.rules.outcomes import outcome
from bot.types import Reply

log = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
"""Seconds: a chat turn takes tens to hundreds of milliseconds, an LLM turn a few seconds."""
CURATED = "curated"


def turn_outcome(reply: Reply) -> str:
    """answered / clarified / declined (as the dashboard counts them), curated (a staff-written
    answer was given), or other (greetings, flows, status checks)."""
    return CURATED if reply.trace.get("decision") == CURATED else outcome(reply.intent)


def library_is_multiprocess() -> bool:
    """Whether prometheus_client writes values to PROMETHEUS_MULTIPROC_DIR (decided at its import)."""
    return values.ValueClass is not values.MutexValue


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.multiprocess = library_is_multiprocess()
        self._scraped: list[Collector] = []
        if not self.multiprocess:
            ProcessCollector(registry=self.registry)  # memory, CPU, open files (one process only)
        self.turns = Counter("tcloud_chat_turns", "Chat turns by outcome (answered, clarified, declined, curated, "
                             "other) and channel (web, line).", ["outcome", "channel"], registry=self.registry)
        self.rate_limited = Counter("tcloud_rate_limit_hits", "Requests refused by a rate limit (rule: chat, "
                                    "chat_ip, feedback, line...) or a lockout (lockout_account, lockout_address).",
                                    ["rule"], registry=self.registry)

    def count_turn(self, reply: Reply, channel: str) -> None:
        self.turns.labels(outcome=turn_outcome(reply), channel=channel).inc()

    def count_refusal(self, rule: str) -> None:
        self.rate_limited.labels(rule=rule).inc()

    def scrape_with(self, collector: Collector) -> None:
        """A collector run at each scrape (the database gauges), once, whichever worker is asked."""
        self._scraped.append(collector)
        if not self.multiprocess:
            self.registry.register(collector)

    def instrument(self, app: Any) -> None:
        """Request count, sizes and latency by route template; unmatched paths count as "none"."""
        Instrumentator(registry=self.registry, excluded_handlers=["^/metrics$"], should_group_untemplated=True) \
            .instrument(app, latency_lowr_buckets=LATENCY_BUCKETS)

    def exposition(self) -> bytes:
        """The text Prometheus reads: this process's registry, or every worker's files summed."""
        if not self.multiprocess:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        for collector in self._scraped:
            registry.register(collector)
        return generate_latest(registry)

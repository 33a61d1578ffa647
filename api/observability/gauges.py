"""Gauges read from the database when Prometheus scrapes: each feature reports its own (the LINE
queue, the outbox backlog) through `Feature.gauges`, a function of a Session returning readings.
One session per scrape, a few indexed counts; `tcloud_database_up` says whether they could be read."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine as DbEngine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    """One value of a gauge: `tcloud_line_events{state="pending"} 3`."""

    name: str
    help: str
    value: float
    labels: Mapping[str, str] = field(default_factory=dict)


GaugeReader = Callable[[Session], Iterable[Reading]]


def families(readings: Iterable[Reading]) -> list[GaugeMetricFamily]:
    """Readings grouped into one family per gauge name (labels in a stable order)."""
    grouped: dict[str, GaugeMetricFamily] = {}
    for reading in readings:
        names = sorted(reading.labels)
        family = grouped.get(reading.name)
        if family is None:
            family = grouped[reading.name] = GaugeMetricFamily(reading.name, reading.help, labels=names)
        family.add_metric([reading.labels[n] for n in names], reading.value)
    return list(grouped.values())


class DatabaseGauges(Collector):
    def __init__(self, db: DbEngine, readers: Sequence[GaugeReader]) -> None:
        self.db, self.readers = db, list(readers)

    def describe(self) -> Iterable[Metric]:
        return []  # registering must not query the database

    def collect(self) -> Iterator[Metric]:
        up = 1.0
        readings: list[Reading] = []
        try:
            with Session(self.db) as session:
                for reader in self.readers:
                    readings.extend(reader(session))
        except SQLAlchemyError as exc:
            log.warning("metrics: the database gauges could not be read: %s", type(exc).__name__)
            up, readings = 0.0, []
        yield from families(readings)
        yield GaugeMetricFamily("tcloud_database_up", "1 when the database answered this scrape, else 0.", value=up)

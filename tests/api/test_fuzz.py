"""Schema-driven fuzzing: every operation of the OpenAPI, sent generated valid and invalid input
(schemathesis over hypothesis, derandomized), never answers with a server error, and every refusal
has the JSON error shape. Runs on the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL),
a database and knowledge store of its own, with the staff bearer token on every request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from api.app import create_app
from api.settings import Settings
from tests.api.conftest import ADMIN_TOKEN
from tests.db import database_at

STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
pytestmark = pytest.mark.serial  # scripts/test runs it outside xdist, where each operation is a test of its own
EXAMPLES = 12
"""Random cases per operation, besides the schema's examples and schemathesis' coverage phase (its
boundary values: empty, too long, 2^63, wrong types...), which costs most of the 40 s."""

schema = schemathesis.openapi.from_dict(create_app(Settings(data_dir=Path("unused"))).openapi()).exclude(
    path="/line/webhook")  # needs LINE's signature; its unreadable bodies are tests/api/line's
schema.config.phases.coverage.unexpected_methods = set()  # TRACE, OPTIONS...: the router's 405, 55 times over
_PARTS = ("path_parameters", "query", "body")


@schema.hook
def flatmap_case(context: Any, case: Any) -> Any:
    """One case in three gets a NUL (which PostgreSQL's text refuses) in one of its texts: the
    generator seldom writes one where it matters."""
    texts = [(part, key) for part in _PARTS if isinstance(getattr(case, part, None), dict)
             for key, value in getattr(case, part).items() if isinstance(value, str)]
    if not texts:
        return st.just(case)

    def with_nul(pick: tuple[int, tuple[str, str]]) -> Any:
        roll, (part, key) = pick
        if roll == 0:
            values = getattr(case, part)
            values[key] = values[key][:1] + "\x00" + values[key][1:]
        return case
    return st.tuples(st.integers(0, 2), st.sampled_from(texts)).map(with_nul)


@pytest.fixture(scope="module")
def fuzz_client(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app of its own: what the fuzzer writes never meets the other API tests' data."""
    with database_at(tmp_path_factory.mktemp("fuzz-db")) as url:
        fuzz_settings = Settings(data_dir=tmp_path_factory.mktemp("fuzz-data"), models_dir=models_dir,
                                 embedding_model="use-multilingual", database_url=url, admin_token=ADMIN_TOKEN,
                                 user_hash_salt="test-salt", chroma_url=None)
        with TestClient(create_app(fuzz_settings)) as client:  # a server error raises here, with its traceback
            # Something for the small ids the generator favours to find (expert 1, its rules and exceptions).
            expert = client.post("/api/experts", headers=STAFF, json={"name": "王專家", "topics": ["點數申請"]})
            assert expert.status_code == 201, expert.text
            path = f"/api/experts/{expert.json()['id']}"
            assert client.post(f"{path}/rules", headers=STAFF,
                               json={"weekday": 0, "start": "09:00", "end": "12:00"}).status_code == 201
            assert client.post(f"{path}/exceptions", headers=STAFF,
                               json={"day": "2030-01-07", "kind": "off"}).status_code == 201
            yield client


def _send(client: TestClient, case: Any) -> Any:
    sent = case.as_transport_kwargs(headers=STAFF)
    url = sent["url"].replace("\x00", "%00")  # a path parameter's NUL, as a client must send it
    return client.request(sent["method"], url, headers=sent["headers"], params=sent.get("params"),
                          json=sent.get("json"), content=sent.get("data"), cookies=sent.get("cookies"))


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(case: Any, fuzz_client: TestClient) -> None:
    response = _send(fuzz_client, case)
    assert response.status_code < 500, response.text[:500]
    if response.status_code >= 400:
        error = response.json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]

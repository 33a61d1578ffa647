"""A real crash: `tcloud serve` killed (SIGKILL) between a reply LINE accepted and its record,
mid-burst, then restarted on the same database. Nothing is lost, nothing answered twice, no turn
logged twice (tests/api/line/crash.py). SQLite, and PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

from tests.api.line.crash import TOKEN, crash_env, crash_round
from tests.support.fake_line import FakeLine

QUESTIONS = ["雲端收銀POS是什麼", "110年工業館最多補助幾點？", "請款要準備哪些文件", "謝謝"]


def test_kill_9_between_reply_and_record_mid_burst_loses_and_doubles_nothing(
        models_dir: Path, fresh_database_url: str, tmp_path: Path) -> None:
    with FakeLine(TOKEN) as fake:
        env = crash_env(models_dir=models_dir, data_dir=tmp_path / "data", fake=fake,
                        database_url=fresh_database_url, claim_seconds=4)
        result = crash_round(env=env, fake=fake, questions=QUESTIONS, events=16, senders=4, kill_after_reply=3)
        # The reply that LINE accepted just before the kill was tried again by the new server with its
        # token, refused as used, and not sent again: the proof that the crash hit the worst moment.
        refused_as_used = [c for c in fake.attempts("reply") if c.status == 400]
    assert result.crashed, result
    assert result.lost == 0 and result.doubled == 0, result.deliveries
    assert result.exchanges == 16 and result.turns == 16, result  # every turn kept once
    assert refused_as_used, "the crash did not cut a delivery off"
    # "uncertain" only if the restart took longer than the token's guaranteed minute (a loaded machine):
    # then the cut-off reply is left to staff, and it was delivered (lost == 0), not resent.
    assert set(result.outcomes) <= {"replied", "pushed", "uncertain"}, result.outcomes

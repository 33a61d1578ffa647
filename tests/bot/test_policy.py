"""The confidence policy and the extractive answer on controlled passages."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from bot.answer.extractive import ExtractiveAnswerer
from bot.answer.policy import decide
from bot.answer.trim import trim
from bot.config import EngineConfig
from bot.engine import Engine
from bot.sources import citation, source_title
from bot.state import InMemoryStateStore
from knowledge.lexicon import Lexicon
from knowledge.programme import QueryHints, extract_hints
from knowledge.types import Chunk, Passage, SearchFilters

CONFIG = EngineConfig()
SEED_110 = "2021-06_industrial-hall-subsidy-briefing.txt"
SEED_111 = "2022-04_cloud-service-resources-briefing.txt"


def passage(cid: str, title: str, answer: str, *, year: int = 0, hall: str = "", score: float = 0.7,
            dense: float = 0.7, rank: int = 1, source: str = SEED_110) -> Passage:
    chunk = Chunk(chunk_id=f"faq:{cid}", text=f"{title}\n{answer}", title=title, kind="faq", doc_id=cid,
                  source=source, source_path=source, hall=hall, year=year, answer=answer)
    return Passage(chunk=chunk, score=score, rank=rank, dense_similarity=dense)


P110 = passage("a", "110年度工業館點數可以折抵多少？", "110年度折抵三分之一。", year=110, hall="工業館", score=0.70)
P111 = passage("b", "111年度工業館點數可以折抵多少？", "111年度折抵5成。", year=111, hall="工業館", score=0.68,
               rank=2, source=SEED_111)


def test_two_years_rules_without_a_named_year_are_both_given_labelled() -> None:
    decision = decide([P110, P111], QueryHints(), CONFIG)
    assert decision.kind == "years"
    text = ExtractiveAnswerer(CONFIG.max_answer_chars).compose("q", decision.passages, "zh", by_year=True).text
    assert "【110年度】110年度折抵三分之一。" in text and "【111年度】111年度折抵5成。" in text
    assert citation(P110, "zh") in text and citation(P111, "zh") in text


def test_a_named_year_or_a_relative_one_picks_one_rule() -> None:
    assert decide([P110, P111], QueryHints(years=(110,)), CONFIG).kind == "answer"
    decision = decide([P110, P111], QueryHints(relative_year=111), CONFIG)
    assert decision.kind == "answer" and decision.passages == (P111,)


def test_a_rule_of_another_year_far_below_the_best_is_not_a_conflict() -> None:
    far = replace(P111, score=P110.score - 2 * CONFIG.tie_margin)
    assert decide([P110, far], QueryHints(), CONFIG).kind == "answer"


def test_different_halls_close_together_ask_which_hall() -> None:
    agri = passage("c", "110年度農業館補助上限多少？", "3萬點。", year=110, hall="農業館", score=0.69, rank=2)
    decision = decide([P110, agri], QueryHints(), CONFIG)
    assert decision.kind == "clarify_hall" and set(decision.halls) == {"工業館", "農業館"}
    assert decide([P110, agri], QueryHints(halls=("工業館",)), CONFIG).kind == "answer"
    assert decide([P110, agri], QueryHints(asks_hall=True), CONFIG).kind != "clarify_hall"


@pytest.mark.parametrize(("score", "dense"), [(CONFIG.answer_min_score - 0.01, 0.9),
                                              (0.9, CONFIG.answer_min_dense - 0.01)])
def test_below_either_floor_declines(score: float, dense: float) -> None:
    weak = replace(P110, score=score, dense_similarity=dense)
    assert decide([weak], QueryHints(), CONFIG).kind == "decline"
    assert decide([], QueryHints(), CONFIG).kind == "decline"


def test_the_answer_quotes_the_passage_and_names_year_hall_and_source() -> None:
    text = ExtractiveAnswerer(CONFIG.max_answer_chars).compose("q", (P110,), "zh").text
    assert text == "110年度折抵三分之一。\n（110年度・工業館｜來源：雲市集工業館補助說明 110年6月）"


def test_trim_cuts_at_a_sentence_for_a_phone_screen() -> None:
    long = "第一句很長很長。" * 10 + "最後一句"
    out = trim(long, 40)
    assert len(out) <= 40 and out.endswith("。")
    assert trim("| 項目 | 110年度 |\n| --- | --- |\n| 上限 | 20萬點 |", 100) == "項目：110年度\n上限：20萬點"


def test_source_titles_come_from_the_mapping_or_the_file_name() -> None:
    assert source_title(SEED_111) == "數位雲服務政府資源說明會 111年4月"
    assert source_title("2023-05_new-briefing.txt") == "new briefing 112年5月"


def test_a_hall_implied_by_the_trade_is_preferred_and_not_asked() -> None:
    commercial = passage("d", "110年度商業館補助上限多少？", "3萬點。", year=110, hall="商業館", score=0.68, rank=2)
    hints = extract_hints("我開餐廳可以補助多少", current_roc_year=114, lexicon=Lexicon.load())
    assert hints.implied_halls == ("商業館",)
    decision = decide([P110, commercial], hints, CONFIG)
    assert decision.kind == "answer" and decision.passages == (commercial,)


class NoPassages:
    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[Passage]:
        return []


def test_the_engine_counts_years_on_taipei_time() -> None:
    new_year_in_taipei = datetime.fromisoformat("2026-12-31T17:00:00+00:00").timestamp()
    engine = Engine(NoPassages(), store=InMemoryStateStore(), clock=lambda: new_year_in_taipei)
    assert engine.services.qa.current_roc_year() == 116
    assert engine.services.qa.hints("今年的點數").relative_year == 116

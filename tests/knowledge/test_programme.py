"""The programme calendar: ROC years, Taiwan's clock, and the one year/館 extractor.

The cases marked "used to disagree" are where the retrieval's scope and the engine's hints,
two extractors before, read the same question differently.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from knowledge.lexicon import Lexicon
from knowledge.programme import (
    TAIPEI,
    ad_year,
    current_roc_year,
    extract_hints,
    only_hints,
    roc_date,
    roc_year,
    strip_hints,
    taipei_now,
    taipei_today,
    to_roc,
)


def ts(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def test_roc_and_gregorian_years_convert_both_ways() -> None:
    assert roc_year(2021) == 110 and ad_year(110) == 2021
    assert to_roc(2022) == 111 and to_roc(111) == 111
    assert roc_date(date(2021, 9, 30)) == "110年9月30日"


def test_today_is_taiwans_day_whatever_the_servers_zone() -> None:
    late = ts("2026-12-31T17:00:00+00:00")  # already 2027-01-01 01:00 in Taipei
    assert taipei_now(late).tzinfo is TAIPEI and taipei_now(late).hour == 1
    assert taipei_today(late) == date(2027, 1, 1)
    assert current_roc_year(late) == 116
    assert current_roc_year(ts("2026-12-31T15:59:00+00:00")) == 115
    assert abs(taipei_now().timestamp() - datetime.now(UTC).timestamp()) < 5


def test_this_year_near_midnight_utc_follows_taipei() -> None:
    year = current_roc_year(ts("2026-12-31T17:00:00+00:00"))
    assert extract_hints("今年工業館的點數", current_roc_year=year).relative_year == 116


@pytest.mark.parametrize(("text", "years", "halls"), [
    ("110年那時候工業館最多給幾點", (110,), ("工業館",)),
    ("工业馆111年度点数", (111,), ("工業館",)),
    ("111年度的規定", (111,), ()),
    ("2022年的規定", (111,), ()),
    ("2022 的研發補助", (111,), ()),
    ("112 113那兩年成效怎樣", (112, 113), ()),
    ("110年和111的差別", (110, 111), ()),  # used to disagree: scope dropped bare years beside 110年
    ("資本額8000萬 員工150人", (), ()),
    ("拿20萬點要自籌多少", (), ()),
    ("補助了112家", (), ()),
    ("What was the 2021 industrial hall cap", (110,), ("工業館",)),
    ("Commercial Hall 2022", (111,), ("商業館",)),  # used to disagree: scope knew no English names
    ("Is the SME Hall open", (), ("中小館",)),
    ("商业馆 111 的规定", (111,), ("商業館",)),  # Simplified 馆
    ("工業舘的點數", (), ("工業館",)),  # used to disagree: the engine missed the 舘 variant
    ("農業舘111年", (111,), ("農業館",)),
    ("１１１年工業館", (111,), ("工業館",)),  # used to disagree: the engine read no full-width digits
])
def test_years_and_halls_a_question_names(text: str, years: tuple[int, ...], halls: tuple[str, ...]) -> None:
    hints = extract_hints(text, current_roc_year=115)
    assert hints.years == years and hints.halls == halls


def test_a_bare_number_is_a_year_only_up_to_the_current_one() -> None:
    # Used to disagree: scope read bare 110-115, the engine 110-114.
    assert extract_hints("115 工業館點數", current_roc_year=115).years == (115,)
    assert extract_hints("115 工業館點數", current_roc_year=114).years == ()
    assert extract_hints("109 工業館點數", current_roc_year=115).years == ()
    assert extract_hints("115年工業館點數", current_roc_year=114).years == (115,)  # with 年 it always counts


def test_relative_years_count_from_the_current_year() -> None:
    hints = extract_hints("去年的點數規定是什麼", current_roc_year=114)
    assert hints.relative_year == 113 and hints.year is None and hints.filters() is None
    assert extract_hints("last year industrial hall", current_roc_year=115).relative_year == 114
    assert extract_hints("工業館點數", current_roc_year=115).relative_year is None


def test_asking_which_hall_and_halls_implied_by_the_lexicon() -> None:
    assert extract_hints("我該申請哪一館", current_roc_year=115).asks_hall
    assert extract_hints("我该申请哪个馆", current_roc_year=115).asks_hall
    assert extract_hints("我開餐廳可以補助多少", current_roc_year=115).implied_halls == ()
    with_lexicon = extract_hints("我開餐廳可以補助多少", current_roc_year=115, lexicon=Lexicon.load())
    assert with_lexicon.implied_halls == ("商業館",) and with_lexicon.halls == ()


def test_hints_become_filters_only_when_they_name_one_year_or_hall() -> None:
    one = extract_hints("111年工業館", current_roc_year=115).filters()
    assert one is not None and (one.year, one.hall) == (111, "工業館")
    assert extract_hints("112 113那兩年", current_roc_year=115).filters() is None


def test_follow_ups_that_only_name_a_year_or_hall() -> None:
    def follow_up(text: str) -> bool:
        return only_hints(text, extract_hints(text, current_roc_year=114))

    assert follow_up("那111年呢？") and follow_up("工業館") and follow_up("那 Industrial Hall 呢")
    assert not follow_up("111年工業館點數") and not follow_up("好的謝謝")
    assert strip_hints("110年工業館點數") == "工業館點數"


def test_the_calendar_imports_nothing_above_knowledge() -> None:
    code = ("import sys, knowledge.programme, knowledge.search\n"
            "print(','.join(m for m in ('bot', 'api', 'ingest') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""

from knowledge.lexicon import Lexicon
from knowledge.text import normalize
from knowledge.tokenize import Tokenizer


def test_simplified_and_traditional_meet() -> None:
    assert normalize("数位点数补助") == normalize("數位點數補助")
    assert normalize("工业馆") == normalize("工業館")
    assert normalize("软件") == "軟體"


def test_numbers_in_chinese_arabic_and_wan_are_one_form() -> None:
    assert normalize("二十萬點") == normalize("20萬點") == normalize("200,000點") == "200000點"
    assert normalize("上限三萬點") == "上限30000點"
    assert normalize("自籌比例一比二") == normalize("自籌比例1:2") == normalize("自籌比例1比2")


def test_full_width_forms_are_folded() -> None:
    assert normalize("１１０年ＥＲＰ") == "110年erp"


def test_plain_words_with_numeral_characters_survive() -> None:
    assert normalize("一起申請") == "一起申請"
    assert normalize("萬一沒過") == "萬一沒過"


def test_programme_words_stay_whole_and_synonyms_expand() -> None:
    tokenizer = Tokenizer(Lexicon.load())
    tokens = tokenizer.tokens("工業館的數位點數怎麼請款")
    assert {"工業館", "請款"} <= set(tokens)
    expanded = tokenizer.tokens("我開餐廳", query=True)
    assert "餐飲" in expanded
    assert "專家" in tokenizer.tokens("想找顧問", query=True)


def test_homophone_typos_share_pinyin_tokens_only_when_unknown() -> None:
    tokenizer = Tokenizer(Lexicon.load())
    indexed = set(tokenizer.tokens("進銷存管理"))
    typo = tokenizer.tokens("進消存", known=indexed)
    assert any(t.startswith("py:") and t in indexed for t in typo)
    correct = tokenizer.tokens("進銷存", known=indexed)
    assert not any(t.startswith("py:") for t in correct)


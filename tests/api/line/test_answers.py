"""On LINE as on the web: follow-ups, terse topics and what the documents do not say."""

from __future__ import annotations

from tests.api.line.conftest import Line, text_of, webhook_event


def _say(line: Line, user: str, text: str) -> str:
    event = webhook_event("text_message", user=user, text=text)
    line.send(event)
    return text_of(line.reply_to(event))


def test_a_follow_up_on_line_asks_the_same_thing_of_another_hall(line: Line) -> None:
    user = "U" + "f" * 32
    assert "20萬" in _say(line, user, "110年工業館最多補助幾點？")
    follow = _say(line, user, "那商業館呢？")
    assert "3萬" in follow and "商業館" in follow and "3,000萬" not in follow


def test_a_terse_topic_on_line_gets_a_menu_of_questions(line: Line) -> None:
    event = webhook_event("text_message", text="技術審查")
    line.send(event)
    [message] = line.reply_to(event)[-1:]
    labels = [item["action"]["label"] for item in message["quickReply"]["items"]]
    assert "技術審查" in message["text"] and len(labels) >= 3  # two or more questions, and an expert
    assert any("技術審查" in label for label in labels)


def test_a_year_the_documents_do_not_cover_is_said_on_line(line: Line) -> None:
    shown = _say(line, "U" + "e" * 32, "113年工業館補助上限多少？")
    assert "113年度" in shown and "僅供參考" in shown

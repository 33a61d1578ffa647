"""The apply_points flow as a user meets it: bad input re-asked with a reason, the eligibility
verdict with its reasons, drafts resumed (by the same user, and across channels with proof)."""

from __future__ import annotations

from bot.points.application_flow import build_apply_points_flow
from bot.points.loader import load_rules
from bot.points.model import Funding
from tests.bot.conftest import Chat
from tests.bot.points.conftest import MemoryDesk, PointsWorld

UBN = "04595257"
MANUFACTURER = ["精密機械有限公司", "製造業", "50", "2000萬", "3億", "已辦工廠登記", "台中", "王小明", "0912345678",
                "owner@example.com"]


def start(world: PointsWorld, user: str = "u-points", channel: str = "web") -> Chat:
    chat = world.chat(user, channel)
    reply = chat.say("我要申請點數")
    assert reply.form is not None and reply.form.flow == "apply_points" and reply.form.step == "ubn"
    return chat


def fill(chat: Chat, answers: list[str]) -> None:
    for answer in answers:
        reply = chat.say(answer)
        assert reply.form is not None and not reply.form.error, (answer, reply.text)


def test_a_manufacturer_applies_to_the_industrial_hall(points: PointsWorld) -> None:
    chat = start(points)
    fill(chat, [UBN, *MANUFACTURER])
    verdict = chat.say("同意")
    assert verdict.form is not None and verdict.form.step == "hall"
    assert "【資格檢核：110年度】" in verdict.text
    assert "✔ 工業館：上限20萬點，點數:自付＝1:2（點數最多折抵方案費用1/3）" in verdict.text
    assert "符合：年營收 ≤ 20億" in verdict.text and "符合：已辦工廠登記（或依法免辦並有證明）" in verdict.text
    assert "✘ 中小館：不符合：員工數 ≤ 9人（您填的員工數是50人）" in verdict.text
    assert "出處：雲市集工業館補助說明（110年6月） 貳、申請規範(2/2) 三、補助上限" in verdict.text
    assert [a.label for a in verdict.actions][:1] == ["工業館"]
    confirm = chat.press("工業館")
    assert confirm.form is not None and confirm.form.confirming
    assert "申請館別：工業館" in confirm.text and "工廠登記：已辦工廠登記" in confirm.text
    done = chat.press("確認送出")
    assert done.form is None and "P110-TEST1" in done.text
    [sub] = points.desk.submitted
    assert sub.values["revenue"] == "300000000" and sub.values["region"] == "臺中市"
    assert sub.values["capital"] == "20000000" and sub.values["consent"] == "agree"


def test_bad_input_gets_a_reason_and_the_same_question_nothing_lost(points: PointsWorld) -> None:
    chat = start(points)
    bad_ubn = chat.say("12345678")
    assert bad_ubn.form is not None and bad_ubn.form.step == "ubn"
    assert "這個統一編號的檢查碼不正確" in bad_ubn.text
    assert "統一編號是8位數字" in chat.say("1234").text
    fill(chat, [UBN, "精密機械有限公司", "製造業"])
    for typed, reason in [("-3", "員工數不能是負數"), ("很多人", "請輸入員工人數（整數）"), ("2000000", "似乎不合理")]:
        reply = chat.say(typed)
        assert reply.form is not None and reply.form.step == "employees" and reason in reply.text, typed
    chat.say("50")
    for typed, reason in [("不知道耶", "請輸入實收資本額的金額數字"), ("-500萬", "實收資本額不能是負數"),
                          ("99999兆", "似乎不合理")]:
        reply = chat.say(typed)
        assert reply.form is not None and reply.form.step == "capital" and reason in reply.text, typed
    chat.say("2000萬")
    chat.say("3億")
    chat.say("有")
    region = chat.say("新竹")
    assert region.form is not None and region.form.step == "region"
    assert "新竹市" in region.text and "新竹縣" in region.text  # asked which of the two, not guessed
    assert region.form.values == {"ubn": UBN, "resume": "新申請", "company_name": "精密機械有限公司",
                                  "industry": "manufacturing", "employees": "50", "capital": "20000000",
                                  "revenue": "300000000", "factory": "registered"}


def test_consent_is_required(points: PointsWorld) -> None:
    chat = start(points)
    fill(chat, [UBN, *MANUFACTURER])
    refused = chat.say("不同意")
    assert refused.form is not None and refused.form.step == "consent"
    assert "需要您同意資料蒐集，我們才能受理申請" in refused.text


def test_a_profile_that_fits_no_hall_is_told_why_and_can_go_back(points: PointsWorld) -> None:
    chat = start(points)
    fill(chat, [UBN, "大型製造股份有限公司", "製造業", "800", "5億", "25億", "已辦工廠登記", "台中", "王小明",
                "0912345678", "owner@example.com"])
    verdict = chat.say("同意")
    assert "目前的資料不符合110年度任何一館的申請條件" in verdict.text
    assert "✘ 工業館：不符合：年營收 ≤ 20億（您填的年營收是25億元）" in verdict.text
    assert not [a for a in verdict.actions if a.label.endswith("館")]
    again = chat.say("工業館")
    assert again.form is not None and again.form.step == "hall"
    assert "目前的資料不符合任何一館的申請條件" in again.text
    assert points.desk.submitted == []
    back = chat.say("上一步")
    assert back.form is not None and back.form.step == "consent" and back.form.values["revenue"] == "2500000000"


def test_registry_funding_blocks_the_industrial_hall_and_flags_others(points: PointsWorld) -> None:
    points.desk.registry[UBN] = (Funding("攻頂計畫", 110), Funding("地方型SBIR", 109))
    chat = start(points)
    fill(chat, [UBN, *MANUFACTURER])
    verdict = chat.say("同意")
    assert ("✘ 工業館：不符合：未曾獲雲世代產業數位轉型相關計畫補助（登錄曾獲「攻頂計畫」（110年）補助）"
            in verdict.text)


def test_an_interrupted_application_resumes_where_it_stopped(points: PointsWorld) -> None:
    chat = start(points)
    fill(chat, [UBN, "精密機械有限公司", "製造業", "50", "2000萬"])
    assert chat.say("取消").form is None
    resumed = start(points)  # the same user, later
    reply = resumed.say(UBN)
    assert reply.form is not None and reply.form.step == "revenue", reply.text
    assert reply.form.values["capital"] == "20000000" and reply.form.values["resume"] == "接續上次的草稿"


def test_another_channel_resumes_only_with_proof(points: PointsWorld) -> None:
    line = start(points, "U-line-1", "line")
    fill(line, [UBN, *MANUFACTURER[:9]])  # stopped before the e-mail
    web = start(points, "web-9", "web")
    ask = web.say(UBN)
    assert ask.form is not None and ask.form.step == "resume" and "其他管道填到一半" in ask.text
    assert ask.form.values == {"ubn": UBN}, "nothing of the draft is shown before the proof"
    wrong = web.say("0987654321")
    assert wrong.form is not None and wrong.form.step == "resume" and "還可以再試4次" in wrong.text
    right = web.say("0912-345-678")
    assert right.form is not None and right.form.step == "email"
    assert right.form.values["company_name"] == "精密機械有限公司" and right.form.values["resume"] == "已驗證，接續草稿"


def test_a_foreign_draft_locks_after_five_wrong_answers(points: PointsWorld) -> None:
    line = start(points, "U-line-2", "line")
    fill(line, [UBN, *MANUFACTURER[:6]])  # has the revenue: a proof exists
    web = start(points, "web-10", "web")
    web.say(UBN)
    for _ in range(5):
        web.say("0900000000")
    locked = web.say("3億")
    assert locked.form is not None and locked.form.step == "resume" and "這份草稿已無法接續" in locked.text
    fresh = web.press("不接續草稿")
    assert fresh.form is not None and fresh.form.step == "company_name" and "company_name" not in fresh.form.values


def test_a_foreign_draft_without_secrets_lends_only_public_facts(points: PointsWorld) -> None:
    line = start(points, "U-line-3", "line")
    fill(line, [UBN, "精密機械有限公司", "製造業", "50", "2000萬"])
    web = start(points, "web-11", "web")
    reply = web.say(UBN)
    assert reply.form is not None and reply.form.step == "employees"
    assert reply.form.values["company_name"] == "精密機械有限公司" and "employees" not in reply.form.values


def test_a_company_with_an_active_application_is_stopped_at_the_tax_id(points: PointsWorld) -> None:
    points.desk.active.add(UBN)
    chat = start(points)
    reply = chat.say(UBN)
    assert reply.form is not None and reply.form.step == "ubn"
    assert "110年度已經有一件申請" in reply.text and "同一家公司同一年度只能申請一次" in reply.text


def test_english(points: PointsWorld) -> None:
    chat = points.chat("en-user")
    reply = chat.say("I want to apply for points")
    assert reply.form is not None and reply.form.step == "ubn"
    bad = chat.say("12345678")
    assert "That tax ID fails its checksum" in bad.text


def test_a_status_command_typed_inside_the_form_is_a_command_and_the_form_goes_on(points: PointsWorld) -> None:
    chat = start(points, user="u-status-inside")
    reply = chat.say("我的申請進度")
    assert reply.intent == "check_status"  # not taken for a 統一編號 and refused
    assert reply.form is not None and reply.form.step == "ubn"  # the form waits where it was


def test_the_email_step_promises_the_result_there_only_when_the_service_sends_email() -> None:
    for email_on in (False, True):
        flow = build_apply_points_flow(load_rules(), MemoryDesk(), email_on=email_on)
        step = next(s for s in flow.steps if s.name == "email")
        assert ("寄到" in step.prompt, "send the result" in step.prompt_en) == (email_on, email_on)

def test_the_step_counter_never_jumps_over_steps_filled_for_the_user(points: PointsWorld) -> None:
    chat = start(points)
    first = chat.last
    assert first.form is not None and (first.form.index, first.form.total) == (0, 13)  # 草稿 is rarely asked
    seen = []
    for answer in [UBN, "小吃店", "餐飲業", "3", "0", "500萬", "台北", "王小明", "0912345678", "owner@example.com"]:
        reply = chat.say(answer)
        assert reply.form is not None and not reply.form.error, (answer, reply.text)
        seen.append((reply.form.index + 1, reply.form.total))
    # No 工廠登記 for a restaurant: the total drops by one, the count goes on 2, 3, 4 ... without a gap.
    assert [n for n, _ in seen] == list(range(2, 12)) and seen[-1][1] == 12


def test_the_confirmation_keeps_every_field_editable_within_lines_limits(points: PointsWorld) -> None:
    from bot.channels.line import render_line
    from tests.bot.test_line_renderer import _valid

    chat = start(points, channel="line")
    fill(chat, [UBN, *MANUFACTURER, "同意"])
    confirm = chat.press("工業館")
    assert confirm.form is not None and confirm.form.confirming
    edits = {a.value for a in confirm.actions if a.value.startswith("flow:edit:")}
    assert {"flow:edit:email", "flow:edit:consent", "flow:edit:hall", "flow:edit:ubn"} <= edits
    assert "flow:edit:resume" not in edits  # filled for the user, never asked
    messages = render_line(confirm)
    _valid(messages)
    bubble = messages[-1]["contents"]
    rows = [r["contents"] for r in bubble["body"]["contents"][1:]]
    assert [r[0]["text"] for r in rows if r[0]["text"] in ("Email", "個資同意", "申請館別")] == [
        "Email", "個資同意", "申請館別"]
    links = {c["action"]["data"] for r in rows for c in r if "action" in c}
    assert links == {"1|" + e for e in edits}  # every field the user answered can be changed
    assert [i["action"]["label"] for i in messages[-1]["quickReply"]["items"]] == ["確認送出", "取消"]
    email = chat.press("修改Email")
    assert email.form is not None and email.form.step == "email"
    again = chat.say("boss@example.com")
    assert again.form is not None and again.form.confirming and "boss@example.com" in again.text
    asked = chat.say("修改")
    assert asked.form is not None and asked.form.confirming and "要修改哪一項" in asked.text

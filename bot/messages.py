"""Every fixed sentence the assistant says, in zh-TW and English."""

from __future__ import annotations

from bot.types import Language

_MESSAGES: dict[str, tuple[str, str]] = {
    # Social
    "restarted": ("好的，我們重新開始。", "All right, let's start afresh."),
    "greeting": (
        "您好！我是雲市集助理，可以回答臺灣雲市集、數位點數、各館補助與雲端解決方案供應商的問題，"
        "也可以幫您預約專家諮詢。請直接輸入您的問題，例如「餐廳可以申請數位點數嗎？」",
        "Hello! I am the Taiwan Cloud Market assistant. I answer questions about the programme, "
        "digital points, the halls' subsidies and cloud-solution vendors, and I can help you book "
        "an expert consultation. Just type your question.",
    ),
    "thanks": ("不客氣！還有其他問題，隨時問我。", "You're welcome! Ask me anything else any time."),
    "handoff": (
        "好的，已為您轉請專人協助，服務人員會在這個對話中回覆您。您也可以先預約專家諮詢。",
        "Sure. I have asked a member of staff to take over; they will reply in this conversation. "
        "You can also book an expert consultation.",
    ),
    "handoff_held": (
        "已收到，您的訊息已轉給服務人員，請稍候，他們會在這個對話中回覆您。"
        "在服務人員回覆前，機器人不會回答；想改由機器人回答，請輸入「回到機器人」。",
        "Got it: your message is with a member of staff, who will reply in this conversation. "
        "Until then the bot will not answer; to ask the bot instead, type \"back to bot\".",
    ),
    "handoff_released": (
        "好的，接下來由雲市集助理（機器人）回答您的問題，請直接輸入問題。",
        "All right: the assistant (the bot) answers again. Just type your question.",
    ),
    # Refusals and scope
    "refuse_injection": (
        "抱歉，我無法改變我的設定，也不能提供內部指示。我可以回答雲市集與數位轉型補助的問題。",
        "Sorry, I can't change how I work or share my internal instructions. I can answer questions "
        "about the Cloud Market programme.",
    ),
    "refuse_data": (
        "抱歉，為保護個人資料，我無法提供任何使用者或其他人的資料。如需查詢您自己的預約或申請，請輸入「查詢我的預約」。",
        "Sorry, to protect personal data I can't share anyone's information. To check your own "
        "booking or application, type \"check my booking\".",
    ),
    "refuse_abuse": (
        "我了解您可能不太滿意，我會盡力協助。請告訴我您想了解雲市集的哪個問題，或輸入「真人客服」由專人協助。",
        "I understand you may be frustrated; I'll do my best to help. Tell me what you'd like to know "
        "about the Cloud Market, or ask for a person.",
    ),
    "out_of_scope": (
        "抱歉，這個問題不在我能回答的範圍。我只回答臺灣雲市集、數位點數補助與數位轉型相關的問題。",
        "Sorry, that is outside what I can answer. I only answer questions about the Taiwan Cloud "
        "Market, its digital points and SME digital transformation.",
    ),
    "no_answer": (
        "抱歉，目前的知識庫沒有這個問題的可靠答案，我不想猜測。建議您預約專家諮詢，由專人為您解答。",
        "Sorry, the knowledge base has no reliable answer to that, and I won't guess. You could "
        "book an expert consultation.",
    ),
    "no_answer_related": ("您是不是想問以下問題？", "Did you mean one of these?"),
    "curated_not_covered": (
        "這個問題，計畫的公開文件沒有涵蓋，我無法從文件回答。計畫辦公室的說明：",
        "The programme's documents do not cover this, so I cannot answer it from them. The programme office says:",
    ),
    # Answers
    "answer_en_intro": (
        "", "Here is what the knowledge base says (it is written in Chinese):",
    ),
    "years_both": (
        "您沒有指定年度，以下兩個年度的規定不同，請依您申請的年度為準：",
        "You did not name a year, and the rules differ between years; use the one you applied in:",
    ),
    "clarify_hall": (
        "雲市集各館的規定不同，請問您想了解哪一館？",
        "The rules differ between the Cloud Market's halls. Which hall do you mean?",
    ),
    "related": ("相關問題", "Related"),
    # The documents do not say
    "gap_year": (
        "文件中沒有{asked}年度的這項規定（知識庫裡這項只有{known}年度的資料），請以主管機關當年度公告為準。",
        "The documents hold no rule for ROC year {asked} on this (the knowledge base has it for {known} "
        "only); check that year's official notice.",
    ),
    "gap_year_nearest": (
        "以下是最接近的{year}年度規定，僅供參考，不代表{asked}年度：",
        "The nearest rule on file is for ROC year {year}, for reference only (not {asked}):",
    ),
    "gap_year_nearest_other": (
        "以下是檔案中其他年度的規定，僅供參考，不代表{asked}年度：",
        "These are other years' rules on file, for reference only (not {asked}):",
    ),
    "gap_now": (
        "今天是{today}年度（臺北時間），知識庫的規定只到{known}年度，文件中沒有{today}年度的規定。",
        "It is ROC year {today} in Taipei today; the knowledge base has rules up to {known} only, "
        "none for {today}.",
    ),
    "gap_now_passed": (
        "檔案中的期限（{deadline}）都已經過了；今年是否受理，請以最新公告為準或洽詢專家。",
        "The deadlines on file ({deadline}) have all passed; for this year, check the latest notice or "
        "ask an expert.",
    ),
    "gap_hall": (
        "文件中沒有{asked}的這項規定；以下是{hall}的規定，僅供參考，不代表{asked}：",
        "The documents hold no such rule for {asked}; this is {hall}'s rule, for reference only (not {asked}'s):",
    ),
    "gap_personal": (
        "您公司的申請進度、審核結果或撥款時間，文件裡不會寫，需要由承辦人員查詢。"
        "在這裡送出的申請可以輸入「我的申請進度」查看；其他請洽真人客服。",
        "Your own application's progress, result or payment date is not in the documents; staff can "
        "look it up. Applications sent here show under \"my applications\"; otherwise ask a person.",
    ),
    "gap_entity": (
        "文件中沒有提到「{missing}」的資料，我無法回答它的情況。",
        "The documents say nothing about \"{missing}\", so I can't answer that.",
    ),
    "gap_term": (
        "文件中沒有寫到「{missing}」的規定，所以我無法確定可不可以。",
        "The documents say nothing about \"{missing}\", so I can't tell whether it is allowed.",
    ),
    "gap_term_plain": (
        "文件中沒有寫到「{missing}」的相關規定。",
        "The documents say nothing about \"{missing}\".",
    ),
    "gap_measure": (
        "文件中沒有寫到「{missing}」的數字。",
        "The documents give no figure for \"{missing}\".",
    ),
    "gap_fact": (
        "文件中沒有寫到您問的{what}。",
        "The documents do not state the {what} you asked about.",
    ),
    "gap_weak": (
        "我不確定文件有直接回答這個問題；文件裡最接近的內容是：",
        "I'm not sure the documents answer this directly; the closest they come is:",
    ),
    "gap_nearest": ("文件裡最接近的內容是：", "The closest the documents come is:"),
    "gap_expert": (
        "如需確認，建議預約專家諮詢，或洽詢主辦單位。",
        "To be sure, book an expert consultation or ask the programme office.",
    ),
    "fact_date": ("日期或期限", "date or deadline"),
    "fact_duration": ("期間長短", "length of time"),
    "fact_amount": ("金額或點數", "amount"),
    "fact_count": ("數量", "number"),
    "fact_points": ("點數", "number of points"),
    "fact_ratio": ("比例或自付成數", "share or ratio"),
    "fact_contact": ("聯絡方式（電話、信箱、帳號或網址）", "contact details"),
    "fact_price": ("價格", "price"),
    "fact_email": ("電子郵件信箱", "e-mail address"),
    "fact_phone": ("電話號碼", "phone number"),
    "fact_web": ("網址", "web address"),
    "fact_account": ("聯絡方式（LINE官方帳號或ID）", "LINE account or ID"),
    "fact_enumerate": ("分類或項目", "kinds or items"),
    # Terse topics
    "topic_menu": ("關於「{topic}」，知識庫可以回答這些問題，請選一個：",
                   "On \"{topic}\", I can answer these; pick one:"),
    "parts_intro": ("您問了{n}件事，分別回答：", "You asked {n} things; one by one:"),
    # Tasks
    "book_expert_no_flow": (
        "預約專家的線上表單即將開放。以下是目前的預約方式：",
        "Online expert booking is coming soon. This is how to book for now:",
    ),
    "apply_points_no_flow": (
        "線上申請表單即將開放。以下是申請數位點數的方式：",
        "The online application form is coming soon. This is how to apply for digital points:",
    ),
    "status_unavailable": (
        "目前還無法在這裡查詢預約或申請進度，請輸入「真人客服」由專人為您查詢。",
        "Checking bookings or applications here is not available yet; ask for a person and staff "
        "will look it up.",
    ),
    "privacy_erase_confirm": (
        "確定要刪除您在這個對話留下的個人資料嗎？會刪除對話紀錄、填到一半的表單與草稿；預約與申請會保留編號、狀態與金額"
        "供計畫稽核，但姓名、電話、Email 會改成「已刪除」。刪除後無法復原。",
        "Delete the personal data you left in this chat? Your chat history, unfinished forms and drafts are deleted; "
        "bookings and applications keep their reference, status and amounts for the programme's audit, with the name, "
        "phone and e-mail replaced by 「已刪除」. This cannot be undone.",
    ),
    "privacy_unavailable": ("目前無法在對話中處理個人資料的查詢或刪除，請聯絡客服人員協助。",
                            "I can't handle personal-data requests here right now; please ask our staff."),
    "act_erase_yes": ("確認刪除", "Delete my data"),
    "act_erase_no": ("不要刪除", "Keep it"),
    "act_my_data": ("查詢我的個人資料", "Show my data"),
    "status_none": ("目前查不到您的預約或申請紀錄。", "I found no booking or application of yours."),
    "status_list": ("您的紀錄如下：", "Here is what I found:"),
    # Flows
    "flow_cancelled": ("已取消，剛才填寫的內容不會送出。", "Cancelled; nothing was submitted."),
    "flow_restarted": ("好的，我們從頭開始。", "OK, let's start again."),
    "flow_at_start": ("已經是第一步了。", "This is already the first step."),
    "flow_confirm": ("請確認以下資料：", "Please check these details:"),
    "flow_confirm_hint": (
        "正確請按「確認送出」；要修改請按「修改」選擇欄位（或輸入欄位名稱），也可以輸入「上一步」「取消」。",
        "Press Submit if correct; to change an answer press Edit and pick the field (or type its name), "
        "or type back / cancel.",
    ),
    "flow_edit_which": ("要修改哪一項？請按該欄的「修改」，或輸入欄位名稱。",
                        "Which answer do you want to change? Press its Edit, or type the field's name."),
    "flow_committed": ("已送出，編號 {reference}。{message}", "Submitted, reference {reference}. {message}"),
    "flow_commit_failed": (
        "抱歉，送出時發生問題：{message}。您填的資料都還在，可以稍後再按「確認送出」。",
        "Sorry, submitting failed: {message}. Your answers are kept; try Submit again later.",
    ),
    "flow_resume": (
        "您之前的「{title}」還沒填完，要繼續嗎？",
        "You have an unfinished \"{title}\". Continue?",
    ),
    "flow_in_progress": ("您正在填寫「{title}」。", "You are filling in \"{title}\"."),
    "no_expert_free": (
        "目前沒有專家有可預約的空檔。您可以留下聯絡資料，由專人與您聯繫安排；或輸入「真人客服」。",
        "No expert has free time to book right now. Leave your contact details and we will call you back, "
        "or ask for a person.",
    ),
    "flow_picked": ("您選擇的時間：{value}", "You picked: {value}"),
    "flow_pick_choice": ("請從選項中選一個。", "Please pick one of the options."),
    "flow_step": ("（第{index}/{total}步）", "(step {index} of {total})"),
    "flow_control_hint": (
        "可隨時輸入「上一步」「重來」或「取消」。",
        "You can type back, restart or cancel at any time.",
    ),
    # Action labels
    "act_book_expert": ("預約專家", "Book an expert"),
    "act_apply_points": ("申請數位點數", "Apply for points"),
    "act_human": ("真人客服", "Talk to a person"),
    "act_back_to_bot": ("回到機器人", "back to bot"),
    "act_confirm": ("確認送出", "Submit"),
    "act_cancel": ("取消", "Cancel"),
    "act_back": ("上一步", "Back"),
    "act_edit": ("修改", "Edit"),
    "act_lookup": ("用申請編號查詢", "Look up by reference"),
    "act_edit_field": ("修改{field}", "Edit {field}"),
    "act_continue": ("繼續", "Continue"),
    "act_contact": ("留下聯絡資料", "Leave contact details"),
    "act_example_1": ("數位點數誰可以申請？", "Who can apply for digital points?"),
    "act_example_2": ("怎麼預約專家？", "How do I book an expert?"),
}


def t(key: str, lang: Language, **values: object) -> str:
    """The message `key` in `lang`; English falls back to Chinese where it has no text."""
    zh, en = _MESSAGES[key]
    text = en if lang == "en" and en else zh
    return text.format(**values) if values else text

"""What the curated-answers feature tells staff and experts (zh-TW, en). Convention as in the other
catalogues: a (zh, en) pair, unpacked into the domain error."""

from __future__ import annotations

Pair = tuple[str, str]

NOT_FOUND: Pair = ("找不到這則人工答覆。", "No such curated answer.")
BLANK: Pair = ("問題與答覆都不能空白。", "The question and the answer must not be blank.")
TOO_LONG: Pair = ("問題最多 500 字、答覆最多 4000 字、依據最多 200 字。",
                  "At most 500 characters for the question, 4000 for the answer, 200 for the source.")
BAD_HALL: Pair = ("館別只能是工業館、商業館、中小館或農業館。", "The hall must be one of the four halls.")
BAD_AUDIENCE: Pair = ("對象只能是 sme、vendor、expert 或 general。", "Audience: sme, vendor, expert or general.")
BAD_YEAR: Pair = ("年度請填民國年（例如 111）或西元年（例如 2022），或留白。",
                  "The year: a ROC year (e.g. 111) or a Gregorian one (e.g. 2022), or leave it blank.")
BAD_KIND: Pair = ("請選擇「答覆」或「此處無法回答」。", "Choose an answer or 'not answerable here'.")
NO_SOURCE: Pair = ("答覆請填寫依據（文件名稱或決定出處），使用者會看到它。",
                   "Give the answer's source (a document or decision): users see it.")
RETIRED_ALREADY: Pair = ("這則人工答覆已停用，不能再修改。", "This curated answer is retired and cannot be edited.")
NOT_YOURS: Pair = ("這個問題沒有邀請您回答，或已有人回答。",
                   "You were not invited to answer this question, or it is answered.")
NOT_A_DRAFT: Pair = ("只有專家送來的草稿可以發布。", "Only an expert's draft can be published.")
NO_SUCH_EXPERT: Pair = ("找不到這個專家帳號（或已停用）。", "No such active expert console account.")

AUDIENCE_LABELS = {"general": "所有人", "sme": "中小企業", "vendor": "服務供應商", "expert": "專家"}
KIND_LABELS = {"answer": "答覆", "not_answerable": "此處無法回答"}
STATUS_LABELS = {"active": "使用中", "retired": "已停用", "invited": "已邀請專家", "draft": "專家草稿待發布"}
REASON_LABELS = {
    "decline": "找不到夠相近的資料，機器人婉拒回答",
    "fact": "找到的資料沒有寫到問的事",
    "term": "資料沒有提到問題裡的詞",
    "entity": "資料沒有提到問題裡的名稱",
    "year": "知識庫沒有這個年度",
    "personal": "個別公司的情況，只有專人知道",
    "weak": "只找到不太相關的資料",
    "curated": "人工答覆：此處無法回答",
}
"""Why the bot declined, from its trace (the decision, or the gap it found)."""

FIELD_LABELS = {"question": "問題", "answer": "答覆", "year": "年度", "hall": "館別", "audience": "對象",
                "source": "依據", "retired": "含已停用", "curated_id": "人工答覆編號", "kind": "類型",
                "expert": "專家帳號"}
"""How zh-TW validation messages name the request fields (`Feature.field_labels`)."""

# What the staff page and the experts' page say after an action (zh-TW; the console is in zh-TW).
WRITTEN = "已發布人工答覆 #{id}：下一位問到這個問題（或類似說法）的使用者會收到這個答覆與依據。"
NOT_ANSWERABLE_SAVED = "已記錄 #{id}「此處無法回答」：類似的提問會收到您寫的說明與下一步建議。"
EDITED = "已更新人工答覆 #{id}。"
RETIRED = "已停用人工答覆 #{id}：它不再回答任何問題（紀錄保留）。"
PUBLISHED = "已發布專家 {expert} 的答覆 #{id}。"
INVITED = "已邀請專家 {expert} 回答：他會在專家後台看到這個問題。"
DRAFT_SENT = "已送出您的答覆，工作人員審閱後發布。"
CSRF_FAILED = "表單已過期或不是從本站送出，請重新整理頁面後再試一次。"

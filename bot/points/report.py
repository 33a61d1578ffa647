"""The eligibility verdict as the chat shows it: every 館, its reasons, and what it gives."""

from __future__ import annotations

from bot.points.evaluate import HallVerdict


def eligibility_text(verdicts: tuple[HallVerdict, ...], year: int, lang: str = "zh") -> str:
    """The verdict for every 館 with its reasons, and what each eligible 館 gives."""
    ok = [v for v in verdicts if v.eligible]
    if lang == "en":
        lines = [f"Eligibility for {year}:"]
        lines += [f"✔ {v.name('en')}: {v.hall.points.summary_en}\n   {v.explain('en')}" for v in ok]
        lines += [f"✘ {v.name('en')}: {'; '.join(r.line('en') for r in v.failed)}" for v in verdicts if not v.eligible]
        lines += [f"Note: {f.text('en')}" for v in ok for f in v.flags]
        return "\n".join(lines)
    lines = [f"【資格檢核：{year}年度】" if ok else f"【資格檢核】目前的資料不符合{year}年度任何一館的申請條件："]
    lines += [f"✔ {v.hall.hall}：{v.hall.points.summary}\n   {v.explain()}" for v in ok]
    lines += [f"✘ {v.hall.hall}：{'；'.join(r.line() for r in v.failed)}" for v in verdicts if not v.eligible]
    lines += [f"注意：{f.text()}" for f in dict.fromkeys(f for v in ok for f in v.flags)]
    sources = dict.fromkeys(v.hall.points.source.cite() for v in ok)
    lines += [f"出處：{s}" for s in sources]
    return "\n".join(lines)

"""`python -m bench report`: the tables of bench/README.md, printed from bench/results/*.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench import FLOOR_FILE, RESULTS_DIR
from bench.results import read

STYLES = {"colloquial": "colloquial", "simplified": "Simplified", "english": "English", "typo": "typos"}
OUTCOMES = {"clarify": "asked which 館 or year", "points_calculator": "sent to the points calculator"}
SET_NAMES = {"tuning": "tuning", "holdout": "held-out"}


def _missing(name: str) -> list[str]:
    return [f"(no bench/results/{name}.json yet: run `python -m bench {name}`)"]


def _measured(r: dict[str, Any]) -> str:
    return f"_measured {r['measured']} at {r['commit'] or 'an unknown commit'} on {r['cpus']} CPUs_"


def retrieval(r: dict[str, Any] | None) -> list[str]:
    if r is None:
        return _missing("retrieval")
    lines = [f"Retrieval, model `{r['model']}` ({_measured(r)})", "",
             "| set | mode | Recall@1 | Recall@5 | MRR@10 |", "|---|---|---|---|---|"]
    for name, s in r["sets"].items():
        for mode, m in s["modes"].items():
            cells = [f"{m['recall_at_1']:.3f}", f"{m['recall_at_5']:.3f}", f"{m['mrr_at_10']:.3f}"]
            if mode == "hybrid":
                mode, cells = f"**{mode}**", [f"**{c}**" for c in cells]
            lines.append(f"| {SET_NAMES.get(name, name)} ({s['n']}) | {mode} | " + " | ".join(cells) + " |")
    order = {style: i for i, style in enumerate(STYLES)}
    by_style = {SET_NAMES.get(name, name): ", ".join(
        f"{STYLES.get(style, style)} {v['recall_at_5']:.2f}"
        for style, v in sorted(s["hybrid_recall_at_5_by_style"].items(), key=lambda kv: order.get(kv[0], 99)))
        for name, s in r["sets"].items()}
    lines += ["", "Hybrid Recall@5 by style — " + "; ".join(f"{k}: {v}" for k, v in by_style.items()) + "."]
    q, i = r["query_ms"], r["ingest"]
    lines += ["", f"Speed: query p50 {q['p50']:.1f} ms, p95 {q['p95']:.1f} ms after warm-up; ingest of the shipped "
              f"knowledge base {i['chunks']} chunks from {i['files']} files in {i['seconds']:.1f} s "
              f"(≈{i['chunks_per_second']} chunks/s, embedding included); re-ingest of the unchanged corpus "
              f"{i['reingest_seconds']:.2f} s, {i['reingest_embedded'] or 'nothing'} embedded."]
    return lines


def engine(r: dict[str, Any] | None) -> list[str]:
    if r is None:
        return _missing("engine")
    q, o, lat = r["questions"], r["out_of_scope"], r["latency_ms"]
    others = ", ".join(f"{v} {OUTCOMES.get(k, k)}" for k, v in q["outcomes"].items() if k != "correct")
    correct = q["outcomes"].get("correct", 0)
    declined = o["outcomes"].get("declined", 0)
    return [f"Conversation engine ({_measured(r)})", "", "| figure | value |", "|---|---|",
            f"| labelled questions answered with the right first source | {correct}/{q['n']} "
            f"({q['right_source']:.1%}); {others} |",
            f"| out-of-scope / injection messages declined (`bench/questions_oos.yaml`, {o['n']}) | "
            f"{declined}/{o['n']} ({o['declined']:.0%}); {o['declined_without_topic_rules']:.1%} with the topic-word "
            "rules switched off |",
            f"| engine latency without LLM ({lat['n']} messages) | p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms "
            "(target p95 ≤ 30 ms) |"]


def load(r: dict[str, Any] | None) -> list[str]:
    if r is None:
        return _missing("load")
    lines = [f"/api/chat under load, {r['workers']} workers ({_measured(r)})", "",
             "| clients | req/s | p50 ms | p95 ms |", "|---|---|---|---|"]
    for level in r["levels"]:
        lat = level["latency_ms"]
        lines.append(f"| {level['clients']} | {level['requests_per_second']:.0f} | {lat['p50']:.1f} | "
                     f"{lat['p95']:.1f} |")
    return lines


def line(r: dict[str, Any] | None) -> list[str]:
    if r is None:
        return _missing("line")
    bursts = r["bursts"]
    p50s = [b["ack_ms"]["p50"] for b in bursts]
    answered = [b["answered_seconds"] for b in bursts]
    setup = f"{r['workers']} worker{'s' if r['workers'] > 1 else ''}, {r['database']}" + (
        f", {r['fail_rate']:.0%} of LINE calls answer 500" if r["fail_rate"] else "")
    return [f"LINE webhook, bursts of {r['events']} signed events from {r['senders']} senders ({_measured(r)})", "",
            f"| setup | ack p50 ms | ack p99 ms ({len(bursts)} bursts) | all {r['events']} answered | lost | doubled |",
            "|---|---|---|---|---|---|",
            f"| {setup} | {min(p50s):.0f}–{max(p50s):.0f} | "
            + ", ".join(f"{b['ack_ms']['p99']:.0f}" for b in bursts)
            + f" | {min(answered):.1f}–{max(answered):.1f} s | {sum(b['lost'] for b in bursts)} | "
            f"{sum(b['doubled'] for b in bursts)} |"]


def line_crash(r: dict[str, Any] | None) -> list[str]:
    if r is None:
        return _missing("line-crash")
    lines = [f"LINE, kill -9 right after an accepted reply in a burst of {r['events']} events from {r['senders']} "
             f"users, then a restart, {r['database']} ({_measured(r)})", "",
             "| round | killed after reply | webhooks redelivered | lost | doubled | exchanges / turns kept | "
             "restarted | all finished |", "|---|---|---|---|---|---|---|---|"]
    for n, x in enumerate(r["rounds"], start=1):
        lines.append(f"| {n} | {x['killed_after_reply']} | {x['redelivered']} | {x['lost']} | {x['doubled']} | "
                     f"{x['exchanges']} / {x['turns']} of {r['events']} | {x['restart_seconds']:.1f} s | "
                     f"{x['recovery_seconds']:.1f} s |")
    return lines


def experts(r: dict[str, Any] | None) -> list[str]:
    if r is None:
        return _missing("experts")
    a, db = r["availability"], r["availability_from_db"]
    lines = [f"Experts ({_measured(r)})", "",
             f"Availability for one expert with a year of rules ({a['weekly_rules']} weekly rules, "
             f"{a['date_exceptions']} date exceptions, {a['bookings']} bookings), whole 365-day horizon: median "
             f"{a['horizon_median_ms']:.1f} ms (target ≤ 20 ms); next 6 slots {a['next_6_median_ms']:.2f} ms; "
             f"including reading it all from {db['database']} {db['median_ms']:.1f} ms."]
    for race in r["race"]:
        lines.append(f"Booking race on {race['database']}, {race['attempts']} concurrent attempts at one slot: "
                     f"{race['booked']} booking, {race['slot_taken']} \"slot just taken\", "
                     f"{race['other_errors']} other errors.")
    return lines


def floor(path: Path = FLOOR_FILE) -> list[str]:
    from bench.floor import load_floor

    recorded = load_floor(path)
    lines = [f"Quality floor recorded in bench/floor.yaml (tolerance {recorded.tolerance:.2f})", "",
             "| set | hybrid Recall@5 | hybrid MRR@10 | engine right source |", "|---|---|---|---|"]
    for s in recorded.sets:
        figures = [s.recorded.get(f) for f in ("hybrid_recall_at_5", "hybrid_mrr_at_10", "engine_right_source")]
        lines.append(f"| {SET_NAMES.get(s.name, s.name)} ({len(s.load())}) | "
                     + " | ".join("-" if f is None else f"{f:.3f}" for f in figures) + " |")
    return lines


def report(directory: Path = RESULTS_DIR) -> str:
    sections = [retrieval(read("retrieval", directory)), floor(), engine(read("engine", directory)),
                load(read("load", directory)), line(read("line", directory)),
                line_crash(read("line-crash", directory)), experts(read("experts", directory))]
    return "\n\n".join("\n".join(s) for s in sections) + "\n"

"""Answer quality on multi-turn conversation sets (bench/sets/*/conversations.yaml).

Each turn says what a good reply holds (`must`: groups of acceptable spellings, all required;
`must_any`: any one), what it must not say (`must_not`), and whether an answer, an honest
"the documents do not say" (`unknown`) or either a clarifying menu or an answer
(`clarify_or_answer`) is expected. Every turn is classified as

- right: the expected kind of reply with the right facts;
- declined: declined, clarified or said "not stated" where an answer was expected (not right,
  but not misleading either);
- wrong: answered, with a source, without the right facts, or stated what must not be said —
  the worst outcome for a subsidy programme ("confidently wrong").

An `unknown` turn answered "the documents do not state this" is right even when the reply goes on
to show the nearest rule on file under its own year (「以下是其他年度的規定，僅供參考，不代表115年度：…」),
which the issue asks for, though `must_not` lists that figure (the set writers listed the figures
a bad bot would pass off as the answer); such turns are counted apart (`nearest`).

The engine runs with today's date in Taipei fixed (2026-12-01, ROC 115) and no LLM.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from bench import say
from bench.metrics import percentile
from bot.engine import Engine
from bot.types import CLARIFY, IncomingMessage, Reply
from knowledge.text import to_traditional

TODAY = datetime(2026, 12, 1, 2, 0, tzinfo=UTC).timestamp()  # 10:00 in Taipei, ROC 115
SETS_DIR = Path(__file__).parent / "sets"
_DROP = re.compile(r"[\s,，、．.。：:；;「」『』（）()【】\[\]!！?？~～\-－—]+")


def norm(text: str) -> str:
    """What matching compares: Traditional script, NFKC, lower case, no spaces or punctuation."""
    return _DROP.sub("", to_traditional(unicodedata.normalize("NFKC", text)).lower())


@dataclass(frozen=True)
class Turn:
    user: str
    expect: str
    must: tuple[tuple[str, ...], ...] = ()
    must_any: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conversation:
    id: str
    kind: str
    style: str
    turns: tuple[Turn, ...]


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)


def load_conversations(path: Path) -> list[Conversation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for raw in data:
        turns = tuple(Turn(user=str(t["user"]), expect=str(t.get("expect", "answer")),
                           must=tuple(_strings(g) for g in t.get("must") or ()),
                           must_any=_strings(t.get("must_any")), must_not=_strings(t.get("must_not")))
                      for t in raw["turns"])
        out.append(Conversation(str(raw["id"]), str(raw.get("kind", "")), str(raw.get("style", "")), turns))
    return out


def answered(reply: Reply) -> bool:
    """The reply presents facts as the answer (not a decline, a clarifying question or 'not stated')."""
    return not reply.declined and reply.intent != CLARIFY and not reply.states_unknown and reply.form is None


def shows_forbidden(turn: Turn, reply: Reply) -> bool:
    text = norm(reply.text)
    return any(norm(s) in text for s in turn.must_not if norm(s))


def classify(turn: Turn, reply: Reply) -> str:
    text = norm(reply.text)
    if turn.expect == "unknown" and reply.states_unknown and not answered(reply):
        # "the documents do not state X; the nearest rule on file (labelled 111年度) is …": a
        # neighbouring figure is not passed off as the answer (counted apart: `nearest`)
        return "right"
    if shows_forbidden(turn, reply):
        return "wrong"
    has_all = all(any(norm(s) in text for s in group) for group in turn.must)
    has_any = not turn.must_any or any(norm(s) in text for s in turn.must_any)
    if turn.expect == "unknown":
        if answered(reply):
            return "wrong"  # an answer to what the documents do not say is an invented one
        return "right"
    if turn.expect == "clarify_or_answer":
        if reply.intent == CLARIFY and len(reply.actions) >= 2:
            return "right"
        if answered(reply):
            return "right" if has_any and has_all else "wrong"
        return "declined"
    if answered(reply):
        return "right" if has_all and has_any else "wrong"
    if reply.states_unknown and has_all and turn.must and has_any:
        return "right"  # said what it knows (the asked fact included) and what it does not
    return "declined"


@dataclass
class Outcome:
    conversation: Conversation
    turn: Turn
    reply: Reply
    verdict: str
    ms: float


@dataclass
class SetReport:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)

    def shares(self, outcomes: Iterable[Outcome] | None = None) -> dict[str, float]:
        rows = list(self.outcomes if outcomes is None else outcomes)
        counts = Counter(o.verdict for o in rows)
        n = max(len(rows), 1)
        hedged = sum(1 for o in rows if o.verdict == "right" and o.reply.states_unknown)
        nearest = sum(1 for o in rows if o.verdict == "right" and o.turn.expect == "unknown"
                      and shows_forbidden(o.turn, o.reply))
        return {"n": len(rows), **{k: counts[k] / n for k in ("right", "declined", "wrong")}, "hedged": hedged / n,
                "nearest": nearest / n}

    def by_kind(self) -> dict[str, dict[str, float]]:
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for o in self.outcomes:
            groups[o.conversation.kind].append(o)
        return {kind: self.shares(rows) for kind, rows in sorted(groups.items())}


def run_set(engine: Engine, conversations: list[Conversation], name: str) -> SetReport:
    report = SetReport(name)
    for conv in conversations:
        for turn in conv.turns:
            started = time.perf_counter()
            reply = engine.handle(IncomingMessage(user_id=f"{name}:{conv.id}", channel="web", text=turn.user))
            ms = (time.perf_counter() - started) * 1000
            report.outcomes.append(Outcome(conv, turn, reply, classify(turn, reply), ms))
    return report


def conversation_sets() -> dict[str, list[Conversation]]:
    return {p.parent.name: load_conversations(p) for p in sorted(SETS_DIR.glob("*/conversations.yaml"))}


def build_engine_for_bench(tmp: Path, extra_paths: tuple[Path, ...] = ()) -> tuple[Engine, Any]:
    """The shipped knowledge base (and `extra_paths`) ingested into `tmp`; the engine over it."""
    from bench.kb import configured_model
    from bot.build import build_engine
    from ingest.pipeline import ingest_paths
    from knowledge import CONTENT_DIR
    from knowledge.assembly import build_knowledge

    model, models_dir = configured_model()
    knowledge = build_knowledge(embedding_model=model, models_dir=models_dir, cache_dir=tmp,
                                chroma_path=tmp / "chroma", refresh_seconds=0.0)
    ingest_paths([CONTENT_DIR, *extra_paths], store=knowledge.store)
    knowledge.store.snapshot()
    knowledge.store.refresh_interval = 2.0
    engine = build_engine(knowledge.searcher)
    engine.clock = lambda: TODAY
    return engine, knowledge


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m bench conversations")
    parser.add_argument("--misses", action="store_true", help="print every turn that was not right")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--dev", action="store_true",
                        help="the developers' probes (bench/dev, tuned on) instead of the report sets")
    args = parser.parse_args(argv)
    dev_dir = Path(__file__).parent / "dev"
    sets = ({f.stem.replace("conversations", "dev"): load_conversations(f) for f in sorted(dev_dir.glob("*.yaml"))}
            if args.dev else conversation_sets())
    with tempfile.TemporaryDirectory() as tmp:
        engine, _ = build_engine_for_bench(Path(tmp))
        for conv in next(iter(sets.values()))[:5]:  # warm-up
            engine.handle(IncomingMessage(user_id="warm", channel="web", text=conv.turns[0].user))
        results: dict[str, Any] = {}
        for name, conversations in sets.items():
            report = run_set(engine, conversations, name)
            total = report.shares()
            ms = [o.ms for o in report.outcomes]
            say(f"== {name}: {total['n']} turns in {len(conversations)} conversations ==")
            say(f"  right {total['right']:.3f} (of which hedged {total['hedged']:.3f})  "
                f"declined/clarified {total['declined']:.3f}  "
                f"[unknowns told 'not stated' beside a neighbouring figure {total['nearest']:.3f}]  "
                  f"confidently wrong {total['wrong']:.3f}   engine p50 {percentile(ms, .5):.1f} ms "
                  f"p95 {percentile(ms, .95):.1f} ms")
            for kind, s in report.by_kind().items():
                say(f"  {kind:<11} n={s['n']:<3} right {s['right']:.2f}  declined {s['declined']:.2f}  "
                      f"wrong {s['wrong']:.2f}")
            results[name] = {"total": total, "by_kind": report.by_kind(),
                             "p50_ms": percentile(ms, .5), "p95_ms": percentile(ms, .95)}
            if args.misses:
                for o in report.outcomes:
                    if o.verdict != "right":
                        say(f"  [{o.verdict}] {o.conversation.id} {o.conversation.kind}: {o.turn.user}\n"
                              f"      -> {o.reply.intent}: {o.reply.text[:160]!r}")
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

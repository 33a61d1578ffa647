"""`python -m bench retrieval|engine|load|upload|line|line-crash|experts|scale|retrieval-scale|floor|report|all`
(run from the repository root);
`python -m bench conversations|foreign [their options]` run the answer-quality sets (bench/sets)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from bench import HOLDOUT_DIR, OOS_FILE, RESULTS_DIR, TUNING_DIR, results
from bench.kb import configured_model as _model

out = Console(soft_wrap=True)
# The benchmarks measure capacity, so the servers they start do not apply the per-client abuse limits
# (api/abuse; they have their own tests). An operator's own settings in the environment still win.
UNLIMITED = {name: "1000000/minute" for name in (
    "RATE_LIMIT_CHAT", "RATE_LIMIT_CHAT_IP", "RATE_LIMIT_FEEDBACK", "RATE_LIMIT_FEEDBACK_IP",
    "RATE_LIMIT_APPLICATIONS_IP", "RATE_LIMIT_LINE")}
RUNS = ("retrieval", "engine", "load", "upload", "line", "experts")
SCALE = ("scale", "retrieval-scale")  # not part of `all`: minutes each, and `scale` needs PostgreSQL
FAULTS = ("line-crash",)  # not part of `all`: a few minutes of restarting servers
OWN_OPTIONS = ("conversations", "foreign")  # these parse their own arguments


def _run(name: str, args: argparse.Namespace) -> int:
    for setting, value in UNLIMITED.items():
        os.environ.setdefault(setting, value)
    figures: dict[str, Any] | None
    if name == "retrieval":
        from bench.retrieval import run_retrieval_bench

        model, models_dir = _model()
        figures = run_retrieval_bench(embedding_model=model, models_dir=models_dir, questions_dir=args.questions,
                                      holdout_dir=args.holdout, out=out)
    elif name == "engine":
        from bench.engine import run_engine_bench

        model, models_dir = _model()
        figures = run_engine_bench(embedding_model=model, models_dir=models_dir, questions_dir=args.questions,
                                   oos_path=args.oos, out=out, sweep=args.sweep)
    elif name == "load":
        from bench.load import run_load_bench

        figures = run_load_bench(models_dir=_model()[1], out=out, workers=args.workers, requests=args.requests,
                                 seconds=args.seconds)
    elif name == "retrieval-scale":
        from bench.retrieval_scale import run_retrieval_scale_bench

        model, models_dir = _model()
        figures = run_retrieval_scale_bench(embedding_model=model, models_dir=models_dir, out=out)
    elif name == "scale":
        from bench.scale import run_scale_bench

        figures = run_scale_bench(models_dir=_model()[1], out=out, database_url=args.database_url,
                                  requests=args.requests, seconds=args.seconds)
    elif name == "upload":
        from bench.upload import run_upload_bench

        figures = run_upload_bench(models_dir=_model()[1], out=out, workers=args.workers)
    elif name == "line":
        from bench.line import run_line_bench

        figures = run_line_bench(models_dir=_model()[1], out=out, events=args.events or 200,
                                 senders=args.senders or 16, workers=args.server_workers,
                                 database_url=args.database_url, fail_rate=args.fail_rate, bursts=args.bursts or 3)
    elif name == "line-crash":
        from bench.line_crash import run_line_crash_bench

        figures = run_line_crash_bench(models_dir=_model()[1], out=out, events=args.events or 50,
                                       senders=args.senders or 10, rounds=args.bursts or 3,
                                       database_url=args.database_url)
    else:
        from bench.experts import run_experts_bench

        figures = run_experts_bench(database_url=args.database_url, attempts=args.attempts)
    if figures is None:
        return 1
    path = results.write(name, figures, args.results if args.which != "all" else None)
    out.print(f"[dim]figures written to {path}[/dim]")
    return 1 if figures.get("ok") is False else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmarks (see bench/README.md).")
    parser.add_argument("which", choices=[*RUNS, *SCALE, *FAULTS, "floor", "report", "all", *OWN_OPTIONS])
    parser.add_argument("--results", type=Path, help="write the figures here (default bench/results/<name>.json)")
    parser.add_argument("--questions", type=Path, default=TUNING_DIR, help="retrieval, engine: question set")
    parser.add_argument("--holdout", type=Path, default=HOLDOUT_DIR, help="retrieval: held-out question set")
    parser.add_argument("--oos", type=Path, default=OOS_FILE, help="engine: out-of-scope questions")
    parser.add_argument("--sweep", action="store_true", help="engine: also sweep the confidence thresholds")
    parser.add_argument("--workers", type=int, default=2, help="load: uvicorn workers of the server under load")
    parser.add_argument("--requests", type=int, default=400, help="load: requests per concurrency level (at most)")
    parser.add_argument("--seconds", type=float, default=20.0, help="load: time per concurrency level (at most)")
    parser.add_argument("--events", type=int, help="line: signed events in the burst (200); line-crash: per "
                                                   "round (50)")
    parser.add_argument("--senders", type=int, help="line: concurrent senders (16); line-crash: users (10)")
    parser.add_argument("--server-workers", type=int, default=1, help="line: uvicorn workers")
    parser.add_argument("--bursts", type=int, help="line: measured bursts after a warm-up (3); line-crash: rounds (3)")
    parser.add_argument("--fail-rate", type=float, default=0.0, help="line: share of LINE calls answered 500")
    parser.add_argument("--database-url", help="line, line-crash, experts, scale: a PostgreSQL server (SQLite in "
                                               "a temporary directory when unset)")
    parser.add_argument("--attempts", type=int, default=60, help="experts: concurrent attempts at one slot")
    parser.add_argument("--record", action="store_true", help="floor: record this run's figures in bench/floor.yaml")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in OWN_OPTIONS:
        from bench import conversations, foreign

        return (conversations.main if argv[0] == "conversations" else foreign.main)(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.which == "report":
        from bench.report import report

        sys.stdout.write(report(args.results or RESULTS_DIR))
        return 0
    if args.which == "floor":
        from bench.floor import run_floor_bench

        _, problems = run_floor_bench(models_dir=_model()[1], out=out, record=args.record)
        return 1 if problems else 0
    if args.which == "all":
        codes = []
        for name in RUNS:
            out.print(f"\n[bold]### {name}[/bold]")
            codes.append(_run(name, args))
        return max(codes)
    return _run(args.which, args)


if __name__ == "__main__":
    raise SystemExit(main())

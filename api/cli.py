"""The `tcloud` command: one entry point with subcommands."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from api.observability.logs import install, uninstall
from api.settings import Settings
from api.startup import settings_problem, startup_problem
from knowledge.programme import HALLS
from knowledge.types import AUDIENCES

if TYPE_CHECKING:
    from bot.types import Reply
    from knowledge.types import Passage

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # an error line stays one line (grep, logs)


def _settings() -> Settings:
    return Settings()


def cmd_setup(args: argparse.Namespace) -> int:
    """Fetch the default embedding model and ingest the shipped knowledge base."""
    from knowledge import CONTENT_DIR
    from knowledge.model_fetch import ModelFetchError, ensure_use_model

    settings = _settings()
    try:
        path = ensure_use_model(settings.resolved_models_dir)
    except ModelFetchError as exc:
        err.print(f"[red]could not obtain the embedding model:[/red] {exc}")
        return 1
    out.print(f"embedding model ready: {path}")
    return _ingest([CONTENT_DIR], settings)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest files or directories into the knowledge store."""
    return _ingest([Path(p) for p in args.paths], _settings())


def _ingest(paths: list[Path], settings: Settings) -> int:
    from api.resources import build_knowledge, has_shipped_knowledge
    from ingest.pipeline import ingest_paths

    knowledge = build_knowledge(settings)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task({"load": "loading", "embed": "embedding"}[stage], total=total)
            bar.update(tasks[stage], completed=done, total=total)

        report = ingest_paths(paths, store=knowledge.store, progress=progress)
    for message in report.errors:
        err.print(f"[red]error:[/red] {message}")
    out.print(f"{report.files} files: {report.added} added, {report.updated} updated, "
              f"{report.removed} removed, {report.unchanged} unchanged "
              f"({report.seconds:.2f} s, model {knowledge.store.model.model_id})")
    if not has_shipped_knowledge(knowledge):
        err.print("[yellow]note:[/yellow] the shipped knowledge base is not in this index yet; "
                  "`tcloud setup` or `tcloud serve` adds it")
    return 1 if report.errors else 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Ask the assistant a question and show the reply as a user would see it."""
    from api.resources import build_knowledge
    from knowledge.types import SearchFilters

    settings = _settings()
    knowledge = build_knowledge(settings)
    if args.passages:
        filters = SearchFilters(audience=args.audience, hall=args.hall, year=args.year)
        return _print_passages(knowledge.searcher.search(" ".join(args.question), k=args.k, filters=filters),
                               args.json)

    from bot.answer.llm import LLMSettings
    from bot.build import build_engine
    from bot.channels.web import render_web
    from bot.types import IncomingMessage

    llm = None
    if settings.llm_base_url and not args.no_llm:
        llm = LLMSettings(settings.llm_base_url, settings.llm_model, settings.llm_api_key.get_secret_value(),
                          settings.llm_timeout_seconds)
    engine = build_engine(knowledge.searcher, llm=llm)
    for n, message in enumerate(args.question):  # several messages: one conversation, in order
        reply = engine.handle(IncomingMessage(user_id="cli", channel="cli", text=message))
        if args.json:
            sys.stdout.write(json.dumps({**render_web(reply), **({"trace": reply.trace} if args.explain else {})},
                                        ensure_ascii=False, indent=2) + "\n")
            continue
        if len(args.question) > 1:
            out.print(("\n" if n else "") + f"> {message}", markup=False, style="bold")
        _print_reply(reply)
        if args.explain:
            _print_explain(reply)
    return 0


DECISIONS = {
    "answer": "answered from the best passage", "years": "answered with each year's rule (no year named)",
    "clarify_hall": "asked which 館 (the rules differ by 館)", "decline": "declined: no passage is confident enough",
    "topic_menu": "a terse topic: offered the questions the knowledge base answers about it",
    "parts": "a question of several parts: each answered on its own",
}


def _print_explain(reply: Reply) -> None:
    """How the engine reached the reply: the rewritten question, ranks, the decision and why."""
    trace = reply.trace
    out.print("[bold]— explain —[/bold]")
    if trace.get("rewrite"):
        out.print(f"asked: {trace.get('asked', '')}  ->  rewritten ({trace['rewrite']}): {trace.get('question', '')}",
                  markup=False)
    elif trace.get("question"):
        out.print(f"question: {trace['question']}", markup=False)
    for p in trace.get("passages", []):
        out.print(f"  lexical #{p['lexical_rank'] or '-'}  dense #{p['dense_rank'] or '-'}  score {p['score']:.2f}  "
                  f"cos {p['dense']:.2f}  {p['year'] or ''}{p['hall'] or ''}  {p['title']}", markup=False)
    decision = trace.get("decision", reply.intent)
    out.print(f"decision: {DECISIONS.get(str(decision), decision)}", markup=False)
    if trace.get("runner_up"):
        out.print(f"  the best passage lacked the fact asked; answered from {trace['runner_up']}", markup=False)
    if trace.get("gap"):
        gap = trace["gap"]
        out.print(f"  the documents do not state it: {gap['kind']} {gap['missing']}", markup=False)
    if trace.get("chosen"):
        out.print(f"  quoted: {', '.join(trace['chosen'])} (the sentences shown above)", markup=False)
    for part in trace.get("each", []):
        out.print(f"  part: {part.get('question', '')} -> {part.get('decision', '')}", markup=False)


def _print_reply(reply: Reply) -> None:
    out.print(reply.text, markup=False)
    for i, s in enumerate(reply.sources, start=1):
        scope = " ".join(x for x in (f"{s.year}年度" if s.year else "", s.hall) if x)
        out.print(f"[dim]來源{i}：{s.source}｜{s.title}{'｜' + scope if scope else ''}（score {s.score:.2f}）[/dim]")
    if reply.actions:
        out.print("建議：" + "  ".join(f"[{a.label}]" for a in reply.actions), markup=False, style="dim")
    if reply.handoff:
        out.print("[dim]（已轉請專人協助）[/dim]")


def _print_passages(passages: list[Passage], as_json: bool) -> int:
    if as_json:
        rows = [{
            "rank": p.rank, "score": p.score, "title": p.chunk.title, "source": p.chunk.source,
            "section": p.chunk.section, "year": p.chunk.year or None, "hall": p.chunk.hall or None,
            "audience": p.chunk.audience, "kind": p.chunk.kind, "id": p.chunk.chunk_id, "text": p.chunk.text,
        } for p in passages]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not passages:
        out.print("（知識庫中沒有找到相關內容）")
        return 0
    for p in passages:
        c = p.chunk
        tags = " ".join(x for x in (p.year_label, c.hall, c.audience) if x)
        out.print(f"[bold]{p.rank}. {c.title}[/bold]  score={p.score:.2f}  [{tags}]")
        out.print(f"   來源：{c.source}{'｜' + c.section if c.section else ''}")
        out.print("   " + c.text.replace("\n", "\n   "))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web service (migrates the database and ingests the knowledge base first)."""
    import os

    settings = _settings()
    metrics_dir = _metrics_directory(settings, args.workers)
    if metrics_dir is not None:  # before prometheus_client is imported (it reads this at import)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)

    import uvicorn

    from api.db import engine_for
    from api.migrate import upgrade
    from api.observability.logs import log_config
    from api.resources import build_knowledge, ensure_shipped_knowledge

    # Done once here, so several workers never race to migrate or ingest.
    db = engine_for(settings)
    upgrade(db)
    db.dispose()
    if settings.ingest_on_start:
        ensure_shipped_knowledge(build_knowledge(settings))
    os.environ["AUTO_MIGRATE"] = "false"
    os.environ["INGEST_ON_START"] = "false"
    out.print(f"雲市集助理 on http://{args.host}:{args.port}/ ({args.workers} worker(s))")
    level = _log_level(settings, args.verbose)
    # proxy_headers off: X-Forwarded-For counts only from TRUSTED_PROXIES (api.app), not uvicorn's default.
    # The request line is ours (api.observability.middleware, with the request id): uvicorn's access log is off.
    try:
        uvicorn.run("api.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                    log_config=log_config(fmt=settings.resolved_log_format, level=level), log_level=level.lower(),
                    access_log=False, proxy_headers=False)
    finally:
        if metrics_dir is not None and settings.prometheus_multiproc_dir is None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _metrics_directory(settings: Settings, workers: int) -> Path | None:
    """Where the workers write their metrics (prometheus_client's multiprocess mode): the configured
    directory, emptied (the counts of an earlier run must not be added), or with several workers
    and none configured a temporary one; None for one worker without one."""
    directory = settings.prometheus_multiproc_dir
    if directory is None:
        return Path(tempfile.mkdtemp(prefix="tcloud-metrics-")) if workers > 1 else None
    for stale in directory.glob("*.db"):
        stale.unlink(missing_ok=True)
    return directory


def _log_level(settings: Settings, verbose: bool) -> str:
    return settings.log_level or ("INFO" if verbose else "WARNING")


def cmd_db(args: argparse.Namespace) -> int:
    """Apply database migrations."""
    from api.db import engine_for
    from api.migrate import upgrade

    settings = _settings()
    db = engine_for(settings)
    upgrade(db)
    db.dispose()
    out.print("database is at the newest schema")
    return 0


def cmd_line(args: argparse.Namespace) -> int:
    """LINE channel: set up the rich menu."""
    from api.line.commands import run_line_command

    return run_line_command(args, _settings(), out, err)


def cmd_experts(args: argparse.Namespace) -> int:
    """Manage expert consultations (seed the demo experts from a YAML file)."""
    from api.db import engine_for
    from api.experts.seed import DEFAULT_FILE, seed_experts
    from api.migrate import upgrade

    settings = _settings()
    if settings.environment == "production":
        # The shipped file prints the demo accounts' passwords: nobody may sign in with them for real.
        err.print("[red]error:[/red] `tcloud experts seed` creates demo accounts whose passwords are published "
                  "in the shipped YAML; it does not run with ENVIRONMENT=production. Add real experts through "
                  "the staff API (POST /api/experts, then /api/experts/{id}/account).", markup=True)
        return 2
    db = engine_for(settings)
    upgrade(db)
    report = seed_experts(db=db, path=Path(args.file) if args.file else DEFAULT_FILE)
    db.dispose()
    out.print(f"experts: {len(report.created)} created, {len(report.skipped)} already there")
    for message in report.errors:
        err.print(f"[red]error:[/red] {message}", markup=True)
    return 1 if report.errors else 0


def cmd_staff(args: argparse.Namespace) -> int:
    """Manage staff console accounts (create the first admin)."""
    import getpass

    from sqlmodel import Session

    import api.wiring  # noqa: F401  (registers every feature's tables, so foreign keys resolve)
    from api.db import engine_for
    from api.errors import DomainError
    from api.migrate import upgrade
    from api.staff.services.accounts import create_staff

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            err.print("[red]error:[/red] the two passwords differ", markup=True)
            return 1
    db = engine_for(_settings())
    upgrade(db)
    try:
        with Session(db) as session:
            account = create_staff(session=session, username=args.name, password=password, role=args.role,
                                   display_name=args.display_name or "", by="cli")
    except DomainError as exc:
        err.print(f"[red]error:[/red] {exc.en}", markup=True)
        return 1
    finally:
        db.dispose()
    out.print(f"staff account {account.username} ({account.role}) created; sign in at /staff/login")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tcloud", description="雲市集助理 (tcloud-assistant)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("setup", help=cmd_setup.__doc__)
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("serve", help=cmd_serve.__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("db", help=cmd_db.__doc__)
    p.add_argument("action", choices=["upgrade"])
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("experts", help=cmd_experts.__doc__)
    p.add_argument("action", choices=["seed"])
    p.add_argument("file", nargs="?", help="YAML file of experts (default: the shipped demo experts)")
    p.set_defaults(func=cmd_experts)

    p = sub.add_parser("staff", help=cmd_staff.__doc__)
    staff = p.add_subparsers(dest="action", required=True)
    q = staff.add_parser("create", help="create a staff account")
    q.add_argument("name", help="the sign-in name")
    q.add_argument("--role", required=True, choices=["admin", "reviewer", "editor"])
    q.add_argument("--display-name", help="the name shown in the console (default: the sign-in name)")
    q.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    q.set_defaults(func=cmd_staff)

    p = sub.add_parser("ingest", help=cmd_ingest.__doc__)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help=cmd_ask.__doc__)
    p.add_argument("question", nargs="+", help="one message, or several asked in order in one conversation")
    p.add_argument("--json", action="store_true", help="machine-readable output (the web chat JSON)")
    p.add_argument("--explain", action="store_true",
                   help="also print the rewritten question, lexical and dense ranks, and why it answered, "
                        "clarified or declined")
    p.add_argument("--passages", action="store_true", help="list the retrieved passages instead of replying")
    p.add_argument("--no-llm", action="store_true", help="answer without the LLM even when one is configured")
    p.add_argument("--k", type=int, default=5, help="--passages: number of passages (default 5)")
    p.add_argument("--audience", choices=AUDIENCES)
    p.add_argument("--hall", choices=HALLS)
    p.add_argument("--year", type=int, help="ROC programme year, e.g. 111")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("line", help=cmd_line.__doc__)
    p.add_argument("action", choices=["setup-richmenu"])
    p.add_argument("--font", help="setup-richmenu: a font with Chinese glyphs (found automatically if unset)")
    p.add_argument("--image", help="setup-richmenu: upload this 2500x843 image instead of drawing one")
    p.add_argument("--save", help="setup-richmenu: also write the image to this file")
    p.set_defaults(func=cmd_line)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = _settings()
    except ValidationError as exc:
        return _fatal(settings_problem(exc))
    install(fmt=settings.resolved_log_format, level=_log_level(settings, args.verbose))
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a command-line user gets one clear line, not a traceback
        from knowledge.embeddings import ModelUnavailable

        if isinstance(exc, ModelUnavailable):
            err.print(f"[red]{exc}[/red]")
            return 2
        problem = startup_problem(exc, settings.resolved_database_url)
        if problem is None:
            raise
        return _fatal(problem)
    finally:
        uninstall()  # main() may run inside another program (the tests): leave its logging as it was


def _fatal(problem: str) -> int:
    """One line on stderr (never wrapped, never markup) and the exit status of a failed start."""
    sys.stderr.write(f"tcloud: {problem}\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())

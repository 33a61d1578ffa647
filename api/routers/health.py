"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import ResourcesDep
from api.http_errors import prefers_english
from api.observability import messages as msg

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (liveness: it stays 200 while the database or the index is away)."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request, resources: ResourcesDep) -> JSONResponse:
    """Ready to serve: database reachable and migrated, knowledge index loaded and not being rebuilt,
    model loaded. 503 otherwise, saying what is missing."""
    report = await run_in_threadpool(resources.readiness.report)
    english = prefers_english(request)
    if report.ready:
        message = msg.READY[1] if english else msg.READY[0]
    else:
        message = (" " if english else "").join(msg.NOT_READY[name][1 if english else 0] for name in report.failing)
    return JSONResponse(status_code=200 if report.ready else 503,
                        content={"status": "ready" if report.ready else "not_ready", "checks": report.checks,
                                 "message": message})

"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.deps import ResourcesDep
from api.migrate import is_current

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(resources: ResourcesDep) -> JSONResponse:
    """Ready to serve: database reachable and migrated, knowledge index loaded, model loaded."""
    checks: dict[str, bool] = {}
    try:
        with resources.db.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = is_current(resources.db)
    except SQLAlchemyError:
        checks["database"] = False
    try:
        checks["index"] = len(resources.knowledge.store.snapshot()) > 0
    except Exception:  # any failure to read the index means not ready
        checks["index"] = False
    checks["model"] = resources.knowledge.store.model is not None
    ready = all(checks.values())
    return JSONResponse(status_code=200 if ready else 503,
                        content={"status": "ready" if ready else "not_ready", "checks": checks})

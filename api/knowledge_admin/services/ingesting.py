"""Uploads and replacements as ingest jobs: `start_*` stores the file and records a queued job (one
transaction); `run_job` ingests it, writing its progress as it goes, so any worker can show it.

A file with any bad record changes nothing: a new upload creates no document, a replacement keeps
the version that was answering. The job's report lists every problem with its line.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
import uuid
from pathlib import Path

from sqlalchemy.engine import Engine as DbEngine
from sqlmodel import Session

from api.errors import Conflict, InvalidInput, NotFound
from api.knowledge_admin import messages as msg
from api.knowledge_admin.rules.metadata import DocumentMeta, safe_filename
from api.knowledge_admin.services.reports import failure, report_dict
from api.knowledge_admin.tables import (
    ACTIVE,
    DONE,
    FAILED,
    RUNNING,
    KnowledgeDocument,
    KnowledgeJob,
)
from api.models import utcnow
from ingest.pipeline import Overrides, ingest_file
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)
_PROGRESS_EVERY = 0.5
"""Seconds between progress writes (a stage change is always written)."""


def _stage(uploads_dir: Path, index_id: str, filename: str, data: bytes) -> Path:
    """The file's own folder per version: a replacement never overwrites the version still answering."""
    if not data:
        raise InvalidInput(*msg.EMPTY_FILE, [{"field": "file", "problem": "empty"}])
    folder = uploads_dir / index_id / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_bytes(data)
    return path


def start_upload(*, session: Session, uploads_dir: Path, filename: str | None, data: bytes, meta: DocumentMeta,
                 by: str) -> KnowledgeJob:
    """A new document: the file stored, a job queued for `run_job`."""
    name = safe_filename(filename)
    index_id = uuid.uuid4().hex
    path = _stage(uploads_dir, index_id, name, data)
    job = KnowledgeJob(index_id=index_id, filename=name, path=str(path), meta=meta.as_dict(), created_by=by)
    session.add(job)
    session.commit()
    session.refresh(job)
    return job


def start_replace(*, session: Session, uploads_dir: Path, document_id: int, filename: str | None, data: bytes,
                  meta: DocumentMeta, by: str) -> KnowledgeJob:
    """A new version of a document (same index id: unchanged passages are not embedded again)."""
    document = session.get(KnowledgeDocument, document_id)
    if document is None:
        raise NotFound(*msg.NOT_FOUND)
    if document.status != ACTIVE:
        raise Conflict(*msg.RETIRED)
    name = safe_filename(filename)
    path = _stage(uploads_dir, document.index_id, name, data)
    job = KnowledgeJob(document_id=document_id, index_id=document.index_id, filename=name, path=str(path),
                       meta=meta.as_dict(), created_by=by)
    session.add(job)
    session.commit()
    session.refresh(job)
    return job


def get_job(*, session: Session, job_id: int) -> KnowledgeJob:
    job = session.get(KnowledgeJob, job_id)
    if job is None:
        raise NotFound(*msg.JOB_NOT_FOUND)
    return job


def run_job(*, db: DbEngine, store: KnowledgeStore, job_id: int) -> KnowledgeJob:
    """Ingest a queued job's file; never raises (a failure is the job's report)."""
    with Session(db) as session:
        job = get_job(session=session, job_id=job_id)
        job.state, job.updated_at = RUNNING, utcnow()
        session.add(job)
        session.commit()
        session.refresh(job)
        session.expunge(job)
    try:
        return _ingest(db=db, store=store, job=job)
    except Exception:
        log.exception("knowledge job %s failed", job_id)
        with Session(db) as session:
            failed = get_job(session=session, job_id=job_id)
            failed.state, failed.report, failed.updated_at = FAILED, failure("internal error"), utcnow()
            session.add(failed)
            session.commit()
            session.refresh(failed)
            return failed


def _ingest(*, db: DbEngine, store: KnowledgeStore, job: KnowledgeJob) -> KnowledgeJob:
    path = Path(job.path)
    last_stage, last_at = [""], [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last_stage[0] and now - last_at[0] < _PROGRESS_EVERY and done < total:
            return
        last_stage[0], last_at[0] = stage, now
        with Session(db) as session:
            row = session.get(KnowledgeJob, job.id)
            if row is not None:
                row.stage, row.done, row.total, row.updated_at = stage, done, total, utcnow()
                session.add(row)
                session.commit()

    previous: set[str] = set()
    if job.document_id is not None:
        with Session(db) as session:
            old = session.get(KnowledgeDocument, job.document_id)
            if old is not None:
                previous.add(old.path)
    meta = job.meta
    overrides = Overrides(audience=str(meta.get("audience") or ""), hall=str(meta.get("hall") or ""),
                          year=int(meta.get("year") or 0), source=str(meta.get("source") or ""))
    report = ingest_file(path, store=store, doc_id=f"upload:{job.index_id}", overrides=overrides,
                         default_source=job.filename, previous=previous, progress=progress)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with Session(db) as session:
        row = get_job(session=session, job_id=job.id or 0)
        row.report, row.updated_at = report_dict(report), utcnow()
        if report.problems:
            row.state = FAILED
            shutil.rmtree(path.parent, ignore_errors=True)  # the version that failed is not kept
        else:
            row.state = DONE
            document = session.get(KnowledgeDocument, job.document_id) if job.document_id else None
            old_path = document.path if document is not None else None
            if document is None:
                document = KnowledgeDocument(index_id=job.index_id, kind=report.kind, filename=job.filename,
                                             title=report.title[:300], path=str(path), content_hash=digest,
                                             ingested_by=job.created_by)
            document.kind, document.filename, document.title = report.kind, job.filename, report.title[:300]
            document.source, document.year = str(meta.get("source") or ""), int(meta.get("year") or 0)
            document.hall, document.audience = str(meta.get("hall") or ""), str(meta.get("audience") or "")
            document.chunk_count, document.content_hash, document.path = report.chunks, digest, str(path)
            document.report = report_dict(report)
            document.ingested_at = document.updated_at = utcnow()
            document.ingested_by = document.updated_by = job.created_by
            session.add(document)
            session.flush()
            row.document_id = document.id
            if old_path and old_path != str(path):
                shutil.rmtree(Path(old_path).parent, ignore_errors=True)
        session.add(row)
        session.commit()
        session.refresh(row)
        return row


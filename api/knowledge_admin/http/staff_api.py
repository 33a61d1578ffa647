"""Knowledge management for staff (bearer ADMIN_TOKEN or a staff account's token): upload a document
or an FAQ file, follow its ingest, list, replace, retire, delete, and try a question. What is
uploaded answers on every worker and instance within KNOWLEDGE_REFRESH_SECONDS, without a restart."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, File, Form, Query, Request, Response, UploadFile

from api.body_limit import body_limit
from api.deps import CurrentStaff, ResourcesDep, SessionDep, StaffOnly
from api.inputs import PathId
from api.knowledge_admin.http.schemas import DocumentOut, EntryOut, JobOut, ReportOut, TryIn, TryOut
from api.knowledge_admin.rules.metadata import checked_meta
from api.knowledge_admin.services import documents, ingesting
from api.knowledge_admin.services.trying import try_question
from api.knowledge_admin.tables import ACTIVE, KnowledgeDocument, KnowledgeJob
from api.resources import AppResources
from api.schemas import ErrorResponse

MAX_UPLOAD_BYTES = 30_000_000
"""An upload's request body (a long PDF with its images)."""

router = APIRouter(prefix="/api/admin", tags=["staff"], dependencies=[StaffOnly],
                   responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}})

Audience = Annotated[str, Form(max_length=16, description="sme, vendor, expert or general; blank: as the file says")]
Hall = Annotated[str, Form(max_length=8, description="工業館, 商業館, 中小館 or 農業館; blank: as the file says")]
Year = Annotated[str, Form(max_length=8, description="ROC year (115) or Gregorian; blank: as the file says")]
Source = Annotated[str, Form(max_length=200, description="The source document passages cite")]


def job_out(job: KnowledgeJob) -> JobOut:
    return JobOut(id=job.id or 0, state=job.state, stage=job.stage, done=job.done, total=job.total,
                  filename=job.filename, document_id=job.document_id,
                  report=ReportOut(**job.report) if job.report else None, created_by=job.created_by,
                  created_at=job.created_at, updated_at=job.updated_at)


def document_out(document: KnowledgeDocument, entries: list[EntryOut] | None = None) -> DocumentOut:
    return DocumentOut(id=document.id or 0, kind=document.kind, filename=document.filename, title=document.title,
                       source=document.source, year=document.year or None, hall=document.hall or None,
                       audience=document.audience or None, status=document.status,
                       chunk_count=document.chunk_count, content_hash=document.content_hash,
                       ingested_at=document.ingested_at, ingested_by=document.ingested_by,
                       updated_by=document.updated_by, report=ReportOut(**document.report), entries=entries)


def _entries(resources: AppResources, document: KnowledgeDocument) -> list[EntryOut]:
    if document.status != ACTIVE:
        return []
    return [EntryOut(id=c.chunk_id, title=c.title if c.kind == "faq" else c.heading_path, year=c.year or None,
                     hall=c.hall or None, audience=c.audience)
            for c in resources.knowledge.store.snapshot().chunks if c.source_path == document.path]


def run_in_background(resources: AppResources, job_id: int) -> None:
    ingesting.run_job(db=resources.db, store=resources.knowledge.store, job_id=job_id)


@router.post("/documents", status_code=202, response_model=JobOut, responses={413: {"model": ErrorResponse}})
@body_limit(MAX_UPLOAD_BYTES)
def upload_document(file: Annotated[UploadFile, File(description="md, txt, html, pdf, docx; FAQ yaml, csv, jsonl")],
                    session: SessionDep, resources: ResourcesDep, staff: CurrentStaff, tasks: BackgroundTasks,
                    audience: Audience = "", hall: Hall = "", year: Year = "", source: Source = "") -> JobOut:
    """Upload a document or FAQ file; it is ingested in the background (follow GET documents/jobs/{id})."""
    meta = checked_meta(audience=audience, hall=hall, year=year, source=source)
    job = ingesting.start_upload(session=session, uploads_dir=resources.settings.uploads_dir,
                                 filename=file.filename, data=file.file.read(), meta=meta, by=staff.name)
    tasks.add_task(run_in_background, resources, job.id or 0)
    return job_out(job)


@router.get("/documents/jobs/{job_id}", response_model=JobOut)
def document_job(job_id: PathId, session: SessionDep) -> JobOut:
    """An ingest's progress (stage, done of total) and, once finished, its report."""
    return job_out(ingesting.get_job(session=session, job_id=job_id))


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(session: SessionDep, retired: Annotated[bool, Query()] = True) -> list[DocumentOut]:
    """Uploaded documents and FAQ files, newest ingest first, with year, 館, source and chunk counts."""
    return [document_out(d) for d in documents.listed(session=session, include_retired=retired)]


@router.get("/documents/{document_id}", response_model=DocumentOut)
def document_detail(document_id: PathId, session: SessionDep, resources: ResourcesDep) -> DocumentOut:
    """One document, with the FAQ entries or passages it holds in the index."""
    document = documents.get(session=session, document_id=document_id)
    return document_out(document, _entries(resources, document))


@router.post("/documents/{document_id}/replace", status_code=202, response_model=JobOut,
             responses={409: {"model": ErrorResponse}, 413: {"model": ErrorResponse}})
@body_limit(MAX_UPLOAD_BYTES)
def replace_document(document_id: PathId, file: Annotated[UploadFile, File()], session: SessionDep,
                     resources: ResourcesDep, staff: CurrentStaff, tasks: BackgroundTasks, audience: Audience = "",
                     hall: Hall = "", year: Year = "", source: Source = "") -> JobOut:
    """A new version of a document; the old one answers until the new one is in (unchanged passages stay)."""
    meta = checked_meta(audience=audience, hall=hall, year=year, source=source)
    job = ingesting.start_replace(session=session, uploads_dir=resources.settings.uploads_dir,
                                  document_id=document_id, filename=file.filename, data=file.file.read(), meta=meta,
                                  by=staff.name)
    tasks.add_task(run_in_background, resources, job.id or 0)
    return job_out(job)


@router.post("/documents/{document_id}/retire", response_model=DocumentOut, responses={409: {"model": ErrorResponse}})
def retire_document(document_id: PathId, session: SessionDep, resources: ResourcesDep,
                    staff: CurrentStaff) -> DocumentOut:
    """No longer answered (out of the index on every worker within seconds), kept for the record."""
    return document_out(documents.retire(session=session, store=resources.knowledge.store, document_id=document_id,
                                         by=staff.name))


@router.delete("/documents/{document_id}", status_code=204)
def delete_document(document_id: PathId, session: SessionDep, resources: ResourcesDep,
                    staff: CurrentStaff) -> Response:
    """Out of the index, its file and its record gone."""
    documents.delete(session=session, store=resources.knowledge.store, uploads_dir=resources.settings.uploads_dir,
                     document_id=document_id, by=staff.name)
    return Response(status_code=204)


@router.post("/try-question", response_model=TryOut)
def try_a_question(body: TryIn, resources: ResourcesDep, request: Request) -> TryOut:
    """What the bot would answer a new user, with the rewritten question, passages, ranks, scores, decision."""
    trial = try_question(engine=resources.engine, question=body.question,
                         locale=request.headers.get("accept-language"))
    trace = trial.trace
    passages = [{**p, "rank": n} for n, p in enumerate(trace.get("passages", []), start=1)]
    return TryOut(reply=trial.reply, intent=trial.intent, decision=trace.get("decision"),
                  question=trace.get("question"), rewrite=trace.get("rewrite"), passages=passages, trace=trace)

"""The staff console's knowledge pages (editors and admins): /staff/knowledge (the documents, the
upload form with its metadata, the ingest report and its progress, retire / replace / delete) and
/staff/try (what the bot would answer, with its trace). Every action is a form post answered by a
redirect; the progress of an upload is polled with htmx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import ResourcesDep, SessionDep
from api.errors import DomainError
from api.inputs import PathId
from api.knowledge_admin.http.staff_api import run_in_background
from api.knowledge_admin.rules.metadata import checked_meta
from api.knowledge_admin.services import documents, ingesting
from api.knowledge_admin.services.trying import try_question
from api.staff.http.auth import CsrfChecked, StaffUser, require
from api.staff.http.pages import back
from api.staff.http.templating import StaffTemplates
from api.staff.rules import roles
from api.staff.services import audit
from knowledge.programme import HALLS
from knowledge.types import AUDIENCES

router = APIRouter(include_in_schema=False)
templates = StaffTemplates(Path(__file__).parents[1] / "templates")
Editor = Annotated[StaffUser, Depends(require(roles.KNOWLEDGE))]
AUDIENCE_LABELS = {"sme": "中小企業", "vendor": "供應商", "expert": "專家", "general": "一般"}


def _audit(session: Session, user: StaffUser, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    """Who did it, in the staff audit trail (the document registry also keeps `ingested_by`)."""
    audit.record(session, actor=user.username, role=user.role, action=action, target=target, detail=detail)
    session.commit()


@router.get("/staff/knowledge", response_class=HTMLResponse)
def knowledge_page(request: Request, session: SessionDep, user: Editor, job: int = 0, msg: str = "",
                   err: str = "") -> Response:
    current = None
    if 0 < job < 2**31:
        try:
            current = ingesting.get_job(session=session, job_id=job)
        except DomainError:
            current = None
    return templates.render(request, "knowledge/index.html", user, msg=msg[:200], err=err[:300],
                            documents=documents.listed(session=session), job=current, halls=HALLS,
                            audiences=[(a, AUDIENCE_LABELS.get(a, a)) for a in AUDIENCES])


@router.get("/staff/knowledge/jobs/{job_id}", response_class=HTMLResponse)
def job_fragment(request: Request, job_id: PathId, session: SessionDep, user: Editor) -> Response:
    """The progress of one upload (htmx polls it until the job is done or failed)."""
    return templates.render(request, "knowledge/job.html", user, job=ingesting.get_job(session=session, job_id=job_id))


@router.post("/staff/knowledge/upload")
def upload(session: SessionDep, resources: ResourcesDep, user: Editor, tasks: BackgroundTasks,
           file: Annotated[UploadFile, File()], audience: Annotated[str, Form(max_length=16)] = "",
           hall: Annotated[str, Form(max_length=8)] = "", year: Annotated[str, Form(max_length=8)] = "",
           source: Annotated[str, Form(max_length=200)] = "", document_id: Annotated[int, Form(ge=0, lt=2**31)] = 0,
           _: StaffUser = CsrfChecked) -> Response:
    try:
        meta = checked_meta(audience=audience, hall=hall, year=year, source=source)
        data = file.file.read()
        if document_id:
            job = ingesting.start_replace(session=session, uploads_dir=resources.settings.uploads_dir,
                                          document_id=document_id, filename=file.filename, data=data, meta=meta,
                                          by=user.name)
        else:
            job = ingesting.start_upload(session=session, uploads_dir=resources.settings.uploads_dir,
                                         filename=file.filename, data=data, meta=meta, by=user.name)
    except DomainError as exc:
        return back("/staff/knowledge", error=exc.zh)
    _audit(session, user, "document.replace" if document_id else "document.upload",
           f"document {document_id}" if document_id else str(file.filename or "")[:80], {"job": job.id})
    tasks.add_task(run_in_background, resources, job.id or 0)
    return RedirectResponse(f"/staff/knowledge?job={job.id}", status_code=303)


@router.post("/staff/knowledge/{document_id}/retire")
def retire(document_id: PathId, session: SessionDep, resources: ResourcesDep, user: Editor,
           _: StaffUser = CsrfChecked) -> Response:
    try:
        document = documents.retire(session=session, store=resources.knowledge.store, document_id=document_id,
                                    by=user.name)
    except DomainError as exc:
        return back("/staff/knowledge", error=exc.zh)
    _audit(session, user, "document.retire", f"document {document_id}", {"title": document.title})
    return back("/staff/knowledge", message=f"已停用「{document.title}」：不再回答，紀錄保留。")


@router.post("/staff/knowledge/{document_id}/delete")
def delete(document_id: PathId, session: SessionDep, resources: ResourcesDep, user: Editor,
           _: StaffUser = CsrfChecked) -> Response:
    try:
        documents.delete(session=session, store=resources.knowledge.store,
                         uploads_dir=resources.settings.uploads_dir, document_id=document_id, by=user.name)
    except DomainError as exc:
        return back("/staff/knowledge", error=exc.zh)
    _audit(session, user, "document.delete", f"document {document_id}")
    return back("/staff/knowledge", message="已刪除文件。")


@router.get("/staff/try", response_class=HTMLResponse)
def try_page(request: Request, user: Editor) -> Response:
    return templates.render(request, "knowledge/try.html", user, question="", trial=None, err="")


@router.post("/staff/try", response_class=HTMLResponse)
def try_form(request: Request, resources: ResourcesDep, user: Editor,
             question: Annotated[str, Form(max_length=1000)] = "", _: StaffUser = CsrfChecked) -> Response:
    try:
        trial = try_question(engine=resources.engine, question=question, locale="zh-TW")
    except DomainError as exc:
        return templates.render(request, "knowledge/try.html", user, question=question, trial=None, err=exc.zh,
                                status_code=400)
    return templates.render(request, "knowledge/try.html", user, question=question, trial=trial, err="")

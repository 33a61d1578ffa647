"""Staff write curated answers (bearer ADMIN_TOKEN or a staff account's token): the next user who
asks the question, or a paraphrase of it, is answered from it on every worker within seconds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.curated.http.schemas import CuratedIn, CuratedOut, QueueGroupOut
from api.curated.services import answers
from api.curated.services import queue as queue_service
from api.curated.tables import CuratedAnswer
from api.deps import CurrentStaff, ResourcesDep, SessionDep, SettingsDep, StaffOnly
from api.inputs import PathId
from api.schemas import ErrorResponse

router = APIRouter(prefix="/api/admin/curated-answers", tags=["staff"], dependencies=[StaffOnly],
                   responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}})


def out(item: CuratedAnswer) -> CuratedOut:
    return CuratedOut(id=item.id or 0, question=item.question, answer=item.answer, year=item.year or None,
                      hall=item.hall or None, audience=item.audience, source=item.source, kind=item.kind,
                      status=item.status, created_by=item.created_by, updated_by=item.updated_by,
                      invited_expert=item.invited_expert, created_at=item.created_at, hits=item.hits,
                      last_hit_at=item.last_hit_at)


queue = APIRouter(prefix="/api/admin/curation-queue", tags=["staff"], dependencies=[StaffOnly],
                  responses={401: {"model": ErrorResponse}})


@queue.get("", response_model=list[QueueGroupOut])
def curation_queue(session: SessionDep, resources: ResourcesDep, settings: SettingsDep,
                   limit: Annotated[int, Query(ge=1, le=2000)] = 500) -> list[QueueGroupOut]:
    """Unanswered and 👎 questions grouped by similar question, most-asked and newest first; groups a
    curated answer now covers come last, with its hit count."""
    embeddings = resources.knowledge.store.model.embeddings
    groups = queue_service.curation_queue(session=session, embed=embeddings.embed_documents, limit=limit,
                                          covers=settings.curated_min_similarity)
    return [QueueGroupOut(**vars(g)) for g in groups]


@router.post("", status_code=201, response_model=CuratedOut)
def create_curated(body: CuratedIn, session: SessionDep, staff: CurrentStaff) -> CuratedOut:
    """Write a curated answer; it answers at once (every worker within CURATED_REFRESH_SECONDS)."""
    return out(answers.create(session=session, question=body.question, answer=body.answer, year=body.year,
                              hall=body.hall, audience=body.audience, source=body.source, staff=staff.name,
                              kind=body.kind))


@router.get("", response_model=list[CuratedOut])
def list_curated(session: SessionDep, retired: Annotated[bool, Query()] = False) -> list[CuratedOut]:
    """Curated answers, newest first, with how many questions each has answered since."""
    return [out(item) for item in answers.listed(session=session, include_retired=retired)]


@router.delete("/{curated_id}", response_model=CuratedOut)
def retire_curated(curated_id: PathId, session: SessionDep, staff: CurrentStaff) -> CuratedOut:
    """Retire it: it answers nothing more and is kept for the record."""
    return out(answers.retire(session=session, curated_id=curated_id, staff=staff.name))

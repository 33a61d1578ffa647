"""The document registry: list, look up, retire and delete (each one transaction, with who did it).

Retiring takes a document's chunks out of the index (no longer answered, on every worker at its
next refresh) and keeps the row and the file for the record; deleting removes all three.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from api.errors import Conflict, NotFound
from api.knowledge_admin import messages as msg
from api.knowledge_admin.tables import ACTIVE, RETIRED, KnowledgeDocument, KnowledgeJob
from api.models import utcnow
from ingest.pipeline import remove_sources
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)


def listed(*, session: Session, include_retired: bool = True) -> list[KnowledgeDocument]:
    """Newest ingest first."""
    query = select(KnowledgeDocument)
    if not include_retired:
        query = query.where(KnowledgeDocument.status == ACTIVE)
    return list(session.exec(query.order_by(col(KnowledgeDocument.ingested_at).desc(),
                                            col(KnowledgeDocument.id).desc())).all())


def get(*, session: Session, document_id: int) -> KnowledgeDocument:
    document = session.get(KnowledgeDocument, document_id)
    if document is None:
        raise NotFound(*msg.NOT_FOUND)
    return document


def retire(*, session: Session, store: KnowledgeStore, document_id: int, by: str) -> KnowledgeDocument:
    """No longer answered (out of the index), kept for the record."""
    document = get(session=session, document_id=document_id)
    if document.status == RETIRED:
        raise Conflict(*msg.ALREADY_RETIRED)
    remove_sources({document.path}, store=store)
    document.status, document.updated_at, document.updated_by = RETIRED, utcnow(), by
    session.add(document)
    session.commit()
    session.refresh(document)
    return document


def delete(*, session: Session, store: KnowledgeStore, uploads_dir: Path, document_id: int, by: str) -> None:
    """Out of the index, the file removed, the row gone (its jobs keep their reports)."""
    document = get(session=session, document_id=document_id)
    remove_sources({document.path}, store=store)
    session.exec(update(KnowledgeJob).where(col(KnowledgeJob.document_id) == document_id)
                 .values(document_id=None))
    session.delete(document)
    session.commit()
    log.info("knowledge document %s (%s) deleted by %s", document_id, document.filename, by)
    folder = uploads_dir / document.index_id
    if folder.resolve().is_relative_to(uploads_dir.resolve()):
        shutil.rmtree(folder, ignore_errors=True)

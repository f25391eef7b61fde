"""Records of the verification workflow: every transition and override, the last
completeness check, scheduled publications and pending revisions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from ckan.model.base import BaseModel
from ckan.model.types import make_uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column


def _now() -> datetime:
    return datetime.now(UTC)


class WorkflowEvent(BaseModel):
    """One step of a dataset's history: who, when, from → to, note."""

    __tablename__ = "satudata_workflow_event"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=make_uuid)
    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE")
    )
    actor_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    step: Mapped[str] = mapped_column(sa.UnicodeText)
    from_status: Mapped[str] = mapped_column(sa.UnicodeText)
    to_status: Mapped[str] = mapped_column(sa.UnicodeText)
    note: Mapped[str | None] = mapped_column(sa.UnicodeText)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)


class CompletenessCheck(BaseModel):
    """The latest SDI completeness check of a dataset (each rule and the score)."""

    __tablename__ = "satudata_completeness"

    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    result: Mapped[dict[str, Any]] = mapped_column(JSONB)
    score: Mapped[int] = mapped_column(sa.Integer)
    checked_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    checked: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)


class Revision(BaseModel):
    """A produsen's change to a published dataset, waiting for the walidata: the
    published version stays live until the revision is approved."""

    __tablename__ = "satudata_revision"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=make_uuid)
    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE")
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(sa.UnicodeText, default="menunggu")
    created_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    created: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    decided_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    decided: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(sa.UnicodeText)


class PublicationSchedule(BaseModel):
    """An approved dataset to be published at ``release_at`` by the background worker.
    The row is the schedule (the queued job only wakes the worker); it goes when the
    dataset is published or leaves ``disetujui``."""

    __tablename__ = "satudata_publication_schedule"

    package_id: Mapped[str] = mapped_column(
        sa.UnicodeText, sa.ForeignKey("package.id", ondelete="CASCADE"), primary_key=True
    )
    release_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    scheduled_by: Mapped[str | None] = mapped_column(sa.UnicodeText)
    created: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)

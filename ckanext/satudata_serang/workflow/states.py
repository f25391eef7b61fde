"""The verification states of a dataset and who may move it between them. Pure.

draft → diajukan → (perlu_perbaikan → diajukan …) → [pemeriksaan_pembina when data
prioritas and a pembina is configured] → disetujui → ditayangkan → ditarik (→ diajukan).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    PERLU_PERBAIKAN = "perlu_perbaikan"
    PEMERIKSAAN_PEMBINA = "pemeriksaan_pembina"
    DISETUJUI = "disetujui"
    DITAYANGKAN = "ditayangkan"
    DITARIK = "ditarik"


class Role(StrEnum):
    PRODUSEN = "produsen"  # editor or admin of the dataset's OPD
    WALIDATA = "walidata"
    PEMBINA = "pembina"
    SYSADMIN = "sysadmin"


class Step(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"


# Statuses in which the produsen is still working: metadata may be incomplete.
EDITABLE = frozenset({Status.DRAFT, Status.PERLU_PERBAIKAN, Status.DITARIK})
# Who may take each step at all (otherwise: 403), whatever the dataset's status.
STEP_ROLES: dict[Step, frozenset[Role]] = {
    Step.SUBMIT: frozenset({Role.PRODUSEN, Role.SYSADMIN}),
    Step.RETURN: frozenset({Role.WALIDATA, Role.PEMBINA, Role.SYSADMIN}),
    Step.APPROVE: frozenset({Role.WALIDATA, Role.PEMBINA, Role.SYSADMIN}),
    Step.PUBLISH: frozenset({Role.WALIDATA, Role.SYSADMIN}),
    Step.WITHDRAW: frozenset({Role.WALIDATA, Role.SYSADMIN}),
}
NOTE_REQUIRED = frozenset({Step.RETURN, Step.WITHDRAW})


@dataclass(frozen=True)
class Refusal:
    """Why a step cannot be taken now (the caller may take it in another status)."""

    step: Step
    current: Status
    expected: tuple[Status, ...]


def may_take(step: Step, roles: Collection[Role]) -> bool:
    return bool(STEP_ROLES[step] & set(roles))


def _sources(step: Step, roles: Collection[Role]) -> tuple[Status, ...]:
    """The statuses from which ``roles`` may take ``step``."""
    roles = set(roles)
    checkers: list[Status] = []
    if Role.WALIDATA in roles or Role.SYSADMIN in roles:
        checkers.append(Status.DIAJUKAN)
    if Role.PEMBINA in roles or Role.SYSADMIN in roles:
        checkers.append(Status.PEMERIKSAAN_PEMBINA)
    match step:
        case Step.SUBMIT:
            return (Status.DRAFT, Status.PERLU_PERBAIKAN, Status.DITARIK)
        case Step.RETURN | Step.APPROVE:
            return tuple(checkers)
        case Step.PUBLISH:
            return (Status.DISETUJUI,)
        case Step.WITHDRAW:
            return (Status.DITAYANGKAN, Status.DISETUJUI)


def next_status(
    step: Step,
    current: Status,
    roles: Collection[Role],
    *,
    data_prioritas: bool = False,
    pembina_configured: bool = False,
) -> Status | Refusal:
    """The status after ``step``, or a Refusal saying which statuses would allow it.
    The caller checks ``may_take`` first (a role without the step is a 403)."""
    sources = _sources(step, roles)
    if current not in sources:
        return Refusal(step=step, current=current, expected=sources)
    match step:
        case Step.SUBMIT:
            return Status.DIAJUKAN
        case Step.RETURN:
            return Status.PERLU_PERBAIKAN
        case Step.APPROVE:
            if current is Status.DIAJUKAN and data_prioritas and pembina_configured:
                return Status.PEMERIKSAAN_PEMBINA
            return Status.DISETUJUI
        case Step.PUBLISH:
            return Status.DITAYANGKAN
        case Step.WITHDRAW:
            return Status.DITARIK


def is_public(status: Status) -> bool:
    return status is Status.DITAYANGKAN


def parse(value: object) -> Status:
    """A stored status. Anything else (none yet, a value from elsewhere) is a draft:
    nothing unchecked is ever public."""
    try:
        return Status(str(value))
    except ValueError:
        return Status.DRAFT

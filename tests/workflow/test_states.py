from __future__ import annotations

import itertools

import pytest

from ckanext.satudata_serang.workflow.states import (
    STEP_ROLES,
    Refusal,
    Role,
    Status,
    Step,
    may_take,
    next_status,
    parse,
)

S = Status

# (step, role, from) → to; every other combination a role may attempt is refused.
ALLOWED = {
    (Step.SUBMIT, Role.PRODUSEN, S.DRAFT): S.DIAJUKAN,
    (Step.SUBMIT, Role.PRODUSEN, S.PERLU_PERBAIKAN): S.DIAJUKAN,
    (Step.SUBMIT, Role.PRODUSEN, S.DITARIK): S.DIAJUKAN,
    (Step.RETURN, Role.WALIDATA, S.DIAJUKAN): S.PERLU_PERBAIKAN,
    (Step.RETURN, Role.PEMBINA, S.PEMERIKSAAN_PEMBINA): S.PERLU_PERBAIKAN,
    (Step.APPROVE, Role.WALIDATA, S.DIAJUKAN): S.DISETUJUI,
    (Step.APPROVE, Role.PEMBINA, S.PEMERIKSAAN_PEMBINA): S.DISETUJUI,
    (Step.PUBLISH, Role.WALIDATA, S.DISETUJUI): S.DITAYANGKAN,
    (Step.WITHDRAW, Role.WALIDATA, S.DITAYANGKAN): S.DITARIK,
    (Step.WITHDRAW, Role.WALIDATA, S.DISETUJUI): S.DITARIK,
}


@pytest.mark.parametrize(
    ("step", "role", "current"),
    list(itertools.product(Step, [Role.PRODUSEN, Role.WALIDATA, Role.PEMBINA], Status)),
)
def test_every_step_role_and_status(step, role, current):
    if not may_take(step, [role]):
        assert role not in STEP_ROLES[step]
        return
    outcome = next_status(step, current, [role])
    expected = ALLOWED.get((step, role, current))
    if expected is None:
        assert isinstance(outcome, Refusal)
        assert outcome.current is current
        assert current not in outcome.expected
    else:
        assert outcome is expected


def test_sysadmin_may_take_every_step_from_its_usual_status():
    for (step, _role, current), target in ALLOWED.items():
        assert next_status(step, current, [Role.SYSADMIN]) is target


def test_priority_data_goes_to_the_pembina_when_one_is_configured():
    assert (
        next_status(
            Step.APPROVE, S.DIAJUKAN, [Role.WALIDATA], data_prioritas=True, pembina_configured=True
        )
        is S.PEMERIKSAAN_PEMBINA
    )
    assert (
        next_status(Step.APPROVE, S.DIAJUKAN, [Role.WALIDATA], data_prioritas=True) is S.DISETUJUI
    )


def test_unknown_or_missing_status_is_a_draft():
    assert parse(None) is S.DRAFT
    assert parse("active") is S.DRAFT
    assert parse("ditayangkan") is S.DITAYANGKAN

"""Every role × action × status, through the real API over HTTP: allowed (200 and the
new status), or 403, or 409 (ValidationError).

The expected outcomes are the tables below, written from the issue (not read from the
production code):

- submit: the OPD's produsen and sysadmins, from draft, perlu_perbaikan or ditarik
  → diajukan;
- return and approve: the walidata from diajukan, the pembina from pemeriksaan_pembina,
  sysadmins from both (return → perlu_perbaikan, approve → disetujui; a data prioritas
  dataset approved from diajukan while pembina are configured → pemeriksaan_pembina);
- publish: walidata and sysadmins from disetujui → ditayangkan;
- withdraw: walidata and sysadmins from ditayangkan or disetujui → ditarik;
- a role that may never take a step: 403; one that may, on a dataset it may not see
  (the walidata and a draft, the pembina and what does not wait for them): 403, its
  status untold; one that may, but not from this status: 409.
- editing (package_update, package_patch, resource_create): a produsen edits while
  the dataset is theirs to work on (draft, perlu_perbaikan, ditarik) and is refused
  (409) while the walidata checks or has approved it; "a produsen's edit to a
  published dataset must not change what the public sees until the walidata approves
  it" (metadata: a waiting revision; files: refused until withdrawn); "walidata and
  sysadmin edits apply directly" (the walidata: once the dataset has been submitted,
  a draft is the OPD's own); nobody else edits.

Each combination that writes gets a fresh dataset in its status; refusals, which must
leave the dataset as it was, share one dataset per status (checked unchanged after).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.tests import helpers as ckan_helpers
from ckan.types import Context

from tests import sdi

STATUSES: tuple[str, ...] = (
    "draft",
    "diajukan",
    "perlu_perbaikan",
    "pemeriksaan_pembina",
    "disetujui",
    "ditayangkan",
    "ditarik",
)
ROLES = ("produsen", "produsen_lain", "walidata", "pembina", "sysadmin", "anonim")
USERS = {
    "produsen": "produsen_dinkes",
    "produsen_lain": "produsen_dishub",
    "walidata": "walidata_kominfo",
    "pembina": "pembina_bps",
    "sysadmin": "admin_uji",
}
OPD = "dinkes"
PEMBINA_SETTING = "ckanext.satudata_serang.pembina_users"
NOTE = "Catatan pengujian matriks."

# --- the tables -------------------------------------------------------------------------

_WORKING = ("draft", "perlu_perbaikan", "ditarik")
# step → role → {from status: new status}; a role missing may never take the step (403),
# a status missing is one it may not take the step from (409).
STEPS: dict[str, dict[str, dict[str, str]]] = {
    "satudata_submit": {
        "produsen": dict.fromkeys(_WORKING, "diajukan"),
        "sysadmin": dict.fromkeys(_WORKING, "diajukan"),
    },
    "satudata_return": {
        "walidata": {"diajukan": "perlu_perbaikan"},
        "pembina": {"pemeriksaan_pembina": "perlu_perbaikan"},
        "sysadmin": dict.fromkeys(("diajukan", "pemeriksaan_pembina"), "perlu_perbaikan"),
    },
    "satudata_approve": {
        "walidata": {"diajukan": "disetujui"},
        "pembina": {"pemeriksaan_pembina": "disetujui"},
        "sysadmin": dict.fromkeys(("diajukan", "pemeriksaan_pembina"), "disetujui"),
    },
    "satudata_publish": {
        "walidata": {"disetujui": "ditayangkan"},
        "sysadmin": {"disetujui": "ditayangkan"},
    },
    "satudata_withdraw": {
        "walidata": dict.fromkeys(("ditayangkan", "disetujui"), "ditarik"),
        "sysadmin": dict.fromkeys(("ditayangkan", "disetujui"), "ditarik"),
    },
}
# Who reads a dataset's review history (working notes between the OPD and the
# walidata), and who may take a step on it at all: whoever may see the unpublished dataset (its OPD, the walidata once it is
# submitted, the pembina while it waits for them, sysadmins), and for a published one
# the OPD, the walidata, the pembina and sysadmins. Everybody else: 403.
HISTORY: dict[str, set[str]] = {
    "produsen": set(STATUSES),
    "walidata": {s for s in STATUSES if s != "draft"},
    "pembina": {"pemeriksaan_pembina", "ditayangkan"},
    "sysadmin": set(STATUSES),
}
APPLIED = "applied"  # 200, the change is live
PENDING = "pending"  # 200, the public still sees the published version
_CURATED = {status: APPLIED for status in STATUSES if status != "draft"}
# edit action → role → {status: APPLIED | PENDING | 409 | 403}; a role missing: 403.
EDITS: dict[str, dict[str, dict[str, str | int]]] = {
    "package_update": {
        "produsen": {
            **dict.fromkeys(_WORKING, APPLIED),
            **dict.fromkeys(("diajukan", "pemeriksaan_pembina", "disetujui"), 409),
            "ditayangkan": PENDING,
        },
        "walidata": {**_CURATED, "draft": 403},
        "sysadmin": dict.fromkeys(STATUSES, APPLIED),
    },
    "resource_create": {
        "produsen": {
            **dict.fromkeys(_WORKING, APPLIED),
            # the files of a published dataset change only once it is withdrawn
            **dict.fromkeys(("diajukan", "pemeriksaan_pembina", "disetujui", "ditayangkan"), 409),
        },
        "walidata": {**_CURATED, "draft": 403},
        "sysadmin": dict.fromkeys(STATUSES, APPLIED),
    },
}
EDITS["package_patch"] = EDITS["package_update"]

KNOWN_WRONG: dict[tuple[str, str, str], str] = {}


def expected_step(action: str, role: str, status: str) -> str | int:
    table = STEPS[action]
    if role not in table or status not in HISTORY[role]:
        return 403
    return table[role].get(status, 409)


def expected_history(role: str, status: str) -> int:
    return 200 if status in HISTORY.get(role, set()) else 403


def expected_edit(action: str, role: str, status: str) -> str | int:
    return EDITS[action].get(role, {}).get(status, 403)


# --- the world --------------------------------------------------------------------------


@dataclass
class World:
    client: Any
    tokens: dict[str, str]
    org_id: str
    shared: dict[tuple[str, bool], str] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": self.tokens[role]} if role in self.tokens else {}

    def post(self, role: str, action: str, data: dict[str, Any]) -> tuple[int, Any]:
        response = self.client.post(
            f"/api/3/action/{action}", json=data, headers=self.headers(role)
        )
        body = response.get_json(silent=True) or {}
        return response.status_code, body.get("result", body.get("error"))

    def new_dataset(self, status: str, *, prioritas: bool = False) -> str:
        dataset = sdi.Dataset(
            status_verifikasi=status,
            owner_org=self.org_id,
            data_prioritas=prioritas,
            resources=[
                {
                    "url": "http://example.com/data.csv",
                    "format": "CSV",
                    "name": "Tabel",
                    "description": "Tabel dalam CSV.",
                }
            ],
        )
        return dataset["id"]

    def dataset(self, status: str, *, fresh: bool, prioritas: bool = False) -> str:
        if fresh:
            return self.new_dataset(status, prioritas=prioritas)
        key = (status, prioritas)
        if key not in self.shared:
            self.shared[key] = self.new_dataset(status, prioritas=prioritas)
        return self.shared[key]

    def forget_if_changed(self, dataset_id: str, status: str) -> bool:
        """Whether a shared dataset is still as it was (else the next test gets a new
        one)."""
        shown = show(dataset_id)
        same = shown["status_verifikasi"] == status and shown["definisi"] == ORIGINAL
        same = same and len(shown["resources"]) == 1 and not waiting_revision(dataset_id)
        if not same:
            self.shared = {k: v for k, v in self.shared.items() if v != dataset_id}
        return same


ORIGINAL = sdi.COMPLETE_METADATA["definisi"]
CHANGED = "Jumlah puskesmas aktif per 31 Desember (diubah)."


def show(dataset_id: str) -> dict[str, Any]:
    return tk.get_action("package_show")(
        cast(Context, {"ignore_auth": True, "use_cache": False}), {"id": dataset_id}
    )


def public_view(dataset_id: str) -> dict[str, Any] | None:
    """What an anonymous visitor gets from package_show (None: not allowed)."""
    try:
        return tk.get_action("package_show")(
            cast(Context, {"user": "", "use_cache": False}), {"id": dataset_id}
        )
    except tk.NotAuthorized:
        return None


def waiting_revision(dataset_id: str) -> bool:
    revision = tk.get_action("satudata_revision_show")(
        cast(Context, {"ignore_auth": True}), {"id": dataset_id}
    )
    return revision is not None


@pytest.fixture(scope="module")
def world(reset_db: Callable[[], None]) -> World:
    reset_db()
    app = ckan_helpers._get_test_app()  # pyright: ignore[reportPrivateUsage]
    factories.Sysadmin(name=USERS["sysadmin"])
    for role in ("produsen", "produsen_lain", "walidata", "pembina"):
        factories.User(name=USERS[role])
    org = sdi.Organization(name=OPD, users=[{"name": USERS["produsen"], "capacity": "editor"}])
    sdi.Organization(name="dishub", users=[{"name": USERS["produsen_lain"], "capacity": "editor"}])
    sdi.Organization(
        name="diskominfo", walidata=True, users=[{"name": USERS["walidata"], "capacity": "member"}]
    )
    tokens = {role: str(factories.APIToken(user=name)["token"]) for role, name in USERS.items()}
    return World(client=app.test_client(use_cookies=False), tokens=tokens, org_id=org["id"])


@pytest.fixture(autouse=True)
def _pembina(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pembina are configured (a list: the value is used as given). CKAN's
    ckan_config mark is not registered under this suite's --strict-markers."""
    monkeypatch.setitem(tk.config, PEMBINA_SETTING, [USERS["pembina"]])


def _cases(actions: Iterable[str], expected: Callable[[str, str, str], Any]) -> list[Any]:
    cases = []
    for action in actions:
        for role in ROLES:
            for status in STATUSES:
                marks = []
                reason = KNOWN_WRONG.get((action, role, status))
                if reason:
                    marks.append(pytest.mark.xfail(strict=True, reason=reason))
                cases.append(
                    pytest.param(
                        action,
                        role,
                        status,
                        expected(action, role, status),
                        id=f"{action}-{role}-{status}",
                        marks=marks,
                    )
                )
    return cases


def _assert_refused(
    world: World, code: int, result: Any, expected: int, dataset_id: str, status: str
):
    assert code == expected, result
    assert world.forget_if_changed(dataset_id, status), "a refused call changed the dataset"


# --- the steps --------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "role", "status", "expected"), _cases(STEPS, expected_step))
def test_step(world, action, role, status, expected):
    dataset_id = world.dataset(status, fresh=isinstance(expected, str))
    code, result = world.post(role, action, {"id": dataset_id, "note": NOTE})
    if isinstance(expected, int):
        _assert_refused(world, code, result, expected, dataset_id, status)
        return
    assert code == 200, result
    assert (result["status_verifikasi"], result["status_sebelumnya"]) == (expected, status)
    shown = show(dataset_id)
    assert shown["status_verifikasi"] == expected
    assert shown["private"] is (expected != "ditayangkan")


@pytest.mark.parametrize("role", ["walidata", "sysadmin"])
def test_approving_data_prioritas_sends_it_to_the_pembina(world, role):
    dataset_id = world.dataset("diajukan", fresh=True, prioritas=True)
    code, result = world.post(role, "satudata_approve", {"id": dataset_id})
    assert code == 200, result
    assert result["status_verifikasi"] == "pemeriksaan_pembina"
    code, result = world.post("pembina", "satudata_approve", {"id": dataset_id})
    assert code == 200, result
    assert result["status_verifikasi"] == "disetujui"


def test_the_pembina_may_not_take_data_prioritas_past_the_walidata(world):
    dataset_id = world.dataset("diajukan", fresh=False, prioritas=True)
    code, result = world.post("pembina", "satudata_approve", {"id": dataset_id})
    assert code == 403, result  # not theirs to see yet
    assert "diajukan" not in str(result).lower()
    assert world.forget_if_changed(dataset_id, "diajukan")


# --- the review history -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "role", "status", "expected"),
    _cases(["satudata_review_history"], lambda a, r, s: expected_history(r, s)),
)
def test_review_history(world, action, role, status, expected):
    dataset_id = world.dataset(status, fresh=False)
    code, result = world.post(role, action, {"id": dataset_id})
    if expected == 403:
        _assert_refused(world, code, result, 403, dataset_id, status)
        return
    assert code == 200, result
    assert isinstance(result, list)


# --- edits ------------------------------------------------------------------------------


def _edit(world: World, role: str, action: str, dataset_id: str) -> tuple[int, Any]:
    if action == "package_patch":
        return world.post(role, action, {"id": dataset_id, "definisi": CHANGED})
    if action == "package_update":
        return world.post(role, action, {**show(dataset_id), "definisi": CHANGED})
    return world.post(
        role,
        action,
        {
            "package_id": dataset_id,
            "url": "http://example.com/tambahan.csv",
            "format": "CSV",
            "name": "Tabel tambahan",
        },
    )


@pytest.mark.parametrize(("action", "role", "status", "expected"), _cases(EDITS, expected_edit))
def test_edit(world, action, role, status, expected):
    """The issue's rules for editing; see the module docstring."""
    dataset_id = world.dataset(status, fresh=isinstance(expected, str))
    before = public_view(dataset_id)
    code, result = _edit(world, role, action, dataset_id)
    if isinstance(expected, int):
        _assert_refused(world, code, result, expected, dataset_id, status)
        return
    assert code == 200, result
    shown = show(dataset_id)
    assert shown["status_verifikasi"] == status  # an edit is no workflow step
    changed = (
        len(shown["resources"]) == 2
        if action == "resource_create"
        else shown["definisi"] == CHANGED
    )
    if expected == APPLIED:
        assert changed
        return
    # PENDING: the public keeps the published version until the walidata approves.
    assert not changed
    assert public_view(dataset_id) == before
    assert waiting_revision(dataset_id)
    code, approved = world.post("walidata", "satudata_approve", {"id": dataset_id})
    assert code == 200, approved
    live = public_view(dataset_id)
    assert live is not None
    assert live["definisi"] == CHANGED
    assert live["status_verifikasi"] == "ditayangkan"


def test_the_tables_cover_every_combination():
    combos = len(ROLES) * len(STATUSES)
    assert len(_cases(STEPS, expected_step)) == 5 * combos
    assert len(_cases(EDITS, expected_edit)) == 3 * combos
    outcomes = {expected_step(a, r, s) for a in STEPS for r in ROLES for s in STATUSES}
    assert {403, 409} <= outcomes

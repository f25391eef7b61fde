"""Nothing leaks: a dataset that is not ditayangkan is seen only by who may see it, on
every surface CKAN 2.12 and the enabled plugins offer.

One catalog is built once for the module: two OPDs (dinkes, dishub), each with one
dataset in every status, reached through the real workflow actions (so the activity
streams hold what a real history holds, a withdrawn dataset's public past included).
Each dataset carries a word of its own (``bocor<opd><status>``) in its name, title,
tag, resource name, uploaded file and datastore table; a surface "shows" a dataset
when its word (or, for per-dataset requests, a 200 answer) comes back. Requests never
carry a dataset's word unless said otherwise, so an echo cannot pass for a leak.

Who may see what (the issue, not the production code): a published dataset is
public; any other is seen by its OPD's members, sysadmins, the walidata once it has
been submitted (every status but draft) and the pembina while it waits for them.
Surfaces that by design list only public datasets (feeds, DCAT catalog, package_list,
…) are expected to show the published ones to everybody.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote
from xml.etree import ElementTree

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckan.tests import helpers as ckan_helpers
from ckan.types import Context
from werkzeug.datastructures import FileStorage

from tests import sdi

OPDS = ("dinkes", "dishub")
STATUSES: tuple[str, ...] = (
    "draft",
    "diajukan",
    "perlu_perbaikan",
    "pemeriksaan_pembina",
    "disetujui",
    "ditayangkan",
    "ditarik",
)
PUBLISHED = "ditayangkan"
# The workflow steps (action, who) that bring a new draft to each status.
PATHS: dict[str, tuple[tuple[str, str], ...]] = {
    "draft": (),
    "diajukan": (("satudata_submit", "produsen"),),
    "perlu_perbaikan": (("satudata_submit", "produsen"), ("satudata_return", "walidata")),
    "pemeriksaan_pembina": (("satudata_submit", "produsen"), ("satudata_approve", "walidata")),
    "disetujui": (("satudata_submit", "produsen"), ("satudata_approve", "walidata")),
    "ditayangkan": (
        ("satudata_submit", "produsen"),
        ("satudata_approve", "walidata"),
        ("satudata_publish", "walidata"),
    ),
    "ditarik": (
        ("satudata_submit", "produsen"),
        ("satudata_approve", "walidata"),
        ("satudata_publish", "walidata"),
        ("satudata_withdraw", "walidata"),
    ),
}
ANONIM = "anonim"
VIEWERS = ("anonim", "produsen_dinkes", "produsen_dishub", "walidata", "pembina", "sysadmin")
USERS = {
    "produsen_dinkes": "produsen_dinkes",
    "produsen_dishub": "produsen_dishub",
    "walidata": "walidata_kominfo",
    "pembina": "pembina_bps",
    "sysadmin": "admin_uji",
}
GROUP = "kelompok-uji"
SHARED_WORD = "bocor"  # in every title: a query for it matches every dataset
FILENAME = "data.csv"
PEMBINA_SETTING = "ckanext.satudata_serang.pembina_users"
# A list: a patched value is used as given, and a string would be read letter by letter.
PEMBINA_VALUE = [USERS["pembina"]]


def word(opd: str, status: str) -> str:
    return f"bocor{opd}{status.replace('_', '')}"


ITEMS = [(opd, status) for opd in OPDS for status in STATUSES]
WORDS = [word(opd, status) for opd, status in ITEMS]
OPD_OF = {word(opd, status): opd for opd, status in ITEMS}
# Requests made once per dataset (pages, DCAT, datastore…) go to one OPD's seven: the
# other OPD is its mirror (its produsen is "another OPD's produsen" here), the lists
# and searches cover both, and the module stays fast.
SAMPLE_OPD = "dinkes"
SAMPLE = {word(SAMPLE_OPD, status) for status in STATUSES}


def may_see(viewer: str, opd: str, status: str) -> bool:
    """The rule of the issue."""
    if status == PUBLISHED or viewer in ("sysadmin", f"produsen_{opd}"):
        return True
    if viewer == "walidata":
        return status != "draft"
    if viewer == "pembina":
        return status == "pemeriksaan_pembina"
    return False


def allowed(viewer: str) -> set[str]:
    return {word(opd, status) for opd, status in ITEMS if may_see(viewer, opd, status)}


def public(viewer: str) -> set[str]:
    return {word(opd, PUBLISHED) for opd in OPDS}


def logged_in_allowed(viewer: str) -> set[str]:
    """Surfaces for logged-in users only (the dashboard, one's follows)."""
    return set() if viewer == ANONIM else allowed(viewer)


def walidata_stream(viewer: str) -> set[str]:
    """The walidata's own activity stream: the datasets they acted on (all but the
    drafts and the merely submitted), as far as the viewer may see them; no user pages
    for anonymous visitors."""
    untouched = {word(opd, status) for opd in OPDS for status in ("draft", "diajukan")}
    return logged_in_allowed(viewer) - untouched


def checkers(viewer: str) -> set[str]:
    """The review queue: for walidata, pembina and sysadmins, as their labels allow."""
    return allowed(viewer) if viewer in ("walidata", "pembina", "sysadmin") else set()


def sysadmin_all_else_public(viewer: str) -> set[str]:
    """current_package_list_with_resources: include_private only for sysadmins."""
    return set(WORDS) if viewer == "sysadmin" else public(viewer)


def own_opd_else_public(viewer: str) -> set[str]:
    """organization_show include_datasets: private datasets only for the OPD's members
    (and sysadmins); the walidata, not a member, gets the public list there."""
    return {
        w
        for (opd, status), w in zip(ITEMS, WORDS, strict=True)
        if status == PUBLISHED or viewer in ("sysadmin", f"produsen_{opd}")
    }


def creator_datasets(viewer: str) -> set[str]:
    """user_show include_datasets of both produsen (each created their OPD's datasets):
    private ones only for the user themself and sysadmins; anonymous may not see
    users at all (ckan.auth.public_user_details = false)."""
    if viewer == ANONIM:
        return set()
    return own_opd_else_public(viewer)


def nothing(viewer: str) -> set[str]:
    return set()


def expected_counts(words: set[str]) -> dict[str, int]:
    counts = {"total": len(words), "resources": len(words), "CSV": len(words)}
    for opd in OPDS:
        counts[f"org:{opd}"] = sum(1 for w in words if OPD_OF[w] == opd)
    return counts


# --- the catalog ----------------------------------------------------------------------


@dataclass
class Entry:
    opd: str
    status: str
    word: str
    id: str
    resource_id: str
    view_id: str
    activity_ids: list[str] = field(default_factory=list)


@dataclass
class Catalog:
    entries: list[Entry]
    tokens: dict[str, str]
    client: Any
    follow_refused: dict[str, list[str]]

    def headers(self, viewer: str) -> dict[str, str]:
        return {"Authorization": self.tokens[viewer]} if viewer in self.tokens else {}

    @property
    def sample(self) -> list[Entry]:
        return [e for e in self.entries if e.word in SAMPLE]


def _act(user: str, action: str, **data: Any) -> Any:
    return tk.get_action(action)(cast(Context, {"user": user}), data)


def _upload(content: str, filename: str, context: dict[str, Any], **fields: Any) -> Any:
    stream = FileStorage(BytesIO(content.encode()), filename, "upload")
    return ckan_helpers.call_action("resource_create", context, upload=stream, **fields)


@pytest.fixture(scope="module")
def catalog(reset_db: Callable[[], None]) -> Catalog:
    reset_db()
    app = ckan_helpers._get_test_app()  # pyright: ignore[reportPrivateUsage]
    # CKAN restores the whole configuration before each test (so does _pembina below);
    # the catalog is built under its own patch.
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(tk.config, PEMBINA_SETTING, PEMBINA_VALUE)
        return _build_catalog(app)


@pytest.fixture(autouse=True)
def _pembina(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pembina are configured. (CKAN's ckan_config mark is not registered under
    --strict-markers here, and would not reach the module fixture anyway.)"""
    monkeypatch.setitem(tk.config, PEMBINA_SETTING, PEMBINA_VALUE)


def _build_catalog(app: Any) -> Catalog:
    admin = factories.Sysadmin(name=USERS["sysadmin"])
    for viewer in ("produsen_dinkes", "produsen_dishub", "walidata", "pembina"):
        factories.User(name=USERS[viewer])
    for opd in OPDS:
        sdi.Organization(name=opd, users=[{"name": USERS[f"produsen_{opd}"], "capacity": "editor"}])
    sdi.Organization(
        name="diskominfo",
        walidata=True,
        users=[{"name": USERS["walidata"], "capacity": "member"}],
    )
    factories.Group(
        name=GROUP,
        user=admin,
        users=[{"name": USERS[f"produsen_{opd}"], "capacity": "member"} for opd in OPDS],
    )
    entries: list[Entry] = []
    for opd, status in ITEMS:
        w = word(opd, status)
        produsen = USERS[f"produsen_{opd}"]
        dataset = sdi.Dataset(
            context={"user": produsen},
            status_verifikasi="draft",
            name=w,
            title=f"Tabel {w} {SHARED_WORD}",
            owner_org=opd,
            tags=[{"name": w}],
            groups=[{"name": GROUP}],
            data_prioritas=status == "pemeriksaan_pembina",
        )
        resource = _upload(
            f"kata,nilai\n{w},1\n",
            FILENAME,
            {"user": produsen},
            package_id=dataset["id"],
            url=FILENAME,
            name=f"Berkas {w}",
            description=f"Tabel {w} dalam CSV.",
            format="CSV",
        )
        _act(
            admin["name"],
            "datastore_create",
            resource_id=resource["id"],
            force=True,
            fields=[{"id": "kata", "type": "text"}, {"id": "nilai", "type": "int"}],
            records=[{"kata": w, "nilai": 1}],
        )
        view = _act(
            admin["name"],
            "resource_view_create",
            resource_id=resource["id"],
            view_type="datatables_view",
            title="Tabel",
        )
        for action, who in PATHS[status]:
            user = produsen if who == "produsen" else USERS[who]
            _act(user, action, id=dataset["id"], note="Catatan uji.")
        shown = _act(admin["name"], "package_show", id=dataset["id"])
        assert shown["status_verifikasi"] == status, (w, shown["status_verifikasi"])
        assert shown["private"] is (status != PUBLISHED)
        activities = _act(admin["name"], "package_activity_list", id=dataset["id"], limit=100)
        entries.append(
            Entry(
                opd=opd,
                status=status,
                word=w,
                id=dataset["id"],
                resource_id=resource["id"],
                view_id=view["id"],
                activity_ids=[a["id"] for a in activities],
            )
        )
    tokens = {viewer: str(factories.APIToken(user=name)["token"]) for viewer, name in USERS.items()}
    # Every logged-in viewer follows everything they can: both OPDs, the group, the
    # people who act in the workflow and every dataset (a dashboard shows their
    # activity). Following a dataset one may not see is refused or harmless.
    follow_refused: dict[str, list[str]] = {}
    for viewer, name in USERS.items():
        for org in (*OPDS, GROUP):
            _act(name, "follow_group", id=org)
        for other in ("produsen_dinkes", "produsen_dishub", "walidata"):
            if other != viewer:
                _act(name, "follow_user", id=USERS[other])
        for entry in entries:
            try:
                _act(name, "follow_dataset", id=entry.id)
            except (tk.NotAuthorized, tk.ValidationError):
                follow_refused.setdefault(viewer, []).append(entry.word)
    client = app.test_client(use_cookies=False)  # no session: each request is its viewer
    return Catalog(entries=entries, tokens=tokens, client=client, follow_refused=follow_refused)


def test_the_catalog_holds_every_status_in_both_opds(catalog):
    assert [(e.opd, e.status) for e in catalog.entries] == ITEMS
    assert len(set(WORDS)) == len(WORDS)
    for a in WORDS:  # no word hides inside another
        assert not any(a != b and a in b for b in WORDS)


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v != ANONIM])
def test_a_dataset_one_may_not_see_cannot_be_followed(catalog, viewer):
    """follow_dataset by id is refused exactly for the datasets the viewer may not see
    (else following would confirm that a hidden dataset exists)."""
    refused = set(catalog.follow_refused.get(viewer, []))
    assert refused == set(WORDS) - allowed(viewer)


# --- reading the surfaces -------------------------------------------------------------


@dataclass
class Seen:
    words: set[str]
    counts: dict[str, int] = field(default_factory=dict)


def words_in(text: str) -> set[str]:
    return {w for w in WORDS if w in text}


def _get(catalog: Catalog, viewer: str, url: str, **kwargs: Any) -> Any:
    headers = {**catalog.headers(viewer), **kwargs.pop("headers", {})}
    return catalog.client.get(url, headers=headers, **kwargs)


def _text(response: Any) -> str:
    return response.get_data(as_text=True)


def page(catalog: Catalog, viewer: str, url: str, **kwargs: Any) -> str:
    """The body of a page, empty unless it answered 200."""
    response = _get(catalog, viewer, url, **kwargs)
    return _text(response) if response.status_code == 200 else ""


def api(catalog: Catalog, viewer: str, action: str, **data: Any) -> tuple[int, Any]:
    response = catalog.client.post(
        f"/api/3/action/{action}", json=data, headers=catalog.headers(viewer)
    )
    body = response.get_json(silent=True) or {}
    return response.status_code, body.get("result") if response.status_code == 200 else body


def api_text(catalog: Catalog, viewer: str, action: str, **data: Any) -> str:
    status, result = api(catalog, viewer, action, **data)
    return json.dumps(result) if status == 200 else ""


def per_entry(
    catalog: Catalog, fetch: Callable[[Entry], tuple[int, str]], *, status_only: bool = False
) -> set[str]:
    """The words of the datasets a per-dataset request answers with 200 (and, unless
    ``status_only``, with the dataset's word in the body)."""
    seen: set[str] = set()
    for entry in catalog.sample:
        status, text = fetch(entry)
        if status == 200 and (status_only or entry.word in text):
            seen.add(entry.word)
    return seen


def per_entry_page(catalog: Catalog, viewer: str, url: Callable[[Entry], str], **kw: Any):
    def fetch(entry: Entry) -> tuple[int, str]:
        response = _get(catalog, viewer, url(entry), **kw)
        return response.status_code, _text(response)

    return per_entry(catalog, fetch)


def per_entry_api(
    catalog: Catalog,
    viewer: str,
    action: str,
    data: Callable[[Entry], dict[str, Any]],
    *,
    status_only: bool = False,
) -> set[str]:
    def fetch(entry: Entry) -> tuple[int, str]:
        status, result = api(catalog, viewer, action, **data(entry))
        return status, json.dumps(result)

    return per_entry(catalog, fetch, status_only=status_only)


def search_counts(result: dict[str, Any]) -> dict[str, int]:
    facets = result.get("facets") or {}
    counts = {"total": int(result["count"])}
    if "organization" in facets:
        for opd in OPDS:
            counts[f"org:{opd}"] = int(facets["organization"].get(opd, 0))
    if "res_format" in facets:
        counts["CSV"] = int(facets["res_format"].get("CSV", 0))
    return counts


FACETS = ["organization", "res_format", "tags", "name", "groups"]


def _search(catalog: Catalog, viewer: str, **data: Any) -> Seen:
    status, result = api(catalog, viewer, "package_search", rows=100, **data)
    assert status == 200, result
    return Seen(words_in(json.dumps(result)), search_counts(result))


def s_package_search(catalog: Catalog, viewer: str) -> Seen:
    return _search(catalog, viewer, q="", **{"facet.field": FACETS})


def s_package_search_private(catalog: Catalog, viewer: str) -> Seen:
    return _search(
        catalog,
        viewer,
        q="",
        include_private=True,
        include_drafts=True,
        **{"facet.field": FACETS, "facet.limit": -1},
    )


def s_package_search_q_fl(catalog: Catalog, viewer: str) -> Seen:
    return _search(
        catalog,
        viewer,
        q=SHARED_WORD,
        fl=["name", "title", "notes"],
        include_private=True,
        **{"facet.field": FACETS},
    )


def s_package_search_tricks(catalog: Catalog, viewer: str) -> Seen:
    """Filters an outsider might try: asking for private ones, drafts, every label."""
    seen: set[str] = set()
    for data in (
        {"q": "*:*", "fq": "capacity:private", "include_private": True},
        {"q": "permission_labels:*", "include_private": True, "include_drafts": True},
        {"q": "", "fq": "+state:(active OR draft)", "include_private": True},
        {"q": f"title:{SHARED_WORD} OR private:true", "include_private": True},
    ):
        status, result = api(catalog, viewer, "package_search", rows=100, **data)
        if status == 200:
            seen |= words_in(json.dumps(result))
    return Seen(seen)


def s_package_search_each_word(catalog: Catalog, viewer: str) -> Seen:
    """q=<word> for each dataset: the count tells, whatever the body echoes."""
    seen: set[str] = set()
    for w in sorted(SAMPLE):
        status, result = api(catalog, viewer, "package_search", q=w, include_private=True, rows=0)
        if status == 200 and result["count"] > 0:
            seen.add(w)
    return Seen(seen)


def s_package_show(catalog: Catalog, viewer: str) -> Seen:
    return Seen(per_entry_api(catalog, viewer, "package_show", lambda e: {"id": e.id}))


def s_resource_show(catalog: Catalog, viewer: str) -> Seen:
    return Seen(per_entry_api(catalog, viewer, "resource_show", lambda e: {"id": e.resource_id}))


def s_resource_view_list(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_api(
            catalog,
            viewer,
            "resource_view_list",
            lambda e: {"id": e.resource_id},
            status_only=True,
        )
    )


def s_package_list(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(api_text(catalog, viewer, "package_list")))


def s_current_package_list_with_resources(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        words_in(api_text(catalog, viewer, "current_package_list_with_resources", limit=100))
    )


def s_organization_show(catalog: Catalog, viewer: str) -> Seen:
    seen: set[str] = set()
    counts: dict[str, int] = {}
    for opd in OPDS:
        status, result = api(catalog, viewer, "organization_show", id=opd, include_datasets=True)
        assert status == 200, result
        seen |= words_in(json.dumps(result["packages"]))
        counts[f"org:{opd}"] = result["package_count"]
    return Seen(seen, counts)


def s_organization_list(catalog: Catalog, viewer: str) -> Seen:
    """The OPDs with their dataset counts."""
    status, result = api(catalog, viewer, "organization_list", all_fields=True)
    assert status == 200, result
    counts = {f"org:{o['name']}": o["package_count"] for o in result if o["name"] in OPDS}
    return Seen(words_in(json.dumps(result)), counts)


def s_group_package_show(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(api_text(catalog, viewer, "group_package_show", id=GROUP, limit=100)))


def s_group_show(catalog: Catalog, viewer: str) -> Seen:
    status, result = api(catalog, viewer, "group_show", id=GROUP, include_datasets=True)
    assert status == 200, result
    return Seen(words_in(json.dumps(result)), {})


def s_group_list(catalog: Catalog, viewer: str) -> Seen:
    status, result = api(catalog, viewer, "group_list", all_fields=True)
    assert status == 200, result
    (group,) = result
    return Seen(words_in(json.dumps(result)), {"total": group["package_count"]})


def s_member_list(catalog: Catalog, viewer: str) -> Seen:
    """The packages of an OPD and of the group, as member ids."""
    ids: set[str] = set()
    for group in (*OPDS, GROUP):
        status, result = api(catalog, viewer, "member_list", id=group, object_type="package")
        if status == 200:
            ids |= {row[0] for row in result}
    return Seen({e.word for e in catalog.entries if e.id in ids})


def s_tag_list(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(api_text(catalog, viewer, "tag_list", all_fields=True)))


def s_tag_search(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(api_text(catalog, viewer, "tag_search", query=SHARED_WORD, limit=100)))


def s_tag_autocomplete_api(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        words_in(
            page(catalog, viewer, f"/api/2/util/tag/autocomplete?incomplete={SHARED_WORD}&limit=20")
        )
    )


def s_tag_show(catalog: Catalog, viewer: str) -> Seen:
    """tag_show include_datasets per tag (the tag is the word: only the datasets count)."""
    seen: set[str] = set()
    for w in sorted(SAMPLE):
        status, result = api(catalog, viewer, "tag_show", id=w, include_datasets=True)
        if status == 200:
            seen |= words_in(json.dumps(result.get("packages", [])))
    return Seen(seen)


def s_package_autocomplete(catalog: Catalog, viewer: str) -> Seen:
    seen: set[str] = set()
    for w in sorted(SAMPLE):
        status, result = api(catalog, viewer, "package_autocomplete", q=w, limit=20)
        if status == 200:
            seen |= {r["name"] for r in result} & set(WORDS)
    return Seen(seen)


def s_dataset_autocomplete_api(catalog: Catalog, viewer: str) -> Seen:
    seen: set[str] = set()
    for w in sorted(SAMPLE):
        text = page(catalog, viewer, f"/api/2/util/dataset/autocomplete?incomplete={w}&limit=20")
        if text:
            results = json.loads(text)["ResultSet"]["Result"]
            seen |= {r["name"] for r in results} & set(WORDS)
    return Seen(seen)


def s_resource_search(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(api_text(catalog, viewer, "resource_search", query=f"name:{SHARED_WORD}")))


def s_user_show_datasets(catalog: Catalog, viewer: str) -> Seen:
    seen: set[str] = set()
    for opd in OPDS:
        seen |= words_in(
            api_text(
                catalog, viewer, "user_show", id=USERS[f"produsen_{opd}"], include_datasets=True
            )
        )
    return Seen(seen)


def s_followee_list(catalog: Catalog, viewer: str) -> Seen:
    if viewer == ANONIM:
        return Seen(set())
    text = api_text(catalog, viewer, "followee_list", id=USERS[viewer])
    text += api_text(catalog, viewer, "dataset_followee_list", id=USERS[viewer])
    return Seen(words_in(text))


def s_review_queue(catalog: Catalog, viewer: str) -> Seen:
    """The walidata's review queue, status by status, and its counts per status."""
    seen: set[str] = set()
    counts: dict[str, int] = {}
    for status in STATUSES:
        code, result = api(catalog, viewer, "satudata_review_queue", status=status, limit=100)
        if code == 200:
            seen |= words_in(json.dumps(result))
            counts["total"] = sum(result["per_status"].values())
    return Seen(seen, counts)


# activity


def s_package_activity_list(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_api(
            catalog, viewer, "package_activity_list", lambda e: {"id": e.id, "limit": 100}
        )
    )


def s_organization_activity_list(catalog: Catalog, viewer: str) -> Seen:
    text = "".join(
        api_text(catalog, viewer, "organization_activity_list", id=opd, limit=100) for opd in OPDS
    )
    return Seen(words_in(text))


def s_group_activity_list(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(api_text(catalog, viewer, "group_activity_list", id=GROUP, limit=100)))


def s_recently_changed_packages_activity_list(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        words_in(api_text(catalog, viewer, "recently_changed_packages_activity_list", limit=100))
    )


def s_dashboard_activity_list(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(api_text(catalog, viewer, "dashboard_activity_list", limit=100)))


def s_user_activity_list(catalog: Catalog, viewer: str) -> Seen:
    """The streams of the people who acted: both produsen and the walidata."""
    text = "".join(
        api_text(catalog, viewer, "user_activity_list", id=USERS[who], limit=100)
        for who in ("produsen_dinkes", "produsen_dishub", "walidata")
    )
    return Seen(words_in(text))


def s_activity_data_show(catalog: Catalog, viewer: str) -> Seen:
    """Every past version of every dataset, by activity id. (The data of an activity
    is for who may edit the dataset, ckan.auth.public_activity_stream_detail being
    off: only leaks are checked.)"""
    seen: set[str] = set()
    for entry in catalog.sample:
        for activity_id in entry.activity_ids:
            text = api_text(catalog, viewer, "activity_data_show", id=activity_id)
            if entry.word in text:
                seen.add(entry.word)
                break
    return Seen(seen)


# pages


def _hrefs(text: str) -> set[str]:
    """Words linked as /dataset/<word> (the query a page echoes is not a link)."""
    return {w for w in WORDS if re.search(rf'href="[^"]*/dataset/{w}"', text)}


def s_page_dataset_search(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(page(catalog, viewer, "/dataset/")))


def s_page_dataset_search_q(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(page(catalog, viewer, f"/dataset/?q={SHARED_WORD}")))


def s_page_dataset_search_each_word(catalog: Catalog, viewer: str) -> Seen:
    """/dataset/?q=<word> (one query naming every word; only result links count)."""
    query = quote(" OR ".join(WORDS))
    return Seen(_hrefs(page(catalog, viewer, f"/dataset/?q={query}")))


def s_page_dataset(catalog: Catalog, viewer: str) -> Seen:
    return Seen(per_entry_page(catalog, viewer, lambda e: f"/dataset/{e.id}"))


def s_page_resource(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_page(catalog, viewer, lambda e: f"/dataset/{e.id}/resource/{e.resource_id}")
    )


def s_page_resource_view(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_page(
            catalog,
            viewer,
            lambda e: f"/dataset/{e.id}/resource/{e.resource_id}/view/{e.view_id}",
        )
    )


def s_page_download(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_page(
            catalog,
            viewer,
            lambda e: f"/dataset/{e.id}/resource/{e.resource_id}/download/{FILENAME}",
        )
    )


def s_page_organization(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in("".join(page(catalog, viewer, f"/organization/{o}") for o in OPDS)))


def s_page_organization_index(catalog: Catalog, viewer: str) -> Seen:
    """The OPD list with its dataset counts."""
    text = page(catalog, viewer, "/organization/")
    counts: dict[str, int] = {}
    for item in text.split('<li class="media-item">')[1:]:
        name = re.search(r'href="/organization/([^"]+)"', item)
        number = re.search(r'class="count">(\d+) Dataset', item)
        if name and number and name.group(1) in OPDS:
            counts[f"org:{name.group(1)}"] = int(number.group(1))
    assert len(counts) == len(OPDS), text[:2000]
    return Seen(words_in(text), counts)


def s_page_group(catalog: Catalog, viewer: str) -> Seen:
    return Seen(words_in(page(catalog, viewer, f"/group/{GROUP}")))


def s_page_home(catalog: Catalog, viewer: str) -> Seen:
    text = page(catalog, viewer, "/")
    counts: dict[str, int] = {}
    for key in ("datasets", "resources"):
        found = re.search(rf'data-count="{key}".*?<strong>(.*?)</strong>', text, re.S)
        assert found, text[:2000]
        number = re.sub(r"<[^>]+>|\s", "", found.group(1))
        counts["total" if key == "datasets" else "resources"] = int(number)
    return Seen(words_in(text), counts)


def s_page_dataset_activity(catalog: Catalog, viewer: str) -> Seen:
    return Seen(per_entry_page(catalog, viewer, lambda e: f"/dataset/activity/{e.id}"))


def s_page_organization_activity(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        words_in("".join(page(catalog, viewer, f"/organization/activity/{o}") for o in OPDS))
    )


def s_page_dashboard(catalog: Catalog, viewer: str) -> Seen:
    """Every page of the dashboard (each links to the older one)."""
    if viewer == ANONIM:  # the login page, which links nowhere near a dataset
        return Seen(set())
    text, url = "", "/dashboard/"
    for _ in range(10):
        body = page(catalog, viewer, url)
        text += body
        older = re.search(r'href="(/dashboard/\?before=[^"]+)"', body)
        if not older:
            break
        url = older.group(1).replace("&amp;", "&")
    return Seen(words_in(text))


def s_page_user_activity(catalog: Catalog, viewer: str) -> Seen:
    """The walidata's stream (the one who acts on every OPD's datasets)."""
    return Seen(words_in(page(catalog, viewer, f"/user/activity/{USERS['walidata']}")))


def s_page_user(catalog: Catalog, viewer: str) -> Seen:
    text = "".join(page(catalog, viewer, f"/user/{USERS[f'produsen_{o}']}") for o in OPDS)
    return Seen(words_in(text))


# DCAT


def s_dcat_catalog(catalog: Catalog, viewer: str) -> Seen:
    text = "".join(
        page(catalog, viewer, url)
        for url in ("/catalog.ttl", "/catalog.jsonld", "/catalog.rdf", "/catalog.xml", "/dcat.json")
    )
    text += page(catalog, viewer, "/", headers={"Accept": "text/turtle"})
    return Seen(words_in(text))


def s_dcat_catalog_actions(catalog: Catalog, viewer: str) -> Seen:
    text = api_text(catalog, viewer, "dcat_catalog_show", format="ttl")
    text += api_text(catalog, viewer, "dcat_catalog_search", q=SHARED_WORD, format="ttl")
    text += api_text(catalog, viewer, "dcat_datasets_list")
    return Seen(words_in(text))


def s_dcat_dataset(catalog: Catalog, viewer: str) -> Seen:
    seen: set[str] = set()
    for suffix in (".ttl", ".rdf"):
        seen |= per_entry_page(catalog, viewer, lambda e, s=suffix: f"/dataset/{e.id}{s}")
    return Seen(seen)


def s_dcat_dataset_negotiated(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_page(
            catalog, viewer, lambda e: f"/dataset/{e.id}", headers={"Accept": "text/turtle"}
        )
    )


def s_dcat_dataset_show(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_api(catalog, viewer, "dcat_dataset_show", lambda e: {"id": e.id, "format": "ttl"})
    )


# datastore


def s_datastore_search(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_api(catalog, viewer, "datastore_search", lambda e: {"resource_id": e.resource_id})
    )


def s_datastore_search_sql(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_api(
            catalog,
            viewer,
            "datastore_search_sql",
            lambda e: {"sql": f'SELECT * FROM "{e.resource_id}"'},
        )
    )


def s_datastore_info(catalog: Catalog, viewer: str) -> Seen:
    return Seen(
        per_entry_api(
            catalog, viewer, "datastore_info", lambda e: {"id": e.resource_id}, status_only=True
        )
    )


def s_datastore_table_metadata(catalog: Catalog, viewer: str) -> Seen:
    """The datastore's table list (the tables are named by resource id)."""
    text = api_text(catalog, viewer, "datastore_search", resource_id="_table_metadata", limit=1000)
    return Seen({e.word for e in catalog.entries if e.resource_id in text})


def s_datastore_dump(catalog: Catalog, viewer: str) -> Seen:
    return Seen(per_entry_page(catalog, viewer, lambda e: f"/datastore/dump/{e.resource_id}"))


def s_datatables_ajax(catalog: Catalog, viewer: str) -> Seen:
    form = {
        "draw": "1",
        "start": "0",
        "length": "10",
        "search[value]": "",
        "columns[0][name]": "kata",
        "columns[0][search][value]": "",
    }

    def fetch(entry: Entry) -> tuple[int, str]:
        response = catalog.client.post(
            f"/datatables/ajax/{entry.view_id}", data=form, headers=catalog.headers(viewer)
        )
        # A refusal is a 403 (CKAN's view lets resource_view_show's refusal escape:
        # views/errors.py answers it), never a 500.
        assert response.status_code in (200, 403), response.status_code
        return response.status_code, _text(response)

    return Seen(per_entry(catalog, fetch))


# feeds


def _feed_entries(text: str) -> str:
    """The entries of an Atom feed (not its self links, which echo the query)."""
    if not text:
        return ""
    root = ElementTree.fromstring(text)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    return "".join(ElementTree.tostring(e, encoding="unicode") for e in entries)


def s_feeds(catalog: Catalog, viewer: str) -> Seen:
    urls = [
        "/feeds/dataset.atom",
        *(f"/feeds/organization/{o}.atom" for o in OPDS),
        f"/feeds/group/{GROUP}.atom",
        f"/feeds/custom.atom?q={SHARED_WORD}",
    ]
    return Seen(words_in("".join(page(catalog, viewer, url) for url in urls)))


def s_feeds_tag(catalog: Catalog, viewer: str) -> Seen:
    seen: set[str] = set()
    for w in sorted(SAMPLE):
        seen |= words_in(_feed_entries(page(catalog, viewer, f"/feeds/tag/{w}.atom")))
    return Seen(seen)


# --- the table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    read: Callable[[Catalog, str], Seen]
    expected: Callable[[str], set[str]]
    # between public and allowed (a surface whose intended scope is not obvious)
    at_most: bool = False
    # only what must never show is checked (what does show depends on other rights)
    leak_only: bool = False
    # the datasets the counts count, when not the ones shown (a list of OPDs)
    counted: Callable[[str], set[str]] | None = None
    # asked once per dataset, of the SAMPLE
    per_dataset: bool = False


SURFACES: dict[str, Surface] = {
    # search and the action API
    "package_search": Surface(s_package_search, public),
    "package_search_private": Surface(s_package_search_private, allowed),
    "package_search_q_fl": Surface(s_package_search_q_fl, allowed),
    "package_search_tricks": Surface(s_package_search_tricks, allowed),
    "package_search_each_word": Surface(s_package_search_each_word, allowed, per_dataset=True),
    "package_show": Surface(s_package_show, allowed, per_dataset=True),
    "resource_show": Surface(s_resource_show, allowed, per_dataset=True),
    "resource_view_list": Surface(s_resource_view_list, allowed, per_dataset=True),
    "package_list": Surface(s_package_list, public),
    "current_package_list_with_resources": Surface(
        s_current_package_list_with_resources, sysadmin_all_else_public
    ),
    "organization_show": Surface(s_organization_show, own_opd_else_public),
    "organization_list": Surface(s_organization_list, nothing, counted=allowed),
    "group_package_show": Surface(s_group_package_show, public),
    "group_show": Surface(s_group_show, public),
    "group_list": Surface(s_group_list, nothing, counted=allowed),
    "member_list": Surface(s_member_list, allowed, at_most=True),
    "tag_list": Surface(s_tag_list, allowed, at_most=True),
    "tag_search": Surface(s_tag_search, allowed, at_most=True),
    "tag_autocomplete_api": Surface(s_tag_autocomplete_api, allowed, at_most=True),
    "tag_show": Surface(s_tag_show, public, per_dataset=True),
    "package_autocomplete": Surface(s_package_autocomplete, allowed, per_dataset=True),
    "dataset_autocomplete_api": Surface(s_dataset_autocomplete_api, allowed, per_dataset=True),
    "resource_search": Surface(s_resource_search, public),
    "user_show_datasets": Surface(s_user_show_datasets, creator_datasets),
    "followee_list": Surface(s_followee_list, logged_in_allowed),
    "satudata_review_queue": Surface(s_review_queue, checkers),
    # activity streams and dashboards
    "package_activity_list": Surface(s_package_activity_list, allowed, per_dataset=True),
    "organization_activity_list": Surface(s_organization_activity_list, public),
    "group_activity_list": Surface(s_group_activity_list, public),
    "recently_changed_packages_activity_list": Surface(
        s_recently_changed_packages_activity_list, allowed
    ),
    "dashboard_activity_list": Surface(s_dashboard_activity_list, logged_in_allowed),
    "user_activity_list": Surface(s_user_activity_list, logged_in_allowed),
    "activity_data_show": Surface(s_activity_data_show, allowed, leak_only=True, per_dataset=True),
    # pages
    "page_dataset_search": Surface(s_page_dataset_search, allowed),
    "page_dataset_search_q": Surface(s_page_dataset_search_q, allowed),
    "page_dataset_search_each_word": Surface(s_page_dataset_search_each_word, allowed),
    "page_dataset": Surface(s_page_dataset, allowed, per_dataset=True),
    "page_resource": Surface(s_page_resource, allowed, per_dataset=True),
    "page_resource_view": Surface(s_page_resource_view, allowed, per_dataset=True),
    "page_download": Surface(s_page_download, allowed, per_dataset=True),
    "page_organization": Surface(s_page_organization, allowed),
    "page_organization_index": Surface(s_page_organization_index, nothing, counted=allowed),
    "page_group": Surface(s_page_group, allowed),
    "page_home": Surface(s_page_home, public),
    "page_dataset_activity": Surface(s_page_dataset_activity, allowed, per_dataset=True),
    "page_organization_activity": Surface(s_page_organization_activity, public),
    "page_dashboard": Surface(s_page_dashboard, logged_in_allowed),
    "page_user_activity": Surface(s_page_user_activity, walidata_stream),
    "page_user": Surface(s_page_user, creator_datasets),
    # DCAT
    "dcat_catalog": Surface(s_dcat_catalog, public),
    "dcat_catalog_actions": Surface(s_dcat_catalog_actions, public),
    # DCAT is the public export, for everyone (issue 5): only published datasets.
    "dcat_dataset": Surface(s_dcat_dataset, public, per_dataset=True),
    "dcat_dataset_negotiated": Surface(s_dcat_dataset_negotiated, public, per_dataset=True),
    "dcat_dataset_show": Surface(s_dcat_dataset_show, public, per_dataset=True),
    # datastore
    "datastore_search": Surface(s_datastore_search, allowed, per_dataset=True),
    # SQL reads published tables only (logic/auth.py); sysadmins pass every auth check
    "datastore_search_sql": Surface(
        s_datastore_search_sql, sysadmin_all_else_public, per_dataset=True
    ),
    "datastore_info": Surface(s_datastore_info, allowed, per_dataset=True),
    # the table listing is switched off (ckan.datastore.public_table_search empty)
    "datastore_table_metadata": Surface(s_datastore_table_metadata, allowed, leak_only=True),
    "datastore_dump": Surface(s_datastore_dump, allowed, per_dataset=True),
    "datatables_ajax": Surface(s_datatables_ajax, allowed, per_dataset=True),
    # feeds
    "feeds": Surface(s_feeds, public),
    "feeds_tag": Surface(s_feeds_tag, public, per_dataset=True),
}

# Leaks found and not fixed yet: (surface, viewer) → what leaks. Each case is a strict
# xfail, so it turns red (XPASS) the day the leak is fixed and the entry must go.
_OUTSIDERS = ("anonim", "produsen_dinkes", "produsen_dishub", "walidata", "pembina")
_STALE = (
    "activity keeps the permission labels a dataset had when it happened: the public "
    "activities of a withdrawn (ditarik) dataset stay public"
)
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


def _cases() -> Iterable[Any]:
    for name in SURFACES:
        for viewer in VIEWERS:
            marks = []
            if (name, viewer) in KNOWN_LEAKS:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[(name, viewer)]))
            yield pytest.param(name, viewer, id=f"{name}-{viewer}", marks=marks)


@pytest.mark.parametrize(("surface", "viewer"), list(_cases()))
def test_nothing_leaks(catalog, surface, viewer):
    spec = SURFACES[surface]
    seen = spec.read(catalog, viewer)
    expected = spec.expected(viewer)
    lower = public(viewer)
    if spec.per_dataset:
        expected, lower = expected & SAMPLE, lower & SAMPLE
    leaked = seen.words - allowed(viewer)
    assert not leaked, f"{surface} shows {viewer} {sorted(leaked)}"
    if spec.at_most:
        assert lower <= seen.words, sorted(lower - seen.words)
    elif not spec.leak_only:
        assert seen.words == expected
    counts = expected_counts((spec.counted or spec.expected)(viewer))
    assert seen.counts == {key: counts[key] for key in seen.counts}

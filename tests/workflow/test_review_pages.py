"""The walidata's review pages over HTTP (views/review.py and the review page's steps
through views/steps.py): who may open them, what they list and count, bulk steps,
and what the review page shows and does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.lib import search
from ckan.tests import factories
from ckan.types import Context

from tests import sdi

pytestmark = pytest.mark.usefixtures("clean_db")

QUEUE = "/walidata/antrean"
BULK = "/walidata/antrean/massal"
WIB = timezone(timedelta(hours=7))


@dataclass
class Portal:
    app: Any
    tokens: dict[str, str]
    orgs: dict[str, str]

    def headers(self, who: str | None) -> dict[str, str]:
        return {"Authorization": self.tokens[who]} if who else {}

    def get(self, who: str | None, url: str, **kwargs: Any) -> Any:
        return self.app.get(url, headers=self.headers(who), **kwargs)

    def post(self, who: str | None, url: str, data: Any, **kwargs: Any) -> Any:
        return self.app.post(url, data=data, headers=self.headers(who), **kwargs)

    def page(self, who: str | None, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.get(who, url, status=200).body, "html.parser")

    def dataset(self, name: str, status: str, org: str = "dinkes", **fields: Any) -> str:
        created = sdi.Dataset(
            name=name,
            title=fields.pop("title", name.replace("-", " ").title()),
            owner_org=self.orgs[org],
            status_verifikasi=status,
            resources=[{"url": "http://example.com/data.csv", "format": "CSV", "name": "Tabel"}],
            **fields,
        )
        return created["id"]


def act(user: str, action: str, **data: Any) -> Any:
    return tk.get_action(action)(cast(Context, {"user": user}), data)


def status_of(dataset_id: str) -> str:
    shown = tk.get_action("package_show")(
        cast(Context, {"ignore_auth": True, "use_cache": False}), {"id": dataset_id}
    )
    return shown["status_verifikasi"]


@pytest.fixture
def portal(app: Any) -> Portal:
    names = {
        "produsen": "produsen_dinkes",
        "lain": "produsen_dishub",
        "walidata": "walidata_kominfo",
        "sysadmin": "admin_portal",
    }
    for who, name in names.items():
        (factories.Sysadmin if who == "sysadmin" else factories.User)(name=name)
    orgs: dict[str, str] = {
        "dinkes": sdi.Organization(
            name="dinkes",
            title="Dinas Kesehatan",
            users=[{"name": names["produsen"], "capacity": "editor"}],
        )["id"],
        "dishub": sdi.Organization(
            name="dishub",
            title="Dinas Perhubungan",
            users=[{"name": names["lain"], "capacity": "editor"}],
        )["id"],
    }
    sdi.Organization(
        name="diskominfo",
        title="Dinas Komunikasi dan Informatika",
        walidata=True,
        users=[{"name": names["walidata"], "capacity": "member"}],
    )
    tokens = {who: str(factories.APIToken(user=name)["token"]) for who, name in names.items()}
    return Portal(app=app, tokens=tokens, orgs=orgs)


def _rows(page: BeautifulSoup) -> list[str]:
    """The dataset titles of the queue's table."""
    return [link.get_text(strip=True) for link in page.select("table.satudata-queue tbody a")]


def _counts(page: BeautifulSoup) -> dict[str, int]:
    return {
        str(tab["data-status"]): int(_text(tab, ".satudata-count"))
        for tab in page.select(".satudata-queue-tabs a")
    }


def _text(page: Any, selector: str) -> str:
    """The text of the element ``selector`` picks (it must be there), spaces joined."""
    found = page.select_one(selector)
    assert found is not None, f"nothing matches {selector}"
    return " ".join(found.get_text().split())


def _attr(page: Any, selector: str, name: str) -> str:
    found = page.select_one(selector)
    assert found is not None, f"nothing matches {selector}"
    return str(found[name])


def _flashes(page: BeautifulSoup) -> list[str]:
    return [" ".join(alert.get_text().split()) for alert in page.select(".flash-messages .alert")]


def _backdate(dataset_id: str, days: int) -> None:
    """The dataset has been in its status for ``days`` days."""
    package = model.Package.get(dataset_id)
    assert package is not None
    since = datetime.now(UTC) - timedelta(days=days)
    package.extras = {**package.extras, "status_sejak": since.strftime("%Y-%m-%dT%H:%M:%SZ")}
    model.Session.commit()
    search.rebuild(dataset_id)


# --- who may open the pages --------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(portal):
    dataset = portal.dataset("diajukan-satu", "diajukan")
    for url in (QUEUE, f"/dataset/{dataset}/periksa"):
        response = portal.get(None, url, follow_redirects=False)
        assert response.status_code == 302
        assert "/user/login" in response.headers["Location"]
    response = portal.post(None, BULK, {"id": dataset, "langkah": "setujui"})
    assert "/user/login" in response.request.path
    assert status_of(dataset) == "diajukan"


@pytest.mark.parametrize("who", ["produsen", "lain"])
def test_producers_get_403_and_change_nothing(portal, who):
    dataset = portal.dataset("puskesmas", "diajukan")
    portal.get(who, QUEUE, status=403)
    portal.get(who, "/dataset/puskesmas/periksa", status=403)
    portal.post(who, BULK, {"id": dataset, "langkah": "setujui"}, status=403)
    assert status_of(dataset) == "diajukan"


def test_the_header_and_dataset_page_link_the_review_pages_for_the_walidata_only(portal):
    portal.dataset("puskesmas", "diajukan")
    walidata = portal.page("walidata", "/dataset/puskesmas")
    assert _text(walidata, f"header a[href='{QUEUE}']") == "Antrean Verifikasi"
    review_link = walidata.select_one("a.satudata-review-link")
    assert review_link is not None and review_link["href"] == "/dataset/puskesmas/periksa"
    produsen = portal.page("produsen", "/dataset/puskesmas")
    assert produsen.select_one(f"a[href='{QUEUE}']") is None
    assert produsen.select_one("a.satudata-review-link") is None
    assert _text(produsen, "header a[href='/data-saya']") == "Data saya"
    assert portal.page(None, "/").select_one("a[href='/data-saya']") is None


# --- the queue --------------------------------------------------------------------------


def test_the_queue_counts_every_status_and_lists_what_waits(portal):
    portal.dataset("aa-puskesmas", "diajukan", title="Jumlah Puskesmas")
    portal.dataset("bb-angkutan", "diajukan", org="dishub", title="Trayek Angkutan Kota")
    portal.dataset("disetujui", "disetujui")
    portal.dataset("perbaikan", "perlu_perbaikan")
    portal.dataset("tayang", "ditayangkan")
    portal.dataset("ditarik", "ditarik")
    portal.dataset("draf", "draft")
    page = portal.page("walidata", QUEUE)
    assert _counts(page) == {
        "menunggu": 2,
        "diajukan": 2,
        "pemeriksaan_pembina": 0,
        "disetujui": 1,
        "perlu_perbaikan": 1,
        "ditayangkan": 1,
        "ditarik": 1,
        "draft": 0,  # an OPD's drafts are not the walidata's
    }
    assert [" ".join(a.get_text().split()) for a in page.select(".satudata-queue-tabs a")][:3] == [
        "Menunggu pemeriksaan 2",
        "Diajukan ke Walidata 2",
        "Pemeriksaan Pembina Data 0",
    ]
    assert sorted(_rows(page)) == ["Jumlah Puskesmas", "Trayek Angkutan Kota"]
    row = page.select_one("tr[data-dataset=bb-angkutan]")
    assert row is not None
    cells = [" ".join(td.get_text().split()) for td in row.select("td")]
    assert cells[2:4] == ["Dinas Perhubungan", "Diajukan ke Walidata"]
    assert cells[4].endswith("(0 hari)")
    assert _attr(row, "a", "href") == "/dataset/bb-angkutan/periksa"
    assert row.select_one("input[type=checkbox][name=id]") is not None
    assert _counts(portal.page("sysadmin", QUEUE))["draft"] == 1


def test_the_queue_filters_by_status_opd_and_waiting_time(portal):
    portal.dataset("puskesmas", "diajukan", title="Jumlah Puskesmas")
    lama = portal.dataset("angkutan", "diajukan", org="dishub", title="Trayek Angkutan Kota")
    portal.dataset("rs", "disetujui", title="Rumah Sakit")
    _backdate(lama, 10)

    approved = portal.page("walidata", f"{QUEUE}?status=disetujui")
    assert _rows(approved) == ["Rumah Sakit"]
    assert _attr(approved, ".satudata-queue-tabs a.active", "data-status") == "disetujui"
    assert approved.select_one("button[value=tayangkan]") is not None
    assert approved.select_one("button[value=setujui]") is None

    assert _rows(portal.page("walidata", f"{QUEUE}?organization=dishub")) == [
        "Trayek Angkutan Kota"
    ]
    waiting = portal.page("walidata", f"{QUEUE}?waiting_days=7")
    assert _rows(waiting) == ["Trayek Angkutan Kota"]
    assert "(10 hari)" in _text(waiting, "tr[data-dataset=angkutan]")
    # the filters stay in the form and the tabs
    opd = portal.page("walidata", f"{QUEUE}?organization=dinkes&waiting_days=0")
    selected = opd.select_one("#satudata-queue-organization option[selected]")
    assert selected is not None and selected.get_text() == "Dinas Kesehatan"
    tab = opd.select_one(".satudata-queue-tabs a[data-status=disetujui]")
    assert tab is not None and "organization=dinkes" in str(tab["href"])

    empty = portal.page("walidata", f"{QUEUE}?organization=dishub&status=ditarik")
    assert _rows(empty) == []
    assert "Tidak ada dataset yang cocok" in _text(empty, ".satudata-queue-empty")
    refused = portal.page("walidata", f"{QUEUE}?waiting_days=lama")
    assert refused.select_one(".alert-danger") is not None
    assert _rows(refused) == []


def test_an_empty_queue_says_so(portal):
    page = portal.page("walidata", QUEUE)
    assert _rows(page) == []
    assert "Tidak ada dataset yang menunggu pemeriksaan" in page.get_text()


def test_the_queue_pages_by_twenty(portal):
    for n in range(21):
        portal.dataset(f"data-{n:02d}", "diajukan")
    first = portal.page("walidata", QUEUE)
    assert len(_rows(first)) == 20
    assert first.select_one(".pagination a[href$='page=2']") is not None
    assert len(_rows(portal.page("walidata", f"{QUEUE}?page=2"))) == 1


# --- bulk steps -------------------------------------------------------------------------


def test_bulk_approve_approves_each_and_reports_the_one_refused(portal):
    first = portal.dataset("puskesmas", "diajukan", title="Jumlah Puskesmas")
    second = portal.dataset("angkutan", "diajukan", org="dishub", title="Trayek Angkutan")
    wrong = portal.dataset("posyandu", "perlu_perbaikan", title="Jumlah Posyandu")
    response = portal.post(
        "walidata",
        BULK,
        {"id": [first, wrong, second], "langkah": "setujui", "organization": "", "status": ""},
        status=200,
    )
    assert response.request.path == QUEUE
    assert (status_of(first), status_of(second), status_of(wrong)) == (
        "disetujui",
        "disetujui",
        "perlu_perbaikan",
    )
    flashes = _flashes(BeautifulSoup(response.body, "html.parser"))
    assert "2 dataset disetujui." in flashes
    refused = [f for f in flashes if f.startswith("Jumlah Posyandu tidak disetujui:")]
    assert len(refused) == 1 and "Perlu Perbaikan" in refused[0]


def test_bulk_publish_keeps_the_filters_and_needs_a_choice(portal):
    approved = portal.dataset("rs", "disetujui", org="dishub")
    response = portal.post(
        "walidata",
        BULK,
        {"id": approved, "langkah": "tayangkan", "status": "disetujui", "organization": "dishub"},
        follow_redirects=False,
    )
    assert response.headers["Location"].endswith(f"{QUEUE}?status=disetujui&organization=dishub")
    assert status_of(approved) == "ditayangkan"

    nothing = portal.post("walidata", BULK, {"langkah": "setujui"}, status=200)
    assert "Centang dulu sedikitnya satu dataset." in _flashes(
        BeautifulSoup(nothing.body, "html.parser")
    )


# --- the review page --------------------------------------------------------------------


def _submitted(portal: Portal) -> str:
    """A dataset the produsen submitted (completeness checked, history started)."""
    dataset = act(
        "produsen_dinkes",
        "package_create",
        **sdi.complete(name="puskesmas", title="Jumlah Puskesmas", owner_org="dinkes"),
    )
    act(
        "produsen_dinkes",
        "resource_create",
        package_id=dataset["id"],
        url="http://example.com/puskesmas.csv",
        format="CSV",
        name="Tabel Puskesmas",
    )
    act("produsen_dinkes", "satudata_submit", id="puskesmas")
    return dataset["id"]


def test_the_review_page_shows_metadata_completeness_history_and_the_steps(portal):
    _submitted(portal)
    page = portal.page("walidata", "/dataset/puskesmas/periksa")
    assert page.select_one("h1 [data-status=diajukan]") is not None
    assert page.select_one(".satudata-completeness") is not None
    assert page.select_one("td[data-field=definisi]") is not None  # the SDI metadata
    assert "Tabel Puskesmas" in _text(page, "#dataset-resources")
    events = page.select(".satudata-timeline-event")
    assert [e["data-step"] for e in events] == ["submit"]
    steps = [form["class"][-1] for form in page.select("form.satudata-step")]
    assert steps == ["satudata-step-setujui", "satudata-step-kembalikan"]
    for form in page.select("form.satudata-step"):
        assert _attr(form, "input[name=kembali]", "value") == "periksa"


def test_the_review_page_shows_a_waiting_revision_field_by_field(portal):
    _submitted(portal)
    act("walidata_kominfo", "satudata_approve", id="puskesmas")
    act("walidata_kominfo", "satudata_publish", id="puskesmas")
    act(
        "produsen_dinkes",
        "package_patch",
        id="puskesmas",
        definisi="Jumlah puskesmas aktif per 31 Desember.",
        frekuensi="bulanan",
        tags=[{"name": "kesehatan"}],
    )
    page = portal.page("walidata", "/dataset/puskesmas/periksa")
    diff = {
        str(row["data-field"]): [" ".join(c.get_text().split()) for c in row.select("th, td")]
        for row in page.select("table.satudata-diff tbody tr")
    }
    assert diff["definisi"] == [
        "Definisi",
        sdi.COMPLETE_METADATA["definisi"],
        "Jumlah puskesmas aktif per 31 Desember.",
    ]
    assert diff["frekuensi"][1:] == ["Tahunan", "Bulanan"]  # codes by their labels
    assert diff["tags"] == ["Kata Kunci", "—", "kesehatan"]
    author = model.User.get("produsen_dinkes")
    assert author is not None
    assert f"Diusulkan oleh {author.display_name} pada" in _text(page, ".satudata-revision")
    buttons = [b.get_text(strip=True) for b in page.select("form.satudata-step button")]
    assert buttons[:2] == ["Setujui perubahan", "Kembalikan perubahan"]
    steps = [e["data-step"] for e in page.select(".satudata-timeline-event")]
    assert steps[-3:] == ["publish", "approve", "submit"]  # newest first


def test_the_review_page_needs_the_right_to_see_the_dataset(portal):
    portal.dataset("draf", "draft")
    portal.get("walidata", "/dataset/draf/periksa", status=403)  # an OPD's own draft
    portal.get("walidata", "/dataset/tidak-ada/periksa", status=404)
    assert portal.page("sysadmin", "/dataset/draf/periksa").select_one("h1") is not None


def test_return_without_a_note_is_refused_and_changes_nothing(portal):
    dataset = _submitted(portal)
    response = portal.post(
        "walidata", "/dataset/puskesmas/alur/kembalikan", {"note": " ", "kembali": "periksa"}
    )
    assert response.request.path == "/dataset/puskesmas/periksa"
    assert "Catatan wajib diisi untuk langkah ini." in _flashes(
        BeautifulSoup(response.body, "html.parser")
    )
    assert status_of(dataset) == "diajukan"

    response = portal.post(
        "walidata",
        "/dataset/puskesmas/alur/kembalikan",
        {"note": "Definisi belum menyebut sumber.", "kembali": "periksa"},
    )
    page = BeautifulSoup(response.body, "html.parser")
    assert page.select_one("h1 [data-status=perlu_perbaikan]") is not None
    assert "Definisi belum menyebut sumber." in _text(page, ".satudata-timeline")


def test_a_step_goes_back_only_to_the_datasets_review_page(portal):
    portal.dataset("rs", "disetujui")
    response = portal.post(
        "walidata",
        "/dataset/rs/alur/tarik",
        {"note": "Data ganda.", "kembali": "https://contoh.example/"},
        follow_redirects=False,
    )
    assert response.headers["Location"].endswith("/dataset/rs")


def test_publish_with_a_release_date_passes_it_on(portal):
    dataset = portal.dataset("rs", "disetujui", title="Rumah Sakit")
    page = portal.page("walidata", "/dataset/rs/periksa")
    field = page.select_one("form.satudata-step-tayangkan input[name=release_date]")
    assert field is not None and field["type"] == "datetime-local"
    release = (datetime.now(WIB) + timedelta(days=30)).replace(hour=8, minute=0)
    response = portal.post(
        "walidata",
        "/dataset/rs/alur/tayangkan",
        {"release_date": release.strftime("%Y-%m-%dT%H:%M"), "kembali": "periksa"},
    )
    assert response.request.path == "/dataset/rs/periksa"
    flashes = _flashes(BeautifulSoup(response.body, "html.parser"))
    assert any(
        f.startswith("Dataset akan ditayangkan pada") and "pukul 08.00 WIB" in f for f in flashes
    )
    assert status_of(dataset) == "disetujui"
    soup = BeautifulSoup(response.body, "html.parser")
    notice = soup.select_one("form.satudata-step-tayangkan .satudata-release")
    assert notice is not None and "pukul 08.00 WIB" in notice.get_text()
    queue = portal.page("walidata", "/walidata/antrean?status=disetujui")
    row = queue.select_one('tr[data-dataset="rs"] .satudata-release')
    assert row is not None and "pukul 08.00 WIB" in row.get_text()

    portal.post(
        "walidata", "/dataset/rs/alur/tayangkan", {"release_date": "", "kembali": "periksa"}
    )
    assert status_of(dataset) == "ditayangkan"

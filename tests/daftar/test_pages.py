"""The Daftar Data pages as the walidata, an OPD's produsen, another OPD and the public
meet them: the year's list, an entry, the walidata's forms, import and export, the
dashboard and its XLSX, an OPD's own list and the public fulfilment page."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup, Tag
from ckan import model
from ckan.lib import api_token
from openpyxl import Workbook, load_workbook

from tests.daftar.portal import dataset, entry, people
from tests.sdi import act

PUBLIK = "ckanext.satudata_serang.daftar_publik"


@pytest.fixture
def opd(reset_db: Callable[[], None]) -> dict[str, Any]:
    reset_db()
    return people()


@pytest.fixture
def private(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The public page off: the Daftar Data is the walidata's and the OPDs' own."""
    monkeypatch.setitem(tk.config, PUBLIK, False)
    yield


def _token(name: str) -> str:
    """An API token issued now by the frozen clock: CKAN stamps a token with the real
    clock (a column default), and refuses a token issued in the future."""
    user = model.User.get(name)
    assert user is not None
    token = model.ApiToken(user_id=user.id, name="uji-halaman")
    token.created_at = datetime.now(UTC).replace(tzinfo=None)
    model.Session.add(token)
    model.Session.commit()
    return api_token.encode({"jti": token.id, "iat": api_token.into_seconds(token.created_at)})


def _as(opd: dict[str, Any], who: str | None) -> dict[str, str]:
    """The headers of a request as ``who`` (one of people()'s), anonymous for None."""
    if who is None:
        return {}
    if f"{who}_token" not in opd:
        opd[f"{who}_token"] = _token(opd[who]["name"])
    return {"Authorization": opd[f"{who}_token"]}


def _get(app: Any, url: str, opd: dict[str, Any], who: str | None, status: int = 200) -> Any:
    return app.get(url, headers=_as(opd, who), status=status)


def _page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.body, "html.parser")


def _text(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ").split())


def _badges(page: BeautifulSoup, entri_id: str) -> list[tuple[str, str]]:
    row = page.select_one(f"tr[data-entri='{entri_id}']")
    assert row is not None
    return [(str(b["data-kode"]), str(b["data-status"])) for b in row.select("[data-kode]")]


def _flash(page: BeautifulSoup) -> str:
    return " ".join(_text(a) for a in page.select(".flash-messages .alert"))


# --- the year's list and the navigation --------------------------------------------


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_the_public_reads_the_years_list_with_each_periods_status(app: Any, opd: dict[str, Any]):
    quarterly = entry(opd["walidata"], frekuensi="triwulanan", prioritas=True)
    dataset(opd["disdukcapil"], quarterly["id"], "ditayangkan", ["2026-T1"])
    dataset(opd["disdukcapil"], quarterly["id"], "diajukan", ["2026-T2"])
    entry(opd["walidata"], nama="Jumlah puskesmas", organization="DINKES", urusan="1.02")

    page = _page(_get(app, "/daftar-data", opd, None))

    assert _text(page.select_one("h1.page-heading")) == "Daftar Data 2026"
    assert _badges(page, quarterly["id"]) == [
        ("2026-T1", "terpenuhi"),
        ("2026-T2", "diajukan"),
        ("2026-T3", "belum"),
        ("2026-T4", "belum"),
    ]
    row = _text(page.select_one(f"tr[data-entri='{quarterly['id']}']"))
    assert "Triwulan I 2026: Terpenuhi" in row and "Triwulan II 2026: Diajukan" in row
    assert "Data prioritas" in row and "Dinas Kependudukan dan Pencatatan Sipil" in row
    assert len(page.select("tr[data-entri]")) == 2
    # no walidata buttons for the public
    assert not page.select(".satudata-daftar-actions, form.satudata-daftar-hapus")
    assert page.select_one("header a[href='/daftar-data']") is not None

    only_dinkes = _page(_get(app, "/daftar-data?organization=dinkes", opd, None))
    assert [_text(a) for a in only_dinkes.select("tr[data-entri] td:first-child a")] == [
        "Jumlah puskesmas"
    ]
    prioritas = _page(_get(app, "/daftar-data?prioritas=ya", opd, None))
    assert len(prioritas.select("tr[data-entri]")) == 1
    urusan = _page(_get(app, "/daftar-data?urusan=1.02", opd, None))
    assert len(urusan.select("tr[data-entri]")) == 1
    older = _page(_get(app, "/daftar-data?tahun=2025", opd, None))
    assert not older.select("tr[data-entri]") and older.select_one(".satudata-daftar-empty")


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_the_walidata_have_the_buttons_to_manage_the_list(app: Any, opd: dict[str, Any]):
    made = entry(opd["walidata"])
    page = _page(_get(app, "/daftar-data", opd, "walidata"))
    actions = page.select_one(".satudata-daftar-actions")
    assert actions is not None
    links = {str(a["href"]) for a in actions.select("a")}
    assert {
        "/daftar-data/baru?tahun=2026",
        "/daftar-data/impor?tahun=2026",
        "/daftar-data/ekspor?tahun=2026&format=xlsx",
        "/daftar-data/dasbor?tahun=2026",
    } <= links
    salin = page.select_one("form.satudata-daftar-salin")
    assert salin is not None and salin.select_one("input[name=_csrf_token]") is not None
    assert page.select_one(f"form[action='/daftar-data/entri/{made['id']}/hapus']") is not None
    # a produsen reads, and gets no buttons
    own = _page(_get(app, "/daftar-data", opd, "produsen"))
    assert own.select("tr[data-entri]") and not own.select(".satudata-daftar-actions")


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_with_the_public_page_off_each_opd_reads_only_its_own(
    app: Any, opd: dict[str, Any], private: None
):
    own = entry(opd["walidata"])
    other = entry(opd["walidata"], nama="Jumlah puskesmas", organization="DINKES")

    for who in (None, "warga"):
        _get(app, "/daftar-data", opd, who, status=403)
        _get(app, f"/daftar-data/entri/{own['id']}", opd, who, status=403)
        _get(app, "/daftar-data/opd/disdukcapil", opd, who, status=403)
    _get(app, "/daftar-data/capaian", opd, None, status=404)
    _get(app, "/daftar-data/capaian", opd, "walidata", status=404)
    home = _page(_get(app, "/", opd, None))
    assert home.select_one("header a[href='/daftar-data']") is None

    mine = _page(_get(app, "/daftar-data", opd, "produsen"))
    assert [str(r["data-entri"]) for r in mine.select("tr[data-entri]")] == [own["id"]]
    options = [str(o["value"]) for o in mine.select("#field-organization option")]
    assert options == ["", "disdukcapil"]
    assert mine.select_one("header a[href='/daftar-data']") is not None
    _get(app, f"/daftar-data/entri/{own['id']}", opd, "produsen")
    _get(app, f"/daftar-data/entri/{other['id']}", opd, "produsen", status=403)
    _get(app, "/daftar-data?organization=dinkes", opd, "produsen", status=403)
    _get(app, "/daftar-data/opd/dinkes", opd, "produsen", status=403)
    _get(app, "/daftar-data/opd/disdukcapil", opd, "produsen")
    _get(app, f"/daftar-data/entri/{other['id']}", opd, "lain")

    every = _page(_get(app, "/daftar-data", opd, "walidata"))
    assert len(every.select("tr[data-entri]")) == 2


# --- one entry ------------------------------------------------------------------------


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_an_entry_shows_its_deadlines_in_indonesian_and_the_datasets_the_reader_may_see(
    app: Any, opd: dict[str, Any]
):
    made = entry(opd["walidata"], frekuensi="triwulanan", tenggat={"2026-T2": "15/08/2026"})
    dataset(opd["disdukcapil"], made["id"], "ditayangkan", ["2026-T1"], name="triwulan-1")
    dataset(opd["disdukcapil"], made["id"], "diajukan", ["2026-T2"], name="belum-tayang")
    url = f"/daftar-data/entri/{made['id']}"

    page = _page(_get(app, url, opd, None))
    rows = [
        [_text(cell) for cell in row.select("th, td")]
        for row in page.select(".satudata-daftar-periode-table tbody tr")
    ]
    assert [r[:3] for r in rows] == [
        ["Triwulan I 2026", "30 April 2026", "Terpenuhi"],
        ["Triwulan II 2026", "15 Agustus 2026 (diubah)", "Diajukan"],
        ["Triwulan III 2026", "31 Oktober 2026", "Belum jatuh tempo"],
        ["Triwulan IV 2026", "31 Januari 2027", "Belum jatuh tempo"],
    ]
    assert rows[0][3] != "" and rows[1][3] == ""  # the submitted one is not public
    assert [str(li["data-dataset"]) for li in page.select(".satudata-daftar-dataset li")] == [
        "triwulan-1"
    ]
    assert "1 dari 4 periode terpenuhi (25%)." in _text(
        page.select_one(".satudata-daftar-ringkasan")
    )
    assert page.select_one("form.satudata-daftar-tautkan") is None

    own = _page(_get(app, url, opd, "produsen"))
    assert [str(li["data-dataset"]) for li in own.select(".satudata-daftar-dataset li")] == [
        "belum-tayang",
        "triwulan-1",
    ]
    _get(app, "/daftar-data/entri/tidak-ada", opd, "walidata", status=404)


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_the_walidata_link_a_dataset_from_the_entry_page(app: Any, opd: dict[str, Any]):
    made = entry(opd["walidata"])
    dataset(opd["disdukcapil"], "", "ditayangkan", ["2026"], name="penduduk-2026")
    dataset(opd["dinkes"], "", "ditayangkan", ["2026"], name="puskesmas-2026")
    url = f"/daftar-data/entri/{made['id']}"
    form = _page(_get(app, url, opd, "walidata")).select_one("form.satudata-daftar-tautkan")
    assert form is not None and form.select_one("input[name=_csrf_token]") is not None

    linked = _page(
        app.post(url + "/tautkan", data={"dataset": "penduduk-2026"}, headers=_as(opd, "walidata"))
    )
    assert "Dataset kini ditautkan ke entri ini." in _flash(linked)
    assert [str(li["data-dataset"]) for li in linked.select(".satudata-daftar-dataset li")] == [
        "penduduk-2026"
    ]
    assert linked.select_one("tr[data-kode='2026']")["data-status"] == "terpenuhi"  # pyright: ignore[reportOptionalSubscript]

    refused = _page(
        app.post(url + "/tautkan", data={"dataset": "puskesmas-2026"}, headers=_as(opd, "walidata"))
    )
    assert "Entri Daftar Data ini milik OPD lain." in _flash(refused)
    missing = _page(
        app.post(url + "/tautkan", data={"dataset": "tidak-ada"}, headers=_as(opd, "walidata"))
    )
    assert "Dataset tidak ditemukan." in _flash(missing)
    app.post(
        url + "/tautkan",
        data={"dataset": "puskesmas-2026"},
        headers=_as(opd, "produsen"),
        status=403,
    )

    unlinked = _page(
        app.post(
            url + "/tautkan",
            data={"dataset": "penduduk-2026", "lepas": "1"},
            headers=_as(opd, "walidata"),
        )
    )
    assert not unlinked.select(".satudata-daftar-dataset li")
    assert not act(None, "package_show", id="penduduk-2026").get("daftar_data")


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_a_linked_datasets_page_links_to_its_entry(app: Any, opd: dict[str, Any]):
    made = entry(opd["walidata"])
    dataset(opd["disdukcapil"], made["id"], "ditayangkan", ["2026"], name="penduduk-2026")
    page = _page(app.get("/dataset/penduduk-2026"))
    link = page.select_one(f"a[href='/daftar-data/entri/{made['id']}']")
    assert link is not None and _text(link) == "Jumlah penduduk menurut kecamatan (2026)"


# --- the walidata's forms -------------------------------------------------------------


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_the_form_says_each_mistake_beside_its_field_then_saves(app: Any, opd: dict[str, Any]):
    for who in (None, "produsen", "warga"):
        _get(app, "/daftar-data/baru", opd, who, status=403)
    form = _page(_get(app, "/daftar-data/baru?tahun=2026", opd, "walidata"))
    assert form.select_one("form.satudata-daftar-form input[name=_csrf_token]") is not None
    assert form.select_one("#field-tahun")["value"] == "2026"  # pyright: ignore[reportOptionalSubscript]

    wrong = {"tahun": "20x6", "nama": "", "organization": "", "frekuensi": "tahunan"}
    page = _page(app.post("/daftar-data/baru", data=wrong, headers=_as(opd, "walidata")))
    errors = {str(e["data-field"]): _text(e) for e in page.select(".satudata-daftar-error")}
    assert errors == {
        "tahun": "Tahun “20x6” bukan tahun.",
        "nama": "Nama data wajib diisi.",
        "organization": "OPD produsen wajib diisi.",
    }
    assert "Entri tidak disimpan" in _text(page.select_one(".satudata-daftar-errors"))
    assert page.select_one("#field-tahun")["value"] == "20x6"  # pyright: ignore[reportOptionalSubscript]

    good = {
        "tahun": "2026",
        "nama": "Kelahiran",
        "organization": "disdukcapil",
        "frekuensi": "semesteran",
        "urusan": "2.12",
        "prioritas": "ya",
        "tenggat": "2026-S1=31/08/2026",
    }
    saved = app.post(
        "/daftar-data/baru", data=good, headers=_as(opd, "walidata"), follow_redirects=False
    )
    assert saved.status_code == 302
    [made] = act(opd["walidata"], "satudata_daftar_list", tahun=2026)
    assert saved.headers["Location"].endswith(f"/daftar-data/entri/{made['id']}")
    assert made["prioritas"] is True
    assert [(p["kode"], p["tenggat"]) for p in made["periode"]] == [
        ("2026-S1", "2026-08-31"),
        ("2026-S2", "2027-02-28"),
    ]

    twice = _page(app.post("/daftar-data/baru", data=good, headers=_as(opd, "walidata")))
    assert _text(twice.select_one(".satudata-daftar-error[data-field=nama]")) == (
        "Kelahiran sudah ada dalam Daftar Data 2026 OPD ini."
    )


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_the_walidata_change_and_delete_an_entry(app: Any, opd: dict[str, Any]):
    made = entry(opd["walidata"], frekuensi="triwulanan", tenggat={"2026-T1": "15/05/2026"})
    url = f"/daftar-data/entri/{made['id']}"
    _get(app, url + "/ubah", opd, "produsen", status=403)
    form = _page(_get(app, url + "/ubah", opd, "walidata"))
    assert form.select_one("#field-tenggat")["value"] == "2026-T1=15/05/2026"  # pyright: ignore[reportOptionalSubscript]
    assert form.select_one("#field-organization option[selected]")["value"] == "disdukcapil"  # pyright: ignore[reportOptionalSubscript]

    values = {
        "tahun": "2026",
        "nama": "Jumlah penduduk menurut kecamatan",
        "organization": "disdukcapil",
        "frekuensi": "semesteran",
        "urusan": "2.12",
        "tenggat": "2026-T1=15/05/2026",
    }
    wrong = _page(app.post(url + "/ubah", data=values, headers=_as(opd, "walidata")))
    assert _text(wrong.select_one(".satudata-daftar-error[data-field=tenggat]")) == (
        "Periode 2026-T1 tidak termasuk periode semesteran tahun 2026."
    )
    changed = _page(
        app.post(url + "/ubah", data={**values, "tenggat": ""}, headers=_as(opd, "walidata"))
    )
    assert "Entri disimpan." in _flash(changed)
    assert [str(r["data-kode"]) for r in changed.select("tr[data-kode]")] == ["2026-S1", "2026-S2"]

    app.post(url + "/hapus", headers=_as(opd, "produsen"), status=403)
    deleted = app.post(url + "/hapus", headers=_as(opd, "walidata"), follow_redirects=False)
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith(
        "/daftar-data?tahun=2026"
    )
    assert act(opd["walidata"], "satudata_daftar_list") == []


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_the_walidata_copy_a_year_into_the_next(app: Any, opd: dict[str, Any]):
    entry(opd["walidata"])
    app.post("/daftar-data/salin", data={"dari": "2026", "ke": "2027"}, status=403)
    page = _page(
        app.post(
            "/daftar-data/salin", data={"dari": "2026", "ke": "2027"}, headers=_as(opd, "walidata")
        )
    )
    assert "1 entri 2026 disalin ke 2027; 0 sudah ada." in _flash(page)
    assert _text(page.select_one("h1.page-heading")) == "Daftar Data 2027"
    assert len(page.select("tr[data-entri]")) == 1


# --- import and export ----------------------------------------------------------------

HEADER = ["Tahun", "Nama Data", "OPD", "Urusan", "Frekuensi", "Data Prioritas"]


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(app: Any, opd: dict[str, Any], body: bytes, who: str = "walidata", **kw: Any) -> Any:
    return app.post(
        "/daftar-data/impor",
        data={"berkas": (io.BytesIO(body), "daftar.xlsx"), "tahun": "2026"},
        headers=_as(opd, who),
        **kw,
    )


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_a_wrong_spreadsheet_lists_every_error_and_saves_nothing(app: Any, opd: dict[str, Any]):
    _get(app, "/daftar-data/impor", opd, "produsen", status=403)
    form = _page(_get(app, "/daftar-data/impor", opd, "walidata"))
    assert form.select_one("form.satudata-daftar-impor[enctype='multipart/form-data']")
    bad = _xlsx(
        [
            HEADER,
            ["2026", "Jumlah penduduk", "DISDUKCAPIL", "2.12", "tahunan", "ya"],
            ["2026", "Jumlah panti sosial", "DINSOSX", "1.06", "tahunan", ""],
            ["2026", "Kematian", "DISDUKCAPIL", "2.12", "sebulan", ""],
        ]
    )
    page = _page(_upload(app, opd, bad))
    box = page.select_one(".satudata-daftar-impor-errors")
    assert box is not None and "Tidak ada yang disimpan." in _text(box)
    errors = [_text(li) for li in box.select("li")]
    assert len(errors) == 2
    assert "Baris 3" in errors[0] and "DINSOSX" in errors[0]
    assert "Baris 4" in errors[1] and "sebulan" in errors[1]
    assert act(opd["walidata"], "satudata_daftar_list") == []
    _upload(app, opd, bad, who="produsen", status=403)

    wrong_kind = _page(
        app.post(
            "/daftar-data/impor",
            data={"berkas": (io.BytesIO(b"%PDF"), "daftar.pdf"), "tahun": "2026"},
            headers=_as(opd, "walidata"),
        )
    )
    assert wrong_kind.select(".satudata-daftar-impor-errors li")


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_a_good_spreadsheet_is_imported_and_exported_again(app: Any, opd: dict[str, Any]):
    good = _xlsx(
        [
            HEADER,
            ["2026", "Jumlah penduduk", "DISDUKCAPIL", "2.12", "tahunan", "ya"],
            ["2026", "Jumlah puskesmas", "DINKES", "1.02", "triwulanan", ""],
        ]
    )
    page = _page(_upload(app, opd, good))
    assert "2 entri ditambahkan, 0 diubah" in _flash(page)
    assert len(page.select("tr[data-entri]")) == 2

    _get(app, "/daftar-data/ekspor?tahun=2026&format=xlsx", opd, "produsen", status=403)
    _get(app, "/daftar-data/ekspor?tahun=2026&format=xlsx", opd, None, status=403)
    response = _get(app, "/daftar-data/ekspor?tahun=2026&format=xlsx", opd, "walidata")
    assert 'attachment; filename="daftar-data-2026.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Tahun", "Nama Data", "OPD"]
    assert sorted(str(r[1]) for r in rows[1:]) == ["Jumlah penduduk", "Jumlah puskesmas"]
    csv = _get(app, "/daftar-data/ekspor?tahun=2026&format=csv", opd, "walidata")
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert "Jumlah puskesmas" in csv.data.decode("utf-8-sig")
    _get(app, "/daftar-data/ekspor?tahun=2026&format=pdf", opd, "walidata", status=404)


# --- the dashboard --------------------------------------------------------------------


@pytest.fixture
def year_2026(opd: dict[str, Any]) -> dict[str, Any]:
    """DISDUKCAPIL owes 1 yearly period (due 31 March 2027) and 4 quarters: two
    published, one submitted, the fourth late on 10 February 2027. DINKES owes 12
    months, all in one published table of the year."""
    entry(opd["walidata"])
    quarterly = entry(opd["walidata"], nama="Kelahiran", frekuensi="triwulanan", prioritas=True)
    dataset(opd["disdukcapil"], quarterly["id"], "ditayangkan", ["2026-T1", "2026-T2"])
    dataset(opd["disdukcapil"], quarterly["id"], "diajukan", ["2026-T3"], name="t3")
    monthly = entry(
        opd["walidata"],
        nama="Kunjungan puskesmas",
        organization="DINKES",
        frekuensi="bulanan",
        urusan="1.02",
    )
    dataset(opd["dinkes"], monthly["id"], "ditayangkan", ["2026"], name="setahun")
    return opd


def _table(page: BeautifulSoup) -> list[list[str]]:
    return [
        [_text(cell) for cell in row.select("th, td")]
        for row in page.select(
            "table.satudata-daftar-dasbor tbody tr, table.satudata-daftar-dasbor tfoot tr"
        )
    ]


@pytest.mark.freeze_time("2027-02-10 09:00:00")
def test_the_dashboard_counts_each_opds_periods(app: Any, year_2026: dict[str, Any]):
    opd = year_2026
    for who in (None, "produsen", "warga"):
        _get(app, "/daftar-data/dasbor?tahun=2026", opd, who, status=403)

    page = _page(_get(app, "/daftar-data/dasbor?tahun=2026", opd, "walidata"))

    assert _table(page) == [
        ["Dinas Kesehatan", "1", "12", "12", "0", "0", "100%", "0%", "0%"],
        ["Dinas Kependudukan dan Pencatatan Sipil", "2", "5", "2", "1", "1", "40%", "20%", "20%"],
        ["Kota Serang", "3", "17", "14", "1", "1", "82,4%", "5,9%", "5,9%"],
    ]
    link = page.select_one("tr[data-opd=disdukcapil] a")
    assert link is not None and link["href"] == "/daftar-data/opd/disdukcapil?tahun=2026"
    canvas = page.select_one("canvas[data-module=satudata-chart]")
    assert canvas is not None and canvas["data-module-kind"] == "bar"
    assert '"data": [14, 1, 1, 0, 1]' in str(canvas["data-module-chart"])
    assert "satudata_chart.js" in str(page) and "cdn.jsdelivr" not in str(page)


@pytest.mark.freeze_time("2027-02-10 09:00:00")
def test_the_dashboard_sorts_by_any_column_and_filters(app: Any, year_2026: dict[str, Any]):
    opd = year_2026

    def order(query: str) -> list[str]:
        page = _page(_get(app, f"/daftar-data/dasbor?tahun=2026&{query}", opd, "walidata"))
        return [str(r["data-opd"]) for r in page.select("tbody tr[data-opd]")]

    assert order("urut=-terlambat") == ["disdukcapil", "dinkes"]
    assert order("urut=terlambat") == ["dinkes", "disdukcapil"]
    assert order("urut=opd") == ["disdukcapil", "dinkes"]
    assert order("urut=-opd") == ["dinkes", "disdukcapil"]
    assert order("urut=-wajib") == ["dinkes", "disdukcapil"]
    assert order("urut=bukan-kolom") == ["dinkes", "disdukcapil"]

    sorted_page = _page(
        _get(app, "/daftar-data/dasbor?tahun=2026&urut=-terlambat", opd, "walidata")
    )
    head = sorted_page.select_one("th[data-kolom=terlambat]")
    assert head is not None and head["aria-sort"] == "descending"
    assert head.select_one("a")["href"] == "/daftar-data/dasbor?tahun=2026&urut=terlambat"  # pyright: ignore[reportOptionalSubscript]

    prioritas = _page(_get(app, "/daftar-data/dasbor?tahun=2026&prioritas=ya", opd, "walidata"))
    assert _table(prioritas)[0] == [
        "Dinas Kependudukan dan Pencatatan Sipil", "1", "4", "2", "1", "1", "50%", "25%", "25%",
    ]  # fmt: skip
    urusan = _page(_get(app, "/daftar-data/dasbor?tahun=2026&urusan=1.02", opd, "walidata"))
    assert [r[0] for r in _table(urusan)] == ["Dinas Kesehatan", "Kota Serang"]


@pytest.mark.freeze_time("2027-02-10 09:00:00")
def test_the_dashboard_table_downloads_as_xlsx(app: Any, year_2026: dict[str, Any]):
    opd = year_2026
    _get(app, "/daftar-data/dasbor.xlsx?tahun=2026", opd, "produsen", status=403)
    response = _get(app, "/daftar-data/dasbor.xlsx?tahun=2026&urut=-terlambat", opd, "walidata")
    assert "capaian-daftar-data-2026.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    assert sheet.title == "Daftar Data 2026"
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["OPD", "Entri", "Periode wajib", "Terpenuhi", "Diajukan", "Terlambat", "Persen terpenuhi", "Persen diajukan", "Persen terlambat"],
        ["Dinas Kependudukan dan Pencatatan Sipil", 2, 5, 2, 1, 1, 40, 20, 20],
        ["Dinas Kesehatan", 1, 12, 12, 0, 0, 100, 0, 0],
        ["Kota Serang", 3, 17, 14, 1, 1, 82.4, 5.9, 5.9],
    ]  # fmt: skip
    only = _get(app, "/daftar-data/dasbor.xlsx?tahun=2026&prioritas=ya", opd, "walidata")
    sheet = load_workbook(io.BytesIO(only.data)).active
    assert sheet is not None
    assert [r[0] for r in sheet.iter_rows(values_only=True)] == [
        "OPD", "Dinas Kependudukan dan Pencatatan Sipil", "Kota Serang",
    ]  # fmt: skip


# --- an OPD's list and the public fulfilment page ------------------------------------


@pytest.mark.freeze_time("2026-05-15 09:00:00")
def test_an_opds_list_puts_what_is_due_late_and_returned_first(app: Any, opd: dict[str, Any]):
    # T1 was due 30 April: late; T2's deadline was moved to 20 May: due soon
    quarterly = entry(opd["walidata"], frekuensi="triwulanan", tenggat={"2026-T2": "20/05/2026"})
    returned = entry(opd["walidata"], nama="Kematian")
    dataset(opd["disdukcapil"], returned["id"], "perlu_perbaikan", ["2026"])
    entry(opd["walidata"], nama="Jumlah puskesmas", organization="DINKES")

    page = _page(_get(app, "/daftar-data/opd/disdukcapil", opd, "produsen"))

    def section(kind: str) -> list[tuple[str, str, str]]:
        rows = page.select(f"table[data-bagian={kind}] tbody tr")
        return [(str(r["data-entri"]), str(r["data-kode"]), _text(r.select("td")[2])) for r in rows]

    assert section("segera") == [(quarterly["id"], "2026-T2", "20 Mei 2026")]
    assert section("terlambat") == [(quarterly["id"], "2026-T1", "30 April 2026")]
    assert section("dikembalikan") == [(returned["id"], "2026", "31 Maret 2027")]
    everything = page.select("section[data-bagian=semua] tr[data-entri]")
    assert {str(r["data-entri"]) for r in everything} == {quarterly["id"], returned["id"]}
    assert "jatuh tempo dalam 14 hari" in _text(page.select_one("section[data-bagian=segera]"))

    _get(app, "/daftar-data/opd/disdukcapil", opd, "walidata")
    _get(app, "/daftar-data/opd/disdukcapil", opd, None)  # the public page is on
    _get(app, "/daftar-data/opd/tidak-ada", opd, "walidata", status=404)


@pytest.mark.freeze_time("2027-02-10 09:00:00")
def test_the_public_fulfilment_page_shows_each_opds_rate(app: Any, year_2026: dict[str, Any]):
    page = _page(_get(app, "/daftar-data/capaian?tahun=2026", year_2026, None))
    rows = {
        str(r["data-opd"]): (
            _text(r.select_one(".satudata-daftar-persen")),
            str(r.select_one(".progress")["aria-valuenow"]),  # pyright: ignore[reportOptionalSubscript]
        )
        for r in page.select("tr[data-opd]")
    }
    assert rows == {"dinkes": ("100%", "100.0"), "disdukcapil": ("40%", "40.0")}
    assert [str(r["data-opd"]) for r in page.select("tr[data-opd]")] == ["dinkes", "disdukcapil"]
    assert "14 dari 17 periode terpenuhi (82,4%)" in _text(
        page.select_one(".satudata-daftar-kota-angka")
    )

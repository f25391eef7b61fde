"""An entry of the Daftar Data as the walidata writes it (form, API, spreadsheet row):
what is read, and what is wrong in the words the walidata sees (daftar/values.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ckanext.satudata_serang.daftar import values
from ckanext.satudata_serang.daftar.periods import LAGS
from ckanext.satudata_serang.daftar.values import EntryValues, Known

# as registry.known() builds it: each OPD by id, name, singkatan and title, lower case too
OPD = {
    "disdukcapil": ("id-disdukcapil", "DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    "dinkes": ("id-dinkes", "DINKES", "Dinas Kesehatan"),
}
ORGANIZATIONS = {
    key: org_id
    for name, (org_id, singkatan, title) in OPD.items()
    for written in (org_id, name, singkatan, title)
    for key in (written, written.lower())
}
KNOWN = Known(
    organizations=ORGANIZATIONS,
    urusan={"1.02", "2.12", "2.20"},
    frekuensi=set(LAGS),
    standar={"penduduk-per-kecamatan"},
)


def _entry(**fields: Any) -> dict[str, Any]:
    return {
        "tahun": "2026",
        "nama": "Jumlah penduduk menurut kecamatan",
        "organization": "DISDUKCAPIL",
        "frekuensi": "triwulanan",
        **fields,
    }


def _values(**fields: Any) -> EntryValues:
    checked, errors = values.check(_entry(**fields), KNOWN)
    assert errors == {}
    assert checked is not None
    return checked


def _errors(raw: dict[str, Any], known: Known = KNOWN) -> dict[str, list[str]]:
    checked, errors = values.check(raw, known)
    assert checked is None
    return errors


# --- a good entry --------------------------------------------------------------------


def test_a_full_entry_is_read_tidied() -> None:
    raw = {
        "tahun": " 2026 ",
        "nama": "  Jumlah   penduduk\tmenurut  kecamatan ",
        "organization": "Dinas Kependudukan dan Pencatatan Sipil",
        "frekuensi": "Triwulanan",
        "urusan": "2.12",
        "standar": "penduduk-per-kecamatan@1.0",
        "prioritas": "Ya",
        "catatan": "  dari SIAK ",
        "tenggat": "2026-T2=15/08/2026",
    }
    assert values.check(raw, KNOWN) == (
        EntryValues(
            tahun=2026,
            nama="Jumlah penduduk menurut kecamatan",
            organization_id="id-disdukcapil",
            frekuensi="triwulanan",
            urusan="2.12",
            standar="penduduk-per-kecamatan",
            prioritas=True,
            catatan="dari SIAK",
            tenggat={"2026-T2": date(2026, 8, 15)},
        ),
        {},
    )


def test_a_good_entry_owes_its_periods_with_the_moved_deadline_marked() -> None:
    checked = _values(tenggat="2026-T2=15/08/2026; 2026-T4=15/02/2027")
    assert [(p.code, deadline, moved) for p, deadline, moved in checked.periods()] == [
        ("2026-T1", date(2026, 4, 30), False),
        ("2026-T2", date(2026, 8, 15), True),
        ("2026-T3", date(2026, 10, 31), False),
        ("2026-T4", date(2027, 2, 15), True),
    ]


def test_a_moved_deadline_may_come_earlier_than_the_default() -> None:
    checked = _values(frekuensi="tahunan", tenggat="2026=31/01/2027")
    assert [(p.label, deadline, moved) for p, deadline, moved in checked.periods()] == [
        ("Tahun 2026", date(2027, 1, 31), True)
    ]


def test_the_fewest_fields_give_an_entry_with_defaults() -> None:
    assert _values() == EntryValues(
        tahun=2026,
        nama="Jumlah penduduk menurut kecamatan",
        organization_id="id-disdukcapil",
        frekuensi="triwulanan",
        urusan="",
        standar="",
        prioritas=False,
        catatan="",
        tenggat={},
    )


@pytest.mark.parametrize(
    "opd",
    [
        "id-dinkes",
        "dinkes",
        "DINKES",
        "Dinkes",
        "Dinas Kesehatan",
        "dinas kesehatan",
        "DINAS KESEHATAN",
        " Dinas Kesehatan ",
    ],
)
def test_an_opd_is_named_by_id_name_singkatan_or_title_in_any_case(opd: str) -> None:
    assert _values(organization=opd).organization_id == "id-dinkes"


def test_the_opd_may_be_given_as_opd_as_in_a_spreadsheet() -> None:
    raw = _entry(opd="DINKES")
    del raw["organization"]
    checked, errors = values.check(raw, KNOWN)
    assert errors == {}
    assert checked is not None
    assert checked.organization_id == "id-dinkes"


@pytest.mark.parametrize(
    ("written", "frekuensi"),
    [
        ("Empat Bulanan", "empat_bulanan"),
        ("DUA TAHUNAN", "dua_tahunan"),
        ("ad hoc", "ad_hoc"),
        (" semesteran ", "semesteran"),
        ("Harian", "harian"),
    ],
)
def test_frekuensi_is_read_as_people_write_it(written: str, frekuensi: str) -> None:
    assert _values(frekuensi=written).frekuensi == frekuensi


@pytest.mark.parametrize(("written", "year"), [(2026, 2026), ("2026.0", 2026), (2026.0, 2026)])
def test_a_year_from_a_spreadsheet_cell_is_read(written: Any, year: int) -> None:
    assert _values(tahun=written).tahun == year


@pytest.mark.parametrize(
    "written",
    ["ya", "Ya", "YA", " y ", "true", "True", "1", "yes", "benar", "on", True, 1, 1.0, "1.0"],
)
def test_prioritas_yes(written: Any) -> None:
    assert _values(prioritas=written).prioritas is True


@pytest.mark.parametrize(
    "written",
    ["tidak", "Tidak", "t", "false", "0", "no", "salah", "off", "", "  ", None, False, 0, 0.0],
)
def test_prioritas_no(written: Any) -> None:
    assert _values(prioritas=written).prioritas is False


def test_a_name_of_300_letters_is_accepted() -> None:
    assert _values(nama="a" * 300).nama == "a" * 300


# --- what is wrong, field by field ------------------------------------------------------


def test_an_empty_entry_names_every_required_field() -> None:
    assert _errors({}) == {
        "tahun": ["Tahun wajib diisi."],
        "nama": ["Nama data wajib diisi."],
        "organization": ["OPD produsen wajib diisi."],
        "frekuensi": ["Frekuensi wajib diisi."],
    }


def test_blank_values_are_missing_values() -> None:
    raw = {"tahun": " ", "nama": " \t ", "organization": "  ", "frekuensi": " ", "opd": None}
    assert set(_errors(raw)) == {"tahun", "nama", "organization", "frekuensi"}


@pytest.mark.parametrize(
    ("tahun", "message"),
    [
        ("abc", "Tahun “abc” bukan tahun."),
        ("2026.5", "Tahun “2026.5” bukan tahun."),
        ("2026-2027", "Tahun “2026-2027” bukan tahun."),
        ("1899", "Tahun 1899 di luar 1900–2100."),
        ("2101", "Tahun 2101 di luar 1900–2100."),
        ("26", "Tahun 26 di luar 1900–2100."),
        ("-2026", "Tahun -2026 di luar 1900–2100."),
    ],
)
def test_a_wrong_year(tahun: str, message: str) -> None:
    assert _errors(_entry(tahun=tahun)) == {"tahun": [message]}


@pytest.mark.parametrize("tahun", ["1900", "2100"])
def test_the_first_and_last_years_are_accepted(tahun: str) -> None:
    assert _values(tahun=tahun).tahun == int(tahun)


def test_a_name_too_long() -> None:
    assert _errors(_entry(nama="a" * 301)) == {
        "nama": ["Nama data terlalu panjang (paling banyak 300 huruf)."]
    }


def test_an_unknown_opd() -> None:
    assert _errors(_entry(organization="Dinas Pariwisata")) == {
        "organization": ["OPD “Dinas Pariwisata” tidak dikenal."]
    }


def test_an_unknown_frekuensi_is_named_as_it_was_read() -> None:
    assert _errors(_entry(frekuensi="Tiap Jam")) == {
        "frekuensi": ["Frekuensi “tiap_jam” tidak dikenal."]
    }


def test_a_frekuensi_must_be_both_in_the_vocabulary_and_have_deadlines() -> None:
    without_harian = Known(ORGANIZATIONS, KNOWN.urusan, set(LAGS) - {"harian"}, KNOWN.standar)
    assert _errors(_entry(frekuensi="harian"), without_harian) == {
        "frekuensi": ["Frekuensi “harian” tidak dikenal."]
    }
    with_dekade = Known(ORGANIZATIONS, KNOWN.urusan, {*LAGS, "dekade"}, KNOWN.standar)
    assert _errors(_entry(frekuensi="dekade"), with_dekade) == {
        "frekuensi": ["Frekuensi “dekade” tidak dikenal."]
    }


def test_an_unknown_urusan() -> None:
    assert _errors(_entry(urusan="9.99")) == {"urusan": ["Kode urusan “9.99” tidak dikenal."]}


def test_an_unknown_standard_is_named_without_its_version() -> None:
    assert _errors(_entry(standar="penduduk-per-desa@2.0")) == {
        "standar": ["Standar data “penduduk-per-desa” tidak ada."]
    }


@pytest.mark.parametrize("written", ["mungkin", "2", "ya tidak", "-1", 2])
def test_prioritas_neither_yes_nor_no(written: Any) -> None:
    assert _errors(_entry(prioritas=written)) == {
        "prioritas": ["Data prioritas diisi ya atau tidak."]
    }


def test_every_wrong_field_is_reported_at_once() -> None:
    raw = _entry(tahun="dua ribu", organization="DISHUB", urusan="0.00", prioritas="entah")
    assert _errors(raw) == {
        "tahun": ["Tahun “dua ribu” bukan tahun."],
        "organization": ["OPD “DISHUB” tidak dikenal."],
        "urusan": ["Kode urusan “0.00” tidak dikenal."],
        "prioritas": ["Data prioritas diisi ya atau tidak."],
    }


# --- moved deadlines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "tenggat",
    [
        "2026-T1=30/04/2026; 2026-T2=31/07/2026",
        "2026-T1=30/04/2026;2026-T2=31/07/2026;",
        "2026-T1 = 30-04-2026\n2026-T2 = 2026-07-31",
        " 2026-t1=30.04.2026 ; 2026-t2=31/7/2026 ",
        {"2026-T1": "30/04/2026", "2026-t2": date(2026, 7, 31)},
    ],
)
def test_moved_deadlines_as_text_or_as_a_mapping(tenggat: Any) -> None:
    assert _values(tenggat=tenggat).tenggat == {
        "2026-T1": date(2026, 4, 30),
        "2026-T2": date(2026, 7, 31),
    }


@pytest.mark.parametrize("tenggat", ["", "  ", None, {}, ";"])
def test_no_moved_deadline(tenggat: Any) -> None:
    assert _values(tenggat=tenggat).tenggat == {}


@pytest.mark.parametrize(
    ("tenggat", "messages"),
    [
        (
            "2026-T1 30/04/2026",
            [
                "Tulis tenggat sebagai periode=tanggal, mis. 2026-T1=30/04/2026 "
                "(bukan “2026-T1 30/04/2026”)."
            ],
        ),
        (
            "2026-T1=30/04/2026; 2026-T2: 31/07/2026",
            [
                "Tulis tenggat sebagai periode=tanggal, mis. 2026-T1=30/04/2026 "
                "(bukan “2026-T2: 31/07/2026”)."
            ],
        ),
        ("2026-T5=30/04/2026", ["Periode “2026-T5” tidak dikenal."]),
        ("Triwulan I=30/04/2026", ["Periode “Triwulan I” tidak dikenal."]),
        (
            "2026-T1=31/04/2026",
            ["Tanggal tenggat “31/04/2026” untuk 2026-T1 tidak dikenal: tulis 31/12/2026."],
        ),
        (
            "2026-t1=akhir April",
            ["Tanggal tenggat “akhir April” untuk 2026-T1 tidak dikenal: tulis 31/12/2026."],
        ),
        (
            "2026-T1=04/30/2026",  # month first
            ["Tanggal tenggat “04/30/2026” untuk 2026-T1 tidak dikenal: tulis 31/12/2026."],
        ),
        (
            "2026-T5=30/04/2026; 2026-T2=31/02/2026",
            [
                "Periode “2026-T5” tidak dikenal.",
                "Tanggal tenggat “31/02/2026” untuk 2026-T2 tidak dikenal: tulis 31/12/2026.",
            ],
        ),
        (
            {"2026-T9": "30/04/2026"},
            ["Periode “2026-T9” tidak dikenal."],
        ),
    ],
)
def test_a_wrongly_written_deadline(tenggat: Any, messages: list[str]) -> None:
    assert _errors(_entry(tenggat=tenggat)) == {"tenggat": messages}


@pytest.mark.parametrize(
    ("frekuensi", "tenggat", "message"),
    [
        ("triwulanan", "2026-01=28/02/2026", "Periode 2026-01 tidak termasuk periode triwulanan tahun 2026."),
        ("triwulanan", "2027-T1=30/04/2027", "Periode 2027-T1 tidak termasuk periode triwulanan tahun 2026."),
        ("triwulanan", "2026-S1=31/08/2026", "Periode 2026-S1 tidak termasuk periode triwulanan tahun 2026."),
        ("tahunan", "2025=31/03/2026", "Periode 2025 tidak termasuk periode tahunan tahun 2026."),
        ("dua_tahunan", "2026=31/03/2027", "Periode 2026 tidak termasuk periode dua_tahunan tahun 2026."),
        ("dua_tahunan", "2026-2027=31/03/2028", "Periode 2026-2027 tidak termasuk periode dua_tahunan tahun 2026."),
        ("bulanan", "2026-T1=30/04/2026", "Periode 2026-T1 tidak termasuk periode bulanan tahun 2026."),
        ("harian", "2025-12-31=02/01/2026", "Periode 2025-12-31 tidak termasuk periode harian tahun 2026."),
    ],
)  # fmt: skip
def test_a_deadline_for_a_period_not_owed_that_year(
    frekuensi: str, tenggat: str, message: str
) -> None:
    assert _errors(_entry(frekuensi=frekuensi, tenggat=tenggat)) == {"tenggat": [message]}


@pytest.mark.parametrize(
    ("frekuensi", "tenggat", "code", "deadline"),
    [
        ("bulanan", "2026-12=15/02/2027", "2026-12", date(2027, 2, 15)),
        ("mingguan", "2026-W53=15/01/2027", "2026-W53", date(2027, 1, 15)),
        ("harian", "2026-03-15=20/03/2026", "2026-03-15", date(2026, 3, 20)),
        ("dua_tahunan", "2025-2026=30/06/2027", "2025-2026", date(2027, 6, 30)),
        ("ad_hoc", "2026=30/06/2026", "2026", date(2026, 6, 30)),
        ("empat_bulanan", "2026-c3=28/02/2027", "2026-C3", date(2027, 2, 28)),
    ],
)
def test_a_deadline_moved_for_an_owed_period_of_each_frekuensi(
    frekuensi: str, tenggat: str, code: str, deadline: date
) -> None:
    owed = _values(frekuensi=frekuensi, tenggat=tenggat).periods()
    moved = [(p.code, day) for p, day, was_moved in owed if was_moved]
    assert moved == [(code, deadline)]


def test_the_53rd_week_is_not_owed_in_a_52_week_year() -> None:
    assert _errors(_entry(tahun="2025", frekuensi="mingguan", tenggat="2025-W53=10/01/2026")) == {
        "tenggat": ["Periode “2025-W53” tidak dikenal."]
    }


# --- dates as people write them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/12/2026", date(2026, 12, 31)),
        ("31-12-2026", date(2026, 12, 31)),
        ("31.12.2026", date(2026, 12, 31)),
        ("2026-12-31", date(2026, 12, 31)),
        ("1/2/2026", date(2026, 2, 1)),
        ("2026-2-1", date(2026, 2, 1)),
        (" 29/02/2028 ", date(2028, 2, 29)),
        ("29/02/2027", None),
        ("31/04/2026", None),
        ("12/31/2026", None),
        ("31/12/26", None),
        ("2026/12/31", None),
        ("31 Desember 2026", None),
        ("", None),
    ],
)
def test_a_date_is_read_day_first_or_iso(text: str, day: date | None) -> None:
    assert values.read_date(text) == day


def test_an_empty_moved_deadline_means_the_default_one() -> None:
    checked = _values(frekuensi="triwulanan", tenggat={"2026-T1": None, "2026-T2": " "})
    assert checked.tenggat == {}

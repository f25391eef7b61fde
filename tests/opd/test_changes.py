"""Planning an import: what is created, updated (which fields), left alone, not listed."""

from __future__ import annotations

from dataclasses import replace

from ckanext.satudata_serang.opd import changes
from ckanext.satudata_serang.opd.changes import Action
from ckanext.satudata_serang.opd.records import Entry, OpdRecord

DINKES = OpdRecord(
    singkatan="DINKES",
    nama="Dinas Kesehatan",
    jenis="dinas",
    urusan=("1.02",),
    kode="",
    alamat="Jl. Jenderal Sudirman",
    telepon="",
    email="",
    website="",
    deskripsi="",
)
DISHUB = OpdRecord(singkatan="DISHUB", nama="Dinas Perhubungan", jenis="dinas", urusan=("2.15",))


def test_new_changed_unchanged_and_absent():
    portal = {"dinkes": DINKES, "dlh": OpdRecord(singkatan="DLH", nama="DLH", jenis="dinas")}
    renamed = OpdRecord(
        singkatan="DINKES",
        nama="Dinas Kesehatan Kota Serang",
        jenis="dinas",
        urusan=("1.02", "2.14"),
    )
    plan = changes.plan(portal, [renamed, DISHUB])
    assert [(c.record.url, c.action, c.fields) for c in plan.changes] == [
        ("dinkes", Action.UPDATED, ("nama", "urusan")),
        ("dishub", Action.CREATED, ()),
    ]
    assert [r.url for r in plan.absent] == ["dlh"]
    assert plan.summary() == "1 dibuat, 1 diperbarui, 0 tidak berubah"
    assert plan.writes


def test_details_the_file_does_not_name_are_no_change():
    from_file = OpdRecord(
        singkatan="DINKES", nama="Dinas Kesehatan", jenis="dinas", urusan=("1.02",)
    )
    plan = changes.plan({"dinkes": DINKES}, [from_file])
    assert [c.action for c in plan.changes] == [Action.UNCHANGED]
    assert not plan.writes


def test_a_named_empty_detail_clears_it():
    cleared = OpdRecord(
        singkatan="DINKES", nama="Dinas Kesehatan", jenis="dinas", urusan=("1.02",), alamat=""
    )
    [change] = changes.plan({"dinkes": DINKES}, [cleared]).changes
    assert change.fields == ("alamat",)


def test_fields_of_the_city_list_left_out_mean_empty():
    portal = OpdRecord(singkatan="X1", nama="X", jenis="dinas", wilayah="36.73", walidata=True)
    [change] = changes.plan(
        {"x1": portal}, [OpdRecord(singkatan="X1", nama="X", jenis="dinas")]
    ).changes
    assert change.fields == ("wilayah", "walidata")


def test_a_singkatan_held_by_an_opd_at_another_url_is_a_conflict():
    portal = {"dinas-kesehatan": replace(DINKES, url="dinas-kesehatan")}
    problems = changes.conflicts(
        portal, [Entry(3, OpdRecord(singkatan="Dinkes", nama="D", jenis="dinas"))]
    )
    assert [str(p) for p in problems] == [
        "Baris 3, kolom singkatan: singkatan Dinkes sudah dipakai OPD lain di portal "
        "(URL dinas-kesehatan); bila itu OPD yang sama, isi kolom url dengan URL tersebut"
    ]
    same_url = Entry(
        3, OpdRecord(singkatan="DINKES", nama="D", jenis="dinas", url="dinas-kesehatan")
    )
    assert changes.conflicts(portal, [same_url]) == []

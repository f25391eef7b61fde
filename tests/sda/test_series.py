"""Statistics tables as time series (sda/series.py): roles, pivot, chart data."""

from __future__ import annotations

from decimal import Decimal

from ckanext.satudata_serang.sda.series import (
    Roles,
    chart,
    dimensions,
    period_key,
    pivot,
    plain,
    roles,
)

FIELDS = [
    {"id": "tahun", "type": "int8"},
    {"id": "kecamatan", "type": "text"},
    {"id": "kode", "type": "int8"},
    {"id": "penduduk", "type": "int8"},
    {"id": "persen_miskin", "type": "numeric"},
]
RECORDS = [
    {"tahun": 2023, "kecamatan": "Curug", "penduduk": 100, "persen_miskin": 5.5},
    {"tahun": 2023, "kecamatan": "Kasemen", "penduduk": 200, "persen_miskin": 7.0},
    {"tahun": 2024, "kecamatan": "Curug", "penduduk": 110, "persen_miskin": 5.0},
    {"tahun": 2024, "kecamatan": "Kasemen", "penduduk": 210, "persen_miskin": None},
]


def described() -> list[dict]:
    info = {
        "tahun": {"peran": "periode"},
        "kecamatan": {"peran": "wilayah"},
        "penduduk": {"peran": "indikator", "label": "Jumlah penduduk", "ukuran": "jumlah", "satuan": "jiwa"},
        "persen_miskin": {"peran": "indikator", "label": "Penduduk miskin", "ukuran": "persentase", "satuan": "persen"},
    }  # fmt: skip
    return [{**f, "info": info.get(f["id"], {})} for f in FIELDS]


def test_roles_come_from_the_dictionary() -> None:
    found = roles(described(), lambda code: code.capitalize())
    assert found is not None
    assert (found.period, found.region) == ("tahun", "kecamatan")
    assert [(i.id, i.label, i.unit, i.additive) for i in found.indicators] == [
        ("penduduk", "Jumlah penduduk", "Jiwa", True),
        ("persen_miskin", "Penduduk miskin", "Persen", False),
    ]


def test_without_a_dictionary_the_names_decide() -> None:
    found = roles(FIELDS)
    assert found is not None
    assert (found.period, found.region) == ("tahun", "kecamatan")
    assert [i.id for i in found.indicators] == ["penduduk", "persen_miskin"]  # not kode


def test_a_table_without_period_or_numbers_is_no_series() -> None:
    assert roles([{"id": "nama", "type": "text"}, {"id": "nilai", "type": "int8"}]) is None
    assert roles([{"id": "tahun", "type": "int8"}, {"id": "nama", "type": "text"}]) is None


def test_totals_add_counts_but_not_percentages() -> None:
    table = roles(described())
    assert isinstance(table, Roles)
    found = pivot(RECORDS, table, by_region=False)

    assert found.periods == ["2023", "2024"]
    assert [(r.indicator.id, r.region, r.values) for r in found.rows] == [
        ("penduduk", None, {"2023": Decimal(300), "2024": Decimal(320)}),
        ("persen_miskin", None, {"2023": None, "2024": None}),
    ]


def test_by_region_every_value_stays() -> None:
    table = roles(described())
    assert isinstance(table, Roles)
    found = pivot(RECORDS, table, by_region=True)

    rows = {(r.indicator.id, r.region): r.values for r in found.rows}
    assert rows[("persen_miskin", "Curug")] == {"2023": Decimal("5.5"), "2024": Decimal("5.0")}
    assert rows[("persen_miskin", "Kasemen")] == {"2023": Decimal("7.0"), "2024": None}


def test_periods_in_time_order() -> None:
    periods = ["Desember 2023", "Januari 2024", "Maret 2023", "2022"]
    assert sorted(periods, key=period_key) == [
        "2022",
        "Maret 2023",
        "Desember 2023",
        "Januari 2024",
    ]


def test_chart_data_and_figures_as_indonesians_write_them() -> None:
    table = roles(described())
    assert isinstance(table, Roles)
    data = chart(pivot(RECORDS, table, by_region=False))
    assert data["labels"] == ["2023", "2024"]
    assert data["datasets"][0] == {"label": "Jumlah penduduk", "data": [300.0, 320.0]}
    assert plain(Decimal("1234567.50")) == "1.234.567,5"
    assert plain(Decimal("-1234")) == "-1.234"
    assert plain(None) == "–"


def test_without_a_dictionary_rates_are_not_added_up() -> None:
    fields = [
        {"id": "tahun", "type": "int8"},
        {"id": "wilayah", "type": "text"},
        {"id": "timbulan_ton", "type": "numeric"},
        {"id": "persentase_terangkut", "type": "numeric"},
    ]
    found = roles(fields)
    assert found is not None
    assert [(i.id, i.additive) for i in found.indicators] == [
        ("timbulan_ton", True),
        ("persentase_terangkut", False),
    ]


def test_region_and_period_are_what_readers_filter_on_together() -> None:
    assert dimensions(described()) == ("kecamatan", "tahun")
    assert dimensions(FIELDS) == ("kecamatan", "tahun")  # by their names
    assert dimensions([{"id": "tahun", "type": "int8"}, {"id": "nilai", "type": "int8"}]) is None

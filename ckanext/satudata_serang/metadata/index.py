"""What the search index adds to a dataset's SDI fields, so each is searchable,
filterable and facetable: coded lists as lists, every year of the data's range as
``tahun``, and the labels of every code as searchable text (a search for "kesehatan"
finds urusan 1.02). Pure: works on the flattened dict CKAN hands to
``before_dataset_index``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import vocabulary
from . import values

# Dataset fields holding codes of a vocabulary.
CODED_FIELDS: Mapping[str, str] = {
    "urusan": "urusan",
    "topik": "topik",
    "frekuensi": "frekuensi",
    "sifat_data": "sifat_data",
    "cakupan_wilayah": "wilayah",
    "level_penyajian": "level_penyajian",
    "cara_pengumpulan": "cara_pengumpulan",
    "ukuran": "ukuran",
    "satuan": "satuan",
}
LIST_FIELDS = ("urusan",)
MAX_YEARS = 200


def data_years(tahun_mulai: Any, tahun_selesai: Any) -> list[int]:
    first = values.year(tahun_mulai)
    last = values.year(tahun_selesai) or first
    if first is None or last is None or last < first:
        return [first] if first is not None else []
    return list(range(first, min(last, first + MAX_YEARS - 1) + 1))


def enrich(flat: dict[str, Any]) -> dict[str, Any]:
    for name in LIST_FIELDS:
        if isinstance(flat.get(name), str):
            flat[name] = values.code_list(flat[name]) or []
    years = data_years(flat.get("tahun_mulai"), flat.get("tahun_selesai"))
    if years:
        flat["tahun"] = years
    labels: list[str] = []
    for name, vocabulary_name in CODED_FIELDS.items():
        raw = flat.get(name)
        codes = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) and raw else []
        terms = vocabulary.get(vocabulary_name)
        for code in codes:
            term = terms.term(str(code))
            if term is not None:
                labels.extend(term.labels.values())
    if labels:
        existing = flat.get("text")
        flat["text"] = " ".join([*([existing] if isinstance(existing, str) else []), *labels])
    return flat

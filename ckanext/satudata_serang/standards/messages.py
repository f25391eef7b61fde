"""What a produsen reads about each problem of a file checked against a standard, in
Indonesian. frictionless words its errors in English only; these sentences are built
from the error's kind, row, column, value and the standard's own field. Pure.

Rows are counted as a spreadsheet shows them: the header is row 1, the first data
row is row 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import vocabulary
from .schema import REFERENCE_KEY, TYPES, parse_reference, reference_codes

LISTED_CODES = 10  # more codes than this are summarised in a message


def _where(baris: int | None, kolom: str | None) -> str:
    if baris is not None and kolom:
        return f'Baris {baris}, kolom "{kolom}"'
    if baris is not None:
        return f"Baris {baris}"
    return f'Kolom "{kolom}"' if kolom else "Berkas"


def _listed(values: Sequence[Any]) -> str:
    shown = ", ".join(str(v) for v in values[:LISTED_CODES])
    more = len(values) - LISTED_CODES
    return f"{shown}, dan {more} lainnya" if more > 0 else shown


def _type_hint(field: Mapping[str, Any]) -> str:
    kind = str(field.get("type", "string"))
    text = TYPES.get(kind, kind)
    fmt = field.get("format")
    if kind in ("date", "datetime", "time") and isinstance(fmt, str) and fmt != "default":
        text = f"{text.split(' (')[0]} dengan format {fmt}"
    if kind == "number" and field.get("decimalChar"):
        text += f' (pemisah desimal "{field["decimalChar"]}")'
    if kind in ("number", "integer") and field.get("groupChar"):
        text += f' (pemisah ribuan "{field["groupChar"]}")'
    return text


def _enum(field: Mapping[str, Any], value: str, where: str) -> str:
    if REFERENCE_KEY in field:
        reference = parse_reference(field[REFERENCE_KEY])
        codes = reference_codes(reference)
        terms = vocabulary.get(reference.vocabulary)
        named = _listed([f"{code} ({terms.label(code)})" for code in codes])
        return f'{where}: "{value}" bukan kode yang berlaku. Gunakan salah satu: {named}.'
    allowed = list((field.get("constraints") or {}).get("enum") or [])
    return f'{where}: "{value}" bukan nilai yang diizinkan. Gunakan salah satu: {_listed(allowed)}.'


def _constraint(
    name: str, field: Mapping[str, Any], value: str, where: str, other_row: int | None
) -> str:
    limit = (field.get("constraints") or {}).get(name)
    match name:
        case "required":
            return f"{where}: wajib diisi, tetapi kosong."
        case "enum":
            return _enum(field, value, where)
        case "minimum":
            return f"{where}: {value} lebih kecil dari batas terkecil {limit}."
        case "maximum":
            return f"{where}: {value} lebih besar dari batas terbesar {limit}."
        case "minLength":
            return f'{where}: "{value}" lebih pendek dari {limit} karakter.'
        case "maxLength":
            return f'{where}: "{value}" lebih panjang dari {limit} karakter.'
        case "pattern":
            return f'{where}: "{value}" tidak mengikuti pola {limit}.'
        case "unique":
            return _unique(where, value, other_row)
        case _:
            return f'{where}: "{value}" tidak memenuhi batasan {name} standar.'


def _unique(where: str, value: str, other_row: int | None) -> str:
    again = f" (sama dengan baris {other_row})" if other_row else ""
    return f'{where}: nilai "{value}" muncul lebih dari sekali{again}; setiap nilai harus berbeda.'


def message(
    jenis: str,
    *,
    baris: int | None = None,
    kolom: str | None = None,
    nilai: str | None = None,
    batasan: str | None = None,
    field: Mapping[str, Any] | None = None,
    posisi: int | None = None,
    kunci: Sequence[str] = (),
    baris_lain: int | None = None,
) -> str:
    """The sentence for one problem. ``jenis`` is frictionless's error type (or one
    of ours: kolom-hilang, kolom-ganda, berkas-rusak, berkas-kosong), ``batasan`` the
    name of the constraint a constraint-error broke, ``field`` the standard's field."""
    where = _where(baris, kolom)
    value = "" if nilai is None else str(nilai)
    field = field or {}
    match jenis:
        case "type-error":
            return f'{where}: "{value}" bukan {_type_hint(field)}.'
        case "constraint-error":
            return _constraint(batasan or "", field, value, where, baris_lain)
        case "unique-error":
            return _unique(where, value, baris_lain)
        case "primary-key":
            again = f"sudah ada di baris {baris_lain}" if baris_lain else "muncul lebih dari sekali"
            return (
                f"{where}: gabungan nilai kolom {', '.join(kunci)} ({value}) {again}; setiap "
                "gabungan harus berbeda."
            )
        case "missing-cell":
            return f"{where}: sel kosong karena baris lebih pendek dari baris judul."
        case "extra-cell":
            return (
                f'{_where(baris, None)}: ada nilai "{value}" di kolom ke-{posisi}, di luar '
                "kolom baris judul. Beri nama kolomnya atau hapus nilainya."
            )
        case "blank-row":
            return f"{_where(baris, None)} kosong. Hapus baris kosong di tengah tabel."
        case "missing-label" | "kolom-hilang":
            return (
                f'Kolom "{kolom}" yang diwajibkan standar tidak ada di baris judul (baris 1). '
                "Tambahkan kolom itu (huruf besar atau kecil dan spasi sebagai ganti garis bawah tidak dipersoalkan)."
            )
        case "kolom-ganda" | "duplicate-label":
            return (
                f'Nama kolom "{value}" muncul lebih dari sekali di baris judul (baris 1). '
                "Beri setiap kolom nama sendiri."
            )
        case "berkas-kosong":
            return "Berkas kosong atau tidak punya baris judul."
        case "berkas-rusak":
            return (
                "Berkas tidak dapat dibaca sebagai tabel. Simpan ulang sebagai CSV (UTF-8) atau "
                "XLSX, lalu unggah lagi."
            )
        case _:
            return f"{where}: tidak sesuai standar ({jenis})."


def galat(code: str, **values: Any) -> str:
    """Why a file could not be checked at all (status galat), and what to do."""
    match code:
        case "berkas_hilang":
            return "Berkas unggahan tidak ditemukan di penyimpanan portal. Unggah ulang berkasnya."
        case "format":
            return (
                f"Berkas berformat {values.get('format') or 'tak dikenal'} tidak dapat diperiksa "
                "terhadap standar. Unggah tabelnya sebagai CSV, TSV, XLSX atau XLS."
            )
        case "terlalu_besar":
            return f"Berkas lebih besar dari batas pemeriksaan {values.get('mb')} MB."
        case "unduh":
            return (
                f"Berkas dari tautan tidak dapat diunduh untuk diperiksa: {values.get('alasan')} "
                "Periksa tautannya atau unggah berkasnya."
            )
        case "standar_hilang":
            return f"Standar {values.get('standar')} tidak ditemukan di portal."
        case "batas_waktu":
            return (
                f"Pemeriksaan dihentikan setelah {values.get('menit')} menit. Bagi berkas menjadi "
                "beberapa bagian atau hubungi walidata."
            )
        case _:
            return (
                "Terjadi galat sistem saat memeriksa berkas. Periksa ulang; bila berulang, "
                "hubungi walidata."
            )

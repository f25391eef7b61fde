"""An OPD as the import sees it: the record, the checks of every row and of the rows
together, and the conversion to and from the portal's organizations. Pure: no CKAN
imports. ``files`` reads and writes the YAML and CSV forms, ``changes`` plans an import.

Keys (YAML) and columns (CSV), in the order they are written::

    singkatan nama jenis urusan wilayah walidata kode alamat telepon email website deskripsi url

The organization's URL (its CKAN ``name``) is the singkatan in lower case unless ``url``
says otherwise. The file always decides the fields of the city's list (singkatan to
walidata: a key left out means empty, or not walidata). The details kept by the OPDs
themselves (kode to deskripsi) change only when the file names them (a CSV column, a
YAML key), so importing the city's list never erases what an OPD admin typed on the site.
An empty value that is named clears the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import vocabulary
from ..metadata import values

KEYS = (
    "singkatan",
    "nama",
    "jenis",
    "urusan",
    "wilayah",
    "walidata",
    "kode",
    "alamat",
    "telepon",
    "email",
    "website",
    "deskripsi",
    "url",
)
REQUIRED = ("singkatan", "nama", "jenis")
DETAILS = ("kode", "alamat", "telepon", "email", "website", "deskripsi")
# File key -> field of the organization schema (schemas/organization.yaml).
ORGANIZATION_FIELDS = {
    "singkatan": "singkatan",
    "nama": "title",
    "jenis": "jenis",
    "urusan": "urusan",
    "wilayah": "wilayah",
    "walidata": "walidata",
    "kode": "kode_opd",
    "alamat": "alamat",
    "telepon": "telepon",
    "email": "email",
    "website": "website",
    "deskripsi": "description",
    "url": "name",
}
KECAMATAN = "kecamatan"
_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")
_YES = frozenset({"ya", "true", "yes", "1"})
_NO = frozenset({"tidak", "false", "no", "0", ""})


def default_url(singkatan: str) -> str:
    return singkatan.strip().lower()


@dataclass(frozen=True)
class OpdRecord:
    """One OPD. ``url`` defaults to the singkatan in lower case. A detail is None when
    the file does not name it (the portal's value stays); from the portal it is text."""

    singkatan: str
    nama: str
    jenis: str
    urusan: tuple[str, ...] = ()
    wilayah: str = ""
    walidata: bool = False
    kode: str | None = None
    alamat: str | None = None
    telepon: str | None = None
    email: str | None = None
    website: str | None = None
    deskripsi: str | None = None
    url: str = ""

    def __post_init__(self) -> None:
        if not self.url:
            object.__setattr__(self, "url", default_url(self.singkatan))


@dataclass(frozen=True)
class Problem:
    """What is wrong, where the user will look: ``row`` is the CSV line (the header is
    line 1) or the position in the YAML ``opd:`` list; 0 is the whole file."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"Baris {self.row}" if self.row else "Berkas"
        if self.field:
            where += f", kolom {self.field}"
        return f"{where}: {self.message}"


class InvalidFile(ValueError):
    """The file has problems; nothing of it may be imported."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda problem: problem.row))
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Entry:
    """A checked row: the record and where it came from."""

    row: int
    record: OpdRecord
    url_key: str = "singkatan"  # the key the URL was taken from, for messages


def validate(
    rows: Iterable[tuple[int, Mapping[str, Any]]], problems: Iterable[Problem] = ()
) -> list[Entry]:
    """Every row checked, and the rows against each other; InvalidFile lists every
    problem found, so one correction round is enough."""
    found = list(problems)
    entries: list[Entry] = []
    for row, raw in rows:
        entry, row_problems = _entry(row, raw)
        found += row_problems
        entries.append(entry)
    found += _duplicates(entries)
    if not entries and not found:
        found.append(Problem(0, "", "berkas tidak berisi satu OPD pun"))
    if found:
        raise InvalidFile(found)
    return entries


class _Row:
    def __init__(self, row: int, raw: Mapping[str, Any]) -> None:
        self.row = row
        self.raw = raw
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.row, key, message))

    def text(self, key: str) -> str | None:
        """The trimmed text, "" when named but empty, None when not named."""
        if key not in self.raw:
            return None
        value = self.raw[key]
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(key, "harus berupa teks, bukan daftar")
            return ""
        return value.strip()

    def required(self, key: str) -> str:
        value = self.text(key) or ""
        if not value:
            self.problem(key, "wajib diisi")
        return value

    def cleaned(self, key: str, clean: Callable[[str], str | None], message: str) -> str | None:
        value = self.text(key)
        if not value:
            return value
        result = clean(value)
        if result is None:
            self.problem(key, message)
            return value
        return result


def _entry(row: int, raw: Mapping[str, Any]) -> tuple[Entry, list[Problem]]:
    check = _Row(row, raw)
    for key in raw:
        if key not in KEYS:
            check.problem(key, f"kolom tidak dikenal (yang dikenal: {', '.join(KEYS)})")
    singkatan = check.required("singkatan")
    nama = check.required("nama")
    jenis = check.required("jenis")
    jenis_opd = vocabulary.get("jenis_opd")
    if jenis and jenis not in jenis_opd:
        check.problem(
            "jenis",
            f"jenis {jenis} tidak dikenal; pilih salah satu: {', '.join(jenis_opd.codes())}",
        )
    wilayah = check.text("wilayah") or ""
    if wilayah and wilayah not in vocabulary.get("wilayah"):
        check.problem("wilayah", f"kode wilayah {wilayah} tidak dikenal")
    if jenis == KECAMATAN and not wilayah:
        check.problem("wilayah", "wajib diisi untuk OPD berjenis kecamatan")
    url_text = check.text("url")
    url = url_text or default_url(singkatan)
    if (singkatan or url_text) and not _NAME.match(url):
        if url_text:
            check.problem("url", f"URL {url} tidak sah: 2–100 huruf kecil, angka, - atau _")
        else:
            check.problem(
                "singkatan",
                f"singkatan {singkatan} tidak bisa menjadi URL ({url}): pakai 2–100 huruf, "
                "angka, - atau _, atau isi kolom url",
            )
    record = OpdRecord(
        singkatan=singkatan,
        nama=nama,
        jenis=jenis,
        urusan=_urusan(check),
        wilayah=wilayah,
        walidata=_walidata(check),
        kode=check.text("kode"),
        alamat=check.text("alamat"),
        telepon=check.cleaned(
            "telepon",
            values.phone,
            "nomor telepon tidak sah (6–15 angka; boleh spasi, +, - dan tanda kurung)",
        ),
        email=check.cleaned("email", values.email, "alamat email tidak sah"),
        website=check.cleaned(
            "website", values.http_url, "hanya tautan http:// atau https:// yang diterima"
        ),
        deskripsi=check.text("deskripsi"),
        url=url,
    )
    return Entry(row, record, "url" if url_text else "singkatan"), check.problems


def _urusan(check: _Row) -> tuple[str, ...]:
    raw = check.raw.get("urusan")
    if values.is_blank(raw):
        return ()
    codes = values.code_list(raw)
    if codes is None:
        check.problem("urusan", "daftar kode urusan tidak terbaca")
        return ()
    terms = vocabulary.get("urusan")
    unknown = [code for code in codes if code not in terms]
    if unknown:
        check.problem("urusan", f"kode {', '.join(unknown)} tidak dikenal")
    return tuple(codes)


def _walidata(check: _Row) -> bool:
    value = (check.text("walidata") or "").lower()
    if value in _YES:
        return True
    if value not in _NO:
        check.problem("walidata", f"isi ya atau tidak (tertulis: {value})")
    return False


def _duplicates(entries: Sequence[Entry]) -> list[Problem]:
    problems: list[Problem] = []
    singkatan_rows: dict[str, int] = {}
    url_rows: dict[str, int] = {}
    for entry in entries:
        record = entry.record
        key = record.singkatan.casefold()
        if key and key in singkatan_rows:
            problems.append(
                Problem(
                    entry.row,
                    "singkatan",
                    f"singkatan {record.singkatan} sudah dipakai di baris {singkatan_rows[key]}",
                )
            )
        elif record.url and record.url in url_rows:
            problems.append(
                Problem(
                    entry.row,
                    entry.url_key,
                    f"URL {record.url} sudah dipakai di baris {url_rows[record.url]}",
                )
            )
        singkatan_rows.setdefault(key, entry.row)
        url_rows.setdefault(record.url, entry.row)
    return problems


# The portal's organizations --------------------------------------------------------


def from_organization(organization: Mapping[str, Any]) -> OpdRecord:
    """An organization as organization_show returns it (scheming fields at top level)."""

    def text(field: str) -> str:
        value = organization.get(field)
        return "" if value is None else str(value).strip()

    return OpdRecord(
        singkatan=text("singkatan"),
        nama=text("title"),
        jenis=text("jenis"),
        urusan=tuple(values.code_list(organization.get("urusan") or []) or ()),
        wilayah=text("wilayah"),
        walidata=organization.get("walidata") is True,
        kode=text("kode_opd"),
        alamat=text("alamat"),
        telepon=text("telepon"),
        email=text("email"),
        website=text("website"),
        deskripsi=text("description"),
        url=text("name"),
    )


def to_organization(record: OpdRecord, keys: Iterable[str] = KEYS) -> dict[str, Any]:
    """The organization fields of ``keys`` (file keys); details the file does not name
    are left out."""
    organization: dict[str, Any] = {}
    for key in keys:
        value = getattr(record, key)
        if value is None:
            continue
        organization[ORGANIZATION_FIELDS[key]] = list(value) if key == "urusan" else value
    return organization


def in_list_order(records: Iterable[OpdRecord]) -> list[OpdRecord]:
    """Grouped as the city lists them (sekretariat, inspektorat, dinas, badan …), then
    by singkatan."""
    order = {code: i for i, code in enumerate(vocabulary.get("jenis_opd").codes())}
    return sorted(records, key=lambda r: (order.get(r.jenis, len(order)), r.singkatan.casefold()))

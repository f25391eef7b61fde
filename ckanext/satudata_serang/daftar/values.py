"""An entry of the Daftar Data as people write it (the form, the API, a spreadsheet
row) checked and turned into values, with what is wrong in Indonesian, field by
field. Pure: no CKAN (the known OPDs, urusan, frekuensi and standards are given).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import periods

MAX_NAME = 300
YES = frozenset({"ya", "y", "true", "1", "yes", "benar", "on"})
NO = frozenset({"tidak", "t", "false", "0", "no", "salah", "off", ""})
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")


@dataclass(frozen=True)
class Known:
    """What an entry may name: OPDs by id, name or singkatan (→ id), urusan,
    frekuensi and standard codes."""

    organizations: Mapping[str, str]
    urusan: Collection[str]
    frekuensi: Collection[str]
    standar: Collection[str]


@dataclass
class EntryValues:
    tahun: int
    nama: str
    organization_id: str
    frekuensi: str
    urusan: str = ""
    standar: str = ""
    prioritas: bool = False
    catatan: str = ""
    tenggat: dict[str, date] = field(default_factory=dict)  # period code → moved deadline

    def periods(self) -> list[tuple[periods.Period, date, bool]]:
        """Each period owed, its deadline and whether it was moved."""
        owed = periods.periods_of_year(self.frekuensi, self.tahun)
        return [
            (
                p,
                self.tenggat.get(p.code) or periods.default_deadline(self.frekuensi, p),
                p.code in self.tenggat,
            )
            for p in owed
        ]


Errors = dict[str, list[str]]


def read_date(text: str) -> date | None:
    """A day written 31/12/2026, 31-12-2026 or 2026-12-31."""
    value = text.strip()
    try:
        if found := _DAY_FIRST.match(value):
            return date(int(found[3]), int(found[2]), int(found[1]))
        if found := _ISO.match(value):
            return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None
    return None


def read_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in ("1.0", "0.0"):  # a spreadsheet's number cell
        text = text[0]
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def read_deadlines(value: Any) -> tuple[dict[str, date], list[str]]:
    """Moved deadlines as a mapping (API) or text (a spreadsheet cell:
    ``2026-T1=30/04/2026; 2026-T2=31/07/2026``)."""
    pairs: list[tuple[str, Any]]
    if isinstance(value, Mapping):
        pairs = [(str(k), v) for k, v in value.items()]  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    else:
        text = str(value or "").strip()
        pairs = []
        for part in filter(None, (p.strip() for p in text.replace("\n", ";").split(";"))):
            code, sep, day = part.partition("=")
            if not sep:
                return {}, [
                    f"Tulis tenggat sebagai periode=tanggal, mis. 2026-T1=30/04/2026 (bukan “{part}”)."
                ]
            pairs.append((code.strip(), day.strip()))
    found: dict[str, date] = {}
    problems: list[str] = []
    for code, day in pairs:
        if day is None or (isinstance(day, str) and not day.strip()):
            continue  # no moved deadline: the default one
        period = periods.parse(code)
        when = day if isinstance(day, date) else read_date(str(day))
        if period is None:
            problems.append(f"Periode “{code}” tidak dikenal.")
        elif when is None:
            problems.append(
                f"Tanggal tenggat “{day}” untuk {period.code} tidak dikenal: tulis 31/12/2026."
            )
        else:
            found[period.code] = when
    return found, problems


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()


def check(raw: Mapping[str, Any], known: Known) -> tuple[EntryValues | None, Errors]:
    """The entry's values, or None and what is wrong (field → messages)."""
    errors: Errors = {}

    def wrong(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    tahun = _year(_text(raw, "tahun"), wrong)
    nama = " ".join(_text(raw, "nama").split())
    if not nama:
        wrong("nama", "Nama data wajib diisi.")
    elif len(nama) > MAX_NAME:
        wrong("nama", f"Nama data terlalu panjang (paling banyak {MAX_NAME} huruf).")
    opd = _text(raw, "organization") or _text(raw, "opd")
    organization_id = known.organizations.get(opd) or known.organizations.get(opd.lower())
    if not opd:
        wrong("organization", "OPD produsen wajib diisi.")
    elif organization_id is None:
        wrong("organization", f"OPD “{opd}” tidak dikenal.")
    frekuensi = _text(raw, "frekuensi").lower().replace(" ", "_")
    if not frekuensi:
        wrong("frekuensi", "Frekuensi wajib diisi.")
    elif frekuensi not in known.frekuensi or frekuensi not in periods.LAGS:
        wrong("frekuensi", f"Frekuensi “{frekuensi}” tidak dikenal.")
    urusan = _text(raw, "urusan")
    if urusan and urusan not in known.urusan:
        wrong("urusan", f"Kode urusan “{urusan}” tidak dikenal.")
    standar = _text(raw, "standar").split("@")[0].strip()
    if standar and standar not in known.standar:
        wrong("standar", f"Standar data “{standar}” tidak ada.")
    prioritas = read_flag(raw.get("prioritas"))
    if prioritas is None:
        wrong("prioritas", "Data prioritas diisi ya atau tidak.")
    tenggat, problems = read_deadlines(raw.get("tenggat"))
    for problem in problems:
        wrong("tenggat", problem)
    if tahun is not None and frekuensi in periods.LAGS and not problems:
        owed = {p.code for p in periods.periods_of_year(frekuensi, tahun)}
        for code in tenggat:
            if code not in owed:
                wrong(
                    "tenggat", f"Periode {code} tidak termasuk periode {frekuensi} tahun {tahun}."
                )
    if errors or tahun is None or organization_id is None:
        return None, errors
    return (
        EntryValues(
            tahun=tahun,
            nama=nama,
            organization_id=organization_id,
            frekuensi=frekuensi,
            urusan=urusan,
            standar=standar,
            prioritas=bool(prioritas),
            catatan=_text(raw, "catatan"),
            tenggat=tenggat,
        ),
        errors,
    )


def _year(text: str, wrong: Callable[[str, str], None]) -> int | None:
    if not text:
        wrong("tahun", "Tahun wajib diisi.")
        return None
    try:
        year = int(float(text)) if re.fullmatch(r"[0-9]{4}(\.0+)?", text) else int(text)
    except ValueError:
        wrong("tahun", f"Tahun “{text}” bukan tahun.")
        return None
    if not periods.FIRST_YEAR <= year <= periods.LAST_YEAR:
        wrong("tahun", f"Tahun {year} di luar {periods.FIRST_YEAR}–{periods.LAST_YEAR}.")
        return None
    return year

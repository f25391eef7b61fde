"""MS-Var, the BPS metadata of a statistical variable, as keys of a DataStore column's
``info``. Pure: no CKAN.

CKAN's own ``label`` is the nama variabel and ``notes`` the definisi; the rest are
this portal's keys. Coded keys take codes of the portal's vocabularies (``tipe_data``,
``satuan``, ``ukuran``, ``peran``); "lainnya" asks for a text in ``<key>_lainnya``.

A column's info is replaced whole by CKAN's datastore_create; ``merged`` keeps what
was stored for every key a caller did not send, so an API call that sets only the
label does not erase the rest (an empty string clears a key).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    name: str  # the key in info
    vocabulary: str | None = None  # codes from this vocabulary
    other: str | None = None  # the text key asked for when the code is "lainnya"


KEYS: tuple[Key, ...] = (
    Key("label"),  # nama variabel
    Key("alias"),
    Key("konsep"),
    Key("notes"),  # definisi
    Key("tipe_data", "tipe_data"),
    Key("satuan", "satuan", "satuan_lainnya"),
    Key("satuan_lainnya"),
    Key("ukuran", "ukuran", "ukuran_lainnya"),
    Key("ukuran_lainnya"),
    Key("klasifikasi_isian"),
    Key("aturan_validasi"),
    Key("peran", "peran_variabel"),
)
NAMES = tuple(k.name for k in KEYS)
OTHER = "lainnya"
MAX_LENGTH = 5000
TEXT_TYPES = frozenset({"teks", "kode", "periode"})  # loaded as text whatever they hold


def merged(current: Mapping[str, Any] | None, submitted: Mapping[str, Any]) -> dict[str, Any]:
    """The column's info after a datastore_create that sent ``submitted``."""
    result = {k: v for k, v in (current or {}).items() if k not in submitted}
    result.update(submitted)
    return {k: v for k, v in result.items() if not (k in NAMES and v in ("", None))}


Knows = Callable[[str, str], bool]  # (vocabulary, code) → is it listed


@dataclass(frozen=True)
class Problem:
    key: str
    code: str  # tidak_dikenal, wajib_lainnya, bukan_teks, terlalu_panjang
    value: str = ""


def problems(info: Mapping[str, Any], knows: Knows) -> list[Problem]:
    """What is wrong with a column's MS-Var values."""
    found: list[Problem] = []
    for key in KEYS:
        value = info.get(key.name)
        if value is None:
            continue
        if not isinstance(value, str):
            found.append(Problem(key.name, "bukan_teks"))
            continue
        if len(value) > MAX_LENGTH:
            found.append(Problem(key.name, "terlalu_panjang"))
        if key.vocabulary and value and not knows(key.vocabulary, value):
            found.append(Problem(key.name, "tidak_dikenal", value))
        if key.other and value == OTHER and not str(info.get(key.other) or "").strip():
            found.append(Problem(key.other, "wajib_lainnya"))
    return found


def forced_text(info: Mapping[str, Any] | None) -> bool:
    """The produsen said the column is text (a code, a period): load it as text."""
    return bool(info) and str((info or {}).get("tipe_data") or "") in TEXT_TYPES


def filled(info: Mapping[str, Any] | None) -> bool:
    """Whether the column has any MS-Var value."""
    return any(str((info or {}).get(k) or "").strip() for k in NAMES)

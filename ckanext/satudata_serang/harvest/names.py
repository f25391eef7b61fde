"""A free address (``name``) for a harvested dataset, found through an index.

ckanext-harvest's ``_ensure_name_is_unique`` asks which names begin with the wanted
one with ``ILIKE``, which no index serves: at 10,000 datasets each ask read the whole
package table (about 15 ms, twice per new harvested dataset). The rule here is the
same (the wanted name, else the same name with the lowest free number 1–999, or five
random hex digits when ``ckanext.harvest.default_dataset_name_append`` says
``random-hex``), and the ask is a ``LIKE`` that the index of migration 0006 serves:
CKAN's names are lower case, so both find the same names.
"""

from __future__ import annotations

import uuid

from ckan import model
from ckan.model.package import PACKAGE_NAME_MAX_LENGTH

NUMBERS = "number-sequence"
RANDOM_HEX = "random-hex"
_HIGHEST_NUMBER = 999
_HEX_DIGITS = 5


def _room(append_type: str) -> int:
    """How many characters a suffix may take."""
    if append_type == NUMBERS:
        return len(str(_HIGHEST_NUMBER))
    if append_type == RANDOM_HEX:
        return _HEX_DIGITS
    raise ValueError(append_type)


def stem(wanted: str, append_type: str) -> str:
    """The beginning every candidate shares (what to look up)."""
    return wanted[: PACKAGE_NAME_MAX_LENGTH - _room(append_type)]


def choose(
    wanted: str, taken: set[str], existing: str | None = None, append_type: str = NUMBERS
) -> str | None:
    """The name to use: ``wanted`` if free, the dataset's own name if it already is a
    numbered form of it, else a suffixed form; None when all 999 numbers are taken."""
    wanted = wanted[:PACKAGE_NAME_MAX_LENGTH]
    if existing == wanted:
        return wanted
    taken = taken - {existing} if existing else taken
    if wanted not in taken:
        return wanted
    if existing and existing.startswith(wanted):
        return existing
    if append_type == RANDOM_HEX:
        return wanted[: PACKAGE_NAME_MAX_LENGTH - _HEX_DIGITS] + uuid.uuid4().hex[:_HEX_DIGITS]
    _room(append_type)  # an unknown kind is refused as ckanext-harvest does
    for number in range(1, _HIGHEST_NUMBER + 1):
        candidate = wanted[: PACKAGE_NAME_MAX_LENGTH - len(str(number))] + str(number)
        if candidate not in taken:
            return candidate
    return None


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def names_beginning_with(beginning: str) -> set[str]:
    """Every dataset name (deleted ones too: their names stay taken) that begins with
    ``beginning``."""
    rows = model.Session.query(model.Package.name).filter(
        model.Package.name.like(_escaped(beginning) + "%", escape="\\")
    )
    return {name for (name,) in rows}


def unique_name(
    wanted: str, existing_name: str | None = None, append_type: str = NUMBERS
) -> str | None:
    """ckanext-harvest's ``_ensure_name_is_unique``, served by an index."""
    taken = names_beginning_with(stem(wanted[:PACKAGE_NAME_MAX_LENGTH], append_type))
    return choose(wanted, taken, existing_name, append_type)

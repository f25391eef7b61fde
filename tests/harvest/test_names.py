"""A free address for each new harvested dataset (harvest/names.py): the rule, and the
index lookup against real datasets."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.satudata_serang.harvest import names
from tests import sdi


def test_the_wanted_name_when_it_is_free() -> None:
    assert names.choose("data-penduduk", {"data-penduduk-2020"}) == "data-penduduk"


def test_the_lowest_free_number_when_it_is_taken() -> None:
    taken = {"data-penduduk", "data-penduduk1", "data-penduduk3"}
    assert names.choose("data-penduduk", taken) == "data-penduduk2"


def test_a_dataset_keeps_its_own_name_when_the_title_still_gives_it() -> None:
    assert names.choose("data-penduduk", {"data-penduduk"}, "data-penduduk") == "data-penduduk"
    taken = {"data-penduduk", "data-penduduk4"}
    assert names.choose("data-penduduk", taken, existing="data-penduduk4") == "data-penduduk4"


def test_a_long_name_is_cut_to_make_room_for_the_number() -> None:
    wanted = "a" * 120
    assert names.choose(wanted, set()) == "a" * 100
    assert names.choose(wanted, {"a" * 100}) == "a" * 99 + "1"


def test_random_hex_suffix_when_configured() -> None:
    chosen = names.choose("data", {"data"}, append_type=names.RANDOM_HEX)
    assert chosen is not None and chosen.startswith("data") and len(chosen) == 9
    assert chosen != "data"


def test_no_name_when_every_number_is_taken() -> None:
    taken = {"x"} | {f"x{n}" for n in range(1, 1000)}
    assert names.choose("x", taken) is None


def test_an_unknown_suffix_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        names.choose("x", {"x"}, append_type="emoji")


@pytest.mark.usefixtures("clean_db")
def test_the_lookup_finds_names_by_their_beginning_only() -> None:
    organization = sdi.Organization()
    for name in ("data-penduduk", "data-penduduk1", "data_penduduk", "penduduk-data"):
        sdi.Dataset(name=name, owner_org=organization["id"])
    assert names.names_beginning_with("data-penduduk") == {"data-penduduk", "data-penduduk1"}
    # "_" and "%" are letters of the name here, not LIKE wildcards
    assert names.names_beginning_with("data_") == {"data_penduduk"}
    assert names.names_beginning_with("data%") == set()
    assert names.unique_name("data-penduduk") == "data-penduduk2"


@pytest.mark.usefixtures("clean_db")
def test_the_names_have_an_index_for_lookups_by_their_beginning() -> None:
    """Migration 0006: an index LIKE 'x%' can use whatever the database's collation (how
    much it saves is measured by make bench-dcat, not here: on a near-empty table the
    planner rightly prefers other plans)."""
    definition = model.Session.execute(
        sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
        {"name": "idx_satudata_package_name_prefix"},
    ).scalar()
    assert definition is not None
    assert "(name text_pattern_ops)" in definition

"""Which fields a change touches (workflow/edits.py): what the revision diff, the
curation log and the harvest history list."""

from __future__ import annotations

from ckanext.satudata_serang.workflow.edits import changed_fields


def test_a_changed_value_is_listed() -> None:
    assert changed_fields({"title": "A", "konsep": "x"}, {"title": "B", "konsep": "x"}) == ["title"]


def test_extras_tags_and_groups_in_another_order_are_no_change() -> None:
    before = {
        "extras": [{"key": "uri", "value": "u"}, {"key": "issued", "value": "2024"}],
        "tags": [{"name": "penduduk"}, {"name": "kecamatan"}],
        "groups": [{"name": "sosial"}, {"name": "ekonomi"}],
    }
    after = {key: list(reversed(value)) for key, value in before.items()}
    assert changed_fields(before, after) == []


def test_an_extra_with_a_new_value_is_a_change() -> None:
    before = {"extras": [{"key": "uri", "value": "u"}, {"key": "issued", "value": "2024"}]}
    after = {"extras": [{"key": "issued", "value": "2025"}, {"key": "uri", "value": "u"}]}
    assert changed_fields(before, after) == ["extras"]


def test_resources_keep_their_order() -> None:
    before = {"resources": [{"id": "a"}, {"id": "b"}]}
    after = {"resources": [{"id": "b"}, {"id": "a"}]}
    assert changed_fields(before, after) == ["resources"]

from __future__ import annotations

from datetime import date

import pytest

from ckanext.satudata_serang.metadata import values

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(2023, 2023), ("2023", 2023), (" 1999 ", 1999), (1900, 1900), (2036, 2036)],
)
def test_years_people_write_are_accepted(raw, expected):
    assert values.year(raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["23", "2023a", "", None, 1899, 2037, True, 2023.5, "dua ribu"])
def test_other_years_are_refused(raw):
    assert values.year(raw, TODAY) is None


@pytest.mark.parametrize(
    "raw", ["a@serangkota.go.id", "bidang.statistik+uji@diskominfo.serangkota.go.id"]
)
def test_valid_emails(raw):
    assert values.email(f" {raw} ") == raw


@pytest.mark.parametrize(
    "raw", ["bukan-email", "a@b", "a@@b.id", "a b@c.id", "<script>@x.id", "a@-x.id", 5]
)
def test_invalid_emails(raw):
    assert values.email(raw) is None


@pytest.mark.parametrize("raw", ["(0254) 200123", "+62 254 200123", "0812-3456-7890"])
def test_phone_numbers_as_written(raw):
    assert values.phone(raw) == raw


@pytest.mark.parametrize("raw", ["12345", "telepon kantor", "0254<script>", "+62 254 200123 ext 5"])
def test_invalid_phone_numbers(raw):
    assert values.phone(raw) is None


@pytest.mark.parametrize("raw", ["https://serangkota.go.id", "http://data.serangkota.go.id/a?b=1"])
def test_http_links(raw):
    assert values.http_url(raw) == raw


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example",
        "https://",
        "https://a b.id",
        "http://x.id/\nabc",
    ],
)
def test_dangerous_or_broken_links_are_refused(raw):
    assert values.http_url(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["1.02", "2.20"], ["1.02", "2.20"]),
        ('["1.02", "2.20"]', ["1.02", "2.20"]),
        ("1.02, 2.20", ["1.02", "2.20"]),
        ("1.02;2.20 1.02", ["1.02", "2.20"]),
        ("", []),
    ],
)
def test_code_lists_in_every_shape(raw, expected):
    assert values.code_list(raw) == expected


@pytest.mark.parametrize("raw", ['["1.02"', '{"a": 1}', "[1.02", [{"code": "1.02"}], 5, [True]])
def test_malformed_code_lists(raw):
    assert values.code_list(raw) is None

"""Normalising single metadata values. Each function returns the clean value, or None
when the input is not acceptable; the caller words the error."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

FIRST_YEAR = 1900
YEARS_AHEAD = 10  # projections (proyeksi) may reach into the future

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_PHONE_CHARS = re.compile(r"^\+?[0-9 ().-]+$")
_LIST_SEPARATORS = re.compile(r"[,;\s]+")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def year(value: Any, today: date | None = None) -> int | None:
    """A four-digit year between 1900 and ten years from now."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        number = int(value)
    else:
        return None
    last = (today or date.today()).year + YEARS_AHEAD
    return number if FIRST_YEAR <= number <= last else None


def iso_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10]) if len(value.strip()) == 10 else None
    except ValueError:
        return None


def email(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = value.strip()
    return cleaned if len(cleaned) <= 254 and _EMAIL.match(cleaned) else None


def phone(value: Any) -> str | None:
    """Indonesian phone numbers as people write them: +62 254 123456, (0254) 200-123."""
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    digits = re.sub(r"\D", "", cleaned)
    if not _PHONE_CHARS.match(cleaned) or not 6 <= len(digits) <= 15:
        return None
    return cleaned


def http_url(value: Any) -> str | None:
    """Only http(s) links with a host: javascript:, data: and the like are refused."""
    if not isinstance(value, str):
        return None
    cleaned = value.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in cleaned):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return cleaned


def code_list(value: Any) -> list[str] | None:
    """Codes given as a list, a JSON list, or text separated by commas, semicolons or
    spaces; duplicates dropped, order kept. None when the shape is wrong."""
    items: Iterable[Any]
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(("[", "{")):
            try:
                loaded = json.loads(text)
            except ValueError:
                return None
            if not isinstance(loaded, list):
                return None
            items = loaded
        else:
            items = [item for item in _LIST_SEPARATORS.split(text) if item]
    elif isinstance(value, list | tuple):
        items = value
    else:
        return None
    codes: list[str] = []
    for item in items:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            return None
        code = str(item).strip()
        if code and code not in codes:
            codes.append(code)
    return codes

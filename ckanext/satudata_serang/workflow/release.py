"""When an approved dataset is to be published (``release_date`` of satudata_publish). Pure.

Kota Serang keeps Western Indonesian Time (WIB, UTC+7, no daylight saving): a time
without a zone is WIB, and a date alone means 00:00 WIB that day. Anything else
is refused with the reason, in Indonesian-ready English for gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")
# Far enough for any planned release, near enough to catch a mistyped year.
MAX_AHEAD = timedelta(days=366 * 2)

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass(frozen=True)
class BadReleaseDate:
    """Why a release date was refused: ``reason`` is one of the keys of REASONS."""

    reason: str


REASONS = ("format", "too_far")


def parse(value: object, now: datetime) -> datetime | BadReleaseDate | None:
    """The release moment in UTC; None when nothing was given (publish now).

    A moment at or before ``now`` also means now: the caller publishes at once.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return BadReleaseDate("format")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WIB)
    moment = moment.astimezone(UTC)
    if moment - now > MAX_AHEAD:
        return BadReleaseDate("too_far")
    return moment


def is_due(release_at: datetime, now: datetime) -> bool:
    return release_at <= now


def tanggal(day: date) -> str:
    """``1 Desember 2026``: how people in Serang write a day."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def in_wib(moment: datetime) -> str:
    """``1 Desember 2026 pukul 08.00 WIB``: how people in Serang read a time."""
    local = moment.astimezone(WIB)
    return f"{tanggal(local.date())} pukul {local:%H.%M} WIB"

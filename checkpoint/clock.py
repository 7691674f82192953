"""The time of day, in one place: UTC for what is stored and sent, the gate's zone for what officers see.

Reports, record numbers and the log's `local_date` all count days in the gate's zone (Asia/Ho_Chi_Minh),
not UTC: an inspection at 06:30 local time is on that day's report, though it is still yesterday in UTC.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utc_now() -> datetime:
    """Now, as an aware datetime in UTC."""
    return datetime.now(UTC)


def utc_iso(moment: datetime | None = None) -> str:
    """An aware time (default now) as the database and the hub store it: ISO 8601 in UTC, always with
    microseconds, so that stored times sort as text."""
    return (moment or utc_now()).astimezone(UTC).isoformat(timespec="microseconds")


def local_now(tz: str) -> datetime:
    """Now on the wall clock of zone `tz` (an aware datetime)."""
    return utc_now().astimezone(ZoneInfo(tz))


def local_today(tz: str) -> date:
    """Today's date in zone `tz`."""
    return local_now(tz).date()


def local_time(utc_iso_text: str, tz: str) -> datetime:
    """A stored UTC time on the wall clock of zone `tz`."""
    return datetime.fromisoformat(utc_iso_text).astimezone(ZoneInfo(tz))

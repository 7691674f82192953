"""What has not reached headquarters yet: the badge on every page, "sent" or "waiting" on every record.

A record counts as sent once the hub's receipt covers every event about it (ledger.acknowledged_seq).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from .. import ledger


@dataclass(frozen=True)
class Waiting:
    events: int
    """Events the hub has not acknowledged."""
    photos: int
    """Photos named by those events."""
    acknowledged_seq: int
    hub_url: str | None
    last_attempt_utc: str | None
    last_success_utc: str | None
    last_error: str | None


def waiting(db: sqlite_utils.Database) -> Waiting:
    acked = ledger.acknowledged_seq(db)
    events, photos = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT json_extract(payload, '$.sha256')) FROM events WHERE seq > ?",
        [acked]).fetchone()
    link = db.execute("SELECT url, last_attempt_utc, last_success_utc, last_error FROM hub_link WHERE id = 1"
                      ).fetchone() or (None, None, None, None)
    return Waiting(events, photos, acked, *link)


def sent(db: sqlite_utils.Database, subjects: Iterable[str]) -> dict[str, bool]:
    """For each subject (an inspection's or a patrol record's id), whether all its events reached the hub."""
    wanted = list(dict.fromkeys(subjects))
    if not wanted:
        return {}
    acked = ledger.acknowledged_seq(db)
    marks = ",".join("?" * len(wanted))
    newest = dict(db.execute(f"SELECT subject, MAX(seq) FROM events WHERE subject IN ({marks}) GROUP BY subject",
                             wanted).fetchall())
    return {subject: newest.get(subject, 0) <= acked for subject in wanted}

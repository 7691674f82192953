"""What has not reached headquarters yet: the badge on every page, "sent" or "waiting" on every record, and the
sync page's account of the last contact.

A record counts as sent once the hub's receipt covers every event about it (ledger.acknowledged_seq).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import sqlite_utils

from .. import i18n, ledger
from ..errors import N_


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
    receipt_utc: str | None = None
    """When the hub signed its receipt for acknowledged_seq (the hub's clock); None before any receipt."""


def waiting(db: sqlite_utils.Database) -> Waiting:
    acked = ledger.acknowledged_seq(db)
    events, photos = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT json_extract(payload, '$.sha256')) FROM events WHERE seq > ?",
        [acked]).fetchone()
    url, attempt, success, error = db.execute(
        "SELECT url, last_attempt_utc, last_success_utc, last_error FROM hub_link WHERE id = 1").fetchone() \
        or (None, None, None, None)
    receipt = db.execute("SELECT MAX(signed_utc) FROM checkpoints WHERE kind = 'receipt' AND seq = ?"
                         " AND public_key = (SELECT public_key FROM hub_link WHERE id = 1)", [acked]).fetchone()
    return Waiting(events, photos, acked, url, attempt, success, error, receipt[0] if receipt else None)


@dataclass(frozen=True)
class Badge:
    """The header's 'N waiting to send' / 'all sent hh:mm', read on every page."""
    events: int
    last_success_utc: str | None


def badge(db: sqlite_utils.Database) -> Badge:
    """What `waiting` counts, without reading a row: the log is numbered 1…N without gaps (ledger.verify holds it to
    that), so what waits is N minus the acknowledged seq. Counting rows took 150 ms a page with 50,000 waiting."""
    head, success = db.execute(
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM events), (SELECT last_success_utc FROM hub_link WHERE id = 1)"
    ).fetchone()
    return Badge(max(head - ledger.acknowledged_seq(db), 0), success)


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


@dataclass(frozen=True)
class Problem:
    """Why the last contact failed, for a leader: `message` in plain words, `detail` as sync recorded it."""
    message: i18n.Message
    detail: str


UNREACHABLE = N_("The hub did not acknowledge the upload: it could not be reached (%(detail)s).")
PLAIN = {
    UNREACHABLE: N_("Headquarters could not be reached: no network here, or its server is not running. Nothing is"
                    " lost: what waits is sent at the next contact."),
}
"""Causes worth saying more simply than sync's own message (itself a msgid in sync/client.py)."""
UNKNOWN = N_("The last attempt failed for a reason this tablet does not know; the technical detail is below.")


def problem(last_error: str | None) -> Problem | None:
    """The recorded error as the message it was made from (sync records it in English, params filled in), so that
    it can be shown in the reader's language; a cause that has a plainer wording gets that one."""
    if not last_error:
        return None
    for msgid, pattern, numbers in _patterns():
        found = pattern.fullmatch(last_error)
        if found:
            params = {name: int(value) if name in numbers else value
                      for name, value in found.groupdict().items()}
            if msgid in PLAIN:
                return Problem(i18n.Message(PLAIN[msgid]), last_error)
            return Problem(i18n.Message(msgid, params), last_error)
    return Problem(i18n.Message(UNKNOWN), last_error)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]:
    """Every translated message as a pattern of its English text (with the names of its numbers), the most specific
    (most fixed text) first: a bare '%(field)s: %(problem)s' must not win over the message that says what failed."""
    msgids = [m for m in i18n.catalog("vi")._catalog if isinstance(m, str) and m]
    patterns = []
    for msgid in msgids:
        parts = re.split(r"%\((\w+)\)([sd])", msgid)
        fixed, names, kinds = parts[::3], parts[1::3], parts[2::3]
        if sum(map(len, fixed)) < 12 or len(set(names)) != len(names):
            continue
        regex = re.escape(fixed[0]) + "".join(
            (f"(?P<{name}>-?[0-9]+)" if kind == "d" else f"(?P<{name}>.+?)") + re.escape(text)
            for name, kind, text in zip(names, kinds, fixed[1:]))
        numbers = frozenset(name for name, kind in zip(names, kinds) if kind == "d")
        patterns.append((msgid, re.compile(regex, re.DOTALL), numbers, sum(map(len, fixed))))
    patterns.sort(key=lambda item: -item[3])
    return tuple((msgid, pattern, numbers) for msgid, pattern, numbers, _ in patterns)

"""The console's own accounts: headquarters' readers, each with a role and the units they answer for.

Passwords are Argon2id at the tablet's costs (users.HASH_COSTS). Accounts are disabled, never deleted; a session
is a row the cookie only names, so signing out or disabling an account ends every copy of it. Sign-in failures
are counted per account and lock it for a while, as on the tablet.
"""
from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .. import units, users
from ..clock import utc_iso, utc_now
from ..errors import N_, InvalidInput, LoginFailed, LoginThrottled, NotFound
from .store import Store

ROLES = ("unit_leader", "secretariat", "auditor", "admin")
"""A unit's leader reads their units' figures and cases; the provincial 389 secretariat and auditors read every
unit they are given (the auditor also the devices' chains and alerts); the admin also publishes watchlists."""
ROLE_NAMES = {"unit_leader": N_("unit leader"), "secretariat": N_("provincial secretariat"),
              "auditor": N_("auditor"), "admin": N_("admin")}
EVERY_UNIT = "*"
"""Stored in place of unit codes: the whole province."""
MAX_FAILURES = 5
LOCK_MINUTES = 15


@dataclass(frozen=True)
class ConsoleUser:
    id: int
    username: str
    role: str
    units: tuple[str, ...]
    """units.csv codes, or (EVERY_UNIT,)."""

    @property
    def everywhere(self) -> bool:
        return self.units == (EVERY_UNIT,)

    def scope(self) -> list[str] | None:
        """The units whose cases this account may see, each with every unit under it; None: all, and cases of no
        known unit."""
        if self.everywhere:
            return None
        return sorted({code for unit in self.units for code in units.within(unit)})

    def may_see(self, unit: str) -> bool:
        scope = self.scope()
        return scope is None or unit in scope


class Hashing:
    """The hasher for this hub's passwords, and a hash to verify against when the account does not exist, so that
    a wrong name costs as long as a wrong password."""

    def __init__(self, cost: str = "strong") -> None:
        self.hasher = PasswordHasher.from_parameters(users.HASH_COSTS[cost])
        self.dummy = self.hasher.hash(secrets.token_urlsafe(16))


_checking = threading.BoundedSemaphore(1)


def parse_units(text: str) -> tuple[str, ...]:
    """Unit codes separated by spaces or commas, each known (units.csv), or '*' for the whole province."""
    codes = tuple(dict.fromkeys(c for c in text.replace(",", " ").split() if c))
    if codes == (EVERY_UNIT,):
        return codes
    if not codes:
        raise InvalidInput(field=N_("units"), problem=N_("name at least one unit, or * for the whole province"))
    unknown = [c for c in codes if c not in units.all_units()]
    if unknown:
        raise InvalidInput(field=N_("units"), problem=N_("unknown unit"))
    return codes


def create(store: Store, hashing: Hashing, username: str, role: str, password: str, unit_codes: str) -> ConsoleUser:
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise InvalidInput(field="username", problem=N_("must be 1 to 64 characters"))
    if role not in ROLES:
        raise InvalidInput(field="role", problem=N_("must be unit_leader, secretariat, auditor or admin"))
    if len(password) < 10:
        raise InvalidInput(field="password", problem=N_("must be at least 10 characters"))
    codes = parse_units(unit_codes)
    if role == "unit_leader" and codes == (EVERY_UNIT,):
        raise InvalidInput(field=N_("units"), problem=N_("a unit leader answers for named units"))
    with store.transaction():
        if store.execute("SELECT 1 FROM hub_users WHERE username = ?", [username]).fetchone():
            raise InvalidInput(field="username", problem=N_("already exists"))
        store.execute("INSERT INTO hub_users (username, password_hash, role, units, created_utc)"
                      " VALUES (?, ?, ?, ?, ?)",
                      [username, hashing.hasher.hash(password), role, " ".join(codes), utc_iso()])
    found = _by_name(store, username)
    assert found is not None
    return found


def _user(row: Any) -> ConsoleUser:
    return ConsoleUser(int(row[0]), row[1], row[2], tuple(row[3].split()))


def _by_name(store: Store, username: str) -> ConsoleUser | None:
    row = store.execute("SELECT id, username, role, units FROM hub_users WHERE username = ? AND disabled_utc IS NULL",
                        [username]).fetchone()
    return _user(row) if row else None


def accounts(store: Store) -> list[tuple[ConsoleUser, str | None]]:
    """Every account with when it was disabled (None: active)."""
    return [(_user(r), r[4]) for r in store.execute(
        "SELECT id, username, role, units, disabled_utc FROM hub_users ORDER BY id").fetchall()]


def disable(store: Store, username: str) -> None:
    with store.transaction():
        row = store.execute("SELECT id FROM hub_users WHERE username = ? AND disabled_utc IS NULL",
                            [username]).fetchone()
        if row is None:
            raise NotFound()
        now = utc_iso()
        store.execute("UPDATE hub_users SET disabled_utc = ? WHERE id = ?", [now, row[0]])
        store.execute("UPDATE hub_sessions SET ended_utc = ? WHERE user_id = ? AND ended_utc IS NULL", [now, row[0]])


def authenticate(store: Store, hashing: Hashing, username: str, password: str) -> ConsoleUser:
    """The account for these credentials; LoginFailed or LoginThrottled otherwise. A failure slot is taken before
    the password is checked and given back only if it is right: parallel guesses get no more checks than the
    limit."""
    since = utc_iso(utc_now() - timedelta(minutes=LOCK_MINUTES))
    with _checking:
        with store.transaction():
            failures = store.execute("SELECT COUNT(*) FROM hub_login_failures WHERE username = ? AND at > ?",
                                     [username, since]).fetchone()[0]
            if failures >= MAX_FAILURES:
                raise LoginThrottled(minutes=LOCK_MINUTES)
            slot = utc_iso()
            store.execute("INSERT INTO hub_login_failures (username, at) VALUES (?, ?)", [username, slot])
        row = store.execute("SELECT id, username, role, units, password_hash FROM hub_users WHERE username = ?"
                            " AND disabled_utc IS NULL", [username]).fetchone()
        try:
            hashing.hasher.verify(row[4] if row else hashing.dummy, password)
            if row is None:
                raise VerificationError()
        except (VerificationError, InvalidHashError):
            raise LoginFailed() from None
    with store.transaction():
        store.execute("DELETE FROM hub_login_failures WHERE username = ?", [username])
    return _user(row)


def start_session(store: Store, user: ConsoleUser) -> str:
    session_id = secrets.token_urlsafe(32)
    with store.transaction():
        store.execute("INSERT INTO hub_sessions (id, user_id, created_utc) VALUES (?, ?, ?)",
                      [session_id, user.id, utc_iso()])
    return session_id


def session_user(store: Store, session_id: str) -> ConsoleUser | None:
    row = store.execute("SELECT u.id, u.username, u.role, u.units FROM hub_sessions s JOIN hub_users u"
                        " ON u.id = s.user_id WHERE s.id = ? AND s.ended_utc IS NULL AND u.disabled_utc IS NULL",
                        [session_id]).fetchone()
    return _user(row) if row else None


def end_session(store: Store, session_id: str) -> None:
    with store.transaction():
        store.execute("UPDATE hub_sessions SET ended_utc = ? WHERE id = ? AND ended_utc IS NULL",
                      [utc_iso(), session_id])

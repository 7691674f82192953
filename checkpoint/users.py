"""Accounts: roles, gates, memory-hard password hashes (Argon2id) and sign-in throttling."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import InvalidInput, LoginFailed, LoginThrottled, N_

ROLES = ("officer", "patrol", "supervisor", "admin")
_hasher = PasswordHasher()
# Verified against when the account does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    gate: str | None
    must_change_password: bool = False

    def may_see_gate(self, gate: str) -> bool:
        return self.role == "admin" or self.gate == gate


def create(db: sqlite_utils.Database, username: str, role: str, password: str, gate: str | None,
           *, one_time: bool = False) -> User:
    username = username.strip()
    if not username or len(username) > 64:
        raise InvalidInput(field="username", problem=N_("must be 1 to 64 characters"))
    if role not in ROLES:
        raise InvalidInput(field="role", problem=N_("must be officer, patrol, supervisor or admin"))
    if gate is not None and db.execute("SELECT 1 FROM gates WHERE code = ?", [gate]).fetchone() is None:
        raise InvalidInput(field="gate", problem=N_("unknown gate code"))
    if role != "admin" and gate is None:
        raise InvalidInput(field="gate", problem=N_("every account but an admin belongs to a gate"))
    if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        raise InvalidInput(field="username", problem=N_("already exists"))
    _check_password(password)
    cursor = db.execute(
        "INSERT INTO users (username, password_hash, role, gate, must_change_password, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [username, _hasher.hash(password), role, gate, int(one_time), _now().isoformat()])
    return User(cursor.lastrowid, username, role, gate, one_time)


def change_password(db: sqlite_utils.Database, user: User, new_password: str) -> User:
    _check_password(new_password)
    db.execute("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?",
               [_hasher.hash(new_password), user.id])
    return User(user.id, user.username, user.role, user.gate, False)


def _check_password(password: str) -> None:
    if len(password) < 10:
        raise InvalidInput(field="password", problem=N_("must be at least 10 characters"))


def get(db: sqlite_utils.Database, user_id: int) -> User | None:
    row = db.execute("SELECT id, username, role, gate, must_change_password FROM users WHERE id = ?",
                     [user_id]).fetchone()
    return User(row[0], row[1], row[2], row[3], bool(row[4])) if row else None


def authenticate(db: sqlite_utils.Database, username: str, password: str, address: str, *,
                 max_failures: int, lock_minutes: int) -> User:
    """The account for these credentials; LoginFailed or LoginThrottled otherwise."""
    since = (_now() - timedelta(minutes=lock_minutes)).isoformat()
    failures = db.execute("SELECT COUNT(*) FROM login_failures WHERE username = ? AND address = ? AND at > ?",
                          [username, address, since]).fetchone()[0]
    if failures >= max_failures:
        raise LoginThrottled(minutes=lock_minutes)
    row = db.execute("SELECT id, username, role, gate, must_change_password, password_hash FROM users"
                     " WHERE username = ?",
                     [username]).fetchone()
    try:
        _hasher.verify(row[5] if row else _DUMMY_HASH, password)
        if row is None:
            raise VerificationError()
    except (VerificationError, InvalidHashError):
        db.execute("INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)",
                   [username, address, _now().isoformat()])
        raise LoginFailed() from None
    db.execute("DELETE FROM login_failures WHERE username = ? AND address = ?", [username, address])
    return User(row[0], row[1], row[2], row[3], bool(row[4]))


def ensure_admin(db: sqlite_utils.Database) -> str | None:
    """Creates the first admin with a random one-time password and returns it; None if accounts exist."""
    if db.execute("SELECT 1 FROM users LIMIT 1").fetchone():
        return None
    password = secrets.token_urlsafe(12)
    create(db, "admin", "admin", password, None, one_time=True)
    return password


def _now() -> datetime:
    return datetime.now(timezone.utc)

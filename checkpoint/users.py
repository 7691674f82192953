"""Accounts: roles, gates, memory-hard password hashes (Argon2id), sign-in throttling and sessions.

Accounts are disabled, never deleted, and their ids are never reused. A session is a row here that
the cookie only names: signing out, a new password or a disabled account ends it for every copy of
the cookie at once."""
from __future__ import annotations

import dataclasses
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlite_utils
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from .clock import utc_iso, utc_now
from .errors import N_, CheckpointError, InvalidInput, LoginFailed, LoginThrottled, NotFound
from .store.db import atomic

ROLES = ("officer", "patrol", "supervisor", "admin")
HASH_COSTS = {
    "strong": profiles.RFC_9106_LOW_MEMORY,
    # For the test suite only (its app sets PASSWORD_HASH_COST): each account the tests make would
    # otherwise cost half a second of set-up on a busy machine.
    "test": dataclasses.replace(profiles.RFC_9106_LOW_MEMORY, time_cost=1, memory_cost=8, parallelism=1),
}


class _Hashing:
    """The hasher for new passwords, and a hash of its cost verified against when the account does not exist,
    so that a wrong name costs as long as a wrong password. A stored hash verifies at the cost it was made with."""

    def __init__(self, cost: str) -> None:
        self.cost = cost
        self.hasher = PasswordHasher.from_parameters(HASH_COSTS[cost])
        self.dummy = self.hasher.hash(secrets.token_urlsafe(16))


_hashing = _Hashing("strong")


def use_hash_cost(cost: str) -> None:
    """Sets the cost of the password hashes this process makes from now on (create_app, from PASSWORD_HASH_COST)."""
    global _hashing
    if cost not in HASH_COSTS:
        raise ValueError(f"PASSWORD_HASH_COST must be one of {sorted(HASH_COSTS)}, not {cost!r}")
    if cost != _hashing.cost:
        _hashing = _Hashing(cost)


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
           *, one_time: bool = False, full_name: str = "", rank: str = "") -> User:
    username = username.strip()
    if not username or len(username) > 64:
        raise InvalidInput(field="username", problem=N_("must be 1 to 64 characters"))
    _check_place(db, role, gate)
    full_name, rank = _check_names(full_name, rank)
    if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        raise InvalidInput(field="username", problem=N_("already exists"))
    _check_password(password)
    cursor = db.execute(
        "INSERT INTO users (username, password_hash, role, gate, must_change_password, created_at, full_name, rank)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [username, _hashing.hasher.hash(password), role, gate, int(one_time), utc_iso(), full_name, rank])
    return User(cursor.lastrowid or 0, username, role, gate, one_time)


def _check_place(db: sqlite_utils.Database, role: str, gate: str | None) -> None:
    if role not in ROLES:
        raise InvalidInput(field="role", problem=N_("must be officer, patrol, supervisor or admin"))
    if gate is not None and db.execute("SELECT 1 FROM gates WHERE code = ?", [gate]).fetchone() is None:
        raise InvalidInput(field="gate", problem=N_("unknown gate code"))
    if role != "admin" and gate is None:
        raise InvalidInput(field="gate", problem=N_("every account but an admin belongs to a gate"))


def _check_names(full_name: str, rank: str) -> tuple[str, str]:
    full_name, rank = " ".join(full_name.split()), " ".join(rank.split())
    if len(full_name) > 100:
        raise InvalidInput(field="full_name", problem=N_("must be at most 100 characters"))
    if len(rank) > 60:
        raise InvalidInput(field="rank", problem=N_("must be at most 60 characters"))
    return full_name, rank


@dataclass(frozen=True)
class Account:
    """An account as its managers see it (the password hash stays inside this module)."""
    username: str
    role: str
    gate: str | None
    full_name: str
    rank: str
    must_change_password: bool
    disabled_utc: str | None


ACCOUNT_COLUMNS = "username, role, gate, full_name, rank, must_change_password, disabled_utc"


def _account(row: Any) -> Account:
    return Account(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6])


def accounts(db: sqlite_utils.Database, gate: str | None = None) -> list[Account]:
    """Every account (disabled ones too), of one gate if given, open ones first, by name."""
    where, params = ("WHERE gate = ?", [gate]) if gate is not None else ("", [])
    return [_account(row) for row in db.execute(
        f"SELECT {ACCOUNT_COLUMNS} FROM users {where} ORDER BY disabled_utc IS NOT NULL, username", params)]


def account(db: sqlite_utils.Database, username: str) -> Account:
    row = db.execute(f"SELECT {ACCOUNT_COLUMNS} FROM users WHERE username = ?", [username]).fetchone()
    if row is None:
        raise NotFound()
    return _account(row)


def may_manage(manager: User, role: str, gate: str | None) -> bool:
    """An admin manages every account; a gate's leader only the officers and patrols of that gate."""
    return manager.role == "admin" or (manager.role == "supervisor" and role in ("officer", "patrol")
                                       and gate is not None and gate == manager.gate)


def update(db: sqlite_utils.Database, username: str, *, role: str, gate: str | None, full_name: str,
           rank: str) -> dict[str, Any]:
    """Sets what changed and returns it (name → new value); a new role or gate ends the account's sessions, so
    that no page stays open with powers it no longer has."""
    _check_place(db, role, gate)
    full_name, rank = _check_names(full_name, rank)
    with atomic(db):
        before = account(db, username)
        if before.disabled_utc is not None:
            raise NotFound()
        wanted = {"role": role, "gate": gate, "full_name": full_name, "rank": rank}
        changes = {k: v for k, v in wanted.items() if getattr(before, k) != v}
        if changes:
            db.execute(f"UPDATE users SET {', '.join(f'{k} = ?' for k in changes)} WHERE username = ?",
                       [*changes.values(), username])
        if {"role", "gate"} & set(changes):
            end_sessions(db, _id(db, username))
    return changes


def _id(db: sqlite_utils.Database, username: str) -> int:
    return int(db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0])


# Letters and digits that cannot be taken for one another on a tablet's screen or keyboard (no 0/o, 1/l/i).
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def one_time_password() -> str:
    """Twelve characters in three groups of four (about 59 bits), easy to read out and type with gloves on."""
    groups = ("".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def reset_password(db: sqlite_utils.Database, username: str) -> str:
    """Gives the account a new one-time password and returns it: the old one stops working, every session ends,
    failed sign-ins are forgotten, and the officer must choose their own password at the next sign-in."""
    password = one_time_password()
    with atomic(db):
        if account(db, username).disabled_utc is not None:
            raise NotFound()
        db.execute("UPDATE users SET password_hash = ?, must_change_password = 1 WHERE username = ?",
                   [_hashing.hasher.hash(password), username])
        end_sessions(db, _id(db, username))
        unlock(db, username)
    return password


def change_password(db: sqlite_utils.Database, user: User, new_password: str) -> User:
    """Sets the new password and ends every session of the account (the caller starts a new one)."""
    _check_password(new_password)
    with atomic(db):
        db.execute("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?",
                   [_hashing.hasher.hash(new_password), user.id])
        end_sessions(db, user.id)
    return User(user.id, user.username, user.role, user.gate, False)


def _check_password(password: str) -> None:
    if len(password) < 10:
        raise InvalidInput(field="password", problem=N_("must be at least 10 characters"))


def get(db: sqlite_utils.Database, user_id: int) -> User | None:
    """The account, if it exists and is not disabled."""
    row = db.execute("SELECT id, username, role, gate, must_change_password FROM users WHERE id = ?"
                     " AND disabled_utc IS NULL", [user_id]).fetchone()
    return User(row[0], row[1], row[2], row[3], bool(row[4])) if row else None


def start_session(db: sqlite_utils.Database, user: User, address: str) -> str:
    """A new session of the account; its id is what the cookie carries."""
    session_id = secrets.token_urlsafe(32)
    db.execute("INSERT INTO sessions (id, user_id, created_utc, address) VALUES (?, ?, ?, ?)",
               [session_id, user.id, utc_iso(), address])
    return session_id


def session_user(db: sqlite_utils.Database, session_id: str) -> User | None:
    """The account of a session still open, None if it was ended or its account disabled."""
    row = db.execute("SELECT user_id FROM sessions WHERE id = ? AND ended_utc IS NULL", [session_id]).fetchone()
    return get(db, row[0]) if row else None


def end_session(db: sqlite_utils.Database, session_id: str) -> None:
    db.execute("UPDATE sessions SET ended_utc = ? WHERE id = ? AND ended_utc IS NULL", [utc_iso(), session_id])


def end_sessions(db: sqlite_utils.Database, user_id: int) -> int:
    """Ends every open session of the account; returns how many."""
    return db.execute("UPDATE sessions SET ended_utc = ? WHERE user_id = ? AND ended_utc IS NULL",
                      [utc_iso(), user_id]).rowcount


def disable(db: sqlite_utils.Database, username: str) -> None:
    """Disables the account and ends its sessions; it stays, with its id and name, for the records naming it."""
    with atomic(db):
        row = db.execute("SELECT id FROM users WHERE username = ? AND disabled_utc IS NULL", [username]).fetchone()
        if row is None:
            raise NotFound()
        db.execute("UPDATE users SET disabled_utc = ? WHERE id = ?", [utc_iso(), row[0]])
        end_sessions(db, row[0])


def unlock(db: sqlite_utils.Database, username: str) -> int:
    """Clears the account's failed sign-ins (a leader vouching for the officer at the tablet); returns how many."""
    return db.execute("DELETE FROM login_failures WHERE username = ?", [username]).rowcount


def locked(db: sqlite_utils.Database, usernames: list[str], *, max_failures: int, lock_minutes: int) -> set[str]:
    since = utc_iso(utc_now() - timedelta(minutes=lock_minutes))
    return {row[0] for row in db.execute(
        f"SELECT username FROM login_failures WHERE at > ? AND username IN ({','.join('?' * len(usernames))})"
        " GROUP BY username HAVING COUNT(*) >= ?", [since, *usernames, max_failures])}


def authenticate(db: sqlite_utils.Database, username: str, password: str, address: str, *,
                 max_failures: int, lock_minutes: int, max_device_failures: int = 20) -> User:
    """The account for these credentials; LoginFailed or LoginThrottled otherwise.

    Each attempt first takes a failure slot, counted against the account and against the device (address) in
    one write transaction, and gives it back only if the password is right: a burst of parallel attempts gets
    no more password checks than the limit."""
    # Argon2 takes every core for a moment (its lanes run in parallel): one check at a time, so that a burst of
    # sign-ins leaves the server's other threads (a page, the health check) free; the rest try again.
    if not _checking.acquire(timeout=0.1):
        raise SignInBusy()
    try:
        return _authenticate(db, username, password, address, max_failures=max_failures, lock_minutes=lock_minutes,
                             max_device_failures=max_device_failures)
    finally:
        _checking.release()


class SignInBusy(CheckpointError):
    message = N_("Many sign-ins at once: try again in a moment.")
    status = 503


_checking = threading.BoundedSemaphore(1)


def _authenticate(db: sqlite_utils.Database, username: str, password: str, address: str, *,
                  max_failures: int, lock_minutes: int, max_device_failures: int) -> User:
    since = utc_iso(utc_now() - timedelta(minutes=lock_minutes))
    with atomic(db):
        account = db.execute("SELECT COUNT(*) FROM login_failures WHERE username = ? AND at > ?",
                             [username, since]).fetchone()[0]
        device = db.execute("SELECT COUNT(*) FROM login_failures WHERE address = ? AND at > ?",
                            [address, since]).fetchone()[0]
        if account >= max_failures or device >= max_device_failures:
            raise LoginThrottled(minutes=lock_minutes)
        slot = db.execute("INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)",
                          [username, address, utc_iso()]).lastrowid
    row = db.execute("SELECT id, username, role, gate, must_change_password, password_hash FROM users"
                     " WHERE username = ? AND disabled_utc IS NULL", [username]).fetchone()
    try:
        _hashing.hasher.verify(row[5] if row else _hashing.dummy, password)
        if row is None:
            raise VerificationError()
    except (VerificationError, InvalidHashError):
        raise LoginFailed() from None
    db.execute("DELETE FROM login_failures WHERE rowid = ? OR (username = ? AND address = ?)",
               [slot, username, address])
    return User(row[0], row[1], row[2], row[3], bool(row[4]))


def ensure_admin(db: sqlite_utils.Database) -> str | None:
    """Creates the first admin with a random one-time password and returns it; None if accounts exist."""
    if db.execute("SELECT 1 FROM users LIMIT 1").fetchone():
        return None
    password = secrets.token_urlsafe(12)
    create(db, "admin", "admin", password, None, one_time=True)
    return password


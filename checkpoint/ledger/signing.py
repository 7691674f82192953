"""Ed25519 keys of a tablet and of headquarters: made once, kept 0600, used to sign chain heads and receipts.

A signature here is always over a short text message with a purpose prefix, so that a signature
made for one purpose (a device's chain head) can never be replayed as another (a hub's receipt).
"""
from __future__ import annotations

import base64
import os
import threading
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import N_, CheckpointError

HEAD = "checkpoint-head/v1"
RECEIPT = "checkpoint-receipt/v1"
WATCHLIST = "checkpoint-watchlist/v1"

_cache: dict[str, Ed25519PrivateKey] = {}
_cache_lock = threading.Lock()


def message(purpose: str, *parts: object) -> bytes:
    # One part per line; the parts are ids, numbers and hex hashes, none of which holds a newline.
    return "\n".join([purpose, *map(str, parts)]).encode()


class KeyLocked(CheckpointError):
    message = N_("The device key %(path)s is protected by a passphrase: give it in CHECKPOINT_KEY_PASSPHRASE (or the"
                 " service's credential checkpoint-key).")
    status = 503
    exit_code = 2


PASSPHRASE_VARIABLE = "CHECKPOINT_KEY_PASSPHRASE"
CREDENTIAL = "checkpoint-key"
"""systemd's LoadCredential= name: the passphrase then lives outside the instance folder, so that a copy of the
database and its key file is not enough to sign a rewritten history."""


def passphrase() -> bytes | None:
    """The passphrase protecting the keys, from the environment or the service's credentials; None if unset."""
    value = os.environ.get(PASSPHRASE_VARIABLE)
    credentials = os.environ.get("CREDENTIALS_DIRECTORY")
    if not value and credentials and (Path(credentials) / CREDENTIAL).is_file():
        value = (Path(credentials) / CREDENTIAL).read_text(encoding="utf-8").strip()
    return value.encode() if value else None


def load_or_create(path: str | Path) -> Ed25519PrivateKey:
    """The key in `path`, made on first use with mode 0600; cached per path for the process. With a passphrase
    (passphrase()), the file is encrypted with it; a key written before one was set is encrypted on first load."""
    path = Path(path)
    key_name = str(path.resolve())
    secret = passphrase()
    with _cache_lock:
        if key_name in _cache:
            return _cache[key_name]
        if not path.exists():
            _create(path, secret)
        pem = path.read_bytes()
        encrypted = pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        if encrypted and secret is None:
            raise KeyLocked(path=str(path))
        try:
            key = serialization.load_pem_private_key(pem, password=secret if encrypted else None)
        except ValueError:
            raise KeyLocked(path=str(path)) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 key")
        if secret is not None and not encrypted:
            _write(path, _pem(key, secret), replace=True)
        _cache[key_name] = key
        return key


def _pem(key: Ed25519PrivateKey, secret: bytes | None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def _create(path: Path, secret: bytes | None) -> None:
    _write(path, _pem(Ed25519PrivateKey.generate(), secret), replace=False)


def _write(path: Path, pem: bytes, *, replace: bool) -> None:
    # Written to a private temporary file, then linked into place: a racing process either
    # finds no key or a whole one, and the loser of the race keeps the winner's key.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    if replace:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def public_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key, base64: how keys travel in JSON and sit in tables."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def is_valid_public_key(text: str) -> bool:
    """Never raises: whether `text` is a raw Ed25519 public key in base64 (public_text's form)."""
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError):
        return False
    return True


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return base64.b64encode(key.sign(data)).decode()


def is_valid(public_key: str | None, signature: str | None, data: bytes) -> bool:
    """Never raises: a malformed key or signature is simply not valid."""
    if not public_key or not signature:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True)).verify(
            base64.b64decode(signature, validate=True), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True

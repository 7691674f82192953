"""History that whoever holds the database and its key file cannot rewrite unseen (#14)."""
from __future__ import annotations

import pytest

from checkpoint import ledger
from checkpoint.ledger import signing
from tests.ledger.conftest import raw_connection


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(signing.PASSPHRASE_VARIABLE, "cửa khẩu Hữu Nghị 2026")
    signing._cache.clear()
    yield "cửa khẩu Hữu Nghị 2026"
    signing._cache.clear()


def test_with_a_passphrase_the_key_file_alone_signs_nothing(make_device, passphrase, monkeypatch, tmp_path):
    device = make_device()
    device.fill(3)
    key_file = ledger.key_path(device.db)
    assert key_file.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    # Someone with a copy of the database and the key file, but not the passphrase:
    monkeypatch.delenv(signing.PASSPHRASE_VARIABLE)
    signing._cache.clear()
    raw = raw_connection(device.path)
    try:
        raw.execute("UPDATE events SET author = 'nobody' WHERE seq = 2")
        with pytest.raises(signing.KeyLocked):
            ledger.record(raw, "patrol.note", {"text": "cover the change"}, author="nobody")
    finally:
        raw.conn.close()
    assert [p.kind for p in ledger.verify(device.db).problems][:1] == ["altered"]


def test_a_key_written_before_the_passphrase_was_set_is_encrypted_on_first_use(tmp_path, monkeypatch):
    signing._cache.clear()
    monkeypatch.delenv(signing.PASSPHRASE_VARIABLE, raising=False)
    path = tmp_path / "device.key"
    plain = signing.public_text(signing.load_or_create(path))
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    signing._cache.clear()
    monkeypatch.setenv(signing.PASSPHRASE_VARIABLE, "a long passphrase")
    assert signing.public_text(signing.load_or_create(path)) == plain
    assert path.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert path.stat().st_mode & 0o777 == 0o600
    signing._cache.clear()
    monkeypatch.setenv(signing.PASSPHRASE_VARIABLE, "the wrong one")
    with pytest.raises(signing.KeyLocked):
        signing.load_or_create(path)
    signing._cache.clear()


def test_the_passphrase_may_come_from_the_services_credentials(tmp_path, monkeypatch):
    monkeypatch.delenv(signing.PASSPHRASE_VARIABLE, raising=False)
    (tmp_path / signing.CREDENTIAL).write_text("from systemd\n", encoding="utf-8")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    assert signing.passphrase() == b"from systemd"


def test_every_page_prints_the_logs_signed_head(client, auth, db):
    auth.login()
    auth.post("/inspections/new", {"direction": "import", "plates": "12C-123.45"})
    seq, hash_ = db.execute("SELECT seq, hash FROM chain_head").fetchone()
    for path in ("/", "/password"):
        page = client.get(path).get_data(as_text=True)
        assert f"Đầu sổ ghi <code>#{seq} · {hash_[:16]} · " in page

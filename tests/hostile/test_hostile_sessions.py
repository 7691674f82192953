"""No departed officer's session lives on; sign-in that a burst cannot outrun and a leader can reopen (#14)."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from checkpoint import users
from checkpoint.errors import LoginFailed, LoginThrottled
from checkpoint.store.db import connect
from tests.conftest import PASSWORD, Auth


def copy_of(app, client):
    """Another browser holding a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_cookie_ends_with_the_sign_out(app, client, auth):
    assert auth.login().status_code == 302
    thief = copy_of(app, client)
    assert thief.get("/").status_code == 200
    auth.logout()
    assert thief.get("/").status_code == 302
    assert thief.get("/api/v1/openapi.json").status_code == 200  # public, for comparison
    assert thief.post("/api/v1/scan").status_code in (400, 401)


def test_a_new_password_ends_every_other_session_of_the_account(app, client, auth):
    auth.login()
    thief = copy_of(app, client)
    response = auth.post("/password", {"password": PASSWORD, "new_password": "another long password",
                                       "repeat_password": "another long password"})
    assert response.status_code == 302
    assert thief.get("/").status_code == 302
    assert client.get("/").status_code == 200  # the tablet that changed it stays signed in


def test_a_disabled_account_is_signed_out_everywhere_and_cannot_sign_in(app, client, auth, db):
    auth.login()
    users.disable(db, "officer1")
    assert client.get("/").status_code == 302
    response = auth.login()
    assert response.status_code == 401
    assert db.execute("SELECT COUNT(*) FROM users WHERE username = 'officer1'").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        db.execute("DELETE FROM users WHERE username = 'officer1'")


def test_a_departed_officers_session_never_becomes_the_next_accounts(app, client, auth, db):
    auth.login("boss")  # the newest account: its id is the one a deleted row would hand out again
    boss_id = db.execute("SELECT id FROM users WHERE username = 'boss'").fetchone()[0]
    db.execute("PRAGMA foreign_keys=OFF")  # an insider removes the row behind the app's back
    db.execute("DROP TRIGGER users_no_delete")
    db.execute("DELETE FROM users WHERE username = 'boss'")
    newcomer = users.create(db, "newsup", "supervisor", PASSWORD, "HUU_NGHI")
    assert newcomer.id > boss_id
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["/%09/evil.example/", "//evil.example/", "/%5Cevil.example/",
                                    "https://evil.example/", "/%0A/evil.example/", "/\\/evil.example/"])
def test_after_sign_in_only_local_paths(client, auth, target):
    response = client.post(f"/login?next={target}", data={"username": "officer1", "password": PASSWORD,
                                                           "csrf_token": auth.token()})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_local_next_is_kept(client, auth):
    response = client.post("/login?next=/patrols?day=2025-11-22", data={
        "username": "officer1", "password": PASSWORD, "csrf_token": auth.token()})
    assert response.headers["Location"] == "/patrols?day=2025-11-22"


def test_a_burst_of_sign_ins_gets_no_more_password_checks_than_the_limit(app):
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def attempt() -> None:
        db = connect(app.config["DATABASE"])
        try:
            start.wait(10)
            for _ in range(400):  # told the server is busy checking another, the client tries again
                try:
                    users.authenticate(db, "officer1", "wrong password!", "127.0.0.1", max_failures=5,
                                       lock_minutes=10)
                except users.SignInBusy:
                    time.sleep(0.05)
                except (LoginFailed, LoginThrottled) as exc:
                    with lock:
                        outcomes.append(type(exc).__name__)
                    return
        finally:
            db.conn.close()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["LoginFailed"] * 5 + ["LoginThrottled"] * 7


def test_failures_from_one_device_over_many_accounts_pause_it(db):
    for name in ("officer1", "officer2", "patrol1"):
        with pytest.raises(LoginFailed):
            users.authenticate(db, name, "wrong password!", "10.0.0.9", max_failures=5, lock_minutes=10,
                               max_device_failures=3)
    with pytest.raises(LoginThrottled):
        users.authenticate(db, "super1", PASSWORD, "10.0.0.9", max_failures=5, lock_minutes=10, max_device_failures=3)
    assert users.authenticate(db, "super1", PASSWORD, "10.0.0.10", max_failures=5, lock_minutes=10,
                              max_device_failures=3).username == "super1"


def test_a_leader_of_the_gate_reopens_a_paused_sign_in(app, client, auth):
    for _ in range(5):
        assert auth.login("officer1", "wrong password!").status_code == 401
    assert auth.login("officer1").status_code == 429
    leader = Auth(app.test_client())
    assert leader.login("super1").status_code == 302
    page = leader.client.get("/accounts").get_data(as_text=True)
    assert "officer1" in page and "tạm khóa sau nhiều lần đăng nhập sai" in page
    assert "officer2" not in page  # another gate's account
    colleague = Auth(app.test_client())
    colleague.login("patrol1")
    assert colleague.post("/accounts/officer1/unlock").status_code == 403
    assert leader.post("/accounts/officer2/unlock").status_code == 403
    assert leader.post("/accounts/officer1/unlock").status_code == 302
    assert auth.login("officer1").status_code == 302


def test_the_command_line_disables_an_account(cli_db, capsys):
    from tests.conftest import run

    code, out, err = run(capsys, "user", "disable", "admin", "--db", str(cli_db), "--lang", "en")
    assert (code, out) == (0, "Account admin disabled; its sessions are ended.\n"), err
    code, out, err = run(capsys, "user", "disable", "admin", "--db", str(cli_db), "--lang", "en")
    assert (code, err) == (2, "checkpoint: Not found.\n")


def idle(client) -> None:
    """The tablet left alone past the idle limit (15 minutes)."""
    with client.session_transaction() as session:
        session["seen"] = time.time() - 16 * 60


def test_the_idle_sign_out_answers_the_pages_script_401_naming_the_account(app, client, auth):
    auth.login("patrol1")
    auth.post("/lang/en", {"next": "/"})
    token = auth.token()
    idle(client)
    for headers in ({"X-Checkpoint-Outbox": "1"}, {"Accept": "application/json"}):
        response = client.post("/patrols/start", data={"team": "", "csrf_token": token}, headers=headers)
        token = auth.token()  # the session that held the old one is gone
        assert response.status_code == 401
        assert response.get_json() == {
            "ok": False, "status": 401, "errors": [], "signed_out": "idle", "username": "patrol1",
            "error": "You were signed out after a period without activity."}
    # Nothing was started, and the sign-in page names who was signed out, with why, once.
    assert client.get("/api/v1/patrols").status_code == 401
    page = client.get("/login").get_data(as_text=True)
    assert 'value="patrol1"' in page and "Something went wrong" not in page


def test_a_plain_form_after_the_idle_sign_out_goes_to_sign_in_with_the_reason(app, client, auth):
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    token = auth.token()
    idle(client)
    response = client.post("/inspections/new", data={"plates": "12C-123.45", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after a period without activity." in page
    assert "Something went wrong" not in page


def test_the_outbox_signs_in_again_and_its_form_is_recorded_with_the_new_token(app, client, auth, db):
    auth.login("patrol1")
    idle(client)
    outbox = {"X-Checkpoint-Outbox": "1"}
    form = {"team": "", "client_id": "0b7c6a4e-2f4b-4bd2-9a54-0c0f7f0a1b2c"}
    assert client.post("/patrols/start", data={**form, "csrf_token": auth.token()}, headers=outbox).status_code == 401
    signed_in = client.post("/login", data={"username": "patrol1", "password": PASSWORD, "csrf_token": auth.token()},
                            headers=outbox)
    assert signed_in.status_code == 200 and signed_in.get_json()["ok"] is True
    sent = client.post("/patrols/start", data={**form, "csrf_token": auth.token()}, headers=outbox)
    assert sent.status_code == 200 and sent.get_json()["redirect"].startswith("/patrols/")
    assert db.execute("SELECT COUNT(*) FROM patrols").fetchone()[0] == 1

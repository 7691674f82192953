"""Accounts, sign-in, CSRF, idle logout, throttling, language, and role and gate checks on every route."""
from __future__ import annotations

import time

import argon2
import pytest

from checkpoint import create_app, settings, setup, users
from checkpoint.store.db import connect
from tests.conftest import PASSWORD
from tests.test_inspection_flow import start_inspection


@pytest.mark.parametrize(("username", "password", "lang", "message"), [
    ("officer1", "wrong password", "vi", "Sai tên đăng nhập hoặc mật khẩu."),
    ("nobody", PASSWORD, "vi", "Sai tên đăng nhập hoặc mật khẩu."),
    ("officer1", "wrong password", "en", "Wrong user name or password."),
])
def test_wrong_credentials_get_one_message_in_the_chosen_language(client, auth, username, password, lang, message):
    if lang == "en":
        client.post("/lang/en", data={"csrf_token": auth.token()})
    response = auth.login(username, password)
    assert response.status_code == 401
    assert message in response.get_data(as_text=True)


def test_sign_in_is_paused_after_five_failures(client, auth):
    for _ in range(5):
        assert auth.login("officer1", "wrong password").status_code == 401
    response = auth.login("officer1", PASSWORD)
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 10 phút." in response.get_data(as_text=True)


def test_posts_without_the_csrf_token_are_refused(client, auth):
    response = client.post("/login", data={"username": "officer1", "password": PASSWORD})
    assert response.status_code == 400
    auth.login()
    response = client.post("/inspections/new", data={"direction": "import", "plates": "12C-123.45"})
    assert response.status_code == 400
    assert "biểu mẫu có thể đã hết hạn" in response.get_data(as_text=True)


def test_idle_officers_are_signed_out(client, auth):
    auth.login()
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = time.time() - 16 * 60
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_session_cookie_is_http_only_and_same_site(client, auth):
    response = auth.login()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_first_admin_gets_a_one_time_password_and_must_change_it(app, client, auth, db, capsys):
    # The fixture's app already made the first admin; a fresh database makes another, printed once.
    from checkpoint import setup
    db.execute("DROP TRIGGER users_no_delete")  # accounts are never deleted: only an insider empties the table
    db.execute("DELETE FROM users")
    report = setup.initialise(db, load_demo=True)
    assert report.admin_password and len(report.admin_password) >= 16
    assert setup.initialise(db, load_demo=True).admin_password is None
    auth.login("admin", report.admin_password)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/password")
    response = auth.post("/password", {"password": report.admin_password, "new_password": "a new long password",
                                       "repeat_password": "a new long password"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_passwords_are_stored_as_argon2id_hashes(db):
    stored = db.execute("SELECT password_hash FROM users WHERE username = 'officer1'").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def cost_of(db, username):
    """(passes, KiB, lanes) of the account's stored Argon2id hash."""
    stored = db.execute("SELECT password_hash FROM users WHERE username = ?", [username]).fetchone()[0]
    found = argon2.extract_parameters(stored)
    return found.time_cost, found.memory_cost, found.parallelism


def test_an_app_left_to_its_defaults_hashes_at_the_strong_cost(tmp_path):
    """The tests' cheap hash is a setting their app sets: production keeps RFC 9106's 3 passes over 64 MiB, and
    a hash made cheaply still verifies once the cost is strong again (it carries its own parameters)."""
    cheap = users.HASH_COSTS["test"]
    users.use_hash_cost("test")
    db = connect(tmp_path / "cheap.db")
    setup.initialise(db, load_demo=False)
    users.create(db, "early", "officer", PASSWORD, "HUU_NGHI")
    assert cost_of(db, "early") == (cheap.time_cost, cheap.memory_cost, cheap.parallelism) == (1, 8, 1)

    assert settings.defaults()["PASSWORD_HASH_COST"] == "strong"
    app = create_app({"SECRET_KEY": "x", "DATABASE": str(tmp_path / "strong.db"), "LOAD_DEMO_DATA": False},
                     instance_path=str(tmp_path / "instance"))
    strong = connect(app.config["DATABASE"])
    users.create(strong, "officer1", "officer", PASSWORD, "HUU_NGHI")
    assert cost_of(strong, "officer1") == cost_of(strong, "admin") == (3, 65536, 4)
    assert users.authenticate(db, "early", PASSWORD, "-", max_failures=5, lock_minutes=10).username == "early"
    with pytest.raises(ValueError, match="PASSWORD_HASH_COST must be one of"):
        create_app({"SECRET_KEY": "x", "PASSWORD_HASH_COST": "none", "DATABASE": str(tmp_path / "x.db")},
                   instance_path=str(tmp_path / "instance"))


@pytest.mark.parametrize(("username", "role", "password", "gate", "message"), [
    ("x", "officer", "short", "HUU_NGHI", "password: must be at least 10 characters"),
    ("x", "chief", PASSWORD, "HUU_NGHI", "role: must be officer, patrol, supervisor or admin"),
    ("x", "officer", PASSWORD, "NOWHERE", "gate: unknown gate code"),
    ("x", "officer", PASSWORD, None, "gate: every account but an admin belongs to a gate"),
    ("officer1", "officer", PASSWORD, "HUU_NGHI", "username: already exists"),
])
def test_account_rules(db, username, role, password, gate, message):
    with pytest.raises(Exception) as caught:
        users.create(db, username, role, password, gate)
    assert str(caught.value) == message


def test_a_patrol_may_not_start_an_inspection_and_an_officer_may_not_export(client, auth):
    auth.login("patrol1")
    assert auth.post("/inspections/new", {"direction": "import", "plates": "12C-123.45"}).status_code == 403
    auth.logout()
    auth.login("officer1")
    assert client.get("/reports/export.csv").status_code == 403


def test_officers_see_only_their_own_gate(client, auth):
    auth.login("officer1")
    inspection_id = start_inspection(auth)
    auth.logout()
    auth.login("officer2")
    assert client.get(f"/inspections/{inspection_id}").status_code == 403
    assert client.get(f"/api/v1/inspections/{inspection_id}").get_json()["status"] == 403
    assert inspection_id not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login("boss")
    assert client.get(f"/inspections/{inspection_id}").status_code == 200


# once.outbox: the outbox script's texts and who is signed in (no one, signed out), read before any sign-in.
OPEN_ENDPOINTS = {"static", "auth.login", "auth.logout", "auth.set_language", "api.openapi", "healthz",
                  "service_worker", "offline", "once.outbox"}


def test_every_route_but_sign_in_needs_an_account(app, client):
    """Walks the whole URL map signed out: nothing but the sign-in page and static files answers."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_ENDPOINTS:
            continue
        path = rule.build({arg: "x" for arg in rule.arguments})[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(path, method=method)
            if path.startswith("/api/"):
                assert response.status_code in (400, 401), (method, path)
            else:
                # POSTs are refused for the missing CSRF token before anything else; GETs go to sign-in.
                assert response.status_code in (302, 400), (method, path)
                if response.status_code == 302:
                    assert "/login" in response.headers["Location"], (method, path)


def test_every_view_declares_who_may_use_it(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        assert hasattr(view, "required_roles"), f"{rule.endpoint} has no login_required"


def test_json_errors_have_one_shape(client, auth):
    auth.login()
    response = client.get("/api/v1/inspections/does-not-exist")
    assert response.status_code == 404
    assert response.get_json() == {"ok": False, "status": 404, "error": "Không tìm thấy.", "errors": []}


def test_pages_forbid_scripts_from_elsewhere(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy

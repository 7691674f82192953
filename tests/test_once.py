"""A form sent again by the page's outbox is recorded once (web/once.py)."""
from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkpoint.web.once import CLIENT_ID
from tests.conftest import PASSWORD, Auth

OUTBOX = {"X-Checkpoint-Outbox": "1"}


def patrols_started(db) -> int:
    return db.execute("SELECT COUNT(*) FROM events WHERE type = 'patrol.started'").fetchone()[0]


def start_patrol(auth: Auth, client_id: str, **kwargs):
    return auth.post("/patrols/start", {"team": "Lò Văn Tú", "note": "Mốc 1119", "client_id": client_id}, **kwargs)


def test_a_resent_form_is_recorded_once_and_answered_with_the_same_redirect(client, auth, db):
    auth.login("patrol1")
    client_id = str(uuid.uuid4())
    first = start_patrol(auth, client_id)
    assert first.status_code == 302 and "/patrols/" in first.headers["Location"]
    again = start_patrol(auth, client_id)
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert patrols_started(db) == 1
    other = start_patrol(auth, str(uuid.uuid4()))
    assert other.headers["Location"] != first.headers["Location"] and patrols_started(db) == 2


def test_the_outbox_gets_its_redirect_as_json_and_the_message_waits_for_the_page(client, auth, db):
    auth.login("patrol1")
    auth.post("/lang/en", {"next": "/"})
    client_id = str(uuid.uuid4())
    response = start_patrol(auth, client_id, headers=OUTBOX)
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True and body["redirect"].startswith("/patrols/")
    resent = start_patrol(auth, client_id, headers=OUTBOX)
    assert resent.get_json() == body and patrols_started(db) == 1
    page = client.get(body["redirect"]).get_data(as_text=True)
    assert "Already saved: sent again, recorded once." in page


def test_a_refused_form_frees_its_client_id_for_the_corrected_resend(client, auth, db):
    auth.login("officer1")
    client_id = str(uuid.uuid4())
    refused = auth.post("/inspections/new", {"direction": "sideways", "plates": "12C-123.45", "client_id": client_id})
    assert refused.status_code == 422
    assert db.execute("SELECT COUNT(*) FROM sent_once").fetchone()[0] == 0
    saved = auth.post("/inspections/new", {"direction": "import", "plates": "12C-123.45", "lane": "3",
                                           "client_id": client_id})
    assert saved.status_code == 302
    row = db.execute("SELECT target FROM sent_once WHERE client_id = ?", [client_id]).fetchone()
    assert row["target"] == saved.headers["Location"]


def test_one_accounts_client_id_is_not_anothers(app, client, auth, db):
    client_id = str(uuid.uuid4())
    auth.login("patrol1")
    first = start_patrol(auth, client_id)
    auth.logout()
    auth.login("boss")
    other = auth.post("/patrols/start", {"gate": "HUU_NGHI", "team": "", "client_id": client_id})
    assert other.status_code == 302 and other.headers["Location"] != first.headers["Location"]
    assert patrols_started(db) == 2


def test_a_resend_racing_the_first_send_is_asked_to_wait(client, auth, db):
    auth.login("patrol1")
    client_id = str(uuid.uuid4())
    user_id = db.execute("SELECT id FROM users WHERE username = 'patrol1'").fetchone()[0]
    db.execute("INSERT INTO sent_once (user_id, client_id, claimed_utc) VALUES (?, ?, '2999-01-01T00:00:00')",
               [user_id, client_id])
    response = start_patrol(auth, client_id, headers=OUTBOX)
    assert response.status_code == 503 and response.headers["Retry-After"] == "2"
    assert patrols_started(db) == 0
    # A claim left by a request that died long ago does not block the form for good.
    db.execute("UPDATE sent_once SET claimed_utc = '2000-01-01T00:00:00' WHERE client_id = ?", [client_id])
    assert start_patrol(auth, client_id).status_code == 302 and patrols_started(db) == 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_client_id_either_dedups_or_is_ignored_never_an_error(client, auth, db, raw: str):
    auth.login("patrol1")
    before = patrols_started(db)
    answers = [start_patrol(auth, raw) for _ in range(2)]
    assert all(a.status_code == 302 for a in answers)
    expected = 1 if CLIENT_ID.match(raw) else 2
    assert patrols_started(db) - before == expected
    if expected == 1:
        assert answers[0].headers["Location"] == answers[1].headers["Location"]


@pytest.mark.parametrize("client_id", ["", "x" * 65, "not a uuid!", "../../etc"])
def test_a_client_id_that_is_no_id_is_not_remembered(client, auth, db, client_id: str):
    auth.login("patrol1")
    start_patrol(auth, client_id)
    assert db.execute("SELECT COUNT(*) FROM sent_once").fetchone()[0] == 0


def test_a_form_sent_while_a_new_password_is_due_waits_and_is_recorded_after(client, auth, db):
    auth.login("patrol1")
    db.execute("UPDATE users SET must_change_password = 1 WHERE username = 'patrol1'")
    client_id = str(uuid.uuid4())
    response = start_patrol(auth, client_id, headers=OUTBOX)
    assert response.status_code == 409 and response.get_json()["redirect"] == "/password"
    assert patrols_started(db) == 0 and db.execute("SELECT COUNT(*) FROM sent_once").fetchone()[0] == 0
    assert auth.post("/password", {"password": PASSWORD, "new_password": "another long password",
                                   "repeat_password": "another long password"}).status_code == 302
    assert start_patrol(auth, client_id, headers=OUTBOX).get_json()["ok"] is True and patrols_started(db) == 1


def test_the_outbox_texts_come_in_the_pages_language_with_who_is_signed_in(client, auth):
    body = client.get("/outbox.json").get_json()
    assert body["username"] is None and body["lang"] == "vi"
    assert body["texts"]["kept"] == "Đã giữ trên máy: đang chờ gửi. Máy tự gửi khi máy chủ trả lời."
    assert body["texts"]["waiting"] == "{count} biểu mẫu chưa lưu: đang chờ máy chủ"
    auth.login("patrol1")
    auth.post("/lang/en", {"next": "/"})
    body = client.get("/outbox.json").get_json()
    assert body["username"] == "patrol1" and body["lang"] == "en"
    assert body["texts"]["reauth_idle"].endswith("enter the password of {user} and it is sent.")

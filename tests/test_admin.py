"""Management without a shell: accounts, watchlists, sync and the log's check, as leaders and admins use them;
the badge and the DEMO banner on every page."""
from __future__ import annotations

import io
import re
import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint import ledger, setup, users, watchlist
from checkpoint.store.db import connect
from checkpoint.web import admin
from tests.conftest import PASSWORD, Auth
from tests.ledger.conftest import HubServer

ONE_TIME = re.compile(r'id="one-time-password">([^<]+)<')


def one_time(page: str) -> str | None:
    found = ONE_TIME.search(page)
    return found.group(1) if found else None


def logged(db: Any, event_type: str) -> list[dict[str, Any]]:
    return [{"author": e.author, **e.payload} for e in ledger.events(db) if e.type == event_type]


def add(auth: Any, **fields: str) -> Any:
    return auth.post("/accounts/new", {"role": "officer", "gate": "HUU_NGHI", "full_name": "", "rank": "", **fields})


def test_a_leader_adds_an_officer_who_signs_in_with_a_password_shown_once(client, auth, db):
    auth.login("super1")
    response = add(auth, username="officer9", full_name="Nguyễn Văn Chín", rank="Thiếu úy")
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/officer9"
    page = client.get("/accounts/officer9").get_data(as_text=True)
    password = one_time(page)
    assert password and re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
    assert one_time(client.get("/accounts/officer9").get_data(as_text=True)) is None  # shown once
    assert users.account(db, "officer9") == users.Account("officer9", "officer", "HUU_NGHI", "Nguyễn Văn Chín",
                                                         "Thiếu úy", True, None)
    assert logged(db, "auth.account_added") == [{"author": "super1", "username": "officer9", "role": "officer",
                                                 "gate": "HUU_NGHI", "full_name": "Nguyễn Văn Chín",
                                                 "rank": "Thiếu úy"}]
    assert password not in str([e.payload for e in ledger.events(db)])

    auth.logout()
    assert auth.login("officer9", password).status_code == 302
    assert client.get("/").headers["Location"] == "/password"  # must choose their own first


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"username": "officer1"}, "username", "đã tồn tại"),
    ({"username": ""}, "username", "phải dài từ 1 đến 64 ký tự"),
    ({"username": "x9", "full_name": "A" * 101}, "full_name", "tối đa 100 ký tự"),
    ({"username": "x9", "rank": "B" * 61}, "rank", "tối đa 60 ký tự"),
])
def test_a_refused_account_comes_back_with_the_error_beside_its_field_and_the_input_kept(
        client, auth, db, fields, field, message):
    auth.login("super1")
    response = add(auth, **{"full_name": "Trần Thị Mười", **fields})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<span class="field-error" id="{field}-error">{message}</span>' in page
    assert 'value="' + fields.get("full_name", "Trần Thị Mười") + '"' in page
    assert not logged(db, "auth.account_added")


@pytest.mark.parametrize(("fields", "status"), [
    ({"username": "lead2", "role": "supervisor"}, 403),   # a leader does not make leaders
    ({"username": "off3", "gate": "CHI_MA"}, 403),        # nor accounts of another gate
    ({"username": "boss2", "role": "admin"}, 403),
])
def test_a_leader_makes_only_officers_and_patrols_of_their_own_gate(auth, db, fields, status):
    auth.login("super1")
    assert add(auth, **fields).status_code == status
    assert db.execute("SELECT COUNT(*) FROM users WHERE username = ?", [fields["username"]]).fetchone()[0] == 0


def test_a_leader_manages_only_their_gates_officers_and_an_admin_all(client, auth):
    auth.login("super1")
    listed = client.get("/accounts").get_data(as_text=True)
    assert "officer1" in listed and "officer2" not in listed  # officer2 is of Chi Ma
    assert client.get("/accounts/officer2").status_code == 403
    assert auth.post("/accounts/officer2/reset").status_code == 403
    assert client.get("/accounts/boss").status_code == 403
    assert client.get("/accounts/nobody").status_code == 404
    auth.logout()
    auth.login("officer1")
    assert client.get("/accounts").status_code == 403
    auth.logout()
    auth.login("boss")
    assert "officer2" in client.get("/accounts").get_data(as_text=True)
    assert add(auth, username="lead2", role="supervisor", gate="CHI_MA").status_code == 302


def test_a_reset_password_replaces_the_old_one_and_ends_the_officers_sessions(app, client, auth, db):
    officer = app.test_client()
    Auth(officer).login("officer1")
    assert officer.get("/").status_code == 200

    auth.login("super1")
    assert auth.post("/accounts/officer1/reset").headers["Location"] == "/accounts/officer1"
    password = one_time(client.get("/accounts/officer1").get_data(as_text=True))
    assert password
    assert officer.get("/").headers["Location"].startswith("/login")  # signed out everywhere
    assert Auth(officer).login("officer1", PASSWORD).status_code == 401
    assert Auth(officer).login("officer1", password).status_code == 302
    assert logged(db, "auth.password_reset") == [{"author": "super1", "username": "officer1"}]


def test_a_reset_clears_the_pause_after_failed_sign_ins(app, auth, db):
    for _ in range(5):
        auth.login("officer1", "wrong password")
    auth.login("super1")
    auth.post("/accounts/officer1/reset")
    assert not users.locked(db, ["officer1"], max_failures=5, lock_minutes=10)


def test_changes_are_logged_with_what_changed_only(client, auth, db):
    auth.login("super1")
    response = auth.post("/accounts/patrol1", {"role": "officer", "gate": "HUU_NGHI", "full_name": "Lê Văn Tuần",
                                               "rank": ""})
    assert response.status_code == 302
    assert logged(db, "auth.account_changed") == [{"author": "super1", "username": "patrol1",
                                                   "changes": {"role": "officer", "full_name": "Lê Văn Tuần"}}]
    assert auth.post("/accounts/patrol1", {"role": "supervisor", "gate": "HUU_NGHI"}).status_code == 403
    assert users.account(db, "patrol1").role == "officer"


def test_disabling_asks_to_be_sure_then_the_account_cannot_sign_in(client, auth, db):
    auth.login("super1")
    refused = auth.post("/accounts/officer1/disable")
    assert refused.status_code == 422
    assert 'id="confirm-error"' in refused.get_data(as_text=True)
    assert auth.post("/accounts/officer1/disable", {"confirm": "1"}).status_code == 302
    assert "đã khóa ngày" in client.get("/accounts").get_data(as_text=True)
    assert logged(db, "auth.account_disabled") == [{"author": "super1", "username": "officer1"}]
    assert auth.post("/accounts/super1/disable", {"confirm": "1"}).status_code == 403  # never oneself
    auth.logout()
    assert auth.login("officer1").status_code == 401


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2 ** 32))
def test_one_time_passwords_are_readable_and_long_enough(_seed):
    password = users.one_time_password()
    assert len(password) == 14 and len(password.replace("-", "")) == 12
    assert set(password.replace("-", "")) <= set(users.ONE_TIME_ALPHABET)
    assert not set(password) & set("01ilo")


# -- watchlists --

CSV = "kind,name,tax_code,plate,gtin,id_number,co_reference,note\ncompany,CÔNG TY TNHH HOÀNG LONG,,,,,,\n" \
      "vehicle,,,12C-123.45,,,,\nperson,,,,,999,,\n"


def test_a_watchlist_file_imported_on_the_page_is_in_force_and_logged(client, auth, db):
    auth.login("super1")
    response = auth.post("/watchlists", {"list": "hq-2025-12", "file": (io.BytesIO(CSV.encode()), "hq.csv")},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get("/watchlists").get_data(as_text=True)
    assert "hq-2025-12" in page and "từ <code>hq.csv</code>" in page
    assert "Đã nhập 2 mục vào danh sách hq-2025-12." in page
    assert "dòng 4: id_number &#39;999&#39; không hợp lệ" in page  # the refused row, with its line
    [event] = logged(db, "watchlist.imported")
    assert event["list"] == "hq-2025-12" and event["entries"] == 2 and event["rejected"] == 1
    assert re.search(r'<td>2</td>', page)


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"list": "", "file": (b"x", "a.csv")}, "list", "Hãy đặt tên cho danh sách"),
    ({"list": "hq"}, "file", "Hãy chọn tệp danh sách"),
    ({"list": "hq", "file": ("kind,name\n".encode("utf-16"), "a.csv")}, "file", "không phải văn bản UTF-8"),
    ({"list": "hq", "file": (b"name,plate\nA,B\n", "a.csv")}, "file", "dòng đầu tiên phải là"),
])
def test_a_refused_import_says_why_beside_the_field(auth, db, form, field, message):
    auth.login("super1")
    data = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in form.items()}
    response = auth.post("/watchlists", data, content_type="multipart/form-data")
    assert response.status_code == 422
    error = re.search(rf'<span class="field-error" id="{field}-error">([^<]*)</span>', response.get_data(as_text=True))
    assert error and message in error.group(1)
    assert not logged(db, "watchlist.imported")


def test_an_import_that_would_empty_a_list_asks_to_confirm(auth, db):
    auth.login("super1")
    big = CSV.split("\n", 1)[0] + "\n" + "".join(f"vehicle,,,12C-{100 + i}.45,,,,\n" for i in range(10))
    small = CSV.split("\n", 1)[0] + "\nvehicle,,,12C-100.45,,,,\n"
    for text, status in ((big, 302), (small, 409)):
        response = auth.post("/watchlists", {"list": "hq", "file": (io.BytesIO(text.encode()), "hq.csv")},
                             content_type="multipart/form-data")
        assert response.status_code == status
    assert 'name="confirm"' in response.get_data(as_text=True)
    response = auth.post("/watchlists", {"list": "hq", "confirm": "1", "file": (io.BytesIO(small.encode()), "hq.csv")},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.execute("SELECT entries FROM watchlist_versions WHERE list = 'hq' ORDER BY version DESC").fetchone()[0] \
        == 1


def test_the_demo_banner_shows_on_every_page_while_the_demo_list_is_in_force(client, auth, db):
    auth.login("officer1")
    def banner() -> str | None:
        found = re.search(r'<p class="demo-banner" role="status"><strong>DEMO</strong>\s*(.*?)</p>',
                          client.get("/").get_data(as_text=True), re.S)
        return found.group(1).strip() if found else None
    assert banner() == "Đang dùng danh sách theo dõi MẪU: việc đối chiếu không dùng danh sách thật. Lãnh đạo đội nhập" \
        " danh sách của trung tâm tại Quản lý → Danh sách theo dõi."
    watchlist.import_text(db, CSV, "hq", source="hq.csv")
    assert banner() == "Danh sách theo dõi MẪU vẫn đang áp dụng cùng các danh sách thật: các mục mẫu của nó có thể" \
        " cho kết quả trùng khớp sai."
    db.execute("UPDATE watchlist_versions SET demo = 0")
    assert banner() is None


# -- the badge, sync and the log's check --

def badge(page: str) -> str:
    found = re.search(r'id="sync-badge" class="([^"]+)"[^>]*>([^<]+)<', page)
    assert found, "no badge"
    return f"{found.group(1)}: {found.group(2).strip()}"


def test_the_badge_counts_what_waits_for_headquarters(client, auth, db):
    auth.login("officer1")
    waiting = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert badge(client.get("/").get_data(as_text=True)) == f"sync-badge waiting: {waiting} mục chờ gửi"
    client.post("/lang/en", data={"csrf_token": auth.token()})
    assert badge(client.get("/").get_data(as_text=True)) == f"sync-badge waiting: {waiting} waiting to send"


def test_sync_now_without_a_hub_says_so(client, auth):
    auth.login("super1")
    page = client.get("/sync").get_data(as_text=True)
    assert "Máy này chưa được cài đặt máy chủ trung tâm" in page
    assert re.search(r'id="sync-now"\s+disabled', page)
    response = auth.post("/sync/now")
    assert response.status_code == 302 and admin.tasks_of(client.application).last("sync") is None


def test_an_unreachable_hub_is_told_in_plain_words(app, client, auth):
    app.config.update(HUB_URL="http://127.0.0.1:9", HUB_PUBLIC_KEY="A" * 43 + "=")
    auth.login("super1")
    auth.post("/sync/now")
    task = admin.tasks_of(app).last("sync")
    assert task is not None and task.done.wait(30)
    page = client.get("/sync").get_data(as_text=True)
    assert "Không liên lạc được với trung tâm: ở đây không có mạng" in page
    assert 'id="sync-task"' in page and "không hoàn tất" in page


def wait_for(app: Any, kind: str) -> admin.Task:
    task = admin.tasks_of(app).last(kind)
    assert task is not None and task.done.wait(60)
    return task


def test_the_log_check_says_intact_up_to_the_last_record(app, client, auth, db):
    auth.login("super1")
    assert auth.post("/verify").status_code == 302
    wait_for(app, "verify")
    last = db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
    page = client.get("/verify").get_data(as_text=True)
    assert "Sổ ghi còn nguyên vẹn" in page and f"nối liền không đứt đoạn đến #{last}." in page
    assert "Trung tâm chưa gửi xác nhận" in page


def test_the_log_check_names_the_first_broken_record(app, client, auth, db):
    auth.login("super1")
    db.execute("DROP TRIGGER IF EXISTS events_no_update")
    db.execute("UPDATE events SET payload = '{\"username\": \"someone else\"}' WHERE seq = 1")
    auth.post("/verify")
    wait_for(app, "verify")
    page = client.get("/verify").get_data(as_text=True)
    assert "Sổ ghi bị hỏng từ bản ghi #1" in page
    assert "<li>#1: nội dung bị sửa đổi</li>" in page


def test_management_pages_are_for_leaders_and_admins(client, auth):
    auth.login("officer1")
    for path in ("/accounts", "/accounts/new", "/watchlists", "/sync", "/verify"):
        assert client.get(path).status_code == 403, path
    assert client.get("/scan").status_code == 200


def test_a_slow_job_runs_once_at_a_time():
    tasks = admin.Tasks()
    gate = threading.Event()
    first = tasks.start("sync", lambda: gate.wait(10))
    assert tasks.start("sync", lambda: 1 / 0) is first  # a second press while it runs shows the running one
    gate.set()
    assert first.done.wait(10) and first.result is True
    second = tasks.start("sync", lambda: 1 / 0)
    assert second is not first and second.done.wait(10) and isinstance(second.error, ZeroDivisionError)


def test_the_log_has_a_type_for_every_account_change():
    for event_type in ("auth.account_added", "auth.account_changed", "auth.account_disabled", "auth.password_reset",
                       "watchlist.imported"):
        assert event_type in ledger.EVENT_TYPES


def test_accounts_keep_their_full_name_and_rank_through_the_migration(tmp_path):
    db = connect(tmp_path / "c.db")
    setup.initialise(db, load_demo=False)
    users.create(db, "a1", "officer", PASSWORD, "HUU_NGHI", full_name="  Phạm   Văn  An ", rank="Trung úy")
    assert users.account(db, "a1").full_name == "Phạm Văn An"
    db.conn.close()


def test_the_sync_page_after_a_sync_to_a_real_hub(app, client, auth, db, tmp_path):
    hub = HubServer(str(tmp_path / "hub.db"), tmp_path / "hub_key")
    try:
        app.config.update(HUB_URL=hub.url, HUB_PUBLIC_KEY=hub.public_key)
        auth.login("super1")
        auth.post("/sync/now")
        task = wait_for(app, "sync")
        assert task.error is None, task.error
        page = client.get("/sync").get_data(as_text=True)
        last = db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
        assert f"đã có sổ ghi đến bản ghi #{last}" in page and "không có: trung tâm đã nhận đủ" in page
        assert re.fullmatch(r"sync-badge sent: đã gửi hết \d\d:\d\d", badge(page))
        assert hub.count("SELECT COUNT(*) FROM events") == last
    finally:
        hub.stop()


def test_a_leader_is_named_lanh_dao_doi_never_giam_sat(client, auth):
    auth.login("super1")
    for path in ("/", "/accounts", "/accounts/new", "/watchlists", "/sync", "/verify", "/scan"):
        page = client.get(path).get_data(as_text=True)
        assert "super1 · Lãnh đạo đội · Hữu Nghị" in page, path
        assert "giám sát" not in page.lower(), path

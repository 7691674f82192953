"""The console: its accounts, roles and units, and what each page shows of tablets' synced work."""
from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import sync
from checkpoint.errors import InvalidInput
from checkpoint.hub import accounts, console
from tests.hub.conftest import account, csrf_of, interception, seized_case, signed_in


def synced(device, server) -> None:
    sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key)


def test_a_unit_leader_sees_only_their_units(make_device, console_hub):
    huu_nghi, chi_ma = make_device("hn"), make_device("cm")
    ours = seized_case(huu_nghi, gate="HUU_NGHI", goods="Sữa bột Aptamil", plate="12C-111.11")
    theirs = seized_case(chi_ma, gate="CHI_MA", goods="Pháo nổ", plate="12C-222.22")
    for device in (huu_nghi, chi_ma):
        synced(device, console_hub)
    account(console_hub, "leader", "unit_leader", "HQ_HUU_NGHI")
    account(console_hub, "secretary", "secretariat", "*")
    leader = signed_in(console_hub, "leader")
    listed = leader.get("/console/cases").get_data(as_text=True)
    assert ours in listed and theirs not in listed
    assert leader.get(f"/console/cases/{chi_ma.id}/{theirs}").status_code == 403
    assert leader.get(f"/console/cases/{huu_nghi.id}/{ours}").status_code == 200
    assert leader.get("/console/cases?unit=HQ_CHI_MA").status_code == 403
    assert leader.get("/console/report?unit=HQ_CHI_MA").status_code == 403
    assert leader.get("/console/devices").status_code == 403
    assert leader.get("/console/watchlists").status_code == 403
    secretary = signed_in(console_hub, "secretary")
    everything = secretary.get("/console/cases").get_data(as_text=True)
    assert ours in everything and theirs in everything
    assert theirs in secretary.get("/console/cases?q=12c-222").get_data(as_text=True)
    assert ours not in secretary.get("/console/cases?q=12c-222").get_data(as_text=True)
    assert huu_nghi.id[:8] in secretary.get("/console/devices").get_data(as_text=True)
    walked = secretary.get(f"/console/devices/{huu_nghi.id}").get_data(as_text=True)
    assert 'id="chain">nguyên vẹn' in walked
    assert leader.get(f"/console/devices/{huu_nghi.id}").status_code == 403


def test_every_console_page_needs_a_signed_in_account_and_names_its_roles(console_hub):
    client = console_hub.app.test_client()
    rules = [r for r in console_hub.app.url_map.iter_rules() if r.endpoint.startswith("console.")
             and r.endpoint not in ("console.login", "console.logout", "console.language")]
    assert len(rules) >= 9
    for rule in rules:
        view = console_hub.app.view_functions[rule.endpoint]
        assert set(view.roles) <= set(accounts.ROLES), rule.endpoint
        path = rule.rule.replace("<device_id>", "d").replace("<case_id>", "c").replace("<sha256>", "s")
        answer = client.get(path)
        assert answer.status_code == 302 and "/console/login" in answer.headers["Location"], rule.rule


def test_forms_without_the_csrf_token_are_refused_and_headers_are_the_tablets(console_hub):
    account(console_hub, "admin1", "admin", "*")
    client = signed_in(console_hub, "admin1")
    assert client.post("/console/watchlists", data={"list": "x", "fmt": "csv", "text": "a"}).status_code == 400
    page = client.get("/console/")
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"
    # The sync API is not a form: devices sign it, no CSRF token is asked.
    assert client.post("/api/v1/sync/events", json={}).status_code in (401, 422)


def test_publishing_a_watchlist_shows_the_diff_then_signs_it(console_hub):
    account(console_hub, "admin1", "admin", "*")
    client = signed_in(console_hub, "admin1")
    header = "kind,name,tax_code,plate,gtin,id_number,co_reference,note\n"
    console_hub.hub.publish_watchlist("hq", header + "company,CTY A,,,,,,\ncompany,CTY B,,,,,,\n")
    text = header + "company,CTY B,,,,,,\nvehicle,,,12C-999.99,,,,\n"
    preview = client.post("/console/watchlists", data={"list": "hq", "fmt": "csv", "text": text, "action": "preview",
                                                       "csrf_token": csrf_of(client, "/console/watchlists")})
    body = preview.get_data(as_text=True)
    assert "+ vehicle,,,12C-999.99,,,," in body and "− company,CTY A,,,,,," in body
    assert console_hub.count("SELECT COUNT(*) FROM watchlists") == 1
    published = client.post("/console/watchlists", data={"list": "hq", "fmt": "csv", "text": text, "action": "publish",
                                                         "csrf_token": csrf_of(client, "/console/watchlists")})
    assert published.status_code == 302
    assert console_hub.count("SELECT COUNT(*) FROM watchlists WHERE text = ?", [text]) == 1


def test_a_case_shows_its_record_and_its_photos_as_uploaded(make_device, console_hub):
    device = make_device("a")
    subject = seized_case(device)
    stopped = interception(device)
    synced(device, console_hub)
    account(console_hub, "auditor1", "auditor", "*")
    client = signed_in(console_hub, "auditor1")
    page = client.get(f"/console/cases/{device.id}/{subject}").get_data(as_text=True)
    assert "12C-123.45" in page and "ghi kết luận" in page  # the verdict event, named in words
    shown = client.get(f"/console/cases/{device.id}/{stopped['uuid']}").get_data(as_text=True)
    assert stopped["goods"][0]["tag"] in shown and "Hoàng Văn A" in shown


def test_wrong_passwords_lock_the_account(console_hub):
    account(console_hub, "leader", "unit_leader", "HQ_HUU_NGHI")
    client = console_hub.app.test_client()
    for _ in range(accounts.MAX_FAILURES):
        token = csrf_of(client, "/console/login")
        assert client.post("/console/login", data={"username": "leader", "password": "nope-nope-nope",
                                                   "csrf_token": token}).status_code == 401
    token = csrf_of(client, "/console/login")
    answer = client.post("/console/login", data={"username": "leader", "password": "leaderleader-pw",
                                                 "csrf_token": token})
    assert answer.status_code == 429


@given(st.text(max_size=200))
def test_any_unit_text_gives_known_units_or_a_message(text):
    try:
        codes = accounts.parse_units(text)
    except InvalidInput:
        return
    assert codes == ("*",) or all(code in accounts.units.all_units() for code in codes)


@given(st.text(max_size=300), st.sampled_from(["", "HQ_HUU_NGHI"]))
def test_any_search_text_gives_one_parameter_per_placeholder(text, unit):
    where, params = console.search_filter(["HQ_HUU_NGHI"], text, None, None, unit)
    assert where.count("?") == len(params)
    assert all("%" not in p.strip("%").replace("\\%", "") for p in params if isinstance(p, str) and p.startswith("%"))


@given(st.lists(st.text(alphabet="abc,;\n", max_size=8), max_size=6), st.lists(st.text(alphabet="abc,;", max_size=8),
                                                                                max_size=6))
def test_a_watchlist_diff_adds_and_removes_exactly_the_changed_entries(before, after):
    header = "kind,name\n"
    added, removed, kept = console.watchlist_diff(header + "\n".join(before), header + "\n".join(after), "csv")
    old = {line.strip() for line in "\n".join(before).splitlines() if line.strip()}
    new = {line.strip() for line in "\n".join(after).splitlines() if line.strip()}
    assert (set(added), set(removed), kept) == (new - old, old - new, len(old & new))


@pytest.mark.parametrize(("role", "units", "problem"), [
    ("unit_leader", "*", "a unit leader answers for named units"),
    ("secretariat", "NOWHERE", "unknown unit"),
    ("chief", "*", "must be unit_leader, secretariat, auditor or admin"),
])
def test_accounts_are_refused_with_their_reason(console_hub, role, units, problem):
    with pytest.raises(InvalidInput) as caught:
        account(console_hub, "someone", role, units)
    assert caught.value.params["problem"] == problem


def test_an_idle_session_is_ended_at_the_hub(console_hub, monkeypatch):
    account(console_hub, "auditor1", "auditor", "*")
    client = signed_in(console_hub, "auditor1")
    assert client.get("/console/").status_code == 200
    later = time.time() + console.IDLE_MINUTES * 60 + 1
    monkeypatch.setattr(console.time, "time", lambda: later)
    assert client.get("/console/").status_code == 302
    assert console_hub.count("SELECT COUNT(*) FROM hub_sessions WHERE ended_utc IS NULL") == 0

"""The tablet's 389 page: a period picker, a unit (the account's own by default), the figures and the exports."""
from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from checkpoint import units
from checkpoint.reports import periods
from tests.test_report389 import CARRIER, intercept
from tests.test_reports import make_cases


@pytest.fixture
def seeded(db, monkeypatch):
    made = make_cases(db, 9, [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 20)], gates=("HUU_NGHI", "CHI_MA"))
    intercept(db, monkeypatch, date(2026, 3, 4), "HUU_NGHI", "", 2_000_000)
    return made


def test_a_supervisor_sees_their_gate_s_customs_unit_by_default(auth, client, seeded):
    auth.login("super1")
    page = client.get("/reports/389?day=10/03/2026").get_data(as_text=True)
    assert 'value="HQ_HUU_NGHI" selected' in page and "HQ_CHI_MA" not in page and "HQ_KV6" not in page
    assert "Hải quan cửa khẩu quốc tế Hữu Nghị" in page
    assert "15/02/2026 – 14/03/2026" in page


def test_the_page_lists_the_cases_awaiting_a_decision_and_counts_them(auth, client, seeded):
    waiting = [m for m in seeded if m["case"] and not m["decided"] and m["gate"] == "HUU_NGHI"
               and date(2026, 2, 15) <= m["day"] <= date(2026, 3, 14)]
    assert waiting
    auth.login("super1")
    page = client.get("/reports/389?day=10/03/2026").get_data(as_text=True)
    assert f"{len(waiting)} vụ chờ quyết định" in page
    assert all(f'href="/cases/{m["id"]}"' in page for m in waiting)
    total = page.split('class="total"')[1].split("</tr>")[0]
    assert f"<td>{len(waiting)}</td>" in total


def test_the_border_guard_post_and_its_unclassified_case(auth, client, seeded):
    auth.login("super1")
    page = client.get("/reports/389?day=10/03/2026&unit=BP_HUU_NGHI").get_data(as_text=True)
    assert "Đồn Biên phòng cửa khẩu quốc tế Hữu Nghị" in page
    assert 'role="alert"' in page and "Chưa phân loại" in page


@pytest.mark.parametrize(("query", "status"), [
    ("unit=HQ_CHI_MA", 403), ("unit=all", 403), ("unit=NOPE", 422), ("kind=fortnight", 422),
    ("day=31/02/2026", 422), ("kind=campaign&day=10/03/2026", 422), ("day=31/12/9999", 422),
    ("kind=year&day=01/01/0001", 422),
])
def test_a_supervisor_may_not_see_another_gate_s_unit_or_ask_nonsense(auth, client, query, status):
    auth.login("super1")
    assert client.get(f"/reports/389?{query}").status_code == status


def test_officers_have_no_report_page(auth, client):
    auth.login("officer1")
    assert client.get("/reports/389").status_code == 403


def test_the_admin_exports_the_province_and_the_annex_apart(auth, client, seeded, tmp_path):
    auth.login("boss")
    query = "day=10/03/2026&unit=all&number=7/BC-BCĐ389&signer=Nguyễn Văn Hùng"
    page = client.get(f"/reports/389?{query}").get_data(as_text=True)
    assert 'value="all" selected' in page and "Đồn Biên phòng Chi Ma" not in page
    sheet = client.get(f"/reports/389/export.xlsx?{query}")
    assert sheet.status_code == 200
    assert 'filename="bao-cao-389-all-2026-02-15-2026-03-14.xlsx"' in sheet.headers["Content-Disposition"]
    cells = [c.value for c in next(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(max_row=1))]
    assert "xâm phạm quyền sở hữu trí tuệ" in cells[0]
    texts = {}
    for name, path in (("report", "/reports/389/export.pdf"), ("annex", "/reports/389/annex.pdf")):
        answer = client.get(f"{path}?{query}")
        assert answer.status_code == 200 and answer.mimetype == "application/pdf"
        (tmp_path / f"{name}.pdf").write_bytes(answer.data)
        texts[name] = subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], check=True,
                                     capture_output=True, text=True).stdout
    assert "Nguyễn Văn Hùng" in texts["report"] and "Số: 7/BC-BCĐ389" in texts["report"]
    assert CARRIER["id_number"] not in texts["report"] and CARRIER["id_number"] in texts["annex"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.one_of(st.sampled_from(periods.KINDS), st.text(max_size=12)),
       day=st.one_of(st.dates().map(lambda d: d.strftime("%d/%m/%Y")), st.text(max_size=12)),
       unit=st.one_of(st.sampled_from(["", "all", *units.all_units()]), st.text(max_size=12)),
       campaign=st.one_of(st.just(""), st.sampled_from([c.code for c in periods.campaigns()]), st.text(max_size=8)))
def test_any_query_is_a_report_or_a_refusal_never_a_crash(auth, client, kind, day, unit, campaign):
    if not hasattr(client, "signed_in"):
        auth.login("super1")
        client.signed_in = True
    answer = client.get("/reports/389", query_string={"kind": kind, "day": day, "unit": unit, "campaign": campaign})
    assert answer.status_code in (200, 403, 422), (kind, day, unit, campaign)

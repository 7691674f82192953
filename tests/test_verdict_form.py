"""The verdict form's guided choice (#18) and the VNACCS channel, through the pages: without script (a round trip) and
as the page's script asks (JSON); warnings never block, a goods group is never assumed."""
from __future__ import annotations

import re

from checkpoint import inspections
from checkpoint.checks.risk import Risk
from checkpoint.models import Finding
from tests.test_approvals import REASON, checked, photographed

MISCLASSIFIED = Finding("DOCUMENT_MISMATCH", "medium", {"vi": "Mã HS khác", "en": "HS codes differ"},
                        {"field": "hs_code"})


def with_a_hs_mismatch(db) -> str:
    inspection = checked(db, "yellow")
    inspections.record_checks(db, inspection, [MISCLASSIFIED], Risk("yellow", 15, ()), "demo", author="officer1")
    return inspection


def test_the_form_asks_no_goods_group_by_default_and_shows_each_types_definition(db, auth, client):
    inspection = checked(db, "green")
    auth.login()
    page = client.get(f"/inspections/{inspection}").get_data(as_text=True)
    assert re.search(r'<select name="focus_group"\s*>\s*<option value="">— chọn —</option>', page)
    assert 'selected>' not in page.split('name="focus_group"')[1].split("</select>")[0]
    assert "Hàng hóa thuộc danh mục cấm nhập khẩu" in page and "Nghị định 69/2018/NĐ-CP" in page
    assert page.count('type="radio" name="prohibited_list"') == 3
    refused = auth.post(f"/inspections/{inspection}/verdict", {"verdict": "seized", "subtype": "smuggling"})
    assert refused.status_code == 422
    assert re.search(r'<select name="focus_group" autofocus>.*?<span class="field-error" id="error-focus_group"'
                     r' role="alert">hãy chọn nhóm hàng</span>', refused.get_data(as_text=True), re.S)
    assert auth.post(f"/inspections/{inspection}/verdict", {"verdict": "seized", "subtype": "smuggling",
                                                            "focus_group": "milk"}).status_code == 302


def test_without_script_the_answers_propose_a_type_that_the_form_then_holds(db, auth):
    inspection = checked(db, "green")
    auth.login()
    page = auth.post(f"/inspections/{inspection}/guide", {"verdict": "seized", "note": "Pháo trong thùng hàng",
                                                          "prohibited_list": "yes"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r'Đề xuất: <b>Hàng cấm</b>', html)
    assert 'value="prohibited_goods" checked' in html
    assert ">Pháo trong thùng hàng</textarea>" in html and 'name="prohibited_list" value="yes" checked' in html
    assert db.execute("SELECT verdict FROM inspections WHERE uuid = ?", [inspection]).fetchone()[0] is None


def test_the_scripts_answer_has_the_proposal_and_the_doubts_as_warnings(db, auth):
    inspection = with_a_hs_mismatch(db)
    auth.login("officer1")
    asked = auth.post(f"/inspections/{inspection}/guide", {"subtype": "undervaluation"},
                      headers={"Accept": "application/json"}).get_json()
    assert (asked["proposal"], asked["subtype"]) == ("misclassification", "undervaluation")
    assert "Đề xuất: <b>Khai sai mã HS</b>" in asked["html"]
    assert "Không có kết quả kiểm tra nào cho thấy hành vi gian lận này" in asked["html"]
    # A doubt is a warning: the officer's choice is recorded as chosen.
    assert auth.post(f"/inspections/{inspection}/verdict", {
        "verdict": "seized", "subtype": "undervaluation", "focus_group": "electronics"}).status_code == 302
    assert db.execute("SELECT subtype FROM cases WHERE inspection = ?", [inspection]).fetchone()[0] == "undervaluation"


def test_a_truck_let_pass_carries_no_case_whatever_was_left_in_the_form(db, auth):
    inspection = checked(db, "green")
    auth.login()
    assert auth.post(f"/inspections/{inspection}/verdict", {"verdict": "cleared", "subtype": "smuggling"}
                     ).status_code == 302
    assert db.execute("SELECT COUNT(*) FROM cases WHERE inspection = ?", [inspection]).fetchone()[0] == 0


def test_the_page_asks_why_there_is_no_photo_and_says_so_beside_the_field(db, auth, client):
    inspection = checked(db, "green", photo=False)
    auth.login()
    assert 'name="no_photo_reason"' in client.get(f"/inspections/{inspection}").get_data(as_text=True)
    refused = auth.post(f"/inspections/{inspection}/verdict", {"verdict": "held", "no_photo_reason": "x"})
    assert refused.status_code == 422
    assert re.search(r'has-error">Không chụp ảnh: lý do \(lưu trong sổ ghi\)<textarea name="no_photo_reason"[^>]*'
                     r' autofocus>x</textarea><span class="field-error" id="error-no_photo_reason" role="alert">hãy ghi'
                     r' vì sao kết thúc kiểm tra mà không có ảnh', refused.get_data(as_text=True))
    photographed(db, inspection)
    assert 'name="no_photo_reason"' not in client.get(f"/inspections/{inspection}").get_data(as_text=True)


def test_a_red_truck_with_no_photo_asks_both_reasons_before_it_waits(db, auth):
    inspection = checked(db, "red", photo=False)
    auth.login()
    refused = auth.post(f"/inspections/{inspection}/verdict", {"verdict": "cleared", "pass_reason": REASON})
    assert refused.status_code == 422 and 'id="error-no_photo_reason"' in refused.get_data(as_text=True)
    assert auth.post(f"/inspections/{inspection}/verdict", {"verdict": "cleared", "pass_reason": REASON,
                                                            "no_photo_reason": "Xe rỗng, chỉ kiểm giấy tờ"}
                     ).status_code == 302
    assert db.execute("SELECT COUNT(*) FROM approvals WHERE inspection = ?", [inspection]).fetchone()[0] == 1


def test_the_band_shows_the_proposed_level_beside_the_vnaccs_channel_entered_by_the_officer(db, auth, client):
    inspection = checked(db, "red")
    auth.login()
    band = client.get(f"/inspections/{inspection}").get_data(as_text=True).split("</section>")[0]
    assert "Mức rủi ro đề xuất" in band and "VNACCS: chưa nhập" in band
    refused = auth.post(f"/inspections/{inspection}/vnaccs", {"vnaccs_channel": "blue"})
    assert refused.status_code == 422 and "phải là xanh, vàng hoặc đỏ" in refused.get_data(as_text=True)
    assert auth.post(f"/inspections/{inspection}/vnaccs", {"vnaccs_channel": "yellow"}).status_code == 302
    band = client.get(f"/inspections/{inspection}").get_data(as_text=True).split("</section>")[0]
    assert re.search(r'<span class="vnaccs yellow">VNACCS: Luồng vàng</span>', band)
    assert re.search(r'<span class="channel red">Luồng đỏ</span>', band)

"""From seizure to disposal in real chromium: a truck seized at the gate and a load seized on a trail each get their
record of violation, tagged goods handed over and confirmed by the receiver on their own account, the leader's
decision, the payment and the goods' fate, then disposal on that decision. Screenshots of every custody page at
800×1280 in Vietnamese and English."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from flask import Flask

from checkpoint import patrols, users
from checkpoint.clock import local_today
from checkpoint.patrols import custody
from checkpoint.store.db import connect
from tests.browser.conftest import LiveServer, sign_in
from tests.conftest import PASSWORD
from tests.test_seizure_gate import gate_seizure

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "test-output" / "custody"
TZ = "Asia/Ho_Chi_Minh"
TODAY = local_today(TZ).strftime("%d/%m/%Y")


@pytest.fixture
def seizures_made(live_app: Flask) -> tuple[str, str]:
    db = connect(live_app.config["DATABASE"])
    try:
        users.create(db, "officer3", "officer", PASSWORD, "HUU_NGHI", full_name="Lò Văn Tâm", rank="Đại úy")
        users.update(db, "officer1", role="officer", gate="HUU_NGHI", full_name="Nguyễn Văn An", rank="Thiếu tá")
        gate_case = gate_seizure(db)
        patrol = patrols.start(db, "HUU_NGHI", ["Hoàng Văn Nam"], author="patrol1", tz=TZ)
        new = patrols.parse_interception({
            "action": "seized", "violation": 1, "lat": 21.9751, "lon": 106.7049, "accuracy": 8,
            "persons": [{"name": "WANG LEI", "id_type": "passport", "id_number": "E12345678", "nationality": "CHN"}],
            "goods": [{"description": "Thuốc lá điếu Jet", "kind": "cigarettes", "quantity": "50", "unit": "cây",
                       "value_vnd": "7500000"}]}, local_today(TZ))
        trail_case = patrols.log_interception(db, patrol, new, author="patrol1", tz=TZ)
    finally:
        db.conn.close()
    return gate_case, trail_case


def shot(page: object, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def goods_photo(tmp: Path) -> str:
    image = np.full((300, 400, 3), 210, np.uint8)
    cv2.putText(image, "SEAL HQ-0042", (10, 150), cv2.FONT_HERSHEY_SIMPLEX, 1, (0, 0, 0), 2)
    path = tmp / "received.jpg"
    path.write_bytes(cv2.imencode(".jpg", image)[1].tobytes())
    return str(path)


def sign_out(page: object) -> None:
    page.click("header form[action$='/logout'] button")  # type: ignore[attr-defined]


def offer(page: object, case_id: str, to_stage: str, receiver: str, quantities: dict[str, str]) -> None:
    page.goto(f"/custody/cases/{case_id}")  # type: ignore[attr-defined]
    page.check(f"#offer-form input[name=to_stage][value={to_stage}]")  # type: ignore[attr-defined]
    page.select_option("#offer-form select[name=receiver]", receiver)  # type: ignore[attr-defined]
    page.fill("#offer-form input[name=place]", "Trạm kiểm soát liên hợp Hữu Nghị")  # type: ignore[attr-defined]
    for tag, quantity in quantities.items():
        page.fill(f"#offer-form input[name=handed-{tag}]", quantity)  # type: ignore[attr-defined]
    page.click("#offer-handover")  # type: ignore[attr-defined]
    page.wait_for_selector(".flash.info")  # type: ignore[attr-defined]


def confirm(page: object, tag: str, counted: str, photo: str, password: str | None = None,
            case_id: str | None = None) -> None:
    """From the receiver's own list, or (on the giver's tablet) from the case's goods."""
    page.goto(f"/custody/cases/{case_id}" if case_id else "/custody/handovers")  # type: ignore[attr-defined]
    page.click(f"tr:has(code:text('{tag}')) a.button")  # type: ignore[attr-defined]
    page.fill("input[name=received]", counted)  # type: ignore[attr-defined]
    page.fill("input[name=seal]", "HQ-0042")  # type: ignore[attr-defined]
    page.set_input_files("input[name=photo]", photo)  # type: ignore[attr-defined]
    if password:
        page.fill("input[name=password]", password)  # type: ignore[attr-defined]
        shot(page, "confirm-vi")
    page.click("#confirm-handover")  # type: ignore[attr-defined]
    page.wait_for_selector(".flash.info")  # type: ignore[attr-defined]


def decide(page: object, case_id: str, kind: str, fields: dict[str, str]) -> None:
    page.goto(f"/cases/{case_id}")  # type: ignore[attr-defined]
    form = f"form[action$='/steps/{kind}']"
    page.click(f"details:has({form}) summary")  # type: ignore[attr-defined]
    for name, value in fields.items():
        if name == "fate":
            page.select_option(f"{form} select[name=fate]", value)  # type: ignore[attr-defined]
        else:
            page.fill(f"{form} input[name={name}]", value)  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.click(f"{form} button[type=submit]")  # type: ignore[attr-defined]
    assert page.locator(".field-error").count() == 0, page.inner_text(".field-error")  # type: ignore[attr-defined]


def stage_of(live_server: LiveServer, tag: str) -> tuple[str, object]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        chain = custody.chain_by_tag(db, tag)
        return chain.stage, chain.held
    finally:
        db.conn.close()


def test_a_gate_seizure_and_a_trail_seizure_go_from_record_to_disposal(page, live_server: LiveServer,
                                                                        seizures_made, tmp_path: Path):
    OUT.mkdir(parents=True, exist_ok=True)
    gate_case, trail_case = seizures_made
    photo = goods_photo(tmp_path)
    page.set_viewport_size({"width": 800, "height": 1280})

    # The gate: the officer enters the seized goods from the case, prints their tags, makes the record.
    sign_in(page, "officer1")
    page.goto(f"/cases/{gate_case}")
    page.click("#case-custody")
    page.click("#enter-goods")
    page.fill("input[name=goods-0-description]", "Sữa bột Aptamil 800 g")
    page.select_option("select[name=goods-0-kind]", "milk")
    page.fill("input[name=goods-0-quantity]", "120")
    page.fill("input[name=goods-0-unit]", "hộp")
    page.fill("input[name=goods-0-use_by]", "20/03/2027")
    shot(page, "goods-vi")
    page.click("#tag-goods")
    page.wait_for_selector(".label .tag-code")
    gate_tag = page.inner_text(".label .tag-code")
    shot(page, "tags-vi")
    page.goto(f"/cases/{gate_case}")
    page.click("#case-record")
    assert page.input_value("input[name=unit]") == "Hải quan cửa khẩu quốc tế Hữu Nghị"
    assert page.input_value("input[name=maker]") == "Thiếu tá Nguyễn Văn An"
    shot(page, "record-vi")
    page.click("#save-record")
    page.wait_for_selector("#record-pdf")
    pdf = page.request.get(page.get_attribute("#record-pdf", "href"))
    assert pdf.ok and pdf.body()[:5] == b"%PDF-"
    (OUT / "gate-record.pdf").write_bytes(pdf.body())

    # Hand-over to the unit's office: the receiver types their own password on this tablet and counts 118.
    offer(page, gate_case, "station", "officer3", {gate_tag: "120"})
    shot(page, "case-custody-vi")
    assert stage_of(live_server, gate_tag) == ("patrol", 120)
    confirm(page, gate_tag, "118", photo, password=PASSWORD, case_id=gate_case)
    assert stage_of(live_server, gate_tag) == ("station", 118)
    sign_out(page)

    # The trail: the patrol makes the interception's record and hands the load to the warehouse, kept by the leader,
    # who confirms signed in as themselves and takes stock.
    sign_in(page, "patrol1")
    page.goto(f"/cases/{trail_case}")
    page.click("#case-record")
    page.click("#save-record")
    page.wait_for_selector("#record-pdf")
    page.goto(f"/custody/cases/{trail_case}")
    trail_tag = page.inner_text("#custody-goods code")
    offer(page, trail_case, "warehouse", "super1", {trail_tag: "50"})
    sign_out(page)

    sign_in(page, "super1")
    page.goto("/custody/handovers")
    shot(page, "handovers-vi")
    confirm(page, trail_tag, "50", photo)
    assert stage_of(live_server, trail_tag) == ("warehouse", 50)
    page.goto("/custody/warehouse")
    page.fill(f"input[name=counted-{trail_tag}]", "48")
    shot(page, "warehouse-vi")
    page.click("#record-stocktake")
    page.wait_for_selector(".flash.error")
    page.goto("/custody/discrepancies")
    assert gate_tag in page.inner_text("#flagged") and trail_tag in page.inner_text("#flagged")
    shot(page, "discrepancies-vi")
    # The leader records what the deciding bodies decided, for both cases, then sends the goods to disposal.
    for case_id in (gate_case, trail_case):
        decide(page, case_id, "sanctioned", {"number": f"1{case_id[:2]}/QĐ-XPHC", "date": TODAY,
                                             "signer": "Trung tá Hà Văn Bình, Đội trưởng",
                                             "provision": "NĐ 128/2020/NĐ-CP, Điều 12", "fine_vnd": "20.000.000"})
        decide(page, case_id, "paid", {"number": f"BL-{case_id[:4]}", "date": TODAY,
                                       "amount_vnd": "20.000.000"})
        decide(page, case_id, "goods_fate", {"number": f"2{case_id[:2]}/QĐ-TTTV",
                                             "date": TODAY, "fate": "destroyed"})
    offer(page, gate_case, "disposal", "officer1", {gate_tag: "118"})
    offer(page, trail_case, "disposal", "patrol1", {trail_tag: "48"})
    sign_out(page)
    sign_in(page, "officer1")
    confirm(page, gate_tag, "118", photo)
    sign_out(page)
    sign_in(page, "patrol1")
    confirm(page, trail_tag, "48", photo)
    assert stage_of(live_server, gate_tag) == ("disposal", 118)
    assert stage_of(live_server, trail_tag) == ("disposal", 48)
    page.goto(f"/custody/evidence/{trail_tag}")
    shot(page, "evidence-vi")
    sign_out(page)

    # The pages in English too, as the leader sees them.
    sign_in(page, "super1")
    page.goto(f"/custody/evidence/{gate_tag}")
    shot(page, "evidence-gate-vi")
    page.click("form.lang button")
    for name, url in (("evidence-gate-en", f"/custody/evidence/{gate_tag}"),
                      ("case-custody-en", f"/custody/cases/{gate_case}"), ("goods-en", f"/custody/cases/{gate_case}/goods"),
                      ("record-en", f"/custody/cases/{gate_case}/record"), ("tags-en", f"/custody/cases/{gate_case}/tags"),
                      ("discrepancies-en", "/custody/discrepancies"), ("warehouse-en", "/custody/warehouse"),
                      ("handovers-en", "/custody/handovers"), ("case-en", f"/cases/{gate_case}"),
                      ("trail-record-en", f"/patrols/interceptions/{trail_case}/record")):
        page.goto(url)
        shot(page, name)

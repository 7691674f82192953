"""Headquarters' console in chromium: three real tablets sync to a real hub; a provincial secretary reads the month's
report and exports it, and its totals equal the cases the tablets recorded; a unit leader sees only their units.
Every console page is photographed in both languages at 800×1280 and 1280×800 (test-output/hub/)."""
from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from checkpoint import decisions, sync
from checkpoint.clock import local_today
from checkpoint.hub import accounts
from tests.hub import conftest as hub_conftest
from tests.hub.conftest import account, interception, seized_case
from tests.ledger.conftest import PG_URL, Device, HubServer, make_device, pg_database  # noqa: F401 - fixtures

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "hub"
SIZES = {"portrait": (800, 1280), "landscape": (1280, 800)}
PASSWORD_OF = "{0}{0}-pw"  # tests.hub.conftest.account's


@pytest.fixture
def hub(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[HubServer]:
    url = request.getfixturevalue("pg_database") if PG_URL else str(tmp_path / "hub.db")
    server = HubServer(url, tmp_path / "hub_key", password_hash_cost="test")
    yield server
    server.stop()


def document_photo(text: str) -> bytes:
    """A real JPEG a reader can tell from another: a pale page with a line of text."""
    image = Image.new("RGB", (640, 420), (246, 243, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 620, 400), outline=(40, 40, 40), width=3)
    draw.text((40, 40), text, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def co(reference: str) -> dict[str, Any]:
    return {"doc_type": "co", "fields": {"reference_number": {"value": reference, "confidence": 0.93}}}


def tablets_work(make_device: Any) -> tuple[list[Device], dict[str, Any]]:  # noqa: F811 - the fixture, passed on
    """Three tablets at three gates: seizures of each category, one prosecuted, a patrol's unclassified seizure, a
    photographed certificate shown at two gates. Returns the tablets and what the test counts independently."""
    huu_nghi, tan_thanh, chi_ma = make_device("huu-nghi"), make_device("tan-thanh"), make_device("chi-ma")
    made: dict[str, Any] = {"cases": 0, "fines": 0, "huu_nghi": []}
    first = seized_case(huu_nghi, gate="HUU_NGHI", goods="Sữa bột trẻ em Aptamil 800 g", fine=12_000_000,
                        plate="12C-456.78",
                        photos=((document_photo("FORM E  No. E264501001234"), co("E264501001234")),))
    made["huu_nghi"].append(first)
    made["huu_nghi"].append(seized_case(huu_nghi, gate="HUU_NGHI", subtype="origin_fraud", goods="Thép cuộn",
                                        fine=30_000_000, criminal=True, defendants=2))
    seized_case(tan_thanh, gate="TAN_THANH", subtype="counterfeit_goods", goods="Mỹ phẩm giả nhãn hiệu",
                fine=8_000_000)
    seized_case(tan_thanh, gate="TAN_THANH", subtype="undervaluation", goods="Linh kiện điện tử", fine=5_000_000,
                photos=((document_photo("FORM E  No. E264501001234 (again)"), co("E264501001234")),))
    seized_case(chi_ma, gate="CHI_MA", subtype="prohibited_goods", goods="Pháo hoa", fine=20_000_000)
    interception(chi_ma, gate="CHI_MA", violation="")
    # What was decided counts, not the fines typed with the verdicts: one sanction, one prosecution; four wait.
    today = local_today(hub_conftest.TZ)
    for kind, form in (("sanctioned", {"signer": "Nguyễn Văn An", "provision": "NĐ 128/2020", "fine_vnd": "15000000"}),
                       ("referred", {"body": "police_investigation"})):
        target = first if kind == "sanctioned" else made["huu_nghi"][1]
        step = decisions.parse(kind, {"number": f"{kind}-1", "date": today.strftime("%d/%m/%Y"), **form}, None)
        decisions.record(huu_nghi.db, target, step, author="leader", today=today)
    step = decisions.parse("prosecuted", {"number": "KT-1", "date": today.strftime("%d/%m/%Y"), "body": "CQĐT",
                                          "defendants": "2"}, None)
    decisions.record(huu_nghi.db, made["huu_nghi"][1], step, author="leader", today=today)
    made |= {"cases": 6, "fines": 15_000_000, "awaiting": 4}
    return [huu_nghi, tan_thanh, chi_ma], made


def sign_in(page: Any, username: str) -> None:
    page.goto("/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD_OF.format(username))
    page.click("button.primary")
    page.wait_for_url("**/console/")


def photograph(browser: Any, base_url: str, username: str, paths: dict[str, str]) -> None:
    """Each page at both sizes, Vietnamese then English, full length."""
    for lang in ("vi", "en"):
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height}, base_url=base_url)
            page = context.new_page()
            page.goto("/console/login")
            if lang == "en":
                page.click("header form:last-of-type button")
            page.screenshot(path=str(SHOTS / f"login-{lang}-{size}.png"), full_page=True)
            sign_in(page, username)
            for name, path in paths.items():
                page.goto(path)
                page.screenshot(path=str(SHOTS / f"{name}-{lang}-{size}.png"), full_page=True)
            context.close()


def test_a_secretary_exports_the_month_and_a_leader_sees_only_their_units(make_device, hub, browser):  # noqa: F811
    tablets, made = tablets_work(make_device)
    for tablet in tablets:
        sync.run(tablet.db, hub.url, tablet.evidence_dir, hub_public_key=hub.public_key)
    account(hub, "secretary", "secretariat", accounts.EVERY_UNIT)
    account(hub, "leader", "unit_leader", "HQ_HUU_NGHI")
    account(hub, "admin1", "admin", accounts.EVERY_UNIT)

    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=hub.url, accept_downloads=True)
    page = context.new_page()
    sign_in(page, "secretary")
    assert page.inner_text("#total-cases") == str(made["cases"])
    page.click("nav.console-nav >> text=Báo cáo 389")
    assert "chưa phân loại: 1" in page.inner_text("#incomplete")  # the patrol's unclassified seizure
    with page.expect_download() as download:
        page.click("#export-csv")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
    rows = list(csv.reader(io.StringIO(exported)))
    total = next(r for r in rows if len(r) > 4 and r[1] == "Tổng cộng")
    assert (int(total[3]), int(total[4]), int(total[9])) == (made["cases"], made["fines"], made["awaiting"])
    assert f"Các vụ việc chưa có quyết định xử lý / Cases awaiting a decision: {made['awaiting']}" in exported
    assert total[3] == str(independent_count(tablets))
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=hub.url)
    page = context.new_page()
    sign_in(page, "leader")
    listed = page.goto("/console/cases")
    assert listed is not None and listed.ok
    shown = page.inner_text("table.cases tbody")
    assert "Sữa bột trẻ em Aptamil" in shown and "Thép cuộn" in shown
    assert "Mỹ phẩm" not in shown and "Pháo hoa" not in shown
    page.goto("/console/")
    assert page.inner_text("#total-cases") == "2"
    assert page.goto("/console/report?unit=HQ_CHI_MA").status == 403
    context.close()

    if os.environ.get("CHECKPOINT_HUB_SHOTS", "1") != "0":
        SHOTS.mkdir(parents=True, exist_ok=True)
        first = made["huu_nghi"][0]
        stopped = hub.store.execute("SELECT device_id, id FROM hub_cases WHERE source = 'interception'").fetchone()
        photograph(browser, hub.url, "admin1", {
            "figures": "/console/", "report": "/console/report", "cases": "/console/cases?q=12c",
            "case": f"/console/cases/{tablets[0].id}/{first}", "interception": f"/console/cases/{stopped[0]}/{stopped[1]}",
            "devices": "/console/devices", "device": f"/console/devices/{tablets[0].id}", "co-reuse": "/console/co-reuse", "watchlists": "/console/watchlists"})


def independent_count(tablets: list[Device]) -> int:
    """The month's cases as each tablet's own database holds them: its inspections closed with a case or as a
    seizure or referral, and its patrols' seizures or referrals (classified or not), added up, with no code of the
    hub's."""
    total = 0
    for tablet in tablets:
        total += tablet.db.execute("SELECT COUNT(*) FROM inspections WHERE verdict IN ('seized', 'referred')"
                                   " OR uuid IN (SELECT inspection FROM cases)").fetchone()[0]
        total += tablet.db.execute("SELECT COUNT(*) FROM interceptions WHERE violation IS NOT NULL"
                                   " OR action IN ('seized', 'abandoned', 'referred')").fetchone()[0]
    return total

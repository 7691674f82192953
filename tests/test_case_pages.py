"""The case file's pages: a leader records the steps after the record with their papers' photos; a wrong step
comes back beside its field with the input kept; officers of another gate see nothing."""
from __future__ import annotations

import io
import json
import re
from datetime import date

import cv2
import numpy as np

from checkpoint import cases, inspections
from checkpoint.clock import local_today
from tests.test_reports import close

TZ = "Asia/Ho_Chi_Minh"


def a_case(db, gate: str = "HUU_NGHI") -> str:
    inspection = inspections.start(db, inspections.NewInspection(gate=gate, direction="import", plates=("12C-123.45",)),
                                   author="officer1", tz=TZ, on=date(2026, 3, 2))
    case = cases.parse({"subtype": "counterfeit_goods", "focus_group": "milk", "goods": "Sữa bột giả Aptamil",
                        "goods_value_vnd": "150000000", "confiscated": "1"})
    close(db, inspection, "seized", case, author="officer1")
    return inspection


def paper_photo() -> tuple[io.BytesIO, str]:
    image = np.full((400, 300, 3), 255, np.uint8)
    cv2.putText(image, "QD 12/QD-XPHC", (10, 200), cv2.FONT_HERSHEY_SIMPLEX, 1, (0, 0, 0), 2)
    return io.BytesIO(cv2.imencode(".jpg", image)[1].tobytes()), "decision.jpg"


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_a_leader_records_a_decision_with_its_paper_and_the_case_shows_it(app, db, auth):
    case_id = a_case(db)
    auth.login("super1")
    answer = auth.post(f"/cases/{case_id}/steps/sanctioned", {
        "number": "12/QĐ-XPHC", "date": "05/03/2026", "signer": "Trung tá Nguyễn Văn An, Đội trưởng",
        "provision": "NĐ 98/2020/NĐ-CP, Điều 11", "fine_vnd": "40.000.000", "confiscated": "1",
        "photo": paper_photo()}, content_type="multipart/form-data")
    assert answer.status_code == 303
    page = auth.client.get(f"/cases/{case_id}").get_data(as_text=True)
    shown = text_of(page)
    assert "12/QĐ-XPHC" in shown and "05/03/2026" in shown and "40.000.000 ₫" in shown
    paper = re.search(rf'href="(/cases/{case_id}/papers/[0-9a-f]{{64}})"', page)
    assert paper, "the signed paper's photo is linked"
    assert auth.client.get(paper.group(1)).data[:2] == b"\xff\xd8"


def test_a_payment_before_any_decision_comes_back_beside_its_field_with_the_input_kept(app, db, auth):
    case_id = a_case(db)
    auth.login("super1")
    before = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    answer = auth.post(f"/cases/{case_id}/steps/paid", {"number": "BL-0099", "date": "06/03/2026",
                                                        "amount_vnd": "40000000"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert 'value="BL-0099"' in page and 'value="40000000"' in page
    assert "chỉ nộp phạt sau khi có quyết định xử phạt" in text_of(page)  # Vietnamese first
    auth.post("/lang/en", {"next": "/"})
    page = auth.post(f"/cases/{case_id}/steps/paid", {"number": "BL-0099", "date": "06/03/2026",
                                                      "amount_vnd": "1000"}).get_data(as_text=True)
    assert "a payment follows a sanction decision" in text_of(page)
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before


def test_an_officer_follows_the_case_but_cannot_record_a_decision(app, db, auth):
    case_id = a_case(db)
    auth.login("officer1")
    assert auth.client.get(f"/cases/{case_id}").status_code == 200
    assert auth.post(f"/cases/{case_id}/steps/referred", {"number": "1", "date": "05/03/2026",
                                                           "body": "police_investigation"}).status_code == 403


def test_another_gates_officer_sees_neither_the_case_nor_it_in_the_list(app, db, auth):
    case_id = a_case(db)
    auth.login("officer2")
    assert auth.client.get(f"/cases/{case_id}").status_code == 403
    assert case_id not in auth.client.get("/cases").get_data(as_text=True)


def test_the_overdue_list_shows_a_case_without_decision_in_vietnamese(app, db, auth):
    case_id = a_case(db)
    auth.login("super1")
    auth.post("/lang/vi", {"next": "/cases"})
    page = auth.client.get("/cases?overdue=1").get_data(as_text=True)
    assert case_id in page
    days = (local_today(TZ) - date(2026, 3, 9)).days
    assert f"trễ {days} ngày" in text_of(page)


def test_every_case_row_says_whether_it_reached_headquarters(app, db, auth):
    a_case(db)
    auth.login("super1")
    auth.post("/lang/en", {"next": "/"})
    page = auth.client.get("/cases").get_data(as_text=True)
    assert 'class="sync waiting"' in page and "waiting to send" in text_of(page)


def test_the_case_list_asks_once_for_every_row_s_sent_mark(app, db, auth, monkeypatch):
    from checkpoint import sync
    from checkpoint.web import cases as case_pages

    made = {a_case(db) for _ in range(4)}
    asked: list[list[str]] = []
    real = sync.sent

    def counted(db, subjects):
        asked.append(list(subjects))
        return real(db, subjects)
    monkeypatch.setattr(case_pages.sync, "sent", counted)
    auth.login("super1")
    page = auth.client.get("/cases").get_data(as_text=True)
    assert len(asked) == 1 and set(asked[0]) == made
    assert page.count('class="sync waiting"') == 4


def an_unclassified_seizure(db) -> str:
    """A patrol's seizure recorded with no violation category."""
    from checkpoint import patrols
    from tests.patrols.conftest import CARRIER, MILK

    patrol = patrols.start(db, "HUU_NGHI", ["Lò Văn Tú"], author="patrol1", tz=TZ)
    new = patrols.parse_interception({"action": "seized", "persons": [CARRIER], "goods": [MILK]}, local_today(TZ))
    return patrols.log_interception(db, patrol, new, author="patrol1", tz=TZ)


def test_a_leader_classifies_an_unclassified_case_and_the_report_counts_it_there(app, db, auth):
    from checkpoint.reports import periods, report389

    case_id = an_unclassified_seizure(db)
    month = periods.period("month", local_today(TZ))

    def counted() -> tuple[int, int]:
        report = report389.build(report389.tablet_count(db), "BP_HUU_NGHI", month)
        return report.unclassified(), sum(line.columns["period"].cases for line in report.lines()
                                          if line.category == 1 and not line.total)
    assert counted() == (1, 0)
    auth.login("super1")
    auth.post("/lang/en", {"next": "/"})
    assert "not yet classified" in text_of(auth.client.get("/cases").get_data(as_text=True))
    page = text_of(auth.client.get(f"/cases/{case_id}").get_data(as_text=True))
    assert "counts it on the line “Not yet classified”" in page
    assert "Trading goods across the border unlawfully" in page and "Legal basis: Luật Hải quan 2014" in page
    # The questions propose; nothing is recorded until the leader saves.
    answers = {key: "unknown" for key in cases.QUESTIONS} | {"crossed_outside_gate": "yes"}
    proposed = auth.post(f"/cases/{case_id}/classify", {**answers, "propose": "1"})
    assert proposed.status_code == 200 and "Proposed: Smuggling" in text_of(proposed.get_data(as_text=True))
    assert 'value="smuggling" required checked' in proposed.get_data(as_text=True)
    assert counted() == (1, 0)
    saved = auth.post(f"/cases/{case_id}/classify", {**answers, "subtype": "smuggling", "note": "qua đường mòn"})
    assert saved.status_code == 303
    event = db.execute("SELECT type, author, payload FROM events WHERE subject = ? ORDER BY seq DESC LIMIT 1",
                       [case_id]).fetchone()
    assert event[0] == "case.classified" and event[1] == "super1"
    assert json.loads(event[2])["answers"]["crossed_outside_gate"] == "yes"
    assert counted() == (0, 1)
    page = text_of(auth.client.get(f"/cases/{case_id}").get_data(as_text=True))
    assert "Case file: Smuggling" in page and "classified by super1" in page


def test_classifying_is_for_leaders_and_not_over_the_officer_s_own_classification(app, db, auth):
    unclassified, classified = an_unclassified_seizure(db), a_case(db)
    auth.login("officer1")
    assert auth.post(f"/cases/{unclassified}/classify", {"subtype": "smuggling"}).status_code == 403
    auth.login("super1")
    refused = auth.post(f"/cases/{classified}/classify", {"subtype": "smuggling"})
    assert refused.status_code == 422
    missing = auth.post(f"/cases/{unclassified}/classify", {"subtype": ""})
    assert missing.status_code == 422 and 'class="field-error"' in missing.get_data(as_text=True)
    assert not db.execute("SELECT COUNT(*) FROM case_classes").fetchone()[0]

"""One inspect-and-log for every way in: the same photos give the same findings and channel from the web, the
API and the command line; an upload is logged whole or not at all; nothing lands between its photos."""
from __future__ import annotations

import io
import json
import re
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ocr
from checkpoint import capture, inspections, ledger, pipeline, values
from checkpoint.capture import Busy
from checkpoint.errors import InspectionClosed, InvalidInput
from checkpoint.jobs import Jobs
from checkpoint.store.db import connect
from tests import images
from tests.conftest import run
from tests.test_inspection_flow import INVOICE_LINES, event_count, reader_busy, start_inspection, upload

LABEL = images.png(images.barcode("8934588012228", "EAN13"))
INVOICE = images.png(images.document(INVOICE_LINES))
PLATES = ("12C-123.45", "桂F88888")


def headers_of(*photos: tuple[bytes, str]) -> list[capture.Header]:
    return [capture.check(name, data, max_bytes=10**7, max_pixels=10**8) for data, name in photos]


def facts(findings: list[dict]) -> list[tuple]:
    """Findings as compared across ways in: rule, severity, evidence (the message follows from them)."""
    return [(f["rule"], f["severity"], json.dumps(f["evidence"], sort_keys=True, ensure_ascii=False))
            for f in findings]


def test_the_same_photos_through_the_web_the_api_and_the_cli_give_the_same_findings_and_channel(
        app, client, auth, capsys, tmp_path, monkeypatch):
    # No random selection here (its seeding is tested below): the channel is then the findings' own.
    app.config.update(RISK_RANDOM_YELLOW=0.0, RISK_RANDOM_RED=0.0)
    monkeypatch.setenv("CHECKPOINT_RISK_RANDOM_YELLOW", "0")
    monkeypatch.setenv("CHECKPOINT_RISK_RANDOM_RED", "0")
    auth.login()
    inspection_id = start_inspection(auth)
    assert upload(auth, inspection_id, [(LABEL, "label.png"), (INVOICE, "invoice.png")]).status_code == 302
    web = client.get(f"/api/v1/inspections/{inspection_id}").get_json()
    assert {f["rule"] for f in web["findings"]} >= {"FOCUS_GOODS"}
    assert web["risk"]["channel"] in ("yellow", "red")

    scanned = client.post("/api/v1/scan", headers={"X-CSRFToken": auth.token()}, content_type="multipart/form-data",
                          data={"images": [(io.BytesIO(LABEL), "label.png")]}).get_json()
    assert scanned[0]["codes"] == [c for c in web["codes"] if c["image"] == "label.png"]

    for name, data in (("label.png", LABEL), ("invoice.png", INVOICE)):
        (tmp_path / name).write_bytes(data)
    monkeypatch.setenv("CHECKPOINT_EVIDENCE_DIR", str(tmp_path / "cli-evidence"))
    common = [str(tmp_path / "label.png"), str(tmp_path / "invoice.png"), "--db", app.config["DATABASE"], "--json",
              "--date", web["local_date"], "--container", "CSQU3054383", "--goods", "Sữa bột trẻ em 900g",
              *(a for plate in PLATES for a in ("--plate", plate))]
    code, out, _ = run(capsys, "inspect", *common)
    assert code == 0
    preview = json.loads(out)
    code, out, _ = run(capsys, "inspect", *common, "--save", "--gate", "HUU_NGHI", "--officer", "officer1")
    assert code == 0
    saved = json.loads(out)
    logged = client.get(f"/api/v1/inspections/{saved['inspection']}").get_json()

    for other in (preview, saved, logged):
        assert [(d["doc_type"], d["fields"]) for d in other["documents"]] == \
            [(d["doc_type"], d["fields"]) for d in web["documents"]]
        assert [c["text"] for c in other["codes"]] == [c["text"] for c in web["codes"]]
        assert facts(other["findings"]) == facts(web["findings"])
        assert (other["risk"]["channel"], other["risk"]["score"]) == (web["risk"]["channel"], web["risk"]["score"])


CONFIG = {"CHECK_TOLERANCE": 0.03, "RISK_RANDOM_YELLOW": 0.5, "RISK_RANDOM_RED": 0.1, "EVIDENCE_DIR": ""}


def bare_record(uuid: str) -> dict:
    return {"uuid": uuid, "local_date": "2026-03-05", "plates": [], "container": "", "declared_origin": "",
            "declared_goods": "", "direction": "import", "photos": []}


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_the_random_draw_is_the_inspections_own(uuid):
    first = pipeline.check(bare_record(uuid), CONFIG, None).risk
    assert pipeline.check(bare_record(uuid), CONFIG, None).risk == first


def test_the_draw_selects_some_inspections_and_not_others():
    """Half the clean inspections drawn for yellow: the seed decides, so both outcomes occur."""
    channels = {pipeline.check(bare_record(f"inspection-{n}"), CONFIG, None).risk.channel for n in range(40)}
    assert channels == {"green", "yellow", "red"}


def test_what_the_cli_logs_is_what_checking_the_inspection_again_gives(cli_db, capsys, tmp_path, monkeypatch):
    """Before, `inspect --save` drew unseeded: half the time a re-check (a correction, another photo) changed
    the channel of an inspection nobody had touched."""
    monkeypatch.setenv("CHECKPOINT_RISK_RANDOM_YELLOW", "0.5")
    label = tmp_path / "label.png"
    label.write_bytes(images.png(images.barcode("8936036020021", "EAN13")))  # on no list: green unless drawn
    db = connect(cli_db)
    config = {**CONFIG, "RISK_RANDOM_RED": 0.01}
    logged = []
    for n in range(12):
        code, out, _ = run(capsys, "inspect", str(label), "--db", str(cli_db), "--json", "--save", "--gate",
                           "CHI_MA", "--plate", f"12C-{n:03d}.45", "--date", "2026-03-05", "--officer", "lan")
        assert code == 0
        result = json.loads(out)
        logged.append(result["risk"]["channel"])
        again = pipeline.check(inspections.get(db, result["inspection"]), config, db).risk.channel
        assert again == result["risk"]["channel"]
    assert set(logged) >= {"green", "yellow"}
    db.conn.close()


def test_an_upload_that_fails_on_its_second_photo_logs_nothing(app, auth, db):
    """The invoice's reading is over the event limit (MAX_EVENT_KB), the label's is not: before, the label
    stayed logged and unchecked."""
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    limit, ledger.MAX_EVENT_BYTES[0] = ledger.MAX_EVENT_BYTES[0], 640  # the label takes ~480 B, the invoice ~870 B
    try:
        response = upload(auth, inspection_id, [(LABEL, "label.png"), (INVOICE, "invoice.png")])
    finally:
        ledger.MAX_EVENT_BYTES[0] = limit
    assert response.status_code == 413
    assert "Bản ghi này quá lớn để lưu" in response.get_data(as_text=True)
    assert event_count(db) == before
    assert db.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == 0
    assert not any(Path(app.config["EVIDENCE_DIR"]).rglob("*"))


def test_a_verdict_posted_while_an_upload_is_logged_waits_for_it(app, auth, db, monkeypatch):
    auth.login()
    inspection_id = start_inspection(auth)
    results = pipeline.read(headers_of((LABEL, "label.png"), (images.png(images.barcode("CSQU3054383", "Code128")),
                                                                "container.png")), "goods")
    verdicts: list[threading.Thread] = []
    add_photo = inspections.add_photo

    def add_photo_then_a_verdict_arrives(*args, **kwargs):
        event = add_photo(*args, **kwargs)
        if not verdicts:  # after the first photo, another officer closes the inspection
            def close() -> None:
                other = connect(app.config["DATABASE"])
                inspections.record_verdict(other, inspection_id, "held", "", author="officer1")
                other.conn.close()
            verdicts.append(threading.Thread(target=close))
            verdicts[0].start()
            verdicts[0].join(1.0)
            assert verdicts[0].is_alive(), "the verdict did not wait for the upload"
        return event

    monkeypatch.setattr(inspections, "add_photo", add_photo_then_a_verdict_arrives)
    pipeline.log(db, inspection_id, results, config=app.config, author="officer1")
    verdicts[0].join(30)
    assert [e.type for e in ledger.events(db, inspection_id)] == [
        "inspection.started", "inspection.photo_added", "inspection.photo_added", "inspection.checked",
        "inspection.verdict"]


def test_an_upload_read_while_a_verdict_closed_the_inspection_is_refused_whole(app, auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    results = pipeline.read(headers_of((LABEL, "label.png")), "goods")
    inspections.record_verdict(db, inspection_id, "cleared", "", author="officer1",
                               no_photo_reason="Xe rỗng, không có hàng để chụp")
    before = event_count(db)
    with pytest.raises(InspectionClosed):
        pipeline.log(db, inspection_id, results, config=app.config, author="officer1")
    assert event_count(db) == before


def test_a_form_posted_while_the_reader_is_busy_is_told_to_retry_in_the_officers_language(app, client, auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    with client.session_transaction() as session:
        session["lang"] = "en"
    before = event_count(db)
    with reader_busy(app):
        response = upload(auth, inspection_id, [(LABEL, "label.png")], kind="goods")
        scan = client.post("/api/v1/scan", headers={"X-CSRFToken": auth.token()}, content_type="multipart/form-data",
                           data={"images": [(io.BytesIO(LABEL), "label.png")]})
    for refused in (response, scan):
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "60"
        assert "The tablet is busy reading other photos. Try again in a minute." in refused.get_data(as_text=True)
    assert event_count(db) == before
    assert upload(auth, inspection_id, [(LABEL, "label.png")], kind="goods").status_code == 302


def test_a_call_runs_on_the_worker_and_returns_or_raises_what_the_work_does():
    jobs = Jobs(max_queued=4)
    assert jobs.call("officer1", lambda: threading.current_thread().name).startswith("checkpoint-job")
    with pytest.raises(InspectionClosed):
        jobs.call("officer1", _closed)
    release = threading.Event()
    ran: list[int] = []
    busy = jobs.submit("officer2", lambda: release.wait(10))
    with pytest.raises(Busy):
        jobs.call("officer1", lambda: ran.append(1))
    release.set()
    assert busy.finished.wait(10)
    assert ran == []


def _closed() -> None:
    raise InspectionClosed()


# An officer's correction of a field, typed as the OCR typed it (pipeline.typed_value over values.py).

@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_a_corrected_date_typed_either_way_is_stored_as_iso(day, iso):
    text = day.isoformat() if iso else values.format_date(day)
    assert pipeline.typed_value("invoice_date", text, "2025-03-05") == day.isoformat()


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.sampled_from(["vi", "en"]), st.sampled_from([1, 1.5]))
def test_a_corrected_amount_typed_either_way_is_its_number_or_asked_when_ambiguous(amount, lang, like):
    text = values.format_number(amount, lang)
    try:
        typed = pipeline.typed_value("total_amount", text, like)
    except InvalidInput:
        assert re.fullmatch(r"[1-9][0-9]{0,2}[.,][0-9]{3}", text), text  # '1,250': 1.25 or 1250?
    else:
        assert Decimal(str(typed)) == amount
        assert type(typed) is (int if amount == amount.to_integral_value() else float)


@given(st.text(max_size=600), st.sampled_from(["invoice_date", "total_amount", "hs_codes", "seller"]))
def test_any_text_is_a_value_or_a_clear_refusal(text, field):
    like = {"invoice_date": "2025-03-05", "total_amount": 12500, "hs_codes": ["08109040"], "seller": "A"}[field]
    try:
        pipeline.typed_value(field, text, like)
    except InvalidInput as refused:
        assert refused.params["field"] == field


def test_an_ambiguous_amount_is_asked_never_guessed():
    with pytest.raises(InvalidInput) as asked:
        pipeline.typed_value("total_amount", "1,250", 12500)
    assert "1,250" in str(asked.value)
    assert pipeline.typed_value("total_amount", "1.250,00", 12500) == 1250
    assert pipeline.typed_value("total_amount", "1,250.5", 12500) == 1250.5


def test_a_stored_paper_gives_the_checks_its_lines_and_their_boxes():
    """The checks crop a screened line of a paper's text by the box the reader gave it: stored and read back."""
    read = ocr.Document("invoice", ("vie",), {"invoice_number": ocr.Field("INV-1", 0.99, (1, 2, 3, 4), sure=True)},
                        "CÔNG TY TNHH A\nINV-1", 0.5,
                        lines=(ocr.Line("CÔNG TY TNHH A", (10, 20, 300, 24), 0.91), ocr.Line("INV-1", (1, 2, 3, 4), 0.99)))
    stored = json.loads(json.dumps(read.as_dict("a.png")))
    assert pipeline._document(stored) == read
    del stored["lines"]  # a paper stored before lines had boxes
    assert pipeline._document(stored).lines == ()

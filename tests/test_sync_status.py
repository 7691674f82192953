"""What has not reached headquarters (sync.status), against a real hub on loopback; and sync's recorded errors
read back into plain words in either language."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint import i18n, ledger, sync
from checkpoint.sync import status
from tests.ledger.conftest import Device, HubServer


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubServer]:
    server = HubServer(str(tmp_path / "hub.db"), tmp_path / "hub_key")
    yield server
    server.stop()


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Device]:
    tablet = Device(tmp_path / "tablet")
    yield tablet
    tablet.close()


def test_nothing_waits_on_a_new_tablet(device):
    assert status.waiting(device.db) == status.Waiting(0, 0, 0, None, None, None, None, None)
    assert status.badge(device.db) == status.Badge(0, None)


def test_what_waits_is_counted_until_the_hub_signs_for_it(device, hub):
    inspection = device.inspection()
    device.photo(inspection, b"first photo")
    device.photo(inspection, b"second photo")
    ledger.record(device.db, "patrol.note", {"text": "no photo"}, author="patrol1")
    before = status.waiting(device.db)
    assert (before.events, before.photos, before.acknowledged_seq, before.receipt_utc) == (4, 2, 0, None)
    assert status.badge(device.db) == status.Badge(4, None)
    assert status.sent(device.db, [inspection]) == {inspection: False}

    sync.run(device.db, hub.url, device.evidence_dir, hub_public_key=hub.public_key, attempts=1)
    after = status.waiting(device.db)
    assert (after.events, after.photos, after.acknowledged_seq, after.hub_url, after.last_error) == \
        (0, 0, 4, hub.url, None)
    assert after.last_success_utc and after.receipt_utc
    assert status.badge(device.db) == status.Badge(0, after.last_success_utc)
    assert status.sent(device.db, [inspection, "never-logged"]) == {inspection: True, "never-logged": True}

    ledger.record(device.db, "inspection.verdict", {"verdict": "cleared", "note": ""}, author="officer1",
                  subject=inspection)
    assert status.sent(device.db, [inspection]) == {inspection: False}  # its newest event is not sent yet
    assert status.waiting(device.db).events == status.badge(device.db).events == 1


def test_an_unreachable_hub_is_recorded_and_said_plainly(device):
    device.inspection()
    with pytest.raises(sync.SyncFailed):
        sync.run(device.db, "http://127.0.0.1:9", device.evidence_dir, hub_public_key="A" * 43 + "=", attempts=1)
    state = status.waiting(device.db)
    assert state.events == 1 and state.last_success_utc is None and state.last_attempt_utc
    problem = status.problem(state.last_error)
    assert problem is not None and problem.detail == state.last_error
    assert i18n.translate(problem.message.msgid, "vi", problem.message.params).startswith(
        "Không liên lạc được với trung tâm: ở đây không có mạng")
    assert str(problem.message).startswith("Headquarters could not be reached: no network here")


def test_a_hub_with_another_key_is_said_in_the_readers_language(device, hub):
    other = HubServer(str(device.path.parent / "other.db"), device.path.parent / "other_key")
    try:
        with pytest.raises(sync.HubKeyChanged):
            sync.run(device.db, other.url, device.evidence_dir, hub_public_key=hub.public_key, attempts=1)
    finally:
        other.stop()
    problem = status.problem(status.waiting(device.db).last_error)
    assert problem is not None
    assert i18n.translate(problem.message.msgid, "vi", problem.message.params) == \
        "Khóa của trung tâm khác với khóa máy tính bảng này đã biết; hãy hỏi trung tâm trước khi đồng bộ lại."


@pytest.mark.parametrize(("recorded", "vi"), [
    ("The hub is missing events before #12.", "Máy chủ trung tâm còn thiếu các sự kiện trước #12."),
    ("The hub refused the upload: device not registered",
     "Máy chủ trung tâm từ chối dữ liệu tải lên: device not registered"),
    ("The hub did not acknowledge the upload: the answer (HTTP 502) is not the hub's.", None),
    ("OperationalError: database is locked",
     "Lần thử gần nhất không thành công vì một lý do máy này không nhận ra; chi tiết kỹ thuật ở dưới."),
])
def test_recorded_errors_are_read_back_into_their_message(recorded, vi):
    problem = status.problem(recorded)
    assert problem is not None
    said = i18n.translate(problem.message.msgid, "vi", problem.message.params)
    assert said == vi if vi else (said != recorded and "502" in said)


def test_no_error_is_no_problem():
    assert status.problem(None) is None and status.problem("") is None


def test_every_plain_wording_stands_for_a_message_sync_makes():
    client = (Path(sync.__file__).parent / "client.py").read_text(encoding="utf-8")
    for msgid in status.PLAIN:
        assert re.sub(r"\s+", " ", msgid[:60]) in re.sub(r'"\s+"', "", client)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_recorded_text_reads_back_without_raising(text):
    problem = status.problem(text)
    if text:
        assert problem is not None and problem.detail == text
        for lang in i18n.LANGUAGES:
            assert i18n.translate(problem.message.msgid, lang, problem.message.params)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 9))
def test_a_numbered_message_reads_back_with_its_number(seq):
    problem = status.problem(f"The hub acknowledged event #{seq} with a hash this tablet does not hold.")
    assert problem is not None and problem.message.params == {"seq": seq}

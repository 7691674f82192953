"""The chain of custody: every hand-over recorded, every gap flagged, no way back along the chain."""
from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest
import zxingcpp

from checkpoint import i18n, patrols
from checkpoint.errors import CheckpointError
from checkpoint.patrols import custody
from tests.patrols.conftest import CARRIER, CIGARETTES, MILK, event_types


def seize(db) -> tuple[str, list[str]]:
    patrol_id = patrols.start(db, "HUU_NGHI", ["Lò Văn Tú"], author="patrol1", tz="Asia/Ho_Chi_Minh")
    new = patrols.parse_interception({"action": "seized", "persons": [CARRIER], "goods": [MILK, CIGARETTES]},
                                     date.today())
    interception_id = patrols.log_interception(db, patrol_id, new, author="patrol1", tz="Asia/Ho_Chi_Minh")
    return interception_id, [g["tag"] for g in patrols.interception(db, interception_id)["goods"]]


def hand(db, stage: str, *lines: tuple[str, str, str]) -> None:
    custody.hand_over(db, stage, [custody.parse_line(*line) for line in lines], handed_by="Lò Văn Tú",
                      received_by="Kho tang vật", place="Đồng Đăng", note="", author="patrol1")


def test_every_gap_along_the_chain_is_flagged_where_it_opened(db):
    _, (milk, cigarettes) = seize(db)
    hand(db, "station", (milk, "24", "24"), (cigarettes, "50", "50"))
    assert custody.chain_by_tag(db, milk).discrepancies == ()
    hand(db, "warehouse", (milk, "20", "20"))
    hand(db, "disposal", (milk, "20", "18,5"))

    chain = custody.chain_by_tag(db, milk)
    assert (chain.stage, chain.held, chain.flagged) == ("disposal", 18.5, True)
    assert [(d.kind, d.stage, d.expected, d.found) for d in chain.discrepancies] == [
        ("handed_differs", "station", 24, 20), ("received_differs", "disposal", 20, 18.5)]
    assert [(e["from_stage"], e["to_stage"]) for e in chain.events] == [
        ("patrol", "station"), ("station", "warehouse"), ("warehouse", "disposal")]
    untouched = custody.chain_by_tag(db, cigarettes)
    assert (untouched.stage, untouched.held, untouched.flagged) == ("station", 50, False)


def test_goods_go_only_forward_and_a_bad_line_saves_nothing(db):
    _, (milk, cigarettes) = seize(db)
    hand(db, "warehouse", (milk, "24", "24"))
    before = event_types(db)
    with pytest.raises(CheckpointError) as caught:
        hand(db, "station", (cigarettes, "50", "50"), (milk, "24", "24"))
    assert i18n.error_message(caught.value, "en") == (
        f"Evidence {milk} has reached warehouse; it can only go further along the chain.")
    assert event_types(db) == before
    assert custody.chain_by_tag(db, cigarettes).stage == "patrol"


@pytest.mark.parametrize(("handed", "received", "expected"), [
    ("-1", "0", "quantity handed over: must not be negative"),
    ("5", "", "quantity received: must be a number"),
    ("5", "năm", "quantity received: must be a number"),
])
def test_hand_over_quantities_are_checked(handed: str, received: str, expected: str) -> None:
    with pytest.raises(CheckpointError) as caught:
        custody.parse_line("EV-1", handed, received)
    assert i18n.error_message(caught.value, "en") == expected


def test_the_evidence_label_carries_the_tag_in_a_qr_code_a_scanner_reads() -> None:
    svg = custody.tag_svg("EV-54F89DE337")
    assert svg.startswith('<svg class="qr" viewBox="0 0 ') and "<?xml" not in svg
    # Paint the SVG's modules (runs drawn as "M x y h w v h …") as a printer would, then decode them.
    size = int(re.search(r'viewBox="0 0 (\d+)', svg)[1])
    scale = 8
    pixels = np.full((size * scale, size * scale), 255, dtype=np.uint8)
    for x, y, w, h in re.findall(r"M(\d+) (\d+)h(\d+)v(\d+)", svg):
        x, y, w, h = int(x), int(y), int(w), int(h)
        pixels[y * scale:(y + h) * scale, x * scale:(x + w) * scale] = 0
    assert [r.text for r in zxingcpp.read_barcodes(pixels)] == ["EV-54F89DE337"]

"""The chain of custody: every hand-over recorded, every gap flagged, no way back along the chain."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
import zxingcpp

from checkpoint import i18n, ledger, patrols
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
    """Hand-overs as tablets recorded them before receivers confirmed (one user for both sides): old logs still
    replay, and their chain is read with the gaps flagged."""
    for tag, handed, received in lines:
        current = custody.chain_by_tag(db, tag)
        ledger.record(db, "custody.handed_over", {
            "goods": current.goods["id"], "tag": tag, "from_stage": current.stage, "to_stage": stage,
            "handed_by": "Lò Văn Tú", "received_by": "Kho tang vật", "place": "Đồng Đăng",
            "quantity_handed": float(handed.replace(",", ".")), "quantity_received": float(received.replace(",", ".")),
            "note": ""}, author="patrol1", subject=current.goods["interception"])


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
    interception_id, (milk, cigarettes) = seize(db)
    hand(db, "warehouse", (milk, "24", "24"))
    before = event_types(db)
    with pytest.raises(CheckpointError) as caught:
        custody.offer(db, interception_id, "station", [(cigarettes, Decimal(50)), (milk, Decimal(24))],
                      receiver="super1", place="Đồn Hữu Nghị", note="", author="patrol1")
    assert i18n.error_message(caught.value, "en") == (
        f"Evidence {milk} has reached warehouse; it can only go further along the chain.")
    assert event_types(db) == before
    assert custody.chain_by_tag(db, cigarettes).stage == "patrol"


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

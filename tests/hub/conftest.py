"""Fixtures for headquarters: the log's real tablets and real hubs (tests/ledger), and tablets' work made the way the
app makes it."""
from __future__ import annotations

from typing import Any

from checkpoint import cases, inspections
from checkpoint.patrols import events as patrol_events
from tests.ledger.conftest import Device, hub_server, make_device, pg_database  # noqa: F401 - fixtures

TZ = "Asia/Ho_Chi_Minh"


def seized_case(device: Device, *, gate: str = "HUU_NGHI", goods: str = "Sữa bột Aptamil", fine: int = 5_000_000,
                subtype: str = "smuggling", criminal: bool = False, defendants: int = 0, note: str = "",
                plate: str = "12C-123.45") -> str:
    """An inspection closed as a seizure with its case classified, as the verdict form does."""
    subject = inspections.start(device.db, inspections.NewInspection(gate=gate, direction="import", plates=(plate,)),
                                author="officer1", tz=TZ)
    case = cases.parse({"subtype": subtype, "goods": goods, "goods_value_vnd": "20000000", "fine_vnd": str(fine),
                        "budget_vnd": str(fine), "criminal": "1" if criminal else "", "defendants": str(defendants),
                        "confiscated": "1"})
    inspections.record_verdict(device.db, subject, "seized", note, author="officer1", case=case)
    return subject


def interception(device: Device, *, gate: str = "HUU_NGHI", violation: str = "1") -> dict[str, Any]:
    """A patrol that seizes goods on a trail; returns the interception as the tablet reads it (tags included)."""
    patrol = patrol_events.start(device.db, gate, ["patrol2"], author="patrol1", tz=TZ)
    new = patrol_events.parse_interception({
        "action": "seized", "violation": violation, "vehicles": ["12B1-234.56"],
        "persons": [{"name": "Hoàng Văn A", "id_type": "none", "id_number": "", "nationality": "VNM"}],
        "goods": [{"description": "Thuốc lá điếu Jet", "kind": "other", "quantity": "50", "unit": "cây",
                   "value_vnd": "15000000"}]}, patrol_today())
    subject = patrol_events.log_interception(device.db, patrol, new, author="patrol1", tz=TZ)
    return patrol_events.interception(device.db, subject)


def patrol_today() -> Any:
    from checkpoint.clock import local_today

    return local_today(TZ)

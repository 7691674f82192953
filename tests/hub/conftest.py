"""Fixtures for headquarters: the log's real tablets and real hubs (tests/ledger), and tablets' work made the way the
app makes it."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checkpoint import cases, inspections
from checkpoint.hub import accounts
from checkpoint.patrols import events as patrol_events
from tests.ledger.conftest import Device, HubServer, hub_server, make_device, pg_database  # noqa: F401 - fixtures

TZ = "Asia/Ho_Chi_Minh"


def seized_case(device: Device, *, gate: str = "HUU_NGHI", goods: str = "Sữa bột Aptamil", fine: int = 5_000_000,
                subtype: str = "smuggling", criminal: bool = False, defendants: int = 0, note: str = "",
                plate: str = "12C-123.45", on: date | None = None,
                photos: tuple[tuple[bytes, dict[str, Any] | None], ...] = ()) -> str:
    """An inspection closed as a seizure with its case classified, as the verdict form does; `on` is its local day,
    `photos` (data, document read) are taken before the verdict."""
    subject = inspections.start(device.db, inspections.NewInspection(gate=gate, direction="import", plates=(plate,)),
                                author="officer1", tz=TZ, on=on)
    for data, document in photos:
        device.photo(subject, data, document=document)
    case = cases.parse({"subtype": subtype, "goods": goods, "goods_value_vnd": "20000000", "fine_vnd": str(fine),
                        "budget_vnd": str(fine), "criminal": "1" if criminal else "", "defendants": str(defendants),
                        "confiscated": "1"})
    inspections.record_verdict(device.db, subject, "seized", note, author="officer1", case=case,
                               no_photo_reason="" if photos else "Ảnh chụp ở kho tang vật")
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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def console_hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HubServer]:
    """A hub on loopback whose console's passwords are hashed at the test cost."""
    url = request.getfixturevalue("pg_database") if request.param == "postgres" else str(tmp_path / "hub.db")
    server = HubServer(url, tmp_path / "hub_key", password_hash_cost="test")
    yield server
    server.stop()


def account(server: HubServer, username: str, role: str, units: str) -> Any:
    """A console account made as `checkpoint hub user add` makes it; its password is its name twice."""
    return accounts.create(server.store, accounts.Hashing("test"), username, role, username * 2 + "-pw", units)


def signed_in(server: HubServer, username: str) -> Any:
    client = server.app.test_client()
    page = client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token is not None
    answer = client.post("/console/login", data={"username": username, "password": username * 2 + "-pw",
                                                 "csrf_token": token[1]})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def csrf_of(client: Any, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found is not None
    return found[1]

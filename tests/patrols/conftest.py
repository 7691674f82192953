"""A JSON client for /api/v1/patrols: signs in through the real form and sends the page's CSRF header."""
from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests import images
from tests.conftest import Auth

MILK = {"description": "Sữa bột trẻ em Aptamil 800 g", "kind": "infant_formula", "quantity": "24", "unit": "hộp",
        "value_vnd": "14.400.000"}
CIGARETTES = {"description": "Thuốc lá điếu Jet", "kind": "cigarettes", "quantity": "50", "unit": "cây",
              "value_vnd": "7500000"}
CARRIER = {"name": "Hoàng Văn A", "id_type": "cccd", "id_number": "020095001234", "nationality": "VNM"}
HELPER = {"name": "Lý Thị B", "id_type": "cccd", "id_number": "020301004567", "nationality": "VNM"}
COURIER = {"name": "WANG LEI", "id_type": "passport", "id_number": "E12345678", "nationality": "CHN"}


class Api:
    def __init__(self, client: FlaskClient, auth: Auth) -> None:
        self.client, self.auth = client, auth

    def login(self, username: str = "patrol1") -> None:
        assert self.auth.login(username).status_code == 302
        # Messages in English: they stay the same when the Vietnamese catalog grows.
        self.auth.post("/lang/en", {"next": "/"})

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(path, json=body, headers={"X-CSRFToken": self.auth.token()})

    def upload(self, path: str, files: list[tuple[bytes, str]]) -> Any:
        return self.client.post(path, data={"photos": [(io.BytesIO(d), n) for d, n in files]},
                                headers={"X-CSRFToken": self.auth.token()}, content_type="multipart/form-data")

    def get(self, path: str) -> Any:
        return self.client.get(path)

    def start_patrol(self, team: list[str] | None = None) -> str:
        response = self.post("/api/v1/patrols", {"team": team or ["Nguyễn Văn Hùng"], "note": "Mốc 1119–1120"})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["uuid"]

    def intercept(self, patrol_id: str, **fields: Any) -> dict[str, Any]:
        body = {"action": "seized", "violation": 1, "lat": 21.9751, "lon": 106.7049, "accuracy": 8,
                "persons": [CARRIER], "goods": [MILK], **fields}
        response = self.post(f"/api/v1/patrols/{patrol_id}/interceptions", body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()


@pytest.fixture
def api(client: FlaskClient, auth: Auth) -> Api:
    return Api(client, auth)


def photo(text: str = "EV") -> bytes:
    """A real picture: a QR code drawn by zxing-cpp, as the tablet's camera would give a label."""
    return images.png(images.barcode(text, "QRCode", scale=6))


def event_types(db: Any) -> list[str]:
    return [row[0] for row in db.execute("SELECT type FROM events ORDER BY seq")]

"""checkpoint: the field tool for officers at the Lạng Sơn border gates."""
from __future__ import annotations

import secrets
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from . import settings, users
from .setup import initialise
from .store import db

ROOT = Path(__file__).resolve().parent.parent
# An installed wheel carries the pages inside the package (setup.py puts them there); a checkout keeps them in
# the top-level templates/ folder.
TEMPLATES = next(p for p in (Path(__file__).resolve().parent / "templates", ROOT / "templates") if p.is_dir())


def create_app(test_config: dict[str, Any] | None = None, instance_path: str | None = None, *,
               set_up: bool = True) -> Flask:
    """set_up: migrate and seed the database (first admin, demo list) — for serving; commands that only read
    pass False so that they change nothing."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(TEMPLATES),
                instance_path=instance_path)
    app.config.from_mapping(settings.defaults())
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(settings.from_environment())
    if test_config:
        app.config.update(test_config)

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config["DATABASE"] = app.config["DATABASE"] or str(instance / "checkpoint.db")
    app.config["EVIDENCE_DIR"] = app.config["EVIDENCE_DIR"] or str(instance / "evidence")
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or _secret_key(instance)
    # Several photos per request; each is also checked against MAX_UPLOAD_MB on its own.
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_MB"] * 1_000_000 * 8
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=app.config["IDLE_LOGOUT_MINUTES"]),
    )

    users.use_hash_cost(app.config["PASSWORD_HASH_COST"])
    if set_up:
        connection = db.connect(app.config["DATABASE"])
        try:
            report = initialise(connection, load_demo=app.config["LOAD_DEMO_DATA"])
        finally:
            connection.conn.close()
        if report.admin_password:
            print(f"checkpoint: tài khoản quản trị 'admin' đã được tạo, mật khẩu dùng một lần / "
                  f"admin account created, one-time password: {report.admin_password}", file=sys.stderr,
                  flush=True)

    from . import web
    web.init_app(app)
    return app


def _secret_key(instance: Path) -> str:
    """A random key made once per tablet and kept in the instance folder."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()

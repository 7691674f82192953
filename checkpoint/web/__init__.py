"""The tablet's pages and the JSON API, as blueprints."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import sqlite_utils
from flask import Flask, Response, abort, current_app, g, render_template, request, session
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from .. import capture, headers, i18n, jobs, ledger
from ..store.db import connect

csrf = CSRFProtect()
babel = Babel()
SHELL_FILES = ("app.css", "app.js", "outbox.js", "outbox.css", "sw.js")
"""What the service worker keeps for when the tablet's server restarts (static/sw.js lists the same)."""


def get_db() -> sqlite_utils.Database:
    """This request's connection to the tablet's database, opened on first use and closed with the request."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def jobs_of(app: Flask) -> jobs.Jobs:
    """The app's one reader: the queue every photo, scan and re-check is read through."""
    return app.extensions["checkpoint_jobs"]


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in i18n.LANGUAGES:
        return chosen
    return current_app.config["DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    from . import (
        adjudication,
        admin,
        api,
        auth,
        cases,
        custody,
        errors,
        formatting,
        inspections,
        leaders,
        once,
        patrols,
        reports,
        scan,
    )

    @app.before_request
    def refuse_malformed_forms() -> None:
        # A multipart part without a usable name reaches the form as key None and would crash the CSRF
        # check, which runs next: refuse such a body as a bad request first.
        if request.method == "POST" and None in (*request.form.keys(), *request.files.keys()):
            abort(400)

    app.teardown_appcontext(close_db)
    app.extensions["checkpoint_jobs"] = jobs.Jobs(app.config["MAX_QUEUED_UPLOADS"])
    capture.budget.limit = app.config["MAX_PROCESS_MEGAPIXELS"] * 1_000_000
    ledger.MAX_EVENT_BYTES[0] = app.config["MAX_EVENT_KB"] * 1024
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=str(i18n.TRANSLATIONS_DIR),
                   default_timezone=app.config["TIMEZONE"])
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(inspections.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(patrols.bp)
    app.register_blueprint(scan.bp)
    app.register_blueprint(cases.bp)
    app.register_blueprint(leaders.bp)
    app.register_blueprint(adjudication.bp)
    app.register_blueprint(custody.bp)
    once.init_app(app)
    errors.init_app(app)
    formatting.init_app(app)
    app.jinja_env.globals["get_locale"] = select_locale

    @app.context_processor
    def log_head() -> dict[str, Any]:
        def head() -> str:
            return ledger.head_text(get_db())
        return {"log_head": head}

    @app.route("/healthz")
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    static = Path(app.static_folder or "")
    shell = hashlib.sha256(b"".join((static / name).read_bytes() for name in SHELL_FILES)).hexdigest()[:12]

    @app.route("/sw.js")
    def service_worker() -> Any:
        # Served from the root so that it may look after every page of the app, and named after the shell's
        # contents: an update that changes a script or the styles replaces the tablet's cached copies.
        body = (static / "sw.js").read_text(encoding="utf-8").replace("SHELL_VERSION", shell)
        return Response(body, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})

    @app.route("/offline")
    def offline() -> Any:
        return render_template("errors/offline.html")

    app.after_request(headers.secure)

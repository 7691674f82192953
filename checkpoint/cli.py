"""The `checkpoint` command: a thin layer over the library. Errors become exit codes here, and only here."""
from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import sqlite_utils
from flask import Flask

import ocr
import scanners

from . import capture, create_app, hub, i18n, inspections, ledger, pipeline, reports, sync, users, watchlist
from .clock import local_today
from .errors import N_, OUR_ERRORS, InvalidInput
from .reports import annex389, export389, tablet389
from .reports import formats as report_formats
from .reports import periods as report_periods
from .store.db import atomic, connect
from .watchlist import screening

# argparse speaks English; the mistakes a typed command line meets are said in the chosen language.
USAGE_ERRORS = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), N_("missing: %(names)s")),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), N_("not understood: %(names)s")),
    (re.compile(r"argument (?P<name>\S+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"),
     N_("%(name)s: %(value)s is not one of %(choices)s")),
    (re.compile(r"argument (?P<name>\S+): expected one argument"), N_("%(name)s: needs a value")),
    (re.compile(r"argument (?P<name>\S+): invalid \w+ value: (?P<value>.+)"), N_("%(name)s: %(value)s is not valid")),
)


class Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr in the chosen language, exit 2 (CONTRACTS.md)."""

    lang = "vi"

    def error(self, message: str) -> NoReturn:
        found = next(((msgid, m.groupdict()) for pattern, msgid in USAGE_ERRORS if (m := pattern.fullmatch(message))),
                     None)
        problem = i18n.translate(found[0], self.lang, found[1]) if found else message
        self.exit(2, "checkpoint: " + i18n.translate(N_("%(problem)s (see %(prog)s --help)"), self.lang,
                                                     {"problem": problem, "prog": self.prog}) + "\n")


def chosen_lang(argv: list[str]) -> str:
    """--lang as given anywhere on the line, read before parsing so that parsing errors can use it."""
    for flag, value in zip(argv, argv[1:]):
        if flag == "--lang" and value in i18n.LANGUAGES:
            return value
    return next((a.split("=", 1)[1] for a in argv if a.startswith("--lang=") and a[7:] in i18n.LANGUAGES), "vi")


def common_options(defaults: bool) -> Parser:
    """--db, --json and --lang, accepted before or after the command. Only the top level holds the
    defaults: a command's copy must not overwrite a value given before the command."""
    common = Parser(add_help=False)
    common.add_argument("--db", default=None if defaults else argparse.SUPPRESS,
                        help="database path (default: $CHECKPOINT_DB, else the instance folder's)")
    common.add_argument("--json", action="store_true", default=False if defaults else argparse.SUPPRESS,
                        help="machine-readable output on stdout")
    common.add_argument("--lang", choices=i18n.LANGUAGES, default="vi" if defaults else argparse.SUPPRESS,
                        help="language of messages (default vi)")
    return common


def build_parser(lang: str = "vi") -> argparse.ArgumentParser:
    common = common_options(defaults=False)
    # A subclass per language: argparse makes the sub-commands' parsers from a class.
    parser_class: type[Parser] = type("Parser", (Parser,), {"lang": lang})
    parser = parser_class(prog="checkpoint", parents=[common_options(defaults=True)],
                    description="Field tool for officers at the Lạng Sơn border gates.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=parser_class)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help, description=help)

    p = command("serve", "run the tablet app with a production WSGI server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=cmd_serve)

    p = command("init", "create or migrate the database (idempotent); with --hub and --hub-key, pin the hub")
    p.add_argument("--hub", metavar="URL", help="the headquarters hub this tablet syncs with")
    p.add_argument("--hub-key", metavar="KEY", help="the hub's public key, as headquarters gives it (base64)")
    p.set_defaults(run=cmd_init)

    p = command("user", "manage accounts")
    user_sub = p.add_subparsers(dest="user_command", required=True, metavar="ACTION", parser_class=parser_class)
    p = user_sub.add_parser("add", parents=[common], help="add an account", description="add an account")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=users.ROLES)
    p.add_argument("--gate", help="gate code, e.g. HUU_NGHI (every role but admin)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(run=cmd_user_add)
    help_text = "disable an account (never deleted: its name and id stay with the records) and end its sessions"
    p = user_sub.add_parser("disable", parents=[common], help=help_text, description=help_text)
    p.add_argument("name")
    p.set_defaults(run=cmd_user_disable)

    p = command("scan", "decode every barcode in each image and interpret its payload")
    p.add_argument("images", nargs="+", metavar="IMAGE")
    p.set_defaults(run=cmd_scan)

    p = command("ocr", "read one document photo into typed fields")
    p.add_argument("image", metavar="IMAGE")
    p.add_argument("--type", default="auto", choices=("auto", "invoice", "packing_list", "co", "declaration"))
    p.set_defaults(run=cmd_ocr)

    p = command("inspect", "the whole pipeline on the photos of one shipment")
    p.add_argument("images", nargs="+", metavar="IMAGE")
    p.add_argument("--date", help="inspection date YYYY-MM-DD (default today)")
    p.add_argument("--declared-origin", default="", metavar="CC")
    p.add_argument("--save", action="store_true", help="log the inspection (needs --gate)")
    p.add_argument("--gate", help="gate code, with --save")
    p.add_argument("--officer", default=os.environ.get("USER", "cli"), help="author of the saved inspection")
    p.add_argument("--plate", action="append", default=[], help="vehicle plate (repeatable)")
    p.add_argument("--container", default="")
    p.add_argument("--direction", default="import", choices=inspections.DIRECTIONS)
    p.add_argument("--goods", default="", help="declared goods")
    p.set_defaults(run=cmd_inspect)

    p = command("watchlist", "manage watchlists")
    wl_sub = p.add_subparsers(dest="watchlist_command", required=True, metavar="ACTION", parser_class=parser_class)
    p = wl_sub.add_parser("import", parents=[common], help="import a watchlist file as a new version",
                          description="import a watchlist (CSV or JSON lines) as a new version of a list")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--list", required=True, dest="list_name", metavar="NAME")
    p.add_argument("--confirm", action="store_true",
                   help="import even if the new version drops more than WATCHLIST_MAX_DROP_SHARE of the list in force")
    p.set_defaults(run=cmd_watchlist_import)

    p = command("export", "the daily log for a period")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--gate", metavar="CODE")
    p.add_argument("--format", required=True, choices=("csv", "xlsx", "pdf"))
    p.add_argument("--prepared-by", default=os.environ.get("USER", ""), help="name printed under the signature")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(run=cmd_export)

    help_text = ("the 389 report of a unit for a period (CSV, XLSX, or PDF as an administrative report), with the"
                 " previous period, the same period last year, year and campaign to date; --annex writes the names and"
                 " ID numbers to a separate restricted PDF")
    p = command("report", help_text)
    p.add_argument("--period", default="reporting_month", choices=report_periods.KINDS,
                   help="kind of period (default reporting_month: the 15th of the previous month to the 14th)")
    p.add_argument("--date", metavar="DATE", help="a day in the period, YYYY-MM-DD (default today)")
    p.add_argument("--campaign", default="", metavar="CODE",
                   help="campaign (data/campaigns.csv) of --period campaign and of the campaign-to-date column")
    p.add_argument("--unit", metavar="CODE",
                   help="unit code (data/units.csv; default: the customs unit of this tablet's gate); 'all' for every"
                        " unit")
    p.add_argument("--format", required=True, choices=("csv", "xlsx", "pdf"))
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--annex", metavar="FILE", help="also write the restricted annex (names, ID numbers) as a PDF")
    p.add_argument("--number", default="", help="the report's number, e.g. 15/BC-HQHN (default: left blank)")
    p.add_argument("--signer", default="", help="full name of who signs")
    p.add_argument("--position", default="", help="position of who signs (default: the unit's head)")
    p.add_argument("--recipient", action="append", default=[], metavar="TEXT",
                   help="a recipient (Nơi nhận), once per recipient (default: the parent unit, the 389 committee)")
    p.set_defaults(run=cmd_report)

    p = command("sync", "upload what the hub has not acknowledged, download watchlist updates")
    p.add_argument("--hub", metavar="URL", help="hub address (default: the HUB_URL setting)")
    p.add_argument("--batch-size", type=int, default=None, metavar="N", help="events per request")
    p.add_argument("--attempts", type=int, default=5, metavar="N", help="tries before giving up (with back-off)")
    p.set_defaults(run=cmd_sync)

    p = command("hub", "the headquarters receiver")
    hub_sub = p.add_subparsers(dest="hub_command", required=True, metavar="ACTION", parser_class=parser_class)
    help_text = ("receive devices' uploads and serve the cross-gate views; $CHECKPOINT_HUB_TOKEN guards the views"
                 " and publishing, $CHECKPOINT_HUB_ENROL_CODE is what a new tablet must bring to register; without both"
                 " it does not start, unless --trial")
    p = hub_sub.add_parser("serve", parents=[common], help=help_text, description=help_text)
    p.add_argument("--database", required=True, metavar="URL",
                   help="postgresql://… URL, or a SQLite file path for a trial")
    p.add_argument("--key", metavar="PATH",
                   help="the hub's private key file, made on first use (default: hub_key in the instance folder)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8400)
    p.add_argument("--trial", action="store_true",
                   help="start even without the token and the enrolment code (a trial: views and enrolment open)")
    p.set_defaults(run=cmd_hub_serve)
    help_text = "make headquarters' projections (cases, their records) anew from every device's events"
    p = hub_sub.add_parser("rebuild", parents=[common], help=help_text, description=help_text)
    p.add_argument("--database", required=True, metavar="URL", help="postgresql://… URL, or a SQLite file path")
    p.set_defaults(run=cmd_hub_rebuild)
    help_text = "give a tablet its unit at headquarters: its cases count for that unit and force, old ones too"
    p = hub_sub.add_parser("device-unit", parents=[common], help=help_text, description=help_text)
    p.add_argument("device", metavar="DEVICE_ID")
    p.add_argument("unit", metavar="UNIT", help="a code of data/units.csv, e.g. BP_HUU_NGHI")
    p.add_argument("--database", required=True, metavar="URL", help="postgresql://… URL, or a SQLite file path")
    p.set_defaults(run=cmd_hub_device_unit)
    p = hub_sub.add_parser("user", help="manage the console's accounts", description="manage the console's accounts")
    hub_user = p.add_subparsers(dest="hub_user_command", required=True, metavar="ACTION", parser_class=parser_class)
    help_text = "add a console account: a role and the units it answers for (* for the whole province)"
    p = hub_user.add_parser("add", parents=[common], help=help_text, description=help_text)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=hub.accounts.ROLES)
    p.add_argument("--units", required=True, help="unit codes of data/units.csv, or * for the whole province")
    p.add_argument("--database", required=True, metavar="URL", help="postgresql://… URL, or a SQLite file path")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(run=cmd_hub_user_add)
    help_text = "disable a console account (never deleted) and end its sessions"
    p = hub_user.add_parser("disable", parents=[common], help=help_text, description=help_text)
    p.add_argument("name")
    p.add_argument("--database", required=True, metavar="URL", help="postgresql://… URL, or a SQLite file path")
    p.set_defaults(run=cmd_hub_user_disable)

    p = command("screen", "screen one value against the watchlists")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--kind", default="any", choices=screening.KINDS)
    p.set_defaults(run=cmd_screen)

    p = command("verify", "verify the tamper-evident log")
    p.add_argument("--against", action="append", default=[], metavar="CHECKPOINT",
                   help="a signed head shown earlier (the QR text), to check the log still contains it")
    p.add_argument("--show-head", action="store_true",
                   help="if the log is intact, sign its head and print it as QR text for a supervisor")
    p.set_defaults(run=cmd_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(chosen_lang(argv)).parse_args(argv)
    try:
        return args.run(args)
    except OUR_ERRORS as exc:
        print(f"checkpoint: {i18n.error_message(exc, args.lang)}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)


def make_app(args: argparse.Namespace, *, set_up: bool = False) -> Flask:
    """set_up (migrations, first admin, demo list) belongs to `init` and `serve`; every other command works on
    the database as it finds it."""
    database = args.db or os.environ.get("CHECKPOINT_DB")
    return create_app({"DATABASE": database} if database else None, set_up=set_up)


def open_db(app: Flask, *, read_only: bool) -> sqlite_utils.Database:
    """The existing database; a missing one is a usage error (a typo must not create and seed a new one)."""
    path = app.config["DATABASE"]
    if not Path(path).is_file():
        raise InvalidInput(field=path, problem=N_("no database here; run `checkpoint init` first"))
    return connect(path, read_only=read_only)


def emit(args: argparse.Namespace, data: Any, human: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else human)


def load_photo(app: Flask, path: str) -> capture.Photo:
    return capture.load_file(path, max_bytes=app.config["MAX_UPLOAD_MB"] * 1_000_000,
                             max_pixels=app.config["MAX_IMAGE_MEGAPIXELS"] * 1_000_000)


def cmd_serve(args: argparse.Namespace) -> int:
    import waitress

    app = make_app(args, set_up=True)
    print(f"checkpoint: http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    sync.start_background(app.config)
    waitress.serve(app, host=args.host, port=args.port, threads=4)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    if bool(args.hub) != bool(args.hub_key):
        raise InvalidInput(field="--hub, --hub-key", problem=N_("give both, or neither"))
    app = make_app(args, set_up=True)
    if args.hub:
        # The key comes from headquarters on paper or by hand, never from whichever hub answers first.
        sync.pin_hub(open_db(app, read_only=False), args.hub, args.hub_key)
    emit(args, {"database": app.config["DATABASE"], "hub": args.hub, "hub_key": args.hub_key},
         i18n.translate(N_("Database ready: %(path)s"), args.lang, {"path": app.config["DATABASE"]}))
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    app = make_app(args)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    user = users.create(open_db(app, read_only=False), args.name, args.role, password, args.gate)
    emit(args, {"username": user.username, "role": user.role, "gate": user.gate},
         i18n.translate(N_("Account %(name)s added."), args.lang, {"name": user.username}))
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    app = make_app(args)
    users.disable(open_db(app, read_only=False), args.name)
    emit(args, {"username": args.name, "disabled": True},
         i18n.translate(N_("Account %(name)s disabled; its sessions are ended."), args.lang, {"name": args.name}))
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    app = make_app(args)
    results, failed = [], False
    for path in args.images:
        try:
            photo = load_photo(app, path)
            results.append({"image": path, "codes": [c.as_dict(path) for c in scanners.decode(photo.pixels)],
                            "error": None})
        except OUR_ERRORS as exc:
            failed = True
            results.append({"image": path, "codes": [], "error": i18n.error_message(exc, args.lang)})
    human = "\n".join(f"{r['image']}: " + (r["error"] or ", ".join(f"{c['format']} {c['text']}" for c in r["codes"])
                                            or "-") for r in results)
    emit(args, results, human)
    return 2 if failed else 0


def cmd_ocr(args: argparse.Namespace) -> int:
    app = make_app(args)
    photo = load_photo(app, args.image)
    document = ocr.read(photo.pixels, doc_type=args.type)
    human = "\n".join([f"{args.image}: {document.doc_type}",
                       *(f"  {name}: {f.value} ({f.confidence:.0%})" for name, f in document.fields.items())])
    emit(args, document.as_dict(args.image), human)
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    app = make_app(args)
    tz = app.config["TIMEZONE"]
    try:
        on = date.fromisoformat(args.date) if args.date else local_today(tz)
    except ValueError:
        raise InvalidInput(field=N_("date"), problem=N_("expected YYYY-MM-DD")) from None
    if args.save and not args.gate:
        raise InvalidInput(field="--gate", problem=N_("needed with --save"))
    started = time.perf_counter()
    headers = [capture.check_file(path, max_bytes=app.config["MAX_UPLOAD_MB"] * 1_000_000,
                                  max_pixels=app.config["MAX_IMAGE_MEGAPIXELS"] * 1_000_000) for path in args.images]
    results = pipeline.read(headers)
    db = open_db(app, read_only=not args.save)
    new = inspections.NewInspection(gate=args.gate or "", direction=args.direction, plates=tuple(args.plate),
                                    container=args.container, declared_goods=args.goods,
                                    declared_origin=args.declared_origin)
    inspection_id = None
    if args.save:
        with atomic(db):  # the inspection is logged whole or not at all
            inspection_id = inspections.start(db, new, author=args.officer, tz=tz, on=on)
            checked = pipeline.log(db, inspection_id, results, config=app.config, author=args.officer)
    else:
        checked = pipeline.preview(results, new, on, app.config, db)
    data = pipeline.InspectionResult(results, checked, time.perf_counter() - started).as_dict()
    if inspection_id:
        data["inspection"] = inspection_id
    human = "\n".join([f"{len(data['codes'])} code(s), {len(data['documents'])} document(s), "
                       f"risk {data['risk']['channel']}",
                       *(f"  [{f['severity']}] {f['message'][args.lang]}" for f in data["findings"])])
    emit(args, data, human)
    return 0


def cmd_watchlist_import(args: argparse.Namespace) -> int:
    app = make_app(args)
    try:
        report = watchlist.import_file(open_db(app, read_only=False), args.file, args.list_name,
                                       confirmed=args.confirm, max_drop_share=app.config["WATCHLIST_MAX_DROP_SHARE"])
    except (OSError, UnicodeDecodeError):
        raise InvalidInput(field=args.file, problem=N_("cannot be read as UTF-8 text")) from None
    rejected = [{"line": r.line, "reason": i18n.translate(r.message, args.lang, r.params)} for r in report.rejected]
    emit(args, {"version": report.version, "imported": report.imported, "rejected": rejected},
         "\n".join([i18n.translate(N_("Imported %(count)d entries as %(version)s."), args.lang,
                                   {"count": report.imported, "version": report.version}),
                    *("  " + i18n.translate(N_("line %(line)d: %(reason)s"), args.lang, r) for r in rejected)]))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    app = make_app(args)
    try:
        start = date.fromisoformat(args.date_from)
        end = date.fromisoformat(args.date_to) if args.date_to else start
    except ValueError:
        raise InvalidInput(field=N_("date"), problem=N_("expected YYYY-MM-DD")) from None
    db = open_db(app, read_only=True)
    gates = [args.gate] if args.gate else None
    report = reports.build(db, gates, start, end, app.config["TIMEZONE"])
    body = report_formats.render(report, args.format, reports.unit_of(db, gates), args.prepared_by)
    try:
        Path(args.out).write_bytes(body)
    except OSError:
        problem = N_("cannot be written; check that its folder exists and may be written to")
        raise InvalidInput(field=N_("output file"), problem=problem) from None
    emit(args, {"out": args.out, "rows": len(report.daily_log), "cases": len(report.cases)},
         i18n.translate(N_("Wrote %(count)d rows to %(path)s."), args.lang,
                        {"count": len(report.daily_log), "path": args.out}))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    app = make_app(args)
    try:
        day = date.fromisoformat(args.date) if args.date else local_today(app.config["TIMEZONE"])
    except ValueError:
        raise InvalidInput(field=N_("date"), problem=N_("expected YYYY-MM-DD")) from None
    db = open_db(app, read_only=True)
    unit = None if args.unit == "all" else args.unit or tablet389.default_unit(tablet389.tablet_gate(db))
    campaign = args.campaign or app.config["REPORT_CAMPAIGN"]
    period = tablet389.choose_period(args.period, day, app.config["REPORT_CUTOFF_DAY"], campaign)
    report = tablet389.build(db, unit, period, campaign)
    heading = export389.Heading(day=local_today(app.config["TIMEZONE"]), number=args.number,
                                recipients=tuple(args.recipient), signer_position=args.position,
                                signer_name=args.signer)
    files = {args.out: export389.render(report, args.format, heading)}
    if args.annex:
        files[args.annex] = annex389.to_pdf(report, heading, annex389.rows(db, report))
    for path, body in files.items():
        try:
            Path(path).write_bytes(body)
        except OSError:
            problem = N_("cannot be written; check that its folder exists and may be written to")
            raise InvalidInput(field=N_("output file"), problem=problem) from None
    total = report.total()
    emit(args, {"out": args.out, "annex": args.annex, "unit": unit, "period": {
        "kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "cases": total.cases if total else 0, "unclassified": report.unclassified(),
        "fingerprint": report.fingerprint()},
         i18n.translate(N_("Wrote the report of %(unit)s for %(period)s to %(path)s."), args.lang,
                        {"unit": report.unit.name(args.lang) if report.unit else "*", "period": period.label(),
                         "path": args.out}))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    app = make_app(args)
    # --show-head keeps a copy of the head it signs: the one writing form of verify.
    db = open_db(app, read_only=not args.show_head)
    result = ledger.verify(db, [ledger.parse_checkpoint(text) for text in args.against])
    data: dict[str, Any] = {
        "ok": result.ok, "events": result.events, "last_seq": result.last_seq, "first_broken": result.first_broken,
        "problems": [{"seq": p.seq, "problem": p.kind, "message": i18n.translate(p.message(), args.lang)}
                     for p in result.problems]}
    lines = [f"#{p['seq']}: {p['message']}" for p in data["problems"]]
    if result.ok:
        lines.append(i18n.translate(N_("The log is intact."), args.lang))
        if args.show_head:
            data["checkpoint"] = ledger.show_head(db).payload()
            lines.append(i18n.translate(N_("Signed head for the supervisor: %(payload)s"), args.lang,
                                        {"payload": data["checkpoint"]}))
    else:
        lines.append(i18n.translate(N_("The log is broken from event #%(seq)d."), args.lang,
                                    {"seq": result.first_broken}))
    emit(args, data, "\n".join(lines))
    return 0 if result.ok else 1


def cmd_sync(args: argparse.Namespace) -> int:
    app = make_app(args)
    db = open_db(app, read_only=False)
    url = args.hub or app.config["HUB_URL"] or sync.pinned_url(db)
    if not url:
        raise InvalidInput(field="--hub", problem=N_("needed (or set HUB_URL)"))
    report = sync.run(db, url, app.config["EVIDENCE_DIR"],
                      hub_public_key=app.config["HUB_PUBLIC_KEY"], enrol_code=app.config["HUB_ENROL_CODE"],
                      batch_size=args.batch_size or app.config["SYNC_BATCH_SIZE"], attempts=max(args.attempts, 1))
    emit(args, {"acknowledged": report.acknowledged, "acknowledged_seq": report.acknowledged_seq,
                "photos": report.photos, "missing_photos": list(report.missing_photos),
                "watchlists": list(report.watchlists), "attempts": report.attempts},
         i18n.translate(N_("The hub acknowledged %(count)d events (up to #%(seq)d); %(photos)d photos sent."),
                        args.lang, {"count": report.acknowledged, "seq": report.acknowledged_seq,
                                    "photos": report.photos}))
    return 0


def default_hub_key() -> Path:
    """hub_key in the instance folder the tablet app would use (Flask's: instance/ in a checkout, a folder
    under the environment's var/ when installed), never inside the installed package."""
    return Path(Flask("checkpoint").instance_path) / "hub_key"


def cmd_hub_serve(args: argparse.Namespace) -> int:
    import waitress

    app = hub.create_hub(args.database, args.key or default_hub_key(),
                         token=os.environ.get("CHECKPOINT_HUB_TOKEN") or None,
                         enrol_code=os.environ.get("CHECKPOINT_HUB_ENROL_CODE") or None, trial=args.trial)
    print(f"checkpoint hub: http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=4)
    return 0


def hub_store(args: argparse.Namespace) -> hub.Store:
    store = hub.Store(args.database)
    store.migrate()
    return store


def cmd_hub_rebuild(args: argparse.Namespace) -> int:
    store = hub_store(args)
    try:
        done = hub.projections.rebuild_all(store)
    finally:
        store.close()
    failed = sum(len(f) for _, f in done.values())
    emit(args, {"devices": {d: {"events": n, "failed": [{"seq": s, "error": e} for s, e in f]}
                            for d, (n, f) in done.items()}},
         i18n.translate(N_("Projections rebuilt from %(events)d events of %(devices)d devices; %(failed)d events"
                           " could not be projected."), args.lang,
                        {"events": sum(n for n, _ in done.values()), "devices": len(done), "failed": failed}))
    return 0


def cmd_hub_device_unit(args: argparse.Namespace) -> int:
    store = hub_store(args)
    try:
        hub.projections.assign_unit(store, args.device, args.unit)
    finally:
        store.close()
    emit(args, {"device": args.device, "unit": args.unit},
         i18n.translate(N_("Tablet %(device)s belongs to %(unit)s."), args.lang,
                        {"device": args.device, "unit": args.unit}))
    return 0


def cmd_hub_user_add(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    store = hub_store(args)
    try:
        user = hub.accounts.create(store, hub.accounts.Hashing(), args.name, args.role, password, args.units)
    finally:
        store.close()
    emit(args, {"username": user.username, "role": user.role, "units": list(user.units)},
         i18n.translate(N_("Account %(name)s added."), args.lang, {"name": user.username}))
    return 0


def cmd_hub_user_disable(args: argparse.Namespace) -> int:
    store = hub_store(args)
    try:
        hub.accounts.disable(store, args.name)
    finally:
        store.close()
    emit(args, {"username": args.name, "disabled": True},
         i18n.translate(N_("Account %(name)s disabled; its sessions are ended."), args.lang, {"name": args.name}))
    return 0


def cmd_screen(args: argparse.Namespace) -> int:
    app = make_app(args)
    index = watchlist.index(open_db(app, read_only=True))
    hits = [hit.as_dict(args.lang) for hit in index.screen(args.text, args.kind)]
    emit(args, {"query": args.text, "kind": args.kind, "watchlist_version": index.version, "hits": hits},
         "\n".join(f"{h['score']:.2f}  {h['list']}  {h['kind']}  {h['value']}  ({'; '.join(h['reasons'])})"
                   for h in hits) or i18n.translate(N_("No match."), args.lang))
    return 0

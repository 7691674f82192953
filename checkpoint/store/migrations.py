"""Versioned migrations: registered functions, applied once each, recorded in `_migrations`."""
from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable

import sqlite_utils

from ..clock import utc_iso
from .db import atomic

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


def apply(db: sqlite_utils.Database) -> list[str]:
    """Applies the migrations not yet recorded; returns their names."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with atomic(db):
            fn(db)
            db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                       [name, utc_iso()])
        applied.append(name)
    return applied


def run_script(db: sqlite_utils.Database, script: str) -> None:
    """Runs DDL statement by statement: executescript() would commit the open transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


@migration
def m001_accounts(db: sqlite_utils.Database) -> None:
    run_script(db, """
    CREATE TABLE device (id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
    CREATE TABLE gates (
        code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL,
        province TEXT NOT NULL, kind TEXT NOT NULL, lat REAL, lon REAL
    );
    CREATE TABLE users (
        id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer', 'patrol', 'supervisor', 'admin')),
        gate TEXT REFERENCES gates(code), must_change_password INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE login_failures (username TEXT NOT NULL, address TEXT NOT NULL, at TEXT NOT NULL);
    CREATE INDEX login_failures_key ON login_failures (username, address, at);
    """)
    db.execute("INSERT INTO device (id, created_at) VALUES (?, ?)",
               [str(uuid.uuid4()), utc_iso()])


@migration
def m002_ledger(db: sqlite_utils.Database) -> None:
    # The log is append-only: SQLite itself refuses UPDATE and DELETE on it.
    run_script(db, """
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, device_id TEXT NOT NULL,
        type TEXT NOT NULL, subject TEXT, payload TEXT NOT NULL, author TEXT,
        created_utc TEXT NOT NULL, mono_ns INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
    );
    CREATE INDEX events_subject ON events (subject);
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    """)


@migration
def m003_inspections(db: sqlite_utils.Database) -> None:
    # Projections of the log, rebuilt from it at will; the log is the record.
    run_script(db, """
    CREATE TABLE inspections (
        uuid TEXT PRIMARY KEY, gate TEXT NOT NULL, lane TEXT, direction TEXT NOT NULL,
        plates TEXT NOT NULL, container TEXT, declared_goods TEXT, declared_origin TEXT,
        officer TEXT NOT NULL, started_utc TEXT NOT NULL, local_date TEXT NOT NULL,
        verdict TEXT, verdict_note TEXT, closed_utc TEXT, risk_channel TEXT
    );
    CREATE INDEX inspections_day ON inspections (gate, local_date);
    CREATE TABLE photos (
        sha256 TEXT NOT NULL, inspection TEXT NOT NULL REFERENCES inspections(uuid),
        filename TEXT NOT NULL, media_type TEXT NOT NULL, bytes INTEGER NOT NULL,
        width INTEGER NOT NULL, height INTEGER NOT NULL, added_utc TEXT NOT NULL,
        codes TEXT NOT NULL, document TEXT,
        PRIMARY KEY (inspection, sha256)
    );
    """)


@migration
def m004_watchlists(db: sqlite_utils.Database) -> None:
    run_script(db, """
    CREATE TABLE watchlist_versions (
        version TEXT PRIMARY KEY, list TEXT NOT NULL, imported_utc TEXT NOT NULL,
        source TEXT NOT NULL, entries INTEGER NOT NULL, demo INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE watchlist_entries (
        id TEXT PRIMARY KEY, version TEXT NOT NULL REFERENCES watchlist_versions(version),
        list TEXT NOT NULL, kind TEXT NOT NULL, name TEXT, tax_code TEXT, plate TEXT, gtin TEXT,
        id_number TEXT, co_reference TEXT, note TEXT
    );
    CREATE INDEX watchlist_entries_list ON watchlist_entries (list, version);
    """)


@migration
def m301_signed_checkpoints(db: sqlite_utils.Database) -> None:
    # chain_head is the device's own signature on its newest event, replaced with each event.
    # checkpoints keeps heads that left the device (hub receipts, heads shown to a supervisor):
    # append-only like the log, they bound what anyone holding the tablet can rewrite.
    run_script(db, """
    CREATE TABLE device_keys (public_key TEXT PRIMARY KEY, created_utc TEXT NOT NULL);
    CREATE TABLE chain_head (
        id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL,
        signed_utc TEXT NOT NULL, public_key TEXT NOT NULL, signature TEXT NOT NULL
    );
    CREATE TABLE checkpoints (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('receipt', 'shown')),
        seq INTEGER NOT NULL, hash TEXT NOT NULL, signed_utc TEXT NOT NULL,
        public_key TEXT NOT NULL, signature TEXT NOT NULL, hub TEXT, recorded_utc TEXT NOT NULL
    );
    CREATE INDEX checkpoints_kind ON checkpoints (kind, seq);
    CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
    CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
    CREATE TABLE hub_link (
        id INTEGER PRIMARY KEY CHECK (id = 1), url TEXT, public_key TEXT,
        last_attempt_utc TEXT, last_success_utc TEXT, last_error TEXT
    );
    CREATE TABLE hub_watchlists (
        version TEXT PRIMARY KEY, local_version TEXT NOT NULL, imported_utc TEXT NOT NULL
    );
    """)


@migration
def m501_patrols(db: sqlite_utils.Database) -> None:
    # Projections of the patrol events in the log (checkpoint/patrols/events.py); the log is the record.
    run_script(db, """
    CREATE TABLE patrols (
        uuid TEXT PRIMARY KEY, gate TEXT NOT NULL, team TEXT NOT NULL, leader TEXT NOT NULL,
        note TEXT, started_utc TEXT NOT NULL, local_date TEXT NOT NULL, ended_utc TEXT
    );
    CREATE INDEX patrols_day ON patrols (gate, local_date);
    CREATE TABLE patrol_points (
        patrol TEXT NOT NULL REFERENCES patrols(uuid), at_utc TEXT NOT NULL,
        lat REAL NOT NULL, lon REAL NOT NULL, accuracy REAL,
        PRIMARY KEY (patrol, at_utc)
    );
    CREATE TABLE interceptions (
        uuid TEXT PRIMARY KEY, patrol TEXT NOT NULL REFERENCES patrols(uuid), gate TEXT NOT NULL,
        officer TEXT NOT NULL, at_utc TEXT NOT NULL, local_date TEXT NOT NULL,
        lat REAL, lon REAL, accuracy REAL, place TEXT, place_note TEXT,
        violation INTEGER, action TEXT NOT NULL, persons TEXT NOT NULL, vehicles TEXT NOT NULL, note TEXT
    );
    CREATE INDEX interceptions_day ON interceptions (gate, local_date);
    CREATE TABLE intercepted_goods (
        id TEXT PRIMARY KEY, interception TEXT NOT NULL REFERENCES interceptions(uuid), line INTEGER NOT NULL,
        description TEXT NOT NULL, kind TEXT NOT NULL, quantity REAL NOT NULL, unit TEXT NOT NULL,
        value_vnd INTEGER, tag TEXT UNIQUE
    );
    CREATE TABLE interception_photos (
        sha256 TEXT NOT NULL, interception TEXT NOT NULL REFERENCES interceptions(uuid),
        filename TEXT NOT NULL, media_type TEXT NOT NULL, bytes INTEGER NOT NULL,
        width INTEGER NOT NULL, height INTEGER NOT NULL, added_utc TEXT NOT NULL,
        PRIMARY KEY (interception, sha256)
    );
    CREATE TABLE custody_events (
        event TEXT PRIMARY KEY, goods TEXT NOT NULL REFERENCES intercepted_goods(id), at_utc TEXT NOT NULL,
        from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, handed_by TEXT NOT NULL, received_by TEXT NOT NULL,
        place TEXT NOT NULL, quantity_handed REAL NOT NULL, quantity_received REAL NOT NULL, note TEXT,
        recorded_by TEXT NOT NULL
    );
    CREATE INDEX custody_events_goods ON custody_events (goods, at_utc);
    CREATE TABLE violation_records (
        event TEXT PRIMARY KEY, interception TEXT NOT NULL REFERENCES interceptions(uuid),
        number TEXT NOT NULL, made_utc TEXT NOT NULL, made_by TEXT NOT NULL, fields TEXT NOT NULL,
        event_hash TEXT NOT NULL, supersedes TEXT
    );
    CREATE INDEX violation_records_interception ON violation_records (interception, made_utc);
    """)


@migration
def m601_cases(db: sqlite_utils.Database) -> None:
    # Projections for reports: the case the officer classified with a verdict, and the findings shown.
    run_script(db, """
    ALTER TABLE gates ADD COLUMN unit TEXT;
    CREATE TABLE cases (
        inspection TEXT PRIMARY KEY, gate TEXT NOT NULL, local_date TEXT NOT NULL, officer TEXT NOT NULL,
        recorded_utc TEXT NOT NULL, category INTEGER NOT NULL, subtype TEXT NOT NULL, focus_group TEXT NOT NULL,
        goods TEXT NOT NULL, goods_value_vnd INTEGER NOT NULL, fine_vnd INTEGER NOT NULL,
        budget_vnd INTEGER NOT NULL, confiscated INTEGER NOT NULL, criminal INTEGER NOT NULL,
        defendants INTEGER NOT NULL
    );
    CREATE INDEX cases_day ON cases (local_date, gate);
    CREATE TABLE findings (
        inspection TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
        message TEXT NOT NULL, evidence TEXT NOT NULL
    );
    CREATE INDEX findings_inspection ON findings (inspection);
    CREATE INDEX inspections_date ON inspections (local_date, gate);
    ALTER TABLE inspections ADD COLUMN risk_score INTEGER;
    ALTER TABLE inspections ADD COLUMN risk_reasons TEXT;
    ALTER TABLE inspections ADD COLUMN watchlist_version TEXT;
    """)


@migration
def m201_screening(db: sqlite_utils.Database) -> None:
    # A product listing may name one batch (GS1 AI 10); C/O reuse looks up earlier certificates by type.
    run_script(db, """
    ALTER TABLE watchlist_entries ADD COLUMN batch TEXT;
    CREATE INDEX photos_certificates ON photos (inspection) WHERE json_extract(document, '$.doc_type') = 'co';
    """)


@migration
def m602_report_cases(db: sqlite_utils.Database) -> None:
    # The 389 figures count every case: those classified with an inspection's verdict, and patrol
    # interceptions with a violation category (their goods' estimated value; no fine recorded there).
    run_script(db, """
    CREATE VIEW report_cases AS
    SELECT inspection AS id, 'inspection' AS source, gate, local_date, officer, recorded_utc, category, subtype,
           focus_group, goods, goods_value_vnd, fine_vnd, budget_vnd, confiscated, criminal, defendants
    FROM cases
    UNION ALL
    SELECT i.uuid, 'interception', i.gate, i.local_date, i.officer, i.at_utc, i.violation, NULL,
           (SELECT g.kind FROM intercepted_goods g WHERE g.interception = i.uuid ORDER BY g.line LIMIT 1),
           (SELECT group_concat(g.description, '; ') FROM intercepted_goods g WHERE g.interception = i.uuid),
           COALESCE((SELECT SUM(g.value_vnd) FROM intercepted_goods g WHERE g.interception = i.uuid), 0),
           0, 0, i.action IN ('seized', 'abandoned'), 0, 0
    FROM interceptions i WHERE i.violation IS NOT NULL;
    """)


@migration
def m701_hub_trust(db: sqlite_utils.Database) -> None:
    # hub_keys: every hub key this tablet was told to trust (at set-up, or by HUB_PUBLIC_KEY), so that
    # receipts of a key replaced later still verify; only the current one's receipts count as sent.
    # sync_quarantine: events headquarters could not take whole; they stay in the log, their place is sent.
    run_script(db, """
    CREATE TABLE hub_keys (public_key TEXT PRIMARY KEY, url TEXT, pinned_utc TEXT NOT NULL);
    INSERT INTO hub_keys (public_key, url, pinned_utc)
        SELECT public_key, url, COALESCE(last_success_utc, last_attempt_utc, '') FROM hub_link
        WHERE public_key IS NOT NULL;
    CREATE TABLE sync_quarantine (
        seq INTEGER PRIMARY KEY, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, reason TEXT NOT NULL,
        quarantined_utc TEXT NOT NULL
    );
    """)


@migration
def m702_accounts_kept(db: sqlite_utils.Database) -> None:
    # Accounts are disabled, never deleted, and an id is never given twice (AUTOINCREMENT): nothing that
    # names an account (a session, the log) can come to mean another. Sessions live here, not in the
    # cookie alone, so that signing out, a new password or a disabled account ends every copy of them.
    run_script(db, """
    CREATE TABLE users_kept (
        id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer', 'patrol', 'supervisor', 'admin')),
        gate TEXT REFERENCES gates(code), must_change_password INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, disabled_utc TEXT
    );
    INSERT INTO users_kept (id, username, password_hash, role, gate, must_change_password, created_at)
        SELECT id, username, password_hash, role, gate, must_change_password, created_at FROM users;
    DROP TABLE users;
    ALTER TABLE users_kept RENAME TO users;
    CREATE TRIGGER users_no_delete BEFORE DELETE ON users
    BEGIN SELECT RAISE(ABORT, 'accounts are disabled, never deleted'); END;
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), created_utc TEXT NOT NULL,
        address TEXT NOT NULL, ended_utc TEXT
    );
    CREATE INDEX sessions_user ON sessions (user_id) WHERE ended_utc IS NULL;
    CREATE INDEX login_failures_address ON login_failures (address, at);
    """)


@migration
def m1601_account_names(db: sqlite_utils.Database) -> None:
    # Accounts kept on the tablet by leaders (#16): who the officer is, as papers and reports name them.
    run_script(db, """
    ALTER TABLE users ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE users ADD COLUMN rank TEXT NOT NULL DEFAULT '';
    """)


@migration
def m1610_sent_once_and_track_devices(db: sqlite_utils.Database) -> None:
    # sent_once: what each account's forms sent again by the page's outbox were answered with (web/once.py),
    # so that a resend records nothing twice. A patrol's route takes positions from one device at a time
    # (patrols.device, changed by a hand-over); a point at an impossible speed is kept, flagged, not drawn.
    run_script(db, """
    CREATE TABLE sent_once (
        user_id INTEGER NOT NULL REFERENCES users(id), client_id TEXT NOT NULL, target TEXT,
        claimed_utc TEXT NOT NULL, PRIMARY KEY (user_id, client_id)
    );
    ALTER TABLE patrols ADD COLUMN device TEXT;
    ALTER TABLE patrol_points ADD COLUMN device TEXT;
    ALTER TABLE patrol_points ADD COLUMN flag TEXT;
    """)


@migration
def m1801_case_steps(db: sqlite_utils.Database) -> None:
    # What followed each case's record (decisions.py): the steps as logged, and per case what stands — the newest
    # decision of each kind, the payments added up — which the 389 figures count.
    run_script(db, """
    CREATE TABLE case_steps (
        event TEXT PRIMARY KEY, case_id TEXT NOT NULL, kind TEXT NOT NULL, number TEXT NOT NULL, day TEXT NOT NULL,
        photo TEXT, detail TEXT NOT NULL, recorded_by TEXT, recorded_utc TEXT NOT NULL
    );
    CREATE INDEX case_steps_case ON case_steps (case_id, kind, day);
    CREATE VIEW case_outcomes AS
    SELECT s.case_id,
        (SELECT day FROM case_steps x WHERE x.case_id = s.case_id AND x.kind IN ('sanctioned', 'referred')
         ORDER BY x.day DESC, x.recorded_utc DESC LIMIT 1) AS decided_on,
        (SELECT json_extract(detail, '$.fine_vnd') FROM case_steps x WHERE x.case_id = s.case_id
         AND x.kind = 'sanctioned' ORDER BY x.day DESC, x.recorded_utc DESC LIMIT 1) AS fine_vnd,
        (SELECT SUM(json_extract(detail, '$.amount_vnd')) FROM case_steps x WHERE x.case_id = s.case_id
         AND x.kind = 'paid') AS paid_vnd,
        (SELECT json_extract(detail, '$.fate') FROM case_steps x WHERE x.case_id = s.case_id
         AND x.kind = 'goods_fate' ORDER BY x.day DESC, x.recorded_utc DESC LIMIT 1) AS fate,
        (SELECT json_extract(detail, '$.proceeds_vnd') FROM case_steps x WHERE x.case_id = s.case_id
         AND x.kind = 'goods_fate' ORDER BY x.day DESC, x.recorded_utc DESC LIMIT 1) AS proceeds_vnd,
        EXISTS (SELECT 1 FROM case_steps x WHERE x.case_id = s.case_id AND x.kind = 'prosecuted') AS criminal,
        (SELECT json_extract(detail, '$.defendants') FROM case_steps x WHERE x.case_id = s.case_id
         AND x.kind = 'prosecuted' ORDER BY x.day DESC, x.recorded_utc DESC LIMIT 1) AS defendants
    FROM (SELECT DISTINCT case_id FROM case_steps) s;
    """)


@migration
def m1901_hit_decisions(db: sqlite_utils.Database) -> None:
    # What officers said of watchlist hits (adjudication.py): the party's folded name finds a false match said
    # before on the same list version.
    run_script(db, """
    CREATE TABLE hit_decisions (
        event TEXT PRIMARY KEY, inspection TEXT NOT NULL, list TEXT NOT NULL, entry_id TEXT NOT NULL,
        watchlist_version TEXT NOT NULL, value TEXT NOT NULL, party_key TEXT NOT NULL, outcome TEXT NOT NULL,
        reason TEXT NOT NULL, author TEXT, recorded_utc TEXT NOT NULL
    );
    CREATE INDEX hit_decisions_party ON hit_decisions (watchlist_version, entry_id, party_key);
    CREATE INDEX hit_decisions_inspection ON hit_decisions (inspection);
    """)


@migration
def m1902_approvals(db: sqlite_utils.Database) -> None:
    # Letting pass a red truck or one with a high finding, asked and decided (approvals.py).
    run_script(db, """
    CREATE TABLE approvals (
        event TEXT PRIMARY KEY, inspection TEXT NOT NULL, verdict TEXT NOT NULL, note TEXT NOT NULL,
        reason TEXT NOT NULL, requested_by TEXT, requested_utc TEXT NOT NULL, decided_utc TEXT, decided_by TEXT,
        approved INTEGER, comment TEXT
    );
    CREATE INDEX approvals_waiting ON approvals (inspection) WHERE decided_utc IS NULL;
    """)


@migration
def m1301_watchlist_phones(db: sqlite_utils.Database) -> None:
    # A listed person's or company's phone number (watchlist/lists.py OPTIONAL_COLUMNS), screened by trail patrols.
    run_script(db, """
    ALTER TABLE watchlist_entries ADD COLUMN phone TEXT;
    """)


@migration
def m1810_custody(db: sqlite_utils.Database) -> None:
    # Gate seizures' goods lines and tags (seizures.py), their record of violation numbered per issuing agency
    # (patrols/record.py), and hand-overs that wait for the receiver's own confirmation, stock counts in the
    # warehouse (patrols/custody.py). custody_events stays for the hand-overs recorded before, by one user.
    run_script(db, """
    CREATE TABLE seized_goods (
        id TEXT PRIMARY KEY, inspection TEXT NOT NULL, line INTEGER NOT NULL, description TEXT NOT NULL,
        kind TEXT NOT NULL, quantity REAL NOT NULL, unit TEXT NOT NULL, value_vnd INTEGER, tag TEXT NOT NULL UNIQUE,
        use_by TEXT, tagged_utc TEXT NOT NULL, tagged_by TEXT
    );
    CREATE INDEX seized_goods_inspection ON seized_goods (inspection, line);
    CREATE TABLE gate_records (
        event TEXT PRIMARY KEY, inspection TEXT NOT NULL, agency TEXT NOT NULL, number TEXT NOT NULL,
        made_utc TEXT NOT NULL, made_by TEXT, fields TEXT NOT NULL, event_hash TEXT NOT NULL, supersedes TEXT
    );
    CREATE INDEX gate_records_inspection ON gate_records (inspection, made_utc);
    CREATE INDEX gate_records_agency ON gate_records (agency, made_utc);
    CREATE TABLE handovers (
        event TEXT PRIMARY KEY, goods TEXT NOT NULL, tag TEXT NOT NULL, case_id TEXT NOT NULL,
        from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, handed_by TEXT NOT NULL, receiver TEXT NOT NULL,
        place TEXT NOT NULL, quantity_handed REAL NOT NULL, decision TEXT, note TEXT, offered_utc TEXT NOT NULL,
        confirmed_event TEXT, confirmed_utc TEXT, quantity_received REAL, seal TEXT, photo TEXT, confirm_note TEXT
    );
    CREATE INDEX handovers_goods ON handovers (goods, offered_utc);
    CREATE INDEX handovers_waiting ON handovers (receiver) WHERE confirmed_utc IS NULL;
    CREATE TABLE stock_counts (
        event TEXT PRIMARY KEY, goods TEXT NOT NULL, tag TEXT NOT NULL, stocktake TEXT NOT NULL,
        expected REAL NOT NULL, counted REAL NOT NULL, counted_by TEXT, counted_utc TEXT NOT NULL
    );
    CREATE INDEX stock_counts_goods ON stock_counts (goods, counted_utc);
    """)


@migration
def m1903_inspection_draw_and_vnaccs(db: sqlite_utils.Database) -> None:
    # The random draw made at an inspection's first check, kept for every later one (checks/risk.Draw), and the
    # channel its declaration got in VNACCS as the officer entered it (inspections.set_vnaccs_channel).
    run_script(db, """
    ALTER TABLE inspections ADD COLUMN random_draw TEXT;
    ALTER TABLE inspections ADD COLUMN vnaccs_channel TEXT;
    """)


@migration
def m1903_trail_screening(db: sqlite_utils.Database) -> None:
    # The companies an interception names; what its persons, plates, companies and phones hit on the watchlists
    # (patrols/screening.py); and the index of earlier encounters (patrols/encounters.py): a person's ID number,
    # folded name and birth year, a plate, each pointing at the interceptions and gate inspections it appeared in.
    # The triggers queue what the projections add or change, so the index is brought up to date (in Python, which
    # folds names) before it is read; the rows already there are queued once here.
    run_script(db, """
    ALTER TABLE interceptions ADD COLUMN companies TEXT;
    CREATE TABLE interception_screenings (
        interception TEXT PRIMARY KEY, watchlist_version TEXT NOT NULL, screened INTEGER NOT NULL,
        hits TEXT NOT NULL, hit_count INTEGER NOT NULL, top_severity TEXT, screened_utc TEXT NOT NULL
    );
    CREATE TABLE encounter_keys (
        key TEXT NOT NULL, source TEXT NOT NULL, subject TEXT NOT NULL, at_utc TEXT NOT NULL,
        PRIMARY KEY (key, source, subject)
    ) WITHOUT ROWID;
    CREATE INDEX encounter_keys_subject ON encounter_keys (source, subject);
    CREATE TABLE encounter_pending (
        source TEXT NOT NULL, subject TEXT NOT NULL, PRIMARY KEY (source, subject)
    ) WITHOUT ROWID;
    CREATE TRIGGER encounter_interception_added AFTER INSERT ON interceptions
    BEGIN INSERT OR IGNORE INTO encounter_pending VALUES ('interception', NEW.uuid); END;
    CREATE TRIGGER encounter_interception_changed AFTER UPDATE OF persons, vehicles ON interceptions
    BEGIN INSERT OR IGNORE INTO encounter_pending VALUES ('interception', NEW.uuid); END;
    CREATE TRIGGER encounter_inspection_added AFTER INSERT ON inspections
    BEGIN INSERT OR IGNORE INTO encounter_pending VALUES ('inspection', NEW.uuid); END;
    CREATE TRIGGER encounter_inspection_changed AFTER UPDATE OF plates ON inspections
    BEGIN INSERT OR IGNORE INTO encounter_pending VALUES ('inspection', NEW.uuid); END;
    CREATE TRIGGER encounter_photo_added AFTER INSERT ON photos
    BEGIN INSERT OR IGNORE INTO encounter_pending VALUES ('inspection', NEW.inspection); END;
    CREATE TRIGGER encounter_photo_read AFTER UPDATE OF codes, document ON photos
    BEGIN INSERT OR IGNORE INTO encounter_pending VALUES ('inspection', NEW.inspection); END;
    INSERT OR IGNORE INTO encounter_pending SELECT 'interception', uuid FROM interceptions;
    INSERT OR IGNORE INTO encounter_pending SELECT 'inspection', uuid FROM inspections;
    """)


@migration
def m1811_figures_from_decisions(db: sqlite_utils.Database) -> None:
    # Every case the 389 report counts, classified or not (a seizure or referral at the gate or on a trail with no
    # sub-type yet is counted on its own line, never left out), with what a leader classified later (cases.classify),
    # and its fine, budget revenue, prosecution and defendants from what was decided (case_outcomes), never from what
    # was typed at the gate before any decision existed: that stays readable as the officer's estimate.
    # decided_on is NULL while the case awaits the sanction decision or a referral.
    run_script(db, """
    CREATE TABLE case_classes (
        event TEXT PRIMARY KEY, case_id TEXT NOT NULL, category INTEGER NOT NULL, subtype TEXT NOT NULL,
        answers TEXT NOT NULL, note TEXT NOT NULL, recorded_by TEXT, recorded_utc TEXT NOT NULL
    );
    CREATE INDEX case_classes_case ON case_classes (case_id, recorded_utc);
    DROP VIEW report_cases;
    CREATE VIEW report_cases AS
    WITH recorded AS (
        SELECT inspection AS id, 'inspection' AS source, gate, local_date, officer, recorded_utc, category, subtype,
               focus_group, goods, goods_value_vnd, confiscated, fine_vnd AS estimated_fine_vnd,
               budget_vnd AS estimated_budget_vnd, criminal AS estimated_criminal,
               defendants AS estimated_defendants
        FROM cases
        UNION ALL
        SELECT i.uuid, 'inspection', i.gate, i.local_date, i.officer, i.closed_utc, NULL, NULL, NULL,
               i.declared_goods, 0, i.verdict = 'seized', 0, 0, 0, 0
        FROM inspections i
        WHERE i.verdict IN ('seized', 'referred') AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.inspection = i.uuid)
        UNION ALL
        SELECT i.uuid, 'interception', i.gate, i.local_date, i.officer, i.at_utc, i.violation, NULL,
               (SELECT g.kind FROM intercepted_goods g WHERE g.interception = i.uuid ORDER BY g.line LIMIT 1),
               (SELECT group_concat(g.description, '; ') FROM intercepted_goods g WHERE g.interception = i.uuid),
               COALESCE((SELECT SUM(g.value_vnd) FROM intercepted_goods g WHERE g.interception = i.uuid), 0),
               i.action IN ('seized', 'abandoned'), 0, 0, 0, 0
        FROM interceptions i
        WHERE i.violation IS NOT NULL OR i.action IN ('seized', 'abandoned', 'referred')
    )
    SELECT r.id, r.source, r.gate, r.local_date, r.officer, r.recorded_utc,
           COALESCE(k.category, r.category) AS category, COALESCE(k.subtype, r.subtype) AS subtype,
           r.focus_group, r.goods, r.goods_value_vnd,
           COALESCE(o.fine_vnd, 0) AS fine_vnd,
           COALESCE(o.paid_vnd, 0) + COALESCE(o.proceeds_vnd, 0) AS budget_vnd,
           r.confiscated, COALESCE(o.criminal, 0) AS criminal, COALESCE(o.defendants, 0) AS defendants,
           o.decided_on, r.estimated_fine_vnd, r.estimated_budget_vnd, r.estimated_criminal, r.estimated_defendants,
           k.recorded_by AS classified_by
    FROM recorded r
    LEFT JOIN case_outcomes o ON o.case_id = r.id
    LEFT JOIN case_classes k ON k.event = (SELECT x.event FROM case_classes x WHERE x.case_id = r.id
                                           ORDER BY x.recorded_utc DESC, x.rowid DESC LIMIT 1);
    """)

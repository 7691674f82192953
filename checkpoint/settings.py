"""Settings declared as data: defaults here, then the instance folder's config.py, then CHECKPOINT_* variables."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The tables shipped with the code (gates, HS chapters, name forms, trails…): data, not settings.
DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE", "", "Path of the SQLite database; empty means checkpoint.db in the instance folder."),
    Setting("EVIDENCE_DIR", "", "Folder for photo evidence, outside the web root; empty means instance/evidence."),
    Setting("MAX_UPLOAD_MB", 25, "Largest photo accepted, in megabytes."),
    Setting("MAX_IMAGE_MEGAPIXELS", 50, "Largest photo accepted, in megapixels (a 200-MP image is refused unread)."),
    Setting("MAX_PHOTOS_PER_UPLOAD", 12, "Photos accepted in one upload; more are refused before any is read."),
    Setting("MAX_UPLOAD_MEGAPIXELS", 200, "Megapixels all the photos of one upload may decode to together."),
    Setting("MAX_PROCESS_MEGAPIXELS", 400, "Megapixels the app holds decoded at once, over every request; past it"
            " an upload is asked to try again."),
    Setting("MAX_QUEUED_UPLOADS", 4, "Uploads waiting to be read at once; past it an upload is asked to try again."),
    Setting("MAX_EVENT_KB", 1024, "Largest record the log takes, in kilobytes (headquarters takes up to 64 MB)."),
    Setting("MAX_FORM_LINES", 200, "Lines (goods, persons, vehicles) one form may hold."),
    Setting("IDLE_LOGOUT_MINUTES", 15, "Minutes without activity after which an officer is signed out."),
    Setting("LOGIN_MAX_FAILURES", 5, "Failed sign-ins per account before its sign-in is paused (a supervisor of its"
            " gate may lift the pause)."),
    Setting("LOGIN_MAX_FAILURES_PER_DEVICE", 20, "Failed sign-ins from one device, over every account, before"
            " sign-in is paused there."),
    Setting("LOGIN_LOCK_MINUTES", 10, "How long sign-in stays paused after too many failures."),
    Setting("PASSWORD_HASH_COST", "strong", "Cost of each password hash: 'strong' (Argon2id, RFC 9106's low-memory"
            " profile: 3 passes over 64 MiB); 'test' (one pass over 8 KiB) is for the test suite, never a tablet."),
    Setting("SESSION_COOKIE_SECURE", False, "Send the session cookie only over HTTPS (turn on behind TLS)."),
    Setting("DEFAULT_LOCALE", "vi", "Language of the interface when the officer has not chosen one."),
    Setting("TIMEZONE", "Asia/Ho_Chi_Minh", "Time zone for dates shown and for what counts as 'today'."),
    Setting("LOAD_DEMO_DATA", True, "On first start, load the demo watchlist (marked as demo data)."),
    Setting("HUB_URL", "", "Headquarters hub to sync with (e.g. http://hq.example:8400); empty turns sync off."),
    Setting("HUB_PUBLIC_KEY", "", "The hub's Ed25519 public key (base64) given by headquarters; empty trusts and pins"
            " the key of the first hub that answers."),
    Setting("HUB_ENROL_CODE", "", "Enrolment code headquarters gives for this tablet's first sync; empty where the"
            " hub registers tablets on first contact (trials)."),
    Setting("SYNC_INTERVAL_SECONDS", 300,
            "Seconds between automatic syncs while the app runs (longer after failures)."),
    Setting("SYNC_BATCH_SIZE", 500, "Events per upload request when syncing."),
    Setting("WATCHLIST_MAX_DROP_SHARE", 0.2, "Share of a list in force that an import may drop without --confirm"
            " (a stray quote can fold hundreds of rows into one)."),
    Setting("RISK_RANDOM_YELLOW", 0.05, "Share of otherwise green inspections sent to the yellow channel at random."),
    Setting("RISK_RANDOM_RED", 0.01, "Share of inspections not already red sent to the red channel at random."),
    Setting("RISK_RANDOM_BY_GATE", "", "Random shares of a gate where they differ from the two above, as"
            " 'GATE=yellow/red' entries split by commas, e.g. 'HUU_NGHI=0.08/0.02, CHI_MA=0.10/0.03'. Each inspection's"
            " draw is made at its first check with its gate's shares and kept."),
    Setting("REPORT_CUTOFF_DAY", 15, "Day of the month on which a reporting month begins (Decree 09/2019: the 15th"
            " of the previous month to the 14th); 1 makes reporting periods the calendar's."),
    Setting("REPORT_CAMPAIGN", "", "Code of the campaign (data/campaigns.csv) whose to-date column 389 reports show;"
            " empty means the campaign running when the period ends."),
    Setting("CHECK_TOLERANCE", 0.03,
            "Relative difference allowed between quantities, weights and totals of two papers."),
    Setting("TRACK_MAX_ACCURACY_M", 100, "A patrol's GPS positions less accurate than this, in metres, are dropped."),
    Setting("TRACK_MAX_SPEED_KMH", 150, "A patrol's GPS position reached from the one before faster than this, in"
            " km/h (beyond what both positions' accuracy explains), is kept flagged and left off the route."),
)

ENV_PREFIX = "CHECKPOINT_"


def defaults() -> dict[str, Any]:
    return {s.name: s.default for s in SETTINGS}


def from_environment(environ: os._Environ[str] | dict[str, str] = os.environ) -> dict[str, Any]:
    """Values of CHECKPOINT_* variables, converted to the type of the setting's default."""
    found: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(ENV_PREFIX + setting.name)
        if raw is None:
            continue
        if isinstance(setting.default, bool):
            found[setting.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif isinstance(setting.default, (int, float)):
            found[setting.name] = type(setting.default)(raw)
        else:
            found[setting.name] = raw
    return found

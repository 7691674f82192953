"""One taxonomy for every case (DOMAIN.md §5): what the officer records with a verdict, what reports count."""
from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import sqlite_utils

from . import i18n, ledger, values
from .errors import N_, InvalidInput, NotFound
from .ledger import CaseRecord, Event
from .settings import DATA_DIR

# The three categories of Steering Committee 389's figures (DOMAIN.md §5.2), as msgids.
CATEGORIES = {
    1: N_("Smuggling, illegal transport of prohibited goods"),
    2: N_("Commercial and tax fraud"),
    3: N_("Counterfeit goods, IP infringement"),
}
MAX_VND = 10**15  # far above any real case; keeps typos like an extra digit group visible, not overflowing


@lru_cache(maxsize=1)
def subtypes() -> dict[str, dict[str, str]]:
    with open(DATA_DIR / "violations.csv", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


@lru_cache(maxsize=1)
def focus_groups() -> dict[str, dict[str, str]]:
    with open(DATA_DIR / "focus_groups.csv", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def category_name(category: int, lang: str) -> str:
    return i18n.translate(CATEGORIES[category], lang)


def subtype_name(code: str, lang: str) -> str:
    row = subtypes()[code]
    return row["name_vi"] if lang == "vi" else row["name_en"]


def subtype_definition(code: str, lang: str) -> str:
    """What the sub-type means, shown when choosing it, so that every force classifies alike (DOMAIN.md §5.2)."""
    row = subtypes()[code]
    return row["definition_vi"] if lang == "vi" else row["definition_en"]


def focus_group_name(code: str, lang: str) -> str:
    row = focus_groups().get(code)
    if row is None:
        return code
    return row["name_vi"] if lang == "vi" else row["name_en"]


@dataclass(frozen=True)
class Case(CaseRecord):
    """A violation as the officer classified it; reports count these, never free text. A verdict logs it as it is,
    so its keys are the log's (ledger.events.CaseRecord)."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse(form: dict[str, Any]) -> Case | None:
    """A Case from form fields or JSON; None when no violation was recorded. Raises InvalidInput."""
    subtype = str(form.get("subtype") or "").strip()
    if not subtype:
        return None
    if subtype not in subtypes():
        raise InvalidInput(field=N_("violation"), problem=N_("unknown violation type"))
    focus = str(form.get("focus_group") or "other").strip()
    if focus not in focus_groups():
        raise InvalidInput(field=N_("goods group"), problem=N_("unknown goods group"))
    amounts = {name: _amount(form.get(name), name) for name in ("goods_value_vnd", "fine_vnd", "budget_vnd")}
    defendants = _amount(form.get("defendants"), "defendants")
    criminal = _flag(form.get("criminal"))
    if defendants and not criminal:
        raise InvalidInput(field=N_("defendants"), problem=N_("only for a case referred for prosecution"))
    return Case(subtype=subtype, focus_group=focus, goods=str(form.get("goods") or "").strip()[:500],
                confiscated=_flag(form.get("confiscated")), criminal=criminal, defendants=defendants,
                category=int(subtypes()[subtype]["category"]), **amounts)


def _amount(raw: Any, field: str) -> int:
    return values.parse_whole(raw, field, limit=MAX_VND) or 0


def _flag(raw: Any) -> bool:
    return str(raw).strip().lower() in ("1", "true", "on", "yes")


# -- the guided choice ---------------------------------------------------------------------------------------
# Forces classify the same goods differently (DOMAIN.md §5.2): a few plain questions propose the sub-type, the
# officer confirms or picks another, and what the checks found is set beside the choice.

QUESTIONS = {
    "prohibited_list": N_("Are the goods on the list of goods prohibited from import or trade?"),
    "counterfeit_mark": N_("Do the goods or their labels imitate another maker's goods or brand?"),
    "rightholder_complaint": N_("Has a right holder complained, or does a mark copy a registered trademark or design?"),
    "below_standard": N_("Are the goods below a standard (TCVN, QCVN) they must meet?"),
    "crossed_outside_gate": N_("Did the goods cross the border outside a gate (a trail, a river)?"),
    "lawful_origin_papers": N_("Are there papers proving the goods' lawful origin (declaration, invoice, C/O)?"),
}
"""Asked in this order; each is answered yes, no or unknown."""
ANSWERS = ("yes", "no", "unknown")

# The answer that points at a sub-type, first match wins: what the goods are outranks how they came.
_BY_ANSWER = (
    ("prohibited_list", "yes", "prohibited_goods"),
    ("counterfeit_mark", "yes", "counterfeit_goods"),
    ("rightholder_complaint", "yes", "ip_infringement"),
    ("below_standard", "yes", "substandard_goods"),
    ("crossed_outside_gate", "yes", "smuggling"),
    ("lawful_origin_papers", "no", "no_origin_label"),
)
# What a finding of the checks points at (CONTRACTS.md rule codes; DOCUMENT_MISMATCH by its field).
_BY_FINDING: dict[tuple[str, str | None], str] = {
    ("PROHIBITED_GOODS", None): "prohibited_goods",
    ("CO_VALIDITY", None): "origin_fraud",
    ("CO_REUSED", None): "origin_fraud",
    ("ORIGIN_PREFIX_MISMATCH", None): "origin_fraud",
    ("DOCUMENT_MISMATCH", "hs_code"): "misclassification",
    ("DOCUMENT_MISMATCH", "quantity"): "undeclared_goods",
    ("DOCUMENT_MISMATCH", "total_amount"): "undervaluation",
    ("DOCUMENT_MISMATCH", "invoice_number"): "invoice_fraud",
    ("DOCUMENT_MISMATCH", "invoice_date"): "invoice_fraud",
}


@dataclass(frozen=True)
class Proposal:
    subtype: str | None
    """None when neither the answers nor the findings point anywhere: the officer chooses."""
    because: str | None
    """The question answered, or the rule of the finding, that points at it."""


def answers_of(form: dict[str, Any]) -> dict[str, str]:
    """The questions' answers from a form ("unknown" where not given). Raises InvalidInput on another value."""
    found = {}
    for key in QUESTIONS:
        value = str(form.get(key) or "unknown").strip()
        if value not in ANSWERS:
            raise InvalidInput(field=QUESTIONS[key], problem=N_("answer yes, no or unknown"))
        found[key] = value
    return found


def supported_by(findings: list[dict[str, Any]]) -> dict[str, str]:
    """The sub-types the findings point at, each with the first rule that does (high and medium findings only:
    a low "confirm by hand" note proves nothing)."""
    pointed: dict[str, str] = {}
    for finding in findings:
        if finding.get("severity") not in ("high", "medium"):
            continue
        rule = str(finding.get("rule"))
        field = (finding.get("evidence") or {}).get("field")
        subtype = _BY_FINDING.get((rule, field)) or _BY_FINDING.get((rule, None))
        if subtype:
            pointed.setdefault(subtype, rule)
    return pointed


def propose(answers: dict[str, str], findings: list[dict[str, Any]]) -> Proposal:
    for question, answer, subtype in _BY_ANSWER:
        if answers.get(question) == answer:
            return Proposal(subtype, question)
    for subtype, rule in supported_by(findings).items():
        if not _ruled_out(subtype, answers):
            return Proposal(subtype, rule)
    return Proposal(None, None)


def _ruled_out(subtype: str, answers: dict[str, str]) -> bool:
    """The officer answered the question that points at `subtype` the other way."""
    return any(pointed == subtype and answers.get(question) not in (answer, "unknown")
               for question, answer, pointed in _BY_ANSWER)


@dataclass(frozen=True)
class Doubt:
    message: str
    """A msgid."""
    other: str | None = None
    """The sub-type an answer points at instead, if any."""


def doubts(subtype: str, answers: dict[str, str], findings: list[dict[str, Any]]) -> list[Doubt]:
    """Why a chosen sub-type does not sit well with the answers or the findings; shown to the officer and to the
    leader who reviews the case, never a block: the officer may know what the tablet does not."""
    found = []
    if _ruled_out(subtype, answers):
        found.append(Doubt(N_("The answers do not point at this violation: check the questions again.")))
    for pointed in supported_by(findings):
        if pointed != subtype and _ruled_out(pointed, answers):
            found.append(Doubt(N_("A finding of the checks points at a violation the answers rule out:"), pointed))
    proposal = propose(answers, [])
    if proposal.subtype is not None and proposal.subtype != subtype:
        found.append(Doubt(N_("The answers point at another violation:"), proposal.subtype))
    if subtypes()[subtype]["category"] == "2" and subtype != "tax_fraud" and subtype not in supported_by(findings):
        found.append(Doubt(N_("No finding of the checks supports this fraud: say in the record what shows it.")))
    return found


# -- classified later ----------------------------------------------------------------------------------------
# A seizure or referral recorded with no sub-type (a patrol's category only, or none) is counted in the report on
# its own line; a leader classifies it later, from the guided questions, and the report then counts it there.

class AlreadyClassified(InvalidInput):
    """The officer classified this case with its verdict: a change goes through the verdict's correction."""


def classify(db: sqlite_utils.Database, case_id: str, subtype: str, answers: dict[str, str], note: str, *,
             author: str) -> Event:
    """Logs a leader's classification of a case recorded without a sub-type. Raises InvalidInput, NotFound."""
    if subtype not in subtypes():
        raise InvalidInput(field=N_("violation"), problem=N_("choose the violation type"))

    def unclassified(d: sqlite_utils.Database) -> None:
        row = d.execute("SELECT subtype, classified_by IS NOT NULL FROM report_cases WHERE id = ?",
                        [case_id]).fetchone()
        if row is None:
            raise NotFound()
        if row[0] is not None and not row[1]:
            raise AlreadyClassified(field=N_("violation"), problem=N_("the officer classified it with the verdict"))
    unclassified(db)
    return ledger.record(db, "case.classified", {"subtype": subtype, "category": int(subtypes()[subtype]["category"]),
                                                 "answers": answers, "note": note.strip()[:500]},
                         author=author, subject=case_id, precondition=unclassified)


def classifications(db: sqlite_utils.Database, case_id: str) -> list[dict[str, Any]]:
    """A case's classifications by leaders, oldest first (the newest stands)."""
    rows = [dict(r) for r in db.execute("SELECT * FROM case_classes WHERE case_id = ? ORDER BY recorded_utc, rowid",
                                        [case_id])]
    for row in rows:
        row["answers"] = json.loads(row["answers"])
    return rows


@ledger.projection("case.classified")
def _classified(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.table("case_classes").insert({
        "event": event.uuid, "case_id": event.subject, "category": p["category"], "subtype": p["subtype"],
        "answers": json.dumps(p["answers"], ensure_ascii=False), "note": p["note"], "recorded_by": event.author,
        "recorded_utc": event.created_utc})

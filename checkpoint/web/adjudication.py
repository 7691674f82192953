"""The officer's word on each watchlist hit, given beside the hit on the inspection page (#19): true match, false
match (with the reason) or unsure; a new word replaces the standing one, the old stays in the log."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from .. import adjudication
from ..errors import N_, CheckpointError, InvalidInput, NotFound
from . import get_db
from .auth import login_required
from .inspections import INSPECTING_ROLES, field_errors, load_visible, render_show, show_error

bp = Blueprint("adjudication", __name__)
INPUTS = ("outcome", "reason")
CHOICES = {"true_match": N_("Yes, the listed party"), "false_match": N_("No, another party"),
           "unsure": N_("Not sure")}
"""The officer's answer to 'Is this the listed party?', for each outcome (adjudication.OUTCOMES)."""


@bp.app_context_processor
def hit_words() -> dict[str, Any]:
    def hit_word(inspection: dict[str, Any], finding: dict[str, Any]) -> dict[str, Any]:
        """What the page shows beside one hit: its id, the standing word and a false match remembered from
        another inspection; read once per page."""
        beside = g.setdefault("hits_beside", {})
        if inspection["uuid"] not in beside:
            beside[inspection["uuid"]] = adjudication.beside_hits(get_db(), inspection["uuid"],
                                                                  inspection["findings"])
        evidence = finding["evidence"]
        key = adjudication.hit_id(str((evidence.get("entry") or {}).get("id") or ""), str(evidence.get("value") or ""))
        return {"id": key, **beside[inspection["uuid"]].get(key, {"standing": None, "remembered": None})}
    return {"hit_word": hit_word, "hit_outcomes": adjudication.OUTCOMES, "hit_choices": CHOICES}


@bp.route("/inspections/<inspection_id>/hits/<hit>", methods=("POST",))
@login_required(*INSPECTING_ROLES)
def adjudicate(inspection_id: str, hit: str) -> Any:
    """Refused input answers 422 with the page, what was typed kept and the error beside its field."""
    evidence = adjudication.hits(load_visible(inspection_id)["findings"]).get(hit)
    try:
        if evidence is None:
            raise NotFound()
        word = adjudication.parse(request.form, evidence)
        adjudication.record(get_db(), inspection_id, word, author=g.user.username)
    except InvalidInput as exc:
        return render_show(inspection_id, 422, {f"hit-{hit}-{name}": request.form.get(name, "") for name in INPUTS},
                           field_errors(exc, f"hit-{hit}-"))
    except CheckpointError as exc:
        return show_error(inspection_id, exc)
    flash(_("Your word on the watchlist hit is recorded."), "info")
    return redirect(url_for("inspections.show", inspection_id=inspection_id))

"""Translation of messages outside templates: CLI output, JSON errors, findings.

The catalogs are the same ones Flask-Babel uses for the pages; msgids are English.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
LANGUAGES = ("vi", "en")


@cache
def catalog(lang: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), [lang], domain="messages")


@dataclass(frozen=True)
class Message:
    """A msgid and its params, translated only when shown: a problem found before the reader's language is
    known (a watchlist row's bad identifier), and usable as a param of another message."""
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return translate(self.msgid, "en", self.params)


def translate(msgid: str, lang: str, params: dict[str, Any] | None = None) -> str:
    text = catalog(lang).gettext(msgid)
    if not params:
        return text
    return text % {k: translate(v.msgid, lang, v.params) if isinstance(v, Message) else v for k, v in params.items()}


def error_message(error: BaseException, lang: str) -> str:
    """The officer-facing text of any of our errors (checkpoint, scanners or ocr)."""
    msgid = getattr(error, "message", None)
    if not isinstance(msgid, str):
        return translate("Something went wrong.", lang)
    params = dict(getattr(error, "params", None) or {})
    if getattr(error, "translate_params", False):
        params = {k: translate(v, lang) if isinstance(v, str) else v for k, v in params.items()}
    return translate(msgid, lang, params or None)


def both(msgid: str, params: dict[str, Any] | None = None) -> dict[str, str]:
    """The bilingual form used in JSON (findings): {"vi": …, "en": …}."""
    return {lang: translate(msgid, lang, params) for lang in LANGUAGES}

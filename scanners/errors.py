"""The error root of scanners/: messages are English msgids translated by the app's catalogs."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar


def N_(msgid: str) -> str:
    return msgid


class ScannerError(Exception):
    message = N_("The barcode reader failed.")
    status = 500
    exit_code = 2

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.message % params if params else self.message)


class MissingDependencyError(ScannerError):
    message = N_("The barcode library %(library)s is missing: %(fix)s")


class UnreadableImageError(ScannerError):
    message = N_("The picture is not an image the barcode reader can use (%(shape)s).")
    status = 422


class InvalidCodeError(ScannerError):
    message = N_("The %(kind)s %(value)s fails its check: %(reason)s")
    status = 422

    def __init__(self, kind: str, value: str, errors: tuple[str, ...]) -> None:
        self.errors = errors
        """Every failed check, each a precise English message."""
        super().__init__(kind=kind, value=value, reason="; ".join(errors))


class Reason(StrEnum):
    """Why an identifier fails its check: a stable code (never renamed, only added to) that callers compare
    and translate. REASONS gives each its English msgid; a Problem's params fill it."""
    NOT_TEXT = "not_text"
    CHECK_DIGIT = "check_digit"
    MST_LENGTH = "mst_length"
    MST_SEQUENCE = "mst_sequence"
    MST_NO_CHECK_DIGIT = "mst_no_check_digit"
    MST_BRANCH = "mst_branch"
    GTIN_LENGTH = "gtin_length"
    UPCE_FORMAT = "upce_format"
    CONTAINER_FORMAT = "container_format"
    CCCD_LENGTH = "cccd_length"
    CCCD_PROVINCE = "cccd_province"
    CCCD_QR_FIELDS = "cccd_qr_fields"
    CCCD_QR_OLD_ID = "cccd_qr_old_id"
    CCCD_QR_BIRTH_DATE = "cccd_qr_birth_date"
    CCCD_QR_BIRTH_YEAR = "cccd_qr_birth_year"
    CCCD_QR_SEX = "cccd_qr_sex"
    CCCD_QR_SEX_MISMATCH = "cccd_qr_sex_mismatch"
    CCCD_QR_ISSUE_DATE = "cccd_qr_issue_date"
    MRZ_LAYOUT = "mrz_layout"
    MRZ_CHECK_DIGIT = "mrz_check_digit"
    PASSPORT_FORMAT = "passport_format"
    PLATE_FORMAT = "plate_format"
    USCC_LENGTH = "uscc_length"
    USCC_FORMAT = "uscc_format"
    GS1_CHARSET = "gs1_charset"
    GS1_TOO_LONG = "gs1_too_long"
    GS1_DATE = "gs1_date"
    GS1_MEASURE = "gs1_measure"
    GS1_UNREADABLE_AI = "gs1_unreadable_ai"
    GS1_EMPTY = "gs1_empty"
    GS1_GTIN_CHECK_DIGIT = "gs1_gtin_check_digit"
    GS1_LENGTH = "gs1_length"
    GS1_FORMAT = "gs1_format"
    GS1_CHECKSUM = "gs1_checksum"
    GS1_COMPONENT = "gs1_component"
    DIGITAL_LINK_PATH = "digital_link_path"
    DIGITAL_LINK_PAIRS = "digital_link_pairs"
    FAPIAO_FIELDS = "fapiao_fields"
    FAPIAO_VERSION = "fapiao_version"
    FAPIAO_TYPE = "fapiao_type"
    FAPIAO_DIGITAL_CODE = "fapiao_digital_code"
    FAPIAO_DIGITAL_NUMBER = "fapiao_digital_number"
    FAPIAO_CODE = "fapiao_code"
    FAPIAO_NUMBER = "fapiao_number"
    FAPIAO_AMOUNT = "fapiao_amount"
    FAPIAO_DATE = "fapiao_date"
    FAPIAO_CHECK_CODE = "fapiao_check_code"
    EINVOICE_FORMAT = "einvoice_format"
    EINVOICE_YEAR = "einvoice_year"


REASONS = {
    Reason.NOT_TEXT: N_("not text"),
    Reason.CHECK_DIGIT: N_("check digit should be %(expected)s"),
    Reason.MST_LENGTH: N_("expected 10 or 13 digits"),
    Reason.MST_SEQUENCE: N_("digits 3–9 (sequence) must not all be 0"),
    Reason.MST_NO_CHECK_DIGIT: N_("no check digit exists for digits 1–9 %(body)s"),
    Reason.MST_BRANCH: N_("branch suffix should be 001–999, not 000"),
    Reason.GTIN_LENGTH: N_("expected 8, 12, 13 or 14 digits"),
    Reason.UPCE_FORMAT: N_("expected 8 digits starting 0 or 1"),
    Reason.CONTAINER_FORMAT: N_("expected 3 letters, U, J or Z, 6 digits and a check digit"),
    Reason.CCCD_LENGTH: N_("expected exactly 12 digits"),
    Reason.CCCD_PROVINCE: N_("province code %(code)s does not exist"),
    Reason.CCCD_QR_FIELDS: N_("expected at least 7 '|'-separated fields, got %(count)s"),
    Reason.CCCD_QR_OLD_ID: N_("old ID %(value)s should be 9 digits or empty"),
    Reason.CCCD_QR_BIRTH_DATE: N_("date of birth %(value)s is not ddmmyyyy"),
    Reason.CCCD_QR_BIRTH_YEAR: N_("birth year %(found)s disagrees with the ID number, which says %(expected)s"),
    Reason.CCCD_QR_SEX: N_("sex %(value)s should be Nam or Nữ"),
    Reason.CCCD_QR_SEX_MISMATCH: N_("sex %(found)s disagrees with the ID number, which says %(expected)s"),
    Reason.CCCD_QR_ISSUE_DATE: N_("issue date %(value)s is not ddmmyyyy"),
    Reason.MRZ_LAYOUT: N_("expected 3×30 (TD1), 2×36 (TD2) or 2×44 (TD3) characters A–Z, 0–9 and '<'"),
    Reason.MRZ_CHECK_DIGIT: N_("%(field)s check digit should be %(expected)s"),
    Reason.PASSPORT_FORMAT: N_("expected 6 to 9 letters and digits"),
    Reason.PLATE_FORMAT: N_("not a Vietnamese (12C-123.45) or Chinese (桂A·12345) plate"),
    Reason.USCC_LENGTH: N_("expected 18 letters and digits"),
    Reason.USCC_FORMAT: N_("expected 8 digits, then digits and capital letters other than I, O, S, V and Z"),
    Reason.GS1_CHARSET: N_("it holds characters outside the GS1 character set"),
    Reason.GS1_TOO_LONG: N_("longer than any GS1 symbol holds (%(length)s > %(limit)s characters)"),
    Reason.GS1_DATE: N_("a date is not a valid YYMMDD"),
    Reason.GS1_MEASURE: N_("a measure has no digits"),
    Reason.GS1_UNREADABLE_AI: N_("it holds an application identifier python-stdnum cannot read (4330–4333, 8030, "
                                 "8043)"),
    Reason.GS1_EMPTY: N_("no application identifiers found"),
    Reason.GS1_GTIN_CHECK_DIGIT: N_("GTIN (AI 01) check digit should be %(expected)s"),
    Reason.GS1_LENGTH: N_("The number has an invalid length"),
    Reason.GS1_FORMAT: N_("The number has an invalid format"),
    Reason.GS1_CHECKSUM: N_("The number's checksum or check digit is invalid"),
    Reason.GS1_COMPONENT: N_("One of the parts of the number are invalid or unknown"),
    Reason.DIGITAL_LINK_PATH: N_("no /01/ (or other primary key) path"),
    Reason.DIGITAL_LINK_PAIRS: N_("the path should alternate AIs and values"),
    Reason.FAPIAO_FIELDS: N_("expected at least 7 comma-separated fields, got %(count)s"),
    Reason.FAPIAO_VERSION: N_("version should be 01, not %(value)s"),
    Reason.FAPIAO_TYPE: N_("invoice type %(value)s should be 2 digits"),
    Reason.FAPIAO_DIGITAL_CODE: N_("a fully digitalised invoice has an empty invoice code, not %(value)s"),
    Reason.FAPIAO_DIGITAL_NUMBER: N_("a fully digitalised invoice number has 20 digits, not %(value)s"),
    Reason.FAPIAO_CODE: N_("invoice code %(value)s should be 10 or 12 digits"),
    Reason.FAPIAO_NUMBER: N_("invoice number %(value)s should be 8 digits"),
    Reason.FAPIAO_AMOUNT: N_("amount %(value)s is not a decimal number"),
    Reason.FAPIAO_DATE: N_("date %(value)s must be YYYYMMDD"),
    Reason.FAPIAO_CHECK_CODE: N_("check code %(value)s should be 20 digits or empty"),
    Reason.EINVOICE_FORMAT: N_("expected <form digit><C|K><YY><%(letters)s><2 letters>"),
    Reason.EINVOICE_YEAR: N_("YY %(yy)s should be the issue year %(year)s"),
}


@dataclass(frozen=True)
class Problem:
    """One failed check: its reason code, the values that fill the reason's msgid, and the whole English
    sentence ('Failed to parse '0100233480' as MST: check digit should be 8.')."""
    reason: Reason
    params: tuple[tuple[str, str], ...]
    message: str

    @property
    def msgid(self) -> str:
        return REASONS[self.reason]

    @property
    def values(self) -> dict[str, str]:
        return dict(self.params)


def problem(subject: object, what: str, reason: Reason, /, *, shown: str = "", **params: object) -> Problem:
    """The problem `reason` of `subject` read as `what` (an English name: 'MST', 'container number');
    `shown` replaces the subject's repr in the sentence (a long one cut short)."""
    texts = {name: str(v) for name, v in params.items()}
    return Problem(reason, tuple(texts.items()),
                   f"Failed to parse {shown or repr(subject)} as {what}: {REASONS[reason] % texts}.")


class Checked(Protocol):
    """What every parse result has (frozen dataclasses, so the members are read-only)."""
    @property
    def raw(self) -> str: ...
    @property
    def valid(self) -> bool: ...
    @property
    def errors(self) -> tuple[str, ...]: ...
    @property
    def kind(self) -> str: ...


class Coded(Protocol):
    """A parse result whose failed checks are coded (the identifiers an app validates by hand)."""
    @property
    def valid(self) -> bool: ...
    @property
    def problems(self) -> tuple[Problem, ...]: ...


@dataclass(frozen=True)
class CheckedNumber:
    """A number that is only checked, with no parts to read out of it (passport, USCC): each kind subclasses it
    to set its own `kind`."""
    raw: str
    """The number as typed or read."""
    number: str
    """Its compact form, the one other papers and the watchlists hold."""
    valid: bool
    """Whether it passes every check."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid."""
    kind: str = ""

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "number": self.number, "valid": self.valid, "errors": list(self.errors)}


CheckedT = TypeVar("CheckedT", bound=Checked)


def require_valid(result: CheckedT) -> CheckedT:
    """The parse result itself when valid; InvalidCodeError naming every failed check otherwise."""
    if not result.valid:
        raise InvalidCodeError(result.kind, result.raw, result.errors)
    return result

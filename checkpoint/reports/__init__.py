"""Reports: the figures read from the log's projections (queries), written as CSV, XLSX and PDF (formats) on
one PDF base for every printed document (pdf)."""
from .queries import (
    Figures,
    Summary,
    build,
    case_rows,
    daily_log,
    dashboard,
    figures,
    findings_per_rule,
    summary,
    unit_of,
)

__all__ = [
    "Figures",
    "Summary",
    "build",
    "case_rows",
    "daily_log",
    "dashboard",
    "figures",
    "findings_per_rule",
    "summary",
    "unit_of",
]

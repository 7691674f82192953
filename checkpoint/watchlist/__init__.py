"""Watchlists: the imported lists and their versions (lists), and the names, codes and plates screened
against them (screening)."""
from .lists import (
    ImportReport,
    Rejection,
    WatchlistHeaderInvalid,
    WatchlistRefused,
    WatchlistUnreadable,
    current_version,
    entries,
    import_file,
    import_text,
    index,
)

__all__ = [
    "ImportReport",
    "Rejection",
    "WatchlistHeaderInvalid",
    "WatchlistRefused",
    "WatchlistUnreadable",
    "current_version",
    "entries",
    "import_file",
    "import_text",
    "index",
]

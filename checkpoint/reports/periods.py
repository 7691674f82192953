"""Reporting periods: day, week, month, the reporting month, quarter, six months, year and named campaigns.

A period is a run of whole local days, both ends included. The month-based kinds exist twice: on the calendar,
and cut off on a day of the month. Decree 09/2019/ND-CP art. 12 closes a month's figures on the 14th (a
reporting month runs from the 15th of the previous month to the 14th), a quarter's on the 14th of its last
month, six months' on 14 June and a year's on 14 December; the cut-off day is the setting
REPORT_CUTOFF_DAY (1 is the calendar). A reporting period is named after the month that holds its end:
the reporting month "03/2026" runs from 15/02/2026 to 14/03/2026.
"""
from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from .. import i18n
from ..errors import N_, InvalidInput
from ..settings import DATA_DIR

# Months per kind of month-based period; "reporting_*" are the same cut off on the cut-off day.
MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
KINDS = ("day", "week", "month", "reporting_month", "quarter", "reporting_quarter", "half", "reporting_half",
         "year", "reporting_year", "campaign")
KIND_NAMES = {
    "day": N_("Day"), "week": N_("Week"), "month": N_("Month"), "reporting_month": N_("Reporting month"),
    "quarter": N_("Quarter"), "reporting_quarter": N_("Reporting quarter"), "half": N_("Six months"),
    "reporting_half": N_("Reporting six months"), "year": N_("Year"), "reporting_year": N_("Reporting year"),
    "campaign": N_("Campaign"),
}
MAX_CUTOFF = 28  # every month has a 28th
# The years a report may be asked for: its period, the one before and the same a year earlier stay real dates.
FIRST_YEAR, LAST_YEAR = 2001, 2098


@dataclass(frozen=True)
class Campaign:
    code: str
    name_vi: str
    name_en: str
    start: date
    end: date | None
    """Last day, or None while it runs."""
    source: str

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@lru_cache(maxsize=1)
def campaigns() -> tuple[Campaign, ...]:
    """The campaigns of data/campaigns.csv, oldest first."""
    with open(DATA_DIR / "campaigns.csv", encoding="utf-8") as f:
        found = [Campaign(row["code"], row["name_vi"], row["name_en"], date.fromisoformat(row["start"]),
                          date.fromisoformat(row["end"]) if row["end"] else None, row["source"])
                 for row in csv.DictReader(f)]
    return tuple(sorted(found, key=lambda c: c.start))


def campaign(code: str) -> Campaign:
    found = next((c for c in campaigns() if c.code == code), None)
    if found is None:
        raise InvalidInput(field=N_("campaign"), problem=N_("unknown campaign"))
    return found


def campaign_on(day: date) -> Campaign | None:
    """The campaign running on a day (the latest started, where two overlap)."""
    running = [c for c in campaigns() if c.start <= day and (c.end is None or day <= c.end)]
    return running[-1] if running else None


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date
    cutoff: int = 1
    """The cut-off day of the month-based kinds (1: the calendar)."""
    campaign: Campaign | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before; a campaign's is as many days before it started."""
        if self.kind == "campaign":
            return Period("campaign", self.start - timedelta(days=self.days), self.start - timedelta(days=1),
                          campaign=self.campaign)
        return period(self.kind, self.start - timedelta(days=1), self.cutoff)

    def year_earlier(self) -> Period:
        """The same period a year earlier: for a day or a week, the one 52 weeks back (the same weekday); for
        the month-based kinds the same month a year back; for a campaign the same dates (29 February as 28th)."""
        if self.kind in ("day", "week"):
            return period(self.kind, self.start - timedelta(weeks=52), self.cutoff)
        if self.kind == "campaign":
            return Period("campaign", _year_back(self.start), _year_back(self.end), campaign=self.campaign)
        return period(self.kind, _year_back(self.end), self.cutoff)

    def year_to_date(self) -> Period:
        """From the first day of the year that holds the period's end (the reporting year for reporting kinds)
        to its end."""
        year_kind = "reporting_year" if self.kind.startswith("reporting_") else "year"
        return Period("to_date", period(year_kind, self.end, self.cutoff).start, self.end)

    def campaign_to_date(self, chosen: Campaign | None = None) -> Period | None:
        """From the start of a campaign (the one chosen, else the period's own, else the one running on the
        period's last day) to that day, or to the campaign's end if it ended before; None outside any."""
        running = chosen or self.campaign or campaign_on(self.end)
        if running is None or running.start > self.end:
            return None
        end = self.end if running.end is None else min(self.end, running.end)
        return Period("to_date", running.start, end, campaign=running)

    def label(self) -> str:
        """Its days, the Vietnamese way: 15/02/2026 – 14/03/2026."""
        return _day(self.start) if self.days == 1 else f"{_day(self.start)} – {_day(self.end)}"

    def name(self, lang: str) -> str:
        """What a report's title calls it: "tháng 3 năm 2026", "quý I năm 2026", "đợt cao điểm …"."""
        base = self.kind.removeprefix("reporting_")
        end = self.end
        if base == "month":
            if lang == "en":  # English names its months; Vietnamese numbers them (tháng 3)
                return f"{calendar.month_name[end.month]} {end.year}"
            params: dict[str, Any] = {"month": end.month, "year": end.year}
            return i18n.translate(N_("month %(month)d of %(year)d"), lang, params)
        if base == "quarter":
            params = {"quarter": ROMAN[(end.month - 1) // 3], "year": end.year}
            return i18n.translate(N_("quarter %(quarter)s of %(year)d"), lang, params)
        if base == "half":
            which = N_("first six months of %(year)d") if end.month <= 6 else N_("last six months of %(year)d")
            return i18n.translate(which, lang, {"year": end.year})
        if base == "year":
            return i18n.translate(N_("year %(year)d"), lang, {"year": end.year})
        if self.campaign is not None:
            return self.campaign.name(lang)
        return self.label()


ROMAN = ("I", "II", "III", "IV")


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _month_start(year: int, month: int) -> date:
    """The first day of a month counted on from January of `year` (month may run past 12)."""
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def check_day(day: date) -> date:
    """A day a report may be asked for (typed by a person: 31/12/9999 has no period before or after it)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(field=N_("date"), problem=N_("must be in the years 2001 to 2098"))
    return day


def check_cutoff(cutoff: int) -> int:
    if not 1 <= cutoff <= MAX_CUTOFF:
        raise InvalidInput(field=N_("cut-off day"), problem=N_("must be a day from 1 to 28"))
    return cutoff


def period(kind: str, day: date, cutoff: int = 1, campaign_code: str = "") -> Period:
    """The period of a kind that holds a day. A campaign is the one named (or the one running on the day),
    up to its end or, while it runs, up to the day."""
    if kind == "day":
        return Period(kind, day, day)
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return Period(kind, monday, monday + timedelta(days=6))
    if kind == "campaign":
        found = campaign(campaign_code) if campaign_code else campaign_on(day)
        if found is None:
            raise InvalidInput(field=N_("campaign"), problem=N_("no campaign runs on that day"))
        return Period(kind, found.start, found.end or max(day, found.start), campaign=found)
    reporting = kind.startswith("reporting_")
    months = MONTHS.get(kind.removeprefix("reporting_"))
    if months is None:
        raise InvalidInput(field=N_("period"), problem=N_("unknown kind of period"))
    cut = check_cutoff(cutoff) if reporting else 1
    # A day on or after the cut-off belongs to the next month's reporting period (with cut-off 1, to its own).
    shift = 1 if cut > 1 and day.day >= cut else 0
    month = day.month + shift  # the month that holds the period's end, counted on from January of day.year
    first = (month - 1) // months * months + 1  # the first month of the block of `months` holding it
    start = _month_start(day.year, first)
    end = _month_start(day.year, first + months)
    if cut > 1:  # the block's months each begin on the cut-off day of the month before
        start = _month_start(start.year, start.month - 1).replace(day=cut)
        end = _month_start(end.year, end.month - 1).replace(day=cut)
    return Period(kind, start, end - timedelta(days=1), cut)

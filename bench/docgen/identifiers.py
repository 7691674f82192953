"""Valid identifiers for generated shipments: tax codes, GTINs, container numbers, plates, document numbers.

Check digits come from python-stdnum, the same library the scanners validate with, so a generated value is
valid by the project's own definition (DOMAIN.md §3).
"""
from __future__ import annotations

import random
from datetime import date

from stdnum import ean, iso6346
from stdnum.cn import uscc
from stdnum.vn import mst

# GS1 prefixes (DOMAIN.md §3.3) of the countries shipments come from, and of some a label may claim.
GS1_PREFIXES = {
    "CN": ("690", "691", "692", "693", "694", "695", "696", "697", "698", "699"),
    "VN": ("893",),
    "TH": ("885",),
    "MY": ("955",),
    "KR": ("880",),
    "JP": tuple(str(p) for p in (*range(450, 460), *range(490, 500))),
    "TW": ("471",), "HK": ("489",), "SG": ("888",), "ID": ("899",), "PH": ("480",), "LA": ("887",),
    "KH": ("884",), "MM": ("883",), "IN": ("890",), "DE": tuple(str(p) for p in range(400, 441)),
    "FR": tuple(str(p) for p in range(300, 380)), "US": tuple(f"{p:03d}" for p in range(60, 140)),
}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CONTAINER_OWNERS = ("CSQU", "MSKU", "TGHU", "OOLU", "CMAU", "TCLU", "SEGU", "COSU")
MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
GUANGXI_CITY_LETTERS = "ABCDEFGJKLMNPR"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def vn_mst(rng: random.Random, province: str) -> str:
    """A 10-digit Vietnamese tax code registered in `province`."""
    while True:
        body = province + _digits(rng, 7)
        # a body whose weighted sum is 0 mod 11 has no check digit: no MST is issued with it
        if body[2:] == "0000000" or sum(w * int(d) for w, d in zip(MST_WEIGHTS, body)) % 11 == 0:
            continue
        number = body + mst.calc_check_digit(body)
        if mst.is_valid(number):
            return number


def cn_uscc(rng: random.Random) -> str:
    """An 18-character Chinese unified social credit code of a company (registration 91, Guangxi 45…)."""
    body = "91" + rng.choice(("4514", "4501", "4400", "5325", "3307", "3100")) + _digits(rng, 2)
    body += "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def gtin13(rng: random.Random, country: str) -> str:
    body = rng.choice(GS1_PREFIXES[country]) + _digits(rng, 9)
    return body + ean.calc_check_digit(body)


def container(rng: random.Random) -> str:
    while True:
        body = rng.choice(CONTAINER_OWNERS) + _digits(rng, 6)
        check = iso6346.calc_check_digit(body)
        if check != "0" or rng.random() < 0.1:  # remainders of 10 fold to 0; keep them rare, as issued
            return body + check


def vn_plate(rng: random.Random) -> str:
    province = rng.choice(("12", "12", "12", "11", "14", "98", "29", "15"))
    return f"{province}{rng.choice('CDH')}-{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}"


def cn_plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    tail = "".join(rng.choice("0123456789" * 3 + letters) for _ in range(5))
    return f"桂{rng.choice(GUANGXI_CITY_LETTERS)}·{tail}"


def invoice_number(rng: random.Random, day: date, seller_country: str) -> str:
    yy, mm = day.strftime("%y"), day.strftime("%m")
    n = rng.randint(1, 9999)
    shapes = [
        f"CI{yy}{mm}-{n:04d}", f"INV-{day.year}-{n:03d}", f"{day.year}{mm}{n:04d}",
        f"PX{yy}{mm}{day.day:02d}-{rng.randint(1, 99):02d}", f"EXP/{yy}/{n:04d}", f"HD{yy}-{n:05d}",
    ]
    if seller_country == "CN":
        shapes += [f"GX{yy}{mm}{n:04d}", f"{rng.choice(('PXHT', 'DXSD', 'NNJQ'))}{yy}{n:05d}"]
    return rng.choice(shapes)


def einvoice_number(rng: random.Random) -> str:
    """A Vietnamese e-invoice number: up to 8 digits, printed zero-padded by most providers."""
    return f"{rng.randint(1, 99999):08d}" if rng.random() < 0.7 else str(rng.randint(1, 99999))


def einvoice_symbol(rng: random.Random, day: date) -> str:
    """Form number + symbol, e.g. 1C25TAA (DOMAIN.md §3.11); the year is the issue year."""
    return f"{rng.choice('127')}{rng.choice('CK')}{day.strftime('%y')}T{rng.choice('ABCDHLMNPY')}{rng.choice('ABEKY')}"


def co_reference(rng: random.Random, form: str, issuer: str, day: date) -> str:
    yy = day.strftime("%y")
    if issuer == "VN":
        return f"VN-CN {yy}/{rng.choice(('02', '06', '08', '36'))}/{rng.randint(1, 99999):05d}"
    if form == "E":
        return f"E{yy}{rng.choice(('4514', '4501', '4400', '5300'))}{_digits(rng, 9)}"
    if form == "RCEP":
        prefix = {"CN": "R", "KR": "RK", "TH": "RT"}.get(issuer, "R")
        return f"{prefix}{yy}{_digits(rng, 11)}"
    return f"{issuer}{yy}-{rng.choice(('D', 'DT', 'BKK'))}-{rng.randint(1, 999999):06d}"


def declaration_number(rng: random.Random) -> str:
    """12 digits; imports begin with 10, the 12th digit counts amendments (DOMAIN.md §2.3)."""
    return "10" + _digits(rng, 9) + rng.choice("0000001")

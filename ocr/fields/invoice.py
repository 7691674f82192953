"""Commercial invoice (DOMAIN.md §2.1) into CONTRACTS.md's invoice fields."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from stdnum.cn import uscc
from stdnum.vn import mst

from ..document import Field
from ..layout import Line
from ..normalise import digits, fold
from . import labelled as labels
from .common import (
    CURRENCY,
    DATE,
    FIXED,
    INVALID,
    LABEL_TAIL,
    MONEY,
    NUMBER,
    Hit,
    amount_field,
    beside,
    currency,
    date_field,
    first,
    has_cjk,
    hits,
    hs_codes_field,
    index_of,
    strip_label,
    summed,
    whole,
)
from .items import items_field
from .labelled import name_fields, party, split_scripts
from .packing_list import labelled_invoice_number
from .references import HASH_LABEL, bare_invoice_number, header_number, invoice_number

TITLE = r"commercial\s*invoice|^\s*invoice\s*$|hoa\s*don\s*(thuong\s*mai|gia\s*tri)|商业发票|发票"
UNLABELLED = 0.8
BUYER = r"buyer|nguoi\s*mua|consignee|买方|收货人"
BUYER_END = r"port\s*of|terms|cang\s*|cua\s*khau|payment|description|^\s*no\.?\s+desc"
ADDRESS = r"dia\s*chi|address|add\b|地址"
TAX_CODE = r"ma\s*so\s*thue|mst|tax\s*(?:code|id)|vat\s*no|\btin\b"
# Ten digits (thirteen for a branch) in Vietnam; a Chinese unified social credit code has eighteen
# characters, letters among them.
TAX_VALUE = r"[\dOoIlSB][\dOoIlSB\- ]{8,14}[\dOoIlSB](?![\da-z])|[0-9][0-9a-z]{17}(?![\da-z])"
INCOTERMS = r"\b(?P<v>exw|fca|fas|fob|cfr|cif|cpt|cip|dap|dpu|ddp|daf|dat)\b"
# Labels of a total, surest first: a receipt prints a subtotal, tax totals and the amount payable, and the
# payable one is what the surest label names; a subtotal stands in only when no total's amount was read.
# A balance due is not among them: it is what remains after a deposit, not the invoice's value.
# "Grand" whose "total" stands in the next cell is still the payable total when its amount follows it.
PAYABLE = (r"grand\s*(?:total|(?=[a-z]{3}\s*\d))|net+\s*total|rounded\s*total|total\s*after\s*rounding"
           r"|amount\s*(?:due|payable)|total\s*(?:amount\s*)?(?:due|payable)|tong\s*(?:cong\s*)?tien\s*thanh\s*toan|价税合计|应付金额")
# Tesseract drops or swaps a letter of the heavy TOTAL heading now and then ("TC TAL", "TONG TONG").
# "Tổng" alone names a total only right before its amount: "Tổng trọng lượng: 5,000" is a weight's.
TOTAL = (r"total\s*amount|total\s*value|(?<!sub)(?<!sub[\s\-])t[o0c][\s.]?[tf]?al"
         r"|tong\s*\S?[o0]ng|tong\s*tien|tong\s*gia(?:\s*\S{2,3}\b)?|tong(?=\s*[:：]?\s*(?:[a-z]{3}\s*)?\d)"
         r"|合计|总计|总金额")
# "Cộng tiền hàng", its middle word lost now and then.
SUBTOTAL = r"sub\s*-?\s*total|cong\s*(?:tien\s*)?hang"
TOTAL_RANKS = (PAYABLE, TOTAL, SUBTOTAL)
# An amount whose decimal point OCR printed apart from its cents ("29. 70") is still one amount.
AMOUNT = rf"\d[\d.,]*[.,]\s\d{{2}}(?![\d.,])|{NUMBER}"
AMOUNT_AFTER = (r"(?!\s*(?:packages|so\s*kien|weight|quantity|qty|items?\b))"
                # A due date may stand between the label and the amount: "TOTAL DUE ON August 3, 2014 $4.11".
                rf"[^0-9\n]{{0,40}}?(?:(?:{DATE})[^0-9\n]{{0,10}}?)?(?P<v>{AMOUNT})")
# A label ending its line, its amount read as a line of its own beside it: "Total Incl.   RM 12.30".
LABEL_ALONE = r"[^0-9\n]{0,40}$"
AMOUNT_ALONE = rf"^[^0-9\n]{{0,6}}?(?P<v>{AMOUNT})\s*$"


def extract(lines: Sequence[Line]) -> dict[str, Field]:
    fields: dict[str, Field | None] = {}
    fields["invoice_number"] = own_number(lines)
    # A receipt often prints its date without a label: then the first date on the page, a little less sure.
    labelled = first_date(lines, rf"(?:date|ngay|日期){LABEL_TAIL}(?P<v>{DATE})") or \
        date_field(labels.labelled(lines, labels.DATE, rf"(?P<v>{DATE})"))
    anywhere = first_date(lines, rf"(?<![\d/])(?P<v>{DATE})")
    fields["invoice_date"] = labelled or (replace(anywhere, confidence=anywhere.confidence * UNLABELLED)
                                          if anywhere else None)
    title = index_of(lines, TITLE)
    top = list(lines[:title]) if title else []
    seller = party(lines, labels.SELLER)
    if seller[0] is None:
        seller = letterhead(lines[:title] if title else lines[:3])
    elif seller[1] is None and not has_cjk(seller[0].raw):
        # A Chinese seller heads its paper with its name in Hanzi, apart from the labelled romanised one.
        seller = seller[0], hanzi_letterhead(lines[:title] if title else lines[:3])
    fields.update(name_fields("seller_name", *seller))
    buyer = buyer_block(lines)
    fields.update(name_fields("buyer_name", *party(lines, labels.BUYER)))
    if "buyer_name" not in fields:
        fields["buyer_name"] = party_name(buyer) or other_company(lines, seller[0])
    addresses = party_addresses(lines)
    fields["seller_address"] = addresses.get("seller") or address(top)
    fields["buyer_address"] = addresses.get("buyer") or address(buyer)
    fields["buyer_tax_code"] = column_tax_code(lines) or tax_code(buyer) or buyer_tax_code(lines)
    total = total_amount(lines)
    fields["total_amount"] = summed(plausible_total(amount_field(total), total, lines), total, lines)
    fields["currency"] = currency([total.line]) if total and re.search(CURRENCY, fold(total.line.text)) \
        else currency(lines)
    terms = [line for line in lines if re.search(r"terms|incoterm|dieu\s*kien\s*giao|交货条件|价格条款",
                                                  fold(line.text))]
    fields["incoterm"] = incoterm(terms, lines)
    fields["origin_country"] = origin_country(lines)
    fields["hs_codes"] = hs_codes_field(lines)
    fields["items"] = items_field(lines)
    return {name: field for name, field in fields.items() if field is not None}


def incoterm(terms: Sequence[Line], lines: Sequence[Line]) -> Field | None:
    """The delivery term on its terms line, or else the first anywhere on the page, less sure there. A
    Vietnamese word that folds to a term's letters ("ĐẠT" of a company's name) is none."""
    for where, factor in ((terms, 1.0), (lines, FIXED)):
        for hit in hits(where, INCOTERMS):
            if hit.raw.isascii():
                return hit.field(hit.raw.upper(), factor)
    return None


def own_number(lines: Sequence[Line]) -> Field | None:
    """The invoice's number: after a worded label, then in the cell its label heads, then after a bare
    number sign or a bare "Số:" / "No.:"."""
    return invoice_number(lines) or labelled_invoice_number(lines) or invoice_number(lines, (HASH_LABEL,)) \
        or bare_invoice_number(lines) or header_number(lines)


def total_amount(lines: Sequence[Line]) -> Hit | None:
    """The amount the surest total label names, after it on its line or beside it; the first such."""
    for label in TOTAL_RANKS:
        for line in lines:
            hit = first([line], rf"(?:{label}){AMOUNT_AFTER}")
            if hit is None and re.search(rf"(?:{label}){LABEL_ALONE}", fold(line.text)):
                hit = next((found for other in beside(lines, line) if (found := first([other], AMOUNT_ALONE))),
                           None) or right_below(lines, line)
            if hit:
                return hit
    return None


# What makes a figure a weight or a volume rather than money.
MEASURE = r"^\s*(?:kgs?|kgm|mt|tons?|cbm|m3|g)\b"


def plausible_total(field: Field | None, hit: Hit | None, lines: Sequence[Line]) -> Field | None:
    """The total, left unsure when a sum of money printed elsewhere on the page has more figures before its
    cents: a total is never below a line's amount, so it was read short ("1" of "1,250.00")."""
    if field is None or hit is None:
        return field
    whole = len(str(int(field.value)))
    for money in hits(lines, MONEY):
        if money.line is hit.line and money.start == hit.start or re.match(MEASURE, fold(money.line.text[money.end:])):
            continue
        if len(re.sub(r"\D", "", money.raw)) - 2 > whole:
            return replace(field, confidence=round(field.confidence * FIXED, 3))
    return field


# A total's amount may stand in the amount column a little under its label's row (a table's last row,
# its label cell taller than the figure's): this many line heights at most.
BELOW_TOTAL = 2.5


def right_below(lines: Sequence[Line], label: Line) -> Hit | None:
    """The amount standing alone right of a total's label and at most BELOW_TOTAL line heights under it,
    the nearest first; never above it, where the items' amounts stand."""
    x, y, w, h = label.box
    below = sorted((other for other in lines
                    if other.box[0] >= x + w and y - h / 2 <= other.box[1] <= y + BELOW_TOTAL * h),
                   key=lambda other: other.box[1])
    return next((found for other in below if (found := first([other], AMOUNT_ALONE))), None)


def first_date(lines: Sequence[Line], pattern: str) -> Field | None:
    """The first match that is a day of the calendar: a receipt's article code KE23-33-53 has a date's
    shape and comes before the date."""
    return next((field for field in map(date_field, hits(lines, pattern)) if field), None)


def letterhead(top: Sequence[Line]) -> tuple[Hit | None, Hit | None]:
    """The letterhead's name: its first line that is neither a label, a title nor an address, with the
    line under it when the name is printed in two scripts."""
    names = [hit for line in top if not re.match(ADDRESS + "|" + TAX_CODE + "|tel|fax", fold(line.text).strip())
             and not re.search(TITLE, fold(line.text)) and (hit := labels.name_hit(whole(line)))]
    if not names:
        return None, None
    # A company's name holds its legal form: a title, a slogan or a misread line printed above it does not,
    # and a letterhead without one gives no name rather than junk ("(Printed copy of an electranic").
    formed = [i for i, hit in enumerate(names) if re.search(FIRM, fold(hit.raw)) or labels.CJK_COMPANY.search(hit.raw)]
    if not formed:
        return None, None
    names = names[formed[0]:]
    latin, chinese = split_scripts(names[0])
    if len(names) > 1 and lines_apart(names[0].line, names[1].line) and (latin is None) != (chinese is None):
        other_latin, other_chinese = split_scripts(names[1])
        if latin is None and other_chinese is None:
            latin = other_latin
        elif chinese is None and other_latin is None:
            chinese = other_chinese
    return latin or chinese, chinese if latin else None


# A firm's legal form in a letterhead, the Vietnamese ones opening the name.
FIRM = rf"{labels.LEGAL_FORM.pattern}|\b(?:cong\s*ty|doanh\s*nghiep|hop\s*tac\s*xa)\b"


def hanzi_letterhead(top: Sequence[Line]) -> Hit | None:
    """A letterhead line that is a Chinese firm's name in Hanzi alone."""
    for line in top:
        text = line.text.strip()
        if has_cjk(text) and not re.search(r"[A-Za-z]", text) and labels.CJK_COMPANY.search(text):
            return Hit(line, line.text.index(text), line.text.index(text) + len(text))
    return None


def lines_apart(upper: Line, lower: Line) -> bool:
    """Whether lower is printed right under upper (one line's height apart at most; boxes of tall Hanzi
    reach into the line under them)."""
    return -upper.box[3] / 2 <= lower.box[1] - (upper.box[1] + upper.box[3]) < upper.box[3]


def buyer_block(lines: Sequence[Line]) -> list[Line]:
    start = index_of(lines, BUYER)
    if start is None:
        return []
    end = index_of(lines, BUYER_END, start + 1) or len(lines)
    label = lines[start]
    tail = strip_label(label, rf".*?(?:{BUYER})[^:：]*")
    block = [label] if tail else []
    # The block's lines follow one another: a line far under the label (a signature's name) is not the buyer's.
    bottom = label.box[1] + label.box[3]
    for line in lines[start + 1:end]:
        if line.box[1] - bottom > labels.BELOW_REACH * label.box[3]:
            break
        block.append(line)
        bottom = max(bottom, line.box[1] + line.box[3])
    return block


def party_name(block: Sequence[Line]) -> Field | None:
    """The first name line of a party block; a Chinese name with its romanised line after it is kept as
    the Chinese line, as printed first."""
    for line in block:
        hit = strip_label(line, rf".*?(?:{BUYER})[^:：]*") or whole(line)
        folded = fold(hit.raw)
        if re.match(ADDRESS + "|" + TAX_CODE + r"|tel|dien\s*thoai|no\.\s*\d", folded.strip()):
            continue
        name = labels.name_hit(hit)
        if name:
            return labels.weakest(name, labels.clean_name(name.raw.strip()))
    return None


# A company's name labelled as such, without saying which party it is ("Tên đơn vị (Company name):").
COMPANY = r"ten\s*don\s*vi|company\s*name|ten\s*cong\s*ty|单位名称"


def other_company(lines: Sequence[Line], seller: Hit | None) -> Field | None:
    """A company's name labelled as such under the seller's name, where the buyer's own label was not read: a
    VAT invoice names its buyer's firm so ("Tên đơn vị (Company name)"). For the officer to confirm."""
    if seller is None:
        return None
    below = [line for line in lines if line.box[1] > seller.line.box[1]]
    hit = labels.labelled(below, COMPANY, name=True)
    if hit is None or fold(hit.raw) == fold(seller.raw):
        return None
    return labels.weakest(hit, labels.clean_name(hit.raw.strip()), FIXED)


def address(block: Sequence[Line]) -> Field | None:
    for line in block:
        hit = strip_label(line, ADDRESS)
        if hit:
            return hit.field(hit.raw.strip())
        if re.match(r"\s*no\.?\s*\d+\s+\w", fold(line.text)):
            return whole(line).field(line.text.strip())
    return None


def party_addresses(lines: Sequence[Line]) -> dict[str, Field]:
    """Each party's address after its label, on the label's line, beside it or under it, told apart by the
    party label nearest above it in its column (or, in reading order, before it); an address above every
    party label is the letterhead's, the seller's. The first of each party's is kept."""
    parties = [(hit.box, role, lines.index(hit.line)) for role, label in (("seller", labels.SELLER),
                                                                          ("buyer", labels.BUYER))
               for hit in hits(lines, rf"(?P<v>{label})") if labels.is_label(hit.line.text[:hit.end])]
    found: dict[str, Field] = {}
    for index, line in enumerate(lines):
        if not re.match(rf"\s*(?:[^\W\d_]{{1,4}}\s*){{0,2}}[/|(\-]?\s*(?:{labels.ADDRESS})", fold(line.text)):
            continue
        hit = labels.labelled(lines[index:], labels.ADDRESS, ADDRESS_VALUE, free=True)
        if hit is None or not is_address(hit.raw):
            continue
        x, y, _, height = line.box
        above = [(box[1], role) for box, role, _ in parties
                 if box[1] <= y + height / 2 and abs(box[0] - x) < COLUMN_REACH * height]
        before = [(at, role) for _, role, at in parties if at < index]
        role = max(above)[1] if above else max(before)[1] if before else "seller"
        # Each party prints one address: a second one under the same party's label is the other party's,
        # whose own label was misread or worded otherwise ("Tên đơn vị").
        if role in found:
            role = "buyer" if role == "seller" else "seller"
        found.setdefault(role, hit.field(hit.raw.strip()))
    return found


def is_address(text: str) -> bool:
    """Three words or more with a figure or a comma, opening with no label but a house's "No." / "Số"."""
    opens = labels.opens_with_label(text, 0) and not re.match(r"\s*(?:no|so)\.?\s*\d", fold(text))
    return not opens and len(text.split()) >= 3 and re.search(r"[\d,]", text) is not None


# An address holds letters and is no label: its first line as printed.
ADDRESS_VALUE = r"(?P<v>(?=[^\n]*[^\W\d_]{2})[^\n]{6,})"


def buyer_tax_code(lines: Sequence[Line]) -> Field | None:
    """The tax code labelled after the buyer's label, in the cell beside or under its own label."""
    start = index_of(lines, rf"(?:^|[/|(:：\-]\s*)(?:{labels.BUYER})")
    if start is None:
        return None
    hit = labels.labelled(lines[start:], labels.TAX_CODE, rf"(?P<v>{TAX_VALUE})")
    return tax_code_value(hit) if hit else None


# A label's translation misread into junk may stand between a tax code's label and its figures.
TAX_AFTER_LABEL = rf"(?:{labels.TAX_CODE})[^\d\n]{{0,24}}?(?P<v>{TAX_VALUE})"


def column_tax_code(lines: Sequence[Line]) -> Field | None:
    """The buyer's tax code on a page of two parties: the labelled code whose nearest party label above it,
    in its column, is the buyer's (a seller's block beside the buyer's holds the seller's code)."""
    parties = [(hit.box, role) for role, label in (("seller", labels.SELLER), ("buyer", labels.BUYER))
               for hit in hits(lines, rf"(?P<v>{label})")]
    for label_line, hit in labelled_tax_codes(lines):
        label_x, y, _, height = label_line.box
        above = [(box, role) for box, role in parties
                 if box[1] <= y + height / 2 and abs(box[0] - label_x) < COLUMN_REACH * height]
        if above and max(above, key=lambda party: party[0][1])[1] == "buyer":
            return tax_code_value(hit)
    return None


# A party's label and its tax code's stand within this many line heights of one left edge.
COLUMN_REACH = 3


def labelled_tax_codes(lines: Sequence[Line]) -> list[tuple[Line, Hit]]:
    """Each tax code with the line of its label: after the label on its line, or alone on the line under a
    label standing alone."""
    found = [(hit.line, hit) for hit in hits(lines, TAX_AFTER_LABEL)]
    for label, below in zip(lines, lines[1:]):
        if labels.is_label(label.text) and re.search(labels.TAX_CODE, fold(label.text)) \
                and abs(below.box[0] - label.box[0]) < COLUMN_REACH * label.box[3]:
            found += [(label, hit) for hit in hits([below], rf"^\s*(?P<v>{TAX_VALUE})\s*$")]
    return found


def tax_code(block: Sequence[Line]) -> Field | None:
    hit = next(iter(hits(block, rf"(?:{TAX_CODE}){LABEL_TAIL}(?P<v>{TAX_VALUE})")), None)
    return tax_code_value(hit) if hit else None


def tax_code_value(hit: Hit) -> Field:
    compact = re.sub(r"[\s\-]", "", hit.raw).upper()
    if len(compact) == 18:
        return hit.field(compact, 1.0 if uscc.is_valid(compact) else INVALID)
    code = digits(hit.raw.replace(" ", ""))
    branch = f"{code[:10]}-{code[10:]}" if len(code) == 13 else code
    # DOMAIN.md §3.1: ten digits with a mod-11 check digit, or thirteen for a branch.
    return hit.field(branch, 1.0 if mst.is_valid(branch) else INVALID)


def origin_country(lines: Sequence[Line]) -> Field | None:
    found = labels.labelled(lines, r"country\s*of\s*origin|origin|xuat\s*xu|made\s*in|原产国|原产地", labels.COUNTRY)
    if found:
        return labels.country_field(found)
    hit = first(lines, rf"(?:country\s*of\s*origin|xuat\s*xu|made\s*in|原产国){LABEL_TAIL}(?P<v>[^(（,;]+)")
    if hit is None or not hit.raw.strip():
        return None
    return Hit(hit.line, hit.start, hit.start + len(hit.raw.rstrip())).field(hit.raw.strip())

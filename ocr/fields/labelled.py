"""Values found by the page's layout: a label in any of the three languages, and its value right of it on
its line, in the cell beside it, or under it (the next line, or the column a header cell heads).

Labels are patterns on folded text (lower case, no diacritics), so "Người mua", "NGUOI MUA" and a
half-accented reading all match. Bilingual labels join their languages with "/", "-" or brackets
("Tổng số kiện / Total packages:"); the whole run of label words is skipped before the value. A text made
only of label words is never a value.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ..document import Field
from ..engine import Word
from ..errors import NormaliseError
from ..layout import Line, union
from ..normalise import fold, parse_number
from .common import FIXED, NUMBER, Hit, beside, has_cjk, word_starts

# Per field, the wordings seen on invoices, packing lists, certificates and declarations at the border.
SELLER = (r"seller|sold\s*by|vendor|shipper|exporter|nguoi\s*ban|ben\s*ban|don\s*vi\s*ban(?:\s*hang)?|"
          r"nguoi\s*xuat\s*khau|卖方|出口商|发货人|销售方|销方")
BUYER = (r"buyer|sold\s*to|bill\s*to|messrs|customer|consignee|importer|nguoi\s*mua(?:\s*hang)?|ben\s*mua|"
         r"don\s*vi\s*mua(?:\s*hang)?|nguoi\s*nhap\s*khau|khach\s*hang|买方|收货人|进口商|购买方|购方")
INVOICE_NUMBER = (r"[il1]nv(?:oice)?\.?\s*(?:n[o0°]|number|#)|so\s*hoa\s*don|hoa\s*don\s*so|so\s*hd\b|"
                  r"发票(?:号码?|编号)")
DATE = (r"(?:invoice\s*)?date(?:\s*of\s*issue)?|dated|ngay(?:\s*lap|\s*hoa\s*don|\s*phat\s*hanh)?|"
        r"发票日期|开票日期|日期")
PACKAGES = (r"total\s*(?:number\s*of\s*)?(?:packages|cartons|pkgs|ctns)|no[.,]?\s*of\s*(?:packages|pkgs)|"
            r"(?:tong\s*)?so\s*(?:luong\s*)?kien|(?:总|包装)?件数|packages|pkgs|ctns")
GROSS = (r"(?:total\s*)?gross\s*(?:weight|wt\.?)|(?:total\s*)?g\.\s*w\.?|tong\s*trong\s*luong(?:\s*hang)?|"
         r"(?:trong\s*luong|tl|khoi\s*luong)\s*ca\s*bi|总?毛重")
NET = (r"(?:total\s*)?net\s*(?:weight|wt\.?)|(?:total\s*)?n\.\s*w\.?|(?:trong\s*luong|tl|khoi\s*luong)\s*tinh|"
       r"总?净重")
TAX_CODE = r"tax\s*(?:code|id)|ma\s*so\s*thue|\bmst\b|vat\s*no|\btin\b|税号|纳税人识别号|统一社会信用代码"
ADDRESS = r"address|\badd\b|\baddr\b|dia\s*chi|\bd/c\b|地址"
# A country as declarations and invoices print it: an ISO code or a name in English or Vietnamese.
COUNTRY = (r"(?P<v>[a-z]{2}(?![a-z])|viet\s*nam|china|trung\s*quoc|thailand|thai\s*lan|malaysia|korea|han\s*quoc|"
           r"japan|nhat\s*ban|singapore|indonesia|laos?|cambodia|campuchia|myanmar|philippines|中国|越南|泰国)")
# The codes of the countries whose goods cross at Lạng Sơn (checkpoint/data/countries.csv): another pair of
# letters after an origin label is as likely a misread word ("TD") as a rarer country, for the officer.
PARTNER_CODES = frozenset("VN CN HK MO TW LA KH TH MM MY SG ID PH BN KR JP AU NZ IN US".split())


def country_field(hit: Hit | None) -> Field | None:
    """A country after its label, as printed: sure-worthy when named in full or by a partner's code."""
    if hit is None:
        return None
    value = clean_name(hit.raw.strip())
    factor = FIXED if len(value) == 2 and value.upper() not in PARTNER_CODES else 1.0
    return weakest(hit, value, factor)


# Lines that give a party's address or contacts, never its name in another script.
CONTACT = rf"{ADDRESS}|{TAX_CODE}|tel\b|fax\b|phone|dien\s*thoai|e-?mail|{SELLER}|{BUYER}"
# Words that only ever label something: with the fields' labels above, what is_label recognises.
OTHER = (r"name|company|ten(?:\s*don\s*vi|\s*cong\s*ty)?|contract(?:\s*no)?|hop\s*dong(?:\s*so)?|invoice|"
         r"commercial|hoa\s*don(?:\s*thuong\s*mai)?|thuong\s*mai|number|\bno\b|\bso\b|country|business|"
         r"goods|products|consigned|from|to\b(?!\s*khai)|tel|fax|phone|dien\s*thoai|email|signature|ky\s*ten|"
         r"ma(?:\s*nuoc|\s*so)?\b|nuoc|xuat\s*xu|so\s*to\s*khai|ngay\s*dang\s*ky|loai\s*hinh|co\s*quan|"
         r"tiep\s*nhan|to\s*khai|hai\s*quan|tong|phan\s*loai|kiem\s*tra|phuong\s*tien|van\s*chuyen|tri\s*gia|origin|made\s*in|"
         r"['’]s\b|terms?|delivery|payment|port|of|and|or|the|by|dai\s*dien|representative|合同号?|名称|地址|电话|签字|总|"
         # "số" read "s6"; the currency's label ("Loại tiền", its last letters misread).
         r"\bs[06]\b|currency|loai\s*ti\S{1,2}n")
ALL = "|".join(f"(?:{p})" for p in (SELLER, BUYER, INVOICE_NUMBER, DATE, PACKAGES, GROSS, NET, TAX_CODE,
                                     ADDRESS, OTHER))
# A run of label words with their joiners: "Số hóa đơn / Invoice No. (发票号码):".
# A bracketed translation the reader could not read ("Packages (@†#W):") is skipped as one.
_BRACKETED = r"[(（][^)）\d]{0,16}[)）]"
# A form's box number before a label ("2. Mã loại hình") belongs to the run of labels.
_BOX_NUMBER = rf"\d{{1,2}}[.,]\s*(?=(?:{ALL}))"
# A possessive's "s" ("Exporter's") belongs to the run, an "S" opening the value does not ("Address: Số 32").
_LABEL_RUN = re.compile(rf"(?:[\s/\-–|()（）:：.,#]*(?:{ALL}|{_BRACKETED}|{_BOX_NUMBER}))+"
                        r"(?:[\s/\-–|()（）:：.,#'’]|(?<=['’])s)*")
_JOINERS = re.compile(r"[\s/\-–|()（）:：.,#'’*]")
# Lines this many line heights under a label still hold its value; further down is another block.
BELOW_REACH = 2.5
# Words further apart than this many line heights stand in different cells of a row.
CELL_GAP = 0.9
_HAN = re.compile(r"[\u3400-\u9fff]")


def is_label(text: str) -> bool:
    """Whether a text is made of label words only (and their joiners): never a value."""
    folded = fold(text).strip()
    if not re.search(r"[^\W\d_]", folded):
        return False
    # A bracketed translation cut off at the line's end after its first word ("Invoice No. (Hóa") is one too;
    # more words after the bracket are a value ("Người mua (Nguyễn Văn An").
    rest = re.sub(ALL, " ", re.sub(r"(?<=\S)\s*[(（][^\s()（）\d]{1,6}$", " ", folded))
    return not re.sub(_JOINERS, "", re.sub(r"(?:^|\s)\d{1,2}[.,](?=\s|$)", " ", rest))


def label_end(text: str, start: int) -> int:
    """Where the value starts after a label ending at start: past the translations and colon that follow."""
    match = _LABEL_RUN.match(fold(text), start)
    end = match.end() if match else start
    # A bracketed translation closes after the label: "Số HĐ (Invoice #):".
    while end < len(text) and text[end] in " :：;.#-–/|)）":
        end += 1
    return end


def labelled(lines: Sequence[Line], label: str, value: str = r"(?P<v>.+)", name: bool = False,
             total: bool = False, free: bool = False) -> Hit | None:
    """The first value of a label, on the label's line after it, in the line beside it, or under it.

    value is a pattern with a group v, matched from the start of the candidate text; name: the value is a
    party's name, a whole line that is not a label and holds letters. total: the value is a total, so a
    label heading a table's column gives the column's total row (the figure that is the sum of those above
    it), and nothing when the column has no such row, rather than its first item's figure. free: the value
    is free text (an address), which may open with a label's word ("Số 288 đường …", "No. 113 …").
    """
    compiled = re.compile(rf"(?:{label})(?![a-z])")
    found = [(line, match) for line in lines for match in compiled.finditer(fold(line.text))
             # A label word inside a value ("... TRADING CO") is not a label: labels start a line or a cell.
             if _starts_label(fold(line.text), match.start())]
    # A value printed after its label on the label's line is surer than any cell beside or under one (a
    # table's header "No. of packages" heads an item's count, "Packages: 1222" is the total).
    for line, match in found:
        start = label_end(line.text, match.end())
        # "Số" / "No." before a figure opens an address ("Address: No. 80 Youyi Avenue"), not a label.
        house = re.search(r"(?<![a-z])(?:no|so)\.?\s*$", fold(line.text[:start])) if free else None
        hit = _on_line(line, house.start() if house and line.text[start:start + 1].isdigit() else start, value,
                       name)
        if hit:
            return hit
    for line, match in found:
        if _label_only(line.text, match.end()):
            # Free text stands under its label where a line does (the cell beside may be another party's);
            # in a grid of labels the line under is the next label, and the value stands beside.
            hit = next(iter(_below(lines, line, match.start(), value, name, free)), None) if free else None
            hit = hit or _first(value, name, beside(lines, line))
            if hit is None:
                column = _below(lines, line, match.start(), value, name, free)
                hit = column_total(column) if total and len(column) > 1 else next(iter(column), None)
            if hit:
                return hit
    return None


def column_total(column: Sequence[Hit]) -> Hit | None:
    """The total row of a column of figures: its last, when that is the sum of the others."""
    try:
        figures = [parse_number(re.match(rf"\s*({NUMBER})", hit.raw).group(1))  # type: ignore[union-attr]
                   for hit in column]
    except (NormaliseError, AttributeError):
        return None
    return column[-1] if abs(sum(figures[:-1]) - figures[-1]) < Decimal("0.01") else None


def _starts_label(folded: str, start: int) -> bool:
    """Whether a label match at start opens a line, a cell, a numbered box or follows other label words."""
    before = folded[:start]
    # A dash joins a label to its translation, read or misread ("包装件数 - Packages", "SSPE - Packages").
    # A translation misread as a short word before the label opens a line as well ("ff Total pkgs").
    # Marks alone before it ("‘Tổng trị giá") open a line too.
    opens = r"[/|(:：]\s*$|\s[-–]\s*$|\d+\.\s*$|^\s*[^\W\d_]{1,3}\s+$"
    return not re.search(r"\w", before) or bool(re.search(opens, before)) or is_label(before)


def _label_only(text: str, end: int) -> bool:
    """Whether nothing but label words follows a label ending at end: its value is elsewhere.

    A header row of labels may hold a short word misread past recognition ("Ha phân loại" for "Mã phân
    loại"): a word of up to three letters among labels does not make the row a value.
    """
    folded = fold(text)
    # A header row of labels each closed by its colon ("Tổng số kiện: Khối lượng tịnh: Trọng (lượng cả bì:")
    # holds no value, whatever its misread words.
    rest = text[end:]
    if not re.search(r"\d", rest) and rest.lstrip().startswith((":", "：")) and text.rstrip().endswith((":", "：")):
        return True
    end = label_end(text, end)
    while (short := re.match(r"[^\W\d_]{1,3}(?:\s+|$)", folded[end:])) and end < len(text.rstrip()):
        end = label_end(text, end + short.end())
    # Marks after the label (a quote, a stray tick) are no value either.
    return end >= len(re.sub(r"[^\w\u3400-\u9fff]+$", "", text))


def _on_line(line: Line, start: int, value: str, name: bool) -> Hit | None:
    text = line.text
    if start >= len(text.rstrip()):
        return None
    match = re.compile(value).match(fold(text), start)
    if match is None:
        return None
    hit = Hit(line, *match.span("v"))
    if not hit.raw.strip():
        return None
    return _trimmed(hit) if not name else name_hit(hit)


def _first(value: str, name: bool, candidates: Sequence[Line]) -> Hit | None:
    """The value in the nearest of the candidates, unless that is a label itself (the next cell's)."""
    # A text ending in a colon is the next cell's label, its words misread or unknown.
    if not candidates or is_label(candidates[0].text) or candidates[0].text.rstrip().endswith((":", "：")):
        return None
    return _on_line(candidates[0], 0, value, name)


def _below(lines: Sequence[Line], line: Line, start: int, value: str, name: bool, free: bool = False
           ) -> list[Hit]:
    """The values under the label, each line's words in the column the label heads (up to the next cell
    of its line), line after line while each is within BELOW_REACH line heights of the one above; a line
    that is a label ends the column (the next label's block), one that is not the value ends it too."""
    starts = word_starts(line)
    label_words = [w for s, w in starts if s + len(w.text) > start] or list(line.words)
    # Words printed close before the label belong to it ("Người bán / Sold by", its first words misread):
    # only a wide gap starts another cell of a header row.
    before = [w for w in line.words if w not in label_words]
    while before and label_words[0].box[0] - (before[-1].box[0] + before[-1].box[2]) < CELL_GAP * line.box[3]:
        label_words.insert(0, before.pop())
    x = label_words[0].box[0]
    right = max(w.box[0] + w.box[2] for w in label_words)
    width = right - x
    others = [w for s, w in starts if w not in label_words]
    bound = min((w.box[0] for w in others if w.box[0] > right), default=float("inf"))
    left = max((w.box[0] + w.box[2] for w in others if w.box[0] + w.box[2] < x), default=float("-inf"))
    bottom = line.box[1] + line.box[3]
    column: list[Hit] = []
    pattern = re.compile(value)
    for other in sorted(lines, key=lambda o: o.box[1]):
        top = other.box[1]
        # A line under the label starts below the label's middle, or has its own middle below the label's foot
        # (a tall Hanzi name's box may start higher).
        if other is line or (top < bottom - line.box[3] / 2 and top + other.box[3] / 2 < bottom):
            continue
        if top > bottom + BELOW_REACH * line.box[3]:
            break
        words = [(s, w) for s, w in word_starts(other)
                 if left < w.box[0] + w.box[2] / 2 and w.box[0] < bound and w.box[0] + w.box[2] > x - width / 2]
        # A line starting well right of the label's end stands in another column (a cell to its right that
        # no word of the label's line bounds).
        if not words or words[0][1].box[0] > right + 2 * CELL_GAP * line.box[3]:
            continue
        if name:
            words = _cell_nearest(words, x, other.box[3])
        text_start, text_end = words[0][0], words[-1][0] + len(words[-1][1].text)
        # The next label of the column, alone or with its own value ("Ngày hóa đơn 03-Sep-2025"), ends it.
        if is_label(other.text[text_start:text_end]) or \
                (not name and not free and opens_with_label(other.text, text_start)):
            break
        # A figure may sit anywhere in its column's cell (after a unit or a mark); a name starts it.
        folded = fold(other.text[:text_end])
        match = pattern.match(folded, text_start) if name else pattern.search(folded, text_start)
        hit = (name_hit if name else _trimmed)(Hit(other, *match.span("v"))) if match else None
        if hit is None:
            break
        column.append(hit)
        bottom = other.box[1] + other.box[3]
    return column


def _cell_nearest(words: list[tuple[int, Word]], x: float, height: float) -> list[tuple[int, Word]]:
    """Of a line's words split into cells at wide gaps (two names of a form's row side by side), the cell
    starting nearest to x, where the label above it starts."""
    cells: list[list[tuple[int, Word]]] = [[words[0]]]
    for before, after in zip(words, words[1:]):
        # Hanzi are written without spaces: a gap tesseract leaves inside a Chinese name opens no cell.
        hanzi = _HAN.search(before[1].text[-1:]) and _HAN.search(after[1].text[:1])
        if not hanzi and after[1].box[0] - (before[1].box[0] + before[1].box[2]) >= CELL_GAP * height:
            cells.append([])
        cells[-1].append(after)
    return min(cells, key=lambda cell: abs(cell[0][1].box[0] - x))


def opens_with_label(text: str, start: int) -> bool:
    """Whether whole label words open the text at start ("OR18060402" opens with no label "or")."""
    folded = fold(text)
    run = _LABEL_RUN.match(folded, start)
    if run is None or not re.search(r"[^\W\d_]", run.group()):
        return False
    cut_word = bool(re.match(r"\w\w", folded[run.end() - 1:run.end() + 1]))
    # Letters glued by a dash or slash to what follows are one token, a number's prefix ("DATE-0000").
    token = re.fullmatch(r"\S+[-/]", run.group().strip()) is not None and folded[run.end():run.end() + 1].isalnum()
    return not cut_word and not token


def _trimmed(hit: Hit) -> Hit | None:
    raw = hit.raw
    start = hit.start + len(raw) - len(raw.lstrip())
    end = hit.start + len(raw.rstrip())
    return Hit(hit.line, start, end) if end > start else None


def name_hit(hit: Hit | None) -> Hit | None:
    """A party's name: letters, not a label, not a line of figures."""
    hit = _trimmed(hit) if hit else None
    if hit is None:
        return None
    # A numbered form read across its two columns: the next box's number and label end the name
    # ("DOANH NGHIỆP … THÀNH ĐẠT 14. Ngày phát hành: 25/05/2024").
    folded = fold(hit.raw)
    box = next((m for m in re.finditer(r"\s+\d{1,2}[.,]\s*(?=\S)", folded)
                if m.start() > 0 and opens_with_label(folded, m.end())), None)
    if box is not None:
        hit = _trimmed(Hit(hit.line, hit.start, hit.start + box.start()))
        if hit is None:
            return None
    raw = hit.raw
    letters = sum(c.isalpha() for c in raw)
    # A run of numbered labels ("5. Ngày đăng ký 6. Người xuất khẩu") is a form's skeleton, not a name.
    numbered = len(re.findall(r"(?:^|\s)\d{1,2}\.\s", raw)) >= 1
    # A name never ends in a colon: that is the next cell's label, its words misread or unknown.
    if is_label(raw) or numbered or (letters < 4 and not has_cjk(raw)) or sum(c.isdigit() for c in raw) > letters \
            or raw.rstrip().endswith((":", "：")) or re.search(TITLES, fold(raw)):
        return None
    # The misread end of a box heading ("RREBRFARARAS)") is no name.
    if re.match(r"^[^(（]*[)）]\s*$", raw):
        return None
    return _name_span(hit)


# A paper's title is never a party's name ("ELECTRONIC INVOICE" heading an e-invoice's printout).
TITLES = (r"\binvoice\b|\bhoa\s*don\b|packing\s*list|phieu\s*dong\s*goi|\bto\s*khai\b|certificate\s*of|"
          r"declaration\b|发票|装箱单")
# The legal form that ends a company's name in English, Malay or Chinese; what follows it on the line is the
# next cell's (a country code, a date, an invoice number).
NAME_END = re.compile(r"(?:\bco\.?,?\s*ltd|\bltd|\blimited|\bsdn\.?\s*bhd|\bbhd|\bjsc|\binc|\bcorp(?:oration)?|"
                      r"\bllc|\bgmbh)\b\.?|有限公司")
# Figures and marks after a name: another cell's value, or a stamp's mark misread.
TRAILING_FIGURES = re.compile(r"(?:\s+(?:\S*\d\S*|[^\w\s]+))+$")


def _name_span(hit: Hit) -> Hit:
    """The name within its hit: after the end of a heading it follows, up to its legal form's end, without
    figures after it."""
    raw = hit.raw
    start, end = 0, len(raw)
    # The last words of a box heading, misread: "(… business name, address, country) DONGGUAN …".
    closed = re.match(r"^[^(（]*[)）]\s*", raw)
    if closed and closed.end() < end:
        start = closed.end()
    ending = NAME_END.search(fold(raw), start)
    if ending and raw[ending.end():].strip():
        end = ending.end()
    trailing = TRAILING_FIGURES.search(raw[:end], start)
    if trailing and trailing.start() > start:
        end = trailing.start()
    return Hit(hit.line, hit.start + start, hit.start + end) if (start, end) != (0, len(raw)) else hit


def party(lines: Sequence[Line], label: str) -> tuple[Hit | None, Hit | None]:
    """A party's name after its label, and its Hanzi twin when the name is printed in two scripts: on one
    line, or on two lines one under the other (in either order)."""
    hit = labelled(lines, label, name=True)
    if hit is None:
        return None, None
    latin, chinese = split_scripts(hit)
    index = lines.index(hit.line)
    if index + 1 < len(lines) and (latin is None) != (chinese is None):
        following = lines[index + 1]
        near = following.box[1] - (hit.line.box[1] + hit.line.box[3]) < hit.line.box[3]
        labelled_line = re.match(rf"\s*(?:{CONTACT})", fold(following.text))
        other = name_hit(Hit(following, 0, len(following.text))) if near and not labelled_line else None
        if other is not None:
            other_latin, other_chinese = split_scripts(other)
            latin, chinese = latin or (other_latin if other_chinese is None else None), \
                chinese or (other_chinese if other_latin is None else None)
    if latin is not None and chinese is None:
        latin = continued(lines, latin)
    return latin or chinese, chinese if latin else None


def split_scripts(hit: Hit) -> tuple[Hit | None, Hit | None]:
    """The Latin and the Chinese part of a name; either is None when the name has none of that script."""
    raw = hit.raw
    cjk = [i for i, c in enumerate(raw) if has_cjk(c)]
    if not cjk:
        return hit, None
    start, end = cjk[0], cjk[-1] + 1
    chinese = Hit(hit.line, hit.start + start, hit.start + end)
    # The Latin name is the longer stretch outside the Hanzi.
    before, after = raw[:start], raw[end:]
    side = (hit.start, hit.start + start) if len(before.strip()) >= len(after.strip()) else (hit.start + end, hit.end)
    latin = name_hit(Hit(hit.line, *side)) if sum(c.isalpha() for c in raw[side[0] - hit.start:side[1] - hit.start]) \
        >= 4 else None
    return latin, chinese


def clean_name(name: str) -> str:
    """A name in capitals with the digits OCR printed for its letters put back: "C0., LTD." is "CO., LTD."."""
    if name.upper() != name:
        return name
    return re.sub(r"(?<=[A-Z])0(?=[A-Z.,]|\b)|\b0(?=[A-Z])", "O", re.sub(r"(?<=[A-Z])1(?=[A-Z])", "I", name))


# A Chinese company's name ends in the kind of firm it is; Hanzi without such an ending may be a seal's
# or a heading's words ("盖章").
CJK_COMPANY = re.compile(r"(?:公司|厂|集团|商行|经营部|合作社|店|中心)$")


def name_fields(field: str, latin: Hit | None, chinese: Hit | None) -> dict[str, Field]:
    """A party's name as its field, and the Hanzi of a name printed in two scripts as `<field>_zh`."""
    found = {}
    if latin is not None:
        name = clean_name(latin.raw.strip())
        # A name in Hanzi alone stands in for a romanised one the reader did not find: for the officer.
        factor = (1.0 if name == latin.raw.strip() else FIXED) * (FIXED if not re.search(r"[A-Za-z]", name) else 1.0)
        found[field] = weakest(latin, name, factor)
    # A name read in Hanzi alone is the Hanzi twin as well, whatever the romanised one is.
    if chinese is None and latin is not None and has_cjk(latin.raw) and not re.search(r"[A-Za-z]", latin.raw):
        chinese = latin
    if chinese is not None:
        name = chinese.raw.strip()
        found[f"{field}_zh"] = weakest(chinese, name, 1.0 if CJK_COMPANY.search(name) else FIXED)
    return found


def weakest(hit: Hit, value: str, factor: float = 1.0) -> Field:
    """A name as sure as its least sure word: one misread letter makes the whole name wrong."""
    words = hit.line.span_words(hit.start, hit.end)
    return Field(value, round(min(w.confidence for w in words) * factor, 3), hit.box)


# The legal form that ends a company's name: a line holding one continues the name above it.
LEGAL_FORM = re.compile(r"\b(?:co\.?,?\s*ltd|limited|jsc|corp(?:oration)?|company|inc|llc|sdn\.?\s*bhd|bhd|tnhh|"
                        r"co\.?$|group|trading)\b|有限公司|集团")


def _cell_words(line: Line, left: float, right: float, height: float) -> list[Word]:
    """The words of a line from the first starting between left and right, up to a gap that opens another
    cell (CELL_GAP line heights twice over)."""
    words: list[Word] = []
    for word in line.words:
        if not words and not left <= word.box[0] <= right:
            continue
        if words and word.box[0] - (words[-1].box[0] + words[-1].box[2]) > 2 * CELL_GAP * height:
            break
        words.append(word)
    return words


def continued(lines: Sequence[Line], hit: Hit) -> Hit:
    """A name with its words on the line under it when it wraps there: the name does not end in its legal
    form, and under it, starting in its column, stand words in capitals without figures that end the
    name with one ("& EXPORT TRADING CO., LTD.") or, after a Vietnamese form that opens it ("CÔNG TY TNHH
    … DỊCH VỤ"), a few more words ("BẢO CHÂU")."""
    if NAME_END.search(fold(hit.raw).rstrip()[-12:]):
        return hit
    name_words = hit.line.span_words(hit.start, hit.end)
    x, y, width, height = union(w.box for w in name_words)
    bottom = y + height
    below = [line for line in lines if line is not hit.line and bottom - height / 2 <= line.box[1] < bottom + height]
    for line in sorted(below, key=lambda other: other.box[1]):
        words = _cell_words(line, x - height, x + width, height)
        text = " ".join(w.text for w in words)
        if not words or words[0].box[0] > x + 2 * height:
            continue
        # A country under the name, a label, an address, marks without letters (a label misread): the name ended.
        if any(c.isdigit() for c in text) or text.upper() != text or is_label(text) or text.rstrip().endswith(":") \
                or not re.search(r"[^\W\d_]", text) \
                or re.fullmatch(rf"\s*{COUNTRY}\s*", fold(text)):
            return hit
        opens_vietnamese = re.match(r"\s*(?:cong\s*ty|doanh\s*nghiep|hop\s*tac\s*xa)", fold(hit.raw))
        if LEGAL_FORM.search(fold(text)) or (opens_vietnamese and len(words) <= 4):
            joined = Line((*name_words, *words), hit.line.cell)
            return Hit(joined, 0, len(joined.text))
        return hit
    return hit

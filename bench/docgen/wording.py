"""How a page words its labels and prints its values: the variety a reader must not be fitted to.

Each page draws one `Wording` (which languages, how two languages are joined, colon or not, upper case,
diacritics stripped, date/amount/HS formats) and keeps it, as a real form does; each label picks its own
variant (abbreviated or not) from the field's list.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date

LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "invoice_number": {"en": ("Invoice No.", "Invoice Number", "Inv. No.", "Invoice #", "No."),
                       "vi": ("Số hóa đơn", "Số HĐ", "Hóa đơn số"), "zh": ("发票号码", "发票号", "发票编号")},
    "invoice_date": {"en": ("Date", "Invoice Date", "Dated", "Date of issue"),
                     "vi": ("Ngày", "Ngày hóa đơn", "Ngày lập"), "zh": ("日期", "开票日期", "发票日期")},
    "seller": {"en": ("Seller", "Shipper", "Exporter", "Vendor", "Sold by"),
               "vi": ("Người bán", "Bên bán", "Đơn vị bán hàng", "Người xuất khẩu"),
               "zh": ("卖方", "出口商", "发货人", "卖方名称")},
    "buyer": {"en": ("Buyer", "Consignee", "Sold to", "Bill to", "Importer", "Messrs"),
              "vi": ("Người mua", "Bên mua", "Đơn vị mua hàng", "Người nhập khẩu", "Tên đơn vị"),
              "zh": ("买方", "收货人", "进口商", "买方名称")},
    "address": {"en": ("Address", "Add.", "Addr."), "vi": ("Địa chỉ", "Đ/c"), "zh": ("地址",)},
    "tax_code": {"en": ("Tax code", "Tax ID", "VAT No.", "TIN"), "vi": ("Mã số thuế", "MST"),
                 "zh": ("税号", "纳税人识别号", "统一社会信用代码")},
    "incoterm": {"en": ("Terms of delivery", "Incoterms", "Delivery terms", "Price term", "Trade terms"),
                 "vi": ("Điều kiện giao hàng", "ĐK giao hàng"), "zh": ("交货条件", "价格条款", "贸易术语")},
    "currency": {"en": ("Currency", "Curr."), "vi": ("Loại tiền", "Đồng tiền thanh toán"), "zh": ("币种", "币别")},
    "origin_country": {"en": ("Country of origin", "Origin", "Made in", "C/O country"),
                       "vi": ("Xuất xứ", "Nước xuất xứ"), "zh": ("原产国", "原产地")},
    "total_amount": {"en": ("TOTAL", "Total amount", "Grand total", "Total value", "Amount due"),
                     "vi": ("Tổng cộng", "Tổng tiền", "Tổng giá trị", "Cộng tiền hàng"),
                     "zh": ("合计", "总金额", "总计", "价税合计")},
    "total": {"en": ("TOTAL", "GRAND TOTAL", "Total"), "vi": ("Tổng cộng", "Cộng"), "zh": ("合计", "总计")},
    "packages": {"en": ("Total packages", "No. of packages", "Packages", "Total cartons", "Total pkgs"),
                 "vi": ("Tổng số kiện", "Số kiện", "Số lượng kiện"), "zh": ("总件数", "件数", "包装件数")},
    "gross_weight_kg": {"en": ("Gross weight", "G.W.", "Total G.W.", "Gross wt."),
                        "vi": ("Trọng lượng cả bì", "Tổng trọng lượng", "TL cả bì"), "zh": ("毛重", "总毛重")},
    "net_weight_kg": {"en": ("Net weight", "N.W.", "Total N.W.", "Net wt."),
                      "vi": ("Trọng lượng tịnh", "TL tịnh", "Khối lượng tịnh"), "zh": ("净重", "总净重")},
    "contract": {"en": ("Contract No.", "Contract"), "vi": ("Hợp đồng số", "Số hợp đồng"), "zh": ("合同号",)},
    "payment": {"en": ("Payment", "Terms of payment"), "vi": ("Thanh toán", "Hình thức thanh toán"),
                "zh": ("付款方式",)},
    "no": {"en": ("No.", "Item", "#"), "vi": ("STT", "TT"), "zh": ("序号",)},
    "description": {"en": ("Description of goods", "Description", "Commodity", "Goods"),
                    "vi": ("Tên hàng hóa", "Mô tả hàng hóa", "Tên hàng"), "zh": ("货物名称", "品名", "商品描述")},
    "hs_code": {"en": ("HS Code", "H.S. Code", "HS No.", "Tariff code"), "vi": ("Mã HS", "Mã số HS"),
                "zh": ("HS编码", "海关编码", "商品编码")},
    "quantity": {"en": ("Quantity", "Qty", "Q'ty"), "vi": ("Số lượng", "SL"), "zh": ("数量",)},
    "unit": {"en": ("Unit", "UOM"), "vi": ("Đơn vị tính", "ĐVT"), "zh": ("单位",)},
    "unit_price": {"en": ("Unit price", "Price", "U/Price"), "vi": ("Đơn giá",), "zh": ("单价",)},
    "amount": {"en": ("Amount", "Total", "Value"), "vi": ("Thành tiền", "Trị giá"), "zh": ("金额", "总价")},
    "marks": {"en": ("Marks", "Shipping marks", "Marks & Nos."), "vi": ("Ký mã hiệu",), "zh": ("唛头",)},
    "packing_list_title": {"en": ("PACKING LIST", "PACKING LIST / WEIGHT LIST", "DETAILED PACKING LIST"),
                           "vi": ("PHIẾU ĐÓNG GÓI", "BẢNG KÊ CHI TIẾT HÀNG HÓA", "DANH SÁCH ĐÓNG GÓI"),
                           "zh": ("装箱单", "装箱清单")},
    "invoice_title": {"en": ("COMMERCIAL INVOICE", "INVOICE", "EXPORT INVOICE"),
                      "vi": ("HÓA ĐƠN THƯƠNG MẠI",), "zh": ("商业发票", "发票")},
}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DATE_FORMATS = ("dmy/", "dmy/", "ymd-", "dMy-", "dmy.", "Mdy", "dmy-")


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


@dataclass
class Wording:
    """One page's way of wording labels and printing values."""

    rng: random.Random
    languages: tuple[str, ...]
    """Label languages in print order, e.g. ("vi", "en")."""
    joiner: str = " / "
    colon: bool = True
    upper: bool = False
    plain_vi: bool = False
    """Vietnamese labels printed without diacritics (old software, ASCII-only printers)."""
    date_format: str = "dmy/"
    thousands: str = ","
    decimal: str = "."
    hs_dots: bool = True
    weight_decimals: int = 1
    quantity_decimals: int = 0
    """Decimals of a whole quantity (8,500 or 8,500.00 or 8.500,000)."""

    @classmethod
    def draw(cls, rng: random.Random, languages: tuple[str, ...], *, vn_numbers: bool = False) -> Wording:
        vn = vn_numbers and rng.random() < 0.7
        return cls(
            rng=rng, languages=languages,
            joiner=rng.choice((" / ", " / ", " (", "\n", " - ")),
            colon=rng.random() < 0.7, upper=rng.random() < 0.25, plain_vi=rng.random() < 0.12,
            date_format="ymd年" if languages[0] == "zh" and rng.random() < 0.4 else rng.choice(DATE_FORMATS),
            thousands="." if vn else rng.choice((",", ",", ",", " ")),
            decimal="," if vn else ".", hs_dots=rng.random() < 0.6, weight_decimals=rng.choice((1, 1, 2)),
            quantity_decimals=rng.choice((0, 0, 0, 2, 3)),
        )

    def word(self, key: str, language: str) -> str:
        text = self.rng.choice(LABELS[key][language])
        if language == "vi" and self.plain_vi:
            text = strip_diacritics(text)
        if self.upper and language != "zh":
            text = text.upper()
        return text

    def label(self, key: str, *, colon: bool | None = None, languages: tuple[str, ...] | None = None) -> str:
        """The label of `key` in the page's languages; a newline splits a two-line label."""
        words = [self.word(key, lang) for lang in (languages or self.languages) if lang in LABELS[key]]
        if self.joiner == " (" and len(words) > 1:
            text = words[0] + "".join(f" ({w})" for w in words[1:])
        else:
            text = self.joiner.join(words)
        return text + (":" if (self.colon if colon is None else colon) else "")

    def date(self, iso: str) -> str:
        day = date.fromisoformat(iso)
        fmt = self.date_format
        if fmt.startswith("dmy"):
            sep = fmt[3]
            return f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"
        if fmt == "ymd-":
            return iso
        if fmt == "ymd年":
            return f"{day.year}年{day.month:02d}月{day.day:02d}日"
        if fmt == "dMy-":
            return f"{day.day:02d}-{MONTHS[day.month - 1]}-{day.year}"
        return f"{MONTHS[day.month - 1]} {day.day:02d}, {day.year}"

    def number(self, value: float, decimals: int = 2) -> str:
        text = f"{value:,.{decimals}f}"
        return text.replace(",", "\0").replace(".", self.decimal).replace("\0", self.thousands)

    def weight(self, value: float) -> str:
        return self.number(value, self.weight_decimals)

    def quantity(self, value: float) -> str:
        return self.number(value, self.quantity_decimals if value == int(value) else max(2, self.quantity_decimals))

    def hs(self, code: str) -> str:
        if not self.hs_dots:
            return code
        return ".".join(code[i:i + 2] if i else code[:4] for i in (0, 4, 6) if i < len(code))

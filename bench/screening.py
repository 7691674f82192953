"""Watchlist screening: our index against a plain rapidfuzz `process.extractOne` over every name.

Generates a watchlist of 100,000 names (Vietnamese companies, Chinese companies in Hanzi, persons) and
10,000 queries: half are variants of a listed name as officers meet them (diacritics stripped, legal
forms and generic words abbreviated or translated, word order changed, OCR look-alike damage, Cyrillic or
Greek letters in place of Latin ones, Chinese
names written in pinyin), half are names that are not listed but are built from the same words and
generic terms (the near misses that must not match). Prints recall and precision at the default
threshold and p50/p95 milliseconds per query for both, and the speed ratio.

Run: .venv/bin/python bench/screening.py [--entries 100000] [--queries 10000] [--peer-sample 300]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypinyin import lazy_pinyin  # noqa: E402
from rapidfuzz import fuzz, process, utils  # noqa: E402

from checkpoint.watchlist.screening import DEFAULT_THRESHOLD, Entry, Index, name_key, strip_diacritics  # noqa: E402

SYLLABLES = ("HOÀNG LONG MINH ANH PHÁT THÀNH ĐẠT HƯNG THỊNH PHÚ QUÝ BÌNH KHANG GIA HUY TUẤN NGỌC LAN HẢI "
             "ĐĂNG TRƯỜNG SƠN VIỆT HÀ NAM BẮC ĐÔNG TIẾN THẮNG LỢI PHƯỚC TÀI LỘC ĐỨC TRUNG KIÊN CƯỜNG DŨNG "
             "QUANG VINH HIỂN PHONG THUẬN NHẬT TÂN HÒA HỢP NGUYÊN BẢO CHÂU DUY KHÁNH LINH MAI HOA THANH "
             "XUÂN THU HẠNH PHÚC LỘC THỌ KIM NGÂN TRÍ DŨNG HIẾU NGHĨA TÍN NHÂN LỄ THIỆN MỸ HẢO HƯƠNG "
             "SEN TRÚC ĐÀO LIỄU TÙNG BÁCH CHÍ THIÊN ĐỊA VƯỢNG CÁT TƯỜNG KHẢI HOÀN QUỐC DÂN UY ĐỈNH "
             "KHOA LÂM SANG TOÀN THÀNH ĐIỀN ÁNH DƯƠNG HUỲNH LƯƠNG HIỆP ĐỒNG").split()
FAMILY = "NGUYỄN TRẦN LÊ PHẠM HOÀNG HUỲNH PHAN VŨ VÕ ĐẶNG BÙI ĐỖ HỒ NGÔ DƯƠNG LÝ NÔNG LƯƠNG MA HÀ".split()
MIDDLE = "VĂN THỊ ĐỨC MINH HỮU QUANG NGỌC THANH XUÂN CÔNG".split()
HANZI = list("鸿运华兴盛达丰泰隆昌福利源金鑫宏伟建恒通顺安康永乐嘉瑞祥和海天龙凤明光辉荣豪信诚德邦联众宝富"
             "贵成益佳美润泽汇聚鼎力创博远航星月山水林森峰岩广大华胜凯旋万家百川千禧吉祥如意")
PLACES = ["凭祥", "南宁", "东兴", "广州", "深圳", "崇左", "钦州", "防城港", "桂林", "柳州", "昆明", "义乌"]
VN_LEGAL = ["CÔNG TY TNHH", "CÔNG TY CỔ PHẦN", "CÔNG TY TNHH MỘT THÀNH VIÊN", "DOANH NGHIỆP TƯ NHÂN"]
VN_GENERIC = ["THƯƠNG MẠI", "XUẤT NHẬP KHẨU", "DỊCH VỤ", "THƯƠNG MẠI VÀ DỊCH VỤ", "SẢN XUẤT", "VẬN TẢI", ""]
ABBREVIATIONS = {"CÔNG TY": "CTY", "THƯƠNG MẠI": "TM", "XUẤT NHẬP KHẨU": "XNK", "DỊCH VỤ": "DV",
                 "CỔ PHẦN": "CP", "MỘT THÀNH VIÊN": "MTV", "SẢN XUẤT": "SX", "VẬN TẢI": "VT",
                 "DOANH NGHIỆP TƯ NHÂN": "DNTN"}
ENGLISH = {"THƯƠNG MẠI": "TRADING", "XUẤT NHẬP KHẨU": "IMPORT EXPORT", "DỊCH VỤ": "SERVICES",
           "SẢN XUẤT": "MANUFACTURING", "VẬN TẢI": "TRANSPORT", "THƯƠNG MẠI VÀ DỊCH VỤ": "TRADING AND SERVICES"}
ZH_GENERIC = ["贸易", "进出口", "物流", "商贸", ""]
# What OCR does to printed names: look-alike glyphs, lost diacritics.
OCR = {"O": "0", "I": "1", "L": "1", "S": "5", "B": "8", "G": "6", "Z": "2", "M": "RN"}
# What a forger does to slip past a list: Cyrillic and Greek capitals drawn like Latin ones.
HOMOGLYPHS = {"A": "АΑ", "B": "ВΒ", "C": "С", "E": "ЕΕ", "H": "НΗ", "I": "ІΙ", "K": "КΚ", "M": "МΜ", "N": "Ν",
              "O": "ОΟ", "P": "РΡ", "T": "ТΤ", "X": "ХΧ", "Y": "УΥ"}


def vn_company(rng: random.Random) -> dict[str, str]:
    words = rng.sample(SYLLABLES, rng.choice((2, 3, 3, 3)))
    return {"type": "vn", "legal": rng.choice(VN_LEGAL), "generic": rng.choice(VN_GENERIC), "words": " ".join(words)}


def cn_company(rng: random.Random) -> dict[str, str]:
    return {"type": "cn", "place": rng.choice(PLACES), "words": "".join(rng.sample(HANZI, rng.choice((2, 3)))),
            "generic": rng.choice(ZH_GENERIC)}


def person(rng: random.Random) -> dict[str, str]:
    return {"type": "person", "words": " ".join([rng.choice(FAMILY), rng.choice(MIDDLE),
                                                 *rng.sample(SYLLABLES, rng.choice((1, 2)))])}


def printed(spec: dict[str, str]) -> str:
    if spec["type"] == "vn":
        return " ".join(p for p in (spec["legal"], spec["generic"], spec["words"]) if p)
    if spec["type"] == "cn":
        return f"{spec['place']}{spec['words']}{spec['generic']}有限公司"
    return spec["words"]


def generate(rng: random.Random) -> dict[str, str]:
    return rng.choices((vn_company, cn_company, person), weights=(6, 2, 2))[0](rng)


def ocr_damage(text: str, rng: random.Random) -> str:
    positions = [i for i, c in enumerate(text) if c in OCR]
    chars = list(text)
    for i in rng.sample(positions, min(len(positions), rng.choice((1, 2)))):
        chars[i] = OCR[chars[i]]
    return "".join(chars)


def variant(spec: dict[str, str], rng: random.Random) -> tuple[str, str]:
    """A spelling of a listed name as it reaches the gate, and what was done to it."""
    if spec["type"] == "cn":
        if rng.random() < 0.5:
            place = "".join(lazy_pinyin(spec["place"])).capitalize()
            romanised = "".join(lazy_pinyin(spec["words"])).capitalize()
            generic = {"贸易": "Trading", "商贸": "Trading", "进出口": "Import Export", "物流": "Logistics"}.get(
                spec["generic"], "")
            return " ".join(p for p in (place, romanised, generic, rng.choice(("Co., Ltd.", "Co. Ltd", "Limited")))
                            if p), "pinyin"
        return f"{spec['place']}{spec['words']}{spec['generic']}{rng.choice(('有限责任公司', '公司'))}", "legal form"
    text = printed(spec)
    how = rng.choice(("abbreviated", "english", "ocr", "ocr", "reordered", "homoglyphs") if spec["type"] == "vn"
                     else ("ocr", "ocr", "reordered", "homoglyphs"))
    if how == "homoglyphs":
        chars = list(text)
        twins = [i for i, c in enumerate(chars) if c in HOMOGLYPHS]
        for i in rng.sample(twins, min(len(twins), rng.choice((1, 2, 3)))):
            chars[i] = rng.choice(HOMOGLYPHS[chars[i]])
        return "".join(chars), "look-alike letters (Cyrillic, Greek)"
    if how == "abbreviated":
        for long, short in ABBREVIATIONS.items():
            text = text.replace(long, short)
        return strip_diacritics(text), "diacritics + abbreviations"
    if how == "english" and spec["type"] == "vn":
        generic = ENGLISH.get(spec["generic"], "")
        return strip_diacritics(" ".join(p for p in (spec["words"], generic, "CO., LTD") if p)), "english form"
    if how == "reordered":
        words = spec["words"].split()
        words = words[1:] + words[:1]
        head = " ".join(p for p in (spec.get("legal"), spec.get("generic")) if p)
        return strip_diacritics(" ".join(p for p in (head, *words) if p)), "word order"
    if rng.random() < 0.15:
        # A letter lost or misread beyond the look-alikes, in the longest word of the name.
        words = text.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        at = rng.randrange(len(word))
        words[longest] = word[:at] + (rng.choice("ACEHNRTU") if rng.random() < 0.5 else "") + word[at + 1:]
        return " ".join(words), "ocr (letter lost or misread)"
    damaged = ocr_damage(strip_diacritics(text) if rng.random() < 0.5 else unicodedata.normalize("NFC", text), rng)
    return damaged, "ocr (look-alike glyphs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--peer-sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=389)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    specs: list[dict[str, str]] = []
    seen: set[str] = set()
    while len(specs) < args.entries:
        spec = generate(rng)
        key = name_key(printed(spec)).sorted_joined
        if key not in seen:
            seen.add(key)
            specs.append(spec)
    entries = [Entry(str(n), "bench", "bench@1", "person" if s["type"] == "person" else "company", name=printed(s))
               for n, s in enumerate(specs)]
    started = time.perf_counter()
    index = Index(entries, "bench@1")
    build = time.perf_counter() - started

    queries: list[tuple[str, str | None, str]] = []
    for _ in range(args.queries // 2):
        n = rng.randrange(len(specs))
        text, how = variant(specs[n], rng)
        queries.append((text, str(n), how))
    while len(queries) < args.queries:
        spec = generate(rng)
        if name_key(printed(spec)).sorted_joined not in seen:
            queries.append((printed(spec), None, "not listed"))
    rng.shuffle(queries)

    def evaluate(results: list[tuple[str | None, str | None]]) -> tuple[float, float]:
        planted = sum(1 for expected, _ in results if expected is not None)
        reported = sum(1 for _, got in results if got is not None)
        correct = sum(1 for expected, got in results if got is not None and got == expected)
        return correct / max(1, planted), correct / max(1, reported)

    ours: list[tuple[str | None, str | None]] = []
    times: list[float] = []
    misses: dict[str, list[tuple[str, str | None]]] = {}
    for text, expected, how in queries:
        t = time.perf_counter()
        hits = index.screen(text, "name")
        times.append((time.perf_counter() - t) * 1000)
        got = hits[0].entry.id if hits else None
        ours.append((expected, got))
        if got != expected:
            misses.setdefault(how, []).append((text, entries[int(got)].name if got else None))
    recall, precision = evaluate(ours)

    names = [utils.default_process(e.name or "") for e in entries]
    sample = rng.sample(queries, min(args.peer_sample, len(queries)))
    peer, peer_times = [], []
    for text, expected, _ in sample:
        t = time.perf_counter()
        best = process.extractOne(utils.default_process(text), names, scorer=fuzz.WRatio, processor=None,
                                  score_cutoff=DEFAULT_THRESHOLD * 100)
        peer_times.append((time.perf_counter() - t) * 1000)
        peer.append((expected, str(best[2]) if best else None))
    peer_recall, peer_precision = evaluate(peer)

    def pct(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]

    print(f"watchlist: {len(entries):,} names (60% Vietnamese companies, 20% Chinese companies in Hanzi, "
          f"20% persons); index built in {build:.1f} s")
    print(f"queries: {len(queries):,} ({sum(e is not None for _, e, _ in queries):,} variants of listed names, "
          f"{sum(e is None for _, e, _ in queries):,} unlisted names sharing their words); threshold "
          f"{DEFAULT_THRESHOLD}; a query counts as found when its best hit is the planted entry")
    print(f"ours (checkpoint.watchlist.screening.Index, all {len(queries):,} queries): recall {recall:.3f}  precision "
          f"{precision:.3f}  p50 {pct(times, 50):.2f} ms  p95 {pct(times, 95):.2f} ms per query")
    print(f"peer (rapidfuzz process.extractOne, WRatio, default_process, cutoff {DEFAULT_THRESHOLD * 100:.0f}, "
          f"over all {len(names):,} names; timed on a sample of {len(sample)} queries): recall {peer_recall:.3f}  "
          f"precision {peer_precision:.3f}  p50 {pct(peer_times, 50):.2f} ms  p95 {pct(peer_times, 95):.2f} ms")
    print(f"speed: ours is {statistics.median(peer_times) / statistics.median(times):.0f}x faster at the median, "
          f"{pct(peer_times, 95) / pct(times, 95):.0f}x at p95")
    kinds = Counter(how for _, _, how in queries)
    for how, count in sorted(kinds.items()):
        missed = misses.get(how, [])
        example = f", e.g. {missed[0][0]!r} -> {missed[0][1]!r}" if missed else ""
        print(f"  {how}: {count} queries, {len(missed)} wrong{example}")


if __name__ == "__main__":
    main()

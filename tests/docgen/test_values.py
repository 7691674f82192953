"""shipment(seed): deterministic, valid identifiers, and papers that agree with each other."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import ean, iso6346
from stdnum.vn import mst

from bench.docgen import shipment

SEEDS = range(60)
DIACRITIC = re.compile(r"[ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]")
VN_PLATE = re.compile(r"^\d{2}[A-Z]{1,2}-\d{3}\.\d{2}$")
CN_PLATE = re.compile(r"^桂[A-HJ-NP-Z]·[A-HJ-NP-Z0-9]{5}$")


def test_same_seed_same_shipment_and_seeds_differ() -> None:
    assert shipment(7) == shipment(7)
    assert shipment(7) != shipment(8)
    assert len({shipment(s)["documents"]["invoice"]["invoice_number"] for s in SEEDS}) > 50


def test_documents_of_a_shipment_agree() -> None:
    for seed in SEEDS:
        s = shipment(seed)
        inv, pl, co, dec = (s["documents"][k] for k in ("invoice", "packing_list", "co", "declaration"))
        assert inv["invoice_number"] == pl["invoice_number"] == co["invoice_number"] == dec["invoice_number"]
        assert inv["invoice_date"] == co["invoice_date"] == dec["invoice_date"]
        assert inv["seller_name"] == co["exporter_name"] == dec["exporter_name"] == s["parties"]["seller"]["name"]
        assert inv["buyer_name"] == co["consignee_name"] == dec["importer_name"] == s["parties"]["buyer"]["name"]
        assert inv["hs_codes"] == dec["hs_codes"] == [i["hs_code"] for i in inv["items"]]
        assert co["hs_codes"] == [h[:6] for h in inv["hs_codes"]]
        assert [i["quantity"] for i in inv["items"]] == [i["quantity"] for i in co["items"]]
        assert [i["quantity"] for i in inv["items"]] == [i["quantity"] for i in pl["items"]]
        assert inv["total_amount"] == dec["total_value"] == co["fob_value"]
        assert abs(inv["total_amount"] - sum(i["amount"] for i in inv["items"])) < 0.005
        for item in inv["items"]:
            assert abs(item["quantity"] * item["unit_price"] - item["amount"]) < 0.006
        assert pl["packages"] == sum(i["packages"] for i in pl["items"]) == dec["packages"]
        assert pl["net_weight_kg"] < pl["gross_weight_kg"]
        assert co["origin_criterion"] == [i["origin_criterion"] for i in co["items"]]
        assert s["declared_origin"] == inv["origin_country"] == co["issuing_country"]


def test_dates_are_in_order() -> None:
    for seed in SEEDS:
        s = shipment(seed)
        co, dec = s["documents"]["co"], s["documents"]["declaration"]
        assert co["invoice_date"] <= co["departure_date"] <= dec["declaration_date"] <= s["inspection_date"]
        assert co["invoice_date"] <= co["signature_date"] <= co["issue_date"]
        if not co["issued_retroactively"]:
            assert co["issue_date"] <= co["departure_date"]


def test_identifiers_are_valid() -> None:
    for seed in SEEDS:
        s = shipment(seed)
        vn_party = s["parties"]["seller" if s["direction"] == "VN2CN" else "buyer"]
        assert mst.is_valid(vn_party["tax_code"])
        assert all(ean.is_valid(g) and len(g) == 13 for g in s["gtins"])
        assert s["container"] == "" or iso6346.is_valid(s["container"])
        assert VN_PLATE.match(s["plates"][0]) and CN_PLATE.match(s["plates"][1])
        assert re.fullmatch(r"\d{12}", s["documents"]["declaration"]["declaration_number"])


def test_origin_shows_in_gs1_prefixes() -> None:
    prefixes = {"CN": "69", "VN": "893", "TH": "885", "MY": "955", "KR": "880"}
    for seed in SEEDS:
        s = shipment(seed)
        assert all(g.startswith(prefixes[s["declared_origin"]]) for g in s["gtins"])


def test_vietnamese_names_keep_diacritics_and_chinese_names_their_hanzi() -> None:
    for seed in SEEDS:
        s = shipment(seed)
        for party in s["parties"].values():
            if party["country"] == "VN":
                assert DIACRITIC.search(party["name"]), party["name"]
                assert unicodedata.is_normalized("NFC", party["name"])
            if party["country"] == "CN":
                assert re.fullmatch(r"[\u4e00-\u9fff]+", party["name_zh"])
                assert party["name"].isascii()


def test_focus_goods_and_mixed_criteria_occur() -> None:
    chapters = {h[:2] for seed in SEEDS for h in shipment(seed)["documents"]["invoice"]["hs_codes"]}
    assert {"04", "19", "30", "21", "08"} <= chapters
    criteria = {c for seed in SEEDS for c in shipment(seed)["documents"]["co"]["origin_criterion"]}
    assert {"WO", "PE", "CTH"} <= criteria and any(c.startswith("RVC ") for c in criteria)
    forms = {shipment(seed)["documents"]["co"]["form"] for seed in SEEDS}
    assert forms == {"E", "D", "RCEP"}


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_generation_never_raises(seed: int) -> None:
    s = shipment(seed)
    assert s["seed"] == seed and s["documents"]["invoice"]["items"]


def test_gtins_of_every_listed_prefix_country_are_valid_and_carry_its_prefix() -> None:
    import random

    from bench.docgen.identifiers import GS1_PREFIXES, gtin13

    rng = random.Random(1)
    for country, prefixes in GS1_PREFIXES.items():
        code = gtin13(rng, country)
        assert ean.is_valid(code) and code[:3] in prefixes, (country, code)

"""Invented trading parties: Vietnamese companies with full diacritics and legal forms, Chinese companies in
pinyin with their Hanzi, ASEAN and Korean exporters, and the persons who sign for them.

Names are built from parts so that seeds rarely repeat a company; none is meant to be a real firm.
"""
from __future__ import annotations

import random
from typing import Any

from bench.docgen.identifiers import cn_uscc, vn_mst

VN_FORMS = (
    "CÔNG TY TNHH", "CÔNG TY TNHH", "CÔNG TY CỔ PHẦN", "CÔNG TY TNHH MỘT THÀNH VIÊN",
    "CÔNG TY TNHH HAI THÀNH VIÊN TRỞ LÊN", "DOANH NGHIỆP TƯ NHÂN",
)
VN_TRADES = (
    "THƯƠNG MẠI", "THƯƠNG MẠI VÀ DỊCH VỤ", "XUẤT NHẬP KHẨU", "ĐẦU TƯ VÀ THƯƠNG MẠI", "NÔNG SẢN",
    "DƯỢC PHẨM", "THỰC PHẨM", "VẬN TẢI VÀ LOGISTICS", "SỮA VÀ DINH DƯỠNG", "ĐIỆN TỬ", "THIẾT BỊ Y TẾ",
    "XUẤT NHẬP KHẨU NÔNG SẢN", "THƯƠNG MẠI TỔNG HỢP",
)
VN_NAMES = (
    "HOÀNG LONG", "TRƯỜNG HẢI", "ĐỒNG ĐĂNG", "KỲ LỪA", "PHÚ THỊNH", "AN PHÁT", "HƯNG THỊNH", "MINH KHANG",
    "ĐẠI DƯƠNG", "THÀNH ĐẠT", "TÂN THANH", "NGỌC ÁNH", "VIỆT TRUNG", "BẮC SƠN", "HỮU NGHỊ", "QUANG MINH",
    "THIÊN PHÚC", "LỘC PHÁT", "ÁNH DƯƠNG", "KIM NGÂN", "PHƯƠNG ĐÔNG", "HẢI ĐĂNG", "XUÂN LỘC", "ĐỨC THỊNH",
    "TRÍ ĐỨC", "BẢO CHÂU", "HÙNG VƯƠNG", "SƠN HÀ", "NHẬT QUANG", "ĐÔNG Á", "VŨ GIA", "LÊ HUY", "ĐẶNG KHÔI",
)
VN_STREETS = (
    "Trần Hưng Đạo", "Lê Lợi", "Bà Triệu", "Hùng Vương", "Nguyễn Du", "Lý Thường Kiệt", "Phai Vệ",
    "Bắc Sơn", "Tam Thanh", "Lê Đại Hành", "Nguyễn Trãi", "Quang Trung", "Đinh Tiên Hoàng", "Trường Chinh",
)
VN_PLACES = (
    ("phường Hoàng Văn Thụ", "thành phố Lạng Sơn", "tỉnh Lạng Sơn", "12"),
    ("phường Đông Kinh", "thành phố Lạng Sơn", "tỉnh Lạng Sơn", "12"),
    ("thị trấn Đồng Đăng", "huyện Cao Lộc", "tỉnh Lạng Sơn", "12"),
    ("xã Tân Thanh", "huyện Văn Lãng", "tỉnh Lạng Sơn", "12"),
    ("phường Hợp Giang", "thành phố Cao Bằng", "tỉnh Cao Bằng", "11"),
    ("phường Hòn Gai", "thành phố Hạ Long", "tỉnh Quảng Ninh", "14"),
    ("phường Dịch Vọng Hậu", "quận Cầu Giấy", "thành phố Hà Nội", "29"),
    ("phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh", "51"),
    ("phường Trần Phú", "thành phố Bắc Giang", "tỉnh Bắc Giang", "98"),
    ("phường Lê Chân", "quận Lê Chân", "thành phố Hải Phòng", "15"),
)
VN_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lương", "Nông")
VN_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Hữu", "Ngọc")
VN_GIVEN = ("Hùng", "Lan", "Tuấn", "Hương", "Dũng", "Thảo", "Quân", "Trang", "Sơn", "Yến", "Khải", "Đạt", "Phượng")

CN_PLACES = (
    ("广西凭祥", "GUANGXI PINGXIANG", "Pingxiang City, Guangxi, China"),
    ("广西东兴", "GUANGXI DONGXING", "Dongxing City, Guangxi, China"),
    ("南宁", "NANNING", "Nanning, Guangxi, China"),
    ("崇左", "CHONGZUO", "Chongzuo, Guangxi, China"),
    ("云南河口", "YUNNAN HEKOU", "Hekou County, Yunnan, China"),
    ("广州", "GUANGZHOU", "Guangzhou, Guangdong, China"),
    ("深圳", "SHENZHEN", "Shenzhen, Guangdong, China"),
    ("东莞", "DONGGUAN", "Dongguan, Guangdong, China"),
    ("义乌", "YIWU", "Yiwu, Zhejiang, China"),
    ("上海", "SHANGHAI", "Shanghai, China"),
)
CN_NAMES = (
    ("华通", "HUATONG"), ("盛达", "SHENGDA"), ("鑫源", "XINYUAN"), ("宏发", "HONGFA"), ("友谊", "YOUYI"),
    ("金桥", "JINQIAO"), ("恒信", "HENGXIN"), ("泰和", "TAIHE"), ("瑞丰", "RUIFENG"), ("嘉禾", "JIAHE"),
    ("永盛", "YONGSHENG"), ("顺达", "SHUNDA"), ("鸿运", "HONGYUN"), ("天成", "TIANCHENG"), ("佳美", "JIAMEI"),
    ("锦华", "JINHUA"), ("同舟", "TONGZHOU"), ("隆昌", "LONGCHANG"),
)
CN_TRADES = (
    ("进出口贸易有限公司", "IMPORT & EXPORT TRADING CO., LTD."),
    ("国际物流有限公司", "INTERNATIONAL LOGISTICS CO., LTD."),
    ("食品有限公司", "FOOD CO., LTD."),
    ("乳业有限公司", "DAIRY CO., LTD."),
    ("医药有限公司", "PHARMACEUTICAL CO., LTD."),
    ("农产品有限公司", "AGRICULTURAL PRODUCTS CO., LTD."),
    ("电子科技有限公司", "ELECTRONIC TECHNOLOGY CO., LTD."),
    ("商贸有限公司", "TRADING CO., LTD."),
    ("实业有限公司", "INDUSTRIAL CO., LTD."),
)
CN_ROADS = (("北环路", "Beihuan Road"), ("友谊大道", "Youyi Avenue"), ("南山路", "Nanshan Road"),
            ("民族大道", "Minzu Avenue"), ("兴宁路", "Xingning Road"), ("建设路", "Jianshe Road"))
CN_PERSONS = (("王伟", "Wang Wei"), ("李娜", "Li Na"), ("张强", "Zhang Qiang"), ("刘洋", "Liu Yang"),
              ("陈静", "Chen Jing"), ("黄海", "Huang Hai"), ("韦明", "Wei Ming"), ("农春燕", "Nong Chunyan"))

FOREIGN = {
    "TH": (("SIAM", "CHAO PHRAYA", "GOLDEN ORCHID", "NAKHON FRESH", "RATCHADA"),
           ("FRUIT CO., LTD.", "AGRO EXPORT CO., LTD.", "FOODS PUBLIC CO., LTD.", "TRADING CO., LTD."),
           "Bang Na, Bangkok 10260, Thailand", ("Somchai Prasert", "Wanida Srisuk")),
    "MY": (("PERMAI", "SINAR JAYA", "BUMI HIJAU", "MUTIARA"),
           ("SDN. BHD.", "TRADING SDN. BHD.", "FOOD INDUSTRIES SDN. BHD."),
           "Shah Alam, Selangor, Malaysia", ("Ahmad Faizal", "Tan Mei Ling")),
    "KR": (("HANBIT", "DAESUNG", "SEOHAN", "MIRAE"),
           ("CO., LTD.", "FOOD CO., LTD.", "ELECTRONICS CO., LTD."),
           "Gangnam-gu, Seoul, Korea", ("Kim Min-jun", "Park Ji-woo")),
}


def vn_person(rng: random.Random) -> str:
    return f"{rng.choice(VN_SURNAMES)} {rng.choice(VN_MIDDLE)} {rng.choice(VN_GIVEN)}"


def vn_company(rng: random.Random) -> dict[str, Any]:
    ward, district, province, province_code = rng.choice(VN_PLACES)
    form = rng.choice(VN_FORMS)
    trade = rng.choice(VN_TRADES)
    name = f"{form} {trade} {rng.choice(VN_NAMES)}"
    if form == "DOANH NGHIỆP TƯ NHÂN":
        name = f"{form} {rng.choice(VN_NAMES)}"
    address = f"Số {rng.randint(2, 399)} đường {rng.choice(VN_STREETS)}, {ward}, {district}, {province}"
    return {
        "name": name,
        "address": address,
        "country": "VN",
        "tax_code": vn_mst(rng, province_code),
        "phone": f"(+84) {rng.choice(('205', '206', '203', '24', '28'))} {rng.randint(3000000, 3999999)}",
        "contact": vn_person(rng),
    }


def cn_company(rng: random.Random) -> dict[str, Any]:
    place_zh, place_py, city = rng.choice(CN_PLACES)
    name_zh, name_py = rng.choice(CN_NAMES)
    trade_zh, trade_en = rng.choice(CN_TRADES)
    road_zh, road_en = rng.choice(CN_ROADS)
    number = rng.randint(3, 288)
    person_zh, person = rng.choice(CN_PERSONS)
    return {
        "name": f"{place_py} {name_py} {trade_en}",
        "name_zh": f"{place_zh}{name_zh}{trade_zh}",
        "address": f"No. {number} {road_en}, {city}",
        "address_zh": f"{place_zh}{road_zh}{number}号",
        "country": "CN",
        "tax_code": cn_uscc(rng),
        "phone": f"+86 {rng.choice(('771', '20', '755', '579'))} {rng.randint(2000000, 8999999)}",
        "contact": person,
        "contact_zh": person_zh,
    }


def foreign_company(rng: random.Random, country: str) -> dict[str, Any]:
    names, forms, city, persons = FOREIGN[country]
    return {
        "name": f"{rng.choice(names)} {rng.choice(forms)}",
        "address": f"{rng.randint(5, 990)}/{rng.randint(1, 40)} Industrial Road, {city}",
        "country": country,
        "tax_code": "".join(str(rng.randint(0, 9)) for _ in range(13)),
        "phone": f"+{rng.randint(60, 82)} 2 {rng.randint(1000000, 9999999)}",
        "contact": rng.choice(persons),
    }

"""The goods a generated shipment may carry: focus goods of the 389 campaign and everyday border trade.

HS codes are 8-digit lines of Vietnam's AHTN-based tariff (the invoice and the declaration print 8 digits,
a certificate of origin the first 6). Prices are plausible border-trade unit prices, not market data.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Good:
    hs_code: str
    """8 digits, no dots."""
    en: str
    vi: str
    """Vietnamese description with every diacritic."""
    zh: str
    unit: str
    """Unit of quantity as printed on invoices (KG, CTN, PCS, …)."""
    price: tuple[float, float]
    """Unit price range in USD."""
    quantity: tuple[int, int]
    kg_per_unit: float
    """Net weight of one unit, for packing lists."""
    per_package: int
    """Units in one package."""
    package: str
    """Kind of package (CARTONS, BAGS, …)."""
    criteria: tuple[str, ...]
    """Origin criteria a certificate may claim for it (ACFTA / ATIGA wording)."""
    focus: bool = False
    """Milk, infant formula, medicines, supplements or food of the campaign."""


FRUIT = ("WO",)
FOOD = ("PE", "RVC 40%", "RVC 45%", "CTH")
MADE = ("RVC 40%", "RVC 42%", "RVC 48%", "RVC 55%", "RVC 60%", "CTH", "PSR", "PE")

GOODS: tuple[Good, ...] = (
    Good("04012090", "UHT fresh milk 1L", "Sữa tươi tiệt trùng 1L", "超高温灭菌鲜牛奶 1L", "CTN",
         (14.0, 22.0), (200, 1800), 12.4, 1, "CARTONS", FOOD, True),
    Good("04022120", "Whole milk powder 25kg", "Sữa bột nguyên kem 25kg", "全脂奶粉 25公斤", "BAG",
         (85.0, 130.0), (80, 900), 25.0, 1, "BAGS", FOOD, True),
    Good("19011020", "Infant formula milk powder 800g", "Sữa bột công thức cho trẻ sơ sinh 800g",
         "婴幼儿配方奶粉 800克", "TIN", (9.5, 24.0), (600, 9600), 0.9, 12, "CARTONS", FOOD, True),
    Good("30049099", "Amoxicillin capsules 500mg", "Thuốc viên nang Amoxicillin 500mg",
         "阿莫西林胶囊 500毫克", "BOX", (1.2, 4.5), (2000, 40000), 0.05, 200, "CARTONS", MADE, True),
    Good("30049049", "Paracetamol tablets 500mg", "Thuốc viên nén Paracetamol 500mg", "对乙酰氨基酚片 500毫克",
         "BOX", (0.6, 2.2), (3000, 60000), 0.04, 240, "CARTONS", MADE, True),
    Good("21069072", "Health supplement capsules (ginseng extract)", "Thực phẩm bảo vệ sức khỏe viên nang nhân sâm",
         "人参提取物保健胶囊", "BOT", (3.0, 12.0), (1000, 20000), 0.12, 48, "CARTONS", FOOD, True),
    Good("21069099", "Collagen jelly drink", "Nước uống thạch collagen", "胶原蛋白果冻饮料", "BOX",
         (2.5, 7.0), (1000, 12000), 0.6, 20, "CARTONS", FOOD, True),
    Good("08081000", "Fresh Fuji apples", "Táo tươi Phú Sĩ", "新鲜富士苹果", "KG",
         (0.7, 1.4), (8000, 26000), 1.0, 18, "CARTONS", FRUIT, True),
    Good("08083000", "Fresh pears", "Lê tươi", "新鲜梨", "KG",
         (0.5, 1.1), (8000, 24000), 1.0, 20, "CARTONS", FRUIT, True),
    Good("08061000", "Fresh grapes", "Nho tươi", "新鲜葡萄", "KG",
         (1.2, 2.6), (5000, 18000), 1.0, 8, "CARTONS", FRUIT, True),
    Good("08052100", "Fresh mandarins", "Quýt tươi", "新鲜柑橘", "KG",
         (0.5, 1.0), (9000, 25000), 1.0, 15, "CARTONS", FRUIT, True),
    Good("08106000", "Fresh durian", "Sầu riêng tươi", "新鲜榴莲", "KG",
         (2.8, 4.2), (6000, 18000), 1.0, 20, "CARTONS", FRUIT, True),
    Good("08109040", "Fresh dragon fruit", "Thanh long tươi", "新鲜火龙果", "KG",
         (0.8, 1.3), (8000, 22000), 1.0, 16, "CARTONS", FRUIT, True),
    Good("07032090", "Fresh garlic", "Tỏi củ tươi", "新鲜大蒜", "KG",
         (0.6, 1.2), (10000, 28000), 1.0, 10, "BAGS", FRUIT, True),
    Good("85171300", "Smartphones", "Điện thoại thông minh", "智能手机", "PCS",
         (45.0, 180.0), (200, 3000), 0.35, 20, "CARTONS", MADE),
    Good("85423900", "Electronic integrated circuits", "Mạch tích hợp điện tử", "电子集成电路", "PCS",
         (0.8, 3.5), (5000, 90000), 0.002, 2000, "CARTONS", MADE),
    Good("72083990", "Hot-rolled steel coils", "Thép cuộn cán nóng", "热轧钢卷", "MT",
         (520.0, 690.0), (20, 120), 1000.0, 1, "COILS", MADE),
    Good("52085200", "Printed woven cotton fabric", "Vải dệt thoi từ bông đã in", "印花棉机织物", "M",
         (1.1, 2.9), (8000, 45000), 0.15, 100, "ROLLS", MADE),
    Good("64029990", "Rubber-soled sports shoes", "Giày thể thao đế cao su", "橡胶底运动鞋", "PRS",
         (3.5, 11.0), (1200, 12000), 0.8, 12, "CARTONS", MADE),
    Good("87089980", "Motor vehicle parts (brake pads)", "Phụ tùng ô tô (má phanh)", "汽车零件（刹车片）", "SET",
         (4.0, 16.0), (500, 6000), 1.6, 20, "CARTONS", MADE),
    Good("39269099", "Plastic household articles", "Đồ gia dụng bằng nhựa", "塑料家居用品", "PCS",
         (0.3, 1.8), (5000, 50000), 0.2, 100, "CARTONS", MADE),
    Good("85287292", "LED television sets 43 inch", "Ti vi LED 43 inch", "43英寸LED电视机", "SET",
         (95.0, 160.0), (100, 900), 9.5, 1, "CARTONS", MADE),
    Good("95030099", "Plastic toys", "Đồ chơi bằng nhựa", "塑料玩具", "PCS",
         (0.5, 3.0), (3000, 30000), 0.25, 60, "CARTONS", MADE),
    Good("33049930", "Skin care cream 50ml", "Kem dưỡng da 50ml", "护肤霜 50毫升", "PCS",
         (1.5, 6.0), (2000, 20000), 0.08, 120, "CARTONS", MADE),
    Good("40111000", "Car tyres 205/55R16", "Lốp xe ô tô 205/55R16", "汽车轮胎 205/55R16", "PCS",
         (28.0, 55.0), (200, 1500), 8.5, 1, "PCS", MADE),
    Good("85076090", "Lithium-ion battery packs", "Bộ pin lithium-ion", "锂离子电池组", "PCS",
         (6.0, 28.0), (500, 8000), 0.6, 24, "CARTONS", MADE),
    Good("62046200", "Women's cotton trousers", "Quần dài nữ bằng bông", "女式棉长裤", "PCS",
         (2.2, 7.5), (2000, 20000), 0.4, 50, "CARTONS", MADE),
    Good("94036090", "Wooden office furniture", "Đồ nội thất văn phòng bằng gỗ", "木制办公家具", "SET",
         (35.0, 140.0), (50, 600), 28.0, 1, "PALLETS", MADE),
    Good("17049099", "Sugar confectionery (candies)", "Kẹo các loại", "糖果", "KG",
         (1.4, 3.2), (3000, 15000), 1.0, 12, "CARTONS", FOOD, True),
    Good("20098999", "Fruit juice drinks", "Nước ép trái cây", "果汁饮料", "CTN",
         (6.0, 12.0), (500, 4000), 7.2, 1, "CARTONS", FOOD, True),
)

"""Leaders' duties to receive citizens, as dated rules (loaded by migration ``0002`` and by ``seed_engagement``).

Each row: (post, level, days, period, delegation allowed, from, to, basis). Law 136/2025/QH15 (in force
1 July 2026) refuses delegating a reception day to a deputy, so every duty has a version that ends on
30 June 2026 and one that starts on 1 July 2026. Sources in ``shared`` domain facts §3.
"""

import datetime

LAW_2013 = "Luật Tiếp công dân 2013 (42/2013/QH13)"
QD_11 = "Quy định 11-QĐi/TW ngày 18/02/2019, sửa đổi bởi Kết luận 215-KL/TW"
LAW_2025 = "Luật 136/2025/QH15: không ủy quyền cho cấp phó"
CHANGE = datetime.date(2026, 7, 1)
BEFORE = CHANGE - datetime.timedelta(days=1)

_DUTIES = [
    # post, level, days, period, in force from, basis
    ("chu_tich_ubnd", "xa", 1, "tuan", datetime.date(2014, 7, 1), f"{LAW_2013}, Điều 15 khoản 2"),
    ("chu_tich_ubnd", "tinh", 1, "thang", datetime.date(2014, 7, 1), f"{LAW_2013}, Điều 12 khoản 5"),
    ("bi_thu_dang_uy", "xa", 2, "thang", datetime.date(2019, 2, 18), QD_11),
    ("bi_thu_dang_uy", "tinh", 1, "thang", datetime.date(2019, 2, 18), QD_11),
    (
        "truong_ban_tgdv",
        "tinh",
        1,
        "thang",
        datetime.date(2014, 7, 1),
        f"{LAW_2013}, Điều 18; Nghị định 64/2014/NĐ-CP, Điều 4 (người đứng đầu cơ quan)",
    ),  # fmt: skip
]

DUTY_RULES = [
    row
    for title, kind, days, period, start, basis in _DUTIES
    for row in (
        (title, kind, days, period, True, start, BEFORE, basis),
        (title, kind, days, period, False, CHANGE, None, f"{basis}; {LAW_2025}"),
    )
]

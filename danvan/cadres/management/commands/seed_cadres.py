"""Demo cadre corps of a district-sized area around Phường Pleiku (Gia Lai).

Nine communes with their khối dân vận (126 members), 103 village tổ dân vận
(485 members), the posts, Front and mass organisations, province staff,
training courses with attendance and field days. Deterministic (fixed seed)
and idempotent: nothing is added when the area already has cadres. A few
deliberate defects make every completeness finding show up.
"""

import datetime
import time
from collections import defaultdict
from random import Random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from danvan.accounts.models import User
from danvan.cadres import selectors, services
from danvan.cadres.choices import (
    AttendanceResult,
    CourseFormat,
    CourseLevel,
    Education,
    Gender,
    OrgKind,
    ProfessionalLevel,
    Religion,
    TeamKind,
    TeamRole,
    TheoryLevel,
    Title,
)
from danvan.cadres.models import (
    Appointment,
    Attendance,
    Cadre,
    Course,
    FieldDay,
    Organisation,
    OrganisationMembership,
    Review,
    Team,
    TeamMembership,
)
from danvan.core import calendar
from danvan.core.text import fold, normalize
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

SEED = 23575
REASON = "Dữ liệu mẫu"
BATCH = 500
DAY = datetime.timedelta(days=1)

PROVINCE_CODE = "52"  # Gia Lai
KINH, GIA_RAI, BA_NA = "01", "10", "13"

# Pleiku and the Đak Đoa area east of it: commune code, the largest ethnic minority there,
# size of the commune's khối dân vận (the sizes add up to 126).
AREA = [
    ("23575", GIA_RAI, 15),  # Phường Pleiku
    ("23586", GIA_RAI, 14),  # Phường Hội Phú
    ("23602", GIA_RAI, 13),  # Phường An Phú
    ("23590", GIA_RAI, 14),  # Xã Biển Hồ
    ("23611", GIA_RAI, 14),  # Xã Gào
    ("23677", BA_NA, 15),  # Xã Đak Đoa
    ("23714", BA_NA, 13),  # Xã KDang
    ("23683", BA_NA, 14),  # Xã Đak Sơmei
    ("23701", BA_NA, 14),  # Xã Kon Gang
]
TEAMS = 103
TEAM_MEMBERS = 485
# Villages beyond the 103 teams stay without one (the last village of these communes, in turn).
NO_TEAM_ORDER = ["23701", "23611", "23683", "23575", "23677", "23714", "23590", "23602", "23586"]
# Deliberate defects, so the completeness page shows every kind of finding.
HEAD_TITLE_DEFECT = "23701"  # the block is led by the Party-building head
VACANCY_AT = ("23575", 2)  # third village of Phường Pleiku: its team head left 45 days ago
UNDERSIZED_AT = ("23611", 3)  # fourth village of Xã Gào: two members
VACANCY_DAYS_AGO = 45
MERGER = datetime.date(2025, 7, 1)  # the two-level local government starts

# --- names -----------------------------------------------------------------------------

KINH_SURNAMES = (
    ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + ["Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
    + ["Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đoàn", "Lương", "Tạ"]
)  # fmt: skip
KINH_MIDDLE_M = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Ngọc", "Xuân"]
KINH_MIDDLE_F = ["Thị", "Thị", "Thị", "Thị Thu", "Thị Ngọc", "Thị Thanh", "Thị Kim", "Thị Hồng", "Thị Mỹ"]
KINH_GIVEN_M = [
    "Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thành", "Phúc", "Quân", "Bình", "Cường", "Hiếu",
    "Trung", "Vinh", "Tâm", "Tài", "Lộc", "Khánh", "Thắng", "Hòa", "Toàn", "Đạt", "Phong", "Kiên", "Nghĩa",
]  # fmt: skip
KINH_GIVEN_F = [
    "Hoa", "Lan", "Hương", "Mai", "Hằng", "Nga", "Thảo", "Trang", "Linh", "Yến", "Nhung", "Hạnh", "Thủy",
    "Vân", "Hà", "Huyền", "Loan", "Oanh", "Phượng", "Quyên", "Dung", "Liên",
]  # fmt: skip
JRAI_CLANS = ["Rơ Châm", "Ksor", "Siu", "Rơ Mah", "Kpă", "Nay", "Rah Lan", "Puih", "Rơ Ô", "Rơ Lan"]
JRAI_GIVEN_M = [
    "Blơi", "Dăm", "Hyưk", "Krông", "Pơ", "Tư", "Khuin", "Jú", "Hlim", "Ngăn", "Phôl", "Bơr", "Thuk", "Lứ",
    "Thanh", "Tuân", "Nhiên", "Kim", "Hyang", "Đức",
]  # fmt: skip
JRAI_GIVEN_F = [
    "H'Bút", "H'Lan", "H'Plin", "H'Ngơ", "H'Yin", "H'Jen", "H'Prăk", "H'Blon", "H'Lim", "H'Nel", "H'Nguyên",
    "H'Mai", "H'Dung", "H'Hoa", "H'Yơn", "H'Ngăm",
]  # fmt: skip
BAHNAR_GIVEN_M = [
    "Pơl", "Hyưk", "Nhik", "Blút", "Thơ", "Yơl", "Đơm", "Rin", "Khôn", "Ngơn", "Byưh", "Kuin", "Thắm", "Sơn",
    "Chơn", "Hmun", "Djang", "Bơn",
]  # fmt: skip
BAHNAR_GIVEN_F = ["Hlin", "Phơ", "Nhớ", "Hơi", "Blăng", "Xuyên", "Lép", "Bun", "Hiền", "Thuy", "Ngưh", "Krơng", "Tơl"]


def _name(rng, ethnicity, gender):
    female = gender == Gender.FEMALE
    if ethnicity == GIA_RAI:
        clan = rng.choice(JRAI_CLANS)
        if female:
            return f"{clan} {rng.choice(JRAI_GIVEN_F if rng.random() < 0.8 else KINH_GIVEN_F)}"
        return f"{clan} {'Y ' if rng.random() < 0.25 else ''}{rng.choice(JRAI_GIVEN_M)}"
    if ethnicity == BA_NA:
        if female:
            return rng.choice(["Đinh Thị", "Đinh Thị", "Y"]) + " " + rng.choice(BAHNAR_GIVEN_F)
        return rng.choice(["Đinh", "Đinh", "Đinh Văn", "A"]) + " " + rng.choice(BAHNAR_GIVEN_M)
    surname = rng.choice(KINH_SURNAMES)
    if female:
        return f"{surname} {rng.choice(KINH_MIDDLE_F)} {rng.choice(KINH_GIVEN_F)}"
    return f"{surname} {rng.choice(KINH_MIDDLE_M)} {rng.choice(KINH_GIVEN_M)}"


RELIGIONS = {
    KINH: [(Religion.NONE, 75), (Religion.BUDDHISM, 13), (Religion.CATHOLIC, 9), (Religion.PROTESTANT, 3)],
    GIA_RAI: [(Religion.NONE, 55), (Religion.PROTESTANT, 35), (Religion.CATHOLIC, 10)],
    BA_NA: [(Religion.NONE, 40), (Religion.CATHOLIC, 42), (Religion.PROTESTANT, 18)],
}

# --- profiles: birth years, schooling, qualifications, Party membership by kind of post ---

E, P, T = Education, ProfessionalLevel, TheoryLevel
PROFILES = {
    "leader": {
        "birth": (1968, 1984), "party": 1.0, "education": [(E.UPPER_SECONDARY, 1)],
        "professional": [(P.BACHELOR, 78), (P.MASTER, 22)],
        "theory": [(T.ADVANCED, 70), (T.BACHELOR, 12), (T.INTERMEDIATE, 18)],
        "fields": ["Luật", "Quản lý nhà nước", "Xây dựng Đảng và chính quyền nhà nước", "Kinh tế nông nghiệp",
                   "Hành chính học", "Chính trị học"],
    },
    "head": {
        "birth": (1970, 1990), "party": 1.0, "education": [(E.UPPER_SECONDARY, 1)],
        "professional": [(P.BACHELOR, 70), (P.COLLEGE, 18), (P.INTERMEDIATE, 12)],
        "theory": [(T.INTERMEDIATE, 72), (T.ADVANCED, 10), (T.ELEMENTARY, 18)],
        "fields": ["Luật", "Công tác xã hội", "Kinh tế nông nghiệp", "Quản lý nhà nước", "Sư phạm", "Kế toán"],
    },
    "youth": {
        "birth": (1990, 2000), "party": 1.0, "education": [(E.UPPER_SECONDARY, 1)],
        "professional": [(P.BACHELOR, 80), (P.COLLEGE, 20)],
        "theory": [(T.INTERMEDIATE, 35), (T.ELEMENTARY, 65)],
        "fields": ["Công tác thanh thiếu niên", "Luật", "Công nghệ thông tin", "Quản trị kinh doanh"],
    },
    "veteran": {
        "birth": (1965, 1975), "party": 1.0, "education": [(E.UPPER_SECONDARY, 1)],
        "professional": [(P.INTERMEDIATE, 45), (P.BACHELOR, 35), (P.COLLEGE, 20)],
        "theory": [(T.INTERMEDIATE, 80), (T.ELEMENTARY, 20)],
        "fields": ["Chỉ huy tham mưu", "Quản lý nhà nước", "Luật"],
    },
    "official": {
        "birth": (1980, 1998), "party": 0.85, "education": [(E.UPPER_SECONDARY, 1)],
        "professional": [(P.BACHELOR, 80), (P.COLLEGE, 14), (P.MASTER, 6)],
        "theory": [(T.INTERMEDIATE, 40), (T.ELEMENTARY, 50), (T.NONE, 10)],
        "fields": ["Luật", "Quản lý đất đai", "Kế toán", "Văn hóa học", "Công tác xã hội", "Hành chính học",
                   "Công nghệ thông tin", "Kinh tế"],
    },
    "province": {
        "birth": (1972, 1994), "party": 1.0, "education": [(E.UPPER_SECONDARY, 1)],
        "professional": [(P.BACHELOR, 60), (P.MASTER, 35), (P.DOCTOR, 5)],
        "theory": [(T.ADVANCED, 60), (T.BACHELOR, 15), (T.INTERMEDIATE, 25)],
        "fields": ["Chính trị học", "Xây dựng Đảng và chính quyền nhà nước", "Dân tộc học", "Luật", "Báo chí"],
    },
    "cell": {
        "birth": (1965, 1990), "party": 1.0, "education": [(E.UPPER_SECONDARY, 60), (E.LOWER_SECONDARY, 40)],
        "professional": [(P.NONE, 40), (P.ELEMENTARY, 25), (P.INTERMEDIATE, 30), (P.BACHELOR, 5)],
        "theory": [(T.ELEMENTARY, 70), (T.INTERMEDIATE, 30)],
        "fields": ["Nông học", "Sư phạm tiểu học", "Y sĩ", "Chăn nuôi thú y", "Lâm sinh", "Quản lý nhà nước"],
    },
    "village_head": {
        "birth": (1965, 1995), "party": 0.75,
        "education": [(E.UPPER_SECONDARY, 50), (E.LOWER_SECONDARY, 40), (E.PRIMARY, 10)],
        "professional": [(P.NONE, 60), (P.ELEMENTARY, 25), (P.INTERMEDIATE, 15)],
        "theory": [(T.ELEMENTARY, 55), (T.NONE, 45)],
        "fields": ["Nông học", "Trồng trọt", "Chăn nuôi thú y", "Lâm sinh"],
    },
    "village": {
        "birth": (1965, 2000), "party": 0.4,
        "education": [(E.UPPER_SECONDARY, 45), (E.LOWER_SECONDARY, 45), (E.PRIMARY, 10)],
        "professional": [(P.NONE, 65), (P.ELEMENTARY, 25), (P.INTERMEDIATE, 10)],
        "theory": [(T.NONE, 65), (T.ELEMENTARY, 35)],
        "fields": ["Nông học", "Trồng trọt", "Y sĩ", "Sư phạm mầm non", "Chăn nuôi thú y"],
    },
    "village_veteran": {
        "birth": (1965, 1978), "party": 0.9,
        "education": [(E.UPPER_SECONDARY, 60), (E.LOWER_SECONDARY, 40)],
        "professional": [(P.NONE, 50), (P.ELEMENTARY, 30), (P.INTERMEDIATE, 20)],
        "theory": [(T.ELEMENTARY, 80), (T.NONE, 20)],
        "fields": ["Chỉ huy tham mưu", "Nông học"],
    },
    "village_youth": {
        "birth": (1992, 2000), "party": 0.5, "education": [(E.UPPER_SECONDARY, 1)],
        "professional": [(P.NONE, 40), (P.ELEMENTARY, 20), (P.INTERMEDIATE, 25), (P.COLLEGE, 15)],
        "theory": [(T.ELEMENTARY, 60), (T.NONE, 40)],
        "fields": ["Công nghệ thông tin", "Nông học", "Sư phạm tiểu học", "Điện dân dụng"],
    },
    "elder": {
        "birth": (1965, 1972), "party": 0.6,
        "education": [(E.LOWER_SECONDARY, 50), (E.PRIMARY, 35), (E.UPPER_SECONDARY, 15)],
        "professional": [(P.NONE, 85), (P.ELEMENTARY, 15)],
        "theory": [(T.NONE, 60), (T.ELEMENTARY, 40)],
        "fields": ["Nông học"],
    },
}  # fmt: skip

# --- posts -----------------------------------------------------------------------------
# key, title, detail ({u}: the commune, lower-case first), profile, gender, organisation, position in it
COMMUNE_POSTS = [
    ("bi_thu", Title.PARTY_SECRETARY, "Bí thư Đảng ủy {u}", "leader", None, None, ""),
    ("pbt_tt", Title.STANDING_DEPUTY_SECRETARY, "Phó Bí thư thường trực Đảng ủy {u}", "leader", None, None, ""),
    ("ct_ubnd", Title.PEOPLES_COMMITTEE_CHAIR, "Chủ tịch Ủy ban nhân dân {u}", "leader", None, None, ""),
    ("ct_mttq", Title.FRONT_CHAIR, "Chủ tịch Ủy ban MTTQ Việt Nam {u}", "leader", None, OrgKind.FRONT, "Chủ tịch"),
    ("pct_ubnd", Title.PEOPLES_COMMITTEE_VICE_CHAIR, "Phó Chủ tịch Ủy ban nhân dân {u}", "leader", None, None, ""),
    ("tb_xdd", Title.PARTY_BUILDING_HEAD, "Trưởng ban Xây dựng Đảng {u}", "leader", None, None, ""),
    ("pct_mttq", Title.FRONT_VICE_CHAIR, "Phó Chủ tịch Ủy ban MTTQ Việt Nam {u}", "head", None, OrgKind.FRONT,
     "Phó Chủ tịch"),
    ("ct_hnd", Title.FARMERS_CHAIR, "Chủ tịch Hội Nông dân {u}", "head", None, OrgKind.FARMERS, "Chủ tịch"),
    ("ct_hlhpn", Title.WOMEN_CHAIR, "Chủ tịch Hội Liên hiệp Phụ nữ {u}", "head", Gender.FEMALE, OrgKind.WOMEN,
     "Chủ tịch"),
    ("bt_doan", Title.YOUTH_SECRETARY, "Bí thư Đoàn Thanh niên {u}", "youth", None, OrgKind.YOUTH, "Bí thư"),
    ("ct_hccb", Title.VETERANS_CHAIR, "Chủ tịch Hội Cựu chiến binh {u}", "veteran", Gender.MALE, OrgKind.VETERANS,
     "Chủ tịch"),
    ("ct_cd", Title.UNION_CHAIR, "Chủ tịch Công đoàn {u}", "head", None, OrgKind.TRADE_UNION, "Chủ tịch"),
    ("cong_an", Title.OTHER, "Trưởng Công an {u}", "official", Gender.MALE, None, ""),
    ("quan_su", Title.OTHER, "Chỉ huy trưởng Ban Chỉ huy quân sự {u}", "official", Gender.MALE, None, ""),
    ("cc_vhxh", Title.CIVIL_SERVANT, "Công chức Phòng Văn hóa - Xã hội {u}", "official", None, None, ""),
    ("cv_vpdu", Title.CIVIL_SERVANT, "Chuyên viên Văn phòng Đảng ủy {u}", "official", None, None, ""),
    ("cc_vp", Title.CIVIL_SERVANT, "Công chức Văn phòng HĐND và UBND {u}", "official", None, None, ""),
    ("cc_kt", Title.CIVIL_SERVANT, "Công chức Phòng Kinh tế {u}", "official", None, None, ""),
    ("cc_tp", Title.CIVIL_SERVANT, "Công chức Tư pháp - Hộ tịch {u}", "official", None, None, ""),
]  # fmt: skip
BLOCK_ORDER = [
    "pct_ubnd", "pct_mttq", "ct_hnd", "ct_hlhpn", "bt_doan", "ct_hccb", "ct_cd", "cong_an", "quan_su",
    "cc_vhxh", "cv_vpdu", "cc_vp", "cc_kt", "cc_tp",
]  # fmt: skip
# Demo users that are cadres of the area: commune code, post key, name, gender, ethnicity.
COMMUNE_PEOPLE = {
    ("23575", "pct_mttq"): ("canbo.pleiku", "Rơ Châm H'Bút", Gender.FEMALE, GIA_RAI),
    ("23586", "ct_mttq"): ("canbo.hoiphu", "Lê Văn Dũng", Gender.MALE, KINH),
}
# key: title, detail ({v}: the village), profile, gender, organisation, position in it
VILLAGE_MEMBER_POSTS = {
    "phu_nu": (Title.BRANCH_HEAD, "Chi hội trưởng Chi hội Phụ nữ {v}", "village", Gender.FEMALE, OrgKind.WOMEN,
               "Chi hội trưởng"),
    "nong_dan": (Title.BRANCH_HEAD, "Chi hội trưởng Chi hội Nông dân {v}", "village", None, OrgKind.FARMERS,
                 "Chi hội trưởng"),
    "ccb": (Title.BRANCH_HEAD, "Chi hội trưởng Chi hội Cựu chiến binh {v}", "village_veteran", Gender.MALE,
            OrgKind.VETERANS, "Chi hội trưởng"),
    "uy_tin": (Title.RESPECTED_RESIDENT, "Người có uy tín {v}", "elder", Gender.MALE, None, ""),
    "chi_doan": (Title.OTHER, "Bí thư Chi đoàn {v}", "village_youth", None, OrgKind.YOUTH, "Bí thư Chi đoàn"),
}  # fmt: skip
PROVINCE_STAFF = [
    # name, gender, ethnicity, title, detail, demo user
    ("Phạm Thị Tố Hải", Gender.FEMALE, KINH, Title.PROPAGANDA_MOBILISATION_HEAD,
     "Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy Gia Lai", "lanhdao.gialai"),
    ("Rơ Lan Thuk", Gender.MALE, GIA_RAI, Title.PROPAGANDA_MOBILISATION_DEPUTY,
     "Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy Gia Lai", ""),
    ("Nguyễn Quang Huy", Gender.MALE, KINH, Title.PROPAGANDA_MOBILISATION_DEPUTY,
     "Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy Gia Lai", ""),
    ("Trần Thị Bích Ngọc", Gender.FEMALE, KINH, Title.SPECIALIST,
     "Chuyên viên Phòng Dân vận, Ban Tuyên giáo và Dân vận Tỉnh ủy", "quantri.gialai"),
    ("Đinh Văn Blút", Gender.MALE, BA_NA, Title.SPECIALIST,
     "Chuyên viên Phòng Dân vận, Ban Tuyên giáo và Dân vận Tỉnh ủy", ""),
    ("Siu H'Nguyên", Gender.FEMALE, GIA_RAI, Title.SPECIALIST,
     "Chuyên viên Phòng Dân tộc, Tôn giáo, Ban Tuyên giáo và Dân vận Tỉnh ủy", ""),
    ("Lê Thị Thu Hà", Gender.FEMALE, KINH, Title.SPECIALIST,
     "Chuyên viên Phòng Dân vận, Ban Tuyên giáo và Dân vận Tỉnh ủy", ""),
]  # fmt: skip
ORG_NAMES = {
    OrgKind.FRONT: "Ủy ban Mặt trận Tổ quốc Việt Nam {u}",
    OrgKind.FARMERS: "Hội Nông dân {u}",
    OrgKind.WOMEN: "Hội Liên hiệp Phụ nữ {u}",
    OrgKind.YOUTH: "Đoàn Thanh niên Cộng sản Hồ Chí Minh {u}",
    OrgKind.VETERANS: "Hội Cựu chiến binh {u}",
    OrgKind.TRADE_UNION: "Công đoàn {u}",
}

# --- field days ----------------------------------------------------------------------

PURPOSES = [
    "Nắm tình hình đời sống, sản xuất của bà con",
    "Dự sinh hoạt chi bộ, góp ý công tác dân vận ở cơ sở",
    "Vận động nhân dân hiến đất mở rộng đường giao thông nông thôn",
    "Tuyên truyền phòng, chống lừa đảo qua mạng và tin giả",
    "Đối thoại với người dân về bồi thường, giải phóng mặt bằng",
    "Kiểm tra mô hình “Dân vận khéo” phát triển cà phê bền vững",
    "Vận động đồng bào bỏ tập tục lạc hậu, không tảo hôn",
    "Hướng dẫn hộ nghèo, cận nghèo làm hồ sơ vay vốn",
    "Thăm hỏi gia đình chính sách, hộ có hoàn cảnh khó khăn",
    "Vận động tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện",
    "Dự họp dân bàn xây dựng nhà văn hóa thôn",
    "Tuyên truyền phòng, chống dịch tả lợn châu Phi",
    "Vận động thực hiện phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”",
    "Gặp gỡ người có uy tín, chức sắc tôn giáo trên địa bàn",
    "Hướng dẫn thực hiện dân chủ ở cơ sở, công khai các khoản đóng góp",
]
ISSUES = [
    "Đường liên thôn xuống cấp, mùa mưa lầy lội",
    "Giá cà phê, hồ tiêu biến động, bà con lo đầu ra",
    "Thiếu nước tưới cho cây trồng mùa khô",
    "Một số hộ chưa được cấp giấy chứng nhận quyền sử dụng đất",
    "Đề nghị sửa chữa đèn chiếu sáng công cộng",
    "Rác thải chưa được thu gom thường xuyên",
    "Học sinh đi học qua cầu tràn, nguy hiểm mùa mưa",
    "Đề nghị hỗ trợ giống, phân bón cho hộ nghèo",
    "Người dân phản ánh có đối tượng cho vay nặng lãi",
    "Chậm chi trả tiền bồi thường đất làm đường",
    "Đề nghị mở lớp dạy nghề cho thanh niên",
    "Xe tải chở nông sản làm hư hỏng đường thôn",
    "Đề nghị hướng dẫn thủ tục hành chính trên môi trường điện tử",
    "Sóng điện thoại yếu, khó tra cứu thông tin",
]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _lower_first(text):
    return text[:1].lower() + text[1:]


def _random_day(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _month_back(year, month, back):
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu về đội ngũ cán bộ dân vận của 9 xã, phường quanh phường Pleiku (Gia Lai): "
        "khối dân vận, tổ dân vận, chức vụ, tổ chức, bồi dưỡng và ngày công tác cơ sở (chạy lại không nhân đôi)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        codes = [code for code, _m, _s in AREA]
        units = {u.code: u for u in Unit.objects.filter(code__in=[PROVINCE_CODE, *codes])}
        missing = [code for code in [PROVINCE_CODE, *codes] if code not in units]
        if missing:
            raise CommandError(
                "Chưa có đơn vị %s; chạy “manage.py seed_demo” (hoặc “load_units”) trước." % ", ".join(missing)
            )
        area = Q()
        for code in codes:
            area |= Q(unit__path__startswith=units[code].path)
        if Cadre.objects.filter(area).exists() or Team.objects.filter(area).exists():
            self.stdout.write("Cán bộ mẫu quanh phường Pleiku đã có; không thêm gì.")
            return
        with transaction.atomic():
            figures = Builder(units, timezone.localdate()).build()
        self.stdout.write(
            self.style.SUCCESS(
                "Cán bộ mẫu quanh phường Pleiku: {cadres} cán bộ, {blocks} khối dân vận ({block_members} thành viên), "
                "{teams} tổ dân vận ({team_members} thành viên), {villages_without} thôn, tổ dân phố chưa có tổ dân vận, "
                "{courses} lớp bồi dưỡng, {field_days} ngày công tác cơ sở".format(**figures)
                + f" ({time.monotonic() - started:.1f} giây)."
            )
        )


class Builder:
    def __init__(self, units, today):
        self.rng = Random(SEED)  # noqa: S311 -- demo data, not secrets
        self.today = today
        self.province = units[PROVINCE_CODE]
        self.communes = [(units[code], minority, size) for code, minority, size in AREA]
        self.cadres = []  # unsaved Cadre objects, in creation order
        self.posts = []  # (cadre, unit, title, detail, start, end)
        self.org_seats = []  # (cadre, unit, org kind, position, start)
        self.blocks = []  # (commune, team, [(cadre, role, start)])
        self.teams = []  # (village, team, [(cadre, role, start, end, reason)])
        self.kind_of = {}  # id(cadre) -> "commune" | "province" | "village"
        self.recent = set()  # id(cadre) of cadres who started after the review date
        self.names = set()
        self.users = {
            u.username: u
            for u in User.objects.filter(
                username__in=["canbo.pleiku", "canbo.hoiphu", "tdv.pleiku", "lanhdao.gialai", "quantri.gialai"],
                cadre__isnull=True,
            )
        }
        self.review_day = today - datetime.timedelta(days=182)

    # --- people ------------------------------------------------------------------------

    def person(self, unit, profile, mix, *, gender=None, female=0.3, name="", ethnicity="", started_on=None, kind=""):
        rng, spec = self.rng, PROFILES[profile]
        gender = gender or (Gender.FEMALE if rng.random() < female else Gender.MALE)
        ethnicity = ethnicity or _pick(rng, mix)
        if not name:
            for _attempt in range(30):
                name = _name(rng, ethnicity, gender)
                if name not in self.names:
                    break
        self.names.add(name)
        birth = rng.randint(*spec["birth"])
        party = rng.random() < spec["party"]
        theory = _pick(rng, spec["theory"])
        if not party and theory != TheoryLevel.NONE:
            theory = TheoryLevel.ELEMENTARY if rng.random() < 0.3 else TheoryLevel.NONE
        professional = _pick(rng, spec["professional"])
        field = ""
        if professional not in (ProfessionalLevel.NONE, ProfessionalLevel.ELEMENTARY):
            field = rng.choice(spec["fields"])
        joined = None
        if party:
            year = min(birth + rng.randint(20, 30), self.today.year - 1)
            joined = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        if started_on is None:
            first = birth + rng.randint(21, 28)
            started_on = datetime.date(min(first, 2022), rng.randint(1, 12), 1)
        religion = Religion.NONE
        if not party or rng.random() < 0.05:
            religion = _pick(rng, RELIGIONS.get(ethnicity, RELIGIONS[KINH]))
        phone = ""
        if rng.random() < 0.8:
            prefix = rng.choice(["32", "34", "35", "36", "38", "39", "86", "96", "97", "98", "91", "94", "88", "79"])
            phone = f"0{prefix}{rng.randint(0, 9999999):07d}"
        full_name = normalize(name)
        cadre = Cadre(
            unit=unit,
            full_name=full_name,
            full_name_folded=fold(full_name),
            gender=gender,
            birth_year=birth,
            ethnicity=ethnicity,
            religion=religion,
            phone=phone,
            education=_pick(rng, spec["education"]),
            professional_level=professional,
            professional_field=field,
            theory_level=theory,
            is_party_member=party,
            party_joined_on=joined,
            started_on=started_on,
        )
        self.cadres.append(cadre)
        self.kind_of[id(cadre)] = kind
        return cadre

    def post(self, cadre, unit, title, detail, start, end=None):
        self.posts.append((cadre, unit, title, detail, start, end))

    @staticmethod
    def mix(minority, share):
        other = BA_NA if minority == GIA_RAI else GIA_RAI
        return [(KINH, 100 - share), (minority, share * 0.85), (other, share * 0.15)]

    # --- the corps ---------------------------------------------------------------------

    def build(self):
        self.build_province()
        villages_of = {}
        for commune, minority, size in self.communes:
            self.build_commune(commune, minority, size)
            villages_of[commune.code] = list(
                Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=commune.path, is_active=True).order_by(
                    "path"
                )
            )
        with_team, without = self.choose_villages(villages_of)
        sizes = self.team_sizes(with_team, villages_of)
        minority_of = {commune.code: minority for commune, minority, _s in self.communes}
        for commune, _m, _s in self.communes:
            for index, village in enumerate(villages_of[commune.code]):
                if village.pk in with_team:
                    self.build_team(commune, village, minority_of[commune.code], index, sizes[village.pk])
        self.save_corps()
        courses = self.build_training()
        field_days = self.build_field_days(villages_of)
        self.build_review()
        return {
            "cadres": len(self.cadres),
            "blocks": len(self.blocks),
            "block_members": sum(len(seats) for _c, _t, seats in self.blocks),
            "teams": len(self.teams),
            "team_members": sum(1 for _v, _t, seats in self.teams for seat in seats if seat[3] is None),
            "villages_without": len(without),
            "courses": courses,
            "field_days": field_days,
        }

    def build_province(self):
        rng = self.rng
        for name, gender, ethnicity, title, detail, username in PROVINCE_STAFF:
            cadre = self.person(
                self.province, "province", [], gender=gender, name=name, ethnicity=ethnicity, kind="province"
            )
            cadre.user = self.users.get(username)
            start = (
                datetime.date(2025, 3, 1) if title != Title.SPECIALIST else datetime.date(rng.randint(2012, 2022), 8, 1)
            )
            self.post(cadre, self.province, title, detail, start)

    def build_commune(self, commune, minority, size):
        rng = self.rng
        u = _lower_first(commune.name)
        share = 25 if commune.division_type == "phường" else 50
        mix = self.mix(minority, share)
        people = {}
        for key, title, detail, profile, gender, org_kind, position in COMMUNE_POSTS:
            user, name, fixed_gender, ethnicity = COMMUNE_PEOPLE.get((commune.code, key), ("", "", None, ""))
            female = 0.15 if profile == "leader" else 0.35
            cadre = self.person(
                commune,
                profile,
                mix,
                gender=fixed_gender or gender,
                female=female,
                name=name,
                ethnicity=ethnicity,
                kind="commune",
            )
            cadre.user = self.users.get(user)
            people[key] = cadre
            self.post(cadre, commune, title, detail.format(u=u), MERGER)
            if key == "bi_thu":
                self.post(cadre, commune, Title.PEOPLES_COUNCIL_CHAIR, f"Chủ tịch Hội đồng nhân dân {u}", MERGER)
            if org_kind:
                self.org_seats.append((cadre, commune, org_kind, position, MERGER))
        established = datetime.date(2025, 8, rng.randint(4, 28))
        team = Team(
            unit=commune,
            kind=TeamKind.BLOCK,
            name=services.team_default_name(commune),
            established_on=established,
            decision=f"Quyết định số {rng.randint(18, 64)}-QĐ/ĐU ngày {established:%d/%m/%Y} "
            f"của Ban Thường vụ Đảng ủy {u}",
        )
        if commune.code == HEAD_TITLE_DEFECT:
            # Set up before the rules were applied: the Party-building head leads, the standing deputy sits in.
            order = [("tb_xdd", TeamRole.HEAD), ("ct_mttq", TeamRole.DEPUTY), ("pbt_tt", TeamRole.MEMBER)]
        else:
            order = [("pbt_tt", TeamRole.HEAD), ("ct_mttq", TeamRole.DEPUTY)]
        order += [(key, TeamRole.MEMBER) for key in BLOCK_ORDER]
        seats = [(people[key], role, established) for key, role in order[:size]]
        self.blocks.append((commune, team, seats))

    def choose_villages(self, villages_of):
        total = sum(len(v) for v in villages_of.values())
        spare = max(0, total - TEAMS)
        left_out = set()
        taken = defaultdict(int)
        order = [code for code in NO_TEAM_ORDER if villages_of.get(code)]
        while spare and order:
            for code in list(order):
                if not spare:
                    break
                villages = villages_of[code]
                taken[code] += 1
                if taken[code] >= len(villages) - 4:  # keep most villages of a commune with a team
                    order.remove(code)
                left_out.add(villages[-taken[code]].pk)
                spare -= 1
        with_team = {v.pk for vs in villages_of.values() for v in vs if v.pk not in left_out}
        return with_team, left_out

    def special(self, commune, index):
        if (commune.code, index) == VACANCY_AT:
            return "vacancy"
        if (commune.code, index) == UNDERSIZED_AT:
            return "undersized"
        return ""

    def team_sizes(self, with_team, villages_of):
        """Live members per team: 2 for the undersized team, otherwise 3–6, adding up to TEAM_MEMBERS."""
        rng = self.rng
        sizes, free = {}, []
        for commune, _m, _s in self.communes:
            for index, village in enumerate(villages_of[commune.code]):
                if village.pk not in with_team:
                    continue
                special = self.special(commune, index)
                if special == "undersized":
                    sizes[village.pk] = 2
                elif special == "vacancy":
                    sizes[village.pk] = 4
                else:
                    sizes[village.pk] = rng.choice([4, 4, 5, 5, 5, 6, 3])
                    free.append(village.pk)
        target = round(TEAM_MEMBERS * len(with_team) / TEAMS)
        total = sum(sizes.values())
        while free and total != target:
            pk = rng.choice(free)
            if total < target and sizes[pk] < 6:
                sizes[pk] += 1
                total += 1
            elif total > target and sizes[pk] > 3:
                sizes[pk] -= 1
                total -= 1
        return sizes

    def build_team(self, commune, village, minority, index, size):
        rng, today = self.rng, self.today
        v = _lower_first(village.name)
        u = _lower_first(commune.name)
        if village.division_type == "làng":
            mix = [(minority, 85), (KINH, 10), (BA_NA if minority == GIA_RAI else GIA_RAI, 5)]
        elif village.division_type == "tổ dân phố":
            mix = self.mix(minority, 28)
        else:
            mix = self.mix(minority, 45)
        established = datetime.date(2025, rng.choice([9, 10]), rng.randint(1, 28))
        team = Team(
            unit=village,
            kind=TeamKind.TEAM,
            name=services.team_default_name(village),
            established_on=established,
            decision=f"Quyết định số {rng.randint(65, 240)}-QĐ/ĐU ngày {established:%d/%m/%Y} của Đảng ủy {u}",
        )
        special = self.special(commune, index)
        third = "uy_tin" if village.division_type == "làng" else "ccb"
        member_keys = ["phu_nu", "nong_dan", third, "chi_doan"]
        seats = []

        def village_person(profile, **extra):
            return self.person(village, profile, mix, kind="village", **extra)

        def career_start(cadre):
            low = max(datetime.date(2008, 1, 1), datetime.date(cadre.birth_year + 20, 1, 1))
            return _random_day(rng, low, max(low, datetime.date(2024, 6, 30)))

        # Head: the Party cell secretary of the village.
        extra = {}
        if commune.code == "23575" and index == 0:
            extra = {"name": "Ksor Y Phun", "gender": Gender.MALE, "ethnicity": GIA_RAI}
        head = village_person("cell", female=0.2, **extra)
        head.started_on = career_start(head)
        if extra:
            head.user = self.users.get("tdv.pleiku")
        term = max(head.started_on, datetime.date(2025, rng.randint(3, 5), rng.randint(1, 28)))
        if special == "vacancy":
            left = today - datetime.timedelta(days=VACANCY_DAYS_AGO)
            head.left_on = left
            self.post(head, village, Title.CELL_SECRETARY, f"Bí thư Chi bộ {v}", term, left)
            seats.append((head, TeamRole.HEAD, established, left, "Chuyển công tác"))
        else:
            self.post(head, village, Title.CELL_SECRETARY, f"Bí thư Chi bộ {v}", term)
            seats.append((head, TeamRole.HEAD, established, None, ""))
        live = 0 if special == "vacancy" else 1

        # Deputies: the village head and the head of the Front work committee.
        head_label = "Tổ trưởng" if village.division_type == "tổ dân phố" else "Trưởng"
        deputies = [
            (Title.VILLAGE_HEAD, f"{head_label} {v}", "village_head", None, ""),
            (Title.FRONT_COMMITTEE_HEAD, f"Trưởng ban Công tác Mặt trận {v}", "village", OrgKind.FRONT,
             f"Trưởng ban Công tác Mặt trận {v}"),
        ]  # fmt: skip
        posts = [
            (title, detail, profile, None, org, pos, TeamRole.DEPUTY) for title, detail, profile, org, pos in deputies
        ]
        for key in member_keys:
            title, detail, profile, gender, org, pos = VILLAGE_MEMBER_POSTS[key]
            posts.append((title, detail.format(v=v), profile, gender, org, pos, TeamRole.MEMBER))
        for title, detail, profile, gender, org, position, role in posts[: size - live]:
            recent = role != TeamRole.DEPUTY or title == Title.VILLAGE_HEAD
            if recent and special == "" and rng.random() < (0.15 if commune.code == "23575" else 0.05):
                # Joined after the last review: elected or co-opted in the last few months.
                started = today - datetime.timedelta(days=rng.randint(25, 150))
                cadre = village_person(profile, gender=gender, started_on=started)
                self.recent.add(id(cadre))
                start = seat_start = started
            else:
                cadre = village_person(profile, gender=gender)
                cadre.started_on = career_start(cadre)
                start = max(cadre.started_on, datetime.date(rng.choice([2022, 2023, 2024, 2025]), 3, 1))
                seat_start = established
            self.post(cadre, village, title, detail, start)
            if org:
                self.org_seats.append((cadre, commune, org, position, start))
            seats.append((cadre, role, seat_start, None, ""))
        self.teams.append((village, team, seats))

    # --- writing -----------------------------------------------------------------------

    def save_corps(self):
        for cadre, code in zip(self.cadres, services.next_codes(len(self.cadres)), strict=True):
            cadre.code = code
        self.bulk(Cadre, self.cadres)
        self.bulk(
            Appointment,
            [
                Appointment(cadre=c, unit=unit, title=title, title_detail=detail, start=start, end=end)
                for c, unit, title, detail, start, end in self.posts
            ],
        )
        organisations = [
            Organisation(unit=commune, kind=kind, name=ORG_NAMES[kind].format(u=_lower_first(commune.name)))
            for commune, _m, _s in self.communes
            for kind in OrgKind.values
        ]
        self.bulk(Organisation, organisations)
        org_of = {(o.unit_id, o.kind): o for o in organisations}
        self.bulk(
            OrganisationMembership,
            [
                OrganisationMembership(organisation=org_of[(unit.pk, kind)], cadre=c, position=position, start=start)
                for c, unit, kind, position, start in self.org_seats
            ],
        )
        self.bulk(Team, [team for _c, team, _s in self.blocks] + [team for _v, team, _s in self.teams])
        seats = [
            TeamMembership(team=team, cadre=c, role=role, start=start)
            for _c, team, block_seats in self.blocks
            for c, role, start in block_seats
        ]
        seats += [
            TeamMembership(team=team, cadre=c, role=role, start=start, end=end, end_reason=reason)
            for _v, team, team_seats in self.teams
            for c, role, start, end, reason in team_seats
        ]
        self.bulk(TeamMembership, seats)

    @staticmethod
    def bulk(model, objects):
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        model.history.bulk_history_create(created, default_change_reason=REASON, batch_size=BATCH)
        return created

    # --- training ----------------------------------------------------------------------

    def course_dates(self, year, fraction, days):
        """``days`` consecutive working days: at ``fraction`` of the year, or of the part already past this year."""
        first = datetime.date(year, 1, 1)
        last = datetime.date(year, 12, 31) if year < self.today.year else max(first, self.today - DAY)
        start = first + datetime.timedelta(days=int((last - first).days * fraction))
        while start + datetime.timedelta(days=days - 1) < last and (
            not calendar.is_working_day(start) or start.weekday() + days > 5
        ):
            start += DAY
        end = min(start + datetime.timedelta(days=days - 1), last)
        return min(start, end), end

    def course(self, unit, title, level, fmt, year, fraction, days, hours, venue, topics):
        start, end = self.course_dates(year, fraction, days)
        course = Course(
            unit=unit,
            title=title,
            level=level,
            start=start,
            end=end,
            hours=hours,
            topics="\n".join(topics),
            format=fmt,
            venue=venue,
        )
        course._change_reason = REASON
        course.save()
        return course

    def build_training(self):
        rng, year = self.rng, self.today.year
        pleiku = self.communes[0][0]
        dakdoa = next(c for c, _m, _s in self.communes if c.code == "23677")
        gao = next(c for c, _m, _s in self.communes if c.code == "23611")
        gl = self.province
        # This year.
        key_cadres = self.course(
            gl, f"Cập nhật kiến thức công tác dân vận cho cán bộ chủ chốt cấp xã năm {year}",
            CourseLevel.REFRESHER, CourseFormat.IN_PERSON, year, 0.22, 3, 24,
            "Trường Chính trị tỉnh Gia Lai",
            ["Nghị quyết, chỉ thị mới của Trung ương, của Tỉnh ủy về công tác dân vận",
             "Công tác dân vận trong vận hành chính quyền địa phương hai cấp",
             "Kỹ năng nắm tình hình, dự báo và xử lý điểm nóng ở cơ sở",
             "Phong trào thi đua “Dân vận khéo” giai đoạn mới"],
        )  # fmt: skip
        team_skills = self.course(
            gl, f"Bồi dưỡng kỹ năng dân vận cho tổ dân vận năm {year}",
            CourseLevel.REFRESHER, CourseFormat.BLENDED, year, 0.42, 2, 16,
            "Hội trường Ban Tuyên giáo và Dân vận Tỉnh ủy, kết nối trực tuyến đến các xã, phường",
            ["Chức năng, nhiệm vụ, quy chế hoạt động của tổ dân vận thôn, làng, tổ dân phố",
             "Kỹ năng tuyên truyền, vận động đồng bào dân tộc thiểu số, đồng bào có đạo",
             "Kỹ năng hòa giải ở cơ sở; nắm và phản ánh kịp thời ý kiến Nhân dân",
             "Thực hiện Luật Thực hiện dân chủ ở cơ sở năm 2022"],
        )  # fmt: skip
        pleiku_topic = self.course(
            pleiku, f"Chuyên đề “Dân vận khéo” trong vùng đồng bào dân tộc thiểu số và đồng bào có đạo năm {year}",
            CourseLevel.TOPIC, CourseFormat.IN_PERSON, year, 0.66, 1, 8,
            "Hội trường Đảng ủy phường Pleiku",
            ["Kinh nghiệm xây dựng, nhân rộng mô hình “Dân vận khéo” ở khu dân cư",
             "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số"],
        )  # fmt: skip
        dakdoa_topic = self.course(
            dakdoa, f"Tập huấn kỹ năng tiếp xúc, đối thoại với Nhân dân cho tổ dân vận năm {year}",
            CourseLevel.TOPIC, CourseFormat.IN_PERSON, year, 0.84, 1, 8,
            "Nhà văn hóa xã Đak Đoa",
            ["Kỹ năng tiếp xúc, lắng nghe và trả lời kiến nghị của người dân",
             "Tổ chức đối thoại ở thôn, làng; ghi nhận và chuyển ý kiến lên cấp xã"],
        )  # fmt: skip
        # Last year.
        last = year - 1
        key_last = self.course(
            gl, f"Bồi dưỡng nghiệp vụ công tác dân vận cho cán bộ cấp xã năm {last}",
            CourseLevel.BASIC, CourseFormat.IN_PERSON, last, 0.71, 4, 32,
            "Trường Chính trị tỉnh Gia Lai",
            ["Quan điểm của Đảng về công tác dân vận trong tình hình mới",
             "Nhiệm vụ công tác dân vận của cấp xã sau sắp xếp đơn vị hành chính",
             "Kỹ năng vận động quần chúng, tổ chức đối thoại với Nhân dân"],
        )  # fmt: skip
        teams_last = self.course(
            gl, f"Tập huấn công tác dân vận cho tổ dân vận thôn, làng, tổ dân phố năm {last}",
            CourseLevel.REFRESHER, CourseFormat.ONLINE, last, 0.8, 1, 8,
            "Trực tuyến, điểm cầu tại các xã, phường",
            ["Kiện toàn tổ dân vận sau sắp xếp thôn, tổ dân phố",
             "Nắm tình hình nhân dân và báo cáo định kỳ"],
        )  # fmt: skip
        gao_last = self.course(
            gao, f"Tập huấn thực hiện dân chủ ở cơ sở cho tổ dân vận năm {last}",
            CourseLevel.TOPIC, CourseFormat.IN_PERSON, last, 0.88, 1, 8,
            "Hội trường Ủy ban nhân dân xã Gào",
            ["Những nội dung nhân dân bàn và quyết định",
             "Công khai, minh bạch các khoản đóng góp ở thôn, làng"],
        )  # fmt: skip

        commune_of = {}
        for c, _m, _s in self.communes:
            for cadre in self.cadres:
                if cadre.unit.path.startswith(c.path):
                    commune_of[id(cadre)] = c.code
        rows = []
        seen = set()
        counters = defaultdict(int)

        def attend(course, cadre, trained):
            if (course.pk, cadre.pk) in seen:
                return
            seen.add((course.pk, cadre.pk))
            if trained:
                result = AttendanceResult.PASSED_GOOD if rng.random() < 0.3 else AttendanceResult.PASSED
            elif course.pk == dakdoa_topic.pk:
                result = AttendanceResult.PENDING
            else:
                result = AttendanceResult.ABSENT if rng.random() < 0.7 else AttendanceResult.FAILED
            certificate = ""
            if trained and course.unit_id == gl.pk:
                counters[course.pk] += 1
                certificate = f"{counters[course.pk]:04d}/GCN-BTGDVTU"
            rows.append(
                Attendance(course=course, cadre=cadre, result=result, certificate_no=certificate, year=course.end.year)
            )

        share = {"23575": 0.95, "23701": 0.8, "23714": 0.85}
        for cadre in self.cadres:
            kind, commune = self.kind_of[id(cadre)], commune_of.get(id(cadre), "")
            # Last year: everyone already at work by then, about three in four trained.
            if cadre.started_on and cadre.started_on.year <= last and rng.random() < 0.9:
                course = key_last if kind != "village" else gao_last if commune == "23611" else teams_last
                attend(course, cadre, rng.random() < 0.82)
            # This year: about nine in ten, fewer among those who have just started.
            p = 0.3 if id(cadre) in self.recent else share.get(commune, 0.9)
            if cadre.left_on or (cadre.user_id and kind != "village"):
                p = 1.0
            trained = rng.random() < p
            if kind != "village":
                courses = [key_cadres]
            elif commune == "23575":
                courses = [pleiku_topic] + ([team_skills] if rng.random() < 0.3 else [])
            elif commune == "23677":
                courses = [dakdoa_topic] + ([team_skills] if rng.random() < 0.3 else [])
            else:
                courses = [team_skills]
            if trained or rng.random() < 0.4:
                attend(courses[0], cadre, trained)
                for extra in courses[1:]:
                    attend(extra, cadre, trained)
        self.bulk(Attendance, rows)
        return len({course_pk for course_pk, _cadre_pk in seen})

    # --- field days --------------------------------------------------------------------

    def build_field_days(self, villages_of):
        rng, today = self.rng, self.today
        all_villages = [v for vs in villages_of.values() for v in vs]
        commune_villages = {c.pk: villages_of[c.code] for c, _m, _s in self.communes}
        months = [_month_back(today.year, today.month, back) for back in (3, 2, 1, 0)]
        subjects = [c for c in self.cadres if self.kind_of[id(c)] in ("commune", "province") and not c.left_on]
        rows = []
        for cadre in subjects:
            diligent = cadre.user_id is not None or rng.random() < 0.8
            villages = commune_villages.get(cadre.unit_id) or all_villages
            if not villages:
                continue
            for year, month in months:
                start, end = calendar.month_bounds(year, month)
                working, required = selectors.field_day_requirement(year, month)
                open_days = [
                    start + datetime.timedelta(days=n)
                    for n in range((min(end, today) - start).days + 1)
                    if calendar.is_working_day(start + datetime.timedelta(days=n))
                ]
                if not open_days or not working:
                    continue
                if rng.random() < (0.95 if diligent else 0.3):
                    planned = required + rng.choice([0, 0, 1, 1, 2])
                else:
                    planned = rng.randint(max(0, required - 3), max(0, required - 1))
                if end > today:  # the month is still running
                    planned = round(planned * len(open_days) / working)
                for day in sorted(rng.sample(open_days, min(planned, len(open_days)))):
                    issues = rng.sample(ISSUES, rng.choice([0, 1, 1, 2, 3]))
                    rows.append(
                        FieldDay(
                            cadre=cadre,
                            date=day,
                            village=rng.choice(villages),
                            purpose=rng.choice(PURPOSES),
                            people_met=rng.randint(8, 60),
                            issues_heard="\n".join(issues),
                            created_by=cadre.user,
                        )
                    )
        self.bulk(FieldDay, rows)
        return len(rows)

    # --- review ------------------------------------------------------------------------

    def build_review(self):
        pleiku = self.communes[0][0]
        if self.review_day < MERGER:
            return
        review = Review(
            unit=pleiku,
            on_date=self.review_day,
            figures=selectors.review_figures(pleiku, self.review_day),
            conclusion=(
                "Đội ngũ cán bộ dân vận của phường cơ bản ổn định sau sắp xếp; khối dân vận và các tổ dân vận "
                "hoạt động đều.\nĐề nghị: bồi dưỡng ngay cho cán bộ mới; kiện toàn kịp thời tổ dân vận khi tổ trưởng "
                "chuyển công tác; duy trì nền nếp “4 ngày ở cơ quan, 1 ngày ở cơ sở”."
            ),
            created_by=self.users.get("canbo.pleiku"),
        )
        review._change_reason = REASON
        review.save()

"""Fixed lists of the cadre module, kept as data (codes are stored, labels shown)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from danvan.core.text import fold


class Gender(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")


# The 54 ethnic groups in the order and with the codes of the General Statistics
# Office list (Quyết định 121-TCTK/PPCĐ, 1979): 01 Kinh … 54 Rơ-măm.
ETHNICITY_NAMES = [
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai",
    "Ngái", "Ê-đê", "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
    "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co",
    "Tà-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá",
    "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La",
    "Pu Péo", "Brâu", "Ơ Đu", "Rơ-măm",
]  # fmt: skip
ETHNICITY_CHOICES = [(f"{n:02d}", name) for n, name in enumerate(ETHNICITY_NAMES, start=1)]
KINH = "01"


def _vietnamese(choices):
    """The choices with their Vietnamese labels: spreadsheets are matched in Vietnamese whatever the page's language."""
    with translation.override("vi"):
        return [(code, str(label)) for code, label in choices]


def ethnicity_code(text):
    """The code of an ethnic group from its name or code, tolerant of case, hyphens and diacritics."""
    key = fold(str(text)).replace("-", " ").replace(" ", "")
    if not key:
        return ""
    if key.isdigit() and 1 <= int(key) <= len(ETHNICITY_NAMES):
        return f"{int(key):02d}"
    aliases = {"mong": "08", "hmong": "08", "bana": "13", "jrai": "10", "giarai": "10", "ede": "12", "khmer": "05"}
    for code, name in ETHNICITY_CHOICES:
        if fold(name).replace("-", " ").replace(" ", "") == key:
            return code
    return aliases.get(key, "")


class Religion(models.TextChoices):
    NONE = "khong", _("Không")
    BUDDHISM = "phat_giao", _("Phật giáo")
    CATHOLIC = "cong_giao", _("Công giáo")
    PROTESTANT = "tin_lanh", _("Tin lành")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Phật giáo Hòa Hảo")
    ISLAM = "hoi_giao", _("Hồi giáo")
    OTHER = "khac", _("Tôn giáo khác")


class Education(models.TextChoices):
    """General education completed (giáo dục phổ thông)."""

    PRIMARY = "tieu_hoc", _("Tiểu học")
    LOWER_SECONDARY = "thcs", _("Trung học cơ sở")
    UPPER_SECONDARY = "thpt", _("Trung học phổ thông")


class ProfessionalLevel(models.TextChoices):
    """Highest professional qualification (trình độ chuyên môn)."""

    NONE = "chua_dao_tao", _("Chưa qua đào tạo")
    ELEMENTARY = "so_cap", _("Sơ cấp")
    INTERMEDIATE = "trung_cap", _("Trung cấp")
    COLLEGE = "cao_dang", _("Cao đẳng")
    BACHELOR = "dai_hoc", _("Đại học")
    MASTER = "thac_si", _("Thạc sĩ")
    DOCTOR = "tien_si", _("Tiến sĩ")


class TheoryLevel(models.TextChoices):
    """Political theory (lý luận chính trị)."""

    NONE = "chua_dao_tao", _("Chưa qua đào tạo")
    ELEMENTARY = "so_cap", _("Sơ cấp")
    INTERMEDIATE = "trung_cap", _("Trung cấp")
    ADVANCED = "cao_cap", _("Cao cấp")
    BACHELOR = "cu_nhan", _("Cử nhân")


class Title(models.TextChoices):
    """Posts a dân vận cadre commonly holds; completeness rules name these codes."""

    # Commune Party committee
    PARTY_SECRETARY = "bi_thu_dang_uy", _("Bí thư Đảng ủy")
    STANDING_DEPUTY_SECRETARY = "pho_bi_thu_tt", _("Phó Bí thư thường trực Đảng ủy")
    DEPUTY_SECRETARY = "pho_bi_thu", _("Phó Bí thư Đảng ủy")
    PARTY_BUILDING_HEAD = "truong_ban_xdd", _("Trưởng ban Xây dựng Đảng")
    PARTY_COMMITTEE_MEMBER = "dang_uy_vien", _("Đảng ủy viên")
    # Government
    PEOPLES_COUNCIL_CHAIR = "chu_tich_hdnd", _("Chủ tịch Hội đồng nhân dân")
    PEOPLES_COMMITTEE_CHAIR = "chu_tich_ubnd", _("Chủ tịch Ủy ban nhân dân")
    PEOPLES_COMMITTEE_VICE_CHAIR = "pho_chu_tich_ubnd", _("Phó Chủ tịch Ủy ban nhân dân")
    CIVIL_SERVANT = "cong_chuc", _("Công chức")
    # Fatherland Front and mass organisations
    FRONT_CHAIR = "chu_tich_mttq", _("Chủ tịch Ủy ban MTTQ")
    FRONT_VICE_CHAIR = "pho_chu_tich_mttq", _("Phó Chủ tịch Ủy ban MTTQ")
    FARMERS_CHAIR = "chu_tich_hnd", _("Chủ tịch Hội Nông dân")
    WOMEN_CHAIR = "chu_tich_hlhpn", _("Chủ tịch Hội Liên hiệp Phụ nữ")
    YOUTH_SECRETARY = "bi_thu_doan", _("Bí thư Đoàn Thanh niên")
    VETERANS_CHAIR = "chu_tich_hccb", _("Chủ tịch Hội Cựu chiến binh")
    UNION_CHAIR = "chu_tich_cong_doan", _("Chủ tịch Công đoàn")
    # Province
    PROPAGANDA_MOBILISATION_HEAD = "truong_ban_tgdv", _("Trưởng ban Tuyên giáo và Dân vận")
    PROPAGANDA_MOBILISATION_DEPUTY = "pho_ban_tgdv", _("Phó Trưởng ban Tuyên giáo và Dân vận")
    SPECIALIST = "chuyen_vien", _("Chuyên viên")
    # Village
    CELL_SECRETARY = "bi_thu_chi_bo", _("Bí thư Chi bộ")
    VILLAGE_HEAD = "truong_thon", _("Trưởng thôn, tổ trưởng tổ dân phố")
    FRONT_COMMITTEE_HEAD = "truong_ban_ctmt", _("Trưởng ban công tác Mặt trận")
    BRANCH_HEAD = "chi_hoi_truong", _("Chi hội trưởng")
    RESPECTED_RESIDENT = "nguoi_co_uy_tin", _("Người có uy tín")
    OTHER = "khac", _("Chức danh khác")


def title_code(text):
    """The code of a post from its label or code (diacritics and case ignored)."""
    key = fold(str(text))
    if not key:
        return ""
    for code, label in _vietnamese(Title.choices):
        if key in (code, fold(label)):
            return code
    shorthands = {
        "pho bi thu thuong truc": Title.STANDING_DEPUTY_SECRETARY,
        "chu tich mttq": Title.FRONT_CHAIR,
        "chu tich uy ban mat tran to quoc": Title.FRONT_CHAIR,
        "truong thon": Title.VILLAGE_HEAD,
        "to truong to dan pho": Title.VILLAGE_HEAD,
        "bi thu chi bo": Title.CELL_SECRETARY,
    }
    return shorthands.get(key, "")


class OrgKind(models.TextChoices):
    FRONT = "mttq", _("Mặt trận Tổ quốc")
    FARMERS = "hnd", _("Hội Nông dân")
    WOMEN = "hlhpn", _("Hội Liên hiệp Phụ nữ")
    YOUTH = "doan_tn", _("Đoàn Thanh niên")
    VETERANS = "hccb", _("Hội Cựu chiến binh")
    TRADE_UNION = "cong_doan", _("Công đoàn")


class TeamKind(models.TextChoices):
    BLOCK = "khoi", _("Khối dân vận")
    TEAM = "to", _("Tổ dân vận")


class TeamRole(models.TextChoices):
    HEAD = "truong", _("Trưởng")
    DEPUTY = "pho", _("Phó")
    MEMBER = "thanh_vien", _("Thành viên")


def team_role_code(text):
    key = fold(str(text))
    for code, label in _vietnamese(TeamRole.choices):
        if key in (code, fold(label)):
            return code
    return {"to truong": "truong", "truong khoi": "truong", "to pho": "pho", "pho khoi": "pho", "tv": "thanh_vien"}.get(
        key, ""
    )


class CourseLevel(models.TextChoices):
    BASIC = "co_ban", _("Bồi dưỡng cơ bản")
    REFRESHER = "cap_nhat", _("Cập nhật kiến thức hằng năm")
    ADVANCED = "nang_cao", _("Bồi dưỡng nâng cao")
    TOPIC = "chuyen_de", _("Chuyên đề")


class CourseFormat(models.TextChoices):
    IN_PERSON = "tap_trung", _("Tập trung")
    ONLINE = "truc_tuyen", _("Trực tuyến")
    BLENDED = "ket_hop", _("Kết hợp")


class AttendanceResult(models.TextChoices):
    PENDING = "chua_danh_gia", _("Chưa đánh giá")
    PASSED = "dat", _("Đạt")
    PASSED_GOOD = "kha_gioi", _("Khá, giỏi")
    FAILED = "khong_dat", _("Không đạt")
    ABSENT = "vang", _("Vắng")


# Results that count as "trained" for coverage.
TRAINED_RESULTS = [AttendanceResult.PASSED, AttendanceResult.PASSED_GOOD]


def choice_code(choices, text):
    """The stored code for ``text`` given as code or label of ``choices`` (folded match), or ""."""
    key = fold(str(text))
    if not key:
        return ""
    for code, label in _vietnamese(choices):
        if key in (fold(code), fold(label)):
            return code
    return ""
